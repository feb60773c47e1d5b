/**
 * The submission limit as the evaluation workflow applies it: the prepare job (hosted,
 * trusted, before the self-hosted runner is touched) reads the ledger through the API and
 * decides; its decision travels to the report job as a small JSON note (prepare's output
 * submission-limit), which report renders. The note never carries anything a participant
 * wrote: numbers, a time, and for an unreadable ledger GitHub's answer.
 *
 * Fail closed: a ledger that cannot be read means the limit cannot be checked, so nothing
 * is evaluated and the check concludes action_required (our side, never charged). A
 * results branch that does not exist yet is an empty ledger (readLedgerFromApi), not a
 * failure: the first evaluation of a season runs.
 */
import { z } from 'zod';
import { messageOf } from '../errors.js';
import type { Competition } from '../config/schema.js';
import type { GitHubClient, RepoRef } from '../github/octokit.js';
import { readLedgerFromApi } from '../ledger/read.js';
import { DEFAULT_RESULTS_BRANCH } from '../ledger/store.js';
import { checkLimit, type LimitDecision, type LimitPolicy } from './limits.js';

export const limitNoteSchema = z.discriminatedUnion('limit', [
  z
    .object({
      limit: z.enum(['day', 'total']),
      used: z.number().int().nonnegative(),
      max: z.number().int().positive(),
      next_slot: z.iso.datetime().nullable(),
      window: z.enum(['rolling', 'utc_day']),
    })
    .strict(),
  z.object({ limit: z.literal('unreadable'), problem: z.string().max(1000) }).strict(),
]);
export type LimitNote = z.output<typeof limitNoteSchema>;

export function limitPolicy(config: Competition): LimitPolicy {
  return {
    perDay: config.limits.submissions_per_day,
    total: config.limits.submissions_total,
    window: config.limits.submissions_window,
  };
}

export function resultsBranch(config: Competition): string {
  return (config as { results?: { branch?: string } }).results?.branch ?? DEFAULT_RESULTS_BRANCH;
}

/** The PR author: numeric id (the identity; logins change) and login, from the pulls API. */
export async function participantOf(
  client: GitHubClient,
  repo: RepoRef,
  pullRequest: number,
): Promise<{ id: number; login: string }> {
  const { data } = await client.rest.pulls.get({ ...repo, pull_number: pullRequest });
  if (!data.user) throw new Error(`pull request #${pullRequest} has no author (a deleted account)`);
  return { id: data.user.id, login: data.user.login };
}

function apiProblem(e: unknown): string {
  const status = (e as { status?: number }).status;
  const message = messageOf(e);
  return (status ? `GitHub answered ${status}: ${message}` : message).slice(0, 900);
}

/** null: the evaluation may run. Otherwise the note for report. Never throws. */
export async function checkSubmissionLimit(
  client: GitHubClient,
  repo: RepoRef,
  config: Competition,
  participantId: number,
  now: Date,
): Promise<{ note: LimitNote | null; decision?: LimitDecision; skipped: string[] }> {
  let ledger: Awaited<ReturnType<typeof readLedgerFromApi>>;
  try {
    ledger = await readLedgerFromApi(client, repo, resultsBranch(config));
  } catch (e) {
    return { note: { limit: 'unreadable', problem: apiProblem(e) }, skipped: [] };
  }
  const policy = limitPolicy(config);
  const decision = checkLimit(ledger.records, participantId, policy, now);
  const skipped = ledger.problems.map((p) => `${p.file} ${p.problem}`);
  if (decision.allowed) return { note: null, decision, skipped };
  return {
    note: {
      limit: decision.limit,
      used: decision.used,
      max: decision.max,
      next_slot: decision.nextSlot ? decision.nextSlot.toISOString() : null,
      window: policy.window,
    },
    decision,
    skipped,
  };
}

/** Report's side: the note prepare wrote, checked; a note that does not parse is ours (fail closed). */
export function parseLimitNote(text: string): LimitNote | null {
  if (text.trim() === '') return null;
  try {
    const parsed = limitNoteSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { limit: 'unreadable', problem: 'the prepare job handed on a submission-limit note that does not parse' };
}
