/**
 * The pickle example competition (examples/pickle) through the whole pipeline: evaluate() builds
 * its runtime, runs model.pkl in the sandbox under Numerai's limits, judges the harness's events
 * and scores. The report says what the participant sees: status, reason, message and hint.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { evaluate } from '../../src/pipeline/evaluate.js';
import type { RunReport } from '../../src/report/report.js';
import { needsEngine } from '../support/docker.js';

const engine = await needsEngine();
const EXAMPLE = path.join(import.meta.dirname, '../../examples/pickle');

async function run(name: string, dataset: 'smoke' | 'test' = 'smoke'): Promise<RunReport> {
  return evaluate({ competitionDir: EXAMPLE, submission: path.join(EXAMPLE, 'submissions', name), dataset });
}

function explain(report: RunReport): string {
  return `${report.status} ${report.reason}: ${report.message}\n${report.log.head.join('\n')}`;
}

function assertFailed(report: RunReport, reason: string, message: string, hint?: string) {
  assert.equal(report.status, 'failed', explain(report));
  assert.equal(report.reason, reason, explain(report));
  assert.equal(report.message, message);
  if (hint !== undefined) assert.equal(report.hint, hint);
  assert.equal(report.kind, 'pickle');
  assert.deepEqual(report.scores, {});
}

describe('the pickle example through evaluate()', { ...engine, concurrency: 2 }, () => {
  let benchmark: RunReport;
  // Alone first: it builds the example's runtime image, which the runs after it share.
  before(async () => {
    if (engine.skip === undefined && engine.signal === undefined) benchmark = await run('benchmark');
  });

  test("the benchmark on smoke: scored per era, kind pickle, under Numerai's limits (1 CPU, 4 GiB, 10 min)", () => {
    const report = benchmark;
    assert.equal(report.status, 'success', explain(report));
    assert.equal(report.kind, 'pickle');
    const score = report.scores.spearman_mean_by_era;
    assert.equal(typeof score, 'number');
    // The logistic regression ranks the tumours well: a broken harness (ids shuffled, the wrong
    // column written) would score near 0.
    assert.ok((score as number) > 0.5, String(score));
    assert.equal(report.limits.cpus, 1);
    assert.equal(report.limits.memory_bytes, 4 * 1024 ** 3);
    assert.equal(report.limits.time_s, 600);
    // The harness's own note, and no protocol line.
    assert.deepEqual(report.log.head, ['holdout: calling predict once per era (2 eras), as numerai-predict does']);
  });

  test('the two-parameter ensemble on the private dataset: scored', async () => {
    const report = await run('benchmark-ensemble', 'test');
    assert.equal(report.status, 'success', explain(report));
    assert.equal(typeof report.scores.spearman_mean_by_era, 'number');
  });

  test('a pickle from Python 3.13 (whose bytecode would crash 3.11): invalid_submission naming both Pythons', async () => {
    assertFailed(
      await run('broken-python313'),
      'invalid_submission',
      'model.pkl was made with Python 3.13; the runtime has Python 3.11.2.',
      "Pickle predict with Python 3.11 (the runtime's; e.g. in a 3.11 virtual environment or the competition's runtime image), then run holdout test again.",
    );
  });

  test('a module the runtime lacks: invalid_submission with the package-request path', async () => {
    assertFailed(
      await run('broken-missing-module'),
      'invalid_submission',
      'model.pkl needs the module lightgbm, which the runtime does not have.',
      'Ask for it with a package-request pull request (docs/runtime.md), or pickle a model that does not need it. If lightgbm is your own module, call cloudpickle.register_pickle_by_value(lightgbm) before pickling.',
    );
  });

  test('sys.exit(0) inside predict: crash, not a silent success', async () => {
    assertFailed(await run('broken-exit'), 'crash', 'predict called sys.exit(0) before it finished.');
  });

  test('os._exit(0) inside predict: crash, the harness never said done', async () => {
    const report = await run('broken-os-exit');
    assert.equal(report.status, 'failed', explain(report));
    assert.equal(report.reason, 'crash');
    assert.match(report.message, /ended before the harness finished/);
  });

  test('a NaN prediction: invalid_output with the id', async () => {
    assertFailed(
      await run('broken-returns-nan'),
      'invalid_output',
      'predict returned NaN in the column prediction (id t0056).',
    );
  });

  test('no prediction column: invalid_output', async () => {
    assertFailed(
      await run('broken-no-prediction-column'),
      'invalid_output',
      'predict returned no prediction column (it has target).',
    );
  });
});
