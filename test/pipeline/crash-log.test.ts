/**
 * The log and the crash message, with real submissions in the real sandbox (issue 9 item 7,
 * issue 13 items 7 and 11): one log in the order the program wrote it, `\r` progress bars
 * collapsed to their last state (and shown live while they run), the exception quoted in the
 * verdict and at the top of the public run's comment, and a specific hint for each common
 * sandbox cause of a crash. Messages are asserted as a participant reads them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { outcomeForResult } from '../../src/action/outcome.js';
import { privateRunForResult } from '../../src/action/private-run.js';
import { readResultFile, writeRunResults } from '../../src/action/result-file.js';
import { privateRunSection } from '../../src/config/private-run.js';
import { renderReport } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import type { RunReport } from '../../src/report/report.js';
import { shellQuote } from '../../src/sandbox/spec.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const SHA = 'c0ffee0000000000000000000000000000000000';

/** The demo competition, without its example submissions. */
const competition = await tempDir();
await cp(DEMO, competition, { recursive: true, filter: (src) => !src.includes('/submissions/') });

async function submission(code: string): Promise<string> {
  const dir = path.join(await tempDir(), 'sub');
  await mkdir(dir);
  await writeFile(path.join(dir, 'main.py'), code);
  return dir;
}

async function run(
  code: string,
  options: { dataset?: 'smoke' | 'test'; onPartialLine?: (t: string) => void } = {},
): Promise<{ report: RunReport; workDir: string }> {
  const workDir = await tempDir();
  const report = await evaluate({
    competitionDir: competition,
    submission: await submission(code),
    dataset: options.dataset ?? 'smoke',
    workDir,
    ...(options.onPartialLine ? { onPartialLine: options.onPartialLine } : {}),
  });
  return { report, workDir };
}

/** The comment the report job would write, from the result file the evaluation job hands it. */
async function comment(runs: { smoke: RunReport; test?: RunReport }): Promise<string> {
  const { file } = await writeRunResults(await tempDir(), SHA, runs);
  const read = await readResultFile(file, SHA);
  assert.ok(read.ok, read.ok ? '' : read.problem);
  const outcome = outcomeForResult(read, 'success', {
    headSha: SHA,
    showPrivateScores: false,
    showPrivateLogs: false,
    links: {},
  });
  return renderReport(outcome.view);
}

describe('the log and the crash message, in the real sandbox', engine, () => {
  test('stdout and stderr in the order written, a tqdm-style bar collapsed, the exception quoted in the verdict and atop the comment', async () => {
    const { report } = await run(`
import sys
print("loading data")
print("warning: using defaults", file=sys.stderr)
for i in range(0, 101, 20):
    sys.stderr.write(f"\\r{i:3d}%|{'#' * (i // 10):<10}| {i}/100")
sys.stderr.write("\\n")
print("about to divide")
sys.stderr.write("a warning on stderr, with no newline yet; ")
print("then stdout finishes the line")
1 / 0
`);
    const expectedLog = [
      'loading data',
      'warning: using defaults',
      '100%|##########| 100/100',
      'about to divide',
      'a warning on stderr, with no newline yet; then stdout finishes the line',
      'Traceback (most recent call last):',
      '  File "/code_execution/main.py", line 11, in <module>',
      '    1 / 0',
      '    ~~^~~',
      'ZeroDivisionError: division by zero',
    ];
    assert.deepEqual([...report.log.head, ...report.log.tail], expectedLog);
    assert.equal(report.log.lines, expectedLog.length);
    // The log file on disk holds the same lines: the bar's last state, not 4 KiB of its history.
    assert.equal(await readFile(report.log.file!, 'utf8'), `${expectedLog.join('\n')}\n`);
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'crash');
    assert.equal(
      report.message,
      [
        'The submission exited with code 1 after an uncaught exception:',
        '  ZeroDivisionError: division by zero',
        'Last output:',
        ...expectedLog.slice(5),
      ].join('\n'),
    );
    assert.equal(report.hint, 'Read the log for the error, fix it and run `holdout test` locally until it passes.');

    // The terminal report: the exception right under the first sentence.
    assert.ok(renderText(report).startsWith(`FAILED · crash · dataset smoke · `));
    assert.ok(
      renderText(report).includes(
        `\n\n${report.message}\n\nWhat to do: Read the log for the error, fix it and run \`holdout test\` locally until it passes.\n`,
      ),
      renderText(report),
    );

    // The pull-request comment of the public run: the exception is the first thing after the sentence.
    const md = await comment({ smoke: report });
    assert.ok(
      md.startsWith(
        '### ❌ Holdout evaluation failed: crash\n\n' +
          'The submission exited with code 1 after an uncaught exception\\:\n\n' +
          '```text\nZeroDivisionError: division by zero\n```\n\n' +
          '**What to do:** Read the log for the error\\, fix it and run \\`holdout test\\` locally until it passes\\.\n\n',
      ),
      md.slice(0, 600),
    );
  });

  test("the private run's comment says only status and reason: no exception, no log", async () => {
    const crash = `import pandas as pd\nrows = len(pd.read_csv("data/features.csv"))\nassert rows == 50, f"SECRET rows={rows}"\nopen("submission/submission.csv", "w").write("id,malignant\\n")\n`;
    const smoke = (await run(crash)).report;
    assert.equal(smoke.reason, 'invalid_output', smoke.message); // the sample has 50 rows: no crash
    const test = (await run(crash, { dataset: 'test' })).report;
    assert.equal(test.reason, 'crash');
    assert.match(
      test.message,
      /^The submission exited with code 1 after an uncaught exception:\n {2}AssertionError: SECRET rows=\d+\n/,
    );
    const released = privateRunForResult(test, {
      showLogs: false,
      showScores: false,
      privateRun: privateRunSection.parse({}),
    });
    const md = await comment({ smoke, test: released });
    assert.ok(
      md.startsWith(
        '### ❌ Holdout evaluation failed: crash\n\n' +
          'The submission failed on the private test data \\(it crashed\\)\\.\n\n' +
          '**What to do:** It ran on the public sample\\, so look for what differs on the private data',
      ),
      md.slice(0, 600),
    );
    assert.doesNotMatch(md, /SECRET|AssertionError|Traceback/);
  });

  test('a bar is shown live while it runs, a few times a second, and kept as its last state', async () => {
    const states: string[] = [];
    const { report } = await run(
      `
import sys, time
for i in range(1, 11):
    sys.stderr.write(f"\\rtraining {i * 10:3d}%")
    time.sleep(0.15)
sys.stderr.write("\\n")
`,
      { onPartialLine: (t) => states.push(t) },
    );
    assert.equal(report.reason, 'no_output');
    assert.deepEqual([...report.log.head, ...report.log.tail], ['training 100%']);
    // Seen while running: at least three distinct states in order, then '' when the line ended.
    assert.equal(states.at(-1), '', JSON.stringify(states));
    const seen = states.slice(0, -1);
    assert.ok(seen.length >= 3 && seen.every((s) => /^training +\d+%$/.test(s)), JSON.stringify(states));
    const percents = seen.map((s) => Number(/(\d+)%/.exec(s)![1]));
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
    );
    assert.equal(new Set(percents).size, percents.length);
  });

  test("in a terminal, holdout test draws the bar's state as a status line while it runs", async () => {
    const sub = await submission(`
import sys, time
for i in range(1, 11):
    sys.stderr.write(f"\\rtraining {i * 10:3d}%")
    time.sleep(0.15)
sys.stderr.write("\\n")
`);
    // script(1) gives the CLI a pseudo-terminal, as a participant's shell does.
    const cli = shellQuote([
      'node',
      '--import',
      'tsx',
      path.resolve('src/cli/index.ts'),
      'test',
      sub,
      '--competition',
      competition,
    ]);
    const r = await execa('script', ['-qec', `stty cols 80; ${cli}`, '/dev/null'], { reject: false, stdin: 'ignore' });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's own escape sequences are what this test reads
    const drawn = [...r.stdout.matchAll(/\r\u001b\[2K {2}┆ training +(\d+)%/g)].map((m) => Number(m[1]));
    assert.ok(new Set(drawn).size >= 3, `status lines: ${JSON.stringify(drawn)}\n${r.stdout}`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's own escape sequences are what this test reads
    assert.match(r.stdout, /\r\u001b\[2K {2}│ training 100%\r?\n/);
    assert.match(r.stdout, /FAILED · no_output/);
  });

  describe('each common sandbox cause of a crash gets its own hint', () => {
    const crashOf = async (code: string) => {
      const { report } = await run(code);
      assert.equal(report.status, 'failed', report.message);
      assert.equal(report.reason, 'crash', report.message);
      return report;
    };

    test('no network: a connection to 1.1.1.1 (fails at once: the sandbox has no interface but loopback)', async () => {
      const r = await crashOf('import socket\nsocket.create_connection(("1.1.1.1", 443), timeout=5)\n');
      assert.equal(
        r.message,
        [
          'The submission exited with code 1 after an uncaught exception:',
          '  OSError: [Errno 101] Network is unreachable',
          'Last output:',
          'Traceback (most recent call last):',
          '  File "/code_execution/main.py", line 2, in <module>',
          '    socket.create_connection(("1.1.1.1", 443), timeout=5)',
          '  File "/usr/lib/python3.11/socket.py", line 851, in create_connection',
          '    raise exceptions[0]',
          '  File "/usr/lib/python3.11/socket.py", line 836, in create_connection',
          '    sock.connect(sa)',
          'OSError: [Errno 101] Network is unreachable',
        ].join('\n'),
      );
      assert.equal(
        r.hint,
        'The sandbox has no network: nothing can be downloaded or called while the submission runs (no model hub, no pip install, no web API). ' +
          'Download what it needs (model weights, tokenizers, data) beforehand, put the files in your submission folder and load them from there by a relative path (e.g. from_pretrained("./model")).',
      );
    });

    test('a module the runtime does not have', async () => {
      const r = await crashOf('import lightgbm\n');
      assert.equal(
        r.message,
        [
          'The submission exited with code 1 after an uncaught exception:',
          "  ModuleNotFoundError: No module named 'lightgbm'",
          'Last output:',
          'Traceback (most recent call last):',
          '  File "/code_execution/main.py", line 1, in <module>',
          '    import lightgbm',
          "ModuleNotFoundError: No module named 'lightgbm'",
        ].join('\n'),
      );
      // The demo's runtime is a plain Dockerfile (no conda environment file to ask through).
      assert.equal(
        r.hint,
        'The runtime has no module "lightgbm", and nothing can be installed while the submission runs. ' +
          'If lightgbm is your own code, put lightgbm.py (or the lightgbm/ folder) in your submission next to your entry point. ' +
          'If it is a package, use one the runtime has, or ask the organizers to add it to the runtime image.',
      );
    });

    test('a write to a read-only place (the data folder)', async () => {
      const r = await crashOf('open("data/cache.pkl", "wb").write(b"x")\n');
      assert.equal(
        r.message,
        [
          'The submission exited with code 1 after an uncaught exception:',
          "  OSError: [Errno 30] Read-only file system: 'data/cache.pkl'",
          'Last output:',
          'Traceback (most recent call last):',
          '  File "/code_execution/main.py", line 1, in <module>',
          '    open("data/cache.pkl", "wb").write(b"x")',
          '    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
          "OSError: [Errno 30] Read-only file system: 'data/cache.pkl'",
        ].join('\n'),
      );
      assert.equal(
        r.hint,
        '"data/cache.pkl" (/code_execution/data/cache.pkl) is in the data folder, which is read-only: in the sandbox only ' +
          '/code_execution/ (the working folder, at most 1.0 GiB), /code_execution/submission/ (the output folder, at most 10 MiB), /tmp (at most 256 MiB) and /dev/shm (at most 64 MiB) can be written. ' +
          'Write the predictions to /code_execution/submission/submission.csv, and temporary files under /tmp ($TMPDIR and tempfile.gettempdir() point there).',
      );
    });

    test('a data file this dataset does not have (locally: only the public sample)', async () => {
      const r = await crashOf('import pandas as pd\ntest = pd.read_csv("data/test_features.csv")\n');
      assert.equal(
        r.message,
        [
          'The submission exited with code 1 after an uncaught exception:',
          "  FileNotFoundError: [Errno 2] No such file or directory: 'data/test_features.csv'",
          'Last output:',
          'Traceback (most recent call last):',
          '  File "/code_execution/main.py", line 2, in <module>',
          '    test = pd.read_csv("data/test_features.csv")',
          '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
          '  [holdout: 18 lines of library frames left out]',
          '  File "/usr/lib/python3/dist-packages/pandas/io/common.py", line 856, in get_handle',
          '    handle = open(',
          '             ^^^^^',
          "FileNotFoundError: [Errno 2] No such file or directory: 'data/test_features.csv'",
        ].join('\n'),
      );
      assert.equal(
        r.hint,
        '"data/test_features.csv" (/code_execution/data/test_features.csv) is not in the data of this run: /code_execution/data holds the smoke dataset (features.csv, submission_format.csv). ' +
          'On your machine `holdout test` mounts only this public sample; the evaluation mounts the private test data at the same place. ' +
          'Open the files the competition describes, under $HOLDOUT_DATA_DIR, and list the folder rather than guess the names.',
      );
    });
  });

  test('a line that never ends: 256 MiB of \\r states and no newline keep one line, in memory and on disk', async () => {
    const { report } = await run(`
import os
chunk = b"".join(b"\\r%031d" % i for i in range(2048))  # 64 KiB of states
for _ in range(4096):
    os.write(1, chunk)
`);
    assert.equal(report.reason, 'no_output', report.message);
    const last = String(2047).padStart(31, '0');
    assert.deepEqual([report.log.lines, report.log.head, report.log.tail], [1, [last], []]);
    assert.equal(await readFile(report.log.file!, 'utf8'), `${last}\n`);
  });
});
