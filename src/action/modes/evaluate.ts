/**
 * The evaluate job of holdout-evaluation.yml (self-hosted runner with the private data;
 * `permissions: {}`): everything is checked again from scratch. The pull request
 * is looked up from the head SHA, classified from the API, its submission folder
 * fetched AS DATA into the runner's temp folder (never the workspace, never run
 * on the host), then run in the sandbox on the public sample and, if that
 * passes, on the private test data. The result file goes to `result-dir`.
 *
 * Private logs and scores never leave the runner unless the organizer allows it
 * (show-private-logs, show-private-scores): the result file is a downloadable
 * artifact, and would otherwise carry test data the submission chose to print.
 */
import * as core from '@actions/core';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadCompetition } from '../../config/load.js';
import { fetchSubmissionFolder, SubmissionFetchError } from '../../github/fetch-submission.js';
import type { GitHubClient } from '../../github/octokit.js';
import type { RunReport } from '../../report/report.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';
import { releasePrivateRun } from '../private-run.js';
import { writeRunResults } from '../result-file.js';
import { runPipeline } from '../run-pipeline.js';
import { resolveTarget } from '../target.js';
import { removeLeftovers } from '../../sandbox/containers.js';
import { invalidSubmissionReport, privateConfigErrorReport } from './invalid-report.js';
import { SealError } from '../../ledger/seal.js';
import {
  hashSubmissionFolder,
  resultsPublicKey,
  sealErrorReport,
  sealPrivateScores,
} from '../../season/evaluation-record.js';

export async function evaluateMode(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  // A previous job on this runner that was killed (SIGKILL, a lost runner) may have left
  // containers behind: remove those labelled as this runner's before anything else.
  const leftovers = await removeLeftovers();
  if (leftovers.length > 0)
    core.info(`Removed ${leftovers.length} container(s) left over by an earlier job on this runner.`);
  const target = await resolveTarget(client, ctx.repo, inputs);
  if (target?.classification.kind !== 'submission') {
    core.setOutput('kind', target?.classification.kind ?? 'none');
    core.notice(
      target?.classification.kind === 'duplicate'
        ? `Nothing to evaluate: this commit is the head of #${target.classification.owner.number}, whose own evaluation runs it.`
        : 'Nothing to evaluate: this commit is not the head of an open submission pull request.',
    );
    return;
  }
  const { classification, headSha } = target;
  core.setOutput('kind', 'submission');
  const competitionDir = path.resolve(inputs.competitionDir);
  const { config } = await loadCompetition(competitionDir);

  // Outside the workspace: the runner's temp folder is emptied after each job.
  const scratch = path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), `holdout-${headSha.slice(0, 12)}`);
  await rm(scratch, { recursive: true, force: true });
  const submissionDir = path.join(scratch, 'submission');
  const resultDir = path.resolve(inputs.resultDir);

  let smoke: RunReport;
  let test: RunReport | undefined;
  let submissionHash: string | undefined;
  let sealedPrivate: string | undefined;
  // With results.public_key the private run keeps its hidden splits' scores, only to seal them.
  const publicKey = resultsPublicKey(config);
  try {
    core.info(`Fetching ${classification.folder}/ at ${headSha} as data.`);
    await fetchSubmissionFolder(client, ctx.repo, {
      headSha,
      folder: classification.folder,
      destDir: submissionDir,
      limits: { maxFiles: config.submission.max_files, maxBytes: config.submission.max_size },
      exclude: config.submission.exclude,
    });
    // For the ledger: the same files give the same hash, whatever the commit.
    submissionHash = await hashSubmissionFolder(submissionDir);
    smoke = await runPipeline({
      competitionDir,
      submission: submissionDir,
      label: classification.folder,
      dataset: 'smoke',
      workDir: path.join(scratch, 'smoke'),
      showLog: true,
    });
    if (smoke.status === 'success') {
      if (config.datasets.test) {
        test = await runPipeline({
          competitionDir,
          submission: submissionDir,
          label: classification.folder,
          dataset: 'test',
          workDir: path.join(scratch, 'test'),
          showLog: inputs.showPrivateLogs,
          showHidden: publicKey !== undefined,
        }).catch((e: unknown) => {
          // The private data does not match competition.yml (its labels header, split values,
          // paths): the words name private things, so they go only into the kept report; the
          // result (an error: blocked, never charged) carries the fixed sentence.
          if (!(e instanceof ConfigError)) throw e;
          return privateConfigErrorReport(config, e.message);
        });
      } else {
        core.warning('competition.yml has no datasets.test: only the public sample was run.');
      }
    }
  } catch (e) {
    if (!(e instanceof SubmissionFetchError)) throw e;
    // Names, counts and bytes are decided before any download: the rule broken is named.
    smoke = { ...invalidSubmissionReport(config, 'smoke', e.message), hint: e.hint, problems: e.problems };
  }

  // Sealed first, with every split's score; the hidden splits' scores then leave the run.
  if (test && publicKey) {
    try {
      const sealed = await sealPrivateScores(test, config, publicKey);
      test = sealed.run;
      sealedPrivate = sealed.sealed;
    } catch (e) {
      if (!(e instanceof SealError)) throw e;
      test = sealErrorReport(config, e.message);
    }
  }
  // Kept whole on the runner (private_run.keep_dir), then only what the organizer allows leaves.
  if (test)
    test = await releasePrivateRun(test, {
      config,
      showLogs: inputs.showPrivateLogs,
      showScores: inputs.showPrivateScores,
      repo: ctx.repo,
      pullNumber: target.pr.number,
      headSha,
      workDir: path.join(scratch, 'test'),
    });
  const { file } = await writeRunResults(
    resultDir,
    headSha,
    { smoke, ...(test ? { test } : {}) },
    {
      copyTestLog: inputs.showPrivateLogs,
      ...(submissionHash ? { submissionHash } : {}),
      ...(sealedPrivate ? { sealedPrivate } : {}),
    },
  );
  core.setOutput('result-file', file);
  core.setOutput('status', (test ?? smoke).status);
}
