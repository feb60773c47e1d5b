/** The byte budget stops an endless source right at the limit, and names are checked before any write. */
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { checkName } from '../../src/submission/names.js';
import { ByteBudget, writeNewFile } from '../../src/submission/write.js';
import { cleanup, MiB, tempDir } from './helpers.js';

let work: string;
before(async () => {
  work = await tempDir();
});
after(async () => {
  await cleanup(work);
});

/** An endless stream of zeros that counts what it was asked to produce. */
function endlessZeros(): { stream: Readable; produced: () => number } {
  let produced = 0;
  const chunk = Buffer.alloc(64 * 1024);
  const stream = new Readable({
    read() {
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, produced: () => produced };
}

test('writeNewFile stops an endless source as soon as the budget is passed', async () => {
  const source = endlessZeros();
  const dest = path.join(work, 'endless.bin');
  const outcome = await writeNewFile(source.stream, dest, new ByteBudget(2 * MiB));
  assert.deepEqual(outcome, { ok: false, cause: 'over-budget' });
  // Stopped within a few buffered chunks of the limit, not after reading everything.
  assert.ok(source.produced() < 3 * MiB, `produced ${source.produced()} bytes`);
  assert.ok((await stat(dest)).size <= 2 * MiB);
  assert.equal(source.stream.destroyed, true);
});

test('the budget is shared by all files of a submission', async () => {
  const budget = new ByteBudget(100);
  assert.deepEqual(await writeNewFile(Readable.from([Buffer.alloc(60)]), path.join(work, 'a'), budget), { ok: true });
  assert.deepEqual(await writeNewFile(Readable.from([Buffer.alloc(60)]), path.join(work, 'b'), budget), {
    ok: false,
    cause: 'over-budget',
  });
});

test('writeNewFile never overwrites or follows what is already there, and says so by throwing', async () => {
  await mkdir(path.join(work, 'exists'));
  await assert.rejects(writeNewFile(Readable.from(['x']), path.join(work, 'exists'), new ByteBudget(10)), {
    code: 'EEXIST',
  });
});

test("a failing source is the submission's problem, not ours", async () => {
  const failing = new Readable({
    read() {
      this.destroy(new Error('invalid distance too far back'));
    },
  });
  const outcome = await writeNewFile(failing, path.join(work, 'bad'), new ByteBudget(10));
  assert.equal(outcome.ok, false);
  if (!outcome.ok) assert.equal(outcome.cause, 'source');
});

test('checkName: accepted and normalized names', () => {
  assert.deepEqual(checkName('a/b.py'), { ok: true, path: 'a/b.py', endsWithSlash: false });
  assert.deepEqual(checkName('./a//b/'), { ok: true, path: 'a/b', endsWithSlash: true });
  assert.deepEqual(checkName('./'), { ok: true, path: '', endsWithSlash: true });
  assert.deepEqual(checkName('a..b/..c'), { ok: true, path: 'a..b/..c', endsWithSlash: false });
});

test('checkName: refused names', () => {
  const text = (name: string) => {
    const r = checkName(name);
    return r.ok ? 'accepted' : r.problem.text;
  };
  assert.equal(text('../x'), '"../x" has a ".." segment that points outside the submission');
  assert.equal(text('a/..'), '"a/.." has a ".." segment that points outside the submission');
  assert.equal(text('/x'), '"/x" is an absolute path');
  assert.equal(text('//server/share'), '"//server/share" is an absolute path');
  assert.equal(text('C:x'), '"C:x" starts with a drive letter');
  assert.equal(text('a\\..\\..\\x'), '"a\\..\\..\\x" contains a backslash (\\)');
  assert.equal(text('\\x'), '"\\x" contains a backslash (\\)');
  assert.equal(text('a\u0000b'), '"a\\u0000b" has a control character (newline, tab, NUL …) in its name');
});
