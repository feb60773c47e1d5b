/** The whole pipeline on the demo competition, on a real engine. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const example = (name: string) => path.join(DEMO, 'submissions', name);

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
  const eps = 1e-15;
  let sum = 0;
  for (const [id, p] of preds) {
    const q = Math.min(1 - eps, Math.max(eps, Number(p)));
    sum += labels.get(id!) === 1 ? -Math.log(q) : -Math.log(1 - q);
  }
  return sum / preds.length;
}

describe('evaluate() on the demo competition', engine, () => {
  test('the scikit-learn benchmark succeeds and its log loss is right', async () => {
    const workDir = await tempDir();
    const report = await evaluate({
      competitionDir: DEMO,
      submission: example('benchmark'),
      dataset: 'smoke',
      workDir,
    });
    assert.equal(report.status, 'success', report.message);
    assert.equal(report.reason, null);
    assert.equal(report.exit_code, 0);
    assert.equal(report.primary_metric, 'log_loss');
    const expected = await logLossOf(path.join(workDir, 'submission.csv'), path.join(DEMO, 'data/smoke_labels.csv'));
    assert.ok(Math.abs(report.scores.log_loss! - expected) < 1e-9, `${report.scores.log_loss} vs ${expected}`);
    assert.ok(report.scores.log_loss! < 0.3);
    assert.match(report.image ?? '', /^holdout\/demo-runtime:cpu-[0-9a-f]+$/);
    assert.deepEqual(report.log.head, ['predicted 50 rows with LogisticRegression']);
    assert.match(report.reproduce.docker ?? '', /^docker run --rm --network none --read-only --cap-drop ALL /);
  });

  test('the random baseline scores worse than the benchmark, on the private test set too', async () => {
    const report = await evaluate({ competitionDir: DEMO, submission: example('random-baseline'), dataset: 'test' });
    assert.equal(report.status, 'success', report.message);
    assert.equal(report.dataset, 'test');
    assert.ok(report.scores.log_loss! > 0.5);
  });

  const broken: Array<[string, string, RegExp, object?]> = [
    [
      'broken-crash',
      'crash',
      /^The submission exited with code 1 after an uncaught exception:\n {2}KeyError: 'diagnosis'\nLast output:\nTraceback \(most recent call last\):\n {2}File "\/code_execution\/main\.py", line 5, in <module>\n(.|\n)*\nKeyError: 'diagnosis'$/,
    ],
    [
      'broken-no-output',
      'no_output',
      /^The submission exited normally but did not write \/code_execution\/submission\/submission\.csv\.\nThe output folder submission\/ is empty\.$/,
    ],
    ['broken-invalid-output', 'invalid_output', /header/],
    ['broken-nested', 'invalid_submission', /no main\.py at the top of the submission/],
    ['broken-oom', 'oom', /^The submission ran out of memory: the kernel killed it at the 1\.0 GiB limit\.$/],
    ['broken-output-too-large', 'output_too_large', /^The output folder filled up: it holds at most 10 MiB\.$/],
    [
      'broken-timeout',
      'timeout',
      /^The submission was still running after the 3\.0s time limit and was stopped\.$/,
      { time_s: 3 },
    ],
  ];
  for (const [name, reason, message, overrides] of broken) {
    test(`${name} fails with ${reason}`, async () => {
      const report = await evaluate({
        competitionDir: DEMO,
        submission: example(name),
        dataset: 'smoke',
        ...(overrides ? { overrides } : {}),
      });
      assert.equal(report.status, 'failed');
      assert.equal(report.reason, reason);
      assert.match(report.message, message);
      assert.notEqual(report.hint, '');
      assert.deepEqual(report.scores, {});
    });
  }

  test('labels are unreachable from inside, and no host variable gets in', async () => {
    const competition = await tempDir();
    await cp(DEMO, competition, { recursive: true, filter: (src) => !src.includes('/submissions/') });
    // A canary in the labels: the submission searches every file it can read for it.
    const labels = path.join(competition, 'data/smoke_labels.csv');
    await writeFile(
      labels,
      (await readFile(labels, 'utf8')).replace('id,malignant', 'id,malignant\ncanary-labels-51d2,0'),
    );
    process.env.HOLDOUT_HOST_CANARY = 'canary-host-9e4b';
    const sub = path.join(await tempDir(), 'snoop');
    await mkdir(sub);
    await writeFile(
      path.join(sub, 'main.py'),
      `
import os
needle = ("canary-labels" + "-51d2").encode()  # not spelled out, or this file would match
found = []
for top in ["/code_execution", "/tmp", "/mnt", "/srv", "/home", "/opt", "/media", "/var", "/root", "/run"]:
    for d, _, files in os.walk(top):
        for f in files:
            try:
                with open(os.path.join(d, f), "rb") as fh:
                    if needle in fh.read(10_000_000):
                        found.append(os.path.join(d, f))
            except OSError:
                pass
mounts = open("/proc/self/mountinfo").read()
print("labels found:", found)
print("labels mounted:", "smoke_labels" in mounts)
print("host canary:", any("canary-host-9e4b" in v for v in os.environ.values()))
`,
    );
    try {
      const report = await evaluate({ competitionDir: competition, submission: sub, dataset: 'smoke' });
      const log = report.log.head.join('\n');
      assert.match(log, /^labels found: \[\]$/m);
      assert.match(log, /^labels mounted: False$/m);
      assert.match(log, /^host canary: False$/m);
      assert.equal(report.reason, 'no_output');
    } finally {
      delete process.env.HOLDOUT_HOST_CANARY;
    }
  });
});
