/**
 * The report job, last of holdout-evaluation.yml (hosted runner; the only job with `checks: write` and
 * `pull-requests: write`; runs no participant code). It resolves the pull
 * request from the head SHA itself, classifies it itself, reads the evaluation
 * job's result file as hostile input, then: one sticky comment, the check run
 * concluded on the head SHA, and the job summary.
 *
 * The check run it concludes is the one prepare created and handed on
 * (`check-run-id`), once GitHub confirms it is on this commit, under this name
 * (and made by this job's GitHub App, with `app-slug`). Without a usable id it
 * creates a run of its own; it never looks one up by name. A pull request whose
 * head commit belongs to another author's pull request (a duplicate) gets its
 * comment and nothing else: the check on that commit is not its to write.
 *
 * Pull requests the runtime workflow never sees (they touch neither the
 * environment files nor runtime/) also get the package-request check,
 * `skipped`, so that organizers can require that check on every pull request.
 *
 * Each write is attempted even when an earlier one failed, so a comment GitHub
 * refuses (a 422) still leaves a concluded check; the job then fails, naming
 * what did not go through.
 *
 * The season (src/season/): when prepare's `submission-limit` note says the
 * evaluation did not run (the limit, or a ledger that could not be read), that
 * note decides the outcome: `failure` naming the next slot, or action_required
 * for our unreadable ledger. A scored evaluation's comment gets the place line
 * ("best public 0.1124 — rank 3 of 41"), computed here from the ledger (read
 * through the API with contents: read) plus this evaluation's record; a place
 * that cannot be computed leaves the line out and changes nothing else.
 */
import * as core from '@actions/core';
import { messageOf } from '../../errors.js';
import { completeCheckRun, startCheckRun, verifyHandedCheckRun, type CheckTarget } from '../../github/check-run.js';
import type { GitHubClient } from '../../github/octokit.js';
import { STICKY_MARKER, upsertStickyComment } from '../../github/sticky-comment.js';
import { headline, renderReport } from '../../report/markdown.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';
import { outcomeForClassification, outcomeForResult } from '../outcome.js';
import { readResultFile } from '../result-file.js';
import { resolveTarget } from '../target.js';
import path from 'node:path';
import { ConfigError, loadCompetition } from '../../config/load.js';
import { VERSION } from '../../version.js';
import { buildLedgerEntry } from '../../season/ledger-entry.js';
import { outcomeForLimit, placeLineOf, placeWith, withPlaceLine } from '../../season/report-notes.js';
import { parseLimitNote, participantOf } from '../../season/submission-limit.js';
import type { ReadResult } from '../result-file.js';

export function describeApiError(e: unknown): string {
  const status = (e as { status?: number }).status;
  const message = messageOf(e);
  return status ? `GitHub answered ${status}: ${message}` : message;
}

export async function report(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const target = await resolveTarget(client, ctx.repo, inputs);
  if (!target) {
    core.notice('No open pull request has this commit as its head (closed, or pushed over): nothing to report.');
    return;
  }
  const { pr, classification, headSha } = target;
  const viewOptions = {
    headSha,
    showPrivateScores: inputs.showPrivateScores,
    showPrivateLogs: inputs.showPrivateLogs,
    links: { run: ctx.runUrl, logs: ctx.runUrl ? `${ctx.runUrl}#artifacts` : undefined },
  };
  const limitNote = classification.kind === 'submission' ? parseLimitNote(inputs.submissionLimit) : null;
  const read =
    classification.kind === 'submission' && !limitNote ? await readResultFile(inputs.resultFile, headSha) : null;
  const limited = limitNote ? outcomeForLimit(limitNote, viewOptions) : null;
  const outcome =
    limited ??
    (read
      ? outcomeForResult(read, inputs.evaluationJob, viewOptions)
      : outcomeForClassification(
          classification as Exclude<typeof classification, { kind: 'submission' }>,
          viewOptions,
        ));
  const place =
    read && outcome.view.status === 'success' ? await placeLine(client, ctx, inputs, pr.number, headSha, read) : null;

  const failures: string[] = [];
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      failures.push(`${what}: ${describeApiError(e)}`);
      core.error(`Could not ${what}: ${describeApiError(e)}`);
      return undefined;
    }
  };

  if (outcome.comment) {
    const comment = await attempt('write the pull request comment', () =>
      upsertStickyComment(
        client,
        { ...ctx.repo, issueNumber: pr.number, botLogin: inputs.botLogin },
        place
          ? withPlaceLine(renderReport(outcome.view, { prefix: STICKY_MARKER }), place)
          : renderReport(outcome.view, { prefix: STICKY_MARKER }),
      ),
    );
    if (comment) {
      core.setOutput('comment-url', comment.url);
      core.info(
        `Comment ${comment.action}: ${comment.url}${comment.removed ? ` (${comment.removed} duplicate removed)` : ''}`,
      );
    }
  }

  // action_required needs a page with the details: the run, else the pull request.
  const detailsUrl = ctx.runUrl ?? pr.htmlUrl;
  if (outcome.check) {
    const check: CheckTarget = { ...ctx.repo, name: inputs.checkName, headSha, detailsUrl };
    await attempt('conclude the check run', async () => {
      const id = await handedCheckRun(client, check, inputs);
      const output = {
        title: limited?.title ?? headline(outcome.view),
        summary: renderReport(outcome.view, { limit: 65_535 }),
        annotations: outcome.annotations,
      };
      if (id !== null)
        await startCheckRun(client, check, id, {
          title: 'Publishing the result',
          summary: 'Reading the evaluation result.',
        }).catch(() => {});
      const concluded = await completeCheckRun(client, check, id, outcome.conclusion, output);
      core.setOutput('check-run-id', String(concluded));
    });
    core.setOutput('conclusion', outcome.conclusion);
  } else if (classification.kind === 'duplicate') {
    core.notice(
      `Pull request #${pr.number} has the head commit of #${classification.owner.number} by ${classification.owner.login}: commented, and no check run written on ${headSha.slice(0, 12)}.`,
    );
  }

  if (outcome.check && !target.touchesRuntime) {
    const packageCheck: CheckTarget = { ...ctx.repo, name: inputs.packageCheckName, headSha, detailsUrl };
    await attempt('mark the package-request check skipped', () =>
      completeCheckRun(client, packageCheck, null, 'skipped', {
        title: 'Not a package request',
        summary:
          'This pull request changes neither the environment files nor runtime/: there is no package request to check.',
      }),
    );
  }

  await core.summary.addRaw(renderReport(outcome.view)).write();
  core.setOutput('kind', classification.kind);
  core.setOutput('pull-request', String(pr.number));
  if (failures.length > 0) {
    core.setFailed(
      `The result could not be published completely (${failures.join('; ')}). Re-run this job; if it keeps failing, check the repository's Actions permissions.`,
    );
  }
}

/** The check run prepare handed on, when GitHub confirms it is ours to conclude; else null (a new one is created). */
async function handedCheckRun(
  client: GitHubClient,
  check: CheckTarget,
  inputs: Pick<Inputs, 'checkRunId' | 'appSlug'>,
): Promise<number | null> {
  if (!inputs.checkRunId) return null;
  const handed = await verifyHandedCheckRun(client, check, Number(inputs.checkRunId), inputs.appSlug || undefined);
  if (handed.ok) return handed.id;
  core.warning(`Not concluding the check run handed on: ${handed.why}. A new check run is created instead.`);
  return null;
}

/**
 * "best public 0.1124 — rank 3 of 41" for a scored evaluation, or null (no public score,
 * no ranked place, or anything that could not be read: the place is never worth a failed report).
 */
async function placeLine(
  client: GitHubClient,
  ctx: ActionContext,
  inputs: Inputs,
  pullRequest: number,
  headSha: string,
  read: ReadResult,
): Promise<string | null> {
  try {
    const { config } = await loadCompetition(path.resolve(inputs.competitionDir));
    const participant = await participantOf(client, ctx.repo, pullRequest);
    const now = new Date();
    const own = buildLedgerEntry(
      read,
      {
        repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
        participant,
        pullRequest,
        headSha,
        evaluationJob: inputs.evaluationJob,
        evaluateKind: 'submission',
        runId: Number(process.env.GITHUB_RUN_ID ?? 0) || 1,
        runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT ?? 1) || 1,
        startedAt: now,
        finishedAt: now,
        holdoutVersion: VERSION,
      },
      config,
    );
    if (own?.status !== 'success' || Object.keys(own.public_scores).length === 0) return null;
    const place = await placeWith(client, ctx.repo, config, own);
    return place ? placeLineOf(place) : null;
  } catch (e) {
    if (!(e instanceof ConfigError)) core.warning(`No place line in the comment: ${describeApiError(e)}`);
    return null;
  }
}
