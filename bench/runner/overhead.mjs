// Runner overhead: `holdout test` on the demo's random baseline (whole process:
// Node start, validation, staging, image check, sandbox, scoring) against a bare
// `docker run` of the same image and command. Target: median overhead < 0.5 s.
//   node bench/runner/overhead.mjs [runs=9] [--old OLD_CLI.js] [--new NEW_CLI.js]
// Default: the committed bundle (bin/holdout.js) alone. With --old and --new, both CLIs are
// timed in the same interleaved loop, so a change is compared on the same machine in the same
// run, e.g. the committed bundle against one built from the working tree:
//   node scripts/bundle.mjs --outdir /tmp/holdout-new
//   node bench/runner/overhead.mjs 15 --old dist/cli.js --new /tmp/holdout-new/cli.js
// Needs the demo runtime image: run `npm run demo` once first.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, mkdirSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const flag = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(process.argv[2]?.startsWith('--') ? 9 : (process.argv[2] ?? 9));
const clis = flag('--new')
  ? [
      ['old', flag('--old') ?? 'bin/holdout.js'],
      ['new', flag('--new')],
    ]
  : [['holdout', 'bin/holdout.js']];
const demo = path.resolve('examples/demo');
const submission = path.join(demo, 'submissions/random-baseline');

// Find the demo image the CLI uses (built on its first run).
const report = JSON.parse(
  execFileSync('node', [clis[0][1], 'test', submission, '--competition', demo, '--json'], {
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
const holdout = (cli) => [cli, 'test', submission, '--competition', demo, '--json'];

const bareTimes = [];
const cliTimes = clis.map(() => []);
for (let i = 0; i < runs; i++) {
  // Interleave so drift on a shared machine hits all alike.
  bareTimes.push(time('docker', bare));
  for (const [k, [, cli]] of clis.entries()) cliTimes[k].push(time('node', holdout(cli)));
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => `${x.toFixed(3)} s`;
console.log(`runs: ${runs}, image: ${image}`);
console.log(
  `bare docker run   median ${fmt(median(bareTimes))}  (all: ${bareTimes.map((x) => x.toFixed(2)).join(' ')})`,
);
const overheads = clis.map(([label, cli], k) => {
  const times = cliTimes[k];
  const overhead = median(times) - median(bareTimes);
  console.log(`${`holdout test (${label}: ${cli})`}`);
  console.log(`  median ${fmt(median(times))}  (all: ${times.map((x) => x.toFixed(2)).join(' ')})`);
  console.log(`  median overhead ${fmt(overhead)}  (target < 0.5 s)`);
  return overhead;
});
if (overheads.length === 2)
  console.log(
    `new overhead / old overhead: ${(overheads[1] / overheads[0]).toFixed(2)} (the goal of issue 12: <= 0.50)`,
  );
