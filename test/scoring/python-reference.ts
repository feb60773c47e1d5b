/**
 * Run test/scoring/reference.py (scikit-learn / SciPy) on a batch of cases.
 * Uses a local python3 that has scikit-learn and SciPy when there is one (so the
 * cross-checks run in the fast lane too), else the base image holdout/base:bookworm
 * (network off, script mounted read-only). With neither, the cross-checks are skipped,
 * or fail under CI=true, saying what is missing — never a bare "test failed".
 */
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_IMAGE, type EngineOptions, engineMissing, skipOrFail } from '../support/docker.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, 'reference.py');

/** The first python3 that imports scikit-learn and SciPy: PATH's (a venv, macOS), then Debian's. */
async function localPython(): Promise<string | undefined> {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = await execa(python, ['-c', 'import sklearn, scipy'], { reject: false });
    if (r.exitCode === 0) return python;
  }
  return undefined;
}

export type Reference = {
  /** One value per case (null where the reference is undefined); empty when it could not run. */
  values: (number | null)[];
  /** node:test options for the cross-checks: skip or fail with what is missing when it could not run. */
  options: EngineOptions;
};

export async function pythonReference(cases: unknown[]): Promise<Reference> {
  const input = JSON.stringify(cases);
  const python = await localPython();
  if (python) {
    const r = await execa(python, [script], { input });
    return { values: JSON.parse(r.stdout) as (number | null)[], options: {} };
  }
  const noEngine = await engineMissing();
  if (noEngine !== undefined) {
    const why =
      'the scikit-learn reference has nowhere to run: no local python3 with scikit-learn and SciPy ' +
      '(pip install scikit-learn scipy, or apt-get install python3-sklearn python3-scipy) and ' +
      noEngine;
    return { values: [], options: skipOrFail(why) };
  }
  const r = await execa(
    'docker',
    [
      'run',
      '--rm',
      '-i',
      '--pull',
      'never',
      '--network',
      'none',
      '--label',
      'holdout-test=1',
      '-v',
      `${script}:/reference.py:ro`,
      BASE_IMAGE,
      'python3',
      '/reference.py',
    ],
    { input },
  );
  return { values: JSON.parse(r.stdout) as (number | null)[], options: {} };
}
