/**
 * `holdout pack`: what it writes passes staging, what staging refuses it refuses
 * with the same words, and it never packs its own output.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { buildProgram } from '../../src/cli/program.js';
import { UsageError } from '../../src/errors.js';
import { packSubmission, PackUsageError } from '../../src/submission/pack.js';
import { stageSubmission } from '../../src/submission/staging.js';
import { cleanup, listTree, makeTree, MiB, rules, tempDir } from './helpers.js';

let work: string;
let count = 0;
before(async () => {
  work = await tempDir();
});
after(async () => {
  await cleanup(work);
});

async function caseDir(): Promise<string> {
  const dir = path.join(work, `case-${++count}`);
  await mkdir(dir);
  return dir;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** Zip listing as `unzip -Z` prints it: mode and name per entry. */
async function zipListing(zip: string): Promise<string[]> {
  const { stdout } = await execa('unzip', ['-Z', zip]);
  return stdout
    .split('\n')
    .filter((l) => /^[-d]r/.test(l))
    .map((l) => {
      const fields = l.split(/\s+/);
      return `${fields[0]} ${fields.slice(8).join(' ')}`;
    })
    .sort();
}

describe('packSubmission', () => {
  test('round trip: the zip it writes stages to the same files as the folder', async () => {
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), {
      'main.py': 'print(1)\n',
      'model/weights.bin': 'w'.repeat(3000),
      'lib/util.py': 'u = 1\n',
      'lib/__pycache__/util.cpython-311.pyc': 'c',
      '.git/HEAD': 'ref',
      'empty/': '',
    });
    const out = path.join(dir, 'submission.zip');
    const packed = await packSubmission(sub, out, rules());
    assert.deepEqual(packed, { ok: true, out, files: 3, bytes: 9 + 3000 + 6, warnings: [] });
    assert.deepEqual(await zipListing(out), [
      '-rw-r--r-- lib/util.py',
      '-rw-r--r-- main.py',
      '-rw-r--r-- model/weights.bin',
      'drwxr-xr-x empty/',
      'drwxr-xr-x lib/',
      'drwxr-xr-x model/',
    ]);
    await execa('unzip', ['-tq', out]); // a standard tool reads it without complaint

    await mkdir(path.join(dir, 'from-zip'));
    await mkdir(path.join(dir, 'from-folder'));
    const fromZip = await stageSubmission(out, path.join(dir, 'from-zip'), rules());
    const fromFolder = await stageSubmission(sub, path.join(dir, 'from-folder'), rules());
    assert.deepEqual(fromZip, { ok: true, files: 3, bytes: 3015, warnings: [] });
    assert.deepEqual(fromZip, fromFolder);
    assert.deepEqual(await listTree(path.join(dir, 'from-zip')), await listTree(path.join(dir, 'from-folder')));
  });

  test('keeps the execute bit on the entry point only, as staging does, and staging keeps it from the zip', async () => {
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), { main: '#!/bin/sh\necho hi\n', 'bin/helper': '#!/bin/sh\n' });
    await chmod(path.join(sub, 'main'), 0o755);
    await chmod(path.join(sub, 'bin/helper'), 0o755);
    const out = path.join(dir, 'submission.zip');
    const r = rules({ entryPoint: 'main' });
    assert.equal((await packSubmission(sub, out, r)).ok, true);
    assert.deepEqual(await zipListing(out), ['-rw-r--r-- bin/helper', '-rwxr-xr-x main', 'drwxr-xr-x bin/']);
    await mkdir(path.join(dir, 'staged'));
    assert.equal((await stageSubmission(out, path.join(dir, 'staged'), r)).ok, true);
    assert.equal((await stat(path.join(dir, 'staged', 'main'))).mode & 0o777, 0o755);
  });

  test('refuses what staging refuses, with the same message, and writes no zip', async () => {
    const cases: Array<{
      name: string;
      files: Record<string, string>;
      link?: string;
      r?: Parameters<typeof rules>[0];
      message: string;
    }> = [
      {
        name: 'link',
        files: { 'main.py': '' },
        link: 'lib.py',
        message: 'sub/ was refused: "lib.py" is a symbolic link',
      },
      {
        name: 'big',
        files: { 'main.py': 'x'.repeat(2048) },
        r: { maxSize: 1024 },
        message:
          'sub/ was refused: its files add up to more than 1.0 KiB (submission.max_size); the largest: main.py (2.0 KiB)',
      },
      {
        name: 'many',
        files: { 'main.py': '', 'a/b': '', 'a/c': '' },
        r: { maxFiles: 3 },
        message: 'sub/ was refused: it holds more than 3 files and folders (submission.max_files)',
      },
      {
        name: 'reserved',
        files: { 'main.py': '', 'submission/x.csv': '' },
        message:
          'sub/ was refused: "submission" at the submission root is reserved: the competition mounts its own "submission" folder there, which would hide yours',
      },
      {
        name: 'no-entry',
        files: { 'src/main.py': '' },
        message: 'sub/ was refused: no main.py at the top of the submission',
      },
    ];
    for (const c of cases) {
      const dir = await caseDir();
      const sub = await makeTree(path.join(dir, 'sub'), c.files);
      if (c.link) await symlink('/etc/hostname', path.join(sub, c.link));
      const out = path.join(dir, 'out.zip');
      const packed = await packSubmission(sub, out, rules(c.r));
      assert.equal(packed.ok, false, c.name);
      if (packed.ok) continue;
      assert.equal(packed.message, c.message, c.name);
      assert.equal(await exists(out), false, `${c.name}: no zip written`);
      assert.deepEqual(await readdir(dir), ['sub'], `${c.name}: no partial file left`);

      await mkdir(path.join(dir, 'target'));
      const staged = await stageSubmission(sub, path.join(dir, 'target'), rules(c.r));
      assert.deepEqual(staged, packed, `${c.name}: pack and stage agree`);
    }
  });

  test('refuses names too deep, too long or not UTF-8, as staging does, and writes no zip', async () => {
    const deep = `${'d/'.repeat(65)}f.txt`;
    const long = `${Array(5).fill('p'.repeat(250)).join('/')}`;
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': '', [deep]: 'x', [`${long}/f.txt`]: 'x' });
    await writeFile(Buffer.concat([Buffer.from(`${sub}/`), Buffer.from([0xff, 0xfe])]), 'x');
    const out = path.join(dir, 'out.zip');
    const packed = await packSubmission(sub, out, rules());
    assert.equal(packed.ok, false);
    if (packed.ok) return;
    assert.deepEqual(packed.problems, [
      `"${deep.slice(0, 59)}…" is 65 folders deep (at most 64)`,
      `"${long.slice(0, 59)}…" is a path of 1254 bytes (at most 1024)`,
      '"\uFFFD\uFFFD" has a name that is not valid UTF-8 (bytes ff fe)',
    ]);
    assert.deepEqual(await readdir(dir), ['sub'], 'no zip, no partial file');

    await mkdir(path.join(dir, 'target'));
    assert.deepEqual(await stageSubmission(sub, path.join(dir, 'target'), rules()), packed, 'pack and stage agree');
  });

  test('refuses to write its output inside the folder unless the output is excluded', async () => {
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': 'print(1)\n' });
    const inside = path.join(sub, 'submission.zip');
    await assert.rejects(packSubmission(sub, inside, rules()), (e: unknown) => {
      assert.ok(e instanceof PackUsageError);
      assert.equal(
        e.message,
        `the output ${inside} is inside the folder being packed, and the next pack would include it: write it elsewhere (e.g. -o ../submission.zip) or add "submission.zip" to submission.exclude in competition.yml`,
      );
      return true;
    });
    assert.equal(await exists(inside), false);

    const withExclude = rules({ exclude: ['*.zip'] });
    assert.deepEqual(await packSubmission(sub, inside, withExclude), {
      ok: true,
      out: inside,
      files: 1,
      bytes: 9,
      warnings: [],
    });
    // packing again overwrites it, and never packs the previous zip
    assert.deepEqual(await packSubmission(sub, inside, withExclude), {
      ok: true,
      out: inside,
      files: 1,
      bytes: 9,
      warnings: [],
    });
    assert.deepEqual(await zipListing(inside), ['-rw-r--r-- main.py']);
  });

  test('bad usage: not a folder, missing folder, output not .zip, output folder missing', async () => {
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': '' });
    const usage = (message: string) => (e: unknown) => e instanceof PackUsageError && e.message === message;
    await assert.rejects(
      packSubmission(path.join(dir, 'nope'), path.join(dir, 'a.zip'), rules()),
      usage(`${path.join(dir, 'nope')} does not exist: pass your submission folder`),
    );
    await assert.rejects(
      packSubmission(path.join(sub, 'main.py'), path.join(dir, 'a.zip'), rules()),
      usage(`${path.join(sub, 'main.py')} is not a folder: pass your submission folder`),
    );
    await assert.rejects(
      packSubmission(sub, path.join(dir, 'a.tar'), rules()),
      usage(`the output ${path.join(dir, 'a.tar')} must end with .zip: a submission is a folder or a .zip file`),
    );
    await assert.rejects(
      packSubmission(sub, path.join(dir, 'no/such/a.zip'), rules()),
      usage(
        `the folder of the output ${path.join(dir, 'no/such/a.zip')} does not exist: create it or choose another -o path`,
      ),
    );
  });
});

describe('holdout pack (command)', () => {
  let stdout: string;
  let stderr: string;
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);

  async function run(args: string[]): Promise<number> {
    stdout = '';
    stderr = '';
    process.exitCode = undefined;
    process.stdout.write = ((chunk: string) => {
      stdout += chunk;
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => {
      stderr += chunk;
      return true;
    }) as typeof process.stderr.write;
    try {
      const program = buildProgram();
      await program.parseAsync(args, { from: 'user' });
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    } finally {
      process.stdout.write = realOut;
      process.stderr.write = realErr;
    }
  }
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('packs with the default rules when there is no competition.yml, and says so', async () => {
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': 'print(1)\n', 'm.bin': 'abc' });
    const out = path.join(dir, 'sub.zip');
    const code = await run(['pack', sub, '-o', out, '--competition', dir]);
    assert.equal(code, 0);
    assert.equal(stdout, `packed 2 files (12 B) into ${path.relative(process.cwd(), out)}\n`);
    assert.equal(
      stderr,
      `holdout: no competition.yml in ${dir}: packing with the default rules (main.py at the top, at most 500 MiB and 300 files and folders); pass --competition DIR to use your competition's rules\n`,
    );
  });

  test("uses the competition's rules and exits 1 with the message and hint on a violation", async () => {
    const dir = await caseDir();
    await writeFile(
      path.join(dir, 'competition.yml'),
      'name: t\nsubmission:\n  entry_point: run.py\n  max_size: 1KiB\ndatasets:\n  smoke: { data: d, labels: l.csv }\nscoring:\n  id_column: id\n  columns: [y]\n  metric: rmse\n',
    );
    const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': 'x'.repeat(2000), 'data/x': '' });
    const code = await run(['pack', sub, '-o', path.join(dir, 'o.zip'), '--competition', dir]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'holdout: sub/ was refused (3 problems): its files add up to more than 1.0 KiB (submission.max_size); the largest: main.py (2.0 KiB); "data" at the submission root is reserved: the competition mounts its own "data" folder there, which would hide yours; no run.py at the top of the submission\n' +
        '  - its files add up to more than 1.0 KiB (submission.max_size); the largest: main.py (2.0 KiB)\n' +
        '  - "data" at the submission root is reserved: the competition mounts its own "data" folder there, which would hide yours\n' +
        '  - no run.py at the top of the submission\n' +
        'hint: Remove large files your code does not need (the competition mounts its data for you), or ask the organizer to raise submission.max_size. Rename "data" (e.g. to "data_files") and update the paths in your code. Add run.py — the file the competition runs — at the top of the submission.\n',
    );
    assert.equal(await exists(path.join(dir, 'o.zip')), false);
  });

  test("kind handler: setup_config.json's exclude is left out of the zip; a path outside is refused (exit 1)", async () => {
    const dir = await caseDir();
    await writeFile(
      path.join(dir, 'competition.yml'),
      'name: t\nsubmission:\n  kind: handler\n  handler: { fields: { y: float } }\ndatasets:\n  smoke: { data: d, labels: l.csv }\nscoring:\n  id_column: id\n  columns: [y]\n  metric: rmse\n',
    );
    const sub = await makeTree(path.join(dir, 'sub'), {
      'handler.py': 'def handle(data, context):\n    return None\n',
      'train.py': 'print("training")\n',
      'notes/big.txt': 'x',
      'setup_config.json': JSON.stringify({ exclude: ['train.py', 'notes'] }),
    });
    const out = path.join(dir, 'sub.zip');
    assert.equal(await run(['pack', sub, '-o', out, '--competition', dir]), 0, stderr);
    assert.deepEqual(await zipListing(out), ['-rw-r--r-- handler.py', '-rw-r--r-- setup_config.json']);

    await writeFile(path.join(sub, 'setup_config.json'), JSON.stringify({ exclude: ['../outside'] }));
    assert.equal(await run(['pack', sub, '-o', path.join(dir, 'o2.zip'), '--competition', dir]), 1);
    assert.match(
      stderr,
      /^holdout: setup_config\.json is refused: setup_config\.json lists "\.\.\/outside" in exclude/,
    );
  });

  test('a zip over 50 MiB is written, with a warning on stderr that GitHub warns about such a file (exit 0)', async () => {
    const dir = await caseDir();
    const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': 'print(1)\n' });
    // Random bytes do not compress: the zip is as large as the model.
    await writeFile(path.join(sub, 'model.bin'), randomBytes(51 * MiB));
    await writeFile(
      path.join(dir, 'competition.yml'),
      'name: t\nsubmission:\n  max_size: 100MiB\ndatasets:\n  smoke: { data: d, labels: l.csv }\nscoring:\n  id_column: id\n  columns: [y]\n  metric: rmse\n',
    );
    const out = path.join(dir, 'submission.zip');
    const code = await run(['pack', sub, '-o', out, '--competition', dir]);
    assert.equal(code, 0, stderr);
    const size = (await stat(out)).size;
    assert.equal(stdout, `packed 2 files (51 MiB) into ${path.relative(process.cwd(), out)}\n`);
    assert.equal(
      stderr,
      `holdout: warning: submission.zip (${(size / MiB).toFixed(2)} MiB) is over 50 MiB: GitHub warns when such a file is pushed (it accepts files up to 100 MiB)\n`,
    );
  });

  test('bad usage becomes a UsageError (exit 2)', async () => {
    const dir = await caseDir();
    await assert.rejects(
      run(['pack', path.join(dir, 'missing'), '--competition', dir]),
      (e: unknown) => e instanceof UsageError && /does not exist: pass your submission folder/.test(e.message),
    );
  });
});

test('pack streams big files without holding them in memory', async () => {
  const dir = await caseDir();
  const sub = await makeTree(path.join(dir, 'sub'), { 'main.py': '' });
  await writeFile(path.join(sub, 'big.bin'), Buffer.alloc(64 * MiB));
  const before = process.memoryUsage().rss;
  const packed = await packSubmission(sub, path.join(dir, 'big.zip'), rules({ maxSize: 100 * MiB }));
  assert.equal(packed.ok, true);
  assert.ok(process.memoryUsage().rss - before < 48 * MiB);
});
