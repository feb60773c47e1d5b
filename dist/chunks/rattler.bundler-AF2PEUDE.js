import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  PackageRecord,
  SolvedPackage,
  Version,
  VersionSpec,
  VersionWithSource,
  archNames,
  isArch,
  isNormalizedPackageName,
  isPackageName,
  isPlatform,
  normalizePackageName,
  parsePackageName,
  platformArch,
  platformNames,
  simpleSolve
} from "./chunk-HM3TTN2Q.js";
import "./chunk-2JER24KG.js";
export {
  PackageRecord,
  SolvedPackage,
  Version,
  VersionSpec,
  VersionWithSource,
  archNames,
  isArch,
  isNormalizedPackageName,
  isPackageName,
  isPlatform,
  normalizePackageName,
  parsePackageName,
  platformArch,
  platformNames,
  simpleSolve
};
