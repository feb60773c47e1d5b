/**
 * The content hash of a submission (a record's submission_hash): the same files give the same
 * hash whatever the commit, folder order or file times, so the leaderboard and re-score can see
 * that two pull requests submitted the same code.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface HashedFile {
  /** Path relative to the submission folder, with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

/**
 * sha256 over the files sorted by path (code-unit order, the same on every platform), each
 * framed as its path, its length and its bytes, so no two different file sets can be framed
 * into the same byte stream.
 */
export function submissionHash(files: readonly HashedFile[]): string {
  const hash = createHash('sha256').update('holdout-submission-v1\0');
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    hash.update(`${file.path}\0${file.bytes.byteLength}\0`);
    hash.update(file.bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The content hash of a fetched submission folder: regular files only, paths relative with '/'. */
export async function hashSubmissionFolder(dir: string): Promise<string> {
  const files: HashedFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) files.push({ path: child, bytes: await readFile(path.join(dir, child)) });
    }
  };
  await walk('');
  return submissionHash(files);
}
