/**
 * stageSubmission: turn what a participant submitted — a folder or a .zip — into a
 * clean folder the sandbox mounts read-only, or say precisely why it was refused.
 *
 *   const result = await stageSubmission('submissions/alice', stagingDir, rules);
 *
 * A folder whose only entry is a regular file `submission.zip` is that zip (the way
 * participants submit a zip in a pull request): `holdout test submissions/alice` and
 * the competition's CI stage it the same way.
 *   if (!result.ok) → verdict failed/invalid_submission with result.message and result.hint
 *
 * Problems with the submission are returned (the participant's fault); problems on
 * our side (staging folder missing, not empty or not writable, disk full) are thrown.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { problem, refusal, type StageRefusal } from './problems.js';
import type { SubmissionRules } from './rules.js';
import { stageDir } from './stage-dir.js';
import { stageZip } from './stage-zip.js';
import { assertEmptyDir } from './write.js';

export type { StageRefusal } from './problems.js';

export type StageResult =
  | { ok: true; /** regular files written */ files: number; /** bytes written */ bytes: number }
  | StageRefusal;

/**
 * Copy the folder or unpack the .zip at `input` into `target`, an existing empty
 * folder made by the caller. Files are written 0644 and folders 0755.
 */
export async function stageSubmission(input: string, target: string, rules: SubmissionRules): Promise<StageResult> {
  await assertEmptyDir(target);
  const kind = await inputKind(input);
  switch (kind) {
    case 'dir': {
      const zip = await onlyZip(input);
      return zip === undefined ? stageDir(input, target, rules) : stageZip(zip, target, rules);
    }
    case 'zip':
      return stageZip(input, target, rules);
    case 'missing':
      return refusal(undefined, [problem.missingInput(input)]);
    case 'symlink':
      return refusal(undefined, [problem.symlinkInput(input)]);
    case 'other':
      return refusal(undefined, [problem.notFolderOrZip(input)]);
  }
}

export type InputKind = 'dir' | 'zip' | 'missing' | 'symlink' | 'other';

/** What `input` is. The path itself is not followed if it is a link: a submission is real files. */
export async function inputKind(input: string): Promise<InputKind> {
  let stats;
  try {
    // resolve() drops a trailing slash, which would make lstat follow a link.
    stats = await lstat(path.resolve(input));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'dir';
  if (stats.isFile() && input.toLowerCase().endsWith('.zip')) return 'zip';
  return 'other';
}

/** The name of the zip a folder may hold instead of the submission's files. */
export const SUBMISSION_ZIP = 'submission.zip';

/**
 * The path of `dir`/submission.zip when that is the folder's only entry and a regular
 * file (a link is not followed: the folder is then staged as it is, and refused).
 */
export async function onlyZip(dir: string): Promise<string | undefined> {
  // Errors (an unreadable folder) are left to the folder walk, which reports them.
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length !== 1 || entries[0] !== SUBMISSION_ZIP) return undefined;
  const zip = path.join(dir, SUBMISSION_ZIP);
  const stats = await lstat(zip).catch(() => undefined);
  return stats?.isFile() ? zip : undefined;
}
