import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  FINDING_RULES,
  formatFinding
} from "./chunk-WEOXAOMM.js";
import "./chunk-2JER24KG.js";
export {
  FINDING_RULES,
  formatFinding
};
