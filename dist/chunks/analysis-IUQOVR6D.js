import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  NOTHING_CHANGED,
  analyzePackageRequest
} from "./chunk-7JI4POUY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-HM3TTN2Q.js";
import "./chunk-2JER24KG.js";
export {
  NOTHING_CHANGED,
  analyzePackageRequest
};
