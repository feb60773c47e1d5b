/**
 * Package request, the report (workflow_run of the runtime workflow; hosted
 * runner; `pull-requests: write`; runs no participant code). The pull request is
 * found from the head SHA GitHub gives this run, classified from the API, and
 * the result file of the pull_request run is read as hostile input
 * (package-request-result.ts). Then: ONE sticky comment, under its own marker
 * so it never overwrites the evaluation comment, and the job summary.
 *
 * The request's verdict does not fail this job (the pull_request run already
 * shows it); only a comment GitHub would not take does.
 */
import * as core from '@actions/core';
import type { Classification } from '../../github/classify.js';
import type { GitHubClient } from '../../github/octokit.js';
import { upsertStickyComment } from '../../github/sticky-comment.js';
import { escapeText } from '../../report/markdown-escape.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';
import { readPackageResult, renderPackageResult } from '../package-request-result.js';
import { resolveTarget } from '../target.js';

/** A marker of its own: a PR can carry an evaluation comment and a package-request comment. */
export const PACKAGE_REQUEST_MARKER = '<!-- holdout:package-request -->';

/** Package requests, and maintainers' changes that touch the runtime, get the table. */
function wantsComment(c: Classification): boolean {
  return c.kind === 'package-request' || c.kind === 'maintenance';
}

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
  if (!wantsComment(classification)) {
    // A submission, or a participant's PR mixing other files: the evaluation comment explains it.
    core.notice(`Pull request #${pr.number} is a ${classification.kind}, not a package request: no package-request comment.`);
    return;
  }

  const read = await readPackageResult(inputs.resultFile, headSha);
  const body = read.ok
    ? renderPackageResult(read.result, { prefix: PACKAGE_REQUEST_MARKER })
    : unreadableBody(read.problem, ctx.runUrl);
  core.setOutput('verdict', read.ok ? read.result.verdict : 'error');

  try {
    const comment = await upsertStickyComment(client, { ...ctx.repo, issueNumber: pr.number, botLogin: inputs.botLogin, marker: PACKAGE_REQUEST_MARKER }, body);
    core.setOutput('comment-url', comment.url);
    core.info(`Comment ${comment.action}: ${comment.url}${comment.removed ? ` (${comment.removed} duplicate removed)` : ''}`);
  } catch (e) {
    const status = (e as { status?: number }).status;
    const message = e instanceof Error ? e.message : String(e);
    core.setFailed(`Could not write the package-request comment (${status ? `GitHub answered ${status}: ` : ''}${message}). Re-run this job; if it keeps failing, check that it has "pull-requests: write".`);
  } finally {
    await core.summary.addRaw(body.slice(PACKAGE_REQUEST_MARKER.length)).write();
  }
}

/** The comment when the result cannot be trusted or found: our side, said so. */
function unreadableBody(problem: string, runUrl: string | undefined): string {
  return [
    PACKAGE_REQUEST_MARKER,
    '### ⚠️ Package request: could not be checked (not your fault)',
    '',
    `The result of the package-request run could not be read: ${escapeText(problem)}.`,
    '',
    `Nothing to do on your side: an organizer can re-run the workflow${runUrl ? ` ([this run](${runUrl}))` : ''}.`,
    '',
  ].join('\n');
}
