/** Staging a submission folder: the same rules as a zip, checked while walking. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { stageSubmission, type StagingResult } from '../../src/submission/staging.js';
import { walkSubmission } from '../../src/submission/walk.js';
import { cleanup, listTree, makeTree, makeZip, MiB, rules, tempDir } from './helpers.js';

let work: string;
let count = 0;
before(async () => {
  work = await tempDir();
});
after(async () => {
  await cleanup(work);
});

/** A fresh case folder with `files` under `<case>/sub` and an empty `<case>/target`. */
async function folder(files: Record<string, string>, name = 'sub'): Promise<{ sub: string; target: string }> {
  const dir = path.join(work, `case-${++count}`);
  const sub = path.join(dir, name);
  await mkdir(sub, { recursive: true });
  await makeTree(sub, files);
  await mkdir(path.join(dir, 'target'));
  return { sub, target: path.join(dir, 'target') };
}

function refusal(result: StagingResult): { message: string; hint: string; problems: string[] } {
  assert.equal(result.ok, false, 'expected a refusal');
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.reason, 'invalid_submission');
  return result;
}

describe('stageSubmission with a folder', () => {
  test('copies files, leaves excluded ones out, and writes 0644 / 0755', async () => {
    const { sub, target } = await folder({
      'main.py': 'print(1)\n',
      'model/w.bin': 'abc',
      '.git/config': '[core]',
      'pkg/__pycache__/m.cpython-311.pyc': 'c',
      'pkg/m.py': 'x = 1\n',
      'pkg/old.pyc': 'c',
      '.DS_Store': 'junk',
      'pkg/.DS_Store': 'junk',
      'empty/': '',
    });
    await chmod(path.join(sub, 'model/w.bin'), 0o600);
    await chmod(path.join(sub, 'model'), 0o700);
    // A link inside an excluded folder is never looked at.
    await symlink('/etc/passwd', path.join(sub, '.git', 'link'));
    const result = await stageSubmission(sub, target, rules());
    assert.deepEqual(result, { ok: true, files: 3, bytes: 9 + 3 + 6, warnings: [] });
    assert.deepEqual(await listTree(target), ['empty/', 'main.py', 'model/', 'model/w.bin', 'pkg/', 'pkg/m.py']);
    assert.equal((await stat(path.join(target, 'model/w.bin'))).mode & 0o777, 0o644);
    assert.equal((await stat(path.join(target, 'model'))).mode & 0o777, 0o755);
    assert.equal(await readFile(path.join(target, 'model/w.bin'), 'utf8'), 'abc');
  });

  test('keeps the execute bit on the entry point only, and only where the folder had it', async () => {
    const { sub, target } = await folder({
      main: '#!/bin/sh\necho hi\n',
      'tools/run.sh': '#!/bin/sh\n',
      'model.bin': 'w',
    });
    await chmod(path.join(sub, 'main'), 0o755);
    await chmod(path.join(sub, 'tools/run.sh'), 0o755);
    await chmod(path.join(sub, 'model.bin'), 0o700);
    assert.equal((await stageSubmission(sub, target, rules({ entryPoint: 'main' }))).ok, true);
    const mode = async (p: string) => ((await stat(path.join(target, p))).mode & 0o777).toString(8);
    assert.deepEqual([await mode('main'), await mode('tools/run.sh'), await mode('model.bin')], ['755', '644', '644']);

    // An entry point the participant did not mark executable stays 0644 (`command: ./main` then fails as it would on their machine).
    const plain = await folder({ main: '#!/bin/sh\n' });
    await chmod(path.join(plain.sub, 'main'), 0o644);
    assert.equal((await stageSubmission(plain.sub, plain.target, rules({ entryPoint: 'main' }))).ok, true);
    assert.equal((await stat(path.join(plain.target, 'main'))).mode & 0o777, 0o644);
  });

  test("files over GitHub's limits: a warning naming each, the largest first (the run goes on)", async () => {
    const { sub, target } = await folder({
      'main.py': 'print(1)\n',
      'model/big.pt': '',
      'model/medium.pt': '',
      'model/small.pt': '',
    });
    // Sparse files: the sizes without the disk.
    await truncate(path.join(sub, 'model/big.pt'), 101 * MiB);
    await truncate(path.join(sub, 'model/medium.pt'), 60 * MiB);
    await truncate(path.join(sub, 'model/small.pt'), 50 * MiB);
    const result = await stageSubmission(sub, target, rules({ maxSize: 500 * MiB }));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.warnings, [
      'model/big.pt (101.00 MiB) is over 100 MiB: GitHub refuses to push a file that large, so a pull request cannot carry it; ' +
        'make it smaller, split it into parts under 100 MiB, or pack the folder into one submission.zip (holdout pack) if that comes out under 100 MiB ' +
        '(docs/submissions.md, "Large files and models")',
      'model/medium.pt (60.00 MiB) is over 50 MiB: GitHub warns when such a file is pushed (it accepts files up to 100 MiB)',
    ]);
  });

  test('a Git LFS pointer where the model should be is refused, naming the file and why (the evaluation only ever gets the pointer)', async () => {
    const pointer =
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    // A text file that merely mentions the prefix later on is not a pointer.
    const { sub, target } = await folder({
      'main.py': 'print(1)\n',
      'model/weights.pt': pointer,
      'README.md': `see ${pointer}`,
    });
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      'sub/ was refused: "model/weights.pt" is a Git LFS pointer, not the file it stands for (GitHub serves LFS files to the evaluation as their pointers)',
    );
    assert.equal(
      r.hint,
      'Git LFS files do not reach the competition: commit the file itself (under 100 MiB), or make it smaller, zip or split it (docs/submissions.md, "Large files and models").',
    );
    assert.deepEqual(await listTree(target), []);
  });

  test('a symbolic link (to a file or a folder) is refused and nothing is copied', async () => {
    const { sub, target } = await folder({ 'main.py': 'print(1)\n', 'lib/a.py': '' });
    await symlink('/etc/passwd', path.join(sub, 'lib', 'passwd'));
    await symlink('/', path.join(sub, 'root'));
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      'sub/ was refused (2 problems): "lib/passwd" is a symbolic link; "root" is a symbolic link',
    );
    assert.match(r.hint, /replace each link with a copy of the file it points to/);
    assert.deepEqual(await listTree(target), []);
  });

  test('a linked entry point is refused as a link, not reported missing', async () => {
    const { sub, target } = await folder({ 'real.py': 'print(1)\n' });
    await symlink('real.py', path.join(sub, 'main.py'));
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(r.message, 'sub/ was refused: "main.py" is a symbolic link');
  });

  test('a named pipe is refused', async () => {
    const { sub, target } = await folder({ 'main.py': 'print(1)\n' });
    await execa('mkfifo', [path.join(sub, 'pipe')]);
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(r.message, 'sub/ was refused: "pipe" is a named pipe (FIFO), not a regular file');
  });

  test('a folder over the size limit, counted over all levels, is refused before copying, naming its largest files', async () => {
    const { sub, target } = await folder({
      'main.py': 'print(1)\n',
      'a/b/c/part1.bin': '',
      'd/part2.bin': '',
      'd/part3.bin': 'x',
      'empty.txt': '',
    });
    await writeFile(path.join(sub, 'a/b/c/part1.bin'), Buffer.alloc(6 * MiB));
    await writeFile(path.join(sub, 'd/part2.bin'), Buffer.alloc(5 * MiB));
    const r = refusal(await stageSubmission(sub, target, rules({ maxSize: 10 * MiB })));
    assert.equal(
      r.message,
      'sub/ was refused: its files add up to more than 10 MiB (submission.max_size); the largest: a/b/c/part1.bin (6.00 MiB), d/part2.bin (5.00 MiB), main.py (9 B)',
    );
    assert.match(r.hint, /submission\.max_size/);
    assert.deepEqual(await listTree(target), []);
  });

  test('excluded files do not count towards the size limit', async () => {
    const { sub, target } = await folder({ 'main.py': 'print(1)\n', '.git/objects/pack.bin': '' });
    await writeFile(path.join(sub, '.git/objects/pack.bin'), Buffer.alloc(2 * MiB));
    assert.deepEqual(await stageSubmission(sub, target, rules({ maxSize: 1 * MiB })), {
      ok: true,
      files: 1,
      bytes: 9,
      warnings: [],
    });
  });

  test('too many files and folders, over all levels', async () => {
    const files: Record<string, string> = { 'main.py': '' };
    for (let i = 0; i < 8; i++) files[`nested/f${i}.txt`] = 'x';
    const { sub, target } = await folder(files);
    const r = refusal(await stageSubmission(sub, target, rules({ maxFiles: 9 })));
    assert.equal(r.message, 'sub/ was refused: it holds more than 9 files and folders (submission.max_files)');
    // 1 + 1 folder + 8 = 10 > 9; with 10 allowed it passes
    assert.equal((await stageSubmission(sub, target, rules({ maxFiles: 10 }))).ok, true);
  });

  test('reserved root names are refused', async () => {
    const { sub, target } = await folder({ 'main.py': '', 'data/train.csv': 'a\n', 'src/submission/ok.py': '' });
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      'sub/ was refused: "data" at the submission root is reserved: the competition mounts its own "data" folder there, which would hide yours',
    );
    assert.equal(r.hint, 'Rename "data" (e.g. to "data_files") and update the paths in your code.');
  });

  test('entry point missing, or only in a subfolder', async () => {
    const nested = await folder({ 'README.md': '', 'code/main.py': '' });
    const r1 = refusal(await stageSubmission(nested.sub, nested.target, rules()));
    assert.equal(r1.message, 'sub/ was refused: no main.py at the top of the submission');
    assert.equal(r1.hint, 'main.py must sit at the top of the submission, not in a subfolder (found: code/main.py).');

    const wrapped = await folder({ 'inner/main.py': '', 'inner/model.pkl': '' });
    const r2 = refusal(await stageSubmission(wrapped.sub, wrapped.target, rules()));
    assert.equal(
      r2.hint,
      'Everything sits in the folder "inner/": submit that folder itself, so that main.py is at the top.',
    );

    const custom = await folder({ 'main.py': '' });
    const r3 = refusal(await stageSubmission(custom.sub, custom.target, rules({ entryPoint: 'run.sh' })));
    assert.equal(r3.message, 'sub/ was refused: no run.sh at the top of the submission');
  });

  test('a path that is neither a folder nor a .zip, a missing path, a link to a folder', async () => {
    const { sub, target } = await folder({ 'main.py': '', 'notes.txt': 'hi' });
    const r1 = refusal(await stageSubmission(path.join(sub, 'notes.txt'), target, rules()));
    assert.equal(r1.message, `${path.join(sub, 'notes.txt')} is neither a folder nor a .zip file`);
    assert.match(r1.hint, /holdout pack DIR/);

    const r2 = refusal(await stageSubmission(path.join(sub, 'nope'), target, rules()));
    assert.equal(r2.message, `${path.join(sub, 'nope')} does not exist`);

    const link = path.join(path.dirname(sub), 'link');
    await symlink(sub, link);
    const r3 = refusal(await stageSubmission(`${link}/`, target, rules()));
    assert.equal(r3.message, `${link}/ is a symbolic link`);
    assert.deepEqual(await listTree(target), []);
  });
});

describe('stageSubmission with a folder: names', () => {
  const short = (name: string) => `${name.slice(0, 59)}…`;

  test('a folder nested 65 deep is refused (walk stops there), 64 is accepted', async () => {
    const ok = `${'d/'.repeat(64)}ok.txt`;
    const accepted = await folder({ 'main.py': '', [ok]: 'y' });
    assert.deepEqual(await stageSubmission(accepted.sub, accepted.target, rules()), {
      ok: true,
      files: 2,
      bytes: 1,
      warnings: [],
    });

    const deep = `${'d/'.repeat(65)}f.txt`;
    const { sub, target } = await folder({ 'main.py': '', [deep]: 'y' });
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(r.message, `sub/ was refused: "${short(deep)}" is 65 folders deep (at most 64)`);
    assert.deepEqual(await listTree(target), []);
  });

  test('a path over 1024 bytes is refused at the folder that passes the limit', async () => {
    const part = 'p'.repeat(250);
    const { sub, target } = await folder({ 'main.py': '', [`${Array(5).fill(part).join('/')}/f.txt`]: 'y' });
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      `sub/ was refused: "${short(Array(5).fill(part).join('/'))}" is a path of 1254 bytes (at most 1024)`,
    );
    assert.match(r.hint, /at most 255 bytes per file or folder name, 1024 bytes per path/);
  });

  test('a name that is not valid UTF-8 (bytes ff fe) is refused, at any level', async () => {
    const { sub, target } = await folder({ 'main.py': '', 'lib/a.py': '' });
    const bad = Buffer.from([0xff, 0xfe]);
    await writeFile(Buffer.concat([Buffer.from(`${sub}/`), bad]), 'x');
    await mkdir(Buffer.concat([Buffer.from(`${sub}/lib/`), bad]));
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      'sub/ was refused (2 problems): "lib/\uFFFD\uFFFD" has a name that is not valid UTF-8 (bytes ff fe); ' +
        '"\uFFFD\uFFFD" has a name that is not valid UTF-8 (bytes ff fe)',
    );
    assert.equal(
      r.hint,
      'Rename the file or folder using UTF-8 characters only (the zip and the container read names as UTF-8).',
    );
    assert.deepEqual(await listTree(target), []);
  });

  test('a file removed between listing the folder and looking at it is reported, not thrown', async () => {
    const { sub, target } = await folder({ 'main.py': '', 'gone.txt': 'x' });
    const victim = path.join(sub, 'gone.txt');
    // walkSubmission asks `skip` about each listed name just before lstat: remove the file then.
    const skip = new (class extends Set<string> {
      override has(p: string): boolean {
        if (p === victim) rmSync(victim);
        return super.has(p);
      }
    })();
    const walk = await walkSubmission(sub, rules(), { skip });
    assert.deepEqual(
      walk.problems.map((p) => p.text),
      ['"gone.txt" cannot be read (it was removed while the folder was being read)'],
    );
    assert.deepEqual(await listTree(target), []);
  });
});

describe('stageSubmission with a folder holding submission.zip', () => {
  test('a folder whose only entry is submission.zip is staged as that zip', async () => {
    const { sub, target } = await folder({});
    await makeZip(sub, 'submission.zip', [
      { name: 'main.py', data: 'print(1)\n' },
      { name: 'lib/u.py', data: 'u' },
    ]);
    assert.deepEqual(await stageSubmission(sub, target, rules()), { ok: true, files: 2, bytes: 10, warnings: [] });
    assert.deepEqual(await listTree(target), ['lib/', 'lib/u.py', 'main.py']);
  });

  test('the zip is refused in its own name', async () => {
    const { sub, target } = await folder({});
    await makeZip(sub, 'submission.zip', [{ name: 'code/main.py', data: '' }]);
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(r.message, 'submission.zip was refused: no main.py at the top of the submission');
  });

  test('submission.zip beside other files: the folder is staged as it is', async () => {
    const { sub, target } = await folder({ 'main.py': 'print(1)\n' });
    await makeZip(sub, 'submission.zip', [{ name: 'other.py', data: '' }]);
    const result = await stageSubmission(sub, target, rules());
    assert.equal(result.ok, true);
    assert.deepEqual(await listTree(target), ['main.py', 'submission.zip']);
  });

  test('submission.zip beside other files and no main.py: says the zip was ignored because it was not alone', async () => {
    const { sub, target } = await folder({ 'README.md': 'my solution', 'notes/todo.txt': '' });
    await makeZip(sub, 'submission.zip', [{ name: 'main.py', data: 'print(1)\n' }]);
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      'sub/ was refused: no main.py at the top of the submission, and submission.zip was ignored: a folder is read as its submission.zip only when the zip is alone in it, and this one also holds "README.md" and "notes"',
    );
    assert.equal(
      r.hint,
      "To submit the zip, leave submission.zip alone in the folder (remove the other files); to submit the folder's files, put main.py at its top and remove submission.zip.",
    );
    assert.deepEqual(await listTree(target), []);
  });

  test('submission.zip beside only what submission.exclude leaves out (.DS_Store, .git/) is still that zip', async () => {
    const { sub, target } = await folder({ '.DS_Store': 'junk', '.git/HEAD': 'ref' });
    await makeZip(sub, 'submission.zip', [{ name: 'main.py', data: 'print(1)\n' }]);
    assert.deepEqual(await stageSubmission(sub, target, rules()), { ok: true, files: 1, bytes: 9, warnings: [] });
    assert.deepEqual(await listTree(target), ['main.py']);
  });

  test('a link named submission.zip is not followed: the folder is staged, and refused', async () => {
    const { sub, target } = await folder({});
    await makeZip(path.join(sub, '..'), 'elsewhere.zip', [{ name: 'main.py', data: '' }]);
    await symlink(path.join(sub, '..', 'elsewhere.zip'), path.join(sub, 'submission.zip'));
    const r = refusal(await stageSubmission(sub, target, rules()));
    assert.equal(
      r.message,
      'sub/ was refused (2 problems): "submission.zip" is a symbolic link; no main.py at the top of the submission',
    );
    assert.deepEqual(await listTree(target), []);
  });
});
