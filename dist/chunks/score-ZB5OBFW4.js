import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  formatScoreResult,
  run,
  scorerDetailText
} from "./chunk-SMPC6E7H.js";
import "./chunk-4YXF5IZ3.js";
import "./chunk-A7NWLLFP.js";
import "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";
export {
  formatScoreResult,
  run,
  scorerDetailText
};
