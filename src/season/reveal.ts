/**
 * The reveal: open every sealed private score of the ledger with the organizer's private key,
 * then hand them to the leaderboard (src/leaderboard/), which ranks the private split beside
 * the public one (each participant's move: the shake-up).
 *
 * All or nothing. The key is checked against results.public_key BEFORE any box is touched,
 * and every box must open: a missing key, a key of another pair, or a box that does not open
 * (sealed for a key changed mid-season, damaged on the branch) is a RevealError naming what
 * to do, and the caller publishes NOTHING — a final leaderboard missing some participants'
 * private scores would be a wrong final leaderboard.
 */
import type { Competition } from '../config/schema.js';
import type { LedgerRecord } from '../ledger/record.js';
import { openScores, SealError, sealScores, type PrivateScores } from '../ledger/seal.js';
import type { SiteData } from '../leaderboard/build.js';
import { leaderboardFor } from '../leaderboard/index.js';

export class RevealError extends Error {
  override name = 'RevealError';
}

export const PRIVATE_KEY_SECRET = 'HOLDOUT_RESULTS_PRIVATE_KEY';

/** Opens every record's sealed private scores; throws RevealError unless all of them open. */
export async function openLedgerScores(
  records: readonly LedgerRecord[],
  privateKey: string | undefined,
  publicKey: string | undefined,
): Promise<Map<string, PrivateScores>> {
  if (!publicKey)
    throw new RevealError(
      'competition.yml has no results.public_key, so no private score was ever sealed: there is nothing to reveal. Set it (holdout ledger keygen) before the next season starts.',
    );
  if (!privateKey || privateKey.trim() === '')
    throw new RevealError(
      `The reveal has no private key: the secret ${PRIVATE_KEY_SECRET} is missing or empty. Add it to the "reveal" environment (Settings → Environments → reveal → Environment secrets) with the private key printed by holdout ledger keygen, then run the reveal again. Nothing was published.`,
    );
  // The pair first, on a box of our own: "wrong key" is told apart from "damaged record".
  try {
    await openScores(privateKey, publicKey, await sealScores(publicKey, { probe: 1 }));
  } catch (e) {
    if (!(e instanceof SealError)) throw e;
    throw new RevealError(
      `The private key in ${PRIVATE_KEY_SECRET} does not open the ledger: ${e.message} Nothing was published.`,
    );
  }
  const opened = new Map<string, PrivateScores>();
  const failures: string[] = [];
  for (const r of records) {
    if (r.sealed_private === null) continue;
    try {
      opened.set(r.evaluation_id, await openScores(privateKey, publicKey, r.sealed_private));
    } catch (e) {
      if (!(e instanceof SealError)) throw e;
      failures.push(`${r.evaluation_id} (PR #${r.pull_request} by ${r.participant.login}): ${e.message}`);
    }
  }
  if (failures.length > 0)
    throw new RevealError(
      `${failures.length} sealed private score${failures.length === 1 ? '' : 's'} did not open, so the final leaderboard would be wrong: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? `; … and ${failures.length - 5} more` : ''}. Re-score those evaluations (holdout-rescore.yml, scope all) so they are sealed for the current results.public_key, then reveal again. Nothing was published.`,
    );
  return opened;
}

export interface RevealOutcome {
  data: SiteData;
  /** Evaluations whose private scores were opened. */
  opened: number;
  /** The reveal record written next to the records on the results branch (reveal.json). */
  reveal: RevealFile;
}

export interface RevealFile {
  format: 'holdout-reveal';
  version: 1;
  revealed_at: string;
  workflow_run: { id: number; attempt: number } | null;
  /** Valid records on the branch when the reveal read it, and how many sealed boxes it opened. */
  records: number;
  opened: number;
  /** Participants ranked on the private board, and the biggest moves (the shake-up). */
  ranked_private: number;
  biggest_moves: { login: string; public_rank: number; private_rank: number; move: number }[];
}

/** Opens the scores and builds the final leaderboard; RevealError before anything else when a key is wrong. */
export async function prepareReveal(opts: {
  records: readonly LedgerRecord[];
  config: Competition;
  privateKey: string | undefined;
  submissionsDir?: string;
  notes?: readonly string[];
  now?: Date;
  workflowRun?: { id: number; attempt: number } | null;
}): Promise<RevealOutcome> {
  const privateScores = await openLedgerScores(opts.records, opts.privateKey, opts.config.results.public_key);
  const now = opts.now ?? new Date();
  const data = await leaderboardFor(opts.records, opts.config, {
    privateScores,
    ...(opts.submissionsDir ? { submissionsDir: opts.submissionsDir } : {}),
    ...(opts.notes ? { notes: opts.notes } : {}),
    now,
  });
  const rows = data.leaderboard.private ?? [];
  const moves = rows
    .filter((r) => typeof r.move === 'number' && r.move !== 0 && r.rank !== null && typeof r.public_rank === 'number')
    .sort((a, b) => Math.abs(b.move!) - Math.abs(a.move!) || a.rank! - b.rank!)
    .slice(0, 10)
    .map((r) => ({ login: r.participant.login, public_rank: r.public_rank!, private_rank: r.rank!, move: r.move! }));
  return {
    data,
    opened: privateScores.size,
    reveal: {
      format: 'holdout-reveal',
      version: 1,
      revealed_at: now.toISOString(),
      workflow_run: opts.workflowRun ?? null,
      records: opts.records.length,
      opened: privateScores.size,
      ranked_private: rows.filter((r) => r.rank !== null).length,
      biggest_moves: moves,
    },
  };
}

/** "alice ↑3 (5 → 2)" lines for the job summary. */
export function shakeUpLines(reveal: RevealFile): string[] {
  return reveal.biggest_moves.map(
    (m) =>
      `${m.login} ${m.move > 0 ? '↑' : '↓'}${Math.abs(m.move)} (public ${m.public_rank} → private ${m.private_rank})`,
  );
}
