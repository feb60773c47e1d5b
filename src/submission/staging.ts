/**
 * Staging (see the glossary in CONTRIBUTING.md): stageSubmission turns what a participant
 * submitted — a folder or a .zip — into a clean folder the sandbox mounts read-only, or
 * says precisely why it was refused.
 *
 *   const result = await stageSubmission('submissions/alice', stagingDir, rules);
 *
 * A folder whose only entry is a regular file `submission.zip` is that zip (the way
 * participants submit a zip in a pull request): `holdout test submissions/alice` and
 * the competition's CI stage it the same way. Entries submission.exclude leaves out
 * (.DS_Store, .git) do not count; any other file beside the zip makes the folder a
 * folder, and a missing entry point then says the zip was ignored.
 *   if (!result.ok) → verdict failed/invalid_submission with result.message and result.hint
 *   result.warnings → files GitHub would refuse to push (push-size.ts), to show the participant
 *
 * Problems with the submission are returned (the participant's fault); problems on
 * our side (staging folder missing, not empty or not writable, disk full) are thrown.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { problem, refusal, type StagingResult } from './problems.js';
import { pushSizeWarnings } from './push-size.js';
import { excludeMatcher, SUBMISSION_ZIP, type SubmissionRules } from './rules.js';
import { stageDir } from './staging-dir.js';
import { stageZip } from './staging-zip.js';
import { assertEmptyDir } from './write.js';

export type { StagingRefusal, StagingResult } from './problems.js';

/**
 * Copy the folder or unpack the .zip at `input` into `target`, an existing empty
 * folder made by the caller. Files are written 0644 and folders 0755.
 */
export async function stageSubmission(input: string, target: string, rules: SubmissionRules): Promise<StagingResult> {
  await assertEmptyDir(target);
  const kind = await inputKind(input);
  switch (kind) {
    case 'dir': {
      const zip = await onlyZip(input, rules.exclude);
      return zip === undefined
        ? stageDir(input, target, rules)
        : withZipWarnings(zip, await stageZip(zip, target, rules));
    }
    case 'zip':
      return withZipWarnings(input, await stageZip(input, target, rules));
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
  let stats: Stats;
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

export { SUBMISSION_ZIP } from './rules.js';

/**
 * The path of `dir`/submission.zip when that is the folder's only entry (besides what
 * `exclude` leaves out) and a regular file (a link is not followed: the folder is then
 * staged as it is, and refused).
 */
export async function onlyZip(dir: string, exclude: readonly string[] = []): Promise<string | undefined> {
  // Errors (an unreadable folder) are left to the folder walk, which reports them.
  const excluded = excludeMatcher(exclude);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const kept = entries.filter((e) => !excluded(e.name, e.isDirectory()));
  if (kept.length !== 1 || kept[0]!.name !== SUBMISSION_ZIP) return undefined;
  const zip = path.join(dir, SUBMISSION_ZIP);
  const stats = await lstat(zip).catch(() => undefined);
  return stats?.isFile() ? zip : undefined;
}

/** What GitHub says of the zip itself when it is pushed: the zip, not its contents, is the file. */
async function withZipWarnings(zip: string, result: StagingResult): Promise<StagingResult> {
  if (!result.ok) return result;
  const { size } = await stat(zip);
  return { ...result, warnings: pushSizeWarnings([{ path: path.basename(zip), size }], true) };
}
