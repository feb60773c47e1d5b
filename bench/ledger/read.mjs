/**
 * Bench: reading the whole results ledger through the API (readLedgerFromApi) from the GitHub
 * emulator on loopback, for ledgers of growing size. What matters is the request count: it must
 * not grow with the ledger (GITHUB_TOKEN allows 1,000 requests an hour, and prepare, report and
 * record each read the ledger once per evaluation). The time is mostly the emulator building
 * the zip (yazl, entry by entry); unpacking on the reading side is about 0.3 ms a record.
 *
 *   node --import tsx bench/ledger/read.mjs [SIZES=100,1000,5000] [READS=5]
 */
import { performance } from 'node:perf_hooks';
import { readLedgerFromApi } from '../../src/ledger/read.ts';
import { appendRecords } from '../../src/ledger/store.ts';
import { GitHubEmulator } from '../../test/github/emulator/server.ts';
import { BRANCH, clientFor, makeRecord, repoOf } from '../../test/ledger/support.ts';

const SIZES = (process.argv[2] ?? '100,1000,5000').split(',').map(Number);
const READS = Number(process.argv[3] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const size of SIZES) {
  const emu = await new GitHubEmulator().start();
  const client = clientFor(emu);
  const repo = repoOf(emu);
  for (let i = 0; i < size; i += 500) {
    const batch = Array.from({ length: Math.min(500, size - i) }, (_, j) => makeRecord(100_000 + i + j));
    await appendRecords(client, repo, BRANCH, batch);
  }
  const times = [];
  let requests = 0;
  for (let r = 0; r < READS; r++) {
    const before = emu.requests.length;
    const t0 = performance.now();
    const ledger = await readLedgerFromApi(client, repo, BRANCH);
    times.push(performance.now() - t0);
    requests = emu.requests.length - before;
    if (ledger.records.length !== size) throw new Error(`read ${ledger.records.length} of ${size} records`);
  }
  console.log(
    `${String(size).padStart(6)} records: ${requests} requests per read, median ${median(times).toFixed(0)} ms`,
  );
  await emu.stop();
  if (emu.violations.length > 0) throw new Error(emu.violations.join('\n'));
}
