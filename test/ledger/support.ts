/** Records and a client for the ledger tests. */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { createClient, type GitHubClient } from '../../src/github/octokit.js';
import { evaluationId, type LedgerRecord } from '../../src/ledger/record.js';
import type { GitHubEmulator } from '../github/emulator/server.js';

export const BRANCH = 'holdout-results';

/** A valid record; `n` picks the pull request (and so the evaluation id). */
export function makeRecord(n: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  const head_sha = n.toString(16).padStart(40, '0');
  return {
    version: 1,
    evaluation_id: evaluationId({
      repository: 'octo-org/competition',
      pull_request: n,
      head_sha,
      dataset: 'test',
      run_id: 9000 + n,
    }),
    rerun_of: null,
    kind: 'submission',
    participant: { id: 1000 + n, login: `user-${n}` },
    pull_request: n,
    head_sha,
    submission_hash: `sha256:${'ab'.repeat(32)}`,
    dataset: 'test',
    workflow_run: { id: 9000 + n, attempt: 1 },
    started_at: '2026-12-01T10:00:00.000Z',
    finished_at: '2026-12-01T10:05:00.000Z',
    status: 'success',
    reason: null,
    public_scores: { rmse: 0.1 + n / 1000 },
    primary_metric: 'rmse',
    sealed_private: null,
    duration_s: 300,
    peak_memory_bytes: 1_000_000,
    image: 'ghcr.io/octo-org/competition-runtime:cpu-abc',
    holdout_version: '0.1.0',
    ...over,
  };
}

/**
 * Holdout's client for the emulator, without the one-second spacing Octokit's throttling puts
 * between content-creating requests of one client (GitHub's advice for real traffic): twenty
 * racing writers through one client would otherwise take minutes. Everything else is the same
 * client as production's (createClient); `throttled` gives that one itself.
 */
export function clientFor(emu: GitHubEmulator, throttled = false): GitHubClient {
  if (throttled) return createClient({ token: 'ghs_test', baseUrl: emu.url, warn: () => {} });
  const Client = Octokit.plugin(retry, throttling);
  return new Client({
    auth: 'ghs_test',
    baseUrl: emu.url,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: { enabled: false, onRateLimit: () => false, onSecondaryRateLimit: () => false },
  });
}

export const repoOf = (emu: GitHubEmulator) => ({ owner: emu.owner, repo: emu.repo });
