/**
 * What the second hostile review of the harness found, each fed as it was found (real sandbox):
 * participant files that broke the harness before handover, organizer files read after handover,
 * a quadratic id check, values that could split a CSV row.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { needsEngine } from '../support/docker.js';
import { eventNames, runHarness } from '../support/harness.js';

const engine = await needsEngine();
const PICKLE = path.resolve('examples/pickle');

describe('the harness after the second review', engine, () => {
  test("a setup_config.json nested 3,000 deep (the participant's file) is not our error: the handler runs", async () => {
    const run = await runHarness({
      kind: 'handler',
      submission: { handler: { fields: { p: 'float' } } },
      columns: ['p'],
      files: {
        'handler.py':
          'def handle(data, context):\n    if data is None:\n        return None\n    return [{"id": data[0]["body"]["uid"], "p": 0.5}]\n',
        'setup_config.json': `{"notes": ${'['.repeat(3000)}${']'.repeat(3000)}}`,
      },
      data: { 'inputs.jsonl': '{"uid": "a"}\n{"uid": "b"}\n' },
    });
    assert.deepEqual(eventNames(run), ['handover', 'done'], run.log.join('\n'));
    assert.equal(run.output, 'id,p\na,0.5\nb,0.5\n');
  });

  test('a response value holding a carriage return is refused: it would split its row in the CSV the host reads', async () => {
    const run = await runHarness({
      kind: 'handler',
      submission: { handler: { fields: { label: 'str' } } },
      columns: ['label'],
      files: {
        'handler.py':
          'def handle(data, context):\n    if data is None:\n        return None\n    return [{"id": data[0]["body"]["uid"], "label": "x\\r7,0.9"}]\n',
      },
      data: { 'inputs.jsonl': '{"uid": "a"}\n' },
    });
    const last = run.events.at(-1)?.event;
    assert.deepEqual(last, {
      event: 'failed',
      reason: 'invalid_output',
      message:
        'A value in column label holds a carriage return (\\r), which would split its row in the predictions file.',
      hint: "Remove carriage returns from the values you return (e.g. value.replace('\\r', ' ')).",
    });
    assert.equal(run.output ?? '', '', 'no predictions are written');
  });

  test("functions: a stream file without the id column is the organizer's error, found before handover", async () => {
    const run = await runHarness({
      kind: 'functions',
      submission: { functions: { train: null, arguments: { X_test: { file: 'X.csv' } }, stream: 'X_test' } },
      files: { 'main.py': 'def infer(X_test):\n    yield None\n' },
      data: { 'X.csv': 'a,b\n1,2\n' },
      phase: 'infer',
    });
    assert.equal(run.exitCode, 70);
    assert.deepEqual(
      run.events.map((e) => [e.event.event, e.beforeHandover]),
      [['error', true]],
    );
  });

  test('functions: 60,000 rows returned are checked in linear time (the quadratic check timed out)', async () => {
    const rows = Array.from({ length: 60000 }, (_, i) => `r${i},${i % 7}`).join('\n');
    const run = await runHarness({
      kind: 'functions',
      submission: { functions: { train: null, arguments: { X_test: { file: 'X.csv' } } } },
      files: {
        'main.py':
          'import pandas as pd\ndef infer(X_test):\n    return pd.DataFrame({"id": X_test["id"], "prediction": 0.5})\n',
      },
      data: { 'X.csv': `id,f\n${rows}\n` },
      phase: 'infer',
      limits: { time_s: 60 },
    });
    assert.deepEqual(eventNames(run), ['handover', 'done'], run.log.slice(-5).join('\n'));
  });

  test("pickle: a malformed benchmarks file is the organizer's error before handover, not the participant's crash", async () => {
    const features = await readFile(path.join(PICKLE, 'data/smoke/live_features.csv'), 'utf8');
    const run = await runHarness({
      kind: 'pickle',
      submission: { pickle: { features: 'live_features.csv', benchmarks: 'live_benchmark_models.csv' } },
      columns: ['target'],
      files: { 'model.pkl': await readFile(path.join(PICKLE, 'submissions/benchmark-ensemble/model.pkl')) },
      data: {
        'live_features.csv': features,
        'live_benchmark_models.csv': `id,bench\n${features.split('\n')[1]!.split(',')[0]},0.5,extra,fields\n"unclosed\n`,
      },
    });
    assert.equal(run.exitCode, 70, run.log.join('\n'));
    assert.deepEqual(
      run.events.map((e) => [e.event.event, e.beforeHandover]),
      [['error', true]],
    );
  });
});
