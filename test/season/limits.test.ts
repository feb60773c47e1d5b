/** Submission limits counted from ledger records (src/season/limits.ts): pure, so plain records and a fixed clock. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { competitionSchema } from '../../src/config/schema.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { checkLimit, formatSlot, limitMessage } from '../../src/season/limits.js';

let n = 0;
function rec(
  at: string,
  over: Partial<Pick<LedgerRecord, 'status' | 'kind' | 'rerun_of' | 'evaluation_id'>> & { id?: number } = {},
) {
  return {
    evaluation_id: over.evaluation_id ?? (n++).toString(16).padStart(32, '0'),
    kind: over.kind ?? 'submission',
    rerun_of: over.rerun_of ?? null,
    status: over.status ?? 'success',
    started_at: at,
    participant: { id: over.id ?? 7 },
  } as const;
}

const rolling = { perDay: 5, window: 'rolling' as const };
const now = new Date('2026-12-02T12:00:00.000Z');

describe('submission limits', () => {
  test('five evaluations in the last 24 hours: the sixth is refused until the oldest leaves the window', () => {
    const records = [
      '2026-12-01T13:30:00Z',
      '2026-12-01T20:00:00Z',
      '2026-12-02T01:00:00Z',
      '2026-12-02T08:00:00Z',
    ].map((t) => rec(t));
    assert.deepEqual(checkLimit(records, 7, rolling, now), { allowed: true, usedToday: 4, usedTotal: 4 });
    const full = [...records, rec('2026-12-02T11:59:00Z')];
    const d = checkLimit(full, 7, rolling, now);
    assert.equal(d.allowed, false);
    assert.ok(!d.allowed);
    assert.equal(d.limit, 'day');
    assert.equal(d.used, 5);
    assert.equal(d.nextSlot?.toISOString(), '2026-12-02T13:30:00.000Z');
    // An evaluation exactly 24 h old has left the window.
    assert.equal(checkLimit(full, 7, rolling, new Date('2026-12-02T13:30:00Z')).allowed, true);
  });

  test('error, cancelled and refused records are never charged; failed is', () => {
    const ours = ['error', 'cancelled', 'refused'].flatMap((status) =>
      Array.from({ length: 5 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`, { status: status as LedgerRecord['status'] })),
    );
    assert.deepEqual(checkLimit(ours, 7, rolling, now), { allowed: true, usedToday: 0, usedTotal: 0 });
    const failed = Array.from({ length: 5 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`, { status: 'failed' }));
    assert.equal(checkLimit([...ours, ...failed], 7, rolling, now).allowed, false);
  });

  test('other participants, baselines, re-scores and a duplicated record do not count; identity is the numeric id', () => {
    const five = Array.from({ length: 5 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`, { id: 8 }));
    const others = [
      ...five,
      ...Array.from({ length: 5 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`, { kind: 'baseline' })),
      ...Array.from({ length: 5 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`, { rerun_of: 'a'.repeat(32) })),
    ];
    assert.deepEqual(checkLimit(others, 7, rolling, now), { allowed: true, usedToday: 0, usedTotal: 0 });
    const once = rec('2026-12-02T01:00:00Z', { evaluation_id: 'b'.repeat(32) });
    const dup = Array.from({ length: 5 }, () => once);
    assert.deepEqual(checkLimit(dup, 7, rolling, now), { allowed: true, usedToday: 1, usedTotal: 1 });
  });

  test('utc_day: the count starts at 00:00 UTC and the next slot is the next midnight', () => {
    const policy = { perDay: 2, window: 'utc_day' as const };
    const yesterday = [rec('2026-12-01T23:59:00Z'), rec('2026-12-01T23:58:00Z')];
    assert.equal(checkLimit(yesterday, 7, policy, now).allowed, true);
    const today = [rec('2026-12-02T00:00:00Z'), rec('2026-12-02T00:01:00Z')];
    const d = checkLimit([...yesterday, ...today], 7, policy, now);
    assert.ok(!d.allowed);
    assert.equal(d.nextSlot?.toISOString(), '2026-12-03T00:00:00.000Z');
    assert.match(limitMessage(d, 'utc_day').message, /2 evaluations today \(UTC\)/);
  });

  test('racing evaluations past the limit: the slot opens when enough of them have left the window', () => {
    const six = Array.from({ length: 6 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`));
    const d = checkLimit(six, 7, rolling, now);
    assert.ok(!d.allowed);
    assert.equal(d.used, 6);
    assert.equal(d.nextSlot?.toISOString(), '2026-12-03T01:00:00.000Z');
  });

  test('a record dated in the future (a clock that jumped) still counts', () => {
    const future = Array.from({ length: 5 }, (_, i) => rec(`2026-12-05T0${i}:00:00Z`));
    const d = checkLimit(future, 7, rolling, now);
    assert.ok(!d.allowed);
    assert.equal(d.nextSlot?.toISOString(), '2026-12-06T00:00:00.000Z');
  });

  test('submissions_total: no slot ever opens', () => {
    const old = Array.from({ length: 3 }, (_, i) => rec(`2026-11-0${i + 1}T00:00:00Z`));
    const d = checkLimit(old, 7, { ...rolling, total: 3 }, now);
    assert.deepEqual(d, { allowed: false, limit: 'total', used: 3, max: 3, nextSlot: null });
    assert.match(limitMessage(d as Extract<typeof d, { allowed: false }>, 'rolling').title, /3 of 3 evaluations used/);
    assert.equal(checkLimit(old, 7, { ...rolling, total: 4 }, now).allowed, true);
  });

  test('the message names the exact UTC time of the next slot, rounded up to the minute, and what to do', () => {
    assert.equal(formatSlot(new Date('2026-12-02T13:30:00.000Z')), '2026-12-02 13:30 UTC');
    assert.equal(formatSlot(new Date('2026-12-02T13:30:00.001Z')), '2026-12-02 13:31 UTC');
    const d = checkLimit(
      Array.from({ length: 5 }, (_, i) => rec(`2026-12-02T0${i}:00:00Z`)),
      7,
      rolling,
      now,
    ) as Extract<ReturnType<typeof checkLimit>, { allowed: false }>;
    const words = limitMessage(d, 'rolling');
    assert.equal(words.title, 'Submission limit reached: next slot 2026-12-03 00:00 UTC');
    assert.match(words.message, /5 evaluations in the last 24 hours.*\(5\).*next slot opens at 2026-12-03 00:00 UTC/);
    assert.match(words.hint, /^Push a commit after 2026-12-03 00:00 UTC/);
  });

  test('competition.yml: limits.submissions_per_day defaults to 5, rolling; the others are checked', () => {
    const base = {
      name: 'c',
      datasets: { smoke: { data: 'data', labels: 'labels.csv' } },
      scoring: { id_column: 'id', columns: ['target'], metric: 'log_loss' },
    };
    const parsed = competitionSchema.safeParse(base);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.equal(parsed.data.limits.submissions_per_day, 5);
    assert.equal(parsed.data.limits.submissions_total, undefined);
    assert.equal(parsed.data.limits.submissions_window, 'rolling');
    const custom = competitionSchema.parse({
      ...base,
      limits: { submissions_per_day: 2, submissions_total: 40, submissions_window: 'utc_day' },
    });
    assert.deepEqual(
      [custom.limits.submissions_per_day, custom.limits.submissions_total, custom.limits.submissions_window],
      [2, 40, 'utc_day'],
    );
    assert.equal(competitionSchema.safeParse({ ...base, limits: { submissions_per_day: 0 } }).success, false);
    assert.equal(competitionSchema.safeParse({ ...base, limits: { submissions_window: 'weekly' } }).success, false);
  });
});
