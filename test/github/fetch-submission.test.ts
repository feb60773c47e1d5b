import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fetchSubmissionFolder } from '../../src/github/fetch-submission.js';
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

async function fetch(files: Parameters<GitHubEmulator['addCommit']>[1], limits = { maxFiles: 10, maxBytes: 1000 }, exclude?: string[]) {
  emu.addCommit(SHA, files);
  const dest = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-fetch-'));
  const client = createClient({ token: undefined, baseUrl: emu.url, warn: () => {} });
  return fetchSubmissionFolder(client, { owner: emu.owner, repo: emu.repo }, { headSha: SHA, folder: 'submissions/alice', destDir: path.join(dest, 'sub'), limits, ...(exclude ? { exclude } : {}) });
}

test('the folder arrives as plain, non-executable files, nothing else of the repository', async () => {
  const got = await fetch({ 'submissions/alice/main.py': 'print(1)\n', 'submissions/alice/model/w.bin': Buffer.from([0, 1, 2]), 'submissions/bob/main.py': 'x', 'README.md': 'r' });
  assert.deepEqual({ files: got.files, bytes: got.bytes }, { files: 2, bytes: 12 });
  assert.deepEqual((await readdir(got.dir, { recursive: true })).sort(), ['main.py', 'model', 'model/w.bin']);
  assert.equal(await readFile(path.join(got.dir, 'main.py'), 'utf8'), 'print(1)\n');
  assert.equal((await stat(path.join(got.dir, 'main.py'))).mode & 0o111, 0);
  assert.equal(emu.requests.every((r) => r.authorization === undefined), true, 'no token: anonymous reads');
});

test('links, submodules, too many files, too many bytes and a missing folder are refused before download', async () => {
  await assert.rejects(fetch({ 'submissions/alice/main.py': 'x', 'submissions/alice/data': { symlink: '/etc/passwd' } }), { name: 'SubmissionFetchError', message: 'submissions/alice/data is a symbolic link; links are not allowed in submissions: copy the file instead' });
  await assert.rejects(fetch({ 'submissions/alice/lib': { submodule: 'd'.repeat(40) }, 'submissions/alice/main.py': 'x' }), { message: 'submissions/alice/lib is a git submodule; submissions must contain the files themselves' });
  await assert.rejects(fetch({ 'submissions/alice/a': 'x', 'submissions/alice/b': 'y' }, { maxFiles: 1, maxBytes: 100 }), { message: 'submissions/alice/ holds 2 files, more than the 1 allowed; remove files or pack them into submission.zip' });
  await assert.rejects(fetch({ 'submissions/alice/a': 'x'.repeat(200) }, { maxFiles: 5, maxBytes: 100 }), { message: 'submissions/alice/ holds 200 bytes, more than the 100 allowed; make your model assets smaller' });
  assert.equal(emu.calls('git/get-blob').length, 0);
  await assert.rejects(fetch({ 'submissions/bob/main.py': 'x' }), { message: 'submissions/alice/ does not exist at commit ccccccc: add your files under submissions/alice/' });
});

test('submission.exclude applies before counting and before fetching: excluded files neither count nor download', async () => {
  // The defaults of competition.yml's submission.exclude, plus a folder glob.
  const exclude = ['.git/**', '**/__pycache__/**', '**/*.pyc', '.ipynb_checkpoints/**', '.DS_Store', '**/.DS_Store', 'cache/'];
  const files: Parameters<GitHubEmulator['addCommit']>[1] = { 'submissions/alice/main.py': 'print(1)\n', 'submissions/alice/lib/util.py': 'x = 1\n' };
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
  await assert.rejects(fetch(files, { maxFiles: 3, maxBytes: 100_000 }), { message: /^submissions\/alice\/cache\/link is a symbolic link/ });
  delete files['submissions/alice/cache/link'];
  await assert.rejects(fetch(files, { maxFiles: 3, maxBytes: 100_000 }), { message: 'submissions/alice/ holds 44 files, more than the 3 allowed; remove files or pack them into submission.zip' });
});
