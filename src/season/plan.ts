/**
 * The re-score planner (holdout-rescore.yml's plan job). Pure: records in, a plan out.
 *
 * 1. Which evaluations: from the ledger's first evaluations (a re-score record is never
 *    re-scored itself; its `rerun_of` names the original), by scope —
 *      - `latest`: each participant's most recent evaluation that ran (success or failed,
 *        or our own error, which deserves its second chance most);
 *      - `best`:   each participant's best scored evaluation on the public primary metric
 *        (ties to the earlier one, as on the leaderboard);
 *      - `all`:    every evaluation that ran.
 *    Participants are told apart by their numeric id, never their login (logins change).
 *    Evaluations that never ran (refused, cancelled) have nothing to re-score.
 *    With `onlyMissing`, an evaluation that already has a final re-score record on the
 *    dataset (a verdict, or "submission missing") is left out: a re-score cancelled half-way, or one whose runner died, is finished by
 *    dispatching again with only-missing.
 * 2. How to spread them: LPT (longest processing time first) over N shards — sort by the
 *    past duration, longest first, and put each on the least-loaded shard. Greedy LPT is
 *    within 4/3 of the optimum and, with many small jobs, within a hair of the mean. An
 *    unknown duration (the private run hides it unless the organizer shows it) counts as
 *    the median of the known ones, so it neither starves nor floods a shard.
 *
 * Everything is ordered by evaluation id before anything else, so the same ledger gives the
 * same plan whatever order the records were read in (deterministic: a re-dispatch with
 * the same inputs spreads the same way).
 */
import type { LedgerRecord } from '../ledger/record.js';

export const SCOPES = ['latest', 'best', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_SHARDS = 256;

/** Statuses that mean the submission ran: something to re-score. */
const RAN: ReadonlySet<string> = new Set(['success', 'failed', 'error']);

/** One evaluation to re-score, with what a shard needs to fetch it by SHA. */
export interface PlannedEvaluation {
  /** The original evaluation (the new record's rerun_of). */
  evaluation_id: string;
  participant: { id: number; login: string };
  kind: LedgerRecord['kind'];
  pull_request: number;
  head_sha: string;
  /** The folder the evaluation ran: submissions/<login at evaluation time>, at head_sha. */
  folder: string;
  /** Past duration in seconds, or null when unknown (counted as the median). */
  duration_s: number | null;
}

export interface Shard {
  index: number;
  /** Sum of the durations used for balancing (unknown ones as the median). */
  expected_s: number;
  evaluations: PlannedEvaluation[];
}

export interface RescorePlan {
  format: 'holdout-rescore-plan';
  version: 1;
  scope: Scope;
  /** The dataset every evaluation is re-scored on. */
  dataset: string;
  only_missing: boolean;
  /** Evaluations left out because a re-score record on this dataset already exists. */
  already_rescored: number;
  shards: Shard[];
}

export interface PlanOptions {
  scope: Scope;
  dataset: string;
  onlyMissing: boolean;
  /** Shards asked for; fewer are made when there are fewer evaluations, never more than MAX_SHARDS. */
  shards: number;
  /** Direction of the primary metric (scoring), for scope `best`. */
  direction: 'maximize' | 'minimize';
}

const byId = (a: { evaluation_id: string }, b: { evaluation_id: string }) =>
  a.evaluation_id < b.evaluation_id ? -1 : a.evaluation_id > b.evaluation_id ? 1 : 0;

/** Time of a record in ms; an unparseable one sorts first (never "latest" by accident). */
const when = (r: LedgerRecord) => {
  const t = Date.parse(r.finished_at);
  return Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY;
};

/** The reason of a re-score record whose submission can no longer be fetched at its commit. */
export const SUBMISSION_MISSING = 'submission_missing';

/**
 * Re-score records that are final, by the evaluation they re-run, per dataset:
 * "<original>\0<dataset>". Final: a verdict (success, failed), or a submission that no
 * longer exists at its commit (trying again cannot bring it back). A re-score that erred
 * otherwise (our side: a runner that broke) is not done: only-missing tries it again.
 */
function rescoredKeys(records: readonly LedgerRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const r of records) {
    const final = r.status === 'success' || r.status === 'failed' || r.reason === SUBMISSION_MISSING;
    if (r.rerun_of && final) keys.add(`${r.rerun_of}\0${r.dataset}`);
  }
  return keys;
}

/** The evaluations in scope, ordered by evaluation id. Pure. */
export function selectEvaluations(
  records: readonly LedgerRecord[],
  opts: Pick<PlanOptions, 'scope' | 'dataset' | 'onlyMissing' | 'direction'>,
): { selected: LedgerRecord[]; alreadyRescored: number } {
  const originals = records.filter((r) => r.rerun_of === null && RAN.has(r.status)).sort(byId);
  let chosen: LedgerRecord[];
  if (opts.scope === 'all') chosen = originals;
  else {
    const perParticipant = new Map<number, LedgerRecord>();
    for (const r of originals) {
      const held = perParticipant.get(r.participant.id);
      if (opts.scope === 'latest') {
        // Latest by finished_at; on equal times the larger id, so the choice never depends on input order.
        if (!held || when(r) > when(held) || (when(r) === when(held) && r.evaluation_id > held.evaluation_id))
          perParticipant.set(r.participant.id, r);
      } else {
        const score = primaryScore(r);
        if (score === null) continue;
        const heldScore = held ? primaryScore(held) : null;
        const better =
          heldScore === null ||
          (opts.direction === 'maximize' ? score > heldScore : score < heldScore) ||
          // Ties go to the earlier submission, as on the leaderboard.
          (score === heldScore &&
            (when(r) < when(held!) || (when(r) === when(held!) && r.evaluation_id < held!.evaluation_id)));
        if (better) perParticipant.set(r.participant.id, r);
      }
    }
    chosen = [...perParticipant.values()].sort(byId);
  }
  if (!opts.onlyMissing) return { selected: chosen, alreadyRescored: 0 };
  const done = rescoredKeys(records);
  const selected = chosen.filter((r) => !done.has(`${r.evaluation_id}\0${opts.dataset}`));
  return { selected, alreadyRescored: chosen.length - selected.length };
}

function primaryScore(r: LedgerRecord): number | null {
  if (r.status !== 'success') return null;
  const s = r.public_scores[r.primary_metric];
  return typeof s === 'number' && Number.isFinite(s) ? s : null;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Spread items over `n` shards, longest first onto the least-loaded shard (LPT). Unknown
 * durations count as the median of the known ones. Deterministic: equal durations keep
 * their input order, equal loads go to the lower shard index. Pure.
 */
export function balanceShards<T extends { evaluation_id: string; duration_s: number | null }>(
  items: readonly T[],
  n: number,
): { index: number; expected_s: number; items: T[] }[] {
  const count = Math.max(1, Math.min(Math.floor(n), MAX_SHARDS, items.length));
  if (items.length === 0) return [];
  const fallback = median(items.flatMap((i) => (i.duration_s !== null && i.duration_s >= 0 ? [i.duration_s] : [])));
  const weighted = items.map((item, order) => ({
    item,
    order,
    weight: item.duration_s !== null && item.duration_s >= 0 ? item.duration_s : fallback,
  }));
  weighted.sort((a, b) => b.weight - a.weight || a.order - b.order);
  const shards = Array.from({ length: count }, (_, index) => ({ index, expected_s: 0, items: [] as T[] }));
  // A binary heap on (load, index) keeps each placement O(log n): 10,000 items over 256 shards is instant.
  const heap = shards.map((s) => s.index);
  const less = (a: number, b: number) =>
    shards[a]!.expected_s < shards[b]!.expected_s || (shards[a]!.expected_s === shards[b]!.expected_s && a < b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const w of weighted) {
    const target = shards[heap[0]!]!;
    target.items.push(w.item);
    target.expected_s += w.weight;
    siftDown(0);
  }
  return shards;
}

/** The whole plan: selection, then shards. Pure. */
export function planRescore(records: readonly LedgerRecord[], opts: PlanOptions): RescorePlan {
  const { selected, alreadyRescored } = selectEvaluations(records, opts);
  const planned: PlannedEvaluation[] = selected.map((r) => ({
    evaluation_id: r.evaluation_id,
    participant: { id: r.participant.id, login: r.participant.login },
    kind: r.kind,
    pull_request: r.pull_request,
    head_sha: r.head_sha,
    folder: `submissions/${r.participant.login}`,
    duration_s: r.duration_s,
  }));
  return {
    format: 'holdout-rescore-plan',
    version: 1,
    scope: opts.scope,
    dataset: opts.dataset,
    only_missing: opts.onlyMissing,
    already_rescored: alreadyRescored,
    shards: balanceShards(planned, opts.shards).map((s) => ({
      index: s.index,
      expected_s: s.expected_s,
      evaluations: s.items,
    })),
  };
}

/**
 * The matrix for `strategy.matrix` (fromJSON of the plan job's output): one entry per
 * shard, by index only — the evaluations travel in the plan artifact, since a job output
 * holds at most 1 MB and a matrix at most 256 jobs.
 */
export function shardMatrix(plan: RescorePlan): { shard: number[] } {
  return { shard: plan.shards.map((s) => s.index) };
}

/** Every evaluation id the plan expects a result for, in shard order. */
export function plannedIds(plan: RescorePlan): string[] {
  return plan.shards.flatMap((s) => s.evaluations.map((e) => e.evaluation_id));
}
