/**
 * The re-score's jobs as holdout-rescore.yml runs them, against the emulator (and, for the
 * shard, the real engine): plan from the ledger → shards run submissions fetched by SHA →
 * record appends one record per result with rerun_of. The hostile cases of the issue:
 *  - a shard whose runner died: the others' results recorded, the missing ids named, and
 *    re-dispatching with only-missing plans exactly those;
 *  - a re-score cancelled half-way (the record job re-run): nothing appended twice;
 *  - a submission whose folder no longer exists at its SHA, or whose commit is gone: a
 *    record with the reason submission_missing (our error, not charged), not a crash;
 *  - a shard's artifact answering for an evaluation of another shard: ignored.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, before, beforeEach, describe, test } from 'node:test';
import { writeRunResults } from '../../src/action/result-file.js';
import { createClient } from '../../src/github/octokit.js';
import { readLedgerFromApi } from '../../src/ledger/read.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { generateKeyPair, openScores, sealScores, type KeyPair } from '../../src/ledger/seal.js';
import { appendRecords } from '../../src/ledger/store.js';
import { emptyRunReport, type RunReport } from '../../src/report/report.js';
import { planRescore, type RescorePlan } from '../../src/season/plan.js';
import {
  PLAN_FILE_NAME,
  readPlanFile,
  shardFolder,
  writePlanFile,
  writeRescoreFile,
} from '../../src/season/rescore.js';
import { freshActionBundle, runAction } from '../action/support/run-action.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { needsEngine } from '../support/docker.js';
import { record } from './records.js';

/** The summary's text as a reader sees it: problems from shard files are Markdown-escaped. */
const unescaped = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

const engine = await needsEngine();
const BRANCH = 'holdout-results';
let keys: KeyPair;
let competitionDir: string;
let bundle: string;
let emu: GitHubEmulator;

before(async () => {
  keys = await generateKeyPair();
  competitionDir = await mkdtemp(path.join(os.tmpdir(), 'holdout-rescore-competition-'));
  await cp(path.resolve('examples/demo'), competitionDir, { recursive: true });
  const yml = await readFile(path.join(competitionDir, 'competition.yml'), 'utf8');
  await writeFile(path.join(competitionDir, 'competition.yml'), `${yml}\nresults:\n  public_key: ${keys.publicKey}\n`);
  bundle = await freshActionBundle();
});
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

const repo = () => ({ owner: emu.owner, repo: emu.repo });
const client = () => createClient({ token: 'seed', baseUrl: emu.url, warn: () => {} });
const sha = (n: number) => n.toString(16).padStart(40, 'a');

/** Original evaluations of alice (1), bob (2), carol (3) on the results branch. */
async function seedLedger(): Promise<LedgerRecord[]> {
  const originals = [1, 2, 3].map((n) =>
    record({
      n,
      participant: { id: n, login: ['alice', 'bob', 'carol'][n - 1]! },
      head_sha: sha(n),
      public_scores: { log_loss: 0.1 * n },
      primary_metric: 'log_loss',
      duration_s: 100 * n,
    }),
  );
  await appendRecords(client(), repo(), BRANCH, originals);
  return originals;
}

async function action(mode: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runAction({
    apiUrl: emu.url,
    bundle,
    inputs: { mode, token: 'ghs_job', 'competition-dir': competitionDir, ...inputs },
    event: { name: 'workflow_dispatch', payload: {} },
    env: { GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '1', ...env },
  });
}

/** A test run as a shard leaves it: scored, filtered, its private scores sealed. */
function scoredRun(dataset: 'smoke' | 'test'): RunReport {
  return {
    ...emptyRunReport(
      dataset,
      { time_s: 60, memory_bytes: 1, cpus: 1, gpus: 0, pids: 1, shm_bytes: 1, tmp_bytes: 1, output_bytes: 1 },
      'holdout test',
    ),
    status: 'success',
    message: 'The submission ran and was scored.',
    scores: dataset === 'smoke' ? { log_loss: 0.5 } : {},
    primary_metric: 'log_loss',
    duration_s: null,
  };
}

/** Writes what shard `shard` would upload for `evaluationId`. */
async function shardResult(
  resultsDir: string,
  shard: number,
  e: { evaluation_id: string; head_sha: string },
  opts: { missing?: string; privateScore?: number } = {},
) {
  const dir = path.join(resultsDir, shardFolder(shard), e.evaluation_id);
  await mkdir(dir, { recursive: true });
  await writeRunResults(
    dir,
    e.head_sha,
    opts.missing
      ? { smoke: { ...scoredRun('smoke'), status: 'error', reason: 'internal_error', scores: {} } }
      : { smoke: scoredRun('smoke'), test: scoredRun('test') },
    opts.privateScore !== undefined
      ? { sealedPrivate: await sealScores(keys.publicKey, { log_loss: opts.privateScore }) }
      : {},
  );
  await writeRescoreFile(dir, {
    format: 'holdout-rescore',
    version: 1,
    rerun_of: e.evaluation_id,
    head_sha: e.head_sha,
    started_at: '2027-02-01T10:00:00.000Z',
    finished_at: '2027-02-01T10:05:00.000Z',
    missing: opts.missing ?? null,
  });
}

describe('rescore-plan', () => {
  test('reads the ledger from the branch, outputs the matrix and the count, writes the plan', async () => {
    await seedLedger();
    const out = await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-'));
    const run = await action('rescore-plan', {
      scope: 'all',
      dataset: 'test',
      'only-missing': 'false',
      shards: '2',
      'result-dir': out,
    });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.outputs.matrix!), { shard: [0, 1] });
    assert.equal(run.outputs.count, '3');
    const plan = await readPlanFile(path.join(out, PLAN_FILE_NAME));
    // carol (300 s) alone; alice (100 s) and bob (200 s) together.
    assert.deepEqual(
      plan.shards.map((s) => s.evaluations.map((e) => e.participant.login).sort()),
      [['carol'], ['alice', 'bob']],
    );
    assert.match(run.summary, /Scope \*\*all\*\* on \*\*test\*\*: 3 evaluations over 2 shards/);
  });

  test('bad dispatch inputs: the job fails naming the input (no plan, no matrix)', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-'));
    for (const [inputs, words] of [
      [{ scope: 'everything' }, /input "scope" must be one of latest, best, all/],
      [{ shards: '300' }, /input "shards" must be a whole number from 1 to 256/],
      [{ shards: '2; rm -rf /' }, /input "shards" must be a whole number/],
      [{ dataset: 'train' }, /input "dataset" must be test or smoke/],
    ] as const) {
      const run = await action('rescore-plan', { 'result-dir': out, ...inputs });
      assert.equal(run.code, 1);
      assert.match(run.stdout, words);
      assert.equal(run.outputs.matrix, undefined);
    }
  });

  test('an empty results branch (or none yet): count 0, an empty matrix, nothing to re-score', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-'));
    const run = await action('rescore-plan', { scope: 'latest', 'result-dir': out });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.count, '0');
    assert.deepEqual(JSON.parse(run.outputs.matrix!), { shard: [] });
    assert.match(run.summary, /Nothing to re-score/);
  });
});

describe('rescore-record', () => {
  async function planned(): Promise<{ plan: RescorePlan; planFile: string; originals: LedgerRecord[] }> {
    const originals = await seedLedger();
    const plan = planRescore(originals, {
      scope: 'all',
      dataset: 'test',
      onlyMissing: false,
      shards: 2,
      direction: 'minimize',
    });
    const planFile = await writePlanFile(await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-')), plan);
    return { plan, planFile, originals };
  }

  test('a shard whose runner died: the other shard recorded with rerun_of, the missing ids named, the job red; only-missing then plans exactly those', async () => {
    const { plan, planFile } = await planned();
    const results = await mkdtemp(path.join(os.tmpdir(), 'holdout-results-'));
    const [carol] = plan.shards[0]!.evaluations;
    const [alice, bob] = plan.shards[1]!.evaluations.slice().sort((a, b) => a.participant.id - b.participant.id);
    // Shard 0 (carol) died before uploading: no folder. Shard 1 came back: alice scored, bob's folder gone.
    await shardResult(results, 1, alice!, { privateScore: 0.05 });
    await shardResult(results, 1, bob!, {
      missing: `submissions/bob/ no longer exists at commit ${bob!.head_sha.slice(0, 12)}`,
    });
    // A hostile extra: shard 1 answering for carol, whom the plan gave shard 0.
    await shardResult(results, 1, carol!, { privateScore: 0.0 });

    const run = await action('rescore-record', { 'plan-file': planFile, 'result-dir': results });
    assert.equal(run.code, 1, 'the run shows red while something is missing');
    assert.match(run.stdout, /1 planned evaluation\(s\) came back from no shard/);
    assert.match(run.stdout, /only-missing checked to finish/);
    assert.match(
      run.stdout,
      new RegExp(`Ignored holdout-rescore-shard-1/${carol!.evaluation_id}: not an evaluation the plan gave shard 1`),
    );
    assert.ok(run.summary.includes(`\`${carol!.evaluation_id}\` (shard 0, PR #3 by carol)`), run.summary);
    assert.match(run.summary, /Recorded 2 re-score records/);

    const ledger = await readLedgerFromApi(client(), repo(), BRANCH);
    const reruns = ledger.records.filter((r) => r.rerun_of !== null);
    assert.deepEqual(reruns.map((r) => r.rerun_of).sort(), [alice!.evaluation_id, bob!.evaluation_id].sort());
    const a = reruns.find((r) => r.rerun_of === alice!.evaluation_id)!;
    assert.deepEqual(
      [a.status, a.dataset, a.participant, a.head_sha],
      ['success', 'test', { id: 1, login: 'alice' }, alice!.head_sha],
    );
    assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, a.sealed_private!), { log_loss: 0.05 });
    assert.equal(a.workflow_run?.id, 777);
    const b = reruns.find((r) => r.rerun_of === bob!.evaluation_id)!;
    assert.deepEqual([b.status, b.reason, b.sealed_private], ['error', 'submission_missing', null]);
    assert.match(unescaped(run.summary), /submissions\/bob\/ no longer exists at commit/);

    // The record job re-run (a cancelled run resumed, "Re-run failed jobs"): nothing twice.
    const again = await action(
      'rescore-record',
      { 'plan-file': planFile, 'result-dir': results },
      { GITHUB_RUN_ATTEMPT: '2' },
    );
    assert.match(
      again.summary,
      /Recorded 0 re-score records \(2 already on the results branch from an earlier attempt\)/,
    );
    const after = await readLedgerFromApi(client(), repo(), BRANCH);
    assert.equal(after.records.length, ledger.records.length);

    // Re-dispatch with only-missing: carol only (alice has a verdict, bob's submission is gone for good).
    const out = await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-'));
    const next = await action('rescore-plan', {
      scope: 'all',
      dataset: 'test',
      'only-missing': 'true',
      shards: '4',
      'result-dir': out,
    });
    assert.equal(next.code, 0, next.stdout);
    assert.equal(next.outputs.count, '1');
    const nextPlan = await readPlanFile(path.join(out, PLAN_FILE_NAME));
    assert.deepEqual(
      nextPlan.shards.flatMap((s) => s.evaluations.map((e) => e.evaluation_id)),
      [carol!.evaluation_id],
    );
  });

  test('a garbled or foreign result file becomes our error for that evaluation, never the participant’s', async () => {
    const { plan, planFile } = await planned();
    const results = await mkdtemp(path.join(os.tmpdir(), 'holdout-results-'));
    for (const s of plan.shards)
      for (const e of s.evaluations) await shardResult(results, s.index, e, { privateScore: 0.1 });
    const victim = plan.shards[0]!.evaluations[0]!;
    const dir = path.join(results, shardFolder(0), victim.evaluation_id);
    // The result claims another commit (a shard answering with another submission's result).
    const file = path.join(dir, 'holdout-result.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...json, head_sha: 'f'.repeat(40) }));
    const run = await action('rescore-record', { 'plan-file': planFile, 'result-dir': results });
    assert.equal(run.code, 0, run.stdout);
    const ledger = await readLedgerFromApi(client(), repo(), BRANCH);
    const r = ledger.records.find((x) => x.rerun_of === victim.evaluation_id)!;
    assert.deepEqual([r.status, r.reason, r.head_sha], ['error', 'internal_error', victim.head_sha]);
    assert.match(unescaped(run.summary), /the result file is for commit ffffffffffff, not/);
  });

  test('a plan file that is not a plan: the job fails saying which artifact to pass', async () => {
    const bad = path.join(await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-')), PLAN_FILE_NAME);
    await writeFile(bad, '{"format":"holdout-rescore-plan","version":2}');
    const run = await action('rescore-record', { 'plan-file': bad, 'result-dir': bad });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /is not a plan \(version: /);
    assert.match(run.stdout, /holdout-rescore-plan artifact/);
  });
});

describe('rescore-shard on the real engine', engine, () => {
  test('fetches each submission by SHA as data and runs it in the sandbox; a gone folder and a gone commit are recorded as submission_missing, not a crash', async () => {
    const files: Record<string, Buffer> = { 'README.md': Buffer.from('competition') };
    const bench = path.join(competitionDir, 'submissions', 'benchmark');
    for (const f of await readdir(bench)) files[`submissions/alice/${f}`] = await readFile(path.join(bench, f));
    emu.addCommit(sha(1), files);
    emu.addCommit(sha(2), { 'README.md': Buffer.from('bob removed his folder') });
    // sha(3): no such commit (a force-pushed fork's old head, garbage-collected).
    const originals = await seedLedger();
    const plan = planRescore(originals, {
      scope: 'all',
      dataset: 'test',
      onlyMissing: false,
      shards: 1,
      direction: 'minimize',
    });
    const planFile = await writePlanFile(await mkdtemp(path.join(os.tmpdir(), 'holdout-plan-')), plan);
    const results = await mkdtemp(path.join(os.tmpdir(), 'holdout-results-'));
    const seeded = emu.requests.length;
    const shard = await action('rescore-shard', {
      token: '',
      'plan-file': planFile,
      shard: '0',
      'result-dir': results,
    });
    assert.equal(shard.code, 0, shard.stdout);
    assert.ok(
      emu.requests.slice(seeded).every((r) => r.authorization === undefined),
      'the shard reads with no token',
    );
    assert.match(shard.stdout, /\(PR #1\): success/);
    assert.match(shard.stdout, /\(PR #2\): submission_missing/);
    assert.match(shard.stdout, /\(PR #3\): submission_missing/);

    const record = await action('rescore-record', { 'plan-file': planFile, 'result-dir': results });
    assert.equal(record.code, 0, record.stdout);
    const reruns = (await readLedgerFromApi(client(), repo(), BRANCH)).records.filter((r) => r.rerun_of !== null);
    const by = (login: string) => reruns.find((r) => r.participant.login === login)!;
    assert.equal(by('alice').status, 'success');
    assert.match(by('alice').submission_hash ?? '', /^sha256:/);
    const opened = await openScores(keys.privateKey, keys.publicKey, by('alice').sealed_private!);
    assert.ok(opened.log_loss! > 0 && opened.log_loss! < 1, 'the private score was sealed on the runner');
    for (const login of ['bob', 'carol'])
      assert.deepEqual([by(login).status, by(login).reason], ['error', 'submission_missing']);
    assert.match(unescaped(record.summary), /submissions\/bob\/ no longer exists at commit/);
    assert.match(unescaped(record.summary), /no longer exists in the repository \(GitHub answered 404\)/);
  });
});
