/** The scoring: section of competition.yml: the minimal form, defaults, and the mistakes it names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoringSection } from '../../src/config/scoring.js';

const messages = (input: unknown) => {
  const r = scoringSection.safeParse(input);
  assert.equal(r.success, false);
  return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('the minimal form validates, with [0, 1] as the range for a probability metric', () => {
  const s = scoringSection.parse({ id_column: 'id', columns: ['malignant'], metric: 'log_loss' });
  assert.deepEqual(s.range, [0, 1]);
  assert.deepEqual(s.metric, {
    kind: 'builtin',
    name: 'log_loss',
    key: 'log_loss',
    direction: 'minimize',
    eps: 1e-15,
    threshold: 0.5,
    aggregate: 'mean',
  });
  assert.deepEqual(s.secondary, []);
});

test('mistakes are named', () => {
  assert.deepEqual(messages({ columns: ['p'], metric: 'logloss' }), [
    'metric: "logloss" is not a built-in metric; use one of log_loss, roc_auc, accuracy, f1, f1_macro, rmse, mae, map_at_k, pearson, spearman, or add a custom scorer',
  ]);
  assert.deepEqual(messages({ metric: 'log_loss' }), [
    'columns: is required (the prediction columns after the id column), unless a custom scorer reads the predictions',
    'metric: built-in metric log_loss needs scoring.columns (the prediction columns)',
  ]);
  assert.deepEqual(messages({ columns: ['a', 'b'], metric: 'roc_auc' }), [
    'metric: roc_auc needs exactly one prediction column (found 2)',
  ]);
  assert.deepEqual(messages({ columns: ['p'], metric: { name: 'log_loss', class_weights: { '1': 2 } } }), [
    'metric: class_weights has no weight for class "0" (classes: 0, 1)',
  ]);
  assert.deepEqual(messages({ columns: ['p'], secondary: ['log_loss'] }), [
    'secondary: metric "log_loss" appears twice; give one of them another name with "as"',
  ]);
  assert.deepEqual(messages({ columns: ['p'], metric: 'map_at_k' }), [
    'metric: map_at_k needs a scoring.ranking section',
  ]);
});

test('more prediction columns than the scanner keeps are refused in competition.yml', () => {
  const columns = Array.from({ length: 63 }, (_, i) => `c${i}`);
  const result = scoringSection.safeParse({ columns, metric: 'log_loss' });
  assert.equal(result.success, false);
  assert.equal(result.error?.issues[0]?.message, 'at most 62 prediction columns are supported');
});
