import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  MANAGED_LABEL,
  OWNER_LABEL,
  installSignalCleanup,
  managedLabelArgs,
  ownerId,
  removeAllTracked,
  removeLeftovers,
  removeTracked,
  startTracked,
  unlessInterrupted
} from "./chunk-IO3NW777.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";
export {
  MANAGED_LABEL,
  OWNER_LABEL,
  installSignalCleanup,
  managedLabelArgs,
  ownerId,
  removeAllTracked,
  removeLeftovers,
  removeTracked,
  startTracked,
  unlessInterrupted
};
