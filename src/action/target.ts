/**
 * Which pull request and which commit a job works on, decided from GitHub's own
 * data: the PR number an organizer typed (workflow_dispatch) or the head SHA of
 * the triggering run, looked up through the API. Never from an artifact.
 */
import { classifyPullRequest, type Classification } from '../github/classify.js';
import type { GitHubClient, RepoRef } from '../github/octokit.js';
import { findPullRequestForSha, getPullRequest, listChangedFiles, MAX_LISTED_FILES, type PullRequestInfo } from '../github/pull-request.js';
import { InputError, type Inputs } from './inputs.js';

export interface Target {
  pr: PullRequestInfo;
  headSha: string;
  classification: Classification;
}

export async function resolveTarget(client: GitHubClient, repo: RepoRef, inputs: Inputs): Promise<Target | null> {
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
  return { pr, headSha: pr.headSha, classification: await classify(client, repo, pr) };
}

export async function classify(client: GitHubClient, repo: RepoRef, pr: PullRequestInfo): Promise<Classification> {
  const { files, incomplete } = await listChangedFiles(client, repo, pr.number);
  if (incomplete) {
    return {
      kind: 'rejected',
      summary: `This pull request changes ${MAX_LISTED_FILES} files or more, too many to check; pack your submission as submissions/${pr.authorLogin}/submission.zip (holdout pack).`,
      problems: [],
    };
  }
  return classifyPullRequest({ files, login: pr.authorLogin, authorAssociation: pr.authorAssociation });
}
