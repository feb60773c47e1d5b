/**
 * Staging a .zip: hostile archives built with real tools (python3's zipfile for
 * arbitrary names and attributes, the zip CLI for symlinks and encryption), each
 * refused with an exact message, and nothing left in the staging folder.
 */
import assert from 'node:assert/strict';
import { mkdir, stat, writeFile, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { stageSubmission, type StagingResult } from '../../src/submission/staging.js';
import type { SubmissionRules } from '../../src/submission/rules.js';
import { cleanup, listTree, makeTree, makeZip, MiB, rules, tempDir, treeBytes, type ZipEntrySpec } from './helpers.js';

let work: string;
let count = 0;

before(async () => {
  work = await tempDir();
});
after(async () => {
  await cleanup(work);
});

/** Make a zip from `entries`, stage it into a fresh empty folder, return both. */
async function stage(
  zipName: string,
  entries: ZipEntrySpec[],
  r: SubmissionRules = rules(),
): Promise<{ result: StagingResult; target: string }> {
  const dir = path.join(work, `case-${++count}`);
  await mkdir(path.join(dir, 'target'), { recursive: true });
  const zip = await makeZip(dir, zipName, entries);
  const target = path.join(dir, 'target');
  return { result: await stageSubmission(zip, target, r), target };
}

function refusedWith(result: StagingResult, message: string, problems: string[] = []): string {
  assert.equal(result.ok, false, 'expected a refusal');
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.reason, 'invalid_submission');
  assert.equal(result.message, message);
  if (problems.length > 0) assert.deepEqual(result.problems, problems);
  return result.hint;
}

const MAIN = { name: 'main.py', data: 'print("hello")\n' };

describe('stageSubmission with a good zip', () => {
  test('unpacks files and folders with modes 0644 / 0755 and counts files and bytes', async () => {
    const { result, target } = await stage('good.zip', [
      MAIN,
      { name: 'model/', mode: 0o40700 },
      { name: 'model/weights.bin', data: 'x'.repeat(1000), mode: 0o100600 },
      { name: 'lib/util.py', data: 'def f(): pass\n', store: true },
      { name: './notes.txt', data: 'n' },
    ]);
    assert.deepEqual(result, { ok: true, files: 4, bytes: 15 + 1000 + 14 + 1, warnings: [] });
    assert.deepEqual(await listTree(target), [
      'lib/',
      'lib/util.py',
      'main.py',
      'model/',
      'model/weights.bin',
      'notes.txt',
    ]);
    assert.equal((await stat(path.join(target, 'model/weights.bin'))).mode & 0o777, 0o644);
    assert.equal((await stat(path.join(target, 'model'))).mode & 0o777, 0o755);
    assert.equal((await stat(path.join(target, 'lib'))).mode & 0o777, 0o755);
    assert.equal(await readFile(path.join(target, 'main.py'), 'utf8'), 'print("hello")\n');
  });

  test('a zip from Windows (no unix mode, DOS folder bit) is accepted', async () => {
    const { result } = await stage('windows.zip', [
      { ...MAIN, mode: 0 },
      { name: 'sub/', mode: 0, dos_dir: true },
      { name: 'sub/a.txt', data: 'a', mode: 0 },
    ]);
    assert.deepEqual(result, { ok: true, files: 2, bytes: 16, warnings: [] });
  });

  test('keeps the execute bit on the entry point only, and only where the zip recorded it', async () => {
    const modes = async (entries: { name: string; data?: string; mode?: number }[], entryPoint = 'main') => {
      const { result, target } = await stage('exec.zip', entries, rules({ entryPoint }));
      assert.equal(result.ok, true, JSON.stringify(result));
      const out: Record<string, string> = {};
      for (const e of entries) out[e.name] = ((await stat(path.join(target, e.name))).mode & 0o777).toString(8);
      return out;
    };
    // zip -X / Info-ZIP: file type and permissions; a tool script beside it loses its bit.
    assert.deepEqual(
      await modes([
        { name: 'main', data: '#!/bin/sh\n', mode: 0o100755 },
        { name: 'tool.sh', data: '#!/bin/sh\n', mode: 0o100755 },
      ]),
      { main: '755', 'tool.sh': '644' },
    );
    // Python's zipfile idiom `external_attr = 0o755 << 16`: permissions without a file type.
    assert.deepEqual(await modes([{ name: 'main', data: '#!/bin/sh\n', mode: 0o755 }]), { main: '755' });
    // Not marked executable in the zip (0644), or no unix mode at all (a zip made on Windows): not executable.
    assert.deepEqual(await modes([{ name: 'main', data: '#!/bin/sh\n', mode: 0o100644 }]), { main: '644' });
    assert.deepEqual(await modes([{ name: 'main', data: '#!/bin/sh\n', mode: 0 }]), { main: '644' });
  });

  test('a submission.zip over 50 MiB: a warning that GitHub warns about it on push (the run goes on)', async () => {
    const dir = path.join(work, `case-${++count}`);
    await mkdir(path.join(dir, 'alice'), { recursive: true });
    await mkdir(path.join(dir, 'target'));
    // Stored, not deflated: the zip itself is what is pushed, so its own size is what counts.
    await makeZip(path.join(dir, 'alice'), 'submission.zip', [
      MAIN,
      { name: 'model.bin', zeros: 51 * MiB, store: true },
    ]);
    const result = await stageSubmission(
      path.join(dir, 'alice'),
      path.join(dir, 'target'),
      rules({ maxSize: 100 * MiB }),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.warnings, [
      'submission.zip (51.00 MiB) is over 50 MiB: GitHub warns when such a file is pushed (it accepts files up to 100 MiB)',
    ]);
  });

  test("throws (our problem, not the participant's) when the staging folder is not empty", async () => {
    const dir = path.join(work, `case-${++count}`);
    await makeTree(dir, { 'target/leftover': 'x' });
    const zip = await makeZip(dir, 'ok.zip', [MAIN]);
    await assert.rejects(stageSubmission(zip, path.join(dir, 'target'), rules()), /staging folder .* is not empty/);
  });
});

describe('stageSubmission refuses hostile zips', () => {
  test('zip slip: a ".." segment', async () => {
    const { result, target } = await stage('slip.zip', [MAIN, { name: '../evil.py', data: 'x' }]);
    const hint = refusedWith(
      result,
      'slip.zip was refused: "../evil.py" has a ".." segment that points outside the submission',
    );
    assert.match(hint, /paths relative to the submission folder/);
    assert.deepEqual(await listTree(target), []);
    // and nothing landed next to the target either
    await assert.rejects(stat(path.join(target, '..', 'evil.py')), { code: 'ENOENT' });
  });

  test('a ".." hidden in the middle of a path', async () => {
    const { result } = await stage('slip2.zip', [MAIN, { name: 'a/../../b.py', data: 'x' }]);
    refusedWith(result, 'slip2.zip was refused: "a/../../b.py" has a ".." segment that points outside the submission');
  });

  test('an absolute path', async () => {
    const { result, target } = await stage('absolute.zip', [MAIN, { name: '/etc/x', data: 'x' }]);
    refusedWith(result, 'absolute.zip was refused: "/etc/x" is an absolute path');
    assert.deepEqual(await listTree(target), []);
  });

  test('a drive letter and backslash tricks', async () => {
    const { result } = await stage('windows-tricks.zip', [
      MAIN,
      { name: 'C:\\Windows\\x.dll', data: 'x' },
      { name: 'c:/x.py', data: 'x' },
      { name: '..\\evil.py', data: 'x' },
    ]);
    refusedWith(
      result,
      'windows-tricks.zip was refused (3 problems): "C:\\Windows\\x.dll" starts with a drive letter; "c:/x.py" starts with a drive letter; "..\\evil.py" contains a backslash (\\)',
      [
        '"C:\\Windows\\x.dll" starts with a drive letter',
        '"c:/x.py" starts with a drive letter',
        '"..\\evil.py" contains a backslash (\\)',
      ],
    );
  });

  test('a control character in a (UTF-8) name', async () => {
    // The "é" makes zipfile mark the name as UTF-8; a name in CP437 has no control characters.
    const { result } = await stage('newline.zip', [MAIN, { name: 'é\nb.py', data: 'x' }]);
    refusedWith(
      result,
      'newline.zip was refused: "é\\nb.py" has a control character (newline, tab, NUL …) in its name',
    );
  });

  test('a symbolic link made by `zip -y`', async () => {
    const dir = path.join(work, `case-${++count}`);
    await makeTree(dir, { 'src/main.py': 'print(1)\n', 'target/': '' });
    await symlink('/etc/passwd', path.join(dir, 'src', 'passwd'));
    const zip = path.join(dir, 'link.zip');
    await execa('zip', ['-q', '-r', '-y', zip, '.'], { cwd: path.join(dir, 'src') });
    const result = await stageSubmission(zip, path.join(dir, 'target'), rules());
    const hint = refusedWith(result, 'link.zip was refused: "passwd" is a symbolic link');
    assert.match(hint, /replace each link with a copy of the file it points to/);
    assert.deepEqual(await listTree(path.join(dir, 'target')), []);
  });

  test('a symbolic link to a folder, as a mode in the external attributes', async () => {
    const { result } = await stage('dirlink.zip', [MAIN, { name: 'up', data: '..', mode: 0o120777 }]);
    refusedWith(result, 'dirlink.zip was refused: "up" is a symbolic link');
  });

  test('device, FIFO and socket entries', async () => {
    const { result } = await stage('devices.zip', [
      MAIN,
      { name: 'tty', mode: 0o020666 },
      { name: 'disk', mode: 0o060660 },
      { name: 'pipe', mode: 0o010644 },
      { name: 'sock', mode: 0o140755 },
    ]);
    refusedWith(
      result,
      'devices.zip was refused (4 problems): "tty" is a character device, not a regular file; "disk" is a block device, not a regular file; "pipe" is a named pipe (FIFO), not a regular file; … 1 more',
      [
        '"tty" is a character device, not a regular file',
        '"disk" is a block device, not a regular file',
        '"pipe" is a named pipe (FIFO), not a regular file',
        '"sock" is a socket, not a regular file',
      ],
    );
  });

  test('a folder mode on a name without a trailing slash', async () => {
    const { result } = await stage('mismatch.zip', [MAIN, { name: 'weird', mode: 0o40755 }]);
    refusedWith(result, 'mismatch.zip was refused: "weird" is marked as a folder but its name does not end with /');
  });

  test('an encrypted entry made by `zip -P`', async () => {
    const dir = path.join(work, `case-${++count}`);
    await makeTree(dir, { 'src/main.py': 'print(1)\n', 'src/model.bin': 'weights', 'target/': '' });
    const zip = path.join(dir, 'secret.zip');
    await execa('zip', ['-q', '-P', 'hunter2', zip, 'main.py', 'model.bin'], { cwd: path.join(dir, 'src') });
    const result = await stageSubmission(zip, path.join(dir, 'target'), rules());
    const hint = refusedWith(
      result,
      'secret.zip was refused (2 problems): "main.py" is encrypted; "model.bin" is encrypted',
    );
    assert.match(hint, /without a password/);
  });

  test('an unsupported compression method', async () => {
    const { result } = await stage('bzip.zip', [MAIN]);
    assert.equal(result.ok, true); // control: the same zip with deflate passes
    const dir = path.join(work, `case-${++count}`);
    await mkdir(path.join(dir, 'target'), { recursive: true });
    const zip = path.join(dir, 'bzip.zip');
    await execa('python3', [
      '-c',
      `import zipfile\nwith zipfile.ZipFile(${JSON.stringify(zip)}, 'w', zipfile.ZIP_BZIP2) as z: z.writestr('main.py', 'print(1)')`,
    ]);
    const refused = await stageSubmission(zip, path.join(dir, 'target'), rules());
    refusedWith(
      refused,
      'bzip.zip was refused: "main.py" uses compression method 12, which is not supported (only stored and deflate are)',
    );
  });

  test('more entries than max_files, refused from the directory record alone', async () => {
    const entries = [MAIN, ...Array.from({ length: 10 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }))];
    const { result, target } = await stage('many.zip', entries, rules({ maxFiles: 10 }));
    const hint = refusedWith(
      result,
      'many.zip was refused: it holds more than 10 files and folders (submission.max_files)',
    );
    assert.match(hint, /submission\.max_files/);
    assert.deepEqual(await listTree(target), []);
  });

  test('implied folders count towards max_files too', async () => {
    // 3 entries, but a/, a/b/ and a/b/c/ are folders: 6 files and folders.
    const { result } = await stage(
      'deep.zip',
      [MAIN, { name: 'a/b/c/d.txt', data: 'x' }, { name: 'e.txt', data: 'x' }],
      rules({ maxFiles: 5 }),
    );
    refusedWith(result, 'deep.zip was refused: it holds more than 5 files and folders (submission.max_files)');
  });

  test('duplicate entry names', async () => {
    const { result } = await stage('dup.zip', [MAIN, { name: 'a.py', data: '1' }, { name: './a.py', data: '2' }]);
    refusedWith(result, 'dup.zip was refused: "a.py" appears more than once in the zip');
  });

  test('a name that is both a file and a folder', async () => {
    const { result } = await stage('clash.zip', [MAIN, { name: 'lib', data: 'x' }, { name: 'lib/x.py', data: 'x' }]);
    refusedWith(result, 'clash.zip was refused: "lib" is both a file and a folder');
  });

  test('names the container mounts over, at the root only', async () => {
    const { result, target } = await stage('reserved.zip', [
      MAIN,
      { name: 'data/train.csv', data: 'a,b\n' },
      { name: 'submission/', mode: 0o40755 },
      { name: 'lib/data/ok.csv', data: 'fine below the root' },
    ]);
    const hint = refusedWith(
      result,
      'reserved.zip was refused (2 problems): "data" at the submission root is reserved: the competition mounts its own "data" folder there, which would hide yours; "submission" at the submission root is reserved: the competition mounts its own "submission" folder there, which would hide yours',
    );
    assert.match(hint, /Rename "data" \(e\.g\. to "data_files"\)/);
    assert.deepEqual(await listTree(target), []);
  });

  test('entry point only in a subfolder (not the only top-level item)', async () => {
    const { result } = await stage('nested.zip', [
      { name: 'README.md', data: 'r' },
      { name: 'src/main.py', data: 'print(1)' },
    ]);
    const hint = refusedWith(result, 'nested.zip was refused: no main.py at the top of the submission');
    assert.equal(hint, 'main.py must sit at the top of the submission, not in a subfolder (found: src/main.py).');
  });

  test('a single top-level folder holding the entry point: "zip the contents, not the folder"', async () => {
    const { result } = await stage('folder.zip', [
      { name: 'my-sub/', mode: 0o40755 },
      { name: 'my-sub/main.py', data: 'print(1)' },
      { name: 'my-sub/model.pkl', data: 'm' },
      { name: '__MACOSX/my-sub/._main.py', data: 'junk' },
    ]);
    const hint = refusedWith(result, 'folder.zip was refused: no main.py at the top of the submission');
    assert.equal(
      hint,
      'The zip holds a single folder "my-sub/" with main.py inside: zip the folder\'s contents, not the folder (e.g. `cd my-sub && zip -r ../submission.zip .`, or `holdout pack my-sub`).',
    );
  });

  test('no entry point at all, and one that is a folder', async () => {
    const none = await stage('none.zip', [{ name: 'model.pkl', data: 'm' }]);
    const hint = refusedWith(none.result, 'none.zip was refused: no main.py at the top of the submission');
    assert.equal(hint, 'Add main.py — the file the competition runs — at the top of the submission.');
    const folder = await stage('entry-folder.zip', [
      { name: 'main.py/', mode: 0o40755 },
      { name: 'main.py/x', data: '' },
    ]);
    refusedWith(
      folder.result,
      'entry-folder.zip was refused: "main.py" is a folder, but it must be the file the competition runs',
    );
  });

  test('a file that is not a zip, and a truncated zip', async () => {
    const dir = path.join(work, `case-${++count}`);
    await makeTree(dir, { 'notes.zip': 'this is plain text, not a zip\n', 'target/': '' });
    const plain = await stageSubmission(path.join(dir, 'notes.zip'), path.join(dir, 'target'), rules());
    const hint = refusedWith(
      plain,
      'notes.zip was refused: it is not a readable zip file (End of central directory record signature not found. Either not a zip file, or file is truncated.)',
    );
    assert.match(hint, /holdout pack DIR/);

    const good = await makeZip(dir, 'good.zip', [MAIN, { name: 'big.bin', data: 'y'.repeat(5000) }]);
    const bytes = await readFile(good);
    await writeFile(path.join(dir, 'cut.zip'), bytes.subarray(0, bytes.length - 30));
    const cut = await stageSubmission(path.join(dir, 'cut.zip'), path.join(dir, 'target'), rules());
    assert.equal(cut.ok, false);
    if (!cut.ok) assert.match(cut.message, /^cut\.zip was refused: it is not a readable zip file \(/);
  });

  test('an entry whose data is corrupt is refused and what was written is deleted', async () => {
    const dir = path.join(work, `case-${++count}`);
    await mkdir(path.join(dir, 'target'), { recursive: true });
    const text = Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 10007).toString(36)).join(',');
    const zip = await makeZip(dir, 'corrupt.zip', [MAIN, { name: 'z.bin', data: text }]);
    const bytes = await readFile(zip);
    // Overwrite the middle of z.bin's deflate stream (after its local header) with garbage.
    const at = bytes.indexOf(Buffer.from('z.bin')) + 5 + 200;
    bytes.fill(0xff, at, at + 40);
    await writeFile(zip, bytes);
    const result = await stageSubmission(zip, path.join(dir, 'target'), rules());
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /^corrupt\.zip was refused: "z\.bin" could not be unpacked \(/);
    assert.deepEqual(await listTree(path.join(dir, 'target')), []);
  });

  test('an entry that inflates to more than it declares (a lying header)', async () => {
    const { result, target } = await stage('liar.zip', [MAIN, { name: 'lie.bin', zeros: 4 * MiB, declare_size: 100 }]);
    refusedWith(
      result,
      'liar.zip was refused: "lie.bin" could not be unpacked (too many bytes in the stream. expected 100. got at least 16384)',
    );
    assert.deepEqual(await listTree(target), []);
  });

  test('several problems are all listed, so they can be fixed in one go', async () => {
    const { result } = await stage('all.zip', [
      { name: '../a', data: '' },
      { name: '/b', data: '' },
      { name: 'l', data: 'x', mode: 0o120777 },
      { name: 'data/x', data: '' },
    ]);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(
      result.message,
      'all.zip was refused (5 problems): "../a" has a ".." segment that points outside the submission; "/b" is an absolute path; "l" is a symbolic link; … 2 more',
    );
    assert.equal(result.problems.length, 5);
    assert.equal(result.problems[4], 'no main.py at the top of the submission');
  });
});

describe('stageSubmission against a zip bomb', () => {
  const LIMIT = 10 * MiB;
  let bombDir: string;
  let bomb: string;

  before(async () => {
    bombDir = path.join(work, 'bomb');
    await mkdir(bombDir, { recursive: true });
    // 1 GiB of zeros that deflate to about 1 MB; the sizes it declares are honest,
    // so only counting while inflating stops it.
    bomb = await makeZip(bombDir, 'bomb.zip', [MAIN, { name: 'zeros.bin', zeros: 1024 * MiB }]);
  });

  test('stops at the size limit, deletes what it wrote, and keeps memory flat', async () => {
    assert.ok((await stat(bomb)).size < 2 * MiB, 'the bomb itself is small');
    const target = path.join(bombDir, 'target');
    await mkdir(target);
    const rssBefore = process.memoryUsage().rss;
    const result = await stageSubmission(bomb, target, rules({ maxSize: LIMIT }));
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    // The file being inflated when the count passed the limit is named, and the largest the zip declares.
    refusedWith(
      result,
      'bomb.zip was refused: its files add up to more than 10 MiB (submission.max_size), passed while writing "zeros.bin"; the largest: zeros.bin (1.00 GiB), main.py (15 B)',
    );
    assert.deepEqual(await listTree(target), [], 'everything written was deleted');
    assert.equal(await treeBytes(target), 0);
    assert.ok(rssGrowth < 100 * MiB, `memory grew by ${Math.round(rssGrowth / MiB)} MiB`);
  });

  test('the same bomb passes with a limit above its size, so the refusal above is the limit', async () => {
    // Not run against 1 GiB (that would write 1 GiB): a 12 MiB sibling is enough.
    const dir = path.join(bombDir, 'small');
    await mkdir(path.join(dir, 'target'), { recursive: true });
    const zip = await makeZip(dir, 'small.zip', [MAIN, { name: 'zeros.bin', zeros: 12 * MiB }]);
    const ok = await stageSubmission(zip, path.join(dir, 'target'), rules({ maxSize: 13 * MiB }));
    assert.deepEqual(ok, { ok: true, files: 2, bytes: 12 * MiB + 15, warnings: [] });
  });
});

describe('stageSubmission refuses names too long or too deep, before writing anything', () => {
  /** What a message quotes of a long name: its first 59 characters and "…". */
  const short = (name: string) => `${name.slice(0, 59)}…`;

  test('three names ~32,700 folders deep (a 393 KB zip) are refused from the directory alone', async () => {
    const deep = ['a', 'b', 'c'].map((d) => `${`${d}/`.repeat(32_700)}x.py`);
    const { result, target } = await stage('deep.zip', [MAIN, ...deep.map((name) => ({ name, data: '' }))]);
    const problems = deep.map((name) => `"${short(name)}" is 32700 folders deep (at most 64)`);
    const hint = refusedWith(result, `deep.zip was refused (3 problems): ${problems.join('; ')}`, problems);
    assert.equal(
      hint,
      'Shorten the name: at most 255 bytes per file or folder name, 1024 bytes per path, and 64 nested folders.',
    );
    assert.deepEqual(await listTree(target), []);
  });

  test('64 folders deep is accepted, 65 is refused', async () => {
    const ok = `${'d/'.repeat(64)}ok.txt`;
    const accepted = await stage('depth-64.zip', [MAIN, { name: ok, data: 'y' }]);
    assert.deepEqual(accepted.result, { ok: true, files: 2, bytes: 16, warnings: [] });
    assert.equal(await readFile(path.join(accepted.target, ok), 'utf8'), 'y');

    const tooDeep = `${'d/'.repeat(65)}no.txt`;
    const { result, target } = await stage('depth-65.zip', [MAIN, { name: tooDeep, data: 'y' }]);
    refusedWith(result, `depth-65.zip was refused: "${short(tooDeep)}" is 65 folders deep (at most 64)`);
    assert.deepEqual(await listTree(target), []);
  });

  test('a file or folder name over 255 bytes (counted in UTF-8 bytes, not characters)', async () => {
    const long = `${'x'.repeat(300)}.txt`;
    const accents = `lib/${'é'.repeat(128)}/a.py`; // 128 characters, 256 bytes
    const { result, target } = await stage('long-name.zip', [
      MAIN,
      { name: long, data: 'x' },
      { name: accents, data: 'x' },
      { name: `${'y'.repeat(255)}/` }, // exactly 255 bytes: fine
    ]);
    refusedWith(
      result,
      `long-name.zip was refused (2 problems): "${short(long)}" has a file or folder name of 304 bytes (at most 255); ` +
        `"${short(accents)}" has a file or folder name of 256 bytes (at most 255)`,
    );
    assert.deepEqual(await listTree(target), []);
  });

  test('a path over 1024 bytes, including one longer than PATH_MAX (4096)', async () => {
    const part = 'p'.repeat(250);
    const atLimit = `${Array(4).fill(part).join('/')}/${'f'.repeat(20)}`; // 1024 bytes
    assert.equal(atLimit.length, 1024);
    const accepted = await stage('path-1024.zip', [MAIN, { name: atLimit, data: 'z' }]);
    assert.deepEqual(accepted.result, { ok: true, files: 2, bytes: 16, warnings: [] });

    const over = `${atLimit}g`;
    const huge = `${Array(17).fill(part).join('/')}/h.txt`; // 4272 bytes
    const { result, target } = await stage('long-path.zip', [
      MAIN,
      { name: over, data: 'z' },
      { name: huge, data: 'z' },
    ]);
    refusedWith(
      result,
      `long-path.zip was refused (2 problems): "${short(over)}" is a path of 1025 bytes (at most 1024); ` +
        `"${short(huge)}" is a path of 4272 bytes (at most 1024)`,
    );
    assert.deepEqual(await listTree(target), []);
  });
});
