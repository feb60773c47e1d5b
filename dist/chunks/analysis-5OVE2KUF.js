import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  analyzePackageRequest
} from "./chunk-6PNRFPKX.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-HM3TTN2Q.js";
import "./chunk-2JER24KG.js";
export {
  analyzePackageRequest
};
