/**
 * Package request, the report (workflow_run of the runtime workflow; hosted
 * runner; `checks: write` and `pull-requests: write`; runs no participant code).
 * The pull request is found from the head SHA GitHub gives this run,
 * classified from the API, and the result file of the pull_request run is read
 * as hostile input (package-request-result.ts). Then: ONE sticky comment, under
 * its own marker so it never overwrites the evaluation comment; the
 * package-request check (`holdout / package-request`) on the head SHA, which
 * branch protection can require; and the job summary.
 *
 * The check is the request's verdict: pass → success, fail → failure, and a
 * result that could not be produced or read → action_required (blocks the
 * merge, our side). A participant's pull request that is not a package request
 * alone (it mixes in other files) fails it, and the evaluation check says why.
 * The report job of the evaluation marks the check `skipped` on pull requests
 * this workflow never runs for, so requiring it blocks nothing else. Like that
 * job, this one creates its own check run and never looks one up by name; a
 * duplicate (its head commit is another author's pull request's) writes none.
 *
 * Each write is attempted even when the other failed; the job then fails,
 * naming what did not go through.
 */
import * as core from '@actions/core';
import { completeCheckRun, type CheckConclusion } from '../../github/check-run.js';
import type { Classification } from '../../github/classify.js';
import type { GitHubClient } from '../../github/octokit.js';
import { upsertStickyComment } from '../../github/sticky-comment.js';
import { escapeText } from '../../report/markdown-escape.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';
import { readPackageResult, renderPackageResult, type Verdict } from '../package-request-result.js';
import { resolveTarget } from '../target.js';
import { describeApiError } from './report.js';

/** A marker of its own: a PR can carry an evaluation comment and a package-request comment. */
export const PACKAGE_REQUEST_MARKER = '<!-- holdout:package-request -->';

/** Package requests, and maintainers' changes that touch the runtime, get the table. */
function wantsComment(c: Classification): boolean {
  return c.kind === 'package-request' || c.kind === 'maintenance';
}

const CONCLUSION: Record<Verdict, CheckConclusion> = { pass: 'success', fail: 'failure', error: 'action_required' };
const TITLE: Record<Verdict, string> = {
  pass: 'Package request: passed',
  fail: 'Package request: changes needed',
  error: 'Package request: could not be checked (our side, not yours)',
};

export async function packageRequestReport(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const target = await resolveTarget(client, ctx.repo, inputs);
  if (!target) {
    core.notice('No open pull request has this commit as its head (closed, or pushed over): nothing to report.');
    return;
  }
  const { pr, classification, headSha } = target;
  core.setOutput('kind', classification.kind);
  core.setOutput('pull-request', String(pr.number));
  core.setOutput('head-sha', headSha);
  const check = { ...ctx.repo, name: inputs.packageCheckName, headSha, detailsUrl: ctx.runUrl ?? pr.htmlUrl };

  const failures: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      failures.push(`${what}: ${describeApiError(e)}`);
      core.error(`Could not ${what}: ${describeApiError(e)}`);
    }
  };
  const fail = () => {
    if (failures.length > 0)
      core.setFailed(
        `The package-request result could not be published completely (${failures.join('; ')}). Re-run this job; if it keeps failing, check that it has "checks: write" and "pull-requests: write".`,
      );
  };

  if (!wantsComment(classification)) {
    // A submission, or a participant's PR mixing other files: the evaluation comment explains it.
    core.notice(
      `Pull request #${pr.number} is a ${classification.kind}, not a package request: no package-request comment.`,
    );
    if (classification.kind === 'rejected') {
      await attempt('conclude the package-request check', () =>
        completeCheckRun(client, check, null, 'failure', {
          title: 'Not a package request',
          summary: `${escapeText(classification.summary)}\n\nA package request changes environment-cpu.yml / environment-gpu.yml and nothing else; the evaluation check lists each file.`,
        }),
      );
    }
    fail();
    return;
  }

  const read = await readPackageResult(inputs.resultFile, headSha);
  const body = read.ok
    ? renderPackageResult(read.result, { prefix: PACKAGE_REQUEST_MARKER })
    : unreadableBody(read.problem, ctx.runUrl);
  const verdict: Verdict = read.ok ? read.result.verdict : 'error';
  core.setOutput('verdict', verdict);

  await attempt('write the package-request comment', async () => {
    const comment = await upsertStickyComment(
      client,
      { ...ctx.repo, issueNumber: pr.number, botLogin: inputs.botLogin, marker: PACKAGE_REQUEST_MARKER },
      body,
    );
    core.setOutput('comment-url', comment.url);
    core.info(
      `Comment ${comment.action}: ${comment.url}${comment.removed ? ` (${comment.removed} duplicate removed)` : ''}`,
    );
  });
  await attempt('conclude the package-request check', async () => {
    const id = await completeCheckRun(client, check, null, CONCLUSION[verdict], {
      title: TITLE[verdict],
      summary: body.slice(PACKAGE_REQUEST_MARKER.length + 1),
    });
    core.setOutput('check-run-id', String(id));
  });
  core.setOutput('conclusion', CONCLUSION[verdict]);
  await core.summary.addRaw(body.slice(PACKAGE_REQUEST_MARKER.length)).write();
  fail();
}

/** The comment when the result cannot be trusted or found: our side, said so. */
function unreadableBody(problem: string, runUrl: string | undefined): string {
  return [
    PACKAGE_REQUEST_MARKER,
    '### ⚠️ Package request: could not be checked (not your fault)',
    '',
    `The result of the package-request run could not be read: ${escapeText(problem)}.`,
    '',
    `Nothing to do on your side: this is on our side, not yours — an organizer will re-run it${runUrl ? ` ([this run](${runUrl}))` : ''}.`,
    '',
  ].join('\n');
}
