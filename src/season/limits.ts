/**
 * Submission limits, counted from the results ledger. Pure: the caller reads the
 * ledger and the clock, this decides.
 *
 * What is charged: a participant's own evaluations (kind submission, no rerun_of —
 * an organizer's re-score is never charged) that reached a verdict on the
 * submission, `success` or `failed`. `error` (ours), `cancelled` and `refused`
 * never count: a participant is never charged for our faults or for a run that
 * did not happen. Identity is the numeric GitHub user id, so a renamed login
 * keeps its count. A record seen twice (same evaluation id) counts once.
 *
 * Time is the record's started_at (the trusted prepare job's clock). A record
 * dated in the future (a clock that jumped forward) still counts, until its own
 * window has passed: a participant never gains a slot from a clock that jumped.
 */
import type { LedgerRecord } from '../ledger/record.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export type LimitWindow = 'rolling' | 'utc_day';

export interface LimitPolicy {
  /** limits.submissions_per_day */
  perDay: number;
  /** limits.submissions_total (undefined: no total). */
  total?: number | undefined;
  /** limits.submissions_window */
  window: LimitWindow;
}

export type LimitDecision =
  | {
      allowed: true;
      /** Charged evaluations in the current window, and in all. */
      usedToday: number;
      usedTotal: number;
    }
  | {
      allowed: false;
      /** day: submissions_per_day reached; total: submissions_total reached (no slot ever opens). */
      limit: 'day' | 'total';
      used: number;
      max: number;
      /** When the next evaluation may start; null for the total limit. */
      nextSlot: Date | null;
    };

/** Statuses charged to the participant: a verdict on their submission. */
export const CHARGED_STATUSES: readonly LedgerRecord['status'][] = ['success', 'failed'];

type Countable = Pick<LedgerRecord, 'evaluation_id' | 'kind' | 'rerun_of' | 'status' | 'started_at'> & {
  participant: Pick<LedgerRecord['participant'], 'id'>;
};

/** The participant's charged evaluations, each once, as start times (ms) in ascending order. */
export function chargedStarts(records: readonly Countable[], participantId: number): number[] {
  const seen = new Set<string>();
  const starts: number[] = [];
  for (const r of records) {
    if (r.participant.id !== participantId || r.kind !== 'submission' || r.rerun_of !== null) continue;
    if (!CHARGED_STATUSES.includes(r.status) || seen.has(r.evaluation_id)) continue;
    const t = Date.parse(r.started_at);
    if (!Number.isFinite(t)) continue;
    seen.add(r.evaluation_id);
    starts.push(t);
  }
  return starts.sort((a, b) => a - b);
}

/** 00:00 UTC of the day `t` falls in. */
export function utcDayStart(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** Whether one more evaluation by `participantId` may start at `now`. */
export function checkLimit(
  records: readonly Countable[],
  participantId: number,
  policy: LimitPolicy,
  now: Date,
): LimitDecision {
  const starts = chargedStarts(records, participantId);
  const t = now.getTime();
  if (policy.total !== undefined && starts.length >= policy.total) {
    return { allowed: false, limit: 'total', used: starts.length, max: policy.total, nextSlot: null };
  }
  // Everything after the window's start counts, future-dated records included.
  const windowStart = policy.window === 'rolling' ? t - DAY_MS : utcDayStart(t);
  const inWindow = starts.filter((s) => s > windowStart || (policy.window === 'utc_day' && s === windowStart));
  if (inWindow.length < policy.perDay) return { allowed: true, usedToday: inWindow.length, usedTotal: starts.length };
  let next: number;
  if (policy.window === 'utc_day') {
    next = utcDayStart(t) + DAY_MS;
  } else {
    // One slot opens when enough of the oldest leave the window: with 5 allowed and 6 in it
    // (a race, a clock that jumped) the second oldest must leave too.
    next = inWindow[inWindow.length - policy.perDay]! + DAY_MS;
  }
  return { allowed: false, limit: 'day', used: inWindow.length, max: policy.perDay, nextSlot: new Date(next) };
}

/** "2026-12-02 10:15 UTC": minutes rounded up, so the slot is really open at the time said. */
export function formatSlot(slot: Date): string {
  const up = new Date(Math.ceil(slot.getTime() / 60_000) * 60_000);
  return `${up.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What the participant reads when the limit stops an evaluation; ends with what to do. Pure. */
export function limitMessage(
  decision: Extract<LimitDecision, { allowed: false }>,
  window: LimitWindow,
): { title: string; message: string; hint: string } {
  if (decision.limit === 'total') {
    return {
      title: `Submission limit reached: ${decision.used} of ${decision.max} evaluations used`,
      message: `You have used all ${decision.max} evaluations this competition allows (limits.submissions_total), so this commit was not evaluated.`,
      hint: 'No further evaluation is possible in this competition; if you think this is wrong, ask the organizers.',
    };
  }
  const when = formatSlot(decision.nextSlot!);
  const period = window === 'rolling' ? 'in the last 24 hours' : 'today (UTC)';
  return {
    title: `Submission limit reached: next slot ${when}`,
    message: `You have had ${decision.used} evaluations ${period}, the most limits.submissions_per_day (${decision.max}) allows, so this commit was not evaluated and nothing was charged. The next slot opens at ${when}.`,
    hint: `Push a commit after ${when} (an empty one will do: git commit --allow-empty -m "evaluate again" && git push) to have it evaluated.`,
  };
}
