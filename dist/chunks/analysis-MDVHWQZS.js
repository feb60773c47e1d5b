import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  NOTHING_CHANGED,
  analyzePackageRequest
} from "./chunk-PD54675A.js";
import "./chunk-HM3TTN2Q.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";
export {
  NOTHING_CHANGED,
  analyzePackageRequest
};
