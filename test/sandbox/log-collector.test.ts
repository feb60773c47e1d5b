import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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
  const c = new LogCollector({ reportLines: 4, maxFileBytes: 20, filePath: file, liveLines: 2, onLine: (l) => live.push(l) });
  c.write('stdout', Buffer.from('aaaa\nbbbb\ncccc\ndddd\neeee\nffff\n'));
  const log = c.finish();
  assert.equal(await readFile(file, 'utf8'), 'aaaa\nbbbb\ncccc\ndddd\n[holdout: log file cut here at 20 bytes; the submission printed more]\n');
  assert.equal(log.fileTruncated, true);
  assert.deepEqual(live, ['aaaa', 'bbbb', '[holdout: 2 lines shown live; further output is kept in the log file and the last lines appear in the report]']);
});
