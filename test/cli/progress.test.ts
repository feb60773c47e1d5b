/**
 * The CLI's progress on stderr (issue 13 item 11): a `\r` progress bar's state is shown while
 * it runs — a status line on a terminal, a plain periodic line otherwise — and finished lines
 * are never mixed into it. (The same with a real pseudo-terminal and a real sandbox run:
 * test/pipeline/crash-log.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/cli/progress.js';

function capture(columns?: number): { out: Writable & { columns?: number }; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { columns?: number };
  if (columns !== undefined) out.columns = columns;
  return { out, text: () => chunks.join('') };
}

const CLEAR = '\r\u001b[2K';

test('on a terminal: the unfinished line is a status line under the log, redrawn, cleared for every finished line', () => {
  const { out, text } = capture(30);
  const p = createProgress(out, { tty: true });
  p.log('epoch 1');
  p.partial(' 40%|####      | 4/10');
  p.partial(' 90%|######### | 9/10 [00:09<00:01]'); // longer than the terminal is wide: clipped to one row
  p.log('100%|##########| 10/10');
  p.partial('saving\u001b[31m');
  p.partial('');
  p.done();
  assert.equal(
    text(),
    '  │ epoch 1\n' +
      `${CLEAR}  ┆  40%|####      | 4/10` +
      `${CLEAR}  ┆  90%|######### | 9/10 [0…` +
      `${CLEAR}  │ 100%|##########| 10/10\n` +
      `${CLEAR}  ┆ saving�[31m` +
      CLEAR,
  );
});

test('not on a terminal: no redrawing; the unfinished line comes with the heartbeat, once per change', async () => {
  const { out, text } = capture();
  const p = createProgress(out, { tty: false, heartbeatMs: 40 });
  p.step('run', 'running python main.py (limit 60s)');
  p.partial(' 10%|#         | 1/10');
  await new Promise((r) => setTimeout(r, 100)); // two heartbeats, one state
  p.partial(' 20%|##        | 2/10');
  await new Promise((r) => setTimeout(r, 60));
  p.log('100%|##########| 10/10');
  p.done();
  const lines = text().split('\n');
  assert.equal(lines[0], '[0s] run: running python main.py (limit 60s)');
  assert.ok(!text().includes('\r'), JSON.stringify(text()));
  assert.deepEqual(
    lines.filter((l) => l.includes('┆')),
    [
      '  ┆  10%|#         | 1/10 (unfinished line, as it stands)',
      '  ┆  20%|##        | 2/10 (unfinished line, as it stands)',
    ],
  );
  assert.ok(lines.filter((l) => /^\[0s\] still running…$/.test(l)).length >= 3, JSON.stringify(lines));
  assert.equal(lines.at(-2), '  │ 100%|##########| 10/10');
});
