/**
 * Pure ranking: ledger records in, one row per participant out, per split.
 *
 * The choices, each one a place where platforms differ (docs/organizers.md lists them):
 *  - Identity is the numeric GitHub user id; a row shows the participant's LATEST login (by
 *    finished_at over all their records), so a renamed participant keeps one row.
 *  - Only `success` is ever ranked: failed, error, cancelled and refused records never are.
 *  - A re-run (rerun_of) replaces the score of the submission it re-runs: the submission counts
 *    with its latest success-or-failed verdict (a re-score that erred, our fault, leaves the
 *    earlier verdict standing), but keeps the time of its first evaluation, so a re-score never
 *    turns an early submission into a late one in a tie.
 *  - Rules: best (the participant's best public score), last (their latest successful
 *    submission), selected (the best of up to N submissions they list by head SHA; with none
 *    listed or none of them scored, their N best public ones, as Kaggle auto-selects).
 *  - Private split (after the reveal): best and last rank the private score of the SAME
 *    submission the public board shows (taking the best private score over all of a
 *    participant's submissions would reward sheer numbers of submissions); selected ranks the
 *    best private score among the selected ones, as Kaggle does.
 *  - Order: the primary metric in its direction; a tie goes to the earlier submission
 *    (submitted_at, then evaluation id, so the order is total and stable).
 *  - Baselines (records of kind baseline, or a login listed in leaderboard.baselines) are
 *    placed where their score falls and marked, but take no rank number and are not counted
 *    in "rank 3 of 41".
 */
import type { LedgerRecord } from '../ledger/record.js';
import type { LeaderboardRule } from '../config/leaderboard.js';

export type Direction = 'minimize' | 'maximize';

export interface MetricColumn {
  /** Key of the score in public_scores (and in the private scores), e.g. log_loss. */
  key: string;
  direction: Direction;
}

/** Opened private scores by evaluation id, from the reveal (src/season/); keyed like public_scores. */
export type PrivateScores = ReadonlyMap<string, Readonly<Record<string, number>>>;

export interface RankOptions {
  rule: LeaderboardRule;
  metric: MetricColumn;
  /** Shown as columns (from the same submission), never used to order. */
  secondary?: readonly MetricColumn[];
  /** Records of this dataset only (default test: the smoke run of every pull request is not a submission's score). */
  dataset?: string;
  /** Logins of organizer baselines (case-insensitive), besides records of kind baseline. */
  baselines?: readonly string[];
  /** rule selected: participant id → the head SHAs (or unique prefixes of ≥ 7 hex digits) they listed, in order. */
  selections?: ReadonlyMap<number, readonly string[]>;
  /** rule selected: at most this many listed SHAs count (default 2). */
  selectedMax?: number;
}

/** One submission's standing verdict: its first evaluation, with the latest verdict of its re-runs. */
export interface Entry {
  /** The record whose scores count (the latest re-run's, or the original's). */
  evaluation_id: string;
  /** The first evaluation of this submission (rerun_of chains end here). */
  original_id: string;
  participant_id: number;
  head_sha: string;
  pull_request: number;
  /** finished_at of the first evaluation, as written. */
  submitted_at: string;
  submittedMs: number;
  status: LedgerRecord['status'];
  /** Primary public score; null unless success with a finite score under the metric key. */
  score: number | null;
  public_scores: Readonly<Record<string, number>>;
  baseline: boolean;
}

export interface Row {
  /** 1-based; null for baselines (and, on the private split, rows without a private score). */
  rank: number | null;
  participant: { id: number; login: string };
  baseline: boolean;
  evaluation_id: string;
  head_sha: string;
  pull_request: number;
  submitted_at: string;
  /** The primary score on this row's split. */
  score: number;
  /** Secondary scores on this row's split, by key (null: the submission has none). */
  scores: Record<string, number | null>;
  /** Submissions the participant made on this dataset that reached success or failed (not re-runs). */
  entries: number;
  /** Private split only: the rank on the public board (null for baselines). */
  public_rank?: number | null;
  /** Private split only: public rank − private rank (positive: moved up), null when either is missing. */
  move?: number | null;
}

export interface Standings {
  public: Row[];
  /** null before the reveal (no private scores given): private columns do not exist then. */
  private: Row[] | null;
  /** Every participant's successful public scores over time, for the history plot: [ms since epoch, score][]. */
  history: Map<number, Array<[number, number]>>;
  /** Things the organizer should know (a selection listing an unknown SHA…), each ending with what to do. */
  notes: string[];
}

const RANKED = 'success';

/** Milliseconds of an ISO time; an unreadable one sorts last (never crashes a board). */
function ms(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : Number.MAX_SAFE_INTEGER;
}

/**
 * The score under `key`: the key itself, else the only key `key.<split>` (scores written per
 * split, as `holdout score` names them). Non-finite values count as absent.
 */
export function scoreOf(scores: Readonly<Record<string, number>> | undefined, key: string): number | null {
  if (!scores) return null;
  const direct = scores[key];
  if (direct !== undefined) return Number.isFinite(direct) ? direct : null;
  let found: number | null = null;
  let count = 0;
  const prefix = `${key}.`;
  for (const k in scores) {
    if (k.startsWith(prefix)) {
      count++;
      found = scores[k]!;
    }
  }
  return count === 1 && found !== null && Number.isFinite(found) ? found : null;
}

/** a before b: the better score, then the earlier submission, then the smaller evaluation id. */
function compareBy(direction: Direction) {
  return (a: { score: number; submittedMs: number; id: string }, b: typeof a): number => {
    if (a.score !== b.score) return direction === 'minimize' ? a.score - b.score : b.score - a.score;
    if (a.submittedMs !== b.submittedMs) return a.submittedMs - b.submittedMs;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

interface Participant {
  id: number;
  login: string;
  loginMs: number;
  baseline: boolean;
  entries: Entry[];
}

/** Follows rerun_of to the first evaluation (guarding against cycles in a hand-edited ledger). */
function rootOf(record: LedgerRecord, byId: ReadonlyMap<string, LedgerRecord>): string {
  if (!record.rerun_of || !byId.has(record.rerun_of)) return record.evaluation_id; // the common case
  let current = record.evaluation_id;
  const seen = new Set<string>();
  for (;;) {
    const parent = byId.get(current)?.rerun_of;
    if (!parent || !byId.has(parent) || seen.has(parent)) return current;
    seen.add(current);
    current = parent;
  }
}

/** Groups records into submissions and participants (one pass, plus one per chain). */
export function collectEntries(
  records: readonly LedgerRecord[],
  options: Pick<RankOptions, 'metric' | 'dataset' | 'baselines'>,
): Map<number, Participant> {
  const dataset = options.dataset ?? 'test';
  const baselineLogins = new Set((options.baselines ?? []).map((l) => l.toLowerCase()));
  const participants = new Map<number, Participant>();
  const byId = new Map<string, LedgerRecord>();
  // Each record's finished_at parsed once (Date.parse is most of the cost of 100,000 records).
  const timeOf = new Map<string, number>();
  for (const r of records) {
    // Latest login over every record of the participant, any dataset.
    const t = ms(r.finished_at);
    let p = participants.get(r.participant.id);
    if (!p) {
      p = { id: r.participant.id, login: r.participant.login, loginMs: t, baseline: false, entries: [] };
      participants.set(r.participant.id, p);
    } else if (t >= p.loginMs) {
      p.login = r.participant.login;
      p.loginMs = t;
    }
    if (r.kind === 'baseline') p.baseline = true;
    if (r.dataset === dataset && !byId.has(r.evaluation_id)) {
      byId.set(r.evaluation_id, r);
      timeOf.set(r.evaluation_id, t);
    }
  }
  for (const p of participants.values()) if (baselineLogins.has(p.login.toLowerCase())) p.baseline = true;

  // Each submission: its original record, and the verdict that stands (latest success/failed re-run).
  const chains = new Map<string, { original: LedgerRecord; verdict: LedgerRecord | null; verdictMs: number }>();
  for (const r of byId.values()) {
    const root = rootOf(r, byId);
    let chain = chains.get(root);
    if (!chain) {
      chain = { original: byId.get(root)!, verdict: null, verdictMs: -Infinity };
      chains.set(root, chain);
    }
    if (r.status !== 'success' && r.status !== 'failed') continue;
    const t = timeOf.get(r.evaluation_id)!;
    if (t >= chain.verdictMs) {
      chain.verdict = r;
      chain.verdictMs = t;
    }
  }
  for (const { original, verdict } of chains.values()) {
    // A re-run by someone else's id would be a forged record: the original's owner counts.
    const p = participants.get(original.participant.id)!;
    const counted = verdict ?? original;
    const score = counted.status === RANKED ? scoreOf(counted.public_scores, options.metric.key) : null;
    p.entries.push({
      evaluation_id: counted.evaluation_id,
      original_id: original.evaluation_id,
      participant_id: p.id,
      head_sha: original.head_sha,
      pull_request: original.pull_request,
      submitted_at: original.finished_at,
      submittedMs: timeOf.get(original.evaluation_id)!,
      status: counted.status,
      score,
      public_scores: counted.public_scores,
      baseline: p.baseline,
    });
  }
  return participants;
}

interface Candidate {
  entry: Entry;
  score: number;
  submittedMs: number;
  id: string;
}

function candidate(entry: Entry, score: number): Candidate {
  return { entry, score, submittedMs: entry.submittedMs, id: entry.evaluation_id };
}

/** The SHAs a participant selected that match their scored entries, in their order, at most max. */
function selectedEntries(
  p: Participant,
  listed: readonly string[] | undefined,
  max: number,
  notes: string[],
): Entry[] | null {
  if (!listed || listed.length === 0) return null;
  const scored = p.entries.filter((e) => e.score !== null);
  const picked: Entry[] = [];
  const shas: string[] = [];
  for (const raw of listed) {
    if (shas.length >= max) {
      notes.push(
        `${p.login} selected more than ${max} submissions; only the first ${max} count. They should list at most ${max}.`,
      );
      break;
    }
    const sha = raw.toLowerCase();
    const matches = scored.filter((e) => e.head_sha.startsWith(sha));
    const distinct = new Set(matches.map((e) => e.head_sha));
    if (distinct.size > 1) {
      notes.push(`${p.login} selected ${sha}, which matches several submissions; they should write the full SHA.`);
      continue;
    }
    if (distinct.size === 0) {
      notes.push(
        `${p.login} selected ${sha}, which is none of their successful submissions on this dataset; they should list the head SHA of a scored pull request.`,
      );
      continue;
    }
    const full = [...distinct][0]!;
    if (shas.includes(full)) continue;
    shas.push(full);
    picked.push(...matches);
  }
  return picked.length > 0 ? picked : null;
}

/** The entries a participant's rule puts forward on the public split, best first. */
function publicPicks(p: Participant, options: RankOptions, notes: string[]): Candidate[] {
  const compare = compareBy(options.metric.direction);
  const scored = p.entries.filter((e) => e.score !== null).map((e) => candidate(e, e.score!));
  if (scored.length === 0) return [];
  if (options.rule === 'last') {
    // Latest first; the same order as a tie-break, reversed.
    const latest = scored.reduce((a, b) =>
      b.submittedMs > a.submittedMs || (b.submittedMs === a.submittedMs && b.id > a.id) ? b : a,
    );
    return [latest];
  }
  scored.sort(compare);
  if (options.rule === 'best') return [scored[0]!];
  const max = options.selectedMax ?? 2;
  const chosen = selectedEntries(p, options.selections?.get(p.id), max, notes);
  if (chosen) return chosen.map((e) => candidate(e, e.score!)).sort(compare);
  return scored.slice(0, max);
}

function secondaryOf(
  scores: Readonly<Record<string, number>> | undefined,
  columns: readonly MetricColumn[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const c of columns) out[c.key] = scoreOf(scores, c.key);
  return out;
}

/** Numbers rows 1..n in order, skipping baselines. */
function number(rows: Row[]): Row[] {
  let rank = 0;
  for (const row of rows) row.rank = row.baseline ? null : ++rank;
  return rows;
}

/**
 * The standings per split. `privateScores` (evaluation id → opened private scores, keyed like
 * public_scores) is given only after the reveal; without it `private` is null.
 */
export function rank(records: readonly LedgerRecord[], options: RankOptions, privateScores?: PrivateScores): Standings {
  const notes: string[] = [];
  const participants = collectEntries(records, options);
  const secondary = options.secondary ?? [];
  const compare = compareBy(options.metric.direction);
  const publicCandidates: Candidate[] = [];
  const privateCandidates: Candidate[] = [];
  const picksOf = new Map<number, Candidate[]>();
  const history = new Map<number, Array<[number, number]>>();
  let missingPrivate = 0;

  for (const p of participants.values()) {
    const points = p.entries
      .filter((e) => e.score !== null)
      .map((e): [number, number] => [e.submittedMs, e.score!])
      .sort((a, b) => a[0] - b[0]);
    if (points.length > 0) history.set(p.id, points);
    const picks = publicPicks(p, options, notes);
    if (picks.length === 0) continue;
    picksOf.set(p.id, picks);
    publicCandidates.push(picks[0]!);
    if (!privateScores) continue;
    const withPrivate = picks
      .map((c) => ({ c, s: scoreOf(privateScores.get(c.entry.evaluation_id), options.metric.key) }))
      .filter((x): x is { c: Candidate; s: number } => x.s !== null)
      .map((x) => candidate(x.c.entry, x.s));
    if (withPrivate.length === 0) {
      missingPrivate++;
      continue;
    }
    // best/last: the same submission as on the public board; selected: the best private of the picks.
    privateCandidates.push(options.rule === 'selected' ? withPrivate.sort(compare)[0]! : withPrivate[0]!);
  }

  const row = (c: Candidate, scores: Readonly<Record<string, number>> | undefined): Row => {
    const p = participants.get(c.entry.participant_id)!;
    return {
      rank: null,
      participant: { id: p.id, login: p.login },
      baseline: p.baseline,
      evaluation_id: c.entry.evaluation_id,
      head_sha: c.entry.head_sha,
      pull_request: c.entry.pull_request,
      submitted_at: c.entry.submitted_at,
      score: c.score,
      scores: secondaryOf(scores, secondary),
      entries: p.entries.filter((e) => e.status === 'success' || e.status === 'failed').length,
    };
  };

  const publicRows = number(publicCandidates.sort(compare).map((c) => row(c, c.entry.public_scores)));
  let privateRows: Row[] | null = null;
  if (privateScores) {
    const publicRank = new Map(publicRows.map((r) => [r.participant.id, r.rank]));
    privateRows = number(
      privateCandidates.sort(compare).map((c) => row(c, privateScores.get(c.entry.evaluation_id))),
    ).map((r) => {
      const before = publicRank.get(r.participant.id) ?? null;
      return { ...r, public_rank: before, move: before !== null && r.rank !== null ? before - r.rank : null };
    });
    if (missingPrivate > 0) {
      notes.push(
        `${missingPrivate} participant${missingPrivate === 1 ? ' has' : 's have'} no private score for the submission${missingPrivate === 1 ? '' : 's'} that would rank, so ${missingPrivate === 1 ? 'is' : 'are'} left off the private board; re-score them (holdout-rescore.yml) before the reveal.`,
      );
    }
  }
  return { public: publicRows, private: privateRows, history, notes };
}

export interface Place {
  /** The participant's best public score (what the PR comment calls "best public"). */
  best: number;
  /** The score their rank is based on (differs from best under rule last or selected). */
  score: number;
  /** Their public rank, or null for a baseline. */
  rank: number | null;
  /** How many participants are ranked (baselines not counted). */
  of: number;
}

/**
 * The participant's place on the public board, for the PR comment ("best public 0.1124 — rank
 * 3 of 41"), or null when they have no scored submission (yet).
 */
export function placeOf(records: readonly LedgerRecord[], participantId: number, options: RankOptions): Place | null {
  const standings = rank(records, options);
  const row = standings.public.find((r) => r.participant.id === participantId);
  if (!row) return null;
  const scores = standings.history.get(participantId) ?? [];
  const better = options.metric.direction === 'minimize' ? Math.min : Math.max;
  const best = scores.reduce((acc, [, s]) => better(acc, s), row.score);
  const of = standings.public.reduce((n, r) => n + (r.rank === null ? 0 : 1), 0);
  return { best, score: row.score, rank: row.rank, of };
}
