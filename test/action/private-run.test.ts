/**
 * The private run says only what the organizer allows (issue 8, section 6).
 *
 * On the private test data a submission can signal through everything it
 * influences: the exit code, counts in the message, duration, peak memory, the
 * log and problems, and the score's digits. By default only the status and the
 * reason category leave the runner; competition.yml's private_run lets the exit
 * code, duration and memory out coarsely, and shown scores are rounded before the
 * result file is written. The reproduce lines name no folder of the runner, and
 * the private log and predictions are kept in private_run.keep_dir.
 *
 * Pure functions first, then the evaluate mode end to end (fresh bundle of the
 * sources, real engine, GitHub emulator), as test/action/evaluate.test.ts does.
 */
import assert from 'node:assert/strict';
import { cp, lstat, mkdir, mkdtemp, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import YAML from 'yaml';
import { needsEngine } from '../support/docker.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import {
  coarseDuration,
  coarseMemory,
  commonExitCode,
  fixedWords,
  keepPrivateRun,
  privateKeepDir,
  privateRunForResult,
  roundScore,
} from '../../src/action/private-run.js';
import { rewriteDockerLine, withoutHostPaths } from '../../src/action/host-paths.js';
import { fitReportToResult, resultFileSchema } from '../../src/action/result-file.js';
import { privateRunSection } from '../../src/config/private-run.js';
import { competitionSchema } from '../../src/config/schema.js';
import { logLoss } from '../../src/scoring/metrics.js';
import type { RunReport } from '../../src/report/report.js';
import { renderReport } from '../../src/report/markdown.js';
import { runReport } from './support/fixtures.js';
import { freshActionBundle, runAction, webhookExample } from './support/run-action.js';

const MiB = 1024 * 1024;
const closed = privateRunSection.parse({});
const allowAll = privateRunSection.parse({ show: { exit_code: true, duration: true, memory: true } });

/** A private crash as the pipeline reports it, every covert channel set by the submission. */
function privateCrash(over: Partial<RunReport> = {}): RunReport {
  return runReport({
    status: 'failed',
    reason: 'crash',
    dataset: 'test',
    message: 'The submission exited with code 124.\nLast output:\n17 missing ids',
    hint: 'Read the log for the error, fix it and run `holdout test` locally until it passes.',
    scores: {},
    primary_metric: null,
    duration_s: 20.9,
    exit_code: 124,
    peak_memory_bytes: 87 * MiB,
    log: {
      lines: 17,
      truncated: false,
      head: Array.from({ length: 17 }, (_, i) => `label ${i}`),
      tail: [],
      file: '/runner/_temp/holdout-x/test/submission.log',
    },
    problems: Array.from({ length: 17 }, (_, i) => `id t${i} is missing`),
    ...over,
  });
}

describe('the private run by default: status and reason only', () => {
  test('a functions run: train failed or infer failed leave identical entries (no phase, no docker line)', () => {
    const phaseRun = (phase: 'train' | 'infer') =>
      privateCrash({
        kind: 'functions',
        phases: [{ name: phase, duration_s: 3, exit_code: 1, peak_memory_bytes: 10 * MiB }],
        reproduce: {
          holdout: 'holdout test submissions/alice --competition . --dataset test',
          docker: `docker run --env 'HOLDOUT_HARNESS={"phase": "${phase}"}' img`,
        },
      });
    const policy = { showLogs: false, showScores: false, privateRun: allowAll };
    const [train, infer] = [
      privateRunForResult(phaseRun('train'), policy),
      privateRunForResult(phaseRun('infer'), policy),
    ];
    assert.deepEqual(train, infer);
    assert.equal(train.reproduce.docker, null);
    assert.equal(train.phases, undefined);
    assert.equal(train.kind, 'functions');
  });

  test('two runs that differ in exit code, counts, duration, memory, log, problems and scores leave identical entries', () => {
    const a = privateCrash();
    const b = privateCrash({
      message: 'The submission exited with code 3.\nLast output:\n4 missing ids',
      duration_s: 22.1,
      exit_code: 3,
      peak_memory_bytes: 130 * MiB,
      log: { lines: 4, truncated: true, head: ['x'], tail: ['y'] },
      problems: ['id t1 is missing'],
      scores: { log_loss: 0.123456 },
    });
    const policy = { showLogs: false, showScores: false, privateRun: closed };
    const [outA, outB] = [privateRunForResult(a, policy), privateRunForResult(b, policy)];
    assert.deepEqual(outA, outB);
    assert.equal(outA.message, 'The submission failed on the private test data (it crashed).');
    assert.equal(
      outA.hint,
      "It ran on the public sample, so look for what differs on the private data (more rows, values or ids the sample does not have) and test with data shaped like it. The private run's log stays with the organizers.",
    );
    assert.deepEqual(
      {
        exit: outA.exit_code,
        duration: outA.duration_s,
        memory: outA.peak_memory_bytes,
        log: outA.log,
        problems: outA.problems,
        scores: outA.scores,
      },
      {
        exit: null,
        duration: null,
        memory: null,
        log: { lines: 0, truncated: false, head: [], tail: [] },
        problems: [],
        scores: {},
      },
    );
    // Through the writer too: the result file's entry is the same.
    assert.deepEqual(fitReportToResult(withoutHostPaths(outA)), fitReportToResult(withoutHostPaths(outB)));
  });

  test('each reason has a fixed sentence without numbers; errors say they are ours', () => {
    for (const reason of [
      'invalid_submission',
      'crash',
      'timeout',
      'oom',
      'no_output',
      'invalid_output',
      'output_too_large',
    ]) {
      const words = fixedWords({ status: 'failed', reason });
      assert.match(words.message, /^The submission failed on the private test data \([a-z ]+\)\.$/, reason);
      assert.doesNotMatch(words.message + words.hint, /\d/, reason);
    }
    assert.equal(
      fixedWords({ status: 'error', reason: 'scorer_failed' }).message,
      'The run on the private test data could not be judged (scorer failed): this is on our side, not yours — an organizer will re-run it.',
    );
    assert.equal(
      fixedWords({ status: 'success', reason: null }).message,
      'The submission ran on the private test data and was scored.',
    );
  });

  test('an allow-list: a field RunReport does not know yet never reaches the result file', () => {
    const withFuture = { ...privateCrash(), future_channel: 'SECRET' } as RunReport;
    const out = privateRunForResult(withFuture, { showLogs: true, showScores: true, privateRun: allowAll });
    assert.equal('future_channel' in out, false);
    assert.equal(JSON.stringify(out).includes('SECRET'), false);
    assert.deepEqual(Object.keys(out).sort(), Object.keys(privateCrash()).sort());
  });
});

describe('what competition.yml may let out, coarsely', () => {
  test('private_run defaults: everything hidden, 3 score digits, kept under ~/holdout-private', () => {
    const config = competitionSchema.parse({
      name: 'x',
      datasets: { smoke: { data: 'd', labels: 'l' } },
      scoring: { id_column: 'id', columns: ['y'], metric: 'log_loss' },
    });
    assert.deepEqual(config.private_run, {
      show: { exit_code: false, duration: false, memory: false },
      score_digits: 3,
      keep_dir: '~/holdout-private',
    });
    assert.equal(privateRunSection.safeParse({ keep_dir: 'relative/dir' }).success, false);
    assert.equal(privateRunSection.safeParse({ keep_dir: '/srv/../etc' }).success, false);
    assert.equal(
      privateRunSection.safeParse({ show: { scores: true } }).success,
      false,
      'strict: scores stay behind show-private-scores',
    );
  });

  test('duration rounded up to the minute, memory to a power of two (at most the limit), exit code only when common', () => {
    const out = privateRunForResult(privateCrash(), { showLogs: false, showScores: false, privateRun: allowAll });
    assert.deepEqual([out.duration_s, out.peak_memory_bytes, out.exit_code], [60, 128 * MiB, null]);
    // The measurements: 20.9 s vs 22.1 s and 87 vs 130 MiB.
    assert.deepEqual([coarseDuration(20.9), coarseDuration(22.1), coarseDuration(61)], [60, 60, 120]);
    assert.deepEqual(
      [
        coarseMemory(87 * MiB, 4096 * MiB),
        coarseMemory(130 * MiB, 4096 * MiB),
        coarseMemory(900 * MiB, 1024 * MiB),
        coarseMemory(1200 * MiB, 1536 * MiB),
      ],
      [128 * MiB, 256 * MiB, 1024 * MiB, 1536 * MiB],
    );
    assert.deepEqual([0, 1, 2, 124, 137, 139, 77, 255].map(commonExitCode), [0, 1, 2, null, 137, 139, null, null]);
    const one = privateRunForResult(privateCrash({ exit_code: 1 }), {
      showLogs: false,
      showScores: false,
      privateRun: allowAll,
    });
    assert.equal(one.exit_code, 1);
    assert.equal(
      one.message,
      'The submission failed on the private test data (it crashed).',
      'the message stays fixed',
    );
  });

  test('shown scores keep score_digits significant digits', () => {
    const run = runReport({ dataset: 'test', scores: { log_loss: Math.LN2, rmse: 12345.678 } });
    assert.deepEqual(privateRunForResult(run, { showLogs: false, showScores: true, privateRun: closed }).scores, {
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: ln 2 rounded to 3 digits is what this asserts
      log_loss: 0.693,
      rmse: 12300,
    });
    assert.deepEqual(
      privateRunForResult(run, { showLogs: false, showScores: true, privateRun: { ...closed, score_digits: 5 } })
        .scores,
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: ln 2 rounded to 5 digits is what this asserts
      { log_loss: 0.69315, rmse: 12346 },
    );
  });

  test('12 labels from one 6-digit log loss: at 3 digits the same predictions tell under 4 bits, and one label less', async () => {
    // The demo's 150 private labels; a submission predicts 0.5 + 1e-4·2^i on rows 0..11 and 0.5 elsewhere,
    // so each of those labels moves the log loss by a different power of two.
    const labels = (await readFile('examples/demo/private/test_labels.csv', 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[1]));
    const p = new Float64Array(labels.length).fill(0.5);
    for (let i = 0; i < 12; i++) p[i] = 0.5 + 1e-4 * 2 ** i;
    const scoreFor = (first12: number) => {
      const y = Float64Array.from(labels);
      for (let i = 0; i < 12; i++) y[i] = (first12 >> i) & 1;
      return logLoss([y], [p], null, 1e-15);
    };
    const distinct = (digits: number) =>
      new Set(Array.from({ length: 4096 }, (_, m) => roundScore(scoreFor(m), digits))).size;
    assert.equal(distinct(6), 4096, '6 digits: every assignment of the 12 labels has its own score');
    assert.ok(distinct(3) <= 16, `3 digits: ${distinct(3)} scores, under 4 bits a push`);
    // Two worlds that differ in one label (row 0): different at 6 digits, the same once rounded.
    const truth = labels.slice(0, 12).reduce((m, y, i) => m | (y << i), 0);
    const [a, b] = [scoreFor(truth), scoreFor(truth ^ 1)];
    assert.notEqual(roundScore(a, 6), roundScore(b, 6));
    assert.equal(roundScore(a, 3), roundScore(b, 3));
  });
});

describe('no host path in the result file', () => {
  test('the mounts become <submission> and <data>, the competition folder relative, temp and home placeholders', () => {
    const docker =
      "docker run --rm --network none --mount type=bind,source=/home/runner/_work/_temp/holdout-abc/test/code,target=/code_execution,readonly --mount 'type=bind,source=/srv/holdout private/test,target=/code_execution/data,readonly' --user 1000:1000 --workdir /code_execution img python main.py";
    const run = privateCrash({
      message: 'building failed; the full log is /home/runner/_work/_temp/holdout-abc/test/image-build.log',
      reproduce: {
        holdout: 'holdout test submissions/alice --competition /home/runner/_work/comp/comp --dataset test',
        docker,
      },
    });
    const out = withoutHostPaths(run, {
      runnerTemp: '/home/runner/_work/_temp',
      workspace: '/home/runner/_work/comp/comp',
      home: '/home/runner',
    });
    assert.equal(
      out.reproduce.docker,
      "docker run --rm --network none --mount 'type=bind,source=<submission>,target=/code_execution,readonly' --mount 'type=bind,source=<data>,target=/code_execution/data,readonly' --user 1000:1000 --workdir /code_execution img python main.py",
    );
    assert.equal(out.reproduce.holdout, 'holdout test submissions/alice --competition . --dataset test');
    assert.equal(out.message, 'building failed; the full log is <runner-temp>/holdout-abc/test/image-build.log');
    assert.doesNotMatch(JSON.stringify(out), /\/home\/runner|\/srv\//);
    assert.equal(rewriteDockerLine('not a docker line').line, 'not a docker line');
  });
});

describe('the private run is kept on the runner', () => {
  test('log, predictions and the whole report go to <keep_dir>/<owner>-<repo>/pr-<n>-<sha12>, readable by the runner user only; links are not followed', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-keep-'));
    const workDir = path.join(root, 'work');
    await mkdir(workDir);
    await writeFile(path.join(workDir, 'submission.log'), 'PRIVATE line\n');
    await writeFile(path.join(workDir, 'submission.csv'), 'id,malignant\nt0,0.5\n');
    const dir = privateKeepDir('~/kept', { owner: 'octo-org', repo: 'comp/../x' }, 3, 'a'.repeat(40), root);
    assert.equal(dir, path.join(root, 'kept', 'octo-org-comp_.._x', 'pr-3-aaaaaaaaaaaa'));
    const run = privateCrash({ log: { ...privateCrash().log, file: path.join(workDir, 'submission.log') } });
    assert.deepEqual(
      await keepPrivateRun({ run, dir, workDir, outputFile: '/code_execution/submission/submission.csv' }),
      ['test.log', 'submission.csv', 'report.json'],
    );
    assert.equal(await readFile(path.join(dir, 'test.log'), 'utf8'), 'PRIVATE line\n');
    assert.equal(
      JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')).exit_code,
      124,
      'the organizer sees the exact numbers',
    );
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const f of await readdir(dir)) assert.equal((await stat(path.join(dir, f))).mode & 0o777, 0o600, f);

    // A predictions "file" that is a link (to anything) is not copied.
    const linked = path.join(root, 'linked');
    await mkdir(linked);
    await symlink('/etc/passwd', path.join(linked, 'submission.csv'));
    assert.deepEqual(
      await keepPrivateRun({
        run: privateCrash({ log: { ...privateCrash().log, file: undefined } }),
        dir,
        workDir: linked,
        outputFile: '/code_execution/submission/submission.csv',
      }),
      ['report.json'],
    );
    assert.equal((await lstat(path.join(dir, 'report.json'))).isFile(), true);

    // container.output_dir: the collected folder is kept too, as regular files only.
    const folderRun = path.join(root, 'folder-run');
    await mkdir(path.join(folderRun, 'output', 'tiles'), { recursive: true });
    await writeFile(path.join(folderRun, 'output', 'tiles', 'a.tif'), 'TIF');
    await symlink('/etc/passwd', path.join(folderRun, 'output', 'b.tif'));
    assert.deepEqual(
      await keepPrivateRun({
        run: privateCrash({ log: { ...privateCrash().log, file: undefined } }),
        dir,
        workDir: folderRun,
        outputFile: '/code_execution/submission/submission.csv',
      }),
      ['output/', 'report.json'],
    );
    assert.equal(await readFile(path.join(dir, 'output', 'tiles', 'a.tif'), 'utf8'), 'TIF');
    assert.equal(
      await lstat(path.join(dir, 'output', 'b.tif')).then(
        () => true,
        () => false,
      ),
      false,
      'a link is not kept',
    );
  });
});

test('the comment shows hidden or coarse private numbers', () => {
  const smoke = runReport();
  const hidden = privateRunForResult(privateCrash(), { showLogs: false, showScores: false, privateRun: closed });
  const coarse = privateRunForResult(privateCrash({ exit_code: 1 }), {
    showLogs: false,
    showScores: false,
    privateRun: allowAll,
  });
  const view = (test: RunReport) =>
    renderReport({
      status: 'failed',
      reason: 'crash',
      message: test.message,
      hint: test.hint,
      headSha: 'a'.repeat(40),
      smoke,
      test,
      showPrivateScores: false,
      showPrivateLogs: false,
      links: {},
    });
  assert.match(view(hidden), /\| duration \| 12\.5 s of 1800 s \| hidden \|/);
  assert.match(view(hidden), /\| peak memory \| 300 MiB of 4\.0 GiB \| hidden \|/);
  assert.doesNotMatch(view(hidden), /124|20\.9|87 MiB|missing/);
  assert.match(view(coarse), /\| duration \| 12\.5 s of 1800 s \| ≤ 1m of 30m \|/);
  assert.match(view(coarse), /\| peak memory \| 300 MiB of 4\.0 GiB \| ≤ 128 MiB of 4\.0 GiB \|/);
  assert.match(view(coarse), /\| program's exit code \| 0 \| 1 \|/);
});

// ---------------------------------------------------------------------------------------------
// End to end: the evaluate mode on the demo competition.

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const SHA = '9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

/** Predicts 0.5 on the public sample (50 rows); `onTest` runs on the private data (150 rows) instead. */
const privateOnly = (onTest: string) => ({
  'main.py': [
    'import sys, time',
    'import pandas as pd',
    'features = pd.read_csv("data/features.csv")',
    'if len(features) > 100:',
    ...onTest.split('\n').map((l) => `    ${l}`),
    'else:',
    '    pd.DataFrame({"id": features["id"], "malignant": 0.5}).to_csv("submission/submission.csv", index=False)',
    '',
  ].join('\n'),
});

/** The runner's folders, made for one test so the result file can be searched for them. */
async function runnerFolders() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-runner-'));
  const folders = {
    RUNNER_TEMP: path.join(root, '_temp'),
    HOME: path.join(root, 'home'),
    GITHUB_WORKSPACE: path.resolve('.'),
  };
  await mkdir(folders.RUNNER_TEMP);
  await mkdir(folders.HOME);
  return folders;
}

/** The evaluate mode on alice's PR #3 with `files`, on `competitionDir`. */
async function evaluate(
  files: Record<string, string>,
  opts: { competitionDir?: string; inputs?: Record<string, string> } = {},
) {
  const all: Record<string, Buffer> = { 'README.md': Buffer.from('competition') };
  for (const [f, content] of Object.entries(files)) all[`submissions/alice/${f}`] = Buffer.from(content);
  emu.addCommit(SHA, all);
  emu.addPull({
    number: 3,
    authorLogin: 'alice',
    headSha: SHA,
    files: Object.keys(all)
      .filter((f) => f.startsWith('submissions/'))
      .map((filename) => ({ filename, status: 'added' })),
  });
  const env = await runnerFolders();
  const resultDir = path.join(env.RUNNER_TEMP, 'result');
  const event = {
    name: 'workflow_run',
    payload: await webhookExample('workflow_run', 'completed', (p) => (p.workflow_run.head_sha = SHA)),
  };
  const run = await runAction({
    apiUrl: emu.url,
    event,
    env,
    bundle: await freshActionBundle(),
    inputs: {
      mode: 'evaluate',
      token: '',
      'head-sha': SHA,
      'competition-dir': opts.competitionDir ?? DEMO,
      'result-dir': resultDir,
      ...opts.inputs,
    },
  });
  assert.equal(run.code, 0, run.stdout);
  const raw = await readFile(run.outputs['result-file']!, 'utf8');
  return { run, env, raw, result: JSON.parse(raw), event };
}

/** The private entry without what is the organizer's configuration (limits, image, reproduce lines). */
function channels(entry: Record<string, unknown>) {
  const { limits: _l, image: _i, reproduce: _r, ...rest } = entry;
  return rest;
}

/** A copy of the demo competition whose competition.yml has this private_run section. */
async function demoWith(privateRun: unknown): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'holdout-test-demo-')), 'demo');
  await cp(DEMO, dir, { recursive: true });
  const doc = YAML.parseDocument(await readFile(path.join(DEMO, 'competition.yml'), 'utf8'));
  doc.set('private_run', privateRun);
  await writeFile(path.join(dir, 'competition.yml'), doc.toString());
  return dir;
}

describe('evaluate: the private run on the demo competition', engine, () => {
  test('a crash with exit code 124, 17 printed ids, a chosen run time and memory: only failed/crash leaves; the runner keeps the rest', async () => {
    const { run, env, raw, result, event } = await evaluate(
      privateOnly(
        [
          'print("PRIVATE", features.iloc[0].tolist())',
          'print("17 missing ids")',
          'hog = bytearray(100 * 1024 * 1024)',
          'time.sleep(2)',
          'sys.exit(124)',
        ].join('\n'),
      ),
    );
    assert.deepEqual([result.smoke.status, result.test.status, result.test.reason], ['success', 'failed', 'crash']);
    assert.deepEqual(channels(result.test), {
      version: 1,
      status: 'failed',
      reason: 'crash',
      message: 'The submission failed on the private test data (it crashed).',
      hint: "It ran on the public sample, so look for what differs on the private data (more rows, values or ids the sample does not have) and test with data shaped like it. The private run's log stays with the organizers.",
      dataset: 'test',
      scores: {},
      primary_metric: null,
      duration_s: null,
      exit_code: null,
      peak_memory_bytes: null,
      log: { lines: 0, truncated: false, head: [], tail: [] },
      problems: [],
      // The competition's kind (competition.yml), the same for every submission: nothing of the run.
      kind: 'script',
    });
    assert.doesNotMatch(raw, /PRIVATE|code 124|17 missing/);
    assert.doesNotMatch(run.stdout, /PRIVATE|code 124|17 missing/, 'nor in the job log');

    // No folder of the runner in the result file: the mounts and the competition folder are placeholders.
    for (const [name, folder] of Object.entries({ ...env, DEMO, hostTemp: path.join(os.tmpdir(), 'holdout-') }))
      assert.equal(raw.includes(folder), false, `${name} (${folder}) is in the result file`);
    // The staged submission is mounted beside the writable working copy (issue 9).
    assert.match(
      result.test.reproduce.docker,
      /source=<submission>,target=\/\.holdout\/submission,readonly.*source=<data>,target=\/code_execution\/data,readonly/,
    );
    assert.match(result.smoke.reproduce.docker, /source=<submission>,.*source=<data>,/);
    assert.equal(
      result.test.reproduce.holdout,
      'holdout test submissions/alice --competition examples/demo --dataset test',
    );

    // The organizer finds the whole run after the job, at the path the job log names (and only the path).
    const kept = path.join(env.HOME, 'holdout-private', 'octo-org-competition', `pr-3-${SHA.slice(0, 12)}`);
    assert.match(
      run.stdout,
      new RegExp(
        `The private run's log and predictions are kept on this runner in ${kept.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`,
      ),
    );
    assert.match(await readFile(path.join(kept, 'test.log'), 'utf8'), /PRIVATE[\s\S]*17 missing ids/);
    const whole = JSON.parse(await readFile(path.join(kept, 'report.json'), 'utf8'));
    assert.deepEqual([whole.exit_code, whole.message.split('\n')[0]], [124, 'The submission exited with code 124.']);

    // And the public comment says no more.
    const report = await runAction({
      apiUrl: emu.url,
      event,
      inputs: {
        mode: 'report',
        token: 't',
        'head-sha': SHA,
        'evaluation-job': 'success',
        'result-file': run.outputs['result-file']!,
      },
      bundle: await freshActionBundle(),
    });
    assert.equal(report.code, 0, report.stdout);
    const body = emu.comments[0]!.body;
    assert.match(body, /The submission failed on the private test data \\\(it crashed\\\)\\\./); // Markdown-escaped
    assert.match(body, /\| duration \| [\d.]+ s of 120 s \| hidden \|/);
    assert.doesNotMatch(body, /PRIVATE|code 124|17 missing|_temp|holdout-private/);
  });

  test('invalid predictions with 17 ids missing: no count, no problems, a fixed sentence', async () => {
    const { result } = await evaluate(
      privateOnly(
        'pd.DataFrame({"id": features["id"][17:], "malignant": 0.5}).to_csv("submission/submission.csv", index=False)',
      ),
    );
    assert.deepEqual([result.test.status, result.test.reason], ['failed', 'invalid_output']);
    assert.deepEqual(
      [result.test.message, result.test.problems, result.test.log.lines],
      ['The submission failed on the private test data (its predictions file is not valid).', [], 0],
    );
    assert.doesNotMatch(
      JSON.stringify(channels(result.test)),
      /\d{2}/,
      'no number of more than one digit among the channels',
    );
  });

  test('with private_run.show and show-private-scores: exit code, minutes, a power of two, and 3 digits of score — no more', async () => {
    const competitionDir = await demoWith({ show: { exit_code: true, duration: true, memory: true }, score_digits: 3 });
    const { env, result } = await evaluate(
      privateOnly(
        'pd.DataFrame({"id": features["id"], "malignant": 0.3 + 0.4 * (features["mean_radius"] > 15)}).to_csv("submission/submission.csv", index=False)',
      ),
      {
        competitionDir,
        inputs: { 'show-private-scores': 'true' },
      },
    );
    const t = result.test;
    assert.deepEqual(
      [t.status, t.exit_code, t.message],
      ['success', 0, 'The submission ran on the private test data and was scored.'],
    );
    assert.ok(t.duration_s > 0 && t.duration_s % 60 === 0, `duration ${t.duration_s}`);
    if (t.peak_memory_bytes !== null)
      assert.equal(Math.log2(t.peak_memory_bytes) % 1, 0, `memory ${t.peak_memory_bytes}`);
    const score = t.scores.log_loss;
    assert.equal(score, Number(score.toPrecision(3)), `${score} has at most 3 significant digits`);
    // The exact score stays in the kept report.
    const kept = JSON.parse(
      await readFile(
        path.join(env.HOME, 'holdout-private', 'octo-org-competition', `pr-3-${SHA.slice(0, 12)}`, 'report.json'),
        'utf8',
      ),
    );
    assert.notEqual(kept.scores.log_loss, score);
    assert.equal(roundScore(kept.scores.log_loss, 3), score);
    // The public run is as detailed as before.
    assert.equal(typeof result.smoke.duration_s, 'number');
    assert.notEqual(result.smoke.duration_s % 60, 0);
    assert.ok(resultFileSchema.safeParse(result).success);
  });

  test('private test data that does not match competition.yml: an error with the fixed sentence; its header stays out of the job log', async () => {
    const competitionDir = await demoWith({});
    const labels = path.join(competitionDir, 'private/test_labels.csv');
    await writeFile(labels, (await readFile(labels, 'utf8')).replace(/^id,malignant/, 'SECRETCOL,malignant'));
    const { run, result } = await evaluate(
      privateOnly(
        'pd.DataFrame({"id": features["id"], "malignant": 0.5}).to_csv("submission/submission.csv", index=False)',
      ),
      { competitionDir },
    );
    assert.deepEqual([result.smoke.status, result.test.status], ['success', 'error']);
    assert.equal(
      result.test.message,
      'The run on the private test data could not be judged (internal error): this is on our side, not yours — an organizer will re-run it.',
    );
    assert.doesNotMatch(`${run.stdout}\n${JSON.stringify(result)}`, /SECRETCOL/);
  });
});
