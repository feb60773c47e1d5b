/**
 * The leaderboard as one versioned document (leaderboard.json), from which LEADERBOARD.md and
 * the page are drawn. Pure: records, options and the opened private scores in, data out.
 *
 * Shape stability: `format` and `version` name the shape; a later change that removes or
 * renames a field bumps the version, new fields may be added within one. Before the reveal
 * the document has NO `private` key at all (not an empty one): nothing on the page or in the
 * file can hint at the private split.
 */
import type { Competition } from '../config/schema.js';
import type { LeaderboardRule } from '../config/leaderboard.js';
import type { LedgerRecord } from '../ledger/record.js';
import { type MetricColumn, type PrivateScores, type RankOptions, type Row, rank } from './rank.js';

export const LEADERBOARD_FORMAT = 'holdout-leaderboard';
export const LEADERBOARD_VERSION = 1;

export interface Timeline {
  start: string | null;
  end: string | null;
  reveal: string | null;
}

export interface LeaderboardDocument {
  format: typeof LEADERBOARD_FORMAT;
  version: typeof LEADERBOARD_VERSION;
  title: string;
  generated_at: string;
  dataset: string;
  rule: LeaderboardRule;
  selected_max: number;
  metric: MetricColumn;
  secondary: MetricColumn[];
  timeline: Timeline;
  /** True once private scores were given (after the reveal). */
  revealed: boolean;
  /** Participants with a rank on the public board (baselines not counted). */
  ranked: number;
  public: Row[];
  /** Present only after the reveal. */
  private?: Row[];
  notes: string[];
}

/** What the page needs besides the document: each participant's scored submissions over time. */
export interface SiteData {
  leaderboard: LeaderboardDocument;
  /**
   * Participant id (as a string key) → [seconds since epoch, public score to 6 significant
   * digits][], oldest first: compact, since with thousands of participants it is most of the page.
   */
  history: Record<string, Array<[number, number]>>;
}

export interface BuildOptions extends RankOptions {
  title: string;
  timeline?: Partial<Timeline>;
  /** Stamped as generated_at (default: now); tests pass a fixed one. */
  now?: Date;
  /** Notes gathered before ranking (e.g. from reading the selection files or the ledger). */
  notes?: readonly string[];
}

/** The ranking options competition.yml implies (metric, direction, secondary, rule, baselines). */
export function optionsFromCompetition(config: Competition): Omit<BuildOptions, 'selections'> {
  const lb = config.leaderboard;
  return {
    title: lb.title ?? config.name,
    rule: lb.rule,
    selectedMax: lb.selected_max,
    baselines: lb.baselines,
    metric: { key: config.scoring.metric.key, direction: config.scoring.metric.direction },
    secondary: config.scoring.secondary.map((m) => ({ key: m.key, direction: m.direction })),
    timeline: {
      start: lb.timeline.start ?? null,
      end: lb.timeline.end ?? null,
      reveal: lb.timeline.reveal ?? null,
    },
  };
}

/** Builds the leaderboard document and the page's data; `privateScores` only after the reveal. */
export function buildLeaderboard(
  records: readonly LedgerRecord[],
  options: BuildOptions,
  privateScores?: PrivateScores,
): SiteData {
  const standings = rank(records, options, privateScores);
  const ranked = standings.public.reduce((n, r) => n + (r.rank === null ? 0 : 1), 0);
  const leaderboard: LeaderboardDocument = {
    format: LEADERBOARD_FORMAT,
    version: LEADERBOARD_VERSION,
    title: options.title,
    generated_at: (options.now ?? new Date()).toISOString(),
    dataset: options.dataset ?? 'test',
    rule: options.rule,
    selected_max: options.selectedMax ?? 2,
    metric: options.metric,
    secondary: [...(options.secondary ?? [])],
    timeline: {
      start: options.timeline?.start ?? null,
      end: options.timeline?.end ?? null,
      reveal: options.timeline?.reveal ?? null,
    },
    revealed: standings.private !== null,
    ranked,
    public: standings.public,
    notes: [...(options.notes ?? []), ...standings.notes],
  };
  if (standings.private) leaderboard.private = standings.private;
  // Only participants on the board get a history (the page offers it from their row).
  const onBoard = new Set(standings.public.map((r) => r.participant.id));
  const history: Record<string, Array<[number, number]>> = {};
  for (const [id, points] of standings.history) {
    if (onBoard.has(id)) history[String(id)] = points.map(([t, v]) => [Math.round(t / 1000), Number(v.toPrecision(6))]);
  }
  return { leaderboard, history };
}
