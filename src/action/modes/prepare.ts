/**
 * The prepare job, first of holdout-evaluation.yml (hosted runner; `checks: write`, reads otherwise; runs no
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
 *
 * Submission limits (src/season/submission-limit.ts) are checked here, on a
 * hosted runner, before the self-hosted runner is touched: the ledger is read
 * through the API (contents: read) and the participant's charged evaluations
 * counted. Over the limit, or with a ledger that cannot be read (fail closed),
 * `submission-limit` is set: the evaluate job's `if:` requires it empty, and
 * the report job turns it into the comment and the check (failure with the next
 * slot; action_required for our unreadable ledger). This job writes no comment:
 * it keeps pull-requests: read. A participant's runs are serialized by the
 * workflow's concurrency group, so two pushes cannot both pass this check on the
 * same count (docs/organizers.md).
 */
import * as core from '@actions/core';
import path from 'node:path';
import { ConfigError, loadCompetition } from '../../config/load.js';
import type { Competition } from '../../config/schema.js';
import { queueCheckRun } from '../../github/check-run.js';
import { messageOf } from '../../errors.js';
import { formatSlot } from '../../season/limits.js';
import { checkSubmissionLimit, type LimitNote, participantOf } from '../../season/submission-limit.js';
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
  const startedAt = new Date();
  core.setOutput('started-at', startedAt.toISOString());
  const note = await limitNoteFor(client, ctx, inputs, pr.number, startedAt);
  core.setOutput('submission-limit', note ? JSON.stringify(note) : '');
  const check = { ...ctx.repo, name: inputs.checkName, headSha: target.headSha, detailsUrl: ctx.runUrl };
  // Always a run of our own, even when one of that name exists: that one may be anybody's.
  const id = await queueCheckRun(
    client,
    check,
    note
      ? { title: 'Not evaluated', summary: 'The submission is not evaluated; the report job says why.' }
      : {
          title: 'Waiting for a runner',
          summary: 'The submission is queued for evaluation on the private test data.',
        },
  );
  core.setOutput('check-run-id', String(id));
  core.info(`Pull request #${pr.number}: submission by ${classification.login}, check run ${id} queued.`);
}

/**
 * The submission limit for this participant: null when the evaluation may run, else the
 * note report renders. competition.yml that does not load is left to the evaluate job,
 * which reports it as our error; it cannot be limited here.
 */
async function limitNoteFor(
  client: GitHubClient,
  ctx: ActionContext,
  inputs: Inputs,
  pullRequest: number,
  now: Date,
): Promise<LimitNote | null> {
  let config: Competition;
  try {
    ({ config } = await loadCompetition(path.resolve(inputs.competitionDir)));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    core.warning(`Submission limits not checked: competition.yml does not load (${e.message}).`);
    return null;
  }
  let participant: { id: number; login: string };
  try {
    participant = await participantOf(client, ctx.repo, pullRequest);
  } catch (e) {
    return { limit: 'unreadable', problem: `the pull request's author could not be read (${messageOf(e)})` };
  }
  core.setOutput('participant-id', String(participant.id));
  if (ctx.eventName === 'workflow_dispatch') {
    // An organizer re-runs this commit (after our error, say): recorded as a re-run, never charged.
    core.info("An organizer's re-run (workflow_dispatch): the submission limit does not apply.");
    return null;
  }
  const { note, decision, skipped } = await checkSubmissionLimit(client, ctx.repo, config, participant.id, now);
  for (const s of skipped) core.warning(`Results ledger: skipped ${s}`);
  if (!note) {
    if (decision?.allowed)
      core.info(
        `Submission limit: ${participant.login} (id ${participant.id}) has ${decision.usedToday} of ${config.limits.submissions_per_day} evaluations in the current window.`,
      );
    return null;
  }
  if (note.limit === 'unreadable')
    core.error(
      `The results ledger could not be read, so the submission limit cannot be checked and nothing is evaluated: ${note.problem}. Check the job's contents: read permission and the results branch, then re-run.`,
    );
  else
    core.notice(
      `Submission limit reached by ${participant.login}: ${note.used} of ${note.max}${note.next_slot ? `; next slot ${formatSlot(new Date(note.next_slot))}` : ''}. Not evaluated.`,
    );
  return note;
}
