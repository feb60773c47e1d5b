/**
 * The one ledger record an evaluation leaves, built by the record job from what it was
 * given: GitHub's own data (the pull request's author id and login, the head SHA, the
 * evaluation job's result, the run id, prepare's start time) and the result file, read as
 * hostile input (src/action/result-file.ts). Pure.
 *
 * The statuses follow the gate (src/action/outcome.ts): a verdict on the submission is
 * `success` or `failed`, everything else is ours and never charged — a result that is
 * missing, unreadable, off-schema or for another commit, or an evaluation job that failed,
 * is `error`; a cancelled one is `cancelled`. An evaluation that never ran (skipped: over
 * the limit, nothing to evaluate) leaves no record, so pushing repeatedly over the limit
 * cannot fill the ledger.
 *
 * Idempotency: a verdict's evaluation id is the same for every attempt of the workflow run
 * (evaluationId), so a retried record job appends nothing new. Our errors carry the run
 * attempt in their id: "Re-run failed jobs" after an error must still be able to record the
 * verdict that the new attempt reaches.
 */
import type { Competition } from '../config/schema.js';
import { evaluationId, type LedgerRecord, RECORD_VERSION } from '../ledger/record.js';
import type { ReadResult } from '../action/result-file.js';
import type { RunReport } from '../report/report.js';
import { publicScoresOf } from './evaluation-record.js';

export interface EntryFacts {
  repository: string;
  participant: { id: number; login: string };
  pullRequest: number;
  headSha: string;
  /** needs.evaluate.result: success | failure | cancelled | skipped ('' when unknown). */
  evaluationJob: string;
  /** The evaluate job's `kind` output: 'submission' when it evaluated (or tried to). */
  evaluateKind: string;
  runId: number;
  runAttempt: number;
  startedAt: Date;
  finishedAt: Date;
  holdoutVersion: string;
}

const METRIC_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

function cleanScores(scores: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(scores)
      .filter(([k, v]) => METRIC_NAME.test(k) && Number.isFinite(v))
      .slice(0, 64),
  );
}

/** The dataset a submission's evaluation is on when no run says: the private test data if there is one. */
export function defaultDataset(config: Competition): 'smoke' | 'test' {
  return config.datasets.test ? 'test' : 'smoke';
}

/** null: nothing was evaluated, nothing to record. */
export function buildLedgerEntry(read: ReadResult, facts: EntryFacts, config: Competition): LedgerRecord | null {
  if (facts.evaluationJob === 'skipped') return null;
  if (facts.evaluationJob === 'success' && facts.evaluateKind !== '' && facts.evaluateKind !== 'submission')
    return null; // the pull request moved on, or the commit is another's: the evaluate job ran nothing
  const ours = (status: 'error' | 'cancelled', reason: string, dataset: string): LedgerRecord =>
    entry(facts, config, { status, reason, dataset, salt: `attempt-${facts.runAttempt}` });

  if (facts.evaluationJob === 'cancelled') return ours('cancelled', 'cancelled', defaultDataset(config));
  if (facts.evaluationJob !== '' && facts.evaluationJob !== 'success')
    return ours('error', 'internal_error', defaultDataset(config));
  if (!read.ok) return ours('error', 'internal_error', defaultDataset(config));
  // The result file comes from the runner that ran participant code: which run counts, and on
  // which dataset, follows from the competition and the file's keys, never from what a run says
  // about itself. A smoke success where a private run was due means the private run is missing.
  const wanted = defaultDataset(config);
  const dataset: 'smoke' | 'test' = read.result.test ? 'test' : 'smoke';
  const run: RunReport | undefined = read.result.test ?? read.result.smoke;
  if (!run || run.dataset !== dataset) return ours('error', 'internal_error', wanted);
  if (dataset !== wanted && run.status === 'success') return ours('error', 'internal_error', wanted);
  if (run.status === 'error') return ours('error', run.reason ?? 'internal_error', dataset);
  return entry(facts, config, {
    status: run.status,
    reason: run.reason,
    dataset,
    run,
    submissionHash: read.result.submission_hash ?? null,
    // Sealed with the private run only; a smoke verdict has no private scores.
    sealed: dataset === 'test' && run.status === 'success' ? (read.result.sealed_private ?? null) : null,
  });
}

function entry(
  facts: EntryFacts,
  config: Competition,
  v: {
    status: LedgerRecord['status'];
    reason: string | null;
    dataset: string;
    salt?: string;
    run?: RunReport;
    submissionHash?: string | null;
    sealed?: string | null;
  },
): LedgerRecord {
  const run = v.run;
  return {
    version: RECORD_VERSION,
    evaluation_id: evaluationId({
      repository: facts.repository,
      pull_request: facts.pullRequest,
      head_sha: facts.headSha,
      dataset: v.dataset,
      run_id: facts.runId,
      ...(v.salt ? { salt: v.salt } : {}),
    }),
    rerun_of: null,
    kind: 'submission',
    participant: { id: facts.participant.id, login: facts.participant.login },
    pull_request: facts.pullRequest,
    head_sha: facts.headSha,
    submission_hash: v.submissionHash ?? null,
    dataset: v.dataset,
    workflow_run: { id: facts.runId, attempt: facts.runAttempt },
    started_at: facts.startedAt.toISOString(),
    finished_at: facts.finishedAt.toISOString(),
    status: v.status,
    reason: v.reason === null ? null : v.reason.slice(0, 500),
    // What participants already see (the private run's shown split, only with show-private-scores), by metric.
    public_scores: run && v.status === 'success' ? cleanScores(publicScoresOf(run, config)) : {},
    primary_metric: config.scoring.metric.key,
    sealed_private: v.sealed ?? null,
    duration_s: run?.duration_s ?? null,
    peak_memory_bytes: run?.peak_memory_bytes ?? null,
    image: run?.image ? run.image.slice(0, 300) : null,
    holdout_version: facts.holdoutVersion.slice(0, 64),
  };
}
