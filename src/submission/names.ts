/**
 * Checks one path inside a submission (a zip entry name or a file found in a folder)
 * and normalizes it. Pure: no file system access.
 *
 * The checks are the classic archive attacks: absolute paths, drive letters and
 * backslashes (which Windows tools read as separators), ".." segments that climb out
 * of the target folder, and control characters that would corrupt logs and reports.
 * Names the file system cannot create, or that cost more to handle than any real
 * submission needs, are refused too: a name part over 255 bytes (NAME_MAX), a path over
 * 1024 bytes, or more than 64 nested folders (a zip can hold names thousands of folders
 * deep, and each level costs work and a system call).
 */
import { problem, type Problem } from './problems.js';

export type CheckedName =
  /** A usable relative path with "/" separators, no "." or empty segments, no trailing "/". */
  | { ok: true; path: string; endsWithSlash: boolean }
  /** The name denotes the submission root itself (e.g. "./"): nothing to create. */
  | { ok: true; path: ''; endsWithSlash: true }
  | { ok: false; problem: Problem };

/** At most this many bytes (UTF-8) in one file or folder name: NAME_MAX on Linux. */
export const MAX_SEGMENT_BYTES = 255;
/** At most this many bytes (UTF-8) in a whole path inside the submission. */
export const MAX_PATH_BYTES = 1024;
/** At most this many folders above any file or folder. */
export const MAX_DEPTH = 64;

// biome-ignore lint/suspicious/noControlCharactersInRegex: a name holding control characters is refused: this finds them
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function checkName(name: string): CheckedName {
  if (CONTROL_CHARACTER.test(name)) return { ok: false, problem: problem.controlCharacter(name) };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, problem: problem.drivePath(name) };
  if (name.includes('\\')) return { ok: false, problem: problem.backslash(name) };
  if (name.startsWith('/')) return { ok: false, problem: problem.absolutePath(name) };
  const segments = name.split('/');
  if (segments.includes('..')) return { ok: false, problem: problem.parentSegment(name) };
  const kept = segments.filter((s) => s !== '' && s !== '.');
  if (kept.length === 0) return { ok: true, path: '', endsWithSlash: true };
  let longest = 0;
  for (const segment of kept) longest = Math.max(longest, Buffer.byteLength(segment, 'utf8'));
  if (longest > MAX_SEGMENT_BYTES)
    return { ok: false, problem: problem.segmentTooLong(name, longest, MAX_SEGMENT_BYTES) };
  if (kept.length - 1 > MAX_DEPTH) return { ok: false, problem: problem.tooDeep(name, kept.length - 1, MAX_DEPTH) };
  const path = kept.join('/');
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > MAX_PATH_BYTES) return { ok: false, problem: problem.pathTooLong(name, bytes, MAX_PATH_BYTES) };
  return { ok: true, path, endsWithSlash: name.endsWith('/') };
}
