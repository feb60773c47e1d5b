// Runner overhead: `holdout test` on the demo's random baseline (whole process:
// Node start, validation, staging, image check, sandbox, scoring) against a bare
// `docker run` of the same image and command. Target: median overhead < 0.5 s.
//   node bench/runner/overhead.mjs [runs=9]
// Needs the demo runtime image: run `npm run demo` once first.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, mkdirSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 9);
const demo = path.resolve('examples/demo');
const submission = path.join(demo, 'submissions/random-baseline');

// Find the demo image the CLI uses (built on its first run).
const report = JSON.parse(
  execFileSync('node', ['bin/holdout.js', 'test', submission, '--competition', demo, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
if (report.status !== 'success') throw new Error(`the baseline did not pass: ${report.message}`);
const image = report.image;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'holdout-bench-'));
const code = path.join(scratch, 'code');
cpSync(submission, code, { recursive: true });
mkdirSync(path.join(code, 'data'));
mkdirSync(path.join(code, 'submission'));
chmodSync(path.join(code, 'submission'), 0o777);

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
const bare = [
  'run',
  '--rm',
  '--network',
  'none',
  '--user',
  '1000:1000',
  '-v',
  `${code}:/code_execution`,
  '-v',
  `${path.join(demo, 'data/smoke')}:/code_execution/data:ro`,
  '-w',
  '/code_execution',
  image,
  'python3',
  'main.py',
];
const holdout = ['bin/holdout.js', 'test', submission, '--competition', demo, '--json'];

const bareTimes = [];
const holdoutTimes = [];
for (let i = 0; i < runs; i++) {
  // Interleave so drift on a shared machine hits both alike.
  bareTimes.push(time('docker', bare));
  holdoutTimes.push(time('node', holdout));
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => `${x.toFixed(3)} s`;
console.log(`runs: ${runs}, image: ${image}`);
console.log(
  `bare docker run   median ${fmt(median(bareTimes))}  (all: ${bareTimes.map((x) => x.toFixed(2)).join(' ')})`,
);
console.log(
  `holdout test      median ${fmt(median(holdoutTimes))}  (all: ${holdoutTimes.map((x) => x.toFixed(2)).join(' ')})`,
);
console.log(`median overhead   ${fmt(median(holdoutTimes) - median(bareTimes))}  (target < 0.5 s)`);
