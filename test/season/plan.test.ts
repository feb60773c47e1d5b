/**
 * The re-score planner: which evaluations (scope, only-missing), and how they spread over
 * the shards (LPT by past durations, unknown as the median), deterministically.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  balanceShards,
  MAX_SHARDS,
  planRescore,
  plannedIds,
  selectEvaluations,
  shardMatrix,
} from '../../src/season/plan.js';
import { record } from './records.js';

/** A small deterministic PRNG (mulberry32), so the big test is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const opts = { dataset: 'test', onlyMissing: false, shards: 4, direction: 'maximize' as const };

describe('the re-score planner: balance', () => {
  test('10,000 evaluations with known durations over 8 runners: the longest shard is within 10 % of the mean', () => {
    const rand = prng(10);
    // Heavy-tailed, as real runs are: most take minutes, a few take hours.
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      evaluation_id: i.toString(16).padStart(32, '0'),
      duration_s: Math.round(30 + 60 * -Math.log(1 - rand()) + (rand() < 0.01 ? 3600 * rand() : 0)),
    }));
    const shards = balanceShards(items, 8);
    assert.equal(shards.length, 8);
    assert.equal(
      shards.reduce((n, s) => n + s.items.length, 0),
      10_000,
      'every evaluation is in exactly one shard',
    );
    assert.equal(new Set(shards.flatMap((s) => s.items.map((i) => i.evaluation_id))).size, 10_000);
    const loads = shards.map((s) => s.items.reduce((t, i) => t + i.duration_s, 0));
    const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
    const longest = Math.max(...loads);
    assert.ok(longest <= mean * 1.1, `longest ${longest} s vs mean ${mean.toFixed(0)} s`);
    assert.ok(longest - mean < 0.001 * mean, `LPT is within 0.1 % here: ${longest} vs ${mean}`);
    // What LPT beats: 8 equal slices in id order miss the mean by far more on these durations.
    const slices = Array.from({ length: 8 }, (_, k) =>
      items.slice(k * 1250, (k + 1) * 1250).reduce((t, i) => t + i.duration_s, 0),
    );
    assert.ok(
      Math.max(...slices) - mean > 0.01 * mean,
      'the data is uneven enough to tell a good split from a bad one',
    );
  });

  test('a few very long evaluations: each gets a shard of its own, the short ones fill the rest', () => {
    const items = [
      { evaluation_id: 'a', duration_s: 1000 },
      { evaluation_id: 'b', duration_s: 900 },
      ...Array.from({ length: 20 }, (_, i) => ({ evaluation_id: `s${i}`, duration_s: 100 })),
    ];
    const shards = balanceShards(items, 3);
    assert.deepEqual(
      shards.map((s) => s.items.map((i) => i.evaluation_id)[0]),
      ['a', 'b', 's0'],
    );
    // 3,900 s over 3 shards: 1,300 each at best; LPT lands within one short item of it.
    assert.deepEqual(
      shards.map((s) => s.expected_s),
      [1300, 1300, 1300],
    );
    assert.equal(shards[0]!.items.length + shards[1]!.items.length + shards[2]!.items.length, 22);
  });

  test('unknown durations count as the median of the known ones', () => {
    const items = [
      { evaluation_id: 'k1', duration_s: 10 },
      { evaluation_id: 'k2', duration_s: 50 },
      { evaluation_id: 'k3', duration_s: 90 },
      { evaluation_id: 'u1', duration_s: null },
      { evaluation_id: 'u2', duration_s: null },
    ];
    const shards = balanceShards(items, 2);
    assert.equal(
      shards.reduce((t, s) => t + s.expected_s, 0),
      10 + 50 + 90 + 50 + 50,
    );
    // k3 (90) → 0, k2 (50) → 1, u1 (as 50) → 1 (100), u2 (as 50) → 0 (140), k1 (10) → 1 (110).
    assert.deepEqual(
      shards.map((s) => s.items.map((i) => i.evaluation_id)),
      [
        ['k3', 'u2'],
        ['k2', 'u1', 'k1'],
      ],
    );
    assert.deepEqual(
      shards.map((s) => s.expected_s),
      [140, 110],
    );
    // None known at all: every evaluation weighs the same, so the counts even out.
    const blind = balanceShards(
      Array.from({ length: 10 }, (_, i) => ({ evaluation_id: String(i), duration_s: null })),
      3,
    );
    assert.deepEqual(
      blind.map((s) => s.items.length),
      [4, 3, 3],
    );
  });

  test('never more shards than evaluations nor than GitHub runs from one matrix (256); none for none', () => {
    const few = Array.from({ length: 3 }, (_, i) => ({ evaluation_id: String(i), duration_s: 1 }));
    assert.equal(balanceShards(few, 8).length, 3);
    const many = Array.from({ length: 1000 }, (_, i) => ({ evaluation_id: String(i), duration_s: 1 }));
    assert.equal(balanceShards(many, 5000).length, MAX_SHARDS);
    assert.equal(balanceShards(many, 0).length, 1);
    assert.deepEqual(balanceShards([], 8), []);
  });

  test('deterministic: the same records in any order give the same plan', () => {
    const rand = prng(3);
    const records = Array.from({ length: 300 }, (_, i) =>
      record({ n: i + 1, duration_s: rand() < 0.2 ? null : Math.round(rand() * 500) }),
    );
    const shuffled = [...records].sort(() => rand() - 0.5);
    const a = planRescore(records, { ...opts, scope: 'all', shards: 7 });
    const b = planRescore(shuffled, { ...opts, scope: 'all', shards: 7 });
    assert.deepEqual(a, b);
    assert.deepEqual(shardMatrix(a), { shard: [0, 1, 2, 3, 4, 5, 6] });
    assert.equal(plannedIds(a).length, 300);
  });
});

describe('the re-score planner: which evaluations', () => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 10, 2) + minutes * 60_000).toISOString();

  test('latest per participant is by numeric id, so a renamed login is still one participant', () => {
    const before = record({ n: 1, participant: { id: 7, login: 'old-name' }, finished_at: t(1) });
    const after = record({ n: 2, participant: { id: 7, login: 'new-name' }, finished_at: t(5) });
    const other = record({ n: 3, participant: { id: 8, login: 'bob' }, finished_at: t(2) });
    const { selected } = selectEvaluations([after, other, before], { ...opts, scope: 'latest' });
    assert.deepEqual(selected.map((r) => r.evaluation_id).sort(), [after.evaluation_id, other.evaluation_id].sort());
    // The shard fetches the folder the evaluation ran: the login at evaluation time.
    const plan = planRescore([before], { ...opts, scope: 'latest' });
    assert.equal(plan.shards[0]!.evaluations[0]!.folder, 'submissions/old-name');
  });

  test('best per participant by the public primary score in its direction, ties to the earlier; failures are not best', () => {
    const p = { id: 9, login: 'carol' };
    const low = record({ n: 11, participant: p, public_scores: { accuracy: 0.6 }, finished_at: t(1) });
    const highEarly = record({ n: 12, participant: p, public_scores: { accuracy: 0.9 }, finished_at: t(2) });
    const highLate = record({ n: 13, participant: p, public_scores: { accuracy: 0.9 }, finished_at: t(3) });
    const failed = record({
      n: 14,
      participant: p,
      status: 'failed',
      reason: 'timeout',
      public_scores: {},
      finished_at: t(4),
    });
    const all = [failed, highLate, low, highEarly];
    assert.deepEqual(
      selectEvaluations(all, { ...opts, scope: 'best' }).selected.map((r) => r.evaluation_id),
      [highEarly.evaluation_id],
    );
    assert.deepEqual(
      selectEvaluations(all, { ...opts, scope: 'best', direction: 'minimize' }).selected.map((r) => r.evaluation_id),
      [low.evaluation_id],
    );
    // Latest is the failed one: it ran, so it is re-scored too.
    assert.deepEqual(
      selectEvaluations(all, { ...opts, scope: 'latest' }).selected.map((r) => r.evaluation_id),
      [failed.evaluation_id],
    );
  });

  test('all: every evaluation that ran; refused and cancelled ones and re-score records are never re-scored', () => {
    const ran = [
      record({ n: 21 }),
      record({ n: 22, status: 'failed', reason: 'timeout', public_scores: {} }),
      record({ n: 23, status: 'error', reason: 'internal_error', public_scores: {} }),
    ];
    const never = [
      record({ n: 24, status: 'refused', reason: 'limit', public_scores: {}, duration_s: null }),
      record({ n: 25, status: 'cancelled', reason: 'cancelled', public_scores: {}, duration_s: null }),
    ];
    const rerun = record({ n: 26, rerun_of: ran[0]!.evaluation_id });
    const { selected } = selectEvaluations([...never, rerun, ...ran], { ...opts, scope: 'all' });
    assert.deepEqual(
      selected.map((r) => r.evaluation_id),
      ran.map((r) => r.evaluation_id).sort(),
    );
  });

  test('only-missing: an evaluation whose re-score record (rerun_of) is in the ledger on that dataset is left out', () => {
    const a = record({ n: 31 });
    const b = record({ n: 32 });
    const c = record({ n: 33 });
    const rescoredA = record({ n: 34, rerun_of: a.evaluation_id, dataset: 'test' });
    // A re-score of c on another dataset does not count for this one.
    const rescoredCSmoke = record({ n: 35, rerun_of: c.evaluation_id, dataset: 'smoke' });
    // A re-score of b that erred (our side) is not done: only-missing tries it again.
    const erredB = record({
      n: 36,
      rerun_of: b.evaluation_id,
      status: 'error',
      reason: 'internal_error',
      public_scores: {},
    });
    // d's submission is gone from its commit: final, trying again cannot bring it back.
    const d = record({ n: 37 });
    const goneD = record({
      n: 38,
      rerun_of: d.evaluation_id,
      status: 'error',
      reason: 'submission_missing',
      public_scores: {},
    });
    const records = [a, b, c, d, rescoredA, rescoredCSmoke, erredB, goneD];
    const missing = planRescore(records, { ...opts, scope: 'all', onlyMissing: true });
    assert.deepEqual(plannedIds(missing).sort(), [b.evaluation_id, c.evaluation_id].sort());
    assert.equal(missing.already_rescored, 2);
    assert.equal(missing.only_missing, true);
    // Without only-missing, everything in scope again.
    assert.equal(plannedIds(planRescore(records, { ...opts, scope: 'all' })).length, 4);
    // Everything done: an empty plan, no shard.
    const done = planRescore([a, rescoredA], { ...opts, scope: 'all', onlyMissing: true });
    assert.deepEqual(shardMatrix(done), { shard: [] });
    assert.equal(done.already_rescored, 1);
  });
});
