/**
 * Where the submission harness (harness/ at the repository root, Python) is on this machine and
 * in the sandbox. The CLI and the action run from src/ (tests, tsx) or from dist/ and
 * dist/chunks/ (the bundle): the folder is found by walking up from this module.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESERVED_ROOT } from '../config/layout.js';

/** Where harness/ is mounted read-only in the sandbox. */
export const HARNESS_MOUNT = `${RESERVED_ROOT}/harness`;

/**
 * The command every harnessed run gets instead of container.command. -I: the submission's folder
 * is not put on sys.path by Python and PYTHON* variables are ignored (the harness adds the
 * working folder itself, as crunch-cli does); -u: nothing the submission printed is lost in a
 * buffer when it ends abruptly.
 */
export const HARNESS_COMMAND = ['python3', '-I', '-u', `${HARNESS_MOUNT}/run.py`];

let found: string | undefined;

export function harnessDir(): string {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'harness');
    if (existsSync(path.join(candidate, 'run.py'))) {
      found = candidate;
      return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(
    'the submission harness (harness/run.py) is not next to this installation of Holdout: reinstall it, or run from the repository',
  );
}
