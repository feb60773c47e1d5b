/**
 * Writing the results ledger: one JSON file per record on the results branch, through the Git
 * Data API (tree on the tip's tree, its blobs given inline → commit → ref update, force false).
 *
 * Why this way: the record job is a hosted job with `contents: write` and no checkout; the API
 * needs no clone, and a ref update that is not a fast-forward is refused by GitHub, so two
 * writers can never overwrite each other's records — the loser re-reads the tip and tries
 * again (bounded, with jittered back-off). Appending is idempotent by evaluation id: a record
 * whose file is already on the tip is left alone (a re-run of the same job, or a writer that
 * lost a race to itself), so a retried job never appends twice and records are never changed.
 *
 * Only the trusted record job calls this (docs/security.md): the results branch is the
 * competition's memory, and participant code never runs where this token exists.
 */
import { messageOf } from '../errors.js';
import type { GitHubClient, RepoRef } from '../github/octokit.js';
import { httpStatus } from '../github/octokit.js';
import { LedgerError } from './errors.js';
import { type LedgerRecord, recordPath, serializeRecord } from './record.js';

export { LedgerError } from './errors.js';

export const DEFAULT_RESULTS_BRANCH = 'holdout-results';

export interface StoreOptions {
  /** Most tries of one write when other writers keep moving the tip (default 20). */
  maxAttempts?: number;
  /** Where progress notes go (the job log); silent by default. */
  log?: (line: string) => void;
  /** Back-off between tries; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface FileToWrite {
  path: string;
  content: string;
}

export interface AppendResult {
  /** Records written by this call, by path. */
  appended: string[];
  /** Records that were already on the branch (a retried job): left as they are. */
  alreadyRecorded: string[];
  /** The branch tip after the call. */
  commit: string;
  /** Tries it took (1 when no other writer got in between). */
  attempts: number;
  /** Whether this call created the branch. */
  createdBranch: boolean;
}

const README = (branch: string) => `# Holdout results ledger

This branch (\`${branch}\`) is the competition's record of results: one JSON file per
evaluation under \`records/<yyyy>/<mm>/<evaluation-id>.json\`, in the schema of
\`schema/ledger-record.schema.json\` (version 1).

- It is written only by Holdout's record job, through the GitHub API, one commit per append.
  Records are never changed or deleted: a re-run adds a new record whose \`rerun_of\` names
  the original.
- Do not edit it by hand and do not open pull requests against it (Holdout refuses them).
  Check it with \`holdout ledger verify <folder with a checkout of this branch>\`.
- Private scores are sealed (\`sealed_private\`) with the organizer's public key
  (\`results.public_key\` in competition.yml); only the reveal opens them.
`;

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The previous month's folder of a record path: a retried job may finish a month later. */
function previousMonthPath(path: string): string {
  const m = /^records\/(\d{4})\/(\d{2})\/([^/]+)$/.exec(path);
  if (!m) return path;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const [y, mo] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return `records/${String(y).padStart(4, '0')}/${String(mo).padStart(2, '0')}/${m[3]}`;
}

/** GitHub's own words for a refused request (its JSON `message`), else the error's. */
function apiMessage(e: unknown): string {
  const data = (e as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === 'string' ? data.message : messageOf(e);
}

function protectedError(repo: RepoRef, branch: string, detail: string): LedgerError {
  return new LedgerError(
    `GitHub refused to update the results branch "${branch}" of ${repo.owner}/${repo.repo}: ${detail} ` +
      `The branch is protected (a branch protection rule or a ruleset that requires pull requests or restricts updates). ` +
      `Holdout's record job writes it through the API: in Settings → Branches (or Settings → Rules → Rulesets) ` +
      `exclude "${branch}" from that rule, or add the record job's GitHub App to the rule's bypass list. ` +
      `Keep "${branch}" out of every rule that requires pull requests; only the record job has contents: write.`,
  );
}

function forbiddenError(repo: RepoRef, branch: string, detail: string): LedgerError {
  return new LedgerError(
    `GitHub refused to write the results branch "${branch}" of ${repo.owner}/${repo.repo}: ${detail} ` +
      `The token lacks write access to contents: give the record job \`permissions: contents: write\` ` +
      `(and check Settings → Actions → General → Workflow permissions does not cap it).`,
  );
}

/** Turns a refusal of a write into a LedgerError naming the setting; rethrows anything else. */
function explainWriteError(e: unknown, repo: RepoRef, branch: string): never {
  const status = httpStatus(e);
  const detail = apiMessage(e);
  if (status === 422 && /protected branch|rule violation|ruleset/i.test(detail)) {
    throw protectedError(repo, branch, detail);
  }
  if (status === 403) throw forbiddenError(repo, branch, detail);
  throw e;
}

const isNotFastForward = (e: unknown) =>
  httpStatus(e) === 422 && /fast.?forward|reference cannot be updated/i.test(apiMessage(e));
const isAlreadyExists = (e: unknown) => httpStatus(e) === 422 && /already exists/i.test(apiMessage(e));

interface Tip {
  commit: string;
  tree: string;
}

/** The tip of `branch`, or undefined when the branch does not exist. */
async function readTip(client: GitHubClient, repo: RepoRef, branch: string): Promise<Tip | undefined> {
  let commit: string;
  try {
    const { data } = await client.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    commit = data.object.sha;
  } catch (e) {
    if (httpStatus(e) === 404) return undefined;
    if (httpStatus(e) === 409) {
      throw new LedgerError(
        `The repository ${repo.owner}/${repo.repo} is empty (${apiMessage(e)}); push a first commit to its default branch, then run the job again.`,
      );
    }
    throw e;
  }
  const { data } = await client.rest.git.getCommit({ ...repo, commit_sha: commit });
  return { commit, tree: data.tree.sha };
}

/**
 * Which of `paths` exist in the tree `root`: walks only the folders on the way (a few small
 * listings), never the whole ledger, which GitHub lists at most 100,000 entries of.
 */
async function existingPaths(
  client: GitHubClient,
  repo: RepoRef,
  root: string,
  paths: readonly string[],
): Promise<Set<string>> {
  const listings = new Map<string, Promise<Map<string, string> | undefined>>();
  const list = (dir: string): Promise<Map<string, string> | undefined> => {
    let listing = listings.get(dir);
    if (!listing) {
      listing = (async () => {
        let sha = root;
        if (dir !== '') {
          const slash = dir.lastIndexOf('/');
          const parent = await list(slash < 0 ? '' : dir.slice(0, slash));
          const entry = parent?.get(dir.slice(slash + 1));
          if (entry === undefined) return undefined;
          sha = entry;
        }
        const { data } = await client.rest.git.getTree({ ...repo, tree_sha: sha });
        return new Map(data.tree.filter((t) => t.path && t.sha).map((t) => [t.path!, t.sha!]));
      })();
      listings.set(dir, listing);
    }
    return listing;
  };
  const found = new Set<string>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    const folder = await list(slash < 0 ? '' : p.slice(0, slash));
    if (folder?.has(p.slice(slash + 1))) found.add(p);
  }
  return found;
}

/** Creates the branch with one orphan root commit holding a README; false when another writer was first. */
async function createBranch(client: GitHubClient, repo: RepoRef, branch: string): Promise<boolean> {
  try {
    const { data: tree } = await client.rest.git.createTree({
      ...repo,
      tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: README(branch) }],
    });
    const { data: commit } = await client.rest.git.createCommit({
      ...repo,
      message: `Start the results ledger on ${branch}`,
      tree: tree.sha,
      parents: [],
    });
    await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    return true;
  } catch (e) {
    if (isAlreadyExists(e)) return false;
    explainWriteError(e, repo, branch);
  }
}

interface Plan {
  files: FileToWrite[];
  message: string;
}

/**
 * The write loop every ledger write shares: read the tip (creating the branch when missing),
 * let `plan` decide what to write on it, commit on top, move the ref without force; on a
 * non-fast-forward, start over from the new tip. `plan` returning no files writes nothing.
 */
async function writeOnBranch(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  plan: (tip: Tip) => Promise<Plan>,
  options: StoreOptions,
): Promise<{ tip: Tip; attempts: number; createdBranch: boolean; wrote: Plan }> {
  const maxAttempts = options.maxAttempts ?? 20;
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  let createdBranch = false;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let tip = await readTip(client, repo, branch);
    if (!tip) {
      options.log?.(`The results branch "${branch}" does not exist yet: creating it.`);
      createdBranch = (await createBranch(client, repo, branch)) || createdBranch;
      tip = await readTip(client, repo, branch);
      if (!tip)
        throw new LedgerError(`The results branch "${branch}" vanished right after it was created; run the job again.`);
    }
    const wanted = await plan(tip);
    if (wanted.files.length === 0) return { tip, attempts: attempt, createdBranch, wrote: wanted };
    try {
      // The files go into the tree request itself (GitHub makes their blobs): one
      // content-creating request fewer per try than blob-then-tree, and Octokit's throttling
      // spaces those a second apart, as GitHub asks of content creation.
      const { data: tree } = await client.rest.git.createTree({
        ...repo,
        base_tree: tip.tree,
        tree: wanted.files.map((f) => ({
          path: f.path,
          mode: '100644' as const,
          type: 'blob' as const,
          content: f.content,
        })),
      });
      const { data: commit } = await client.rest.git.createCommit({
        ...repo,
        message: wanted.message,
        tree: tree.sha,
        parents: [tip.commit],
      });
      await client.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
      return { tip: { commit: commit.sha, tree: tree.sha }, attempts: attempt, createdBranch, wrote: wanted };
    } catch (e) {
      if (!isNotFastForward(e)) explainWriteError(e, repo, branch);
      if (attempt === maxAttempts) break;
      // Full jitter: writers that collided spread out instead of colliding again.
      const ceiling = Math.min(2000, 25 * 2 ** attempt);
      options.log?.(`Another writer moved "${branch}" first; retrying (try ${attempt + 1} of ${maxAttempts}).`);
      await sleep(Math.floor(random() * ceiling));
    }
  }
  throw new LedgerError(
    `Could not write the results branch "${branch}": it moved under every one of ${maxAttempts} tries (many writers at once). Re-run the job: its records are not written twice.`,
  );
}

/**
 * Appends records in one commit; each one already on the branch (same evaluation id, in its
 * month's folder or the month before) is skipped, so a retried job is a no-op. Throws
 * LedgerError for a protected branch, missing permission, or endless contention.
 */
export async function appendRecords(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  records: readonly LedgerRecord[],
  options: StoreOptions = {},
): Promise<AppendResult> {
  const files = new Map<string, FileToWrite & { alternates: string[]; record: LedgerRecord }>();
  for (const record of records) {
    const path = recordPath(record);
    // serializeRecord parses again: nothing that fails the schema reaches the branch.
    if (!files.has(path)) {
      // A record can already sit in the previous month's folder only if an earlier attempt of
      // the same run finished before the month turned: look there for re-run attempts (and
      // records made outside Actions) only, saving a request on every first attempt.
      const retried = record.workflow_run === null || record.workflow_run.attempt > 1;
      const alternates = retried && previousMonthPath(path) !== path ? [previousMonthPath(path)] : [];
      files.set(path, { path, content: serializeRecord(record), alternates, record });
    }
  }
  let alreadyRecorded: string[] = [];
  const result = await writeOnBranch(
    client,
    repo,
    branch,
    async (tip) => {
      const candidates = [...files.values()].flatMap((f) => [f.path, ...f.alternates]);
      const existing = await existingPaths(client, repo, tip.tree, candidates);
      const fresh = [...files.values()].filter(
        (f) => !existing.has(f.path) && !f.alternates.some((a) => existing.has(a)),
      );
      alreadyRecorded = [...files.values()].filter((f) => !fresh.includes(f)).map((f) => f.path);
      const one = fresh.length === 1 ? fresh[0]!.record : undefined;
      const message = one
        ? `Record ${one.kind} ${one.evaluation_id}: PR #${one.pull_request} by ${one.participant.login}, ${one.dataset}, ${one.status}`
        : `Record ${fresh.length} evaluations`;
      return { files: fresh.map(({ path, content }) => ({ path, content })), message };
    },
    options,
  );
  for (const path of alreadyRecorded) {
    options.log?.(`${path} is already on "${branch}" (a retried job): left as it is.`);
  }
  return {
    appended: result.wrote.files.map((f) => f.path),
    alreadyRecorded,
    commit: result.tip.commit,
    attempts: result.attempts,
    createdBranch: result.createdBranch,
  };
}

/** Appends one record (see appendRecords). */
export function appendRecord(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  record: LedgerRecord,
  options: StoreOptions = {},
): Promise<AppendResult> {
  return appendRecords(client, repo, branch, [record], options);
}

/**
 * Writes (creates or replaces) files other than records on the results branch in one commit,
 * e.g. LEADERBOARD.md or the reveal's files; same safety as appendRecords (never forced,
 * retried on contention). Refuses paths under records/: records are append-only.
 */
export async function writeBranchFiles(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  files: readonly FileToWrite[],
  message: string,
  options: StoreOptions & {
    /**
     * Write nothing when this path is on the branch tip, checked against the very tip the commit
     * would go on (each retry looks again): the record job's board must never replace the board
     * the reveal committed, even when the reveal lands between reading the ledger and writing.
     */
    unlessPresent?: string;
  } = {},
): Promise<{ commit: string; attempts: number; createdBranch: boolean; skipped: boolean }> {
  for (const f of files) {
    if (f.path.startsWith('records/') || f.path.startsWith('/') || f.path.split('/').includes('..')) {
      throw new LedgerError(
        `writeBranchFiles cannot write ${f.path}: records are written only by appendRecords, and paths stay inside the branch; this is a bug in Holdout.`,
      );
    }
  }
  let skipped = false;
  const result = await writeOnBranch(
    client,
    repo,
    branch,
    async (tip) => {
      const guard = options.unlessPresent;
      skipped = guard !== undefined && (await existingPaths(client, repo, tip.tree, [guard])).has(guard);
      return { files: skipped ? [] : [...files], message };
    },
    options,
  );
  return { commit: result.tip.commit, attempts: result.attempts, createdBranch: result.createdBranch, skipped };
}
