/**
 * Crash verdicts, from the log lines to the words a participant reads (pure; the same causes
 * with real submissions in the real sandbox are in test/pipeline/crash-log.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashHint, lastLinesOf, readCrash } from '../../src/sandbox/crash-hints.js';
import { judgeRun } from '../../src/sandbox/judge.js';
import type { RunFacts } from '../../src/sandbox/run.js';
import type { SandboxSpec } from '../../src/sandbox/spec.js';
import { crashMessage, parseCrashMessage } from '../../src/report/crash-message.js';

const spec: SandboxSpec = {
  image: 'holdout/demo-runtime:cpu-abc',
  name: 'holdout-run-1',
  codeDir: '/tmp/run/code',
  dataDir: '/srv/data',
  workdir: '/code_execution',
  dataMount: '/code_execution/data',
  outputFile: '/code_execution/submission/submission.csv',
  command: ['python', 'main.py'],
  uid: 1000,
  gid: 1000,
  env: { HOLDOUT_DATASET: 'smoke' },
  // The read-only layout (no working copy).
  limits: {
    time_s: 60,
    memory_bytes: 1 << 30,
    cpus: 2,
    pids: 256,
    shm_bytes: 64 << 20,
    tmp_bytes: 256 << 20,
    output_bytes: 10 << 20,
    output_files: 50,
    workdir_bytes: 0,
  },
  gpu: { kind: 'none' },
};

const crashed = (exitCode: number): RunFacts => ({
  kind: 'ran',
  durationS: 1,
  timedOut: false,
  exitCode,
  oomKilled: false,
  peakMemoryBytes: null,
  outputFull: false,
  outputBytes: null,
  outputOversize: false,
  outputProblem: null,
  readBack: 'ok',
});

const frame = (file: string, line: number, fn: string, code: string, carets?: string) => [
  `  File "${file}", line ${line}, in ${fn}`,
  `    ${code}`,
  ...(carets ? [`    ${carets}`] : []),
];

/** What pandas prints for a missing file: 8 library frames under the participant's one. */
const PANDAS_TRACEBACK = [
  'Traceback (most recent call last):',
  ...frame('/code_execution/main.py', 4, '<module>', 'test = pd.read_csv("data/test.csv")'),
  ...Array.from({ length: 7 }, (_, i) =>
    frame(`/usr/lib/python3/dist-packages/pandas/io/parsers/readers.py`, 100 + i, `f${i}`, `return g${i}(x)`, '^^^^^'),
  ).flat(),
  ...frame('/usr/lib/python3/dist-packages/pandas/io/common.py', 856, 'get_handle', 'handle = open(', '^^^^^'),
  "FileNotFoundError: [Errno 2] No such file or directory: 'data/test.csv'",
];

test('"Last output" starts at the last traceback, keeps the participant\'s frame and leaves library frames out', () => {
  const lines = ['reading data', ...PANDAS_TRACEBACK];
  const verdict = judgeRun(crashed(1), spec, lines, {
    dataFiles: ['features.csv', 'submission_format.csv'],
    moreDataFiles: false,
  });
  assert.ok('verdict' in verdict && verdict.verdict.status === 'failed');
  assert.equal(
    verdict.verdict.message,
    [
      'The submission exited with code 1 after an uncaught exception:',
      "  FileNotFoundError: [Errno 2] No such file or directory: 'data/test.csv'",
      'Last output:',
      'Traceback (most recent call last):',
      '  File "/code_execution/main.py", line 4, in <module>',
      '    test = pd.read_csv("data/test.csv")',
      '  [holdout: 21 lines of library frames left out]',
      '  File "/usr/lib/python3/dist-packages/pandas/io/common.py", line 856, in get_handle',
      '    handle = open(',
      '    ^^^^^',
      "FileNotFoundError: [Errno 2] No such file or directory: 'data/test.csv'",
    ].join('\n'),
  );
  assert.equal(
    verdict.verdict.hint,
    '"data/test.csv" (/code_execution/data/test.csv) is not in the data of this run: /code_execution/data holds the smoke dataset (features.csv, submission_format.csv). ' +
      'On your machine `holdout test` mounts only this public sample; the evaluation mounts the private test data at the same place. ' +
      'Open the files the competition describes, under $HOLDOUT_DATA_DIR, and list the folder rather than guess the names.',
  );
});

test('a chained exception: the last traceback is the one quoted', () => {
  const lines = [
    'Traceback (most recent call last):',
    ...frame(
      '/usr/lib/python3/dist-packages/pandas/core/indexes/base.py',
      3802,
      'get_loc',
      'return self._engine.get_loc(casted_key)',
    ),
    "KeyError: 'diagnosis'",
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    ...frame('/code_execution/main.py', 5, '<module>', 'print(features["diagnosis"])', '~~~~~~~~^^^^^^^^^^^^^'),
    "KeyError: 'diagnosis'",
  ];
  const r = readCrash(lines, 1, '/code_execution');
  assert.equal(r.exception, "KeyError: 'diagnosis'");
  assert.deepEqual(r.excerpt, lines.slice(7));
});

test('no "uncaught exception" when the traceback was handled, when Python did not exit 1, or when there is none', () => {
  const handled = [
    'Traceback (most recent call last):',
    ...frame('main.py', 3, '<module>', 'x()'),
    'ValueError: retrying',
    ...Array.from({ length: 25 }, (_, i) => `step ${i}`),
  ];
  const a = readCrash(handled, 3, '/code_execution');
  assert.equal(a.exception, undefined);
  assert.deepEqual(a.excerpt, handled.slice(-10));
  // A traceback, then exit 2 (sys.exit(2) in an except block): quoted as output, not as the cause.
  const b = readCrash(
    ['Traceback (most recent call last):', ...frame('main.py', 3, '<module>', 'x()'), 'ValueError: bad'],
    2,
    '/code_execution',
  );
  assert.equal(b.exception, undefined);
  assert.equal(
    crashMessage(2, b.exception, b.excerpt),
    'The submission exited with code 2.\nLast output:\nTraceback (most recent call last):\n  File "main.py", line 3, in <module>\n    x()\nValueError: bad',
  );
  const c = readCrash(['Segmentation fault'], 139, '/code_execution');
  assert.deepEqual([c.exception, c.excerpt], [undefined, ['Segmentation fault']]);
});

test('a SyntaxError in main.py (no "Traceback" line) is quoted from its frame', () => {
  const lines = ['  File "/code_execution/main.py", line 3', '    x = = 1', '        ^', 'SyntaxError: invalid syntax'];
  const r = readCrash(['something before', ...lines], 1, '/code_execution');
  assert.equal(r.exception, 'SyntaxError: invalid syntax');
  assert.deepEqual(r.excerpt, lines);
});

test('lastLinesOf reads the whole log when it was kept whole, else only its contiguous tail', () => {
  assert.deepEqual(lastLinesOf({ lines: 3, head: ['a', 'b'], tail: ['c'] }), ['a', 'b', 'c']);
  assert.deepEqual(lastLinesOf({ lines: 300, head: ['Traceback (most recent call last):'], tail: ['y', 'z'] }), [
    'y',
    'z',
  ]);
});

const hint = (lines: string[], context = {}, s: SandboxSpec = spec) =>
  crashHint(readCrash(lines, 1, s.workdir), s, context);
const tb = (...last: string[]) => [
  'Traceback (most recent call last):',
  ...frame('/code_execution/main.py', 1, '<module>', 'go()'),
  ...last,
];

const NO_NETWORK =
  'The sandbox has no network: nothing can be downloaded or called while the submission runs (no model hub, no pip install, no web API). ' +
  'Download what it needs (model weights, tokenizers, data) beforehand, put the files in your submission folder and load them from there by a relative path (e.g. from_pretrained("./model")).';

test('no network: name resolution, refused and unreachable connections, as Python and its libraries word them', () => {
  for (const last of [
    'socket.gaierror: [Errno -3] Temporary failure in name resolution',
    'urllib.error.URLError: <urlopen error [Errno -2] Name or service not known>',
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='huggingface.co', port=443): Max retries exceeded with url: /bert (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'huggingface.co'\"))",
    'ConnectionRefusedError: [Errno 111] Connection refused',
    'OSError: [Errno 101] Network is unreachable',
    "OSError: We couldn't connect to 'https://huggingface.co' to load this file, couldn't find it in the cached files.",
  ]) {
    assert.equal(hint(tb(last)), NO_NETWORK, last);
  }
});

test('a missing module names the module, the environment files and how to ask for a package', () => {
  assert.equal(
    hint(tb("ModuleNotFoundError: No module named 'lightgbm.sklearn'"), {
      environmentFiles: ['environment-cpu.yml', 'environment-gpu.yml'],
    }),
    'The runtime has no module "lightgbm", and nothing can be installed while the submission runs. ' +
      'If lightgbm is your own code, put lightgbm.py (or the lightgbm/ folder) in your submission next to your entry point. ' +
      'If it is a package, use one the runtime has (environment-cpu.yml lists them) or ask for it: add it to environment-cpu.yml and environment-gpu.yml in a pull request of its own (a package request; `holdout check-env` checks it before you open it).',
  );
  assert.equal(
    hint(tb("ModuleNotFoundError: No module named 'xgboost'")),
    'The runtime has no module "xgboost", and nothing can be installed while the submission runs. ' +
      'If xgboost is your own code, put xgboost.py (or the xgboost/ folder) in your submission next to your entry point. ' +
      'If it is a package, use one the runtime has, or ask the organizers to add it to the runtime image.',
  );
});

test('a write to a read-only place names every writable place and where the predictions go', () => {
  assert.equal(
    hint(tb("OSError: [Errno 30] Read-only file system: '/results/out.csv'")),
    '"/results/out.csv" is on a read-only file system: in the sandbox only /code_execution/submission/ (the output folder, at most 10 MiB), /tmp (at most 256 MiB) and /dev/shm (at most 64 MiB) can be written. ' +
      'Write the predictions to /code_execution/submission/submission.csv, and temporary files under /tmp ($TMPDIR and tempfile.gettempdir() point there).',
  );
  // With a writable working copy (limits.workdir), the working folder is one of them.
  const withCopy = { ...spec, limits: { ...spec.limits, workdir_bytes: 1 << 30 } };
  assert.equal(
    hint(tb("OSError: [Errno 30] Read-only file system: 'data/cache.pkl'"), {}, withCopy),
    '"data/cache.pkl" (/code_execution/data/cache.pkl) is in the data folder, which is read-only: in the sandbox only /code_execution/ (the working folder, at most 1.0 GiB), /code_execution/submission/ (the output folder, at most 10 MiB), /tmp (at most 256 MiB) and /dev/shm (at most 64 MiB) can be written. ' +
      'Write the predictions to /code_execution/submission/submission.csv, and temporary files under /tmp ($TMPDIR and tempfile.gettempdir() point there).',
  );
});

test('a file missing from the submission (not the data) says to ship it', () => {
  assert.equal(
    hint(tb("FileNotFoundError: [Errno 2] No such file or directory: 'model.pkl'")),
    '"model.pkl" (/code_execution/model.pkl) is not in your submission: the working folder /code_execution holds only the files you submitted. Add the file to your submission folder (models and other assets too), or create it before reading it.',
  );
  // An empty data folder is said so.
  assert.match(
    hint(tb("FileNotFoundError: [Errno 2] No such file or directory: '/code_execution/data/x.csv'"), { dataFiles: [] }),
    /holds the smoke dataset \(empty\)\./,
  );
});

test('anything else gets the general advice; the log decides nothing when the crash has no traceback', () => {
  assert.equal(
    hint(tb('ValueError: could not convert string to float: "abc"')),
    'Read the log for the error, fix it and run `holdout test` locally until it passes.',
  );
  // Output printed long before a crash (a traceback that was handled) is not taken as its cause.
  const handled = [
    ...tb('ConnectionRefusedError: [Errno 111] Connection refused'),
    ...Array.from({ length: 25 }, (_, i) => `offline mode, step ${i}`),
  ];
  assert.equal(hint(handled), 'Read the log for the error, fix it and run `holdout test` locally until it passes.');
});

test('crash messages read back: the sentence and the exception, nothing from any other message', () => {
  assert.deepEqual(parseCrashMessage(crashMessage(1, "KeyError: 'x'", ['Traceback (most recent call last):'])), {
    sentence: 'The submission exited with code 1 after an uncaught exception:',
    exception: "KeyError: 'x'",
  });
  assert.deepEqual(parseCrashMessage(crashMessage(139, undefined, ['Segmentation fault'])), {
    sentence: 'The submission exited with code 139.',
  });
  assert.equal(parseCrashMessage('The submission failed on the private test data (it crashed).'), undefined);
  // A second line that is not our quote is not taken as the exception.
  assert.deepEqual(parseCrashMessage('The submission exited with code 1 after an uncaught exception:\nno indent'), {
    sentence: 'The submission exited with code 1 after an uncaught exception:',
  });
});
