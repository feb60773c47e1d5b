/**
 * What the season adds to the report job: the outcome when the submission limit (or a
 * ledger that could not be read) stopped the evaluation, and the participant's place on
 * the public board for a scored evaluation.
 *
 * The place is computed by report itself, from the ledger read through the API (report
 * already has contents: read) plus this evaluation's own record as the record job will
 * append it. So report needs no more permission, and the record job (the only one with
 * contents: write) needs no pull-requests: write to edit the comment afterwards. Another
 * participant's record landing in between can move the rank by one; the comment says the
 * place at the time of the evaluation, the leaderboard is the reference.
 */
import type { Competition } from '../config/schema.js';
import type { GitHubClient, RepoRef } from '../github/octokit.js';
import { type Place, placeFor, placeText } from '../leaderboard/index.js';
import { formatScore } from '../leaderboard/markdown.js';
import { readLedgerFromApi } from '../ledger/read.js';
import type { LedgerRecord } from '../ledger/record.js';
import type { Outcome, ViewOptions } from '../action/outcome.js';
import { OUR_ERROR_CONCLUSION, OUR_SIDE_HINT } from '../action/outcome.js';
import { limitMessage } from './limits.js';
import { type LimitNote, resultsBranch } from './submission-limit.js';

/** The report's outcome when prepare's note stopped the evaluation, and the check's title. Pure. */
export function outcomeForLimit(note: LimitNote, o: ViewOptions): Outcome & { title: string } {
  const base = {
    headSha: o.headSha,
    showPrivateScores: o.showPrivateScores,
    showPrivateLogs: o.showPrivateLogs,
    links: o.links,
  };
  if (note.limit === 'unreadable') {
    return {
      view: {
        ...base,
        status: 'error',
        reason: 'internal_error',
        message: `The results ledger could not be read to check the submission limit, so this commit was not evaluated (${note.problem}).`,
        hint: OUR_SIDE_HINT,
      },
      conclusion: OUR_ERROR_CONCLUSION,
      annotations: [],
      comment: true,
      check: true,
      title: 'Not evaluated: the results ledger could not be read (our side)',
    };
  }
  const words = limitMessage(
    {
      allowed: false,
      limit: note.limit,
      used: note.used,
      max: note.max,
      nextSlot: note.next_slot ? new Date(note.next_slot) : null,
    },
    note.window,
  );
  return {
    // Participant-caused and not our error: `failure` (blocks the merge, charges nothing).
    view: { ...base, status: 'failed', reason: 'submission_limit', message: words.message, hint: words.hint },
    conclusion: 'failure',
    annotations: [],
    comment: true,
    check: true,
    title: words.title,
  };
}

/** "best public 0.1124 — rank 3 of 41", in the leaderboard's own wording and number format. Pure. */
export function placeLineOf(place: Place): string {
  return placeText(place, formatScore);
}

/** Put the place line under the comment's headline (the first "### " line). Pure. */
export function withPlaceLine(markdown: string, line: string): string {
  const at = markdown.indexOf('\n', markdown.indexOf('### '));
  if (markdown.indexOf('### ') < 0 || at < 0) return `${markdown}\n\n**${line}**`;
  return `${markdown.slice(0, at)}\n\n**${line}**${markdown.slice(at)}`;
}

/**
 * The participant's place with `own` (this evaluation's record, not yet appended) counted,
 * or null when they have no ranked public score. Reads the ledger through the API.
 */
export async function placeWith(
  client: GitHubClient,
  repo: RepoRef,
  config: Competition,
  own: LedgerRecord,
): Promise<Place | null> {
  const ledger = await readLedgerFromApi(client, repo, resultsBranch(config));
  const records = [...ledger.records.filter((r) => r.evaluation_id !== own.evaluation_id), own];
  return placeFor(records, own.participant.id, config);
}
