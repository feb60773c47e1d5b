/**
 * The functions example competition (examples/functions and its streaming variant) end to end
 * through evaluate(): the train phase, then the infer phase on what train left, scored; and each
 * broken submission with the exact status, reason and message the report carries (the pipeline
 * prefixes the phase that failed: a missing infer() or an unmet requirement stops the train phase).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { execa } from 'execa';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const EXAMPLE = path.resolve('examples/functions');
const STREAMING = path.join(EXAMPLE, 'streaming');

async function run(competitionDir: string, name: string, dataset: 'smoke' | 'test' = 'smoke') {
  return evaluate({
    competitionDir,
    submission: path.join(competitionDir, 'submissions', name),
    dataset,
    workDir: await tempDir(),
  });
}

/** The version of a distribution in the base image, asked of the image itself. */
async function imageVersion(distribution: string): Promise<string> {
  const { stdout } = await execa('docker', [
    'run',
    '--rm',
    '--network',
    'none',
    BASE_IMAGE,
    'python3',
    '-c',
    `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`,
  ]);
  return stdout.trim();
}

describe('evaluate() on the functions example competition', engine, () => {
  test('the benchmark trains, infers from its resources and scores well', async () => {
    const report = await run(EXAMPLE, 'benchmark');
    assert.equal(report.status, 'success', report.message);
    assert.equal(report.reason, null);
    assert.equal(report.kind, 'functions');
    assert.deepEqual(
      report.phases?.map((p) => [p.name, p.exit_code]),
      [
        ['train', 0],
        ['infer', 0],
      ],
    );
    assert.ok(report.scores.log_loss !== undefined && report.scores.log_loss < 0.3, String(report.scores.log_loss));
  });

  test('the benchmark on the private test set: success, scored', async () => {
    const report = await run(EXAMPLE, 'benchmark', 'test');
    assert.equal(report.status, 'success', report.message);
    assert.equal(report.dataset, 'test');
    assert.ok(report.scores.log_loss !== undefined && report.scores.log_loss < 0.3);
  });

  test('the shipped submission skips training and scores as well', async () => {
    const report = await run(EXAMPLE, 'shipped');
    assert.equal(report.status, 'success', report.message);
    assert.deepEqual(
      report.phases?.map((p) => p.name),
      ['infer'],
    );
    assert.ok(report.scores.log_loss !== undefined && report.scores.log_loss < 0.3, String(report.scores.log_loss));
  });

  const broken: Array<[string, string, string]> = [
    [
      'broken-missing-infer',
      'invalid_submission',
      'The train phase: main.py defines no function infer(); this competition calls it.',
    ],
    [
      'broken-wrong-shape',
      'invalid_output',
      'The infer phase: infer() returned the columns probability (missing id, malignant; unexpected probability).',
    ],
    [
      'broken-raises',
      'crash',
      'The infer phase: infer() raised FileNotFoundError: no weights at /code_execution/resources/weights.bin',
    ],
    ['broken-exit', 'crash', 'The infer phase: infer() called sys.exit(0) before it finished.'],
    [
      'broken-os-exit',
      'crash',
      'The infer phase: The submission ended before the harness finished the infer phase: its code exited the process (sys.exit or os._exit) or was killed, so no output was checked.',
    ],
  ];
  for (const [name, reason, message] of broken) {
    test(`${name}: failed, ${reason}`, async () => {
      const report = await run(EXAMPLE, name);
      assert.equal(report.status, 'failed', report.message);
      assert.equal(report.reason, reason);
      assert.equal(report.message, message);
      assert.notEqual(report.hint, '');
      assert.deepEqual(report.scores, {});
    });
  }

  test('broken-requirement: invalid_submission naming the package, the version the image has, a package request', async () => {
    const report = await run(EXAMPLE, 'broken-requirement');
    assert.equal(report.status, 'failed', report.message);
    assert.equal(report.reason, 'invalid_submission');
    assert.equal(
      report.message,
      `The train phase: requirements.txt line 2: scikit-learn>=99.0 is not met: the runtime image has scikit-learn ${await imageVersion('scikit-learn')}.`,
    );
    assert.equal(
      report.hint,
      'Nothing is installed at run time (there is no network): use a version the runtime image has, or ask for it with a package-request pull request (docs/participants.md).',
    );
  });
});

describe('evaluate() on the streaming functions competition', engine, () => {
  test('a generator that yields None, then one prediction per row, scores well', async () => {
    const report = await run(STREAMING, 'online');
    assert.equal(report.status, 'success', report.message);
    assert.ok(report.scores.log_loss !== undefined && report.scores.log_loss < 0.3, String(report.scores.log_loss));
  });

  test('reading ahead is invalid_submission', async () => {
    const report = await run(STREAMING, 'broken-read-ahead');
    assert.equal(report.status, 'failed', report.message);
    assert.equal(report.reason, 'invalid_submission');
    assert.equal(
      report.message,
      'The infer phase: infer() read row 2 of X_test before yielding the prediction of row 1.',
    );
  });

  test('a DataFrame where a generator is expected is invalid_submission', async () => {
    const report = await run(STREAMING, 'broken-not-generator');
    assert.equal(report.status, 'failed', report.message);
    assert.equal(report.reason, 'invalid_submission');
    assert.equal(
      report.message,
      'The infer phase: infer() returned a DataFrame, not a generator; this competition streams X_test one row at a time.',
    );
  });
});
