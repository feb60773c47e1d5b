import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  counts,
  exitCodeOf,
  formatFinding,
  formatReport,
  ghCommand,
  ok
} from "./chunk-2HCQX5F4.js";
import "./chunk-2JER24KG.js";
export {
  counts,
  exitCodeOf,
  formatFinding,
  formatReport,
  ghCommand,
  ok
};
