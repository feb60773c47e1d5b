/** submission.kind and its sections in competition.yml: defaults, and each mistake named with its key. Pure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCompetition, loadCompetition, ConfigError } from '../../src/config/load.js';
import { entryPointsOf, submissionRules } from '../../src/submission/rules.js';

const base = (submission: string, columns = '[malignant]') => `name: t
datasets:
  smoke: { data: data/smoke, labels: data/labels.csv }
scoring:
  columns: ${columns}
submission:
${submission}
`;

function problemsOf(text: string): string[] {
  try {
    parseCompetition(text);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  assert.fail('expected a ConfigError');
}

test('kind defaults to script; a notebook may stand in for main.py', () => {
  const c = parseCompetition(base('  max_files: 10'));
  assert.equal(c.submission.kind, 'script');
  assert.deepEqual(entryPointsOf(c.submission), ['main.py', 'main.ipynb']);
  assert.deepEqual(submissionRules(c.submission, []).entryAlternatives, ['main.ipynb']);
});

test('kind functions: the module (or its notebook) is the entry point; the section has defaults', () => {
  const c = parseCompetition(base('  kind: functions\n  functions: { module: solution, train: null }'));
  assert.deepEqual(entryPointsOf(c.submission), ['solution.py', 'solution.ipynb']);
  assert.equal(c.submission.functions?.infer, 'infer');
  assert.equal(c.submission.functions?.train, null);
  assert.equal(c.submission.functions?.resources.max_size, 1024 ** 3);
  assert.deepEqual(entryPointsOf(parseCompetition(base('  kind: functions')).submission), ['main.py', 'main.ipynb']);
});

test('kind pickle and handler: their file is the entry point, no notebook', () => {
  assert.deepEqual(entryPointsOf(parseCompetition(base('  kind: pickle')).submission), ['model.pkl']);
  assert.deepEqual(
    entryPointsOf(parseCompetition(base('  kind: handler\n  handler: { fields: { label: str } }')).submission),
    ['handler.py'],
  );
});

test('a section of another kind, a handler without fields, pickle with two columns: each named with its key', () => {
  assert.deepEqual(problemsOf(base('  pickle: { file: m.pkl }')), [
    'competition.yml:7: submission.pickle: is set, but submission.kind is script: set kind: pickle, or remove this section',
  ]);
  assert.deepEqual(problemsOf(base('  kind: handler')), [
    'competition.yml:7: submission.handler: kind handler needs submission.handler.fields: the fields of one response and their types',
  ]);
  assert.deepEqual(problemsOf(base('  kind: pickle', '[a, b]')), [
    'competition.yml:5: scoring.columns: kind pickle scores one column (predict returns one prediction column): list exactly one',
  ]);
  assert.deepEqual(problemsOf(base('  kind: notebook')), [
    'competition.yml:7: submission.kind: must be one of script, functions, pickle, handler (got "notebook")',
  ]);
});

test('functions arguments: a file under the data folder or a constant; anything else is refused', () => {
  const c = parseCompetition(
    base(
      '  kind: functions\n  functions:\n    arguments: { X_test: { file: test/X.csv }, id_column_name: { value: id } }',
    ),
  );
  assert.deepEqual(c.submission.functions?.arguments, {
    X_test: { file: 'test/X.csv' },
    id_column_name: { value: 'id' },
  });
  const problems = problemsOf(
    base('  kind: functions\n  functions:\n    arguments: { X_test: { file: ../labels.csv } }'),
  );
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /submission\.functions\.arguments\.X_test/);
});

test('the example competitions of each kind validate', async () => {
  for (const [dir, kind] of [
    ['examples/functions', 'functions'],
    ['examples/pickle', 'pickle'],
    ['examples/handler', 'handler'],
  ] as const) {
    const loaded = await loadCompetition(dir);
    assert.equal(loaded.config.submission.kind, kind, dir);
  }
});
