import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  formatScoreResult,
  run,
  scorerDetailText
} from "./chunk-FS4DL3G7.js";
import "./chunk-ZXJIUPXP.js";
import "./chunk-ZBCEN6L6.js";
import "./chunk-VH6XYX6R.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-ZBWCYUEC.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";
export {
  formatScoreResult,
  run,
  scorerDetailText
};
