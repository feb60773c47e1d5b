/** `holdout score`: exit codes 0 scored, 1 invalid, 2 usage/config, 3 error, on a real competition folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { tempDir, writeIn } from './helpers.js';

const dir = await tempDir();
await writeIn(
  dir,
  'competition.yml',
  'name: demo\ndatasets:\n  smoke: { data: data, labels: labels.csv }\nscoring:\n  id_column: id\n  columns: [malignant]\n  metric: log_loss\n',
);
await writeIn(dir, 'labels.csv', 'id,malignant\na,1\nb,0\n');
const good = await writeIn(dir, 'good.csv', 'id,malignant\nb,0.5\na,0.5\n');
const bad = await writeIn(dir, 'bad.csv', 'id,malignant\na,2\n');

// The real CLI entry, as participants run it.
const entry = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

/** Run `holdout score ARGS` as a process; returns the exit code, stdout and stderr. */
async function holdoutScore(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await execa('node', ['--import', 'tsx', entry, 'score', ...args], { reject: false });
  return { code: r.exitCode ?? -1, out: `${r.stdout}`, err: `${r.stderr}` };
}

test('scored: exit 0, JSON result', async () => {
  const r = await holdoutScore([good, '--competition', dir, '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out), {
    kind: 'scored',
    scores: { log_loss: Math.log(2) },
    primary: 'log_loss',
    hidden: [],
  });
});

test('invalid predictions: exit 1 with the problems listed', async () => {
  const r = await holdoutScore([bad, '--competition', dir]);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    'Invalid predictions: The predictions file has 1 missing id, 1 value out of range.\n  - line 2, column malignant: 2 is outside [0, 1]; clip predictions to that range\n  - id "b" has no row; add one\nWhat to do: Write the header "id,malignant", then exactly one row for each of the 2 ids of the test data (any order), with numbers in [0, 1] in column malignant.',
  );
});

test('usage: a missing file or an unknown dataset exits 2', async () => {
  const missing = await holdoutScore([`${dir}/nope.csv`, '--competition', dir]);
  assert.deepEqual([missing.code, missing.err], [2, `holdout: the predictions file ${dir}/nope.csv does not exist`]);
  const noTest = await holdoutScore([good, '--competition', dir, '--dataset', 'test']);
  assert.deepEqual(
    [noTest.code, noTest.err],
    [2, 'holdout: competition.yml has no datasets.test; use --dataset smoke'],
  );
});

test('labels missing on this machine: competition.yml does not match the data, exit 2 before scoring', async () => {
  const other = await tempDir();
  await writeIn(
    other,
    'competition.yml',
    'name: demo\ndatasets:\n  smoke: { data: data, labels: missing.csv }\nscoring:\n  columns: [malignant]\n',
  );
  const r = await holdoutScore([good, '--competition', other]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(
    r.err,
    /^holdout: competition\.yml does not match the data on this machine \(1 problem\):\n {2}competition\.yml:3: datasets\.smoke\.labels: the file missing\.csv \(.*missing\.csv\) does not exist: put the labels there \(a CSV whose header holds id,malignant\), or write the path of the labels file$/,
  );
});
