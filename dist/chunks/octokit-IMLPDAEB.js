import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  createClient,
  httpStatus
} from "./chunk-CDMN7PQF.js";
import "./chunk-2JER24KG.js";
export {
  createClient,
  httpStatus
};
