/**
 * Folder mode's host side (src/sandbox/output-folder.ts): the archive of the output folder is
 * hostile input. Real GNU tar archives for the good cases (long names, nested folders), and
 * headers made by hand for what the sandbox-side check already refuses (links, devices, "..",
 * names the host cannot write) — the host must refuse them on its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { TarFolderWriter, safeName, type FolderResult } from '../../src/sandbox/output-folder.js';
import { tempDir } from '../support/tmp.js';

/** Feed `archive` to a writer in chunks of `chunk` bytes (every boundary is exercised). */
async function extract(
  archive: Buffer,
  limits = { maxBytes: 1 << 20, maxEntries: 100 },
  chunk = 97,
): Promise<{ dest: string; result: FolderResult }> {
  const dest = path.join(await tempDir(), 'out');
  const w = await TarFolderWriter.create(dest, limits);
  for (let i = 0; i < archive.length && !w.done; i += chunk) await w.write(archive.subarray(i, i + chunk));
  return { dest, result: await w.end() };
}

function header(name: string, type: string, size: number, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  Buffer.from(name, 'latin1').copy(h, 0, 0, 100);
  h.write('0000644\0', 100);
  h.write('0001750\0', 108);
  h.write('0001750\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write(linkname, 157);
  h.write('ustar  \0', 257);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}
const pad = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
const END = Buffer.alloc(1024);
const file = (name: string, content: string) =>
  Buffer.concat([header(name, '0', content.length), pad(Buffer.from(content))]);

test('a GNU tar of a folder with long names and sub-folders is written out byte for byte', async () => {
  const src = await tempDir();
  const long = `${'n'.repeat(150)}.tif`;
  await mkdir(path.join(src, 'deep/er'), { recursive: true });
  await writeFile(path.join(src, long), Buffer.from([0, 1, 2, 255]));
  await writeFile(path.join(src, 'deep/er/x.txt'), 'x'.repeat(1000));
  await writeFile(path.join(src, 'empty.tif'), '');
  const archive = execFileSync('tar', ['-c', '-f', '-', '--format=gnu', '-C', src, '.']);
  const { dest, result } = await extract(archive);
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.files, 3);
  assert.equal(result.bytes, 1004);
  assert.deepEqual((await readdir(dest)).sort(), ['deep', 'empty.tif', long].sort());
  assert.deepEqual([...(await readFile(path.join(dest, long)))], [0, 1, 2, 255]);
  assert.equal(await readFile(path.join(dest, 'deep/er/x.txt'), 'utf8'), 'x'.repeat(1000));
});

test('links, devices and pipes are refused on the host too, and nothing is followed', async () => {
  for (const [type, problem] of [
    ['2', 'symlink'],
    ['1', 'not_regular'],
    ['3', 'not_regular'],
    ['4', 'not_regular'],
    ['6', 'not_regular'],
  ] as const) {
    const archive = Buffer.concat([file('./a.tif', 'ok'), header('./b.tif', type, 0, '/etc/shadow'), END]);
    const { result } = await extract(archive);
    assert.deepEqual(result.ok ? 'ok' : result.problem, problem, `type ${type}`);
  }
});

test('names that leave the folder, are not UTF-8, too long or too deep: bad_name', async () => {
  for (const name of ['../escape.tif', '/etc/passwd', `./${'d/'.repeat(40)}x`, './\xff\xfe.tif']) {
    const { dest, result } = await extract(Buffer.concat([file(name, 'x'), END]));
    assert.equal(result.ok ? 'ok' : result.problem, 'bad_name', name);
    assert.deepEqual(await readdir(dest), []);
  }
  assert.deepEqual(safeName('./a/./b.tif'), 'a/b.tif');
  assert.deepEqual(safeName('./'), '');
  assert.match((safeName('x'.repeat(2000)) as { why: string }).why, /longer than 1024 bytes/);
});

test('a header claiming more than the budget stops the read at once; so does one entry too many', async () => {
  const claim = header('./huge.tif', '0', 10 ** 9);
  const w = await TarFolderWriter.create(path.join(await tempDir(), 'out'), { maxBytes: 1 << 20, maxEntries: 100 });
  await w.write(claim);
  assert.equal(w.done, true, 'the caller may stop the exec without reading the gigabyte');
  const result = await w.end();
  assert.equal(result.ok ? 'ok' : result.problem, 'oversize');
  const many = Buffer.concat([...Array.from({ length: 4 }, (_, i) => file(`./f${i}`, 'x')), END]);
  const { result: r2 } = await extract(many, { maxBytes: 1 << 20, maxEntries: 3 });
  assert.equal(r2.ok ? 'ok' : r2.problem, 'oversize');
});

test('a damaged or cut archive is malformed (our side: the caller retries, then reports it as ours)', async () => {
  const bad = file('./a.tif', 'hello');
  bad[0] = 'b'.charCodeAt(0);
  assert.equal(((await extract(Buffer.concat([bad, END]))).result as { problem: string }).problem, 'malformed');
  const cut = file('./a.tif', 'hello').subarray(0, 600);
  assert.equal(((await extract(cut)).result as { problem: string }).problem, 'malformed');
});
