/**
 * Files a pull request cannot carry. A submission reaches the competition as files
 * pushed to GitHub, and GitHub refuses a push holding a file over 100 MiB (and warns
 * about one over 50 MiB), whatever submission.max_size allows. A participant who
 * learns this from `git push` has already built the submission around the file:
 * `holdout test` and `holdout pack` say it first. Warnings, not refusals: a zip may
 * hold a file that is bigger than the limit uncompressed, and organizers may raise
 * max_size for a folder they stage themselves. Pure.
 */
import { formatBytes } from '../config/units.js';

const MiB = 1024 * 1024;
/** GitHub refuses a push that holds a file larger than this. */
export const GITHUB_FILE_LIMIT = 100 * MiB;
/** GitHub warns when a pushed file is larger than this. */
export const GITHUB_FILE_WARNING = 50 * MiB;
/** Where docs/submissions.md says what to do with a large model. */
export const LARGE_FILES_DOC = 'docs/submissions.md, "Large files and models"';
/** At most this many files are named; the rest are counted. */
const MAX_NAMED = 5;

export interface SizedPath {
  path: string;
  size: number;
}

/** The `n` largest non-empty files, largest first (ties by path), for a refusal or a warning to name. */
export function largestFiles(files: Iterable<SizedPath>, n = 3): SizedPath[] {
  return [...files]
    .filter((f) => f.size > 0)
    .sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1))
    .slice(0, n);
}

/** "model.bin (120.00 MiB)": two decimals, as GitHub writes sizes, so 100.4 MiB never reads as 100. */
export function sizedName(f: SizedPath): string {
  const size =
    f.size >= 1024 * MiB
      ? `${(f.size / 1024 / MiB).toFixed(2)} GiB`
      : f.size >= MiB
        ? `${(f.size / MiB).toFixed(2)} MiB`
        : formatBytes(f.size);
  return `${f.path} (${size})`;
}

/**
 * One warning per file over GitHub's limits, the largest first. `files` are what will
 * be pushed: a folder's files, or the submission.zip itself (`isZip`).
 */
export function pushSizeWarnings(files: Iterable<SizedPath>, isZip = false): string[] {
  const sorted = largestFiles(files, Infinity);
  const refused = sorted.filter((f) => f.size > GITHUB_FILE_LIMIT);
  const warned = sorted.filter((f) => f.size > GITHUB_FILE_WARNING && f.size <= GITHUB_FILE_LIMIT);
  const warnings: string[] = [];
  if (refused.length > 0) {
    const it = refused.length === 1 ? 'it' : 'them';
    const fix = isZip
      ? 'make the files in it smaller, or split the largest into parts under 100 MiB'
      : `make ${it} smaller, split ${it} into parts under 100 MiB, or pack the folder into one submission.zip (holdout pack) if that comes out under 100 MiB`;
    warnings.push(
      `${list(refused)} ${refused.length === 1 ? 'is' : 'are'} over 100 MiB: GitHub refuses to push a file that large, so a pull request cannot carry ${it}; ` +
        `${fix} (${LARGE_FILES_DOC})`,
    );
  }
  if (warned.length > 0) {
    warnings.push(
      `${list(warned)} ${warned.length === 1 ? 'is' : 'are'} over 50 MiB: GitHub warns when such a file is pushed (it accepts files up to 100 MiB)`,
    );
  }
  return warnings;
}

function list(files: SizedPath[]): string {
  const named = files.slice(0, MAX_NAMED).map(sizedName).join(', ');
  return files.length > MAX_NAMED ? `${named} and ${files.length - MAX_NAMED} more` : named;
}
