/**
 * Everything that can be wrong with a submission, as a sentence the participant can
 * act on: `text` says what is wrong, `hint` says what to do. Checks collect every
 * problem they find, so a participant fixes them all in one round trip rather than
 * one per pull request.
 */
import { formatBytes } from '../config/units.js';
import { sizedName, type SizedPath } from './push-size.js';

export interface Problem {
  text: string;
  hint: string;
}

/** The submission was refused: the participant's fault (status "failed"). */
export interface StagingRefusal {
  ok: false;
  reason: 'invalid_submission';
  message: string;
  hint: string;
  problems: string[];
}

/**
 * What staging (staging.ts) ends in: the files written, or the refusal. Declared here, beside
 * the refusal, so that the modules staging.ts calls (staging-dir.ts, staging-zip.ts, copy.ts)
 * never import staging.ts back.
 */
export type StagingResult =
  | {
      ok: true;
      /** regular files written */
      files: number;
      /** bytes written */
      bytes: number;
      /** Files GitHub would refuse or warn about on push, one sentence each (nothing wrong with the run). */
      warnings: string[];
    }
  | StagingRefusal;

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 20;
/** At most this many problems are spelled out in the one-line message. */
const MAX_IN_MESSAGE = 3;

/**
 * Turn the problems found in `label` (e.g. "submission.zip", "alice/") into a refusal;
 * without a label (the input itself is wrong) the message is the problem alone.
 */
export function refusal(label: string | undefined, problems: Problem[]): StagingRefusal {
  if (problems.length === 0) throw new Error('refusal() needs at least one problem');
  const texts = problems.map((p) => p.text);
  const listed = texts.slice(0, MAX_LISTED);
  if (texts.length > MAX_LISTED) listed.push(`… and ${texts.length - MAX_LISTED} more`);
  const shown = texts.slice(0, MAX_IN_MESSAGE).join('; ');
  const more = texts.length > MAX_IN_MESSAGE ? `; … ${texts.length - MAX_IN_MESSAGE} more` : '';
  const count = texts.length === 1 ? '' : ` (${texts.length} problems)`;
  return {
    ok: false,
    reason: 'invalid_submission',
    message: label === undefined ? `${shown}${more}` : `${label} was refused${count}: ${shown}${more}`,
    hint: [...new Set(problems.map((p) => p.hint))].join(' '),
    problems: listed,
  };
}

const RELATIVE_HINT =
  'Zip the files with paths relative to the submission folder, e.g. `holdout pack DIR` or `cd DIR && zip -r ../submission.zip .`.';
const SHORTEN_HINT =
  'Shorten the name: at most 255 bytes per file or folder name, 1024 bytes per path, and 64 nested folders.';
const REPACK_HINT = 'Re-create the zip from your submission folder with `holdout pack DIR`.';

export const problem = {
  absolutePath: (name: string): Problem => ({ text: `"${name}" is an absolute path`, hint: RELATIVE_HINT }),
  drivePath: (name: string): Problem => ({ text: `"${name}" starts with a drive letter`, hint: RELATIVE_HINT }),
  backslash: (name: string): Problem => ({
    text: `"${name}" contains a backslash (\\)`,
    hint: `Use / between folders in zip entry names. ${REPACK_HINT}`,
  }),
  parentSegment: (name: string): Problem => ({
    text: `"${name}" has a ".." segment that points outside the submission`,
    hint: RELATIVE_HINT,
  }),
  controlCharacter: (name: string): Problem => ({
    text: `${JSON.stringify(name)} has a control character (newline, tab, NUL …) in its name`,
    hint: 'Rename the file using printable characters only.',
  }),
  segmentTooLong: (name: string, bytes: number, max: number): Problem => ({
    text: `"${shortName(name)}" has a file or folder name of ${bytes} bytes (at most ${max})`,
    hint: SHORTEN_HINT,
  }),
  pathTooLong: (name: string, bytes: number, max: number): Problem => ({
    text: `"${shortName(name)}" is a path of ${bytes} bytes (at most ${max})`,
    hint: SHORTEN_HINT,
  }),
  tooDeep: (name: string, depth: number, max: number): Problem => ({
    text: `"${shortName(name)}" is ${depth} folders deep (at most ${max})`,
    hint: SHORTEN_HINT,
  }),
  notUtf8: (name: string, bytes: Buffer): Problem => ({
    text: `"${name}" has a name that is not valid UTF-8 (bytes ${hexBytes(bytes)})`,
    hint: 'Rename the file or folder using UTF-8 characters only (the zip and the container read names as UTF-8).',
  }),
  symlink: (name: string): Problem => ({
    text: `"${name}" is a symbolic link`,
    hint: 'Submissions may hold only regular files and folders: replace each link with a copy of the file it points to (and do not zip with `zip -y`).',
  }),
  special: (name: string, kind: string): Problem => ({
    text: `"${name}" is a ${kind}, not a regular file`,
    hint: 'Submissions may hold only regular files and folders: remove it.',
  }),
  folderMismatch: (name: string): Problem => ({
    text: `"${name}" is marked as a folder but its name does not end with /`,
    hint: REPACK_HINT,
  }),
  encrypted: (name: string): Problem => ({
    text: `"${name}" is encrypted`,
    hint: `Create the zip without a password. ${REPACK_HINT}`,
  }),
  compression: (name: string, method: number): Problem => ({
    text: `"${name}" uses compression method ${method}, which is not supported (only stored and deflate are)`,
    hint: `Use standard (deflate) compression. ${REPACK_HINT}`,
  }),
  duplicate: (name: string): Problem => ({
    text: `"${name}" appears more than once in the zip`,
    hint: REPACK_HINT,
  }),
  fileAndFolder: (name: string): Problem => ({
    text: `"${name}" is both a file and a folder`,
    hint: REPACK_HINT,
  }),
  reserved: (name: string): Problem => ({
    text: `"${name}" at the submission root is reserved: the competition mounts its own "${name}" folder there, which would hide yours`,
    hint: `Rename "${name}" (e.g. to "${name}_files") and update the paths in your code.`,
  }),
  tooManyFiles: (max: number): Problem => ({
    text: `it holds more than ${max} files and folders (submission.max_files)`,
    hint: 'Remove files your code does not need (caches, virtual environments, checkpoints), or ask the organizer to raise submission.max_files.',
  }),
  /**
   * `largest`: the biggest files (as walked, listed, or as a zip declares them), named so
   * the participant knows what to cut; `passedAt`: the file being written when the count
   * passed the limit (a zip whose sizes lie, a file that grew).
   */
  tooLarge: (max: number, largest: readonly SizedPath[] = [], passedAt?: string): Problem => ({
    text:
      `its files add up to more than ${formatBytes(max)} (submission.max_size)` +
      (passedAt !== undefined ? `, passed while writing "${passedAt}"` : '') +
      (largest.length > 0 ? `; the largest: ${largest.map(sizedName).join(', ')}` : ''),
    hint: 'Remove large files your code does not need (the competition mounts its data for you), or ask the organizer to raise submission.max_size.',
  }),
  entryPointIsFolder: (entry: string): Problem => ({
    text: `"${entry}" is a folder, but it must be the file the competition runs`,
    hint: `Put your ${entry} file at the top of the submission.`,
  }),
  /** A folder with submission.zip among other files: the zip is a file like any other there. */
  zipNotAlone: (entry: string, others: readonly string[]): Problem => ({
    text:
      `no ${entry} at the top of the submission, and submission.zip was ignored: a folder is read as its submission.zip only when the zip is alone in it, ` +
      `and this one also holds ${quoteList(others)}`,
    hint: `To submit the zip, leave submission.zip alone in the folder (remove ${others.length === 1 ? 'the other file' : 'the other files'}); to submit the folder's files, put ${entry} at its top and remove submission.zip.`,
  }),
  noEntryPoint: (entry: string, where: EntryPointElsewhere, isZip: boolean): Problem => ({
    text: `no ${entry} at the top of the submission`,
    hint: noEntryPointHint(entry, where, isZip),
  }),
  lfsPointer: (name: string): Problem => ({
    text: `"${name}" is a Git LFS pointer, not the file it stands for (GitHub serves LFS files to the evaluation as their pointers)`,
    hint: 'Git LFS files do not reach the competition: commit the file itself (under 100 MiB), or make it smaller, zip or split it (docs/submissions.md, "Large files and models").',
  }),
  unreadableZip: (detail: string): Problem => ({
    text: `it is not a readable zip file (${detail})`,
    hint: 'Create the zip with `holdout pack DIR` or a standard zip tool, and check that the file was not truncated.',
  }),
  corruptEntry: (name: string, detail: string): Problem => ({
    text: `"${name}" could not be unpacked (${detail})`,
    hint: 'The zip is damaged or was not written by a standard tool. Re-create it with `holdout pack DIR`.',
  }),
  unreadableFile: (name: string, detail: string): Problem => ({
    text: `"${name}" cannot be read (${detail})`,
    hint: 'Make every file in the submission readable, or exclude it (submission.exclude).',
  }),
  symlinkInput: (input: string): Problem => ({
    text: `${input} is a symbolic link`,
    hint: 'Pass the real folder or .zip file, not a link to it.',
  }),
  missingInput: (input: string): Problem => ({
    text: `${input} does not exist`,
    hint: 'Pass the path of your submission folder or of a .zip made from it.',
  }),
  notFolderOrZip: (input: string): Problem => ({
    text: `${input} is neither a folder nor a .zip file`,
    hint: 'Pass your submission folder, or a .zip of its contents (`holdout pack DIR` makes one).',
  }),
};

/** "a", "b" and 2 more: the first few names, quoted. */
function quoteList(names: readonly string[], max = 3): string {
  const quoted = names.slice(0, max).map((n) => `"${shortName(n)}"`);
  if (names.length > max) return `${quoted.join(', ')} and ${names.length - max} more`;
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** At most this many characters of a name are quoted in a message about its length. */
const SHORT_NAME = 60;

/** A name short enough to quote: its first characters and "…" (whole code points). */
export function shortName(name: string): string {
  if (name.length <= SHORT_NAME) return name;
  const head = name.slice(0, SHORT_NAME - 1);
  // Never cut a character written as a surrogate pair in half.
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/** The bytes of a name as hex ("ff fe"), the first 32 at most. */
function hexBytes(bytes: Buffer): string {
  const shown = [...bytes.subarray(0, 32)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 32 ? `${shown} …` : shown;
}

/** Where an entry point was found instead of at the root, to say so in the hint. */
export type EntryPointElsewhere =
  | { kind: 'nowhere' }
  /** The whole submission sits inside one top-level folder that has the entry point. */
  | { kind: 'single-folder'; folder: string }
  | { kind: 'subfolders'; paths: string[] };

function noEntryPointHint(entry: string, where: EntryPointElsewhere, isZip: boolean): string {
  switch (where.kind) {
    case 'nowhere':
      return `Add ${entry} — the file the competition runs — at the top of the submission.`;
    case 'single-folder':
      return isZip
        ? `The zip holds a single folder "${where.folder}/" with ${entry} inside: zip the folder's contents, not the folder (e.g. \`cd ${where.folder} && zip -r ../submission.zip .\`, or \`holdout pack ${where.folder}\`).`
        : `Everything sits in the folder "${where.folder}/": submit that folder itself, so that ${entry} is at the top.`;
    case 'subfolders':
      return `${entry} must sit at the top of the submission, not in a subfolder (found: ${where.paths.slice(0, 3).join(', ')}).`;
  }
}
