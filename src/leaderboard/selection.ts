/**
 * Rule `selected`: each participant lists the submissions they pick for the final ranking in
 * a file of their own folder, submissions/<login>/<selection_file> (default selected.txt), on
 * the default branch — the GitOps form of Kaggle's "select for final score". One head SHA a
 * line (7 to 40 hex digits); `#` starts a comment; anything else on a line is reported.
 *
 * The file is participant-written: it is read with a size bound, only as a regular file
 * (never through a link), and what it lists can only ever pick the participant's OWN
 * submissions (rank.ts matches the SHAs against their records only).
 */
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { stripControls, truncate } from '../report/markdown-escape.js';

/** A selection file bigger than this is not read (50 SHAs and comments fit in far less). */
export const MAX_SELECTION_BYTES = 16 * 1024;

export interface ParsedSelection {
  shas: string[];
  problems: string[];
}

/** The SHAs a selection file lists, in order, and a problem per line that is not one. */
export function parseSelection(text: string): ParsedSelection {
  const shas: string[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const content = line.replace(/#.*$/, '').trim();
    if (content === '') return;
    if (/^[0-9a-fA-F]{7,40}$/.test(content)) shas.push(content.toLowerCase());
    else
      problems.push(
        `line ${i + 1} is not a commit SHA (${truncate(stripControls(content), 60)}); write one head SHA a line, 7 to 40 hex digits`,
      );
  });
  return { shas, problems };
}

/**
 * Reads the selection file of each participant, keyed by participant id. `logins` maps each
 * participant id to their latest login; a folder is matched case-insensitively (GitHub logins
 * are). Missing folders and files are simply no selection.
 */
export async function readSelections(
  submissionsDir: string,
  logins: ReadonlyMap<number, string>,
  fileName: string,
): Promise<{ selections: Map<number, string[]>; notes: string[] }> {
  const selections = new Map<number, string[]>();
  const notes: string[] = [];
  let folders: string[];
  try {
    folders = await readdir(submissionsDir);
  } catch {
    return { selections, notes };
  }
  const folderOf = new Map(folders.map((f) => [f.toLowerCase(), f]));
  for (const [id, login] of logins) {
    const folder = folderOf.get(login.toLowerCase());
    if (!folder) continue;
    const file = path.join(submissionsDir, folder, fileName);
    const shown = `submissions/${folder}/${fileName}`;
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(file);
    } catch {
      continue;
    }
    if (!info.isFile()) {
      notes.push(`${shown} is not a regular file (a link or a folder), so it is ignored; commit a plain text file.`);
      continue;
    }
    if (info.size > MAX_SELECTION_BYTES) {
      notes.push(`${shown} is larger than ${MAX_SELECTION_BYTES} bytes, so it is ignored; list only head SHAs.`);
      continue;
    }
    const handle = await open(file, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(MAX_SELECTION_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_SELECTION_BYTES, 0);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
    const parsed = parseSelection(text);
    for (const problem of parsed.problems) notes.push(`${shown}: ${problem}.`);
    if (parsed.shas.length > 0) selections.set(id, parsed.shas);
  }
  return { selections, notes };
}
