/**
 * Bench: appending one record to the results ledger through the GitHub emulator on loopback
 * (issue 10: median < 100 ms), on a ledger that already holds PREFILL records.
 *
 *   node --import tsx bench/ledger/append.mjs [PREFILL=2000] [APPENDS=50]
 *
 * Prints the median and p90 of one append, its CPU time (client and emulator share this one
 * process: the figure that holds on a loaded machine), the requests it makes, and the emulator's own
 * median per request (it validates each request and response against GitHub's OpenAPI
 * description, so most of an append's time here is the emulator's). Then the same append
 * with Holdout's production client (createClient), whose throttling spaces content-creating
 * requests one second apart as GitHub asks: that, not the ledger, sets a real append's time.
 */
import { performance } from 'node:perf_hooks';
import { Octokit } from '@octokit/rest';
import { appendRecord, appendRecords } from '../../src/ledger/store.ts';
import { GitHubEmulator } from '../../test/github/emulator/server.ts';
import { BRANCH, clientFor, makeRecord, repoOf } from '../../test/ledger/support.ts';

const PREFILL = Number(process.argv[2] ?? 2000);
const APPENDS = Number(process.argv[3] ?? 50);
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const emu = await new GitHubEmulator().start();
const client = clientFor(emu);
const repo = repoOf(emu);
for (let i = 0; i < PREFILL; i += 500) {
  const batch = Array.from({ length: Math.min(500, PREFILL - i) }, (_, j) => makeRecord(100_000 + i + j));
  await appendRecords(client, repo, BRANCH, batch);
}

const times = [];
const before = emu.requests.length;
const cpu = process.cpuUsage();
for (let n = 1; n <= APPENDS; n++) {
  const t = performance.now();
  await appendRecord(client, repo, BRANCH, makeRecord(n));
  times.push(performance.now() - t);
}
const { user, system } = process.cpuUsage(cpu);
const cpuPerAppend = (user + system) / 1000 / APPENDS;
const perAppend = (emu.requests.length - before) / APPENDS;

const refTimes = [];
for (let n = 0; n < 50; n++) {
  const t = performance.now();
  await client.rest.git.getRef({ ...repo, ref: `heads/${BRANCH}` });
  refTimes.push(performance.now() - t);
}

// The same appends with a bare Octokit (no retry or throttling plugin): the store and the
// emulator alone, without plugin-retry's per-request scheduling.
const bare = new Octokit({ baseUrl: emu.url, auth: 'ghs_test', log: { debug() {}, info() {}, warn() {}, error() {} } });
const bareTimes = [];
for (let n = 1; n <= APPENDS; n++) {
  const t = performance.now();
  await appendRecord(bare, repo, BRANCH, makeRecord(20_000 + n));
  bareTimes.push(performance.now() - t);
}

const throttled = clientFor(emu, true);
const slow = [];
for (let n = 1; n <= 3; n++) {
  const t = performance.now();
  await appendRecord(throttled, repo, BRANCH, makeRecord(50_000 + n));
  slow.push(performance.now() - t);
}
await emu.stop();
if (emu.violations.length > 0) throw new Error(`emulator violations: ${emu.violations.join('; ')}`);

const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`ledger of ${PREFILL} records, ${APPENDS} appends one by one:`);
console.log(`  append median ${ms(quantile(times, 0.5))}, p90 ${ms(quantile(times, 0.9))} (goal: median < 100 ms)`);
console.log(`  CPU time per append (client and emulator, one process): ${ms(cpuPerAppend)}`);
console.log(
  `  ${perAppend.toFixed(1)} requests per append; one emulator request (get-ref) median ${ms(quantile(refTimes, 0.5))}`,
);
console.log(
  `  with a bare Octokit (no retry/throttling plugins): median ${ms(quantile(bareTimes, 0.5))}, p90 ${ms(quantile(bareTimes, 0.9))}`,
);
console.log(`  with the production client (throttled writes): median ${ms(quantile(slow, 0.5))} of 3`);
