/**
 * The `pickle` kind (harness/holdout_harness/kinds/pickle.py), run for real in the base image:
 * Numerai-style model.pkl files (a cloudpickled predict) from examples/pickle, plus small pickles
 * made here with the base image's own Python and cloudpickle. Each failure class ends with its
 * exact event: the file's faults (not a pickle, truncated, another Python, a missing module)
 * before handover where the file alone tells, the function's and the table's after it.
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { eventNames, type HarnessRun, runHarness } from '../support/harness.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const EXAMPLE = path.join(import.meta.dirname, '../../examples/pickle');
const SMOKE = path.join(EXAMPLE, 'data/smoke');

type Failure = { event: string; reason?: string; message?: string; hint?: string };
type Files = Record<string, string | Buffer>;

let data: Files;

async function smokeData(): Promise<Files> {
  data ??= {
    'live_features.csv': await readFile(path.join(SMOKE, 'live_features.csv'), 'utf8'),
    'live_benchmark_models.csv': await readFile(path.join(SMOKE, 'live_benchmark_models.csv'), 'utf8'),
  };
  return data;
}

async function example(name: string): Promise<Buffer> {
  return readFile(path.join(EXAMPLE, 'submissions', name, 'model.pkl'));
}

/** Run the harness on model.pkl (or other files) with the example's smoke data. */
async function runPickle(
  model: Buffer | Files,
  options: { benchmarks?: boolean; data?: Files } = {},
): Promise<HarnessRun> {
  const files = Buffer.isBuffer(model) ? { 'model.pkl': model } : model;
  return runHarness({
    kind: 'pickle',
    submission: {
      pickle: {
        file: 'model.pkl',
        features: 'live_features.csv',
        ...(options.benchmarks === false ? {} : { benchmarks: 'live_benchmark_models.csv' }),
      },
    },
    idColumn: 'id',
    columns: ['target'],
    files,
    data: options.data ?? (await smokeData()),
  });
}

function lastEvent(run: HarnessRun): Failure {
  return (run.events.at(-1)?.event ?? { event: '(none)' }) as Failure;
}

function logOf(run: HarnessRun): string {
  return run.log.join('\n');
}

/**
 * The run failed with exactly this event. `handedOver`: whether the participant's code had started
 * (false: the file alone told, nothing of it ran); nothing is written either way.
 */
function assertFailed(run: HarnessRun, handedOver: boolean, reason: string, message: string | RegExp, hint?: string) {
  const last = lastEvent(run);
  assert.deepEqual(eventNames(run), handedOver ? ['handover', 'failed'] : ['failed'], logOf(run));
  assert.equal(last.reason, reason, logOf(run));
  if (typeof message === 'string') assert.equal(last.message, message);
  else assert.match(last.message ?? '', message);
  if (hint !== undefined) assert.equal(last.hint, hint);
  assert.equal(run.exitCode, 1);
  assert.equal(run.output ?? '', '', 'no predictions are written after a failure');
}

/** The output's rows as [id, value]. */
function rows(run: HarnessRun): [string, number][] {
  const lines = (run.output ?? '').trimEnd().split('\n');
  assert.equal(lines[0], 'id,target', run.output);
  return lines.slice(1).map((l) => {
    const [id, value] = l.split(',');
    return [id!, Number(value)];
  });
}

async function csvColumn(file: string, column: string): Promise<Map<string, string>> {
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const at = header!.split(',').indexOf(column);
  return new Map(lines.map((l) => [l.split(',')[0]!, l.split(',')[at]!]));
}

/**
 * Pickles for cases the example folders do not cover, made by the base image's own Python and
 * cloudpickle (the runtime's), so they load: each tests what the harness does with the function.
 */
const MAKE_FIXTURES = `
import os, sys
import cloudpickle
import pandas as pd

def score(df):
    return df.filter(like="feature_").mean(axis=1) / 4.0

class Frame(pd.DataFrame):
    pass

def echo_benchmark(live_features, live_benchmark_models):
    return live_benchmark_models[["benchmark_logistic"]].rename(columns={"benchmark_logistic": "prediction"})

def no_parameters():
    return None

def keyword_only(live_features, *, live_benchmark_models):
    return score(live_features).to_frame("prediction")

def subclass(live_features):
    return Frame({"prediction": score(live_features)}, index=live_features.index)

def first_column_out_of_range(live_features):
    return pd.DataFrame({"raw": score(live_features) * 10, "prediction": score(live_features)}, index=live_features.index)

def nan_elsewhere(live_features):
    frame = score(live_features).to_frame("prediction")
    frame["note"] = float("nan")
    return frame

def infinite(live_features):
    s = score(live_features)
    s.iloc[0] = float("inf")
    return s.to_frame("prediction")

def text(live_features):
    return pd.DataFrame({"prediction": "high"}, index=live_features.index)

def too_few_rows(live_features):
    return score(live_features).to_frame("prediction").head(10)

def unknown_ids(live_features):
    frame = score(live_features).to_frame("prediction")
    frame.index = ["x" + i for i in frame.index]
    return frame

def one_era_per_call(live_features):
    assert live_features["era"].nunique() == 1, live_features["era"].unique()
    return score(live_features).to_frame("prediction")

def mutates_input(live_features):
    out = score(live_features).to_frame("prediction")
    live_features.drop(live_features.index, inplace=True)
    return out

class Scorer:
    def __call__(self, live_features):
        return score(live_features).to_frame("prediction")

for name, fn in list(globals().items()):
    if callable(fn) and getattr(fn, "__module__", None) == "__main__" and name not in ("score", "Frame", "Scorer"):
        with open(name + ".pkl", "wb") as f:
            f.write(cloudpickle.dumps(fn))
with open("callable_object.pkl", "wb") as f:
    f.write(cloudpickle.dumps(Scorer()))
with open("protocol2.pkl", "wb") as f:
    f.write(cloudpickle.dumps(lambda live_features: score(live_features).to_frame("prediction"), protocol=2))
import joblib, numpy as np
joblib.dump({"weights": np.arange(3.0)}, "joblib.pkl")
`;

const made = new Map<string, Buffer>();

function fixture(name: string): Buffer {
  const found = made.get(name);
  assert.ok(found, `fixture ${name} was not made`);
  return found;
}

// Each run is mostly a container's start-up: several at once keep the file to a minute or two.
const PARALLEL = { concurrency: 4 };

describe('pickle kind', { ...engine, ...PARALLEL }, () => {
  before(async () => {
    if (engine.skip || engine.signal) return;
    const dir = await tempDir('holdout-pickle-fixtures-');
    await execa('docker', [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${dir}:/out`,
      '-w',
      '/out',
      BASE_IMAGE,
      'python3',
      '-c',
      MAKE_FIXTURES,
    ]);
    for (const name of await readdir(dir)) made.set(name.replace(/\.pkl$/, ''), await readFile(path.join(dir, name)));
  });

  test('the example benchmark (predict(live_features), cloudpickled in the base image): one prediction per live row, benchmarks not loaded', async () => {
    const run = await runPickle(await example('benchmark'));
    assert.deepEqual(eventNames(run), ['handover', 'done'], logOf(run));
    assert.equal(run.exitCode, 0);
    const ids = [...(await csvColumn(path.join(SMOKE, 'live_features.csv'), 'era')).keys()];
    const out = rows(run);
    assert.deepEqual(
      out.map(([id]) => id),
      ids,
    );
    for (const [, p] of out) assert.ok(p >= 0 && p <= 1, String(p));
    assert.doesNotMatch(
      logOf(run),
      /live_benchmark_models/,
      'a one-parameter predict does not get (or pay for) the benchmarks',
    );
    assert.match(logOf(run), /holdout: calling predict once per era \(2 eras\), as numerai-predict does/);
  });

  test('predict is called once per era, as numerai-predict does: each call sees one era', async () => {
    const run = await runPickle(fixture('one_era_per_call'));
    assert.deepEqual(eventNames(run), ['handover', 'done'], logOf(run));
    assert.equal(rows(run).length, 50);
  });

  test('features without an era column: predict is called once with all of them', async () => {
    const smoke = await smokeData();
    const withoutEra = String(smoke['live_features.csv'])
      .trimEnd()
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== 1)
          .join(','),
      )
      .join('\n');
    assert.doesNotMatch(withoutEra.split('\n')[0]!, /era/);
    const run = await runPickle(fixture('too_few_rows'), {
      data: { ...smoke, 'live_features.csv': `${withoutEra}\n` },
    });
    assertFailed(run, true, 'invalid_output', 'predict returned 10 rows; it was given 50.');
    assert.doesNotMatch(logOf(run), /once per era/);
  });

  test('the example ensemble (predict(live_features, live_benchmark_models)): the benchmarks are loaded and passed', async () => {
    const run = await runPickle(await example('benchmark-ensemble'));
    assert.deepEqual(eventNames(run), ['handover', 'done'], logOf(run));
    assert.match(logOf(run), /holdout: read live_benchmark_models\.csv for predict's second parameter \(50 rows\)/);
    assert.equal(rows(run).length, 50);
  });

  test('a two-parameter predict gets the benchmark table indexed like the features: echoing it writes the benchmark values', async () => {
    const run = await runPickle(fixture('echo_benchmark'));
    assert.deepEqual(eventNames(run), ['handover', 'done'], logOf(run));
    const benchmark = await csvColumn(path.join(SMOKE, 'live_benchmark_models.csv'), 'benchmark_logistic');
    for (const [id, p] of rows(run)) assert.equal(p, Number(benchmark.get(id)), id);
  });

  test('a competition without benchmarks runs a one-parameter predict', async () => {
    const run = await runPickle(await example('benchmark'), { benchmarks: false });
    assert.deepEqual(eventNames(run), ['handover', 'done'], logOf(run));
  });

  test('a callable object and a protocol-2 pickle (bytes spelled as _codecs.encode) are not mistaken for another Python', async () => {
    const names = ['callable_object', 'protocol2'];
    const runs = await Promise.all(names.map((name) => runPickle(fixture(name))));
    for (const [i, run] of runs.entries()) {
      assert.deepEqual(eventNames(run), ['handover', 'done'], `${names[i]}: ${logOf(run)}`);
    }
  });

  test('predict emptying the frame it was given does not change the ids checked and written', async () => {
    const run = await runPickle(fixture('mutates_input'));
    assert.deepEqual(eventNames(run), ['handover', 'done'], logOf(run));
    assert.equal(rows(run).length, 50);
  });

  describe('model.pkl that is not a whole pickle: refused before anything of it runs', PARALLEL, () => {
    test('not a pickle (a CSV named model.pkl)', async () => {
      const run = await runPickle(await example('broken-not-a-pickle'));
      assertFailed(
        run,
        false,
        'invalid_submission',
        "model.pkl is not a pickle (it starts with b'id,predi').",
        "Write it with cloudpickle: open('model.pkl', 'wb').write(cloudpickle.dumps(predict)), then run holdout test again.",
      );
    });

    test('truncated (the first half of the benchmark)', async () => {
      const run = await runPickle(await example('broken-truncated'));
      assertFailed(
        run,
        false,
        'invalid_submission',
        'model.pkl is truncated: it ends (at 1415 bytes) before the pickle does.',
        'Commit the whole file: pickle it again and check its size, then run holdout test again.',
      );
    });

    test('empty, a zip archive, a Git LFS pointer, joblib.dump output, a newer protocol, corrupt opcodes', async () => {
      const cases: [Buffer, string | RegExp][] = [
        [Buffer.alloc(0), 'model.pkl is empty.'],
        [
          Buffer.from('PK\x03\x04rest-of-a-zip', 'latin1'),
          'model.pkl is not a pickle: it is a zip archive (torch.save and numpy.savez write these).',
        ],
        [
          Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 12\n'),
          'model.pkl is not a pickle: it is a Git LFS pointer, not the file itself.',
        ],
        [
          fixture('joblib'),
          'model.pkl was written by joblib.dump, which stores arrays beside the pickle, so pickle cannot read it.',
        ],
        [
          Buffer.from([0x80, 0x06, 0x4e, 0x2e]),
          "model.pkl uses pickle protocol 6; the runtime's Python 3.11 reads up to 5, so it was made with a newer Python.",
        ],
        [Buffer.from([0x80, 0x04, 0xff, 0xfe, 0x2e]), /^model\.pkl is not a valid pickle: .*opcode.*unknown\.$/],
      ];
      const runs = await Promise.all(cases.map(([bytes]) => runPickle(bytes)));
      for (const [i, [, message]] of cases.entries()) assertFailed(runs[i]!, false, 'invalid_submission', message);
    });

    test('no model.pkl at all', async () => {
      const run = await runPickle({ 'model.txt': 'hello' });
      assertFailed(run, false, 'invalid_submission', 'The submission has no model.pkl.');
    });
  });

  describe('model.pkl made with another Python: refused before its bytecode reaches the runtime', PARALLEL, () => {
    const hint =
      "Pickle predict with Python 3.11 (the runtime's; e.g. in a 3.11 virtual environment or the competition's runtime image), then run holdout test again.";
    for (const [folder, version] of [
      ['broken-python312', '3.12'],
      ['broken-python313', '3.13'],
      ['broken-python310', '3.10'],
    ] as const) {
      test(`Python ${version} with cloudpickle 3.1.2 (${folder}): says which Python made it and which the runtime has`, async () => {
        const run = await runPickle(await example(folder));
        assertFailed(
          run,
          false,
          'invalid_submission',
          `model.pkl was made with Python ${version}; the runtime has Python 3.11.2.`,
          hint,
        );
      });
    }

    test('the runtime Python with a newer cloudpickle (3.1.2 pickles need helpers 2.2.0 lacks)', async () => {
      const run = await runPickle(await example('broken-cloudpickle3'));
      assertFailed(
        run,
        false,
        'invalid_submission',
        'model.pkl was made with another cloudpickle version (it needs cloudpickle.cloudpickle._function_setstate); the runtime has cloudpickle 2.2.0.',
        'Pickle with cloudpickle 2.2.0 (pip install cloudpickle==2.2.0), or ask for yours with a package-request pull request.',
      );
    });
  });

  describe('model.pkl that needs what the runtime does not have', PARALLEL, () => {
    test('a module cloudpickle stored by name (lightgbm): named before anything runs, with the package-request path', async () => {
      const run = await runPickle(await example('broken-missing-module'));
      assertFailed(
        run,
        false,
        'invalid_submission',
        'model.pkl needs the module lightgbm, which the runtime does not have.',
        'Ask for it with a package-request pull request (docs/runtime.md), or pickle a model that does not need it. If lightgbm is your own module, call cloudpickle.register_pickle_by_value(lightgbm) before pickling.',
      );
    });

    test('a module imported while unpickling (a __reduce__ importing catboost): the ModuleNotFoundError is named, not a crash', async () => {
      const run = await runPickle(await example('broken-imports-at-load'));
      assertFailed(
        run,
        true,
        'invalid_submission',
        'model.pkl needs the module catboost, which the runtime does not have.',
      );
      assert.match(logOf(run), /ModuleNotFoundError: No module named 'catboost'/);
    });

    test("numpy 2's numpy._core on the runtime's numpy 1: another numpy version, with the runtime's", async () => {
      const run = await runPickle(await example('broken-numpy2'));
      assertFailed(
        run,
        true,
        'invalid_submission',
        /^model\.pkl needs the module numpy\._core, which numpy 1\.\d+\.\d+ in the runtime does not have: it was pickled with another version of numpy\.$/,
      );
    });

    test("a class the runtime's library does not have (pickled with another scikit-learn)", async () => {
      // GLOBAL sklearn.linear_model NoSuchModel, STOP: the module is there, the class is not.
      const run = await runPickle(Buffer.from('\x80\x02csklearn.linear_model\nNoSuchModel\nq\x00.', 'latin1'));
      assertFailed(
        run,
        true,
        'invalid_submission',
        "model.pkl refers to sklearn.linear_model.NoSuchModel, which the runtime's sklearn does not have: it was pickled with another version of it.",
        'Pickle with the library versions of the runtime image, or ask for yours with a package-request pull request.',
      );
    });

    test('plain pickle of a function defined in __main__: it holds only a name', async () => {
      const run = await runPickle(await example('broken-main-reference'));
      assertFailed(
        run,
        false,
        'invalid_submission',
        'model.pkl refers to predict_main in __main__ (the notebook or script that pickled it) instead of holding it.',
        'Pickle with cloudpickle, which stores what __main__ defines by value: cloudpickle.dumps(predict). Plain pickle and joblib store only its name.',
      );
    });
  });

  test('when the symbolic pass cannot tell, the real load still classifies (unpickle() on its own)', async () => {
    // Each case in its own interpreter: a verdict ends the process.
    const cases: [string, string][] = [
      [
        'broken-python310',
        "model.pkl was made with another Python: its code does not load in the runtime's Python 3.11.2 (TypeError: code() argument 13 must be str, not int).",
      ],
      [
        'broken-main-reference',
        'model.pkl refers to predict_main in __main__ (the notebook or script that pickled it) instead of holding it.',
      ],
      [
        'broken-cloudpickle3',
        'model.pkl was made with another cloudpickle version (it needs cloudpickle.cloudpickle._function_setstate); the runtime has cloudpickle 2.2.0.',
      ],
      ['broken-truncated', 'model.pkl could not be unpickled: UnpicklingError: pickle data was truncated.'],
    ];
    const script = cases
      .map(
        ([folder]) =>
          `python3 -I -c "import sys; sys.path.insert(0, '/.holdout/harness'); from holdout_harness import protocol; protocol.start('n'); from holdout_harness.kinds import pickle as kind; kind.unpickle(open('/e/${folder}/model.pkl', 'rb').read(), 'model.pkl')" 2>/dev/null`,
      )
      .join('; ');
    const harness = path.join(import.meta.dirname, '../../harness');
    const submissions = path.join(EXAMPLE, 'submissions');
    const result = await execa(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '--read-only',
        '--user',
        '1000:1000',
        '-v',
        `${harness}:/.holdout/harness:ro`,
        '-v',
        `${submissions}:/e:ro`,
        BASE_IMAGE,
        'bash',
        '-c',
        script,
      ],
      { reject: false },
    );
    const failures = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('::holdout:n:: '))
      .map((line) => JSON.parse(line.slice('::holdout:n:: '.length)) as Failure)
      .filter((event) => event.event !== 'handover');
    assert.deepEqual(
      failures.map((f) => [f.event, f.reason, f.message]),
      cases.map(([, message]) => ['failed', 'invalid_submission', message]),
    );
  });

  describe("not a function with Numerai's signature", PARALLEL, () => {
    const hint =
      'Pickle a function predict(live_features) -> DataFrame, or predict(live_features, live_benchmark_models) -> DataFrame, indexed by id with a prediction column.';

    test('a fitted model object instead of a function', async () => {
      const run = await runPickle(await example('broken-not-callable'));
      assertFailed(
        run,
        true,
        'invalid_submission',
        'model.pkl holds a LogisticRegression, not a function (a model object is not itself callable: wrap it in a function).',
        hint,
      );
    });

    test('three parameters, and none', async () => {
      assertFailed(
        await runPickle(await example('broken-three-parameters')),
        true,
        'invalid_submission',
        'The function in model.pkl takes 3 parameters (live_features, live_benchmark_models, era); it must take 1 or 2.',
        hint,
      );
      assertFailed(
        await runPickle(fixture('no_parameters')),
        true,
        'invalid_submission',
        'The function in model.pkl takes 0 parameters (); it must take 1 or 2.',
        hint,
      );
    });

    test('two parameters, the second keyword-only', async () => {
      assertFailed(
        await runPickle(fixture('keyword_only')),
        true,
        'invalid_submission',
        'The function in model.pkl cannot be called with 2 positional arguments (live_features, live_benchmark_models).',
      );
    });

    test('two parameters in a competition without benchmark models', async () => {
      assertFailed(
        await runPickle(await example('benchmark-ensemble'), { benchmarks: false }),
        true,
        'invalid_submission',
        'The function in model.pkl takes 2 parameters (live_features, live_benchmark_models), but this competition provides no benchmark models.',
        'Take one parameter: predict(live_features).',
      );
    });
  });

  describe('predict fails while it runs: crash, with the participant traceback', PARALLEL, () => {
    test('an exception', async () => {
      const run = await runPickle(await example('broken-raises'));
      assertFailed(
        run,
        true,
        'crash',
        "predict raised KeyError: \"None of [Index(['feature_not_in_live'], dtype='object')] are in the [columns]\"",
      );
      assert.match(logOf(run), /in predict_raises/);
      assert.doesNotMatch(logOf(run), /holdout_harness/, 'the harness frames are left out');
    });

    test('sys.exit(0) inside predict is a crash, not a silent success', async () => {
      const run = await runPickle(await example('broken-exit'));
      assertFailed(
        run,
        true,
        'crash',
        'predict called sys.exit(0) before it finished.',
        'Return from the function instead of exiting: the harness writes the output after it returns.',
      );
    });

    test('os._exit(0) inside predict ends the process without done: the host reads that as ended early', async () => {
      const run = await runPickle(await example('broken-os-exit'));
      assert.deepEqual(eventNames(run), ['handover'], logOf(run));
      assert.equal(run.exitCode, 0);
      assert.equal(run.output ?? '', '');
    });
  });

  describe("what predict returns: numerai-predict's checks in its order, then Holdout's", PARALLEL, () => {
    const output =
      "Return a pandas DataFrame indexed like live_features with a prediction column: pd.DataFrame({'prediction': p}, index=live_features.index).";
    const cases: [string, () => Promise<Buffer>, string, string?][] = [
      ['None', () => example('broken-returns-none'), 'predict returned None.', output],
      [
        'a Series',
        () => example('broken-returns-series'),
        'predict returned a Series, not a pandas DataFrame.',
        "Turn the Series into a table: series.to_frame('prediction').",
      ],
      [
        'a DataFrame subclass (not exactly a DataFrame)',
        async () => fixture('subclass'),
        'predict returned a Frame, not a pandas DataFrame.',
      ],
      [
        'an empty DataFrame',
        () => example('broken-returns-empty'),
        'predict returned an empty DataFrame (0 rows; it was given 25).',
      ],
      [
        'a NaN',
        () => example('broken-returns-nan'),
        'predict returned NaN in the column prediction (id t0056).',
        'Return a number between 0 and 1 in every row (fill or clip missing values).',
      ],
      [
        'a NaN in another column',
        async () => fixture('nan_elsewhere'),
        'predict returned NaN in the column note (id t0015).',
      ],
      [
        'a prediction above 1',
        () => example('broken-out-of-range'),
        'predict returned 3.33333 in the column prediction (id t0015); predictions must be between 0 and 1.',
        'Return numbers between 0 and 1 (e.g. a rank: series.rank(pct=True)).',
      ],
      [
        'a first column outside [0, 1] (numerai-predict checks the first column, whatever its name)',
        async () => fixture('first_column_out_of_range'),
        'predict returned 8.33333 in the column raw (id t0015); predictions must be between 0 and 1.',
      ],
      [
        'inf',
        async () => fixture('infinite'),
        'predict returned inf in the column prediction (id t0015); predictions must be between 0 and 1.',
      ],
      ['text', async () => fixture('text'), "predict's column prediction holds object, not numbers."],
      [
        'no prediction column',
        () => example('broken-no-prediction-column'),
        'predict returned no prediction column (it has target).',
        "Name the column prediction: series.to_frame('prediction').",
      ],
      [
        'a default index instead of the ids',
        () => example('broken-range-index'),
        'predict returned a DataFrame indexed 0, 1, 2, ..., not by the ids of live_features.',
        "Keep the index: pd.DataFrame({'prediction': p}, index=live_features.index).",
      ],
      [
        "fewer rows than it was given (numerai-predict's count check)",
        async () => fixture('too_few_rows'),
        'predict returned 10 rows; it was given 25.',
        'Return one row per row of live_features, indexed by its id.',
      ],
      [
        'ids not in live_features',
        async () => fixture('unknown_ids'),
        'predict returned the id xt0015, which is not in the input.',
      ],
    ];
    for (const [what, model, message, hint] of cases) {
      test(`${what}: invalid_output`, async () => {
        assertFailed(await runPickle(await model()), true, 'invalid_output', message, hint);
      });
    }
  });

  describe("the organizer's data: our error, before handover", PARALLEL, () => {
    test('the features file is missing', async () => {
      const run = await runPickle(await example('benchmark'), { data: { 'other.csv': 'id,x\n1,2\n' } });
      assert.deepEqual(eventNames(run), ['error'], logOf(run));
      assert.equal(
        (lastEvent(run) as { message?: string }).message,
        "The competition's data has no live_features.csv.",
      );
      assert.equal(run.exitCode, 70);
    });
  });
});
