/**
 * The leaderboard from the outside: what `holdout leaderboard`, the record job (the PR
 * comment's place) and the reveal (src/season/) call.
 *
 *   const data = await leaderboardFor(records, competition, { submissionsDir, privateScores });
 *   await writeLeaderboard(outDir, data);
 *
 * The reveal opens the sealed private scores itself and passes them in as `privateScores`
 * (evaluation id → scores keyed like public_scores): this module never sees a key.
 */
import type { Competition } from '../config/schema.js';
import type { LedgerRecord } from '../ledger/record.js';
import { buildLeaderboard, optionsFromCompetition, type SiteData } from './build.js';
import { placeOf, type Place, type PrivateScores } from './rank.js';
import { readSelections } from './selection.js';
import { defaultDataset } from '../season/ledger-entry.js';

export { buildLeaderboard, optionsFromCompetition } from './build.js';
export type { LeaderboardDocument, SiteData } from './build.js';
export { leaderboardMarkdown } from './markdown.js';
export { placeOf, rank } from './rank.js';
export type { Place, PrivateScores, RankOptions, Row, Standings } from './rank.js';
export { writeLeaderboard } from './write.js';

export interface LeaderboardInputs {
  /** submissions/ of the default branch, for rule selected (absent: nobody selected anything). */
  submissionsDir?: string;
  /** Opened private scores, after the reveal only. */
  privateScores?: PrivateScores;
  /** Dataset whose records rank (default test). */
  dataset?: string;
  now?: Date;
  /** Notes to carry into the outputs (e.g. corrupt records the reader skipped). */
  notes?: readonly string[];
}

/** Each participant id's latest login over all records. */
export function latestLogins(records: readonly LedgerRecord[]): Map<number, string> {
  const latest = new Map<number, { login: string; at: number }>();
  for (const r of records) {
    const at = Date.parse(r.finished_at);
    const seen = latest.get(r.participant.id);
    if (!seen || at >= seen.at) latest.set(r.participant.id, { login: r.participant.login, at });
  }
  return new Map([...latest].map(([id, v]) => [id, v.login]));
}

/** The leaderboard of `records` under competition.yml's rules, selection files read when the rule needs them. */
export async function leaderboardFor(
  records: readonly LedgerRecord[],
  competition: Competition,
  inputs: LeaderboardInputs = {},
): Promise<SiteData> {
  const options = optionsFromCompetition(competition);
  const notes = [...(inputs.notes ?? [])];
  let selections: Map<number, string[]> | undefined;
  if (options.rule === 'selected' && inputs.submissionsDir) {
    const read = await readSelections(
      inputs.submissionsDir,
      latestLogins(records),
      competition.leaderboard.selection_file,
    );
    selections = read.selections;
    notes.push(...read.notes);
  }
  return buildLeaderboard(
    records,
    {
      ...options,
      ...(selections ? { selections } : {}),
      // The dataset verdicts are recorded on: the private run's, or the public sample's when there is none.
      dataset: inputs.dataset ?? defaultDataset(competition),
      notes,
      ...(inputs.now ? { now: inputs.now } : {}),
    },
    inputs.privateScores,
  );
}

/**
 * The participant's public place for the PR comment, under competition.yml's rule (selection
 * files are not read here: with rule selected and no selections, the N best public count).
 */
export function placeFor(
  records: readonly LedgerRecord[],
  participantId: number,
  competition: Competition,
): Place | null {
  const { rule, metric, secondary, baselines, selectedMax } = optionsFromCompetition(competition);
  return placeOf(records, participantId, {
    rule,
    metric,
    dataset: defaultDataset(competition),
    ...(secondary ? { secondary } : {}),
    ...(baselines ? { baselines } : {}),
    ...(selectedMax ? { selectedMax } : {}),
  });
}

/** "best public 0.1124 — rank 3 of 41" (or "— baseline" for an organizer baseline). */
export function placeText(place: Place, format: (n: number) => string): string {
  return `best public ${format(place.best)} — ${place.rank === null ? 'baseline, not ranked' : `rank ${place.rank} of ${place.of}`}`;
}
