/**
 * One `holdout leaderboard` split into its phases (read the ledger folder, rank, write), for
 * bench/leaderboard/build.mjs, which bundles this file and runs it in a fresh process.
 * Usage: phases <ledger dir> <competition dir> <out dir>
 */
import { loadCompetition } from '../../src/config/load.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { assembleLedger, type LedgerFile, readLedgerFromDir } from '../../src/ledger/read.js';
import { leaderboardFor } from '../../src/leaderboard/index.js';
import { writeLeaderboard } from '../../src/leaderboard/write.js';

const [ledgerDir, competitionDir, outDir] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
const competition = await loadCompetition(competitionDir);
const t1 = performance.now();
const ledger = await readLedgerFromDir(ledgerDir);
const t2 = performance.now();
const data = await leaderboardFor(ledger.records, competition.config, {
  submissionsDir: `${competitionDir}/submissions`,
  // The synthetic records are on the private dataset.
  dataset: 'test',
});
const t3 = performance.now();
await writeLeaderboard(outDir, data);
const t4 = performance.now();
const cpu = process.cpuUsage();
const rssAfterCommand = process.resourceUsage().maxRSS;
// For comparison only: the same files read 64 at a time (src/ledger/read.ts reads one after another).
const t5 = performance.now();
const files: LedgerFile[] = [];
const names: string[] = [];
for (const y of await readdir(path.join(ledgerDir, 'records')))
  for (const m of await readdir(path.join(ledgerDir, 'records', y)))
    for (const f of await readdir(path.join(ledgerDir, 'records', y, m))) names.push(`records/${y}/${m}/${f}`);
let next = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    for (let i = next++; i < names.length; i = next++) {
      files.push({ file: names[i]!, text: await readFile(path.join(ledgerDir, names[i]!), 'utf8') });
    }
  }),
);
const t6 = performance.now();
const parallel = assembleLedger(files);
const t7 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    records: ledger.records.length,
    problems: ledger.problems.length,
    rows: data.leaderboard.public.length,
    config_ms: Math.round(t1 - t0),
    read_ms: Math.round(t2 - t1),
    rank_ms: Math.round(t3 - t2),
    write_ms: Math.round(t4 - t3),
    alt_parallel_read_ms: Math.round(t6 - t5),
    alt_parse_ms: Math.round(t7 - t6),
    alt_records: parallel.records.length,
    command_cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    command_peak_rss_mb: Math.round(rssAfterCommand / 1024),
    load_average: Number((await import('node:os')).loadavg()[0]!.toFixed(1)),
  })}\n`,
);
