/**
 * Find the pull request behind a commit, the other open pull requests on the
 * same commit, and the files a pull request changes.
 *
 * The evaluation workflow never trusts a PR number it is handed by an artifact:
 * it asks the API which open pull request has this head SHA. The files come
 * from the API too, never from a checkout. Who may push is not read from
 * `author_association` (see permission.ts).
 */
import type { ChangedFile } from './classify.js';
import type { GitHubClient, RepoRef } from './octokit.js';

export interface PullRequestInfo {
  number: number;
  title: string;
  htmlUrl: string;
  authorLogin: string;
  headSha: string;
  /** owner/name of the repository the head branch lives in (a fork, usually). */
  headRepo: string | null;
  baseRef: string;
}

/** The pulls API lists at most 3,000 files for a pull request. */
export const MAX_LISTED_FILES = 3000;

interface ApiPull {
  number: number;
  title: string;
  html_url: string;
  state: string;
  user: { login: string } | null;
  head: { sha: string; repo: { full_name: string } | null };
  base: { ref: string };
}

function toInfo(pr: ApiPull): PullRequestInfo {
  return {
    number: pr.number,
    title: pr.title,
    htmlUrl: pr.html_url,
    authorLogin: pr.user?.login ?? 'ghost',
    headSha: pr.head.sha,
    headRepo: pr.head.repo?.full_name ?? null,
    baseRef: pr.base.ref,
  };
}

export async function getPullRequest(client: GitHubClient, repo: RepoRef, number: number): Promise<PullRequestInfo> {
  const { data } = await client.rest.pulls.get({ ...repo, pull_number: number });
  return toInfo(data);
}

/**
 * The open pull request whose head is `headSha`, or null when there is none
 * (closed meanwhile, or a push that belongs to no pull request).
 * `headLabel` (`owner:branch`, from the workflow_run event) narrows the search
 * to one branch; commits/{sha}/pulls is the fallback.
 */
export async function findPullRequestForSha(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  headLabel?: string,
): Promise<PullRequestInfo | null> {
  const matching = (pulls: ApiPull[]) =>
    pulls.filter((p) => p.state === 'open' && p.head.sha === headSha).sort((a, b) => a.number - b.number);

  if (headLabel) {
    const { data } = await client.rest.pulls.list({ ...repo, state: 'open', head: headLabel, per_page: 100 });
    const found = matching(data);
    if (found[0]) return toInfo(found[0]);
  }
  const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repo,
    commit_sha: headSha,
    per_page: 100,
  });
  const found = matching(data);
  return found[0] ? toInfo(found[0]) : null;
}

/**
 * Every open pull request whose head is `headSha`, oldest first: the pulls API
 * cannot filter by SHA, so all open pull requests are listed (100 a page).
 * Anyone can open a pull request from a commit they fetched from someone
 * else's (refs/pull/N/head), so one commit can head several.
 */
export async function listOpenPullRequestsWithHead(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
): Promise<PullRequestInfo[]> {
  const found: PullRequestInfo[] = [];
  for await (const page of client.paginate.iterator(client.rest.pulls.list, {
    ...repo,
    state: 'open',
    per_page: 100,
  })) {
    for (const p of page.data) if (p.head.sha === headSha) found.push(toInfo(p));
  }
  return found.sort((a, b) => a.number - b.number);
}

export interface ChangedFiles {
  files: ChangedFile[];
  /** True when the PR changes more files than the API lists. */
  incomplete: boolean;
}

export async function listChangedFiles(client: GitHubClient, repo: RepoRef, number: number): Promise<ChangedFiles> {
  const files: ChangedFile[] = [];
  for await (const page of client.paginate.iterator(client.rest.pulls.listFiles, {
    ...repo,
    pull_number: number,
    per_page: 100,
  })) {
    for (const f of page.data)
      files.push({ filename: f.filename, status: f.status, previous_filename: f.previous_filename });
  }
  return { files, incomplete: files.length >= MAX_LISTED_FILES };
}
