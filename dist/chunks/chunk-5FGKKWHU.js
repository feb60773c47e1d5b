import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  RESERVED_ROOT
} from "./chunk-JQKPXPDF.js";

// src/harness/location.ts
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var HARNESS_MOUNT = `${RESERVED_ROOT}/harness`;
var HARNESS_COMMAND = ["python3", "-I", "-u", `${HARNESS_MOUNT}/run.py`];
var found;
function harnessDir() {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "harness");
    if (existsSync(path.join(candidate, "run.py"))) {
      found = candidate;
      return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(
    "the submission harness (harness/run.py) is not next to this installation of Holdout: reinstall it, or run from the repository"
  );
}

export {
  HARNESS_MOUNT,
  HARNESS_COMMAND,
  harnessDir
};
