#!/usr/bin/env node
/**
 * Benchmark (issue 10): `holdout leaderboard` over a synthetic ledger of 100,000 records from
 * 5,000 participants, written as record files (records/<yyyy>/<mm>/<id>.json) in a temporary
 * folder. Goal: < 2 s and < 300 MB peak RSS for the whole command (reading + ranking + writing).
 *
 * The CLI is bundled with scripts/bundle.mjs into a temporary folder (never dist/) and run as
 * a fresh process, timed from spawn to exit, peak RSS from GNU time (/usr/bin/time -f %M).
 * A second bundled script times the phases (read, rank, write) in one process.
 *
 * Usage: node bench/leaderboard/build.mjs [records=100000] [participants=5000] [runs=3]
 * There is no rival leaderboard tool installed to measure in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RECORDS = Number(process.argv[2] ?? 100_000);
const PARTICIPANTS = Number(process.argv[3] ?? 5_000);
const RUNS = Number(process.argv[4] ?? 3);

const hex = (seed, n) => createHash('sha256').update(seed).digest('hex').slice(0, n);

// A small deterministic generator: the same ledger every run.
let state = 42;
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};

const dir = await mkdtemp(path.join(tmpdir(), 'holdout-bench-leaderboard-'));
try {
  // Writing 100,000 files takes a minute on a small disk: the ledger is kept in bench/data/
  // (gitignored) and reused by later runs with the same sizes.
  const ledger = path.join(root, 'bench', 'data', `leaderboard-ledger-${RECORDS}-${PARTICIPANTS}`);
  if (!existsSync(path.join(ledger, 'complete'))) await generate(ledger);
  else console.log(`ledger: reusing ${ledger}`);
  const competition = path.join(dir, 'competition');
  await mkdir(competition);
  await writeFile(
    path.join(competition, 'competition.yml'),
    'name: Bench\ndatasets:\n  smoke: { data: data, labels: labels.csv }\nscoring:\n  columns: [p]\n  metric: log_loss\n  secondary: [roc_auc]\nleaderboard:\n  baselines: [participant-1]\n',
  );

  // Bundles, as users run them (no tsx compilation in the timing).
  const bundles = path.join(dir, 'bundle');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), '--outdir', bundles], { stdio: 'inherit' });
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'bench', 'leaderboard', 'phases.ts')],
    outfile: path.join(bundles, 'phases.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
    logLevel: 'warning',
  });

  const hasTime = existsSync('/usr/bin/time');
  for (let run = 1; run <= RUNS; run++) {
    const out = path.join(dir, `out-${run}`);
    const args = [
      path.join(bundles, 'cli.js'),
      'leaderboard',
      '--ledger',
      ledger,
      '--competition',
      competition,
      '--out',
      out,
      '--dataset',
      'test',
    ];
    const t = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], { encoding: 'utf8' })
      : spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = Math.round(performance.now() - t);
    if (r.status !== 0) throw new Error(`holdout leaderboard failed (${r.status}):\n${r.stderr}`);
    // GNU time's last line: peak RSS in KiB, user and system CPU seconds.
    const [rssKb, user, sys] = hasTime ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [Number.NaN, 0, 0];
    console.log(
      `run ${run}: holdout leaderboard ${ms} ms wall, ${Math.round((user + sys) * 1000)} ms CPU (user ${user} s, system ${sys} s), peak RSS ${Number.isFinite(rssKb) ? `${Math.round(rssKb / 1024)} MB` : 'unknown (no /usr/bin/time)'}; load average ${loadavg()[0].toFixed(1)}`,
    );
  }
  const phases = spawnSync(
    process.execPath,
    [path.join(bundles, 'phases.mjs'), ledger, competition, path.join(dir, 'out-phases')],
    {
      encoding: 'utf8',
    },
  );
  if (phases.status !== 0) throw new Error(phases.stderr);
  console.log(`phases (one process): ${phases.stdout.trim()}`);
  console.log('rival: none installed (no other leaderboard tool to run on the same ledger)');
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Writes the synthetic ledger: one record file per evaluation, as the record job does. */
async function generate(ledger) {
  await rm(ledger, { recursive: true, force: true });
  const t0 = performance.now();
  const start = Date.UTC(2026, 11, 1);
  const statuses = ['success', 'success', 'success', 'success', 'success', 'success', 'failed', 'error'];
  const made = new Set();
  for (let i = 0; i < RECORDS; i++) {
    const participant = 1 + (i % PARTICIPANTS); // every participant has RECORDS / PARTICIPANTS records
    const at = new Date(start + Math.floor(random() * 90 * 86400_000)).toISOString();
    const status = statuses[Math.floor(random() * statuses.length)];
    const id = hex(`evaluation-${i}`, 32);
    const record = {
      version: 1,
      evaluation_id: id,
      rerun_of: null,
      kind: participant <= 3 ? 'baseline' : 'submission',
      participant: { id: participant * 7919, login: `participant-${participant}` },
      pull_request: 1 + i,
      head_sha: hex(`sha-${i}`, 40),
      submission_hash: `sha256:${hex(`content-${i}`, 64)}`,
      dataset: 'test',
      workflow_run: { id: 1_000_000 + i, attempt: 1 },
      started_at: at,
      finished_at: at,
      status,
      reason: status === 'success' ? null : status === 'failed' ? 'timeout' : 'runner_lost',
      public_scores: status === 'success' ? { log_loss: 0.05 + random() * 0.6, roc_auc: 0.5 + random() * 0.5 } : {},
      primary_metric: 'log_loss',
      sealed_private: null,
      duration_s: Math.round(random() * 1800),
      peak_memory_bytes: Math.floor(random() * 4 * 1024 ** 3),
      image: 'ghcr.io/org/competition-runtime:cpu-0123456789ab',
      holdout_version: '0.1.0',
    };
    const month = path.join(ledger, 'records', at.slice(0, 4), at.slice(5, 7));
    if (!made.has(month)) {
      await mkdir(month, { recursive: true });
      made.add(month);
    }
    await writeFile(path.join(month, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
  await writeFile(path.join(ledger, 'complete'), '');
  console.log(
    `ledger: ${RECORDS} records of ${PARTICIPANTS} participants written in ${Math.round(performance.now() - t0)} ms`,
  );
}
