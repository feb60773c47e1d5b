/**
 * Which pull request and which commit a job works on, decided from GitHub's own
 * data: the PR number an organizer typed (workflow_dispatch) or the head SHA of
 * the triggering run, looked up through the API. Never from an artifact.
 *
 * One commit may head several open pull requests: anyone can fetch
 * refs/pull/N/head and open a pull request of their own from it. The check run
 * lives on the commit, not on a pull request, so only one of them may conclude
 * it: the one whose author's submission folder the commit fills (its
 * classification is `submission` for its own author), or, when none is, the
 * oldest. Every other pull request on that commit is a `duplicate`: it is told
 * why in a comment and writes no check.
 */
import path from 'node:path';
import { ConfigError, loadCompetition } from '../config/load.js';
import { classifyPullRequest, resultsBranchRefusal, touchesRuntime, type Classification } from '../github/classify.js';
import type { GitHubClient, RepoRef } from '../github/octokit.js';
import { isMaintainer } from '../github/permission.js';
import { DEFAULT_RESULTS_BRANCH } from '../ledger/store.js';
import {
  findPullRequestForSha,
  getPullRequest,
  listChangedFiles,
  listOpenPullRequestsWithHead,
  MAX_LISTED_FILES,
  type PullRequestInfo,
} from '../github/pull-request.js';
import { InputError, type Inputs } from './inputs.js';

/**
 * The results branch a pull request may not target: competition.yml's results.branch. A
 * competition.yml that does not load still refuses the default name — the refusal must not
 * depend on the organizer's file being valid (the job that needs it reports it).
 */
export async function resultsBranchOf(competitionDir: string | undefined): Promise<string> {
  if (!competitionDir) return DEFAULT_RESULTS_BRANCH;
  try {
    return (await loadCompetition(path.resolve(competitionDir))).config.results.branch;
  } catch (e) {
    if (e instanceof ConfigError) return DEFAULT_RESULTS_BRANCH;
    throw e;
  }
}

export interface Target {
  pr: PullRequestInfo;
  headSha: string;
  classification: Classification;
  /** The PR touches what the runtime workflow watches (so that workflow concludes the package-request check). */
  touchesRuntime: boolean;
}

export async function resolveTarget(
  client: GitHubClient,
  repo: RepoRef,
  inputs: Pick<Inputs, 'pullRequest' | 'headSha' | 'headLabel'> & Partial<Pick<Inputs, 'competitionDir'>>,
): Promise<Target | null> {
  let pr: PullRequestInfo | null;
  if (inputs.pullRequest) {
    pr = await getPullRequest(client, repo, Number(inputs.pullRequest));
    if (inputs.headSha && pr.headSha !== inputs.headSha) {
      // The PR moved on since this run started; its newer commit gets a run of its own.
      return null;
    }
  } else if (inputs.headSha) {
    pr = await findPullRequestForSha(client, repo, inputs.headSha, inputs.headLabel || undefined);
  } else {
    throw new InputError('give "head-sha" (from github.event.workflow_run.head_sha) or "pull-request" (a number)');
  }
  if (!pr) return null;
  const resultsBranch = await resultsBranchOf(inputs.competitionDir);
  const own = await classifyWithFiles(client, repo, pr, resultsBranch);
  const owner = await ownerOfHead(client, repo, pr, own.classification, resultsBranch);
  if (owner && owner.number !== pr.number) {
    return {
      pr,
      headSha: pr.headSha,
      classification: { kind: 'duplicate', owner: { number: owner.number, login: owner.authorLogin } },
      touchesRuntime: own.touchesRuntime,
    };
  }
  return { pr, headSha: pr.headSha, ...own };
}

/**
 * The pull request that owns `pr`'s head commit, when other open pull requests
 * share it: the one that is a submission for its own author, else the oldest.
 * Null when `pr` is the only open pull request on its head (the usual case,
 * one listing of the open pull requests).
 */
async function ownerOfHead(
  client: GitHubClient,
  repo: RepoRef,
  pr: PullRequestInfo,
  classification: Classification,
  resultsBranch: string,
): Promise<PullRequestInfo | null> {
  const siblings = (await listOpenPullRequestsWithHead(client, repo, pr.headSha)).filter((p) => p.number !== pr.number);
  if (siblings.length === 0) return null;
  if (classification.kind === 'submission') return pr; // the folder is this author's
  for (const other of siblings) {
    // Same head, so (against the same base) the same files: only the author's login can differ.
    if ((await classifyWithFiles(client, repo, other, resultsBranch)).classification.kind === 'submission')
      return other;
  }
  return [pr, ...siblings].sort((a, b) => a.number - b.number)[0]!;
}

async function classifyWithFiles(
  client: GitHubClient,
  repo: RepoRef,
  pr: PullRequestInfo,
  resultsBranch: string,
): Promise<{ classification: Classification; touchesRuntime: boolean }> {
  const { files, incomplete } = await listChangedFiles(client, repo, pr.number);
  // Before anything else, maintainers included: nothing reaches the ledger by merge.
  const refused = resultsBranchRefusal(pr.baseRef, resultsBranch);
  if (refused) return { classification: refused, touchesRuntime: touchesRuntime(files) };
  if (incomplete) {
    return {
      classification: {
        kind: 'rejected',
        summary: `This pull request changes ${MAX_LISTED_FILES} files or more, too many to check; pack your submission as submissions/${pr.authorLogin}/submission.zip (holdout pack).`,
        problems: [],
      },
      touchesRuntime: touchesRuntime(files),
    };
  }
  const input = { files, login: pr.authorLogin, base: pr.baseRef, resultsBranch };
  let classification = classifyPullRequest({ ...input, maintainer: false });
  // Write access only turns a rejection into maintenance: ask GitHub only then.
  if (classification.kind === 'rejected' && (await isMaintainer(client, repo, pr.authorLogin)))
    classification = classifyPullRequest({ ...input, maintainer: true });
  return { classification, touchesRuntime: touchesRuntime(files) };
}

/**
 * The classification of one pull request on its own (the pr-check job, which writes nothing).
 * `resultsBranch`: competition.yml's results.branch (resultsBranchOf); the default name when not given.
 */
export async function classify(
  client: GitHubClient,
  repo: RepoRef,
  pr: PullRequestInfo,
  resultsBranch: string = DEFAULT_RESULTS_BRANCH,
): Promise<Classification> {
  return (await classifyWithFiles(client, repo, pr, resultsBranch)).classification;
}
