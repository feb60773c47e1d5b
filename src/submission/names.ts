/**
 * Checks one path inside a submission (a zip entry name or a file found in a folder)
 * and normalizes it. Pure: no file system access.
 *
 * The checks are the classic archive attacks: absolute paths, drive letters and
 * backslashes (which Windows tools read as separators), ".." segments that climb out
 * of the target folder, and control characters that would corrupt logs and reports.
 */
import { problem, type Problem } from './problems.js';

export type CheckedName =
  /** A usable relative path with "/" separators, no "." or empty segments, no trailing "/". */
  | { ok: true; path: string; endsWithSlash: boolean }
  /** The name denotes the submission root itself (e.g. "./"): nothing to create. */
  | { ok: true; path: ''; endsWithSlash: true }
  | { ok: false; problem: Problem };

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function checkName(name: string): CheckedName {
  if (CONTROL_CHARACTER.test(name)) return { ok: false, problem: problem.controlCharacter(name) };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, problem: problem.drivePath(name) };
  if (name.includes('\\')) return { ok: false, problem: problem.backslash(name) };
  if (name.startsWith('/')) return { ok: false, problem: problem.absolutePath(name) };
  const segments = name.split('/');
  if (segments.includes('..')) return { ok: false, problem: problem.parentSegment(name) };
  const path = segments.filter((s) => s !== '' && s !== '.').join('/');
  if (path === '') return { ok: true, path: '', endsWithSlash: true };
  return { ok: true, path, endsWithSlash: name.endsWith('/') };
}
