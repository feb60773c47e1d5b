/** Prediction checks: every bad input the scoring issue names, with the exact outcome and message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoringSection } from '../../src/config/scoring.js';
import { scorePredictions, type ScoreResult } from '../../src/scoring/score.js';
import { tempDir, writeIn } from './helpers.js';

const dir = await tempDir();
const labelsPath = await writeIn(dir, 'labels.csv', 'id,malignant\na,1\nb,0\nc,1\nd,0\n');
const scoring = scoringSection.parse({ id_column: 'id', columns: ['malignant'], metric: 'log_loss' });
const HINT =
  'Write the header "id,malignant", then exactly one row for each of the 4 ids of the test data (any order), with numbers in [0, 1] in column malignant.';

let n = 0;
async function score(content: string | Uint8Array, s = scoring, labels = labelsPath): Promise<ScoreResult> {
  const predictionsPath = await writeIn(dir, `pred-${n++}.csv`, content);
  return scorePredictions({ predictionsPath, labelsPath: labels, scoring: s, competitionDir: dir });
}

function invalid(result: ScoreResult) {
  assert.equal(result.kind, 'invalid', JSON.stringify(result));
  return result as Extract<ScoreResult, { kind: 'invalid' }>;
}

const GOOD = 'id,malignant\nd,0.2\nb,0.1\na,0.9\nc,0.7\n';
const EXPECTED = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.7) + Math.log(0.8)) / 4;

test('good predictions in any order are matched by id and scored', async () => {
  const result = await score(GOOD);
  assert.equal(result.kind, 'scored');
  if (result.kind !== 'scored') return;
  assert.equal(result.primary, 'log_loss');
  assert.ok(Math.abs(result.scores.log_loss! - EXPECTED) < 1e-15);
  assert.deepEqual(result.hidden, []);
});

test('a UTF-8 BOM, CRLF line ends and a last line without line end are accepted', async () => {
  const result = await score(
    new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('id,malignant\r\nd,0.2\r\nb,0.1\r\na,0.9\r\nc,0.7')]),
  );
  assert.equal(result.kind, 'scored');
  if (result.kind === 'scored') assert.ok(Math.abs(result.scores.log_loss! - EXPECTED) < 1e-15);
});

test('quoted fields, with doubled quotes, are read as their value', async () => {
  const labels = await writeIn(dir, 'labels-quoted.csv', 'id,malignant\n"x,1",1\n"line\nbreak",0\n"say ""hi""",1\n');
  const result = await score('id,malignant\n"x,1",0.9\n"line\nbreak","0.2"\n"say ""hi""",0.7\n', scoring, labels);
  assert.equal(result.kind, 'scored', JSON.stringify(result));
  if (result.kind === 'scored')
    assert.ok(Math.abs(result.scores.log_loss! - -(Math.log(0.9) + Math.log(0.8) + Math.log(0.7)) / 3) < 1e-15);
});

test('an unquoted comma inside a value shows as a row with too many fields', async () => {
  const r = invalid(await score('id,malignant\na,"0.9"\nb,0,1\nc,0.7\nd,0.2\n'));
  assert.equal(r.message, 'The predictions file has 1 row with the wrong number of fields, 1 missing id.');
  assert.deepEqual(r.problems, [
    'line 3: 3 fields where the header has 2 (id,malignant); put quotes around values that contain commas',
    'id "b" has no row; add one',
  ]);
  assert.equal(r.hint, HINT);
});

test('an empty file', async () => {
  const r = invalid(await score(''));
  assert.equal(r.message, 'The predictions file is empty.');
  assert.deepEqual(r.problems, ['the file has no lines']);
});

test('a header-only file', async () => {
  const r = invalid(await score('id,malignant\n'));
  assert.equal(r.message, 'The predictions file has a header but no rows; 4 were expected, one per id.');
  assert.deepEqual(r.problems, ['no rows after the header; expected 4']);
  assert.equal(r.hint, HINT);
});

test('a wrong header', async () => {
  const r = invalid(await score('id,prediction\na,0.9\nb,0.1\nc,0.7\nd,0.2\n'));
  assert.equal(r.message, 'The predictions file has the wrong header.');
  assert.deepEqual(r.problems, ['line 1: the header is "id,prediction" but must be exactly "id,malignant"']);
  assert.equal(r.hint, 'The first line must be exactly "id,malignant": these columns, in this order, with no spaces.');
});

test('columns in another order are a wrong header too', async () => {
  const r = invalid(await score('malignant,id\n0.9,a\n'));
  assert.deepEqual(r.problems, ['line 1: the header is "malignant,id" but must be exactly "id,malignant"']);
});

test('missing, extra and duplicated ids are counted and named by line', async () => {
  const r = invalid(await score('id,malignant\na,0.9\nb,0.1\na,0.8\nzz,0.5\n'));
  assert.equal(r.message, 'The predictions file has 1 extra id (not in the test set), 1 duplicated id, 2 missing ids.');
  assert.deepEqual(r.problems, [
    'line 4: id "a" appears again (first on line 2); keep one row per id',
    'line 5: id "zz" is not in the test data; remove the row (ids are compared exactly, spaces and case included)',
    'id "c" has no row; add one',
    'id "d" has no row; add one',
  ]);
});

test('many missing ids: counted in full, the first five named', async () => {
  const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
  const labels = await writeIn(dir, 'labels-12.csv', `id,malignant\n${ids.map((id) => `${id},1`).join('\n')}\n`);
  const r = invalid(await score('id,malignant\ns0,0.5\n', scoring, labels));
  assert.equal(r.message, 'The predictions file has 11 missing ids.');
  assert.deepEqual(r.problems, [
    'id "s1" has no row; add one',
    'id "s2" has no row; add one',
    'id "s3" has no row; add one',
    'id "s4" has no row; add one',
    'id "s5" has no row; add one',
    '… and 6 more missing ids',
  ]);
});

test('NaN, inf, out-of-range (-0.1, 1.1), non-numeric and empty values name line and column', async () => {
  const r = invalid(await score('id,malignant\na,NaN\nb,inf\nc,-0.1\nd,1.1\n'));
  assert.equal(r.message, 'The predictions file has 1 NaN value, 1 infinite value, 2 values out of range.');
  assert.deepEqual(r.problems, [
    'line 2, column malignant: "NaN" is NaN; write a number (replace missing predictions, e.g. with a default value)',
    'line 3, column malignant: "inf" is infinite; write a finite number',
    'line 4, column malignant: -0.1 is outside [0, 1]; clip predictions to that range',
    'line 5, column malignant: 1.1 is outside [0, 1]; clip predictions to that range',
  ]);
  const r2 = invalid(await score('id,malignant\na,abc\nb,\nc,0x1\nd,1e999\n'));
  assert.equal(r2.message, 'The predictions file has 1 empty value, 2 values that are not numbers, 1 infinite value.');
  assert.deepEqual(r2.problems, [
    'line 2, column malignant: "abc" is not a number; write a plain decimal such as 0.25 or 2.5e-3',
    'line 3, column malignant: the value is empty; write a number',
    'line 4, column malignant: "0x1" is not a number; write a plain decimal such as 0.25 or 2.5e-3',
    'line 5, column malignant: "1e999" is infinite; write a finite number',
  ]);
});

test('a truncated last line is named as a cut-off file', async () => {
  const r = invalid(await score('id,malignant\na,0.9\nb,0.1\nc,0.7\nd'));
  assert.equal(r.message, 'The predictions file has 1 row with the wrong number of fields, 1 missing id.');
  assert.deepEqual(r.problems, [
    'line 5: 1 field where the header has 2 (id,malignant); this last line has no line end, so the file looks cut off: write the whole file',
    'id "d" has no row; add one',
  ]);
});

test('a quote that never closes', async () => {
  const r = invalid(await score('id,malignant\na,0.9\n"b,0.1\nc,0.7\n'));
  assert.equal(r.message, 'The predictions file has a quoted field that never closes (opened on line 3).');
  assert.deepEqual(r.problems, ['line 3: a quoted field starts here and never closes']);
});

test('a missing predictions file is invalid (the participant wrote nothing)', async () => {
  const r = await scorePredictions({ predictionsPath: `${dir}/nope.csv`, labelsPath, scoring, competitionDir: dir });
  assert.equal(r.kind, 'invalid');
});

test("labels that are not 0/1 for a classification metric are our error, not the participant's", async () => {
  const labels = await writeIn(dir, 'labels-bad.csv', 'id,malignant\na,1\nb,2\n');
  const r = await score('id,malignant\na,0.5\nb,0.5\n', scoring, labels);
  assert.deepEqual(r, {
    kind: 'error',
    message: 'labels row for id "b" is not a class label: malignant must be 0 or 1',
    hint: "This is a problem with the competition's labels or scoring configuration, not with the submission; the organizers must fix it.",
  });
});

test('duplicate ids in the labels are our error', async () => {
  const labels = await writeIn(dir, 'labels-dup.csv', 'id,malignant\na,1\na,0\n');
  const r = await score('id,malignant\na,0.5\n', scoring, labels);
  assert.equal(r.kind, 'error');
  if (r.kind === 'error')
    assert.equal(
      r.message,
      `labels file ${labels}, line 3: id "a" appears twice; every id must be unique in the labels`,
    );
});

test('public/private split: scores per split, the private one hidden, primary on the first shown split', async () => {
  const labels = await writeIn(
    dir,
    'labels-split.csv',
    'id,malignant,Usage\na,1,Public\nb,0,Private\nc,1,Private\nd,0,Public\n',
  );
  const s = scoringSection.parse({
    id_column: 'id',
    columns: ['malignant'],
    metric: 'log_loss',
    secondary: ['accuracy'],
    split: { column: 'Usage', show: ['Public'] },
  });
  const r = await score(GOOD, s, labels);
  assert.equal(r.kind, 'scored');
  if (r.kind !== 'scored') return;
  assert.deepEqual(Object.keys(r.scores), [
    'log_loss.Public',
    'accuracy.Public',
    'log_loss.Private',
    'accuracy.Private',
  ]);
  assert.equal(r.primary, 'log_loss.Public');
  assert.deepEqual(r.hidden, ['log_loss.Private', 'accuracy.Private']);
  assert.ok(Math.abs(r.scores['log_loss.Public']! - -(Math.log(0.9) + Math.log(0.8)) / 2) < 1e-15);
  assert.ok(Math.abs(r.scores['log_loss.Private']! - -(Math.log(0.9) + Math.log(0.7)) / 2) < 1e-15);
  // Revealing the private split: the organizer lists it in show.
  const revealed = await score(
    GOOD,
    scoringSection.parse({
      ...s,
      metric: 'log_loss',
      secondary: ['accuracy'],
      split: { column: 'Usage', show: ['Private', 'Public'] },
    }),
    labels,
  );
  assert.ok(revealed.kind === 'scored' && revealed.primary === 'log_loss.Private' && revealed.hidden.length === 0);
});

test('a split named in show but absent from the labels is our error', async () => {
  const labels = await writeIn(
    dir,
    'labels-split2.csv',
    'id,malignant,Usage\na,1,Public\nb,0,Public\nc,1,Public\nd,0,Public\n',
  );
  const s = scoringSection.parse({ columns: ['malignant'], split: { column: 'Usage', show: ['public'] } });
  const r = await score(GOOD, s, labels);
  assert.equal(r.kind, 'error');
  if (r.kind === 'error')
    assert.equal(r.message, 'scoring.split.show names "public", but the labels column Usage only holds Public');
});

test('Numerai-style per-era spearman: mean and Sharpe, no range for regression targets', async () => {
  const labels = await writeIn(
    dir,
    'labels-era.csv',
    'id,target,era\na,0.25,1\nb,0.5,1\nc,0.75,1\nd,0,2\ne,1,2\nf,0.5,2\n',
  );
  const s = scoringSection.parse({
    columns: ['target'],
    metric: { name: 'spearman', by: 'era' },
    secondary: [{ name: 'spearman', by: 'era', aggregate: 'sharpe' }],
  });
  assert.equal(s.range, null);
  const r = await score('id,target\na,3\nb,2\nc,1\nd,-1\ne,5\nf,0\n', s, labels);
  // era 1: perfectly reversed (-1); era 2: ranks (1,3,2) vs (1,3,2) → 1. Mean 0, Sharpe 0.
  assert.deepEqual(r, {
    kind: 'scored',
    scores: { spearman_mean_by_era: 0, spearman_sharpe_by_era: 0 },
    primary: 'spearman_mean_by_era',
    hidden: [],
  });
});

test("a very long out-of-range number is quoted short; without a range, huge values are the participant's fault", async () => {
  const r = invalid(await score(`id,malignant\na,2.${'0'.repeat(100_000)}\nb,0.1\nc,0.7\nd,0.2\n`));
  assert.deepEqual(r.problems, [
    `line 2, column malignant: 2.${'0'.repeat(38)}… is outside [0, 1]; clip predictions to that range`,
  ]);
  // RMSE of 1e200 would overflow to Infinity and read as a broken metric (our error): it is refused instead.
  const unbounded = scoringSection.parse({ id_column: 'id', columns: ['malignant'], metric: 'rmse', range: null });
  const r2 = invalid(await score('id,malignant\na,1e200\nb,0.1\nc,0.7\nd,0.2\n', unbounded));
  assert.deepEqual(r2.problems, [
    'line 2, column malignant: 1e200 is outside [-1e+100, 1e+100]; clip predictions to that range',
  ]);
});
