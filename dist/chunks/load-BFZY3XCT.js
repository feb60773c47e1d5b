import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  CONFIG_FILE,
  loadCompetition,
  parseCompetition,
  resolveFromCompetition
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
import {
  ConfigError
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";
export {
  CONFIG_FILE,
  ConfigError,
  loadCompetition,
  parseCompetition,
  resolveFromCompetition
};
