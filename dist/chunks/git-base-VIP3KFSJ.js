import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  GitBaseError,
  defaultBranch,
  readFilesAtRef
} from "./chunk-ERVCUYQN.js";
import "./chunk-2JER24KG.js";
export {
  GitBaseError,
  defaultBranch,
  readFilesAtRef
};
