import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  SEAL_PAD_BYTES,
  SealError,
  generateKeyPair,
  isWellFormedSeal,
  openScores,
  padPlaintext,
  publicKeyOf,
  publicKeyProblem,
  sealScores
} from "./chunk-GSB6SWAA.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";
export {
  SEAL_PAD_BYTES,
  SealError,
  generateKeyPair,
  isWellFormedSeal,
  openScores,
  padPlaintext,
  publicKeyOf,
  publicKeyProblem,
  sealScores
};
