/** Ledger records for the leaderboard tests: valid by the ledger's schema unless a test says otherwise. */
import { createHash } from 'node:crypto';
import { type LedgerRecord, ledgerRecordSchema } from '../../src/ledger/record.js';

let counter = 0;

export interface RecordSpec {
  id: number;
  login: string;
  /** Minutes after 2026-12-01T00:00Z. */
  at: number;
  score?: number;
  status?: LedgerRecord['status'];
  sha?: string;
  secondary?: Record<string, number>;
  kind?: LedgerRecord['kind'];
  rerunOf?: string;
  evaluationId?: string;
  dataset?: string;
  metric?: string;
}

export function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

export function rec(spec: RecordSpec): LedgerRecord {
  counter++;
  const at = new Date(Date.UTC(2026, 11, 1) + spec.at * 60_000).toISOString();
  const status = spec.status ?? 'success';
  const metric = spec.metric ?? 'log_loss';
  const record: LedgerRecord = {
    version: 1,
    evaluation_id: spec.evaluationId ?? hex(`evaluation-${counter}`, 32),
    rerun_of: spec.rerunOf ?? null,
    kind: spec.kind ?? 'submission',
    participant: { id: spec.id, login: spec.login },
    pull_request: 1 + (counter % 500),
    head_sha: spec.sha ?? hex(`sha-${counter}`, 40),
    submission_hash: `sha256:${hex(`content-${counter}`, 64)}`,
    dataset: spec.dataset ?? 'test',
    workflow_run: { id: counter, attempt: 1 },
    started_at: at,
    finished_at: at,
    status,
    reason: status === 'success' ? null : status === 'failed' ? 'timeout' : 'runner_lost',
    public_scores: status === 'success' ? { [metric]: spec.score ?? 0.5, ...(spec.secondary ?? {}) } : {},
    primary_metric: metric,
    sealed_private: null,
    duration_s: 12,
    peak_memory_bytes: 1024,
    image: 'holdout/runtime:cpu',
    holdout_version: '0.1.0',
  };
  return ledgerRecordSchema.parse(record);
}
