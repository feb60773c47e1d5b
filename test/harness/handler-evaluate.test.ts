/**
 * The handler example competition (examples/handler) end to end through evaluate(): staging
 * (setup_config.json's model_files flattened, paths outside the submission refused), the
 * harness in the sandbox, the verdict and the score.
 */
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const EXAMPLE = path.resolve('examples/handler');
const submission = (name: string) => path.join(EXAMPLE, 'submissions', name);

/** Log loss computed here, independently of src/scoring, from the kept output file. */
async function logLossOf(predictionsPath: string, labelsPath: string): Promise<number> {
  const rows = (text: string) =>
    text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
  const labels = new Map(rows(await readFile(labelsPath, 'utf8')).map(([id, y]) => [id!, Number(y)]));
  const preds = rows(await readFile(predictionsPath, 'utf8'));
  let sum = 0;
  for (const [id, p] of preds) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, Number(p)));
    sum += labels.get(id!) === 1 ? -Math.log(q) : -Math.log(1 - q);
  }
  return sum / preds.length;
}

describe('evaluate() on the handler example competition', engine, () => {
  let functionScore: number | undefined;

  test('the function-style handler (model_files flattened at staging) succeeds with the right log loss', async () => {
    const workDir = await tempDir();
    const report = await evaluate({
      competitionDir: EXAMPLE,
      submission: submission('function-style'),
      dataset: 'smoke',
      workDir,
    });
    assert.equal(report.status, 'success', report.message);
    assert.equal(report.reason, null);
    const expected = await logLossOf(path.join(workDir, 'submission.csv'), path.join(EXAMPLE, 'data/smoke_labels.csv'));
    assert.ok(Math.abs(report.scores.log_loss! - expected) < 1e-9, `${report.scores.log_loss} vs ${expected}`);
    assert.ok(report.scores.log_loss! < 0.3, String(report.scores.log_loss));
    functionScore = report.scores.log_loss;
  });

  test('the class-style handler (BaseDynaHandler, flattened checkpoint, ROOTPATH import) scores the same, on the test set too', async () => {
    const smoke = await evaluate({ competitionDir: EXAMPLE, submission: submission('class-style'), dataset: 'smoke' });
    assert.equal(smoke.status, 'success', smoke.message);
    assert.equal(smoke.scores.log_loss, functionScore);
    const testSet = await evaluate({ competitionDir: EXAMPLE, submission: submission('class-style'), dataset: 'test' });
    assert.equal(testSet.status, 'success', testSet.message);
    assert.ok(testSet.scores.log_loss! < 0.3, String(testSet.scores.log_loss));
  });

  const broken: [string, string, string][] = [
    [
      'broken-missing-field',
      'invalid_output',
      'The response to the example with uid "t0015" lacks the field malignant.',
    ],
    ['broken-not-list', 'invalid_output', 'handle() returned a dict for the example with uid "t0015", not a list.'],
    ['broken-crash', 'crash', 'Handler.handle() on the example with uid "t0015" raised KeyError: \'tumour_size\''],
  ];
  for (const [name, reason, words] of broken) {
    test(`${name}: ${reason}, naming the example`, async () => {
      const report = await evaluate({ competitionDir: EXAMPLE, submission: submission(name), dataset: 'smoke' });
      assert.equal(report.status, 'failed', report.message);
      assert.equal(report.reason, reason);
      assert.ok(report.message.includes(words), report.message);
    });
  }

  test('setup_config.json naming a file outside the submission is refused at staging', async () => {
    const dir = await tempDir();
    await cp(submission('function-style'), dir, { recursive: true });
    await writeFile(
      path.join(dir, 'setup_config.json'),
      JSON.stringify({ model_files: ['configs/model.json', '../../etc/passwd'], exclude: [] }),
    );
    const report = await evaluate({ competitionDir: EXAMPLE, submission: dir, dataset: 'smoke' });
    assert.equal(report.status, 'failed', report.message);
    assert.equal(report.reason, 'invalid_submission');
    assert.ok(
      report.message.includes(
        'setup_config.json lists "../../etc/passwd" in model_files: it resolves outside the submission',
      ),
      report.message,
    );
  });
});
