/**
 * The pr-check job (holdout-pr.yml), on `pull_request` (hosted runner, read-only token, no secrets):
 * classify the PR, and for a submission validate it and run the smoke test on
 * the public sample from the checked-out workspace. The result and the log go
 * to `result-dir` for actions/upload-artifact. This job can write nothing on
 * GitHub: what it finds shows in its own log and summary; the required check
 * comes from the evaluation workflow.
 */
import * as core from '@actions/core';
import path from 'node:path';
import type { GitHubClient } from '../../github/octokit.js';
import { getPullRequest } from '../../github/pull-request.js';
import { renderReport } from '../../report/markdown.js';
import { field, type ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';
import { outcomeForClassification, outcomeForResult } from '../outcome.js';
import { writeRunResults } from '../result-file.js';
import { runPipeline } from '../run-pipeline.js';
import { classify } from '../target.js';

export async function prCheck(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const number = field(ctx.payload, 'pull_request', 'number');
  if (typeof number !== 'number') throw new InputError('mode "pr-check" runs on pull_request events only');
  // The files and the author come from the API, the same way the evaluate job sees them.
  const pr = await getPullRequest(client, ctx.repo, number);
  const classification = await classify(client, ctx.repo, pr);
  core.setOutput('kind', classification.kind);
  core.setOutput('pull-request', String(pr.number));
  core.setOutput('head-sha', pr.headSha);
  const viewOptions = {
    headSha: pr.headSha,
    showPrivateScores: false,
    showPrivateLogs: false,
    links: { run: ctx.runUrl },
  };

  if (classification.kind !== 'submission') {
    const outcome = outcomeForClassification(classification, viewOptions);
    for (const a of outcome.annotations) core.error(a.message, { file: a.path, startLine: 1, title: a.title });
    await core.summary.addRaw(renderReport(outcome.view)).write();
    core.setOutput('conclusion', outcome.conclusion);
    if (outcome.conclusion === 'failure') core.setFailed(outcome.view.message);
    else core.info(outcome.view.message);
    return;
  }

  core.setOutput('login', classification.login);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const resultDir = path.resolve(inputs.resultDir);
  const run = await runPipeline({
    competitionDir: path.resolve(workspace, inputs.competitionDir),
    submission: path.resolve(workspace, classification.folder),
    label: classification.folder,
    dataset: 'smoke',
    workDir: path.join(process.env.RUNNER_TEMP ?? resultDir, 'holdout-work'),
    showLog: true, // public sample data only
  });
  // The same file as the evaluation job's: the summary below shows what it holds.
  const { file, result } = await writeRunResults(resultDir, pr.headSha, { smoke: run });
  core.setOutput('result-file', file);
  const smoke = result.smoke!;

  const outcome = outcomeForResult({ ok: true, result }, 'success', viewOptions);
  await core.summary.addRaw(renderReport(outcome.view)).write();
  core.setOutput('status', smoke.status);
  core.setOutput('conclusion', outcome.conclusion);
  if (smoke.status !== 'success') core.setFailed(`${smoke.message} ${smoke.hint}`.trim());
}
