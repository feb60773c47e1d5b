/**
 * Re-score, the record job (hosted; the only job of the re-score with `contents: write`;
 * runs no participant code): for every planned evaluation a shard returned, one ledger
 * record pointing at the original (rerun_of), appended in one commit (idempotent by
 * evaluation id: a retried job appends nothing twice). The shards' files are hostile input
 * (src/season/rescore.ts); what one of them is missing or garbles becomes OUR error for that
 * evaluation, never the participant's.
 *
 * Runs after failed or cancelled shards too (`if: always()`): what came back is recorded,
 * and every planned evaluation that did not come back is named in the summary; the job then
 * fails, so the run shows red, and says to dispatch again with only-missing.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import type { GitHubClient } from '../../github/octokit.js';
import type { LedgerRecord } from '../../ledger/record.js';
import { appendRecords } from '../../ledger/store.js';
import { collectShardResults, readPlanFile, rescoreRecord, rescoreSummary } from '../../season/rescore.js';
import { VERSION } from '../../version.js';
import type { ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';

export async function rescoreRecordMode(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const planFile = core.getInput('plan-file');
  if (!planFile)
    throw new InputError('input "plan-file" is required in mode rescore-record. Fix the step\'s "with:" block.');
  const plan = await readPlanFile(planFile);
  const { config } = await loadCompetition(path.resolve(inputs.competitionDir));
  const collected = await collectShardResults(plan, path.resolve(inputs.resultDir));
  for (const i of collected.ignored) core.warning(`Ignored ${i}.`);

  const facts = {
    repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
    runId: Number(process.env.GITHUB_RUN_ID) || 1,
    runAttempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1,
    now: new Date(),
    holdoutVersion: VERSION,
  };
  const records: LedgerRecord[] = [];
  const problems: { evaluation_id: string; problem: string }[] = [];
  const byStatus: Record<string, number> = {};
  for (const found of collected.found) {
    const { record, problem } = await rescoreRecord(found, plan.dataset, facts, config);
    records.push(record);
    byStatus[record.status] = (byStatus[record.status] ?? 0) + 1;
    if (problem) problems.push({ evaluation_id: found.planned.evaluation_id, problem });
  }
  const branch = config.results.branch;
  const appended =
    records.length > 0
      ? await appendRecords(client, ctx.repo, branch, records, { log: (l) => core.info(l) })
      : { appended: [], alreadyRecorded: [] };
  await core.summary
    .addRaw(
      rescoreSummary({
        appended: appended.appended.length,
        alreadyRecorded: appended.alreadyRecorded.length,
        byStatus,
        missing: collected.missing,
        problems,
      }),
    )
    .write();
  core.setOutput('count', String(appended.appended.length));
  if (collected.missing.length > 0) {
    core.setFailed(
      `${collected.missing.length} planned evaluation(s) came back from no shard (a runner died, or the run was cancelled): the ${records.length} that came back are recorded. Dispatch holdout-rescore.yml again with the same scope and dataset and only-missing checked to finish.`,
    );
  }
}
