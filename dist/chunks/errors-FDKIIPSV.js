import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  LedgerError
} from "./chunk-IMGGS7FH.js";
import "./chunk-2JER24KG.js";
export {
  LedgerError
};
