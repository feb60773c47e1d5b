import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  GitBaseError,
  defaultBranch,
  environmentVersions,
  readFilesAtRef
} from "./chunk-EGREW6YE.js";
import "./chunk-2JER24KG.js";
export {
  GitBaseError,
  defaultBranch,
  environmentVersions,
  readFilesAtRef
};
