/**
 * Issue 9 (items 1, 2, 6, 9) through the whole pipeline, on the real engine: DrivenData-style
 * competitions in test/fixtures/drivendata/ (preset: drivendata), with submissions written as
 * their participants write them. Exact outcomes: status, reason, message, score.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { parseCompetition } from '../../src/config/load.js';
import { applyPreset } from '../../src/config/preset.js';
import { reproduceRunArgs, shellQuote, type SandboxSpec } from '../../src/sandbox/spec.js';
import { withoutHostPaths } from '../../src/action/host-paths.js';
import { emptyRunReport } from '../../src/report/report.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const NEXT_TO_MAIN = path.resolve('test/fixtures/drivendata/next-to-main');
const TIF_PER_ITEM = path.resolve('test/fixtures/drivendata/tif-per-item');
const GiB = 1024 ** 3;

describe('DrivenData style: main.py writes ./submission.csv next to itself (preset: drivendata)', engine, () => {
  test('smoke: scored from the working folder, IS_SMOKE_TEST=true set on smoke only', async () => {
    const workDir = await tempDir();
    const report = await evaluate({
      competitionDir: NEXT_TO_MAIN,
      submission: path.join(NEXT_TO_MAIN, 'submissions/write-next-to-main'),
      dataset: 'smoke',
      workDir,
    });
    assert.equal(report.status, 'success', `${report.message}\n${report.log.head.join('\n')}`);
    // labels 2,4,6,9 against predictions 2,4,6,8: one error of 1 in four rows.
    assert.equal(report.scores.rmse, 0.5);
    assert.deepEqual(report.log.head, ['IS_SMOKE_TEST=true rows=4', 'wrote submission.csv next to main.py']);
    assert.equal(
      await readFile(path.join(workDir, 'submission.csv'), 'utf8'),
      'id,target\na,2.0\nb,4.0\nc,6.0\nd,8.0\n',
    );
    // The preset's limits: DrivenData's --shm-size 8g, a disk-like /tmp.
    assert.equal(report.limits.shm_bytes, 8 * GiB);
    assert.equal(report.limits.tmp_bytes, 64 * GiB);
    // The staged submission stays for the reproduce line, untouched by the run.
    assert.deepEqual(await readdir(path.join(workDir, 'code')), ['main.py']);
    assert.match(
      report.reproduce.docker ?? '',
      new RegExp(`--mount type=bind,source=${workDir}/code,target=/\\.holdout/submission,readonly`),
    );
  });

  test('test: the same submission without IS_SMOKE_TEST (the variable is per dataset)', async () => {
    const report = await evaluate({
      competitionDir: NEXT_TO_MAIN,
      submission: path.join(NEXT_TO_MAIN, 'submissions/write-next-to-main'),
      dataset: 'test',
    });
    assert.equal(report.status, 'success', report.message);
    assert.equal(report.scores.rmse, Math.sqrt(0.5));
    assert.equal(report.log.head[0], 'IS_SMOKE_TEST= rows=2');
  });

  test('predictions.csv instead of submission.csv: no_output, and the message lists what the working folder holds', async () => {
    const report = await evaluate({
      competitionDir: NEXT_TO_MAIN,
      submission: path.join(NEXT_TO_MAIN, 'submissions/writes-predictions-csv'),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'no_output');
    assert.equal(
      report.message,
      'The submission exited normally but did not write /code_execution/submission.csv.\nThe working folder holds 3 entries: data/, main.py, predictions.csv.',
    );
    assert.equal(
      report.hint,
      'Write your predictions to /code_execution/submission.csv (relative to the working folder: submission.csv).',
    );
    assert.equal(report.exit_code, 0);
  });

  test("an invalid submission.csv next to main.py: invalid_output, the program's exit code 0", async () => {
    const report = await evaluate({
      competitionDir: NEXT_TO_MAIN,
      submission: path.join(NEXT_TO_MAIN, 'submissions/bad-rows'),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'invalid_output');
    assert.equal(report.exit_code, 0);
  });
});

describe('DrivenData style: one tif per chip into submission/ (container.output_dir)', engine, () => {
  test("every chip is collected and the organizer's scorer reads the folder (read-only): the exact Jaccard index", async () => {
    const workDir = await tempDir();
    const report = await evaluate({
      competitionDir: TIF_PER_ITEM,
      submission: path.join(TIF_PER_ITEM, 'submissions/threshold'),
      dataset: 'smoke',
      workDir,
    });
    assert.equal(report.status, 'success', `${report.message}\n${report.log.head.join('\n')}`);
    // 11 flooded pixels predicted and labelled, 12 in either (computed by hand from the fixture).
    assert.equal(report.scores.jaccard, 11 / 12);
    assert.deepEqual(report.log.head, ['wrote 3 masks']);
    assert.deepEqual((await readdir(path.join(workDir, 'output'))).sort(), ['chip_a.tif', 'chip_b.tif', 'chip_c.tif']);
    assert.deepEqual([...(await readFile(path.join(workDir, 'output/chip_a.tif')))], [0, 1, 0, 1, 1, 0, 1, 0]);
  });

  test('masks written to another folder: no_output, the output folder is empty', async () => {
    const report = await evaluate({
      competitionDir: TIF_PER_ITEM,
      submission: path.join(TIF_PER_ITEM, 'submissions/no-files'),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'no_output');
    assert.equal(
      report.message,
      'The submission exited normally but wrote nothing to the output folder /code_execution/submission.\nThe output folder submission/ is empty.',
    );
    assert.equal(
      report.hint,
      'Write your predictions (one file per item is fine) into /code_execution/submission/ (relative to the working folder: submission/).',
    );
  });
});

describe('the layout in competition.yml', () => {
  const base = 'name: x\ndatasets:\n  smoke: {data: d, labels: l.csv}\nscoring:\n  columns: [p]\n';

  test('output_file next to main.py needs the working copy; the old refusal stays for limits.workdir 0', () => {
    assert.equal(
      parseCompetition(`${base}container:\n  output_file: /code_execution/submission.csv\n`).container.output_file,
      '/code_execution/submission.csv',
    );
    assert.throws(
      () =>
        parseCompetition(`${base}container:\n  output_file: /code_execution/submission.csv\nlimits:\n  workdir: 0\n`),
      /container\.output_file: is in the working folder, which is read-only when limits\.workdir is 0: give the submission a writable working copy/,
    );
  });

  test('output_dir: apart from the data and the working folder, holding output_file', () => {
    assert.throws(
      () => parseCompetition(`${base}container:\n  output_dir: /code_execution\n`),
      /container\.output_dir: must be a folder of its own/,
    );
    assert.throws(
      () =>
        parseCompetition(
          `${base}container:\n  output_dir: /code_execution/data/out\n  output_file: /code_execution/data/out/s.csv\n`,
        ),
      /container\.output_dir: and the data folder \/code_execution\/data must be apart/,
    );
    assert.throws(
      () => parseCompetition(`${base}container:\n  output_dir: /code_execution/out\n`),
      /container\.output_file: must lie inside container\.output_dir \(\/code_execution\/out\), e\.g\. \/code_execution\/out\/submission\.csv/,
    );
    assert.throws(
      () =>
        parseCompetition(
          `${base}container:\n  workdir: /.holdout\n  data_dir: /.holdout/data\n  output_file: /.holdout/o/s.csv\n`,
        ),
      /container\.workdir: \/\.holdout is reserved for Holdout/,
    );
  });

  test('the working copy must hold a submission as large as the rules allow', () => {
    assert.throws(
      () => parseCompetition(`${base}submission:\n  max_size: 500MiB\nlimits:\n  workdir: 100MiB\n`),
      /limits\.workdir: is 104857600 bytes, too small for the working copy of a submission as large as submission\.max_size and max_files allow \(525516800 bytes\)/,
    );
  });

  test('datasets.<name>.env is allow-listed like container.env: variable names only', () => {
    const c = parseCompetition(
      'name: x\ndatasets:\n  smoke: {data: d, labels: l.csv, env: {IS_SMOKE_TEST: "true"}}\nscoring:\n  columns: [p]\n',
    );
    assert.deepEqual(c.datasets.smoke.env, { IS_SMOKE_TEST: 'true' });
    assert.throws(
      () =>
        parseCompetition(
          'name: x\ndatasets:\n  smoke: {data: d, labels: l.csv, env: {"NOT A NAME": x}}\nscoring:\n  columns: [p]\n',
        ),
      /competition\.yml:3: datasets\.smoke\.env\.NOT A NAME: must be a variable name: letters, digits and _, not starting with a digit/,
    );
  });

  test('preset: drivendata fills in only what the file leaves out', () => {
    const c = parseCompetition(`preset: drivendata\n${base}limits:\n  shm: 1GiB\n`);
    assert.equal(c.limits.shm, GiB, 'written by the organizer: kept');
    assert.equal(c.limits.tmp, 64 * GiB);
    assert.equal(c.limits.workdir, 64 * GiB);
    assert.equal(c.limits.output, 4 * GiB);
    assert.equal(c.limits.output_files, 100000);
    assert.equal(c.limits.memory, 4 * GiB, "machine-sized limits stay the organizer's");
    assert.deepEqual(applyPreset({ name: 'x' }), { name: 'x' });
    assert.throws(
      () => parseCompetition(`preset: kaggle\n${base}`),
      /competition\.yml:1: preset: Invalid input: expected "drivendata"/,
    );
  });
});

describe('the reproduce line in a public artifact', () => {
  test("with a working copy, the staged submission's mount becomes <submission> and the data <data>", () => {
    const spec: SandboxSpec = {
      image: 'img',
      name: 'n',
      codeDir: '/home/runner/_work/_temp/holdout-abc/test/code',
      dataDir: '/srv/private test',
      workdir: '/code_execution',
      dataMount: '/code_execution/data',
      outputFile: '/code_execution/submission.csv',
      command: ['python', 'main.py'],
      uid: 1000,
      gid: 1000,
      env: {},
      limits: {
        time_s: 1,
        memory_bytes: 1,
        cpus: 1,
        pids: 1,
        shm_bytes: 1,
        tmp_bytes: 1,
        output_bytes: 1,
        output_files: 1,
        workdir_bytes: 1,
        workdir_files: 1,
      },
      gpu: { kind: 'none' },
    };
    const report = {
      ...emptyRunReport(
        'test',
        { time_s: 1, memory_bytes: 1, cpus: 1, gpus: 0, pids: 1, shm_bytes: 1, tmp_bytes: 1, output_bytes: 1 },
        'holdout test x',
      ),
      reproduce: { holdout: 'holdout test x', docker: `docker ${shellQuote(reproduceRunArgs(spec))}` },
    };
    const out = withoutHostPaths(report, { runnerTemp: '/home/runner/_work/_temp', home: '/home/runner' });
    assert.match(
      out.reproduce.docker ?? '',
      /--mount 'type=bind,source=<submission>,target=\/\.holdout\/submission,readonly' --mount 'type=bind,source=<data>,target=\/code_execution\/data,readonly'/,
    );
    assert.doesNotMatch(out.reproduce.docker ?? '', /\/home\/runner|\/srv\//);
  });
});
