/**
 * The `functions` kind (harness/holdout_harness/kinds/functions.py), run for real in the base
 * image: CrunchDAO-style train()/infer() with crunch-cli's argument injection by name, the
 * streaming generator protocol, DrivenData's prepare-then-predict-per-item, and the example
 * competition's broken submissions (examples/functions), each with its exact outcome.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { execa } from 'execa';
import { HARNESS_COMMAND, HARNESS_MOUNT, harnessDir } from '../../src/harness/location.js';
import { HarnessListener } from '../../src/harness/protocol.js';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';
import { eventNames, runHarness, type HarnessRun } from '../support/harness.js';

const engine = await needsEngine();
const EXAMPLE = path.join(import.meta.dirname, '../../examples/functions');

type Files = Record<string, string>;
type Event = { event: string; reason?: string; message?: string; hint?: string };

const X_TEST = 'id,a,b\nr1,1,10\nr2,2,20\nr3,3,30\n';
const DATA: Files = {
  'X_test.csv': X_TEST,
  'train/X_train.csv': 'id,a,b\nt1,1,1\nt2,2,2\n',
  'train/y_train.csv': 'id,y\nt1,0\nt2,1\n',
};
const ARGUMENTS = {
  X_train: { file: 'train/X_train.csv' },
  y_train: { file: 'train/y_train.csv' },
  X_test: { file: 'X_test.csv' },
};
const RESOURCES = '/code_execution/resources';

interface Options {
  phase?: 'train' | 'infer';
  functions?: Record<string, unknown>;
  columns?: string[];
  data?: Files;
  /** A host folder mounted read-only as resources/ (what a train phase left). */
  resources?: string;
  hasTrained?: boolean;
}

/** Run the functions harness on `files` (the submission) in one phase, as the pipeline does. */
async function runFunctions(files: Files, options: Options = {}): Promise<HarnessRun> {
  return runHarness({
    kind: 'functions',
    phase: options.phase ?? 'infer',
    submission: { functions: { arguments: ARGUMENTS, ...options.functions } },
    idColumn: 'id',
    columns: options.columns ?? ['y'],
    files,
    data: options.data ?? DATA,
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.hasTrained !== undefined ? { hasTrained: options.hasTrained } : {}),
  });
}

type Result = HarnessRun;

function lastEvent(result: Result): Event {
  return (result.events.at(-1)?.event as Event | undefined) ?? { event: '(none)' };
}

function logOf(result: Result): string {
  return result.log.join('\n');
}

/** The run ended with exactly this failure, after `before` (handover; nothing when none of the participant's code ran). */
function assertFailed(result: Result, reason: string, message: string, before: string[] = ['handover']) {
  assert.deepEqual(eventNames(result), [...before, 'failed'], logOf(result));
  const last = lastEvent(result);
  assert.equal(last.reason, reason, logOf(result));
  assert.equal(last.message, message, logOf(result));
  assert.equal(result.exitCode, 1);
  assert.ok(!result.output, 'no predictions are written after a failure');
}

function assertDone(result: Result) {
  assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
  assert.equal(result.exitCode, 0, logOf(result));
}

/** The warnings the harness printed (holdout: warning: …), in order. */
function warnings(result: Result): string[] {
  return result.log.filter((l) => l.startsWith('holdout: warning: ')).map((l) => l.slice('holdout: warning: '.length));
}

/**
 * The harness run directly in the sandbox's shape (docker run --network none --read-only, non-root,
 * harness/ mounted read-only) with a hand-made HOLDOUT_HARNESS: for the functions settings that
 * competition.yml's schema does not accept yet (DrivenData's prepare / items; see the report).
 */
async function runDirect(files: Files, functions: Record<string, unknown>, columns: string[]): Promise<Result> {
  const dir = await tempDir('holdout-functions-');
  const code = path.join(dir, 'code');
  const data = path.join(dir, 'data');
  for (const [root, entries] of [
    [code, { ...files, 'submission/.keep': '' }],
    [data, DATA],
  ] as const) {
    for (const [name, content] of Object.entries(entries)) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), content);
    }
  }
  await chmod(path.join(code, 'submission'), 0o777);
  const listener = new HarnessListener(randomBytes(16).toString('hex'));
  const settings = {
    version: 1,
    nonce: listener.nonce,
    kind: 'functions',
    phase: 'infer',
    entry: 'main.py',
    resources_dir: null,
    has_trained: false,
    has_gpu: false,
    output: { id_column: 'id', columns },
    functions,
  };
  const run = await execa(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--user',
      '1000:1000',
      '--mount',
      `type=bind,source=${harnessDir()},target=${HARNESS_MOUNT},readonly`,
      '--mount',
      `type=bind,source=${code},target=/code_execution`,
      '--mount',
      `type=bind,source=${data},target=/code_execution/data,readonly`,
      '--workdir',
      '/code_execution',
      '--env',
      'HOLDOUT_DATA_DIR=/code_execution/data',
      '--env',
      'HOLDOUT_OUTPUT_FILE=/code_execution/submission/submission.csv',
      '--env',
      `HOLDOUT_HARNESS=${JSON.stringify(settings)}`,
      BASE_IMAGE,
      ...HARNESS_COMMAND,
    ],
    { reject: false, all: true },
  );
  const log = run.all
    .split('\n')
    .flatMap((line) => listener.take(line))
    .filter((line) => line !== '');
  const output = await readFile(path.join(code, 'submission/submission.csv'), 'utf8').catch(() => undefined);
  return { exitCode: run.exitCode ?? null, events: listener.events, log, output } as unknown as Result;
}

/** A submission whose infer returns y = a * 0.1 for every row of X_test. */
const SIMPLE_INFER = `import pandas as pd

def infer(X_test, id_column_name):
    return pd.DataFrame({id_column_name: X_test[id_column_name], "y": X_test["a"] * 0.1})
`;
const SIMPLE_OUTPUT = 'id,y\nr1,0.1\nr2,0.2\nr3,0.30000000000000004\n';

/** The files of one example submission (examples/functions/…/submissions/<name>), read from disk. */
async function exampleFiles(dir: string): Promise<Files> {
  const files: Files = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    files[path.relative(dir, full)] = await readFile(full, 'utf8');
  }
  return files;
}

/** The example competition's data folder (examples/functions/data/smoke), as runHarness data. */
async function exampleData(): Promise<Files> {
  return exampleFiles(path.join(EXAMPLE, 'data/smoke'));
}

const EXAMPLE_ARGUMENTS = ARGUMENTS;
const EXAMPLE_COLUMNS = ['malignant'];

async function runExample(name: string, options: Options = {}) {
  const dir = name.startsWith('streaming/')
    ? path.join(EXAMPLE, 'streaming/submissions', name.slice('streaming/'.length))
    : path.join(EXAMPLE, 'submissions', name);
  return runFunctions(await exampleFiles(dir), {
    columns: EXAMPLE_COLUMNS,
    data: await exampleData(),
    ...options,
    functions: { arguments: EXAMPLE_ARGUMENTS, ...options.functions },
  });
}

describe('functions: train and infer phases', engine, () => {
  test('train gets the train data and a writable model_directory_path; writes no output', async () => {
    const result = await runFunctions(
      {
        'main.py': `import os

def train(X_train, y_train, model_directory_path, has_trained, X_test):
    print("train got", len(X_train), "rows and", list(y_train.columns), "has_trained", has_trained, "X_test", X_test)
    with open(os.path.join(model_directory_path, "weights.txt"), "w") as f:
        f.write(str(y_train["y"].mean()))

def infer(X_test):
    raise AssertionError("infer must not run in the train phase")
`,
      },
      { phase: 'train' },
    );
    assertDone(result);
    assert.match(logOf(result), /^train got 2 rows and \['id', 'y'\] has_trained True X_test None$/m);
    assert.deepEqual(warnings(result), ['train(): X_test gets None: it is given to the other phase only.']);
    assert.ok(!result.output);
  });

  test('a train phase refuses a submission without infer before training', async () => {
    const result = await runFunctions({ 'main.py': 'def train(X_train):\n    print("trained")\n' }, { phase: 'train' });
    assertFailed(result, 'invalid_submission', 'main.py defines no function infer(); this competition calls it.');
    assert.doesNotMatch(logOf(result), /trained/);
  });

  test('infer with shipped resources: reads resources/, returns a DataFrame, the harness writes it', async () => {
    const result = await runFunctions(
      {
        'main.py': `import json, os
import pandas as pd

def infer(X_test, model_directory_path, id_column_name, prediction_column_name, has_trained):
    with open(os.path.join(model_directory_path, "model.json")) as f:
        weight = json.load(f)["weight"]
    print("has_trained", has_trained, "column", prediction_column_name)
    return pd.DataFrame({id_column_name: X_test[id_column_name], prediction_column_name: X_test["a"] * weight})
`,
        'resources/model.json': '{"weight": 0.25}',
      },
      { phase: 'infer', hasTrained: true },
    );
    assertDone(result);
    assert.match(logOf(result), /^has_trained True column y$/m);
    assert.equal(result.output, 'id,y\nr1,0.25\nr2,0.5\nr3,0.75\n');
  });

  test('the id column may be the index of the returned DataFrame', async () => {
    const result = await runFunctions({
      'main.py': `import pandas as pd

def infer(X_test):
    return pd.DataFrame({"y": [0.5, 0.25, 0.125]}, index=pd.Index(X_test["id"], name="id"))
`,
    });
    assertDone(result);
    assert.equal(result.output, 'id,y\nr1,0.5\nr2,0.25\nr3,0.125\n');
  });

  test('the organizer may name the module and the functions', async () => {
    const result = await runFunctions(
      { 'solution.py': SIMPLE_INFER.replace('def infer(', 'def predict(') },
      { functions: { module: 'solution', train: null, infer: 'predict' } },
    );
    assertDone(result);
    assert.equal(result.output, SIMPLE_OUTPUT);
  });

  test('a submission without the module fails before any of its code runs', async () => {
    const result = await runFunctions({ 'model.py': SIMPLE_INFER });
    assertFailed(
      result,
      'invalid_submission',
      'The submission has no main.py (nor main.ipynb); this competition calls infer() from it.',
      [],
    );
  });
});

/** A Jupyter notebook (nbformat 4) with these code cells. */
function notebook(...cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      execution_count: i + 1,
      metadata: {},
      outputs: [],
      source: source.split(/(?<=\n)/),
    })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

describe('functions: main.ipynb instead of main.py, the module errors', engine, () => {
  test('a notebook is converted: its functions are called, its top-level code is not run', async () => {
    const result = await runFunctions({
      'main.ipynb': notebook(
        '!pip install pandas\nimport pandas as pd  # >= 1.0\n',
        'def infer(X_test, id_column_name):\n    return pd.DataFrame({id_column_name: X_test[id_column_name], "y": 0.5})\n',
        'print("top-level code ran")\n',
      ),
    });
    assertDone(result);
    assert.doesNotMatch(logOf(result), /top-level code ran/);
    assert.equal(result.output, 'id,y\nr1,0.5\nr2,0.5\nr3,0.5\n');
  });

  test("a notebook's import-line specifier the image does not meet is refused before handover", async () => {
    const result = await runFunctions({
      'main.ipynb': notebook('import pandas as pd  # >= 99\n', 'def infer(X_test):\n    return X_test\n'),
    });
    assert.deepEqual(eventNames(result), ['failed'], logOf(result));
    assert.equal(lastEvent(result).reason, 'invalid_submission');
    // Where the specifier is ("cell 1, line 1 …") is the converter's wording (harness/holdout_harness/notebook.py).
    const pandas = (await imageVersion('pandas')).replaceAll('.', '\\.');
    assert.match(
      lastEvent(result).message ?? '',
      new RegExp(`^cell 1\\b.*: pandas>=99 is not met: the runtime image has pandas ${pandas}\\.$`),
    );
    assert.equal(result.exitCode, 1);
  });

  test('an exception while importing main.py is a crash naming it', async () => {
    const result = await runFunctions({ 'main.py': 'import pandas\nraise ImportError("no module named xgboost")\n' });
    assertFailed(result, 'crash', 'importing main.py raised ImportError: no module named xgboost');
    assert.match(logOf(result), /File "\/code_execution\/main.py", line 2, in <module>/);
  });

  test("the organizer's missing stream file is our error, before handover", async () => {
    const result = await runFunctions(
      { 'main.py': 'print("their code ran")\n' },
      { functions: { stream: 'X_test' }, data: { 'train/X_train.csv': 'id,a\nt1,1\n' } },
    );
    assert.deepEqual(eventNames(result), ['error'], logOf(result));
    assert.equal(result.events[0]?.beforeHandover, true);
    assert.equal(
      lastEvent(result).message,
      'The data folder has no X_test.csv (the argument X_test that infer is fed from).',
    );
    assert.equal(result.exitCode, 70);
    assert.doesNotMatch(logOf(result), /their code ran/);
  });
});

describe("functions: arguments by name (crunch-cli's smart_call rules)", engine, () => {
  test('names, aliases, built-ins, constants; a default is kept; unknown gets None; *args and **kwargs nothing', async () => {
    const result = await runFunctions(
      {
        'main.py': `import json
import pandas as pd

def infer(X_test, x_test, id_column_name, prediction_column_name, prediction_column_names,
          data_directory_path, model_directory_path, has_gpu, has_trained, moon, embargo,
          threshold=0.75, *args, **kwargs):
    print("GOT " + json.dumps({
        "same_frame": X_test is x_test, "rows": len(X_test), "id": id_column_name,
        "prediction": prediction_column_name, "predictions": prediction_column_names,
        "data": data_directory_path, "model": model_directory_path, "gpu": has_gpu,
        "trained": has_trained, "moon": moon, "embargo": embargo, "threshold": threshold,
        "args": list(args), "kwargs": kwargs,
    }, sort_keys=True))
    return pd.DataFrame({"id": X_test["id"], "y": threshold})
`,
      },
      {
        functions: { arguments: { ...ARGUMENTS, embargo: { value: 7 }, threshold: { value: 0.1 } } },
        hasTrained: false,
      },
    );
    assertDone(result);
    const got = JSON.parse(/^GOT (.*)$/m.exec(logOf(result))?.[1] ?? 'null');
    assert.deepEqual(got, {
      args: [],
      data: '/code_execution/data',
      embargo: 7,
      gpu: false,
      id: 'id',
      kwargs: {},
      model: RESOURCES,
      moon: null,
      prediction: 'y',
      predictions: ['y'],
      rows: 3,
      same_frame: true,
      threshold: 0.75,
      trained: false,
    });
    assert.deepEqual(warnings(result), [
      'infer(): moon gets None: nothing of that name is provided (provided: X_test, data_directory_path, embargo, has_gpu, has_trained, id_column_name, model_directory_path, prediction_column_name, prediction_column_names, threshold, x_test).',
      'infer(): threshold keeps its default value (0.75).',
      'infer(): *args gets nothing; parameters are filled by name only.',
      'infer(): **kwargs gets nothing; parameters are filled by name only.',
    ]);
    assert.equal(result.output, 'id,y\nr1,0.75\nr2,0.75\nr3,0.75\n');
  });

  test('a parameter whose data file the phase lacks gets None with a warning naming the file', async () => {
    const result = await runFunctions(
      {
        'main.py': `import pandas as pd

def infer(X_test, extra):
    print("extra is", extra)
    return pd.DataFrame({"id": X_test["id"], "y": 0.5})
`,
      },
      { functions: { arguments: { ...ARGUMENTS, extra: { file: 'extra.csv' } } } },
    );
    assertDone(result);
    assert.match(logOf(result), /^extra is None$/m);
    assert.deepEqual(warnings(result), ['extra gets None: the data folder of this infer phase has no extra.csv.']);
  });
});

describe('functions: infer outputs are checked', engine, () => {
  test('infer returning None is invalid_output', async () => {
    const result = await runFunctions({ 'main.py': 'def infer(X_test):\n    return None\n' });
    assertFailed(result, 'invalid_output', 'infer() returned None.');
  });

  test('infer returning a generator where a DataFrame is expected is invalid_output', async () => {
    const result = await runFunctions({ 'main.py': 'def infer(X_test):\n    yield None\n' });
    assertFailed(result, 'invalid_output', 'infer() returned a generator; this competition expects one DataFrame.');
  });

  test('infer returning fewer rows than X_test has is invalid_output', async () => {
    const result = await runFunctions({
      'main.py': 'import pandas as pd\n\ndef infer(X_test):\n    return pd.DataFrame({"id": ["r1"], "y": [0.5]})\n',
    });
    assertFailed(result, 'invalid_output', 'infer() returned 1 rows; the input has 3.');
  });

  test('the ids are checked against X_test as it was before infer changed it in place', async () => {
    const result = await runFunctions({
      'main.py':
        'import pandas as pd\n\ndef infer(X_test):\n    X_test["id"] = ["x1", "x2", "x3"]\n    return pd.DataFrame({"id": X_test["id"], "y": 0.5})\n',
    });
    assertFailed(result, 'invalid_output', 'infer() returned the id x1, which is not in the input.');
  });

  test('infer returning NaN is invalid_output naming the row', async () => {
    const result = await runFunctions({
      'main.py':
        'import pandas as pd\n\ndef infer(X_test):\n    return pd.DataFrame({"id": X_test["id"], "y": [0.5, float("nan"), 0.5]})\n',
    });
    assertFailed(result, 'invalid_output', 'infer() returned NaN in column y (id r2).');
  });
});

describe('functions: streaming (infer is a generator fed one row at a time)', engine, () => {
  const STREAM = { stream: 'X_test' };

  test('yields None when ready, then one prediction per row read: the predictions are written', async () => {
    const result = await runFunctions(
      {
        'main.py': `def infer(X_test, id_column_name):
    print("rows to come:", len(X_test))
    yield None
    for row in X_test:
        print("read", row[id_column_name])
        yield row["a"] / 10
`,
      },
      { functions: STREAM },
    );
    assertDone(result);
    assert.match(logOf(result), /^rows to come: 3\nread r1\nread r2\nread r3$/m);
    assert.equal(result.output, 'id,y\nr1,0.1\nr2,0.2\nr3,0.3\n');
  });

  test('the stream is also given under the alias x_test', async () => {
    const result = await runFunctions(
      { 'main.py': 'def infer(x_test):\n    yield None\n    for row in x_test:\n        yield {"y": 1.0}\n' },
      { functions: STREAM },
    );
    assertDone(result);
    assert.equal(result.output, 'id,y\nr1,1.0\nr2,1.0\nr3,1.0\n');
  });

  test('reading ahead (the next row before yielding the current prediction) is refused', async () => {
    const result = await runExample('streaming/broken-read-ahead', { functions: STREAM });
    assertFailed(result, 'invalid_submission', 'infer() read row 2 of X_test before yielding the prediction of row 1.');
  });

  test('reading a row before the first yield is refused', async () => {
    const result = await runFunctions(
      { 'main.py': 'def infer(X_test):\n    for row in X_test:\n        yield 0.5\n' },
      { functions: STREAM },
    );
    assertFailed(result, 'invalid_submission', 'infer() read a row of X_test before its first yield.');
  });

  test('a first yield other than None is refused', async () => {
    const result = await runFunctions(
      { 'main.py': 'def infer(X_test):\n    yield 0.5\n    for row in X_test:\n        yield 0.5\n' },
      { functions: STREAM },
    );
    assertFailed(result, 'invalid_submission', 'infer() first yielded a float; the first yield must be None (ready).');
  });

  test('an infer that is not a generator is refused', async () => {
    const result = await runExample('streaming/broken-not-generator', { functions: STREAM });
    assertFailed(
      result,
      'invalid_submission',
      'infer() returned a DataFrame, not a generator; this competition streams X_test one row at a time.',
    );
  });

  test('stopping before the last row is invalid_output', async () => {
    const result = await runFunctions(
      {
        'main.py':
          'def infer(X_test):\n    yield None\n    for i, row in enumerate(X_test):\n        yield 0.5\n        if i == 1:\n            return\n',
      },
      { functions: STREAM },
    );
    assertFailed(result, 'invalid_output', 'infer() yielded 2 predictions for the 3 rows of X_test.');
  });

  test('two predictions for one row are invalid_output', async () => {
    const result = await runFunctions(
      {
        'main.py': 'def infer(X_test):\n    yield None\n    for row in X_test:\n        yield 0.5\n        yield 0.5\n',
      },
      { functions: STREAM },
    );
    assertFailed(result, 'invalid_output', 'infer() yielded a second prediction for row 1 of X_test.');
  });

  test('an exception inside the generator is a crash with their traceback', async () => {
    const result = await runFunctions(
      { 'main.py': 'def infer(X_test):\n    yield None\n    for row in X_test:\n        yield 1 / 0\n' },
      { functions: STREAM },
    );
    assertFailed(result, 'crash', 'infer() raised ZeroDivisionError: division by zero');
    assert.match(logOf(result), /File "\/code_execution\/main.py", line 4, in infer/);
    assert.doesNotMatch(logOf(result), /\/\.holdout\/harness/);
  });
});

describe("functions: DrivenData's prepare once, then predict per item", engine, () => {
  const PER_ITEM = {
    module: 'solution',
    train: null,
    prepare: 'preprocess',
    infer: 'predict',
    items: 'X_test',
    arguments: { X_test: { file: 'X_test.csv' }, data_dir: { path: '.' }, preprocessed_dir: { scratch: true } },
  };

  test('preprocess runs once; predict gets each row by column name and the assets; tuples fill the columns', async () => {
    const result = await runDirect(
      {
        'solution.py': `import os

def preprocess(data_dir, preprocessed_dir):
    print("preprocess sees", sorted(os.listdir(data_dir)))
    with open(os.path.join(preprocessed_dir, "scale.txt"), "w") as f:
        f.write("2")
    return {"scale_file": os.path.join(preprocessed_dir, "scale.txt")}

def predict(id, a, b, assets):
    scale = float(open(assets["scale_file"]).read())
    return (a * scale, b * scale)
`,
      },
      PER_ITEM,
      ['low', 'high'],
    );
    assertDone(result);
    assert.match(logOf(result), /^preprocess sees \['X_test.csv', 'train'\]$/m);
    assert.equal(result.output, 'id,low,high\nr1,2.0,20.0\nr2,4.0,40.0\nr3,6.0,60.0\n');
  });

  test('a prediction of the wrong shape is invalid_output naming the id', async () => {
    const result = await runDirect(
      {
        'solution.py':
          'def preprocess():\n    return {}\n\ndef predict(id, a):\n    return (a, a, a) if id == "r2" else (a, a)\n',
      },
      PER_ITEM,
      ['low', 'high'],
    );
    assertFailed(result, 'invalid_output', 'predict() returned 3 values for id r2; expected 2 (low, high).');
  });
});

describe('functions: the example competition (examples/functions)', engine, () => {
  test('the benchmark trains, then infers from what train left in resources/ (mounted read-only)', async () => {
    const trained = await runExample('benchmark', { phase: 'train' });
    assertDone(trained);
    assert.match(logOf(trained), /^trained on 369 rows$/m);
    assert.ok(!trained.output, 'the train phase writes no predictions');
    assert.ok((await readdir(trained.outputDir)).includes('model.pkl'), 'train wrote resources/model.pkl');
    const inferred = await runExample('benchmark', { resources: trained.outputDir });
    assertDone(inferred);
    assert.match(logOf(inferred), /^predicted 50 rows$/m);
    const lines = (inferred.output ?? '').trimEnd().split('\n');
    assert.equal(lines[0], 'id,malignant');
    assert.equal(lines.length, 51);
    assert.match(lines[1] ?? '', /^t0015,0\.99\d*$/);
  });

  test('the shipped submission runs infer only, from its own resources/', async () => {
    const result = await runExample('shipped', { hasTrained: true });
    assertDone(result);
    assert.match(logOf(result), /^has_trained=True$/m);
    const lines = (result.output ?? '').trimEnd().split('\n');
    assert.equal(lines[0], 'id,malignant');
    assert.equal(lines.length, 51);
    assert.match(lines[1] ?? '', /^t0015,0\.99\d*$/);
  });

  test('broken-missing-infer: invalid_submission naming the function', async () => {
    assertFailed(
      await runExample('broken-missing-infer'),
      'invalid_submission',
      'main.py defines no function infer(); this competition calls it.',
    );
  });

  test('broken-wrong-shape: invalid_output naming the columns', async () => {
    assertFailed(
      await runExample('broken-wrong-shape'),
      'invalid_output',
      'infer() returned the columns probability (missing id, malignant; unexpected probability).',
    );
  });

  test('broken-raises: crash, with a traceback of their frames only', async () => {
    const result = await runExample('broken-raises');
    assertFailed(
      result,
      'crash',
      'infer() raised FileNotFoundError: no weights at /code_execution/resources/weights.bin',
    );
    assert.match(logOf(result), /File "\/code_execution\/main.py", line 13, in infer/);
    assert.match(logOf(result), /File "\/code_execution\/main.py", line 9, in load_weights/);
    assert.doesNotMatch(logOf(result), /\/\.holdout\/harness/);
  });

  test('broken-exit: sys.exit inside infer is a crash, though it wrote a file first', async () => {
    const result = await runExample('broken-exit');
    assert.deepEqual(eventNames(result), ['handover', 'failed'], logOf(result));
    assert.equal(lastEvent(result).reason, 'crash');
    assert.equal(lastEvent(result).message, 'infer() called sys.exit(0) before it finished.');
    assert.equal(result.exitCode, 1);
  });

  test('broken-os-exit: os._exit(0) inside infer leaves no done (the host calls it a premature end)', async () => {
    const result = await runExample('broken-os-exit');
    assert.deepEqual(eventNames(result), ['handover'], logOf(result));
    assert.equal(result.exitCode, 0);
  });

  test('broken-requirement: invalid_submission before any of its code runs', async () => {
    const result = await runExample('broken-requirement');
    assertFailed(
      result,
      'invalid_submission',
      `requirements.txt line 2: scikit-learn>=99.0 is not met: the runtime image has scikit-learn ${await imageVersion('sklearn')}.`,
      [],
    );
    assert.equal(
      lastEvent(result).hint,
      'Nothing is installed at run time (there is no network): use a version the runtime image has, or ask for it with a package-request pull request (docs/participants.md).',
    );
  });
});

/** The version of a package in the base image (Debian's), asked of the image itself. */
async function imageVersion(module: string): Promise<string> {
  const { stdout } = await execa('docker', [
    'run',
    '--rm',
    '--network',
    'none',
    BASE_IMAGE,
    'python3',
    '-c',
    `import ${module}; print(${module}.__version__)`,
  ]);
  return stdout.trim();
}
