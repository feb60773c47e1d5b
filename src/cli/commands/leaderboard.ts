/**
 * `holdout leaderboard --ledger <dir>`: the leaderboard of a results ledger (a local checkout
 * of the results branch), under competition.yml's rules: LEADERBOARD.md, leaderboard.json and
 * the static site in --out. The public split only: the reveal (src/season/) opens the private
 * scores and calls the same code (src/leaderboard/index.ts) with them.
 *
 * Exit codes: 0 written (skipped corrupt records are reported on stderr) · 2 usage or
 * configuration (no ledger folder, no competition.yml).
 */
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { loadCompetition } from '../../config/load.js';
import { LedgerError } from '../../ledger/errors.js';
import { readLedgerFromDir } from '../../ledger/read.js';
import { leaderboardFor } from '../../leaderboard/index.js';
import { writeLeaderboard } from '../../leaderboard/write.js';

interface LeaderboardFlags {
  ledger: string;
  competition: string;
  submissions?: string;
  out: string;
  dataset?: string;
  json?: boolean;
}

export async function run(flags: LeaderboardFlags): Promise<void> {
  const competition = await loadCompetition(flags.competition);
  let ledger: Awaited<ReturnType<typeof readLedgerFromDir>>;
  try {
    ledger = await readLedgerFromDir(flags.ledger);
  } catch (e) {
    // A missing folder is the caller's to fix, not a bug of ours.
    if (e instanceof LedgerError) throw new UsageError(e.message);
    throw e;
  }
  for (const p of ledger.problems) process.stderr.write(`skipped ${p.file}: ${p.problem}\n`);
  const notes =
    ledger.problems.length > 0
      ? [
          `${ledger.problems.length} ledger file${ledger.problems.length === 1 ? ' was' : 's were'} skipped as not valid records; run holdout ledger verify to see which and why.`,
        ]
      : [];
  const data = await leaderboardFor(ledger.records, competition.config, {
    submissionsDir: path.resolve(flags.submissions ?? path.join(competition.dir, 'submissions')),
    ...(flags.dataset ? { dataset: flags.dataset } : {}),
    notes,
  });
  const written = await writeLeaderboard(path.resolve(flags.out), data);
  const summary = {
    records: ledger.records.length,
    skipped: ledger.problems.length,
    ranked: data.leaderboard.ranked,
    rows: data.leaderboard.public.length,
    markdown: written.markdown,
    json: written.json,
    site: written.site,
    notes: data.leaderboard.notes,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  for (const note of data.leaderboard.notes) process.stderr.write(`note: ${note}\n`);
  process.stdout.write(
    `Leaderboard of ${summary.records} record${summary.records === 1 ? '' : 's'}: ${summary.ranked} ranked (rule ${data.leaderboard.rule}).\n` +
      `  ${written.markdown}\n  ${written.json}\n  ${written.site}${path.sep}index.html (open it, or publish the folder to GitHub Pages)\n`,
  );
}
