/**
 * Stage 2, the report job (hosted runner; the only job with `checks: write` and
 * `pull-requests: write`; runs no participant code). It resolves the pull
 * request from the head SHA itself, classifies it itself, reads the evaluation
 * job's result file as hostile input, then: one sticky comment, the check run
 * concluded on the head SHA, and the job summary.
 *
 * Each write is attempted even when an earlier one failed, so a comment GitHub
 * refuses (a 422) still leaves a concluded check; the job then fails, naming
 * what did not go through.
 */
import * as core from '@actions/core';
import { completeCheckRun, findCheckRun, startCheckRun } from '../../github/check-run.js';
import type { GitHubClient } from '../../github/octokit.js';
import { STICKY_MARKER, upsertStickyComment } from '../../github/sticky-comment.js';
import { headline, renderReport } from '../../report/markdown.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';
import { outcomeForClassification, outcomeForResult } from '../outcome.js';
import { readResultFile } from '../result-file.js';
import { resolveTarget } from '../target.js';

function describe(e: unknown): string {
  const status = (e as { status?: number }).status;
  const message = e instanceof Error ? e.message : String(e);
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
  const outcome =
    classification.kind === 'submission'
      ? outcomeForResult(await readResultFile(inputs.resultFile, headSha), inputs.evaluationJob, viewOptions)
      : outcomeForClassification(classification, viewOptions);

  const failures: string[] = [];
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      failures.push(`${what}: ${describe(e)}`);
      core.error(`Could not ${what}: ${describe(e)}`);
      return undefined;
    }
  };

  if (outcome.comment) {
    const comment = await attempt('write the pull request comment', () =>
      upsertStickyComment(client, { ...ctx.repo, issueNumber: pr.number, botLogin: inputs.botLogin }, renderReport(outcome.view, { prefix: STICKY_MARKER })),
    );
    if (comment) {
      core.setOutput('comment-url', comment.url);
      core.info(`Comment ${comment.action}: ${comment.url}${comment.removed ? ` (${comment.removed} duplicate removed)` : ''}`);
    }
  }

  const check = { ...ctx.repo, name: inputs.checkName, headSha, detailsUrl: ctx.runUrl };
  await attempt('conclude the check run', async () => {
    const id = await findCheckRun(client, check);
    const output = { title: headline(outcome.view), summary: renderReport(outcome.view, { limit: 65_535 }), annotations: outcome.annotations };
    if (id !== null) await startCheckRun(client, check, id, { title: 'Publishing the result', summary: 'Reading the evaluation result.' }).catch(() => {});
    await completeCheckRun(client, check, id, outcome.conclusion, output);
  });

  await core.summary.addRaw(renderReport(outcome.view)).write();
  core.setOutput('kind', classification.kind);
  core.setOutput('pull-request', String(pr.number));
  core.setOutput('conclusion', outcome.conclusion);
  if (failures.length > 0) {
    core.setFailed(`The result could not be published completely (${failures.join('; ')}). Re-run this job; if it keeps failing, check the repository's Actions permissions.`);
  }
}
