/**
 * Fetch a pull request's submission folder AS DATA, through the API.
 *
 * Nothing is checked out, nothing lands in the workspace, nothing is run: the
 * folder's git tree is listed at the head SHA, checked (no links, no submodules,
 * no odd paths, within the competition's file and byte limits) BEFORE any byte
 * is downloaded, and then each file is written, non-executable, under `destDir`.
 *
 * competition.yml's submission.exclude applies first, as it does for a local
 * folder: excluded files (a .git folder, caches) are neither counted against
 * the limits nor downloaded.
 *
 * Each file is one API request (git/get-blob), so max_files also bounds the
 * requests one evaluation makes; see docs/organizers.md on rate limits.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { excludeMatcher } from '../submission/rules.js';
import { httpStatus, type GitHubClient, type RepoRef } from './octokit.js';

export interface FetchLimits {
  maxFiles: number;
  maxBytes: number;
}

/** The submission itself is unusable: the participant's to fix. */
export class SubmissionFetchError extends Error {
  override name = 'SubmissionFetchError';
}

export interface FetchedSubmission {
  dir: string;
  files: number;
  bytes: number;
}

const SAFE_SEGMENT = /^(?!\.\.?$)[^/\\\0]+$/;

export async function fetchSubmissionFolder(
  client: GitHubClient,
  repo: RepoRef,
  opts: {
    headSha: string;
    folder: string;
    destDir: string;
    limits: FetchLimits;
    /** submission.exclude globs (picomatch, relative to the folder): left out before anything is counted or fetched. */
    exclude?: readonly string[];
  },
): Promise<FetchedSubmission> {
  const { headSha, folder, destDir, limits } = opts;
  const excluded = excludeMatcher(opts.exclude ?? []);
  /** The item, or a folder above it, is excluded (the tree lists every level, unlike a walk that stops at a folder). */
  const leftOut = (p: string, isDir: boolean): boolean => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) if (excluded(parts.slice(0, i).join('/'), true)) return true;
    return excluded(p, isDir);
  };
  const parent = path.posix.dirname(folder);
  const name = path.posix.basename(folder);

  // The folder's tree SHA, from a listing of its parent at the head commit.
  let listing: unknown;
  try {
    ({ data: listing } = await client.rest.repos.getContent({ ...repo, path: parent, ref: headSha }));
  } catch (e) {
    if (httpStatus(e) === 404) throw new SubmissionFetchError(`${parent}/ does not exist at commit ${headSha.slice(0, 7)}: add your files under ${folder}/`);
    throw e;
  }
  const entry = Array.isArray(listing) ? listing.find((e: { name: string }) => e.name === name) : undefined;
  if (!entry) throw new SubmissionFetchError(`${folder}/ does not exist at commit ${headSha.slice(0, 7)}: add your files under ${folder}/`);
  if (entry.type !== 'dir') throw new SubmissionFetchError(`${folder} is not a folder: put your main.py and assets inside ${folder}/`);

  const { data: tree } = await client.rest.git.getTree({ ...repo, tree_sha: entry.sha, recursive: 'true' });
  if (tree.truncated) {
    throw new SubmissionFetchError(`${folder}/ holds too many files for the API to list; pack it as ${folder}/submission.zip (holdout pack)`);
  }

  const blobs: { path: string; sha: string; size: number }[] = [];
  let bytes = 0;
  for (const item of tree.tree) {
    const p = item.path ?? '';
    if (leftOut(p, item.type === 'tree')) continue; // as a local walk would: not counted, not fetched
    const shown = `${folder}/${p}`;
    if (!p.split('/').every((s) => SAFE_SEGMENT.test(s))) throw new SubmissionFetchError(`${shown}: file name not allowed; rename it`);
    if (item.type === 'commit') throw new SubmissionFetchError(`${shown} is a git submodule; submissions must contain the files themselves`);
    if (item.mode === '120000') throw new SubmissionFetchError(`${shown} is a symbolic link; links are not allowed in submissions: copy the file instead`);
    if (item.type !== 'blob') continue; // folders are created as their files are written
    bytes += item.size ?? 0;
    blobs.push({ path: p, sha: item.sha ?? '', size: item.size ?? 0 });
  }
  if (blobs.length > limits.maxFiles) {
    throw new SubmissionFetchError(`${folder}/ holds ${blobs.length} files, more than the ${limits.maxFiles} allowed; remove files or pack them into submission.zip`);
  }
  if (bytes > limits.maxBytes) {
    throw new SubmissionFetchError(`${folder}/ holds ${bytes} bytes, more than the ${limits.maxBytes} allowed; make your model assets smaller`);
  }

  const root = path.resolve(destDir);
  for (const blob of blobs) {
    const target = path.resolve(root, blob.path);
    if (!target.startsWith(root + path.sep)) throw new SubmissionFetchError(`${folder}/${blob.path}: path leaves the submission folder`);
    const { data } = await client.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    const content = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
    if (content.length !== blob.size) throw new Error(`GitHub returned ${content.length} bytes for ${folder}/${blob.path}, expected ${blob.size}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content, { mode: 0o644 });
  }
  return { dir: root, files: blobs.length, bytes };
}
