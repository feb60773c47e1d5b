/**
 * Run test/scoring/reference.py (scikit-learn / SciPy) on a batch of cases.
 * Uses the host's Debian python3 when it has scikit-learn, else the base image
 * holdout/base:bookworm (network off, script mounted read-only).
 */
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, 'reference.py');

async function hostHasSklearn(): Promise<boolean> {
  const r = await execa('/usr/bin/python3', ['-c', 'import sklearn, scipy'], { reject: false });
  return r.exitCode === 0;
}

export async function pythonReference(cases: unknown[]): Promise<(number | null)[]> {
  const input = JSON.stringify(cases);
  const result = (await hostHasSklearn())
    ? await execa('/usr/bin/python3', [script], { input })
    : await execa(
        'docker',
        [
          'run',
          '--rm',
          '-i',
          '--network',
          'none',
          '--label',
          'holdout-test=1',
          '-v',
          `${script}:/reference.py:ro`,
          'holdout/base:bookworm',
          'python3',
          '/reference.py',
        ],
        { input },
      );
  return JSON.parse(result.stdout) as (number | null)[];
}
