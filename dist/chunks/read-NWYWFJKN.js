import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  DEFAULT_MAX_ARCHIVE_BYTES,
  DEFAULT_MAX_ARCHIVE_ENTRIES,
  RECORDS_DIR,
  REVEAL_FILE,
  assembleLedger,
  readLedgerFromApi,
  readLedgerFromDir
} from "./chunk-ZQBCEF5P.js";
import "./chunk-2K3E4IZL.js";
import "./chunk-CDMN7PQF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-IMGGS7FH.js";
import "./chunk-2JER24KG.js";
export {
  DEFAULT_MAX_ARCHIVE_BYTES,
  DEFAULT_MAX_ARCHIVE_ENTRIES,
  RECORDS_DIR,
  REVEAL_FILE,
  assembleLedger,
  readLedgerFromApi,
  readLedgerFromDir
};
