/**
 * Re-score, the plan job (hosted, `contents: read`, runs no participant code): read the
 * results ledger from its branch through the API, choose the evaluations (scope,
 * only-missing), spread them over shards balanced by past durations, write the plan file
 * (uploaded as the holdout-rescore-plan artifact) and output the matrix ({"shard":[…]}) and
 * the count. Corrupt records are named and skipped by the reader, never trusted.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import type { GitHubClient } from '../../github/octokit.js';
import { readLedgerFromApi } from '../../ledger/read.js';
import { MAX_SHARDS, planRescore, plannedIds, SCOPES, type Scope, shardMatrix } from '../../season/plan.js';
import { writePlanFile } from '../../season/rescore.js';
import type { ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';

export interface PlanInputs {
  scope: Scope;
  dataset: 'smoke' | 'test';
  onlyMissing: boolean;
  shards: number;
}

/** The dispatch inputs, checked; an InputError names the one at fault and what it may be. */
export function readPlanInputs(get: (name: string) => string = (n) => core.getInput(n)): PlanInputs {
  const scope = get('scope') || 'latest';
  if (!(SCOPES as readonly string[]).includes(scope))
    throw new InputError(`input "scope" must be one of ${SCOPES.join(', ')}, not "${scope.slice(0, 40)}".`);
  const dataset = get('dataset') || 'test';
  if (dataset !== 'smoke' && dataset !== 'test')
    throw new InputError(`input "dataset" must be test or smoke, not "${dataset.slice(0, 40)}".`);
  const onlyMissing = get('only-missing') || 'false';
  if (onlyMissing !== 'true' && onlyMissing !== 'false')
    throw new InputError('input "only-missing" must be true or false.');
  const shards = get('shards') || '4';
  if (!/^\d{1,4}$/.test(shards) || Number(shards) < 1 || Number(shards) > MAX_SHARDS)
    throw new InputError(
      `input "shards" must be a whole number from 1 to ${MAX_SHARDS} (GitHub runs at most ${MAX_SHARDS} jobs from one matrix).`,
    );
  return { scope: scope as Scope, dataset, onlyMissing: onlyMissing === 'true', shards: Number(shards) };
}

export async function rescorePlan(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const asked = readPlanInputs();
  const { config } = await loadCompetition(path.resolve(inputs.competitionDir));
  if (asked.dataset === 'test' && !config.datasets.test)
    throw new InputError(
      'competition.yml has no datasets.test: re-score on smoke, or add the private test data first.',
    );
  const branch = config.results.branch;
  const ledger = await readLedgerFromApi(client, ctx.repo, branch);
  for (const p of ledger.problems) core.warning(`Skipped ${p.file} on ${branch}: ${p.problem}`);
  const plan = planRescore(ledger.records, {
    ...asked,
    direction: config.scoring.metric.direction,
  });
  const file = await writePlanFile(path.resolve(inputs.resultDir), plan);
  const count = plannedIds(plan).length;
  core.setOutput('matrix', JSON.stringify(shardMatrix(plan)));
  core.setOutput('count', String(count));
  const lines = [
    '## Holdout re-score plan',
    '',
    `Scope **${plan.scope}** on **${plan.dataset}**${plan.only_missing ? ', only missing' : ''}: ${count} evaluation${count === 1 ? '' : 's'} over ${plan.shards.length} shard${plan.shards.length === 1 ? '' : 's'} (from ${ledger.records.length} records on \`${branch}\`).`,
  ];
  if (plan.only_missing) lines.push('', `${plan.already_rescored} already re-scored on ${plan.dataset}: left out.`);
  if (count === 0) lines.push('', 'Nothing to re-score.');
  else {
    lines.push('', '| shard | evaluations | expected time |', '|---:|---:|---:|');
    // The private run hides durations unless private_run.show.duration: then the shards are balanced by count.
    for (const s of plan.shards)
      lines.push(
        `| ${s.index} | ${s.evaluations.length} | ${s.evaluations.some((e) => e.duration_s !== null) ? `${Math.ceil(s.expected_s / 60)} min` : 'unknown'} |`,
      );
  }
  if (ledger.problems.length > 0)
    lines.push(
      '',
      `${ledger.problems.length} record file(s) on \`${branch}\` are corrupt and were skipped: run \`holdout ledger verify\`.`,
    );
  await core.summary.addRaw(`${lines.join('\n')}\n`).write();
  core.setOutput('result-file', file);
}
