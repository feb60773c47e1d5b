/**
 * The re-score's hand-overs between its three jobs, and the records it appends.
 *
 *   plan job   → holdout-rescore-plan.json (the plan: which evaluation on which shard)
 *   shard job  → holdout-rescore-shard-<N>/<evaluation-id>/holdout-result.json (the same result file the
 *                evaluation job writes: private scores sealed, the run filtered by the private
 *                run's policy) and rescore.json (when it ran; whether the submission was gone)
 *   record job → one ledger record per result, pointing at the original (rerun_of)
 *
 * The record job reads the shards' files as HOSTILE input (they come from jobs on the
 * self-hosted runners): size-capped, schema-checked, the head SHA checked against the PLAN
 * (which the trusted plan job made from the ledger), and a shard's folder may only answer
 * for the evaluations the plan gave that shard. Who the participant is, which pull request,
 * which commit: always from the plan, never from a shard's file.
 */
import { type FileHandle, mkdir, open, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readResultFile, RESULT_FILE_NAME } from '../action/result-file.js';
import type { Competition } from '../config/schema.js';
import { evaluationId, type LedgerRecord } from '../ledger/record.js';
import { buildLedgerEntry } from './ledger-entry.js';
import { MAX_SHARDS, type PlannedEvaluation, type RescorePlan, SCOPES, SUBMISSION_MISSING } from './plan.js';
import { escapeText } from '../report/markdown-escape.js';

export { SUBMISSION_MISSING };

export const PLAN_FILE_NAME = 'holdout-rescore-plan.json';
export const RESCORE_FILE_NAME = 'rescore.json';
/** Far above a plan of 100,000 evaluations (≈ 300 bytes each), far below harm. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;
const MAX_RESCORE_BYTES = 4096;

const sha = z.string().regex(/^[0-9a-f]{40}$/);
const evaluationIdSchema = z.string().regex(/^[0-9a-f]{32}$/);
const plannedSchema = z
  .object({
    evaluation_id: evaluationIdSchema,
    participant: z
      .object({
        id: z.number().int().positive(),
        login: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/),
      })
      .strict(),
    kind: z.enum(['submission', 'baseline']),
    pull_request: z.number().int().positive(),
    head_sha: sha,
    folder: z.string().regex(/^submissions\/[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?$/),
    duration_s: z.number().nonnegative().nullable(),
  })
  .strict();

export const planSchema = z
  .object({
    format: z.literal('holdout-rescore-plan'),
    version: z.literal(1),
    scope: z.enum(SCOPES),
    dataset: z.enum(['smoke', 'test']),
    only_missing: z.boolean(),
    already_rescored: z.number().int().nonnegative(),
    shards: z
      .array(
        z
          .object({
            index: z.number().int().nonnegative(),
            expected_s: z.number().nonnegative(),
            evaluations: z.array(plannedSchema),
          })
          .strict(),
      )
      .max(MAX_SHARDS),
  })
  .strict();

/** What a shard says about one evaluation besides the result file. */
export const rescoreFileSchema = z
  .object({
    format: z.literal('holdout-rescore'),
    version: z.literal(1),
    rerun_of: evaluationIdSchema,
    head_sha: sha,
    started_at: z.iso.datetime({ offset: true }),
    finished_at: z.iso.datetime({ offset: true }),
    /** The submission could not be fetched at its commit any more: why, in words; else null. */
    missing: z.string().max(1000).nullable(),
  })
  .strict();
export type RescoreFile = z.output<typeof rescoreFileSchema>;

export class PlanError extends Error {
  override name = 'PlanError';
}

export async function writePlanFile(dir: string, plan: RescorePlan): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, PLAN_FILE_NAME);
  await writeFile(file, `${JSON.stringify(plan)}\n`);
  return file;
}

/** Read at most `max` bytes of a file as text; null when it is missing, 'too-big' past the cap. */
async function readCapped(file: string, max: number): Promise<string | null | 'too-big'> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(max + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead > max ? 'too-big' : buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The plan the plan job wrote; a PlanError (our fault: the workflow) when it is missing or not a plan. */
export async function readPlanFile(file: string): Promise<RescorePlan> {
  const text = await readCapped(file, MAX_PLAN_BYTES);
  const fix = 'Check that the job downloads the holdout-rescore-plan artifact and passes its file as plan-file.';
  if (text === null) throw new PlanError(`The re-score plan ${file} does not exist. ${fix}`);
  if (text === 'too-big')
    throw new PlanError(`The re-score plan ${file} is larger than ${MAX_PLAN_BYTES} bytes. ${fix}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PlanError(`The re-score plan ${file} is not JSON. ${fix}`);
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new PlanError(
      `The re-score plan ${file} is not a plan (${i ? `${i.path.join('.') || '(root)'}: ${i.message}` : 'unknown'}). ${fix}`,
    );
  }
  return parsed.data;
}

export async function writeRescoreFile(dir: string, file: RescoreFile): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, RESCORE_FILE_NAME), `${JSON.stringify(rescoreFileSchema.parse(file), null, 2)}\n`);
}

/** One evaluation's result as the record job found it. */
export interface FoundResult {
  planned: PlannedEvaluation;
  shard: number;
  /** The folder it was read from. */
  dir: string;
}

export interface CollectedResults {
  found: FoundResult[];
  /** Planned evaluations no shard returned (a runner that died, a cancelled run). */
  missing: { evaluation_id: string; shard: number; login: string; pull_request: number }[];
  /** Files a shard returned that the plan did not give it: ignored, each with why. */
  ignored: string[];
}

/** The folder shard `i` writes its results in (and the record job, merging the artifacts, finds them in). */
export const shardFolder = (index: number) => `holdout-rescore-shard-${index}`;

/**
 * Which planned evaluations came back, reading only the folder of the shard each was planned
 * on: a shard cannot answer for another shard's evaluation, nor add one the plan does not hold.
 */
export async function collectShardResults(plan: RescorePlan, resultsDir: string): Promise<CollectedResults> {
  const found: FoundResult[] = [];
  const missing: CollectedResults['missing'] = [];
  const ignored: string[] = [];
  for (const shard of plan.shards) {
    const dir = path.join(resultsDir, shardFolder(shard.index));
    const planned = new Map(shard.evaluations.map((e) => [e.evaluation_id, e]));
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      // No artifact: the shard died before uploading, or was cancelled before it started.
    }
    const present = new Set<string>();
    for (const name of names) {
      if (planned.has(name)) present.add(name);
      else ignored.push(`${shardFolder(shard.index)}/${name}: not an evaluation the plan gave shard ${shard.index}`);
    }
    for (const e of shard.evaluations) {
      if (present.has(e.evaluation_id))
        found.push({ planned: e, shard: shard.index, dir: path.join(dir, e.evaluation_id) });
      else
        missing.push({
          evaluation_id: e.evaluation_id,
          shard: shard.index,
          login: e.participant.login,
          pull_request: e.pull_request,
        });
    }
  }
  return { found, missing, ignored };
}

export interface RescoreFacts {
  repository: string;
  runId: number;
  runAttempt: number;
  /** When the record job runs: the fallback time when a shard's own times are unusable. */
  now: Date;
  holdoutVersion: string;
}

/**
 * The re-score record for one result folder: the evaluation job's record rules
 * (buildLedgerEntry: a result that is missing, unreadable, off-schema or for another commit
 * is OUR error, never the participant's), with the identity from the plan and `rerun_of`
 * the original. A submission that could not be fetched at its commit any more is an error
 * with the reason `submission_missing`: not charged, and the leaderboard keeps the
 * original's verdict. Returns the record and, when something was wrong, why.
 */
export async function rescoreRecord(
  found: FoundResult,
  dataset: string,
  facts: RescoreFacts,
  config: Competition,
): Promise<{ record: LedgerRecord; problem: string | null }> {
  const { planned } = found;
  const rescore = await readRescoreFile(path.join(found.dir, RESCORE_FILE_NAME), planned);
  const read = await readResultFile(path.join(found.dir, RESULT_FILE_NAME), planned.head_sha);
  const times = rescore.ok
    ? { startedAt: new Date(rescore.file.started_at), finishedAt: new Date(rescore.file.finished_at) }
    : { startedAt: facts.now, finishedAt: facts.now };
  const entry = buildLedgerEntry(
    read,
    {
      repository: facts.repository,
      participant: planned.participant,
      pullRequest: planned.pull_request,
      headSha: planned.head_sha,
      evaluationJob: rescore.ok ? 'success' : 'failure',
      evaluateKind: 'submission',
      runId: facts.runId,
      runAttempt: facts.runAttempt,
      ...times,
      holdoutVersion: facts.holdoutVersion,
    },
    config,
  );
  // buildLedgerEntry returns null only for a skipped or moved-on evaluation job, never here.
  if (!entry) throw new Error(`no record could be built for ${planned.evaluation_id}; this is a bug in Holdout`);
  const gone = rescore.ok && rescore.file.missing !== null;
  const status = gone ? 'error' : entry.status;
  const record: LedgerRecord = {
    ...entry,
    kind: planned.kind,
    dataset,
    status,
    reason: gone ? SUBMISSION_MISSING : entry.reason,
    public_scores: gone ? {} : entry.public_scores,
    sealed_private: gone ? null : entry.sealed_private,
    rerun_of: planned.evaluation_id,
    // One re-score of this original in this run: the same id on every attempt of the record
    // job (a retried job appends nothing twice). Our errors carry the attempt, so that
    // re-running the failed shard can still record the verdict it then reaches — except a
    // submission that is gone, which no attempt brings back.
    evaluation_id: evaluationId({
      repository: facts.repository,
      pull_request: planned.pull_request,
      head_sha: planned.head_sha,
      dataset,
      run_id: facts.runId,
      salt: `rescore:${planned.evaluation_id}${(status === 'error' && !gone) || status === 'cancelled' ? `:attempt-${facts.runAttempt}` : ''}`,
    }),
  };
  const problem = !rescore.ok ? rescore.problem : !read.ok ? read.problem : gone ? rescore.file.missing : null;
  return { record, problem };
}

async function readRescoreFile(
  file: string,
  planned: PlannedEvaluation,
): Promise<{ ok: true; file: RescoreFile } | { ok: false; problem: string }> {
  const text = await readCapped(file, MAX_RESCORE_BYTES);
  if (text === null) return { ok: false, problem: 'the shard left no rescore.json' };
  if (text === 'too-big') return { ok: false, problem: `rescore.json is larger than ${MAX_RESCORE_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'rescore.json is not JSON' };
  }
  const parsed = rescoreFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'rescore.json does not match its schema' };
  if (parsed.data.rerun_of !== planned.evaluation_id || parsed.data.head_sha !== planned.head_sha)
    return { ok: false, problem: 'rescore.json is about another evaluation' };
  return { ok: true, file: parsed.data };
}

/** The record job's summary: what was appended, what is missing and how to finish. Markdown, escaped by construction (ids, numbers, logins). */
export function rescoreSummary(opts: {
  appended: number;
  alreadyRecorded: number;
  byStatus: Record<string, number>;
  missing: CollectedResults['missing'];
  problems: { evaluation_id: string; problem: string }[];
}): string {
  const lines = ['## Holdout re-score', ''];
  lines.push(
    `Recorded ${opts.appended} re-score record${opts.appended === 1 ? '' : 's'}${opts.alreadyRecorded ? ` (${opts.alreadyRecorded} already on the results branch from an earlier attempt)` : ''}.`,
  );
  const statuses = Object.entries(opts.byStatus)
    .sort()
    .map(([s, n]) => `${s}: ${n}`);
  if (statuses.length > 0) lines.push('', `Verdicts — ${statuses.join(', ')}.`);
  if (opts.problems.length > 0) {
    lines.push('', '### Recorded as our error', '');
    for (const p of opts.problems.slice(0, 200)) lines.push(`- \`${p.evaluation_id}\`: ${escapeText(p.problem, 500)}`);
  }
  if (opts.missing.length > 0) {
    lines.push(
      '',
      `### Missing: ${opts.missing.length} evaluation${opts.missing.length === 1 ? '' : 's'} no shard returned`,
      '',
      'Their runner died or the run was cancelled; nothing was recorded for them. Dispatch holdout-rescore.yml again with the same scope and dataset and **only-missing** checked to run just these.',
      '',
    );
    for (const m of opts.missing.slice(0, 500))
      lines.push(`- \`${m.evaluation_id}\` (shard ${m.shard}, PR #${m.pull_request} by ${m.login})`);
    if (opts.missing.length > 500) lines.push(`- … and ${opts.missing.length - 500} more`);
  }
  return `${lines.join('\n')}\n`;
}
