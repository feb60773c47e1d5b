/**
 * The record job of holdout-evaluation.yml (hosted runner, after report; the ONLY job with `contents:
 * write`; runs no participant code and checks out nothing of the pull request).
 *
 * It appends the evaluation's one ledger record (src/season/ledger-entry.ts) to the
 * results branch through the Git Data API (src/ledger/store.ts: never forced, retried on
 * contention, idempotent by evaluation id, so a re-run of this job appends nothing twice),
 * then writes LEADERBOARD.md and leaderboard.json on the branch, the board into the job
 * summary, and the Pages site into `leaderboard-dir`/site for actions/upload-pages-artifact.
 *
 * What it records comes from GitHub (the PR's author id and login, prepare's head SHA and
 * start time, the evaluation job's result, the run id) and from the result artifact read as
 * HOSTILE input (the same reader as report: size cap, strict schema, head SHA check). A
 * result that is missing or corrupt is recorded as `error` (ours): never charged. The check
 * is not this job's: report concluded it, fail-closed, before this job ran.
 *
 * The PR number and head SHA are prepare's, not looked up again: the evaluation that ran
 * is recorded even if the participant has pushed since.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import { resultsWarnings } from '../../config/results.js';
import type { GitHubClient } from '../../github/octokit.js';
import { leaderboardFor, writeLeaderboard } from '../../leaderboard/index.js';
import { REVEAL_FILE, readLedgerFromApi } from '../../ledger/read.js';
import { appendRecord, writeBranchFiles } from '../../ledger/store.js';
import { buildLedgerEntry } from '../../season/ledger-entry.js';
import { participantOf, resultsBranch } from '../../season/submission-limit.js';
import { VERSION } from '../../version.js';
import type { ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';
import { readResultFile } from '../result-file.js';
import { readFile } from 'node:fs/promises';

export async function recordMode(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  if (!inputs.pullRequest || !inputs.headSha)
    throw new InputError(
      'record needs "pull-request" and "head-sha" (needs.prepare.outputs.pull-request and head-sha); fix the record step\'s "with:" block',
    );
  const competitionDir = path.resolve(inputs.competitionDir);
  const { config } = await loadCompetition(competitionDir);
  for (const warning of resultsWarnings(config.results)) core.warning(warning);
  const branch = resultsBranch(config);
  const pullRequest = Number(inputs.pullRequest);
  const participant = await participantOf(client, ctx.repo, pullRequest);
  const read = await readResultFile(inputs.resultFile, inputs.headSha);
  if (!read.ok) core.warning(`The result is recorded as an error (ours, never charged): ${read.problem}.`);
  const now = new Date();
  const record = buildLedgerEntry(
    read,
    {
      repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
      participant,
      pullRequest,
      headSha: inputs.headSha,
      evaluationJob: inputs.evaluationJob,
      evaluateKind: inputs.evaluateKind,
      runId: positive(process.env.GITHUB_RUN_ID, 'GITHUB_RUN_ID'),
      runAttempt: positive(process.env.GITHUB_RUN_ATTEMPT ?? '1', 'GITHUB_RUN_ATTEMPT'),
      startedAt: inputs.startedAt ? new Date(inputs.startedAt) : now,
      finishedAt: now,
      holdoutVersion: VERSION,
    },
    config,
  );
  if (!record) {
    core.notice(
      'Nothing was evaluated in this run (over the submission limit, or the pull request moved on): nothing to record.',
    );
    core.setOutput('recorded', '');
    return;
  }
  if (ctx.eventName === 'workflow_dispatch') {
    // An organizer's re-run of this commit (after our error, say): a re-run of the first
    // evaluation, never charged as a new submission (limits count records without rerun_of).
    const earlier = (await readLedgerFromApi(client, ctx.repo, branch)).records
      .filter((r) => r.pull_request === pullRequest && r.head_sha === inputs.headSha && r.rerun_of === null)
      .sort((a, b) => a.finished_at.localeCompare(b.finished_at))[0];
    if (earlier && earlier.evaluation_id !== record.evaluation_id) record.rerun_of = earlier.evaluation_id;
  }
  const appended = await appendRecord(client, ctx.repo, branch, record, { log: (l) => core.info(l) });
  core.setOutput('recorded', record.evaluation_id);
  core.info(
    appended.appended.length > 0
      ? `Recorded ${record.status} for PR #${pullRequest} by ${participant.login} on "${branch}" (${appended.appended[0]}).`
      : `Already recorded on "${branch}" (a re-run of this job): ${appended.alreadyRecorded.join(', ')}.`,
  );

  // The board after this record: on the branch, in the summary, and as the Pages site.
  const ledger = await readLedgerFromApi(client, ctx.repo, branch);
  if (ledger.revealed) {
    // The final (private) board is published; a public-only board must not replace it.
    core.notice(
      `The reveal is recorded on "${branch}": the final leaderboard stands and is not rebuilt or republished.`,
    );
    core.setOutput('site-dir', '');
    return;
  }
  const notes = ledger.problems.map((p) => `${p.file} was skipped: ${p.problem}`);
  const data = await leaderboardFor(ledger.records, config, {
    submissionsDir: path.join(competitionDir, 'submissions'),
    notes,
    now,
  });
  const written = await writeLeaderboard(path.resolve(inputs.leaderboardDir), data);
  const markdown = await readFile(written.markdown, 'utf8');
  const board = await writeBranchFiles(
    client,
    ctx.repo,
    branch,
    [
      { path: 'LEADERBOARD.md', content: markdown },
      { path: 'leaderboard.json', content: await readFile(written.json, 'utf8') },
    ],
    `Leaderboard after ${record.evaluation_id}`,
    { log: (l) => core.info(l), unlessPresent: REVEAL_FILE },
  );
  if (board.skipped) {
    core.notice(
      `The reveal was recorded on "${branch}" meanwhile: the final leaderboard stands and is not rebuilt or republished.`,
    );
    core.setOutput('site-dir', '');
    return;
  }
  await core.summary.addRaw(markdown).write();
  core.setOutput('site-dir', written.site);
}

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InputError(`${name} is not set to a run number: the record job runs inside GitHub Actions only`);
  return n;
}
