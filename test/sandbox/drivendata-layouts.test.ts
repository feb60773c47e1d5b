/**
 * Issue 9 (items 1, 2, 6): DrivenData-style submissions in the real sandbox. Their `main.py`
 * writes `./submission.csv` next to itself (7 of 16 runtimes), or one file per item into
 * `submission/` (floodwater, cloud cover), and reads IS_SMOKE_TEST. Each scenario here failed
 * before: EROFS on the first write, no folder mode, a static environment.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readdir, readFile, stat } from 'node:fs/promises';
import { judgeRun } from '../../src/sandbox/judge.js';
import { needsEngine } from '../support/docker.js';
import { ran, runPython, type Ran } from './harness.js';

const engine = await needsEngine();

function verdictOf(r: Ran): { status: string; reason?: string; message?: string; hint?: string } {
  const j = judgeRun(ran(r.facts), r.spec, r.log.tail.length ? r.log.tail : r.log.head);
  if (!('verdict' in j)) return { status: 'score' };
  return j.verdict.status === 'success' ? { status: 'success' } : j.verdict;
}

const NEXT_TO_MAIN = { outputFile: '/code_execution/submission.csv' };
const TIF_FOLDER = {
  outputFolder: '/code_execution/submission',
  outputFile: '/code_execution/submission/submission.csv',
  outputFileRequired: false,
};

describe('write-next-to-main: the submission runs in a writable working copy', engine, () => {
  test('main.py writes ./submission.csv next to itself; it is collected from the working folder', async () => {
    const r = await runPython(
      `
import pandas as pd
df = pd.DataFrame({"id": ["a", "b"], "target": [0.25, 0.75]})
df.to_csv("submission.csv", index=False)
open("scratch.txt", "w").write("notes next to main.py are fine too")
print("wrote", sorted(p for p in __import__("os").listdir(".")))
`,
      NEXT_TO_MAIN,
    );
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0, r.text);
    assert.match(r.text, /^wrote \['data', 'main\.py', 'scratch\.txt', 'submission\.csv'\]$/m);
    assert.equal(await readFile(r.outputPath, 'utf8'), 'id,target\na,0.25\nb,0.75\n');
    assert.deepEqual(verdictOf(r), { status: 'score' });
    // The staged originals stay as they were.
    assert.deepEqual((await readdir(r.codeDir)).sort(), ['main.py']);
  });

  test('the same submission on a read-only working folder (limits.workdir 0) crashes with EROFS, and the hint names where to write', async () => {
    const r = await runPython('open("submission.csv", "w").write("id,target\\n")\n', { limits: { workdir_bytes: 0 } });
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 1);
    assert.match(r.text, /OSError: \[Errno 30\] Read-only file system: 'submission\.csv'/);
    const v = verdictOf(r);
    assert.equal(v.reason, 'crash');
    assert.match(v.hint ?? '', /\/code_execution\/submission\/ \(the output folder, at most 1\.0 MiB\)/);
    assert.match(v.hint ?? '', /Write the predictions to \/code_execution\/submission\/submission\.csv/);
  });

  test('with a working copy, a write into the read-only data folder crashes with a hint naming the working folder', async () => {
    const r = await runPython('open("data/submission.csv", "w").write("id,target\\n")\n', NEXT_TO_MAIN);
    assert.equal(ran(r.facts).exitCode, 1);
    const v = verdictOf(r);
    assert.equal(v.reason, 'crash');
    assert.match(v.hint ?? '', /\/code_execution\/ \(the working folder, also the output folder, at most 16 MiB\)/);
    assert.match(v.hint ?? '', /Write the predictions to \/code_execution\/submission\.csv/);
  });

  test('the output next to main.py missing: the message lists what the working folder holds', async () => {
    const r = await runPython('open("predictions.csv", "w").write("id,target\\n")\n', NEXT_TO_MAIN);
    const v = verdictOf(r);
    assert.equal(v.reason, 'no_output');
    assert.equal(
      v.message,
      'The submission exited normally but did not write /code_execution/submission.csv.\nThe working folder holds 3 entries: data/, main.py, predictions.csv.',
    );
    assert.equal(
      v.hint,
      'Write your predictions to /code_execution/submission.csv (relative to the working folder: submission.csv).',
    );
  });

  test('a link in the working folder as the output is refused, as in the output folder (issue 8)', async () => {
    const r = await runPython('import os\nos.symlink("/etc/shadow", "submission.csv")\n', NEXT_TO_MAIN);
    assert.equal(ran(r.facts).outputProblem, 'symlink');
    assert.equal(verdictOf(r).reason, 'invalid_output');
    assert.equal((await stat(r.outputPath)).size, 0);
  });

  test('an executable ./main keeps its execute bit in the working copy and runs from it', async () => {
    const r = await runPython('', {
      files: {
        main: {
          content: '#!/bin/sh\necho "ran ./main as $(id -u)"\nprintf "id,target\\na,1\\n" > submission.csv\n',
          mode: 0o755,
        },
      },
      command: ['./main'],
      ...NEXT_TO_MAIN,
    });
    assert.equal(ran(r.facts).exitCode, 0, r.text);
    assert.match(r.text, /^ran \.\/main as 1000$/m);
    assert.equal(await readFile(r.outputPath, 'utf8'), 'id,target\na,1\n');
  });

  test("a submission larger than the working folder is never run: copy_failed, with cp's reason", async () => {
    const r = await runPython('print("must not run")\n', {
      files: { 'model.bin': { content: Buffer.alloc(3 * 1024 * 1024, 7) } },
      limits: { workdir_bytes: 1024 * 1024 },
    });
    assert.equal(r.facts.kind, 'copy_failed');
    assert.match(r.facts.kind === 'copy_failed' ? r.facts.message : '', /No space left on device/);
    assert.doesNotMatch(r.text, /must not run/);
  });

  test('a million files in the working folder: capped by its inode count, and the "holds" list stays short', async () => {
    const r = await runPython(
      `
n = 0
try:
    while n < 1_000_000:
        open(f"f{n:07d}", "w").close()
        n += 1
except OSError as e:
    print("stopped:", e.strerror)
`,
      NEXT_TO_MAIN,
    );
    assert.match(r.text, /^stopped: No space left on device$/m);
    const v = verdictOf(r);
    assert.equal(v.reason, 'no_output');
    const held =
      /^The working folder holds (\d+) entries: data\/, f0000000, f0000001, (?:f\d{7}, ){16}f0000018, and (\d+) more\.$/m.exec(
        v.message ?? '',
      );
    assert.ok(held, v.message);
    // limits.workdir_files (200) and the tmpfs's spare inodes: never a million.
    assert.ok(Number(held[1]) <= 210, held[1]);
    assert.equal(Number(held[2]), Number(held[1]) - 20);
  });

  test("what the submission writes counts against the working folder's size", async () => {
    const r = await runPython(
      `
try:
    with open("big.bin", "wb") as f:
        f.write(b"x" * (4 * 1024 * 1024))
    print("wrote 4 MiB")
except OSError as e:
    print("refused:", e.strerror)
`,
      { limits: { workdir_bytes: 2 * 1024 * 1024 } },
    );
    assert.equal(ran(r.facts).exitCode, 0, r.text);
    assert.match(r.text, /^refused: No space left on device$/m);
  });
});

describe('IS_SMOKE_TEST: datasets.<name>.env reaches the submission', engine, () => {
  test('a per-dataset variable is set, over container.env, and nothing else is added', async () => {
    const r = await runPython(
      `
import os
print("IS_SMOKE_TEST", os.environ.get("IS_SMOKE_TEST"))
rows = 2 if os.environ.get("IS_SMOKE_TEST") == "true" else 1000
open("submission/submission.csv", "w").write("id,target\\n" + "".join(f"{i},0.5\\n" for i in range(rows)))
`,
      { datasetEnv: { IS_SMOKE_TEST: 'true' } },
    );
    assert.equal(ran(r.facts).exitCode, 0, r.text);
    assert.match(r.text, /^IS_SMOKE_TEST true$/m);
    assert.equal(await readFile(r.outputPath, 'utf8'), 'id,target\n0,0.5\n1,0.5\n');
  });
});

describe('folder mode (container.output_dir): one file per item', engine, () => {
  test('tif-per-item: every file is collected byte for byte, sub-folders included', async () => {
    const r = await runPython(
      `
import os
os.makedirs("submission/extra", exist_ok=True)
for chip in range(3):
    # A tiny "GeoTIFF": its header and 300 bytes of every value, so a byte-for-byte copy is checked.
    open(f"submission/chip_{chip:03d}.tif", "wb").write(bytes([0x49, 0x49, 0x2A, 0x00] + [(chip * 7 + i) % 256 for i in range(300)]))
open("submission/extra/notes.txt", "w").write("tiles: 3")
print("done")
`,
      TIF_FOLDER,
    );
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0, r.text);
    assert.deepEqual(facts.outputFolder, { files: 4, bytes: 3 * 304 + 8 });
    assert.deepEqual(verdictOf(r), { status: 'score' });
    assert.deepEqual((await readdir(r.outputPath)).sort(), ['chip_000.tif', 'chip_001.tif', 'chip_002.tif', 'extra']);
    for (const chip of [0, 1, 2]) {
      const bytes = await readFile(path.join(r.outputPath, `chip_00${chip}.tif`));
      assert.deepEqual([...bytes.subarray(0, 4)], [0x49, 0x49, 0x2a, 0x00]);
      assert.deepEqual(
        [...bytes.subarray(4)],
        Array.from({ length: 300 }, (_, i) => (chip * 7 + i) % 256),
      );
    }
    assert.equal(await readFile(path.join(r.outputPath, 'extra/notes.txt'), 'utf8'), 'tiles: 3');
  });

  test('an empty output folder: no_output, said as a folder', async () => {
    const r = await runPython('print("forgot to write")\n', TIF_FOLDER);
    const v = verdictOf(r);
    assert.equal(v.reason, 'no_output');
    assert.equal(
      v.message,
      'The submission exited normally but wrote nothing to the output folder /code_execution/submission.\nThe output folder submission/ is empty.',
    );
  });

  test('the expected file missing from the folder: the message lists what the folder holds', async () => {
    const r = await runPython(
      'open("submission/predictions.csv", "w").write("id,target\\n")\nopen("submission/log.txt", "w").write("x")\n',
      { ...TIF_FOLDER, outputFileRequired: true },
    );
    const v = verdictOf(r);
    assert.equal(v.reason, 'no_output');
    assert.equal(
      v.message,
      'The submission exited normally but did not write /code_execution/submission/submission.csv.\nThe output folder submission/ holds 2 entries: log.txt, predictions.csv.',
    );
  });

  const hostile: Array<[string, string, string]> = [
    [
      'a symbolic link to /etc/shadow among the tifs',
      'os.symlink("/etc/shadow", "submission/chip_001.tif")',
      'symlink',
    ],
    ['a FIFO among the tifs (reading it would block)', 'os.mkfifo("submission/chip_001.tif")', 'not_regular'],
    [
      'a tif made unreadable (chmod 0)',
      'open("submission/chip_001.tif", "wb").write(b"x"); os.chmod("submission/chip_001.tif", 0)',
      'unreadable',
    ],
    [
      'a sub-folder made untraversable (chmod 0)',
      'os.mkdir("submission/sub"); open("submission/sub/a.tif", "w").write("x"); os.chmod("submission/sub", 0)',
      'unreadable',
    ],
  ];
  for (const [name, code, problem] of hostile) {
    test(`${name}: invalid_output (${problem}), nothing followed`, async () => {
      const r = await runPython(
        `import os\nopen("submission/chip_000.tif", "wb").write(b"II*\\x00")\n${code}\n`,
        TIF_FOLDER,
      );
      const facts = ran(r.facts);
      assert.equal(facts.exitCode, 0, r.text);
      assert.equal(facts.readBack, 'ok');
      assert.equal(facts.outputProblem, problem);
      assert.equal(verdictOf(r).reason, 'invalid_output');
      // Nothing was written out of a refused folder.
      assert.deepEqual(await readdir(r.outputPath), []);
    });
  }

  test('a hard link is collected as a plain copy, never as a link', async () => {
    const r = await runPython(
      'import os\nopen("submission/a.tif", "wb").write(b"II*\\x00tile")\nos.link("submission/a.tif", "submission/b.tif")\n',
      TIF_FOLDER,
    );
    const facts = ran(r.facts);
    assert.equal(facts.outputProblem, null);
    assert.deepEqual(facts.outputFolder, { files: 2, bytes: 16 });
    const [a, b] = await Promise.all(['a.tif', 'b.tif'].map((n) => stat(path.join(r.outputPath, n))));
    assert.equal(a!.nlink, 1);
    assert.equal(b!.nlink, 1);
    assert.equal(await readFile(path.join(r.outputPath, 'b.tif'), 'latin1'), 'II*\x00tile');
  });

  test('more files than limits.output_files: the folder runs out of entries, output_too_large', async () => {
    const r = await runPython(
      `
n = 0
try:
    while n < 1000:
        open(f"submission/chip_{n}.tif", "w").write("x")
        n += 1
except OSError as e:
    print("stopped at", n, e.strerror)
`,
      { ...TIF_FOLDER, limits: { output_files: 20 } },
    );
    const facts = ran(r.facts);
    assert.match(r.text, /^stopped at 20 No space left on device$/m);
    assert.equal(facts.outputFull, true);
    const v = verdictOf(r);
    assert.equal(v.reason, 'output_too_large');
    assert.equal(v.message, 'The output folder filled up: it holds at most 1.0 MiB in 20 files and folders.');
    assert.equal(
      v.hint,
      'Write only your predictions into /code_execution/submission/ (one file per item), nothing else: temporary files go to /tmp.',
    );
  });

  test('a sparse file claiming a terabyte in the folder is refused from its header, never streamed', async () => {
    const t0 = Date.now();
    const r = await runPython('open("submission/chip_000.tif", "wb").truncate(10**12)\n', TIF_FOLDER);
    const facts = ran(r.facts);
    assert.equal(facts.outputOversize, true);
    assert.equal(verdictOf(r).reason, 'output_too_large');
    assert.ok(Date.now() - t0 < 60_000);
  });

  test('a process left running that swaps a tif for a link to /etc/shadow is killed before the folder is checked and read', async () => {
    // Between the sandbox's check for links and tar's read, nothing of the submission runs:
    // the folder is either the file or the link, checked and read in the same state.
    const r = await runPython(
      `
import os, subprocess, time
open("submission/chip_000.tif", "wb").write(b"II*\\x00")
subprocess.Popen(["python3", "-c", '''
import os
while True:
    os.symlink("/etc/shadow", "submission/.swap")
    os.replace("submission/.swap", "submission/chip_000.tif")
    open("submission/.swap", "wb").write(b"II*\\\\x00")
    os.replace("submission/.swap", "submission/chip_000.tif")
'''])
time.sleep(0.5)
`,
      TIF_FOLDER,
    );
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0, r.text);
    assert.equal(facts.readBack, 'ok', facts.readBackDetail);
    const v = verdictOf(r);
    if (facts.outputProblem) {
      assert.equal(facts.outputProblem, 'symlink');
      assert.equal(v.reason, 'invalid_output');
      assert.deepEqual(await readdir(r.outputPath), []);
    } else {
      assert.deepEqual(v, { status: 'score' });
      assert.deepEqual(await readdir(r.outputPath), ['chip_000.tif']);
      assert.equal(await readFile(path.join(r.outputPath, 'chip_000.tif'), 'latin1'), 'II*\x00');
    }
  });
});
