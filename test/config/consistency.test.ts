/**
 * competition.yml against the data on this machine (issue 13.1): every mismatch is found when
 * the config loads, before anything runs, with the key, its line, the file and what to write.
 * Before, a labels file without the split column or a typo in split.show was found only after
 * the submission had run, as `scorer_failed`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { checkCompetitionData, prepareDataset } from '../../src/config/consistency.js';
import { ConfigError, loadCompetition } from '../../src/config/load.js';
import { tempDir } from '../support/tmp.js';

const CLI = path.resolve('src/cli/index.ts');

function holdout(args: string[]) {
  return execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, stdin: 'ignore' });
}

/** The RMSE competition of the issue: a public/private split on the test labels. */
const SPLIT_YML = `name: Rainfall
datasets:
  smoke:
    data: data/smoke
    labels: data/smoke_labels.csv
  test:
    data: private/test
    labels: private/test_labels.csv
scoring:
  id_column: id
  columns: [rain]
  metric: rmse
  split:
    column: Usage
    show: [Public]
`;

interface Files {
  yml?: string;
  smokeLabels?: string | null;
  testLabels?: string | null;
  smokeData?: boolean;
  testData?: boolean;
}

/** A competition folder in a temp dir; null leaves a file out. */
async function competition(files: Files = {}): Promise<string> {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'competition.yml'), files.yml ?? SPLIT_YML);
  if (files.smokeData ?? true) await mkdir(path.join(dir, 'data/smoke'), { recursive: true });
  if (files.testData ?? true) await mkdir(path.join(dir, 'private/test'), { recursive: true });
  await mkdir(path.join(dir, 'data'), { recursive: true });
  await mkdir(path.join(dir, 'private'), { recursive: true });
  const smoke = files.smokeLabels === undefined ? 'id,rain\na,1.5\nb,0\n' : files.smokeLabels;
  const testLabels =
    files.testLabels === undefined ? 'id,rain,Usage\nc,2,Public\nd,0.5,Private\ne,1,Public\n' : files.testLabels;
  if (smoke !== null) await writeFile(path.join(dir, 'data/smoke_labels.csv'), smoke);
  if (testLabels !== null) await writeFile(path.join(dir, 'private/test_labels.csv'), testLabels);
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  return (await checkCompetitionData(await loadCompetition(dir))).problems;
}

describe('config against data: each mismatch named before anything runs', () => {
  test('a consistent competition: no problem, both datasets ready', async () => {
    const check = await checkCompetitionData(await loadCompetition(await competition()));
    assert.deepEqual(check.problems, []);
    assert.deepEqual(Object.keys(check.ready), ['smoke', 'test']);
  });

  test('the test labels without the split column: the key, its line, the file and what to write', async () => {
    const dir = await competition({ testLabels: 'id,rain\nc,2\nd,0.5\n' });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:14: scoring.split.column: the labels file private/test_labels.csv (datasets.test.labels) has no column "Usage" (its header: id,rain); the test labels must name each row\'s split (e.g. Public or Private) there, or the hidden split would be scored in the open: add the column, or write in scoring.split.column the labels column that holds the split',
    ]);
  });

  test('a split column spelt differently is named as the likely one', async () => {
    const dir = await competition({ testLabels: 'id,rain,usage\nc,2,Public\n' });
    const [problem] = await problemsOf(dir);
    assert.match(
      problem!,
      /has no column "Usage" \(its header: id,rain,usage\); .*: rename that column to Usage, or write column: usage$/,
    );
  });

  test('a typo in split.show ([public] for Public) is reported with the values found', async () => {
    const dir = await competition({ yml: SPLIT_YML.replace('show: [Public]', 'show: [public]') });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:15: scoring.split.show: "public" is not a value of the split column Usage in private/test_labels.csv (datasets.test.labels), which holds Public, Private: write show: [Public] (split names are case-sensitive)',
    ]);
  });

  test('a split name found nowhere: the values are listed and no fix is made up', async () => {
    const dir = await competition({ yml: SPLIT_YML.replace('show: [Public]', 'show: [Leaderboard]') });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:15: scoring.split.show: "Leaderboard" is not a value of the split column Usage in private/test_labels.csv (datasets.test.labels), which holds Public, Private: write in show the splits participants may see, from those values',
    ]);
  });

  test('a split column with many values (the wrong column) is not listed: the message may reach a public job log', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `t${i},${i / 10},f${i}`).join('\n');
    const dir = await competition({
      yml: SPLIT_YML.replace('column: Usage', 'column: fold'),
      testLabels: `id,rain,fold\n${rows}\n`,
    });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:15: scoring.split.show: "Public" is not a value of the split column fold in private/test_labels.csv (datasets.test.labels), which holds more than 10 distinct values (is it the split column?): write in show the splits participants may see, from those values',
    ]);
  });

  test('smoke labels with the split column must hold the shown splits too', async () => {
    const dir = await competition({ smokeLabels: 'id,rain,Usage\na,1,Private\n' });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:15: scoring.split.show: "Public" is not a value of the split column Usage in data/smoke_labels.csv (datasets.smoke.labels), which holds Private: write in show the splits participants may see, from those values, or leave the column out of the smoke labels to score the smoke run whole',
    ]);
  });

  test('a missing id column, with the column that differs only in case', async () => {
    const dir = await competition({ smokeLabels: 'ID,rain\na,1\n', testLabels: 'row,rain,Usage\nc,2,Public\n' });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:10: scoring.id_column: the labels file data/smoke_labels.csv (datasets.smoke.labels) has no column "id" (its header: ID,rain); it identifies each row: rename that column to id, or write id_column: ID',
      'competition.yml:10: scoring.id_column: the labels file private/test_labels.csv (datasets.test.labels) has no column "id" (its header: row,rain,Usage); it identifies each row: add the column to the labels, or write in scoring.id_column the name of the labels column that holds it',
    ]);
  });

  test('a prediction column the metric compares is missing from the labels', async () => {
    const dir = await competition({ smokeLabels: 'id,rainfall\na,1\n' });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:11: scoring.columns: the labels file data/smoke_labels.csv (datasets.smoke.labels) has no column "rain" (its header: id,rainfall); the metrics compare the predictions with it: add the column to the labels, or write in scoring.columns the name of the labels column that holds it',
    ]);
  });

  test('the smoke data folder and labels missing', async () => {
    const dir = await competition({ smokeData: false, smokeLabels: null });
    assert.deepEqual(await problemsOf(dir), [
      `competition.yml:4: datasets.smoke.data: the folder data/smoke (${path.join(dir, 'data/smoke')}) does not exist: put the public sample there (it is mounted read-only at /code_execution/data), or write the folder that holds it`,
      `competition.yml:5: datasets.smoke.labels: the file data/smoke_labels.csv (${path.join(dir, 'data/smoke_labels.csv')}) does not exist: put the labels there (a CSV whose header holds id,rain[,Usage]), or write the path of the labels file`,
    ]);
  });

  test('an empty labels file', async () => {
    const dir = await competition({ smokeLabels: '' });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:5: datasets.smoke.labels: data/smoke_labels.csv is empty: its first line must be the header id,rain[,Usage]',
    ]);
  });

  test("the private test data not on this machine (a participant's laptop): a note, never a failure", async () => {
    const dir = await competition({ testData: false, testLabels: null });
    const check = await checkCompetitionData(await loadCompetition(dir));
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.notes.slice(1), [
      `datasets.test is not on this machine (private/test (${path.join(dir, 'private/test')}) and private/test_labels.csv (${path.join(dir, 'private/test_labels.csv')})): it is checked where the private data lives; run holdout check-config on the evaluation runner`,
    ]);
    assert.deepEqual(Object.keys(check.ready), ['smoke']);
  });

  test('half of the test dataset here is a mistake, not "elsewhere"', async () => {
    const dir = await competition({ testData: false });
    assert.deepEqual(await problemsOf(dir), [
      `competition.yml:7: datasets.test.data: the folder private/test (${path.join(dir, 'private/test')}) does not exist: put the private test data there (it is mounted read-only at /code_execution/data), or write the folder that holds it`,
    ]);
  });

  test('asking to run on test data that is not here says where to run it', async () => {
    const dir = await competition({ testData: false, testLabels: null });
    await assert.rejects(prepareDataset(await loadCompetition(dir), 'test'), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual(e.problems, [
        `competition.yml:7: datasets.test: the private test data is not on this machine (private/test (${path.join(dir, 'private/test')}) and private/test_labels.csv (${path.join(dir, 'private/test_labels.csv')}) do not exist): run --dataset test on the evaluation runner that holds it, or use --dataset smoke here`,
      ]);
      return true;
    });
  });

  test('labels inside the data folder (they would be mounted), also through a link', async () => {
    const dir = await competition({
      yml: SPLIT_YML.replace('labels: data/smoke_labels.csv', 'labels: data/smoke/labels.csv'),
    });
    await writeFile(path.join(dir, 'data/smoke/labels.csv'), 'id,rain\na,1\n');
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:5: datasets.smoke.labels: data/smoke/labels.csv is inside datasets.smoke.data (data/smoke), which is mounted into the sandbox where the submission can read it: move the labels out of that folder and write their new path here',
    ]);
  });

  test('a group column of a metric (by:) is checked too', async () => {
    const yml = SPLIT_YML.replace(
      '  metric: rmse\n',
      '  metric: rmse\n  secondary:\n    - { name: spearman, by: era }\n',
    );
    const dir = await competition({ yml, smokeLabels: 'id,rain,era\na,1,1\n' });
    assert.deepEqual(await problemsOf(dir), [
      'competition.yml:14: scoring.secondary.0.by: the labels file private/test_labels.csv (datasets.test.labels) has no column "era" (its header: id,rain,Usage); spearman_mean_by_era is computed per group of this column: add the column to the labels, or write in scoring.secondary.0.by the name of the labels column that holds it',
    ]);
  });
});

describe('the split is optional on smoke (its labels are public)', () => {
  test('smoke labels without the split column: smoke is scored whole, and check-config says so', async () => {
    const dir = await competition();
    const loaded = await loadCompetition(dir);
    const check = await checkCompetitionData(loaded);
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.notes, [
      'data/smoke_labels.csv has no split column "Usage" (scoring.split.column): the smoke run is scored on all its rows, with no split; the split applies to the test labels',
    ]);
    assert.equal(check.ready.smoke?.scoring.split, undefined);
    assert.deepEqual(check.ready.test?.scoring.split, { column: 'Usage', show: ['Public'] });
  });

  test('holdout score on smoke: scored whole, where it used to be scorer_failed', async () => {
    const dir = await competition();
    const predictions = path.join(dir, 'predictions.csv');
    await writeFile(predictions, 'id,rain\na,1.5\nb,1\n');
    const r = await holdout(['score', predictions, '--competition', dir, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      kind: 'scored',
      scores: { rmse: Math.sqrt(0.5) },
      primary: 'rmse',
      hidden: [],
    });
  });

  test('holdout score on test still needs the split column, and says so before scoring', async () => {
    const dir = await competition({ testLabels: 'id,rain\nc,2\nd,0.5\ne,1\n' });
    const predictions = path.join(dir, 'predictions.csv');
    await writeFile(predictions, 'id,rain\nc,2\nd,0.5\ne,1\n');
    const r = await holdout(['score', predictions, '--competition', dir, '--dataset', 'test']);
    assert.equal(r.exitCode, 2);
    assert.equal(
      r.stderr.trim(),
      'holdout: competition.yml does not match the data on this machine (1 problem):\n  competition.yml:14: scoring.split.column: the labels file private/test_labels.csv (datasets.test.labels) has no column "Usage" (its header: id,rain); the test labels must name each row\'s split (e.g. Public or Private) there, or the hidden split would be scored in the open: add the column, or write in scoring.split.column the labels column that holds the split',
    );
    assert.equal(r.stdout, '');
  });
});

describe('holdout check-config', () => {
  test('consistent: exit 0, the note about data elsewhere on stderr', async () => {
    const dir = await competition({ testData: false, testLabels: null });
    const r = await holdout(['check-config', '--competition', dir]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(
      r.stdout,
      `${path.join(dir, 'competition.yml')} is valid and matches the data of datasets.smoke on this machine.`,
    );
    assert.match(
      r.stderr,
      /^note: data\/smoke_labels\.csv has no split column "Usage" .*\nnote: datasets\.test is not on this machine/,
    );
  });

  test('a typo in split.show: exit 2, the problem on stderr, nothing run', async () => {
    const dir = await competition({ yml: SPLIT_YML.replace('show: [Public]', 'show: [public]') });
    const r = await holdout(['check-config', '--competition', dir]);
    assert.equal(r.exitCode, 2);
    assert.match(
      r.stderr,
      /\nholdout: competition\.yml does not match the data on this machine \(1 problem\):\n {2}competition\.yml:15: scoring\.split\.show: "public" is not a value .* write show: \[Public\] \(split names are case-sensitive\)$/,
    );
  });

  test('--json: every finding in one object', async () => {
    const dir = await competition({ smokeLabels: 'ID,rain\na,1\n' });
    const r = await holdout(['check-config', '--competition', dir, '--json']);
    assert.equal(r.exitCode, 2);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, false);
    assert.equal(out.problems.length, 1);
    assert.match(out.problems[0], /^competition\.yml:10: scoring\.id_column: /);
    assert.deepEqual(out.checked, ['test']);
  });

  test('a schema problem is reported as for every command: exit 2', async () => {
    const dir = await competition({ yml: `${SPLIT_YML}limits:\n  memory: lots\n` });
    const r = await holdout(['check-config', '--competition', dir]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /competition\.yml:17: limits\.memory: "lots" is not a size/);
  });
});

test('holdout test stops before anything runs when the test labels lack the split column', async () => {
  const dir = await competition({ testLabels: 'id,rain\nc,2\n' });
  // No engine needed: the check comes before the image and the sandbox.
  const r = await holdout(['test', path.join(dir, 'nowhere'), '--competition', dir, '--dataset', 'test']);
  assert.equal(r.exitCode, 2);
  assert.match(
    r.stderr,
    /holdout: competition\.yml does not match the data on this machine \(1 problem\):\n {2}competition\.yml:14: scoring\.split\.column: .*has no column "Usage"/,
  );
  assert.doesNotMatch(r.stderr, /validate|image|run:/);
});
