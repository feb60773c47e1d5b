import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fetchSubmissionFolder } from '../../src/github/fetch-submission.js';
import { stageSubmission } from '../../src/submission/staging.js';
import { createClient } from '../../src/github/octokit.js';
import { GitHubEmulator } from './emulator/server.js';

const SHA = 'c'.repeat(40);
let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

async function fetch(
  files: Parameters<GitHubEmulator['addCommit']>[1],
  limits = { maxFiles: 10, maxBytes: 1000 },
  exclude?: string[],
  folder = 'submissions/alice',
) {
  emu.addCommit(SHA, files);
  const dest = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-fetch-'));
  const client = createClient({ token: undefined, baseUrl: emu.url, warn: () => {} });
  return fetchSubmissionFolder(
    client,
    { owner: emu.owner, repo: emu.repo },
    { headSha: SHA, folder, destDir: path.join(dest, 'sub'), limits, ...(exclude ? { exclude } : {}) },
  );
}

test('the folder arrives as plain, non-executable files, nothing else of the repository', async () => {
  const got = await fetch({
    'submissions/alice/main.py': 'print(1)\n',
    'submissions/alice/model/w.bin': Buffer.from([0, 1, 2]),
    'submissions/bob/main.py': 'x',
    'README.md': 'r',
  });
  assert.deepEqual({ files: got.files, bytes: got.bytes }, { files: 2, bytes: 12 });
  assert.deepEqual((await readdir(got.dir, { recursive: true })).sort(), ['main.py', 'model', 'model/w.bin']);
  assert.equal(await readFile(path.join(got.dir, 'main.py'), 'utf8'), 'print(1)\n');
  assert.equal((await stat(path.join(got.dir, 'main.py'))).mode & 0o111, 0);
  assert.equal(
    emu.requests.every((r) => r.authorization === undefined),
    true,
    'no token: anonymous reads',
  );
});

test('a blob git records as executable (100755) arrives executable; staging then keeps the bit on the entry point only', async () => {
  const got = await fetch({
    'submissions/alice/main': { executable: '#!/bin/sh\necho hi\n' },
    'submissions/alice/tool.sh': { executable: '#!/bin/sh\n' },
    'submissions/alice/w.bin': 'w',
  });
  const mode = async (p: string) => (await stat(path.join(got.dir, p))).mode & 0o111;
  assert.notEqual(await mode('main'), 0);
  assert.notEqual(await mode('tool.sh'), 0);
  assert.equal(await mode('w.bin'), 0);
  const staged = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-fetch-staged-'));
  const result = await stageSubmission(got.dir, staged, {
    entryPoint: 'main',
    maxSize: 1000,
    maxFiles: 10,
    exclude: [],
    reserved: [],
  });
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.deepEqual(
    [(await stat(path.join(staged, 'main'))).mode & 0o777, (await stat(path.join(staged, 'tool.sh'))).mode & 0o777],
    [0o755, 0o644],
  );
});

test('links, submodules, too many files and folders, too many bytes and a missing folder are refused before download, with the rule named', async () => {
  await assert.rejects(
    fetch({ 'submissions/alice/main.py': 'x', 'submissions/alice/data': { symlink: '/etc/passwd' } }),
    {
      name: 'SubmissionFetchError',
      message: 'submissions/alice/ was refused: "data" is a symbolic link',
      hint: /replace each link with a copy of the file it points to/,
    },
  );
  await assert.rejects(
    fetch({ 'submissions/alice/lib': { submodule: 'd'.repeat(40) }, 'submissions/alice/main.py': 'x' }),
    { message: 'submissions/alice/ was refused: "lib" is a git submodule, not a regular file' },
  );
  await assert.rejects(
    fetch({ 'submissions/alice/a': 'x', 'submissions/alice/b': 'y' }, { maxFiles: 1, maxBytes: 100 }),
    { message: 'submissions/alice/ was refused: it holds more than 1 files and folders (submission.max_files)' },
  );
  // Folders count, as they do for a local folder: one file two folders deep is three.
  await assert.rejects(fetch({ 'submissions/alice/a/b/c.txt': 'x' }, { maxFiles: 2, maxBytes: 100 }), {
    message: /more than 2 files and folders/,
  });
  await assert.rejects(fetch({ 'submissions/alice/a': 'x'.repeat(200) }, { maxFiles: 5, maxBytes: 100 }), {
    message:
      'submissions/alice/ was refused: its files add up to more than 100 B (submission.max_size); the largest: a (200 B)',
  });
  assert.equal(emu.calls('git/get-blob').length, 0);
  await assert.rejects(fetch({ 'submissions/bob/main.py': 'x' }), {
    message: 'submissions/alice/ does not exist at commit ccccccc: add your files under submissions/alice/',
  });
  await assert.rejects(fetch({ 'submissions/alice': 'a file' }), {
    message: 'submissions/alice is not a folder: put your main.py and assets inside submissions/alice/',
  });
});

test('a 300-byte file name is invalid_submission with the rule named, decided before any download (it used to kill the job with ENAMETOOLONG)', async () => {
  const long = `${'n'.repeat(297)}.py`;
  await assert.rejects(
    fetch({ 'submissions/alice/main.py': 'x', [`submissions/alice/${long}`]: 'y' }),
    (e: Error & { hint?: string; problems?: string[] }) => {
      assert.equal(e.name, 'SubmissionFetchError');
      assert.equal(
        e.message,
        `submissions/alice/ was refused: "${'n'.repeat(59)}…" has a file or folder name of 300 bytes (at most 255)`,
      );
      assert.match(e.hint!, /at most 255 bytes per file or folder name, 1024 bytes per path, and 64 nested folders/);
      return true;
    },
  );
  // Too deep and too long a path: the same rules as a local folder or a zip.
  const deep = Object.fromEntries([
    [`submissions/alice/${Array.from({ length: 66 }, (_, i) => `d${i}`).join('/')}/x`, 'z'],
    ['submissions/alice/main.py', 'x'],
  ]);
  await assert.rejects(fetch(deep, { maxFiles: 1000, maxBytes: 1000 }), {
    message: /is 66 folders deep \(at most 64\)/,
  });
  const longPath = Object.fromEntries([
    [`submissions/alice/${Array.from({ length: 5 }, () => 'p'.repeat(250)).join('/')}`, 'z'],
  ]);
  await assert.rejects(fetch(longPath, { maxFiles: 1000, maxBytes: 1000 }), {
    message: /is a path of 1254 bytes \(at most 1024\)/,
  });
  assert.equal(emu.calls('git/get-blob').length, 0, 'nothing downloaded');
});

test('a submissions/ folder with 1,001 participants: the folder is found (the contents API lists only 1,000 entries)', async () => {
  const files: Parameters<GitHubEmulator['addCommit']>[1] = {};
  for (let i = 0; i < 1001; i++) files[`submissions/p${String(i).padStart(4, '0')}/main.py`] = `print(${i})\n`;
  files['submissions/zoe/main.py'] = 'print("zoe")\n';
  const got = await fetch(files, { maxFiles: 10, maxBytes: 1000 }, undefined, 'submissions/zoe');
  assert.deepEqual({ files: got.files, bytes: got.bytes }, { files: 1, bytes: 13 });
  assert.equal(await readFile(path.join(got.dir, 'main.py'), 'utf8'), 'print("zoe")\n');
  assert.equal(emu.calls('repos/get-content').length, 0, 'the git trees API, not the contents API');
  // commit → root → submissions → zoe (one level each), then zoe recursively.
  assert.deepEqual(
    emu.requests.map((r) => r.operationId).filter((o) => o !== 'git/get-blob'),
    ['git/get-commit', 'git/get-tree', 'git/get-tree', 'git/get-tree'],
  );
});

test('a folder GitHub lists as truncated is refused as too many files, before download', async () => {
  emu.treeEntryLimit = 5;
  const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`submissions/alice/f${i}`, 'x']));
  await assert.rejects(fetch(files, { maxFiles: 300, maxBytes: 1000 }), {
    name: 'SubmissionFetchError',
    message: 'submissions/alice/ was refused: it holds more than 300 files and folders (submission.max_files)',
  });
  assert.equal(emu.calls('git/get-blob').length, 0);
});

test('submission.exclude applies before counting and before fetching: excluded files neither count nor download', async () => {
  // The defaults of competition.yml's submission.exclude, plus a folder glob.
  const exclude = [
    '.git/**',
    '**/__pycache__/**',
    '**/*.pyc',
    '.ipynb_checkpoints/**',
    '.DS_Store',
    '**/.DS_Store',
    'cache/',
  ];
  const files: Parameters<GitHubEmulator['addCommit']>[1] = {
    'submissions/alice/main.py': 'print(1)\n',
    'submissions/alice/lib/util.py': 'x = 1\n',
  };
  for (let i = 0; i < 20; i++) {
    files[`submissions/alice/lib/__pycache__/m${i}.cpython-311.pyc`] = 'compiled';
    files[`submissions/alice/.git/objects/${i}`] = 'object';
  }
  files['submissions/alice/.DS_Store'] = 'finder';
  files['submissions/alice/cache/big.bin'] = 'y'.repeat(5000); // over maxBytes, were it counted
  files['submissions/alice/cache/link'] = { symlink: '/etc/passwd' }; // refused, were it looked at
  const got = await fetch(files, { maxFiles: 3, maxBytes: 1000 }, exclude);
  assert.deepEqual({ files: got.files, bytes: got.bytes }, { files: 2, bytes: 15 });
  assert.deepEqual((await readdir(got.dir, { recursive: true })).sort(), ['lib', 'lib/util.py', 'main.py']);
  assert.equal(emu.calls('git/get-blob').length, 2, 'excluded blobs are never downloaded');

  // Without the excludes the same folder is over the limit (what the check used to count).
  await assert.rejects(fetch(files, { maxFiles: 100, maxBytes: 100_000 }), {
    message: /^submissions\/alice\/ was refused.*"cache\/link" is a symbolic link/,
  });
  delete files['submissions/alice/cache/link'];
  await assert.rejects(fetch(files, { maxFiles: 3, maxBytes: 100_000 }), {
    message: 'submissions/alice/ was refused: it holds more than 3 files and folders (submission.max_files)',
  });
});

test('a folder named in another case than the login (submissions/Alice/) is found by the login, as classify accepts it (re-scores know only the login)', async () => {
  const got = await fetch({ 'submissions/Alice/main.py': 'print(1)\n', 'submissions/bob/main.py': 'x' });
  assert.deepEqual((await readdir(got.dir)).sort(), ['main.py']);
  // The exact name wins when both exist.
  const both = await fetch({ 'submissions/ALICE/a.py': 'a', 'submissions/alice/main.py': 'print(2)\n' });
  assert.deepEqual((await readdir(both.dir)).sort(), ['main.py']);
});
