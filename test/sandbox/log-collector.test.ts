import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { LogCollector } from '../../src/sandbox/log-collector.js';
import { tempDir } from '../support/tmp.js';

test('keeps the first and last lines and counts them all', () => {
  const c = new LogCollector({ reportLines: 4, maxFileBytes: 1e6 });
  c.write('stdout', Buffer.from(Array.from({ length: 10 }, (_, i) => `line ${i + 1}\n`).join('')));
  const log = c.finish();
  assert.equal(log.lines, 10);
  assert.deepEqual(log.head, ['line 1', 'line 2']);
  assert.deepEqual(log.tail, ['line 9', 'line 10']);
  assert.equal(log.truncated, true);
});

test('lines split across chunks, CRLF, and a last line without newline', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6 });
  for (const piece of ['hel', 'lo\r\nwor', 'ld\n', 'no newline']) c.write('stdout', Buffer.from(piece));
  const log = c.finish();
  assert.deepEqual(log.head, ['hello', 'world', 'no newline']);
  assert.equal(log.truncated, false);
});

test('stdout and stderr partial lines do not mix', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6 });
  c.write('stdout', Buffer.from('out-a'));
  c.write('stderr', Buffer.from('err-a\n'));
  c.write('stdout', Buffer.from('out-b\n'));
  assert.deepEqual(c.finish().head, ['err-a', 'out-aout-b']);
});

test('an endless line is cut, holding no more than the cap', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6, maxLineBytes: 8 });
  for (let i = 0; i < 1000; i++) c.write('stdout', Buffer.from('x'.repeat(1000)));
  c.write('stdout', Buffer.from('\nnext\n'));
  assert.deepEqual(c.finish().head, ['xxxxxxxx [holdout: line cut at 8 bytes]', 'next']);
});

test('the log file stops at its cap with one marker line; live output stops after liveLines', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'log.txt');
  const live: string[] = [];
  const c = new LogCollector({
    reportLines: 4,
    maxFileBytes: 20,
    filePath: file,
    liveLines: 2,
    onLine: (l) => live.push(l),
  });
  c.write('stdout', Buffer.from('aaaa\nbbbb\ncccc\ndddd\neeee\nffff\n'));
  const log = c.finish();
  assert.equal(
    await readFile(file, 'utf8'),
    'aaaa\nbbbb\ncccc\ndddd\n[holdout: log file cut here at 20 bytes; the submission printed more]\n',
  );
  assert.equal(log.fileTruncated, true);
  assert.deepEqual(live, [
    'aaaa',
    'bbbb',
    '[holdout: 2 lines shown live; further output is kept in the log file and the last lines appear in the report]',
  ]);
});

test('a \\r progress bar collapses to its last state, in the log and in the log file', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'log.txt');
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6, filePath: file });
  c.write('output', Buffer.from('epoch 1\n'));
  // tqdm's way: each state starts with \r; bytes split anywhere, even inside a multi-byte block character.
  const states = [0, 1, 2, 3].map(
    (i) => `\r${String(i * 33 + (i === 3 ? 1 : 0)).padStart(3)}%|${'█'.repeat(i * 3).padEnd(9)}| ${i}/3`,
  );
  const bar = `${states.join('')}\n`;
  const bytes = Buffer.from(bar);
  for (let i = 0; i < bytes.length; i += 7) c.write('output', bytes.subarray(i, i + 7));
  c.write('output', Buffer.from('done\n'));
  const log = c.finish();
  assert.deepEqual(log.head, ['epoch 1', '100%|█████████| 3/3', 'done']);
  assert.equal(log.lines, 3);
  assert.equal(await readFile(file, 'utf8'), 'epoch 1\n100%|█████████| 3/3\ndone\n');
});

test('a line that ends with \\r keeps the state before it; CRLF is one line end', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6 });
  c.write('output', Buffer.from('50%\r100%\r\nwindows\r\n\r\n\rafter an empty line\n'));
  assert.deepEqual(c.finish().head, ['100%', 'windows', '', 'after an empty line']);
});

test('a \\r flood with no newline holds one state, and the last one is kept at the end', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6, maxLineBytes: 64 });
  // 64 MiB of bar states in 64 KiB chunks, never a newline: the old splitter kept the first 64 bytes of garbage.
  const chunk = Buffer.from(
    Array.from({ length: 1024 }, (_, i) => `\r${String(i).padStart(60, '.')}`)
      .join('')
      .slice(0, 65536),
  );
  for (let i = 0; i < 1024; i++) c.write('output', chunk);
  const tailState = chunk.toString().split('\r').pop()!;
  const log = c.finish();
  assert.equal(log.lines, 1);
  assert.deepEqual(log.head, [tailState]);
});

test('stdout and stderr partial lines do not mix, a \\r in one leaves the other alone', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6 });
  c.write('output', Buffer.from('bar 1'));
  c.write('docker', Buffer.from('engine says\r'));
  c.write('output', Buffer.from('\rbar 2\n'));
  c.write('docker', Buffer.from('\n'));
  assert.deepEqual(c.finish().head, ['bar 2', 'engine says']);
});

test('a cut line never ends inside a UTF-8 character', () => {
  const c = new LogCollector({ reportLines: 10, maxFileBytes: 1e6, maxLineBytes: 8 });
  c.write('output', Buffer.from('ab€€€€\n')); // € is 3 bytes: 2 + 3 + 3 = 8 fits, the next does not
  c.write('output', Buffer.from('abc€€€\n')); // 3 + 3 = 6; the next € would end at 9
  assert.deepEqual(c.finish().head, ['ab€€ [holdout: line cut at 8 bytes]', 'abc€ [holdout: line cut at 8 bytes]']);
});

test('onPartial sees a bar as it runs, on a timer, and an empty state once its line is finished', async () => {
  const partial: string[] = [];
  const lines: string[] = [];
  const c = new LogCollector({
    reportLines: 10,
    maxFileBytes: 1e6,
    onLine: (l) => lines.push(l),
    onPartial: (t) => partial.push(t),
    partialIntervalMs: 20,
  });
  const wait = () => new Promise((r) => setTimeout(r, 60));
  c.write('output', Buffer.from('\r 10%'));
  c.write('output', Buffer.from('\r 20%')); // within one interval: only the newest state is shown
  await wait();
  c.write('output', Buffer.from('\r 20%')); // unchanged: not shown again
  await wait();
  c.write('output', Buffer.from('\r 90%|'));
  await wait();
  c.write('output', Buffer.from('\r100%|\nnext'));
  await wait();
  c.finish();
  assert.deepEqual(partial, [' 20%', ' 90%|', '', 'next', '']);
  assert.deepEqual(lines, ['100%|', 'next']);
});

test('memory stays bounded under 512 MiB of \\r states that never end in a newline', async () => {
  // A child with --expose-gc, so that what is measured is what the collector retains, not garbage.
  const script = `
import { LogCollector } from ${JSON.stringify(path.resolve('src/sandbox/log-collector.ts'))};
const c = new LogCollector({ reportLines: 200, maxFileBytes: 1e6, onPartial: () => {}, partialIntervalMs: 1 });
const chunk = Buffer.from(Array.from({ length: 2048 }, (_, i) => '\\r' + String(i).padStart(31, '#')).join(''));
gc();
const base = process.memoryUsage();
let peak = 0;
for (let i = 0; i < 8192; i++) {
  c.write('output', Buffer.from(chunk));
  if (i % 512 === 511) {
    // Node 24 frees ArrayBuffer memory a tick after a collection: collect, let it, collect.
    gc();
    await new Promise((r) => setImmediate(r));
    gc();
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed - base.heapUsed + m.arrayBuffers - base.arrayBuffers);
  }
}
const log = c.finish();
console.log(JSON.stringify({ peak, lines: log.lines, head: log.head }));
`;
  const r = await execa('node', ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    reject: false,
  });
  assert.equal(r.exitCode, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { peak: number; lines: number; head: string[] };
  assert.deepEqual([out.lines, out.head], [1, [String(2047).padStart(31, '#')]]);
  assert.ok(out.peak < 4 * 1024 * 1024, `retained ${out.peak} bytes`);
});
