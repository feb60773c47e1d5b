/**
 * Fetch a pull request's submission folder AS DATA, through the API.
 *
 * Nothing is checked out, nothing lands in the workspace, nothing is run. The
 * folder is found through the git trees API from the head commit (commit → root
 * tree → submissions → <login>, one level at a time: the contents API lists at
 * most 1,000 entries of a folder, so a submissions/ folder with more
 * participants than that would make a folder look missing), then listed
 * recursively and checked against the SAME rules as a local folder (names,
 * lengths, depth, links, file-and-folder count, bytes: src/submission/) BEFORE
 * any byte is downloaded. A name the runner's file system could not even create
 * (a 300-byte name, ENAMETOOLONG) is therefore the participant's
 * invalid_submission with the rule named, never a job that dies. Then each
 * file is written under `destDir`: 0644, or 0755 where git records the blob as
 * executable (100755) — staging keeps that bit on the entry point only, so a
 * `command: ./main` runs as it does from a local folder.
 *
 * A Git LFS file arrives as what git stores: its pointer (a ~130-byte text file
 * "version https://git-lfs.github.com/spec/v1 …"), never the large object; staging
 * then refuses the submission, naming the pointer (src/submission/lfs.ts).
 *
 * competition.yml's submission.exclude applies first, as it does for a local
 * folder: excluded files (a .git folder, caches) are neither counted against
 * the limits nor downloaded.
 *
 * Each file is one API request (git/get-blob), so max_files (300 by default)
 * also bounds the requests one evaluation makes; see docs/organizers.md on
 * rate limits.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkName } from '../submission/names.js';
import { problem, refusal, type Problem } from '../submission/problems.js';
import { largestFiles } from '../submission/push-size.js';
import { excludeMatcher } from '../submission/rules.js';
import { httpStatus, type GitHubClient, type RepoRef } from './octokit.js';

export interface FetchLimits {
  /** Most files and folders, all levels together (submission.max_files). */
  maxFiles: number;
  maxBytes: number;
}

/** The submission itself is unusable: the participant's to fix (invalid_submission). */
export class SubmissionFetchError extends Error {
  override name = 'SubmissionFetchError';
  constructor(
    message: string,
    /** What to do about it. */
    readonly hint = 'Fix the submission folder and push again; `holdout test` checks the same rules locally.',
    /** One line per problem found. */
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

export interface FetchedSubmission {
  dir: string;
  files: number;
  bytes: number;
}

interface TreeItem {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

interface Listed {
  path: string;
  sha: string;
  size: number;
  /** git mode 100755 */
  executable: boolean;
}

/** A git tree entry's kind as the local rules see it. */
function kindOf(item: TreeItem): 'file' | 'dir' | 'symlink' | 'submodule' | 'other' {
  if (item.type === 'tree') return 'dir';
  if (item.type === 'commit') return 'submodule';
  if (item.type === 'blob') return item.mode === '120000' ? 'symlink' : 'file';
  return 'other';
}

/**
 * Check a recursive listing of the folder (paths relative to it) against the
 * local rules. Pure: returns the files to download, or every problem found.
 */
export function checkListing(
  items: readonly TreeItem[],
  limits: FetchLimits,
  exclude: readonly string[],
): { ok: true; files: Listed[]; bytes: number } | { ok: false; problems: Problem[] } {
  const excluded = excludeMatcher(exclude);
  /** The item, or a folder above it, is excluded (the tree lists every level, unlike a walk that stops at a folder). */
  const leftOut = (p: string, isDir: boolean): boolean => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) if (excluded(parts.slice(0, i).join('/'), true)) return true;
    return excluded(p, isDir);
  };
  const problems: Problem[] = [];
  const files: Listed[] = [];
  let kept = 0;
  let bytes = 0;
  for (const item of items) {
    const p = item.path ?? '';
    const kind = kindOf(item);
    if (leftOut(p, kind === 'dir')) continue; // as a local walk would: not counted, not fetched
    const checked = checkName(p);
    if (!checked.ok) {
      problems.push(checked.problem);
      continue;
    }
    if (checked.path !== p) {
      // "a//b", "./a", "a/.": git refuses such names; a tree holding one is not a submission.
      problems.push({ text: `"${p}" is not a plain relative path`, hint: 'Rename the file or folder.' });
      continue;
    }
    if (kind === 'symlink') problems.push(problem.symlink(p));
    else if (kind === 'submodule') problems.push(problem.special(p, 'git submodule'));
    else if (kind === 'other') problems.push(problem.special(p, `git ${item.type ?? 'object'}`));
    if (kind !== 'file' && kind !== 'dir') continue;
    if (++kept > limits.maxFiles) {
      // The count is the whole story: the list goes no further (as a local walk stops).
      problems.push(problem.tooManyFiles(limits.maxFiles));
      return { ok: false, problems };
    }
    if (kind === 'file') {
      bytes += item.size ?? 0;
      files.push({ path: p, sha: item.sha ?? '', size: item.size ?? 0, executable: item.mode === '100755' });
    }
  }
  if (bytes > limits.maxBytes) problems.push(problem.tooLarge(limits.maxBytes, largestFiles(files)));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, files, bytes };
}

/** The tree SHA of `folder` at `headSha`, one non-recursive level at a time. */
async function folderTreeSha(client: GitHubClient, repo: RepoRef, headSha: string, folder: string): Promise<string> {
  const missing = () =>
    new SubmissionFetchError(
      `${folder}/ does not exist at commit ${headSha.slice(0, 7)}: add your files under ${folder}/`,
    );
  const { data: commit } = await client.rest.git.getCommit({ ...repo, commit_sha: headSha });
  let treeSha = commit.tree.sha;
  const parts = folder.split('/');
  for (let i = 0; i < parts.length; i++) {
    let tree: Awaited<ReturnType<typeof client.rest.git.getTree>>['data'];
    try {
      ({ data: tree } = await client.rest.git.getTree({ ...repo, tree_sha: treeSha }));
    } catch (e) {
      if (httpStatus(e) === 404) throw missing();
      throw e;
    }
    // Exactly, else ignoring case: GitHub logins ignore case, so submissions/Alice/ is alice's
    // folder (classify accepts it), and a re-score that knows only the login must still find it.
    const entry =
      tree.tree.find((e) => e.path === parts[i]) ??
      tree.tree.find((e) => e.path?.toLowerCase() === parts[i]!.toLowerCase());
    if (!entry) {
      // A truncated level (over 100,000 entries) cannot prove the folder missing: ours to look into.
      if (tree.truncated)
        throw new Error(
          `the listing of ${parts.slice(0, i).join('/') || 'the repository root'} at ${headSha.slice(0, 7)} is truncated; ${folder}/ cannot be found in it`,
        );
      throw missing();
    }
    if (entry.type !== 'tree' || !entry.sha) {
      const shown = parts.slice(0, i + 1).join('/');
      throw new SubmissionFetchError(`${shown} is not a folder: put your main.py and assets inside ${folder}/`);
    }
    treeSha = entry.sha;
  }
  return treeSha;
}

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
  const label = `${folder}/`;
  const refuse = (problems: Problem[]) => {
    const r = refusal(label, problems);
    return new SubmissionFetchError(r.message, r.hint, r.problems);
  };

  const treeSha = await folderTreeSha(client, repo, headSha, folder);
  const { data: tree } = await client.rest.git.getTree({ ...repo, tree_sha: treeSha, recursive: 'true' });
  // GitHub stops listing past 100,000 entries (or 7 MB): far over any max_files.
  if (tree.truncated) throw refuse([problem.tooManyFiles(limits.maxFiles)]);

  const listing = checkListing(tree.tree, limits, opts.exclude ?? []);
  if (!listing.ok) throw refuse(listing.problems);

  const root = path.resolve(destDir);
  for (const blob of listing.files) {
    const target = path.resolve(root, blob.path);
    if (!target.startsWith(root + path.sep)) throw refuse([problem.parentSegment(blob.path)]);
    const { data } = await client.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    const content = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
    if (content.length !== blob.size)
      throw new Error(`GitHub returned ${content.length} bytes for ${folder}/${blob.path}, expected ${blob.size}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content, { mode: blob.executable ? 0o755 : 0o644 });
  }
  return { dir: root, files: listing.files.length, bytes: listing.bytes };
}
