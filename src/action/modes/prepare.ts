/**
 * Stage 2, first job (hosted runner; `checks: write`, reads otherwise; runs no
 * participant code): find the pull request behind the head SHA (or the number
 * an organizer gave), classify it from the API, and for a submission create
 * the required check run, queued, so the PR shows "waiting for a runner" at
 * once. Its id goes out as `check-run-id`: the report job concludes that run
 * and no other (never "the newest run with that name", which any workflow job
 * named like it could be).
 *
 * A pull request whose head commit belongs to another author's open pull
 * request (a `duplicate`) gets nothing queued: the check on that commit is not
 * its to write.
 */
import * as core from '@actions/core';
import { queueCheckRun } from '../../github/check-run.js';
import type { GitHubClient } from '../../github/octokit.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';
import { resolveTarget } from '../target.js';

export async function prepare(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const target = await resolveTarget(client, ctx.repo, inputs);
  if (!target) {
    core.setOutput('kind', 'none');
    core.notice('No open pull request has this commit as its head (closed, or pushed over): nothing to evaluate.');
    return;
  }
  const { pr, classification } = target;
  core.setOutput('kind', classification.kind);
  core.setOutput('pull-request', String(pr.number));
  core.setOutput('head-sha', target.headSha);
  if (classification.kind === 'duplicate') {
    core.notice(
      `Pull request #${pr.number}: its head commit is the head of #${classification.owner.number} by ${classification.owner.login}; nothing is queued, the report job only comments.`,
    );
    return;
  }
  if (classification.kind !== 'submission') {
    core.info(`Pull request #${pr.number} is a ${classification.kind}; the report job concludes its check.`);
    return;
  }
  core.setOutput('login', classification.login);
  const check = { ...ctx.repo, name: inputs.checkName, headSha: target.headSha, detailsUrl: ctx.runUrl };
  // Always a run of our own, even when one of that name exists: that one may be anybody's.
  const id = await queueCheckRun(client, check, {
    title: 'Waiting for a runner',
    summary: 'The submission is queued for evaluation on the private test data.',
  });
  core.setOutput('check-run-id', String(id));
  core.info(`Pull request #${pr.number}: submission by ${classification.login}, check run ${id} queued.`);
}
