/** Ledger records for the season tests: valid by the ledger's own schema. */
import { evaluationId, ledgerRecordSchema, type LedgerRecord } from '../../src/ledger/record.js';

let counter = 0;

export function record(over: Partial<LedgerRecord> & { n?: number } = {}): LedgerRecord {
  const { n = ++counter, ...rest } = over;
  const base: LedgerRecord = {
    version: 1,
    evaluation_id: evaluationId({
      repository: 'octo-org/competition',
      pull_request: n,
      head_sha: 'a'.repeat(40),
      dataset: 'test',
      run_id: n,
    }),
    rerun_of: null,
    kind: 'submission',
    participant: { id: 100 + (n % 7), login: `p${100 + (n % 7)}` },
    pull_request: n,
    head_sha: n.toString(16).padStart(40, '0'),
    submission_hash: `sha256:${'0'.repeat(64)}`,
    dataset: 'test',
    workflow_run: { id: n, attempt: 1 },
    started_at: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    finished_at: new Date(Date.UTC(2026, 10, 1) + n * 60_000 + 30_000).toISOString(),
    status: 'success',
    reason: null,
    public_scores: { accuracy: 0.5 },
    primary_metric: 'accuracy',
    sealed_private: null,
    duration_s: 30,
    peak_memory_bytes: null,
    image: 'holdout/base:bookworm',
    holdout_version: '0.1.0',
  };
  return ledgerRecordSchema.parse({ ...base, ...rest });
}
