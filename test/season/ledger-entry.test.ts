/**
 * The record an evaluation leaves (src/season/ledger-entry.ts) and what the evaluate job adds
 * to the result file for it (src/season/evaluation-record.ts): the submission hash, and the
 * private split sealed with the organizer's public key — opened here with the private key to
 * prove it, while the run that leaves the runner keeps no hidden score.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseCompetition } from '../../src/config/load.js';
import { privateRunForResult } from '../../src/action/private-run.js';
import { resultFileSchema } from '../../src/action/result-file.js';
import { ledgerRecordSchema } from '../../src/ledger/record.js';
import { generateKeyPair, openScores, SealError } from '../../src/ledger/seal.js';
import { submissionHash } from '../../src/ledger/hash.js';
import {
  hashSubmissionFolder,
  publicScoresOf,
  resultsPublicKey,
  sealPrivateScores,
} from '../../src/season/evaluation-record.js';
import { buildLedgerEntry, type EntryFacts } from '../../src/season/ledger-entry.js';
import { runReport } from '../action/support/fixtures.js';

const SHA = 'a'.repeat(40);
const yaml = (extra = '') =>
  [
    'name: Sealed',
    'datasets:',
    '  smoke: { data: data/smoke, labels: data/smoke_labels.csv }',
    '  test: { data: /srv/test/data, labels: /srv/test/labels.csv }',
    'scoring:',
    '  id_column: id',
    '  columns: [target]',
    '  metric: log_loss',
    extra,
  ].join('\n');
const withSplit = parseCompetition(yaml('  split: { column: Usage, show: [Public] }'));
const plain = parseCompetition(yaml());

const facts: EntryFacts = {
  repository: 'octo-org/competition',
  participant: { id: 77, login: 'alice' },
  pullRequest: 12,
  headSha: SHA,
  evaluationJob: 'success',
  evaluateKind: 'submission',
  runId: 4242,
  runAttempt: 1,
  startedAt: new Date('2026-12-01T10:00:00Z'),
  finishedAt: new Date('2026-12-01T10:07:00Z'),
  holdoutVersion: '0.1.0',
};

describe('sealed private scores', () => {
  test('the private split is sealed by metric; the run that leaves the runner keeps the public split only, rounded', async () => {
    const keys = await generateKeyPair();
    const run = runReport({
      dataset: 'test',
      scores: { 'log_loss.Public': 0.41234567, 'log_loss.Private': 0.39876543 },
      hidden: ['log_loss.Private'],
    });
    const { run: visible, sealed } = await sealPrivateScores(run, withSplit, keys.publicKey);
    assert.deepEqual(visible.scores, { 'log_loss.Public': 0.41234567 });
    assert.equal('hidden' in visible, false);
    assert.ok(sealed);
    assert.doesNotMatch(sealed, /0\.398/);
    assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, sealed), { log_loss: 0.39876543 });
    // What the result file carries with show-private-scores: the public split, rounded; never the private one.
    const released = privateRunForResult(visible, {
      showLogs: false,
      showScores: true,
      privateRun: withSplit.private_run,
    });
    assert.deepEqual(released.scores, { 'log_loss.Public': 0.412 });
    assert.deepEqual(publicScoresOf(released, withSplit), { log_loss: 0.412 });
    // The result file takes the box as it is.
    assert.ok(
      resultFileSchema.safeParse({
        format: 'holdout-result',
        version: 1,
        head_sha: SHA,
        test: released,
        sealed_private: sealed,
      }).success,
    );
  });

  test('without a split, the whole test score is sealed; a failed run seals nothing', async () => {
    const keys = await generateKeyPair();
    const { sealed } = await sealPrivateScores(
      runReport({ dataset: 'test', scores: { log_loss: 0.3 } }),
      plain,
      keys.publicKey,
    );
    assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, sealed!), { log_loss: 0.3 });
    const failed = await sealPrivateScores(
      runReport({ dataset: 'test', status: 'failed', reason: 'crash', scores: {} }),
      plain,
      keys.publicKey,
    );
    assert.equal(failed.sealed, undefined);
  });

  test('a public key that is not one is a SealError (the evaluate job turns it into our error)', async () => {
    await assert.rejects(
      sealPrivateScores(runReport({ dataset: 'test', scores: { log_loss: 0.3 } }), plain, 'bm90IGEga2V5'),
      (e: unknown) => e instanceof SealError && /holdout ledger keygen/.test((e as Error).message),
    );
  });

  test('results.public_key is read from competition.yml when set', async () => {
    const keys = await generateKeyPair();
    assert.equal(resultsPublicKey(plain), undefined);
    assert.equal(
      resultsPublicKey(parseCompetition(`${yaml()}\nresults:\n  public_key: ${keys.publicKey}\n`)),
      keys.publicKey,
    );
  });
});

describe('the submission hash', () => {
  test('the fetched folder hashes like the ledger hashes its files; links are not followed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-hash-'));
    await mkdir(path.join(dir, 'model'));
    await writeFile(path.join(dir, 'main.py'), 'print(1)\n');
    await writeFile(path.join(dir, 'model', 'w.bin'), Buffer.from([1, 2, 3]));
    await symlink('/etc/passwd', path.join(dir, 'link'));
    assert.equal(
      await hashSubmissionFolder(dir),
      submissionHash([
        { path: 'model/w.bin', bytes: Buffer.from([1, 2, 3]) },
        { path: 'main.py', bytes: Buffer.from('print(1)\n') },
      ]),
    );
  });
});

describe('the ledger entry', () => {
  const file = (over: object) => ({
    ok: true as const,
    result: { format: 'holdout-result' as const, version: 1 as const, head_sha: SHA, ...over },
  });

  test('a scored run: public scores by metric, the sealed box, the hash; valid against the record schema', () => {
    const r = buildLedgerEntry(
      file({
        smoke: runReport(),
        test: runReport({
          dataset: 'test',
          scores: { 'log_loss.Public': 0.412 },
          duration_s: null,
          peak_memory_bytes: null,
        }),
        submission_hash: `sha256:${'0'.repeat(64)}`,
        sealed_private: 'QUJDRA==',
      }),
      facts,
      withSplit,
    )!;
    assert.ok(ledgerRecordSchema.safeParse(r).success);
    assert.deepEqual(
      [r.status, r.dataset, r.public_scores, r.sealed_private, r.submission_hash, r.primary_metric, r.duration_s],
      ['success', 'test', { log_loss: 0.412 }, 'QUJDRA==', `sha256:${'0'.repeat(64)}`, 'log_loss', null],
    );
  });

  test('our errors are error (never success or failed) and carry the attempt; a verdict does not', () => {
    const missing = buildLedgerEntry({ ok: false, problem: 'the evaluation job left no result file' }, facts, plain)!;
    const again = buildLedgerEntry({ ok: false, problem: 'x' }, { ...facts, runAttempt: 2 }, plain)!;
    assert.deepEqual([missing.status, missing.reason, missing.dataset], ['error', 'internal_error', 'test']);
    assert.notEqual(
      missing.evaluation_id,
      again.evaluation_id,
      'a re-run after our error can still record its verdict',
    );
    const ok = file({ smoke: runReport(), test: runReport({ dataset: 'test', scores: { log_loss: 0.3 } }) });
    assert.equal(
      buildLedgerEntry(ok, facts, plain)!.evaluation_id,
      buildLedgerEntry(ok, { ...facts, runAttempt: 3 }, plain)!.evaluation_id,
      'a verdict is recorded once per workflow run, whatever the attempt',
    );
    const errorRun = file({
      smoke: runReport(),
      test: runReport({ dataset: 'test', status: 'error', reason: 'scorer_failed', scores: {} }),
    });
    assert.deepEqual(
      [buildLedgerEntry(errorRun, facts, plain)!.status, buildLedgerEntry(errorRun, facts, plain)!.reason],
      ['error', 'scorer_failed'],
    );
  });

  test('a forged result file cannot choose the dataset: a smoke run labelled test, or a private run left out, is our error', () => {
    const relabelled = file({ smoke: runReport({ dataset: 'test', scores: { log_loss: 0.01 } }) });
    const noPrivateRun = file({ smoke: runReport({ scores: { log_loss: 0.01 } }) });
    const testUnderSmoke = file({
      smoke: runReport(),
      test: runReport({ dataset: 'smoke', scores: { log_loss: 0.01 } }),
    });
    for (const forged of [relabelled, noPrivateRun, testUnderSmoke]) {
      const r = buildLedgerEntry(forged, facts, plain)!;
      assert.deepEqual([r.status, r.reason, r.dataset, r.public_scores], ['error', 'internal_error', 'test', {}]);
    }
    // A participant's failure on the public sample stops before the private run: that verdict stands.
    const smokeFailed = buildLedgerEntry(
      file({ smoke: runReport({ status: 'failed', reason: 'crash', scores: {} }) }),
      facts,
      plain,
    )!;
    assert.deepEqual([smokeFailed.status, smokeFailed.reason, smokeFailed.dataset], ['failed', 'crash', 'smoke']);
  });

  test('nothing evaluated (skipped, or the evaluate job found nothing): no record', () => {
    assert.equal(buildLedgerEntry({ ok: false, problem: 'x' }, { ...facts, evaluationJob: 'skipped' }, plain), null);
    assert.equal(buildLedgerEntry({ ok: false, problem: 'x' }, { ...facts, evaluateKind: 'none' }, plain), null);
  });
});

test('a competition without a private dataset: verdicts on the public sample are recorded, ranked and placed', async () => {
  const { leaderboardFor, placeFor } = await import('../../src/leaderboard/index.js');
  const smokeOnly = parseCompetition(
    yaml().replace('  test: { data: /srv/test/data, labels: /srv/test/labels.csv }\n', ''),
  );
  assert.equal(smokeOnly.datasets.test, undefined);
  const r = buildLedgerEntry(
    {
      ok: true,
      result: { format: 'holdout-result', version: 1, head_sha: SHA, smoke: runReport({ scores: { log_loss: 0.3 } }) },
    },
    facts,
    smokeOnly,
  )!;
  assert.deepEqual([r.status, r.dataset, r.public_scores], ['success', 'smoke', { log_loss: 0.3 }]);
  const board = await leaderboardFor([r], smokeOnly);
  assert.equal(board.leaderboard.public.length, 1);
  assert.deepEqual(placeFor([r], 77, smokeOnly), { best: 0.3, score: 0.3, rank: 1, of: 1 });
});
