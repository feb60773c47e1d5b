/**
 * Re-score, the shard job (self-hosted GPU runner, `permissions: {}`): run this shard's
 * evaluations of the plan again, one after the other, each exactly as the evaluation job
 * runs a pull request — the submission folder fetched AS DATA by its head SHA (never checked
 * out, never run on the host), the public sample first, then the private data in the
 * sandbox, the private scores sealed here with the public key, the run filtered by the
 * private run's policy. Each evaluation leaves its own folder under `result-dir`
 * (holdout-rescore-shard-<N>/<evaluation-id>/holdout-result.json and rescore.json) as soon
 * as it is done, so a shard
 * that is cancelled or dies half-way still hands over what it finished (the upload step runs
 * `if: always()`).
 *
 * One evaluation's trouble never stops the others: a submission that no longer exists at its
 * commit (a force-pushed fork, a deleted folder) is written as `missing` (recorded as our
 * error `submission_missing`, not charged), and an unexpected error is written as our error
 * for that evaluation alone.
 */
import * as core from '@actions/core';
import { messageOf } from '../../errors.js';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadCompetition } from '../../config/load.js';
import type { Competition } from '../../config/schema.js';
import { fetchSubmissionFolder, SubmissionFetchError } from '../../github/fetch-submission.js';
import { httpStatus, type GitHubClient } from '../../github/octokit.js';
import { SealError } from '../../ledger/seal.js';
import { effectiveLimits } from '../../pipeline/evaluate.js';
import { emptyRunReport, type RunReport } from '../../report/report.js';
import { removeLeftovers } from '../../sandbox/containers.js';
import {
  hashSubmissionFolder,
  resultsPublicKey,
  sealErrorReport,
  sealPrivateScores,
} from '../../season/evaluation-record.js';
import type { PlannedEvaluation } from '../../season/plan.js';
import { readPlanFile, shardFolder, writeRescoreFile } from '../../season/rescore.js';
import type { ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';
import { releasePrivateRun } from '../private-run.js';
import { writeRunResults } from '../result-file.js';
import { runPipeline } from '../run-pipeline.js';
import { invalidSubmissionReport, privateConfigErrorReport } from './invalid-report.js';

/** Our error for one evaluation: not charged, the others go on. */
function ourErrorReport(config: Competition, dataset: 'smoke' | 'test', message: string): RunReport {
  return {
    ...emptyRunReport(dataset, effectiveLimits(config), 'holdout test submissions/<your-login>'),
    status: 'error',
    reason: 'internal_error',
    message,
    hint: 'This is on our side, not yours — an organizer will re-run it.',
  };
}

export async function rescoreShard(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const planFile = core.getInput('plan-file');
  const shardInput = core.getInput('shard');
  if (!planFile)
    throw new InputError('input "plan-file" is required in mode rescore-shard. Fix the step\'s "with:" block.');
  if (!/^\d{1,3}$/.test(shardInput))
    throw new InputError('input "shard" must be the shard number (matrix.shard). Fix the step\'s "with:" block.');
  const plan = await readPlanFile(planFile);
  const shard = plan.shards.find((s) => s.index === Number(shardInput));
  if (!shard)
    throw new InputError(`the plan has no shard ${shardInput}. Pass matrix.shard from the plan job's matrix.`);

  const leftovers = await removeLeftovers();
  if (leftovers.length > 0)
    core.info(`Removed ${leftovers.length} container(s) left over by an earlier job on this runner.`);
  const competitionDir = path.resolve(inputs.competitionDir);
  const { config } = await loadCompetition(competitionDir);
  // One folder per shard inside the artifact: the record job merges the shards' artifacts
  // side by side and reads each shard's answers from its own folder only.
  const resultDir = path.join(path.resolve(inputs.resultDir), shardFolder(shard.index));
  core.info(`Shard ${shard.index}: ${shard.evaluations.length} evaluation(s) on ${plan.dataset}.`);

  const counts: Record<string, number> = {};
  for (const [i, e] of shard.evaluations.entries()) {
    const dataset = plan.dataset === 'test' ? 'test' : 'smoke';
    const status = await rescoreOne(client, ctx, inputs, config, competitionDir, dataset, e, resultDir);
    counts[status] = (counts[status] ?? 0) + 1;
    // Status only: the private run says nothing more (no score, no time, no count).
    core.info(`[${i + 1}/${shard.evaluations.length}] ${e.evaluation_id} (PR #${e.pull_request}): ${status}`);
  }
  core.setOutput('status', Object.keys(counts).length === 1 ? Object.keys(counts)[0]! : 'mixed');
}

async function rescoreOne(
  client: GitHubClient,
  ctx: ActionContext,
  inputs: Inputs,
  config: Competition,
  competitionDir: string,
  dataset: 'smoke' | 'test',
  e: PlannedEvaluation,
  resultRoot: string,
): Promise<string> {
  const startedAt = new Date();
  const scratch = path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), `holdout-rescore-${e.evaluation_id}`);
  await rm(scratch, { recursive: true, force: true });
  const submissionDir = path.join(scratch, 'submission');
  let smoke: RunReport;
  let test: RunReport | undefined;
  let submissionHash: string | undefined;
  let sealedPrivate: string | undefined;
  let missing: string | null = null;
  const publicKey = resultsPublicKey(config);
  try {
    try {
      await fetchSubmissionFolder(client, ctx.repo, {
        headSha: e.head_sha,
        folder: e.folder,
        destDir: submissionDir,
        limits: { maxFiles: config.submission.max_files, maxBytes: config.submission.max_size },
        exclude: config.submission.exclude,
      });
    } catch (err) {
      // The commit itself is gone (a force-pushed fork's old head, garbage-collected).
      const status = httpStatus(err);
      if (status === 404 || status === 422)
        throw new GoneError(
          `commit ${e.head_sha.slice(0, 12)} no longer exists in the repository (GitHub answered ${status})`,
        );
      if (err instanceof SubmissionFetchError && / does not exist at commit /.test(err.message))
        throw new GoneError(`${e.folder}/ no longer exists at commit ${e.head_sha.slice(0, 12)}`);
      throw err;
    }
    submissionHash = await hashSubmissionFolder(submissionDir);
    smoke = await runPipeline({
      competitionDir,
      submission: submissionDir,
      label: e.folder,
      dataset: 'smoke',
      workDir: path.join(scratch, 'smoke'),
      showLog: false,
      reuseResources: true,
    });
    if (dataset === 'test' && smoke.status === 'success' && config.datasets.test) {
      test = await runPipeline({
        competitionDir,
        submission: submissionDir,
        label: e.folder,
        dataset: 'test',
        workDir: path.join(scratch, 'test'),
        showLog: inputs.showPrivateLogs,
        showHidden: publicKey !== undefined,
        reuseResources: true,
      }).catch((err: unknown) => {
        if (!(err instanceof ConfigError)) throw err;
        return privateConfigErrorReport(config, err.message);
      });
    }
  } catch (err) {
    if (err instanceof GoneError) {
      missing = `${err.message}: the re-score cannot run it; the original evaluation's verdict stands.`;
      smoke = ourErrorReport(config, 'smoke', missing);
    } else if (err instanceof SubmissionFetchError) {
      smoke = { ...invalidSubmissionReport(config, 'smoke', err.message), hint: err.hint, problems: err.problems };
    } else {
      const detail = messageOf(err);
      core.warning(`${e.evaluation_id}: ${detail}`);
      smoke = ourErrorReport(config, 'smoke', `The re-score of this evaluation failed on our side: ${detail}`);
    }
  }
  if (test && publicKey) {
    try {
      const sealed = await sealPrivateScores(test, config, publicKey);
      test = sealed.run;
      sealedPrivate = sealed.sealed;
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      test = sealErrorReport(config, err.message);
    }
  }
  if (test)
    test = await releasePrivateRun(test, {
      config,
      showLogs: inputs.showPrivateLogs,
      showScores: inputs.showPrivateScores,
      repo: ctx.repo,
      pullNumber: e.pull_request,
      headSha: e.head_sha,
      workDir: path.join(scratch, 'test'),
    });
  const outDir = path.join(resultRoot, e.evaluation_id);
  await writeRunResults(
    outDir,
    e.head_sha,
    { smoke, ...(test ? { test } : {}) },
    {
      copyTestLog: inputs.showPrivateLogs,
      ...(submissionHash ? { submissionHash } : {}),
      ...(sealedPrivate ? { sealedPrivate } : {}),
    },
  );
  await writeRescoreFile(outDir, {
    format: 'holdout-rescore',
    version: 1,
    rerun_of: e.evaluation_id,
    head_sha: e.head_sha,
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    missing,
  });
  await rm(scratch, { recursive: true, force: true });
  return missing ? 'submission_missing' : (test ?? smoke).status;
}

class GoneError extends Error {
  override name = 'GoneError';
}
