/**
 * `holdout doctor`: reads, through the API, the repository settings the
 * competition's gate depends on and says what to change. Nothing is changed;
 * a setting the token may not read is reported as unchecked, never a crash.
 */
import { httpStatus, type GitHubClient } from '../github/octokit.js';
import { messageOf } from './probe.js';
import { judgeActions, readActions, evaluationWorkflows } from './actions.js';
import { judgeBranch, readBranch } from './branch.js';
import type { DoctorContext, DoctorOptions } from './context.js';
import type { DoctorReport } from './finding.js';
import { judgeRunners, readRunners } from './runners.js';

/** Bad --repo or a token GitHub refuses: the organizer must change the command (exit 2). */
export class DoctorUsageError extends Error {
  override name = 'DoctorUsageError';
}

/** GitHub did not answer (network, wrong GITHUB_API_URL, an outage): nothing could be checked (exit 3). */
export class DoctorUnreachableError extends Error {
  override name = 'DoctorUnreachableError';
}

async function readRepository(client: GitHubClient, options: DoctorOptions, apiUrl: string): Promise<DoctorContext> {
  const full = `${options.owner}/${options.repo}`;
  try {
    // No retry for this first request: when the API is not there at all, say so at
    // once rather than after the retry plugin's back-off (the organizer reruns).
    const { data } = await client.request('GET /repos/{owner}/{repo}', {
      owner: options.owner,
      repo: options.repo,
      request: { retries: 0 },
    } as { owner: string; repo: string });
    return {
      ...options,
      owner: data.owner.login,
      repo: data.name,
      branch: options.branch ?? data.default_branch,
      defaultBranch: data.default_branch,
      repoId: Number(data.id),
      ownerType: data.owner.type === 'Organization' ? 'Organization' : 'User',
      isPrivate: data.private || data.visibility === 'internal',
    };
  } catch (e) {
    const status = httpStatus(e);
    const message = messageOf(e);
    if (status === 401)
      throw new DoctorUsageError(
        `GitHub refused the token (401 ${message}): set GITHUB_TOKEN or GH_TOKEN to a valid token`,
      );
    if (status === 403 || status === 404)
      throw new DoctorUsageError(
        `${full} was not found, or the token cannot see it (${status}): check --repo and the repositories the token may access`,
      );
    throw new DoctorUnreachableError(
      `could not reach the GitHub API at ${apiUrl} (${message}): check GITHUB_API_URL and the network, then run holdout doctor again`,
    );
  }
}

export async function runDoctor(client: GitHubClient, options: DoctorOptions, apiUrl: string): Promise<DoctorReport> {
  const ctx = await readRepository(client, options, apiUrl);
  const branch = await readBranch(client, ctx);
  const actions = await readActions(client, ctx);
  const runners = await readRunners(client, ctx);
  return {
    repository: `${ctx.owner}/${ctx.repo}`,
    branch: ctx.branch,
    findings: [
      ...judgeBranch(ctx, branch),
      ...judgeActions(ctx, actions),
      ...judgeRunners(ctx, runners, evaluationWorkflows(actions)),
    ],
  };
}
