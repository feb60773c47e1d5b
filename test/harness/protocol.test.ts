/**
 * The harness's lines and who is believed (src/harness/protocol.ts, src/pipeline/phases.ts):
 * before handover every event; after it only what hurts its author. Pure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HarnessListener } from '../../src/harness/protocol.js';
import { LogCollector } from '../../src/sandbox/log-collector.js';
import { judgeHarnessed } from '../../src/pipeline/phases.js';
import { failed, errored } from '../../src/report/verdict.js';

const NONCE = 'a'.repeat(32);
const line = (event: object, nonce = NONCE) => `::holdout:${nonce}:: ${JSON.stringify(event)}`;

function listen(lines: string[]): { listener: HarnessListener; kept: string[] } {
  const listener = new HarnessListener(NONCE);
  return { listener, kept: lines.flatMap(listener.take) };
}

describe('harness protocol lines', () => {
  test('are taken out of the log; other lines, and lines with another nonce, stay', () => {
    const other = line({ event: 'done' }, 'b'.repeat(32));
    const { kept, listener } = listen(['hello', line({ event: 'handover' }), other, line({ event: 'done' })]);
    assert.deepEqual(kept, ['hello', other]);
    assert.deepEqual(
      listener.events.map((e) => [e.event.event, e.beforeHandover]),
      [
        ['handover', true],
        ['done', false],
      ],
    );
  });

  test("the empty line a protocol line starts with is dropped; the participant's own empty lines stay", () => {
    const { kept } = listen(['a', '', line({ event: 'handover' }), '', 'b', '', '', 'c']);
    assert.deepEqual(kept, ['a', '', 'b', '', '', 'c']);
  });

  test('4 KiB printed without a newline cannot swallow the next protocol line (the real collector)', () => {
    const listener = new HarnessListener(NONCE);
    const collector = new LogCollector({ reportLines: 10, maxFileBytes: 1e6, intercept: listener.take });
    collector.write('output', Buffer.from(`${'.'.repeat(5000)}\n${line({ event: 'handover' })}\n`));
    collector.write('output', Buffer.from(`${'x'.repeat(5000)}\n${line({ event: 'done' })}\n`));
    const log = collector.finish();
    assert.deepEqual(
      listener.events.map((e) => e.event.event),
      ['handover', 'done'],
    );
    assert.equal(log.lines, 2);
  });

  test("a run's unfinished line ends with the run: the next phase's handover is seen as such", () => {
    const listener = new HarnessListener(NONCE);
    const collector = new LogCollector({ reportLines: 10, maxFileBytes: 1e6, intercept: listener.take });
    collector.write('output', Buffer.from('y'.repeat(5000)));
    collector.endLines();
    collector.write(
      'output',
      Buffer.from(`${line({ event: 'handover' })}\n${line({ event: 'error', message: 'forged', hint: '' })}\n`),
    );
    collector.finish();
    assert.deepEqual(
      listener.events.map((e) => [e.event.event, e.beforeHandover]),
      [
        ['handover', true],
        ['error', false],
      ],
    );
    assert.equal(listener.outcome().kind === 'verdict' && listener.outcome().kind, 'verdict');
    const outcome = listener.outcome();
    assert.equal(outcome.kind === 'verdict' && outcome.verdict.status, 'failed');
  });

  test('text printed without a newline before a protocol line stays in the log', () => {
    const { kept, listener } = listen([`50% done${line({ event: 'done' })}`]);
    assert.deepEqual(kept, ['50% done']);
    assert.equal(listener.outcome().kind, 'done');
  });

  test('malformed or unknown events are ignored, never trusted', () => {
    const { listener } = listen([
      `::holdout:${NONCE}:: {not json`,
      line({ event: 'failed', reason: 'timeout', message: 'm', hint: 'h' }),
      line({ event: 'success' }),
    ]);
    assert.deepEqual(listener.events, []);
    assert.deepEqual(listener.outcome(), { kind: 'unfinished' });
  });

  test('an error before handover is ours: status error, reason harness_failed', () => {
    const { listener } = listen([line({ event: 'error', message: 'The harness broke.', hint: 'Report it.' })]);
    assert.deepEqual(listener.outcome(), {
      kind: 'verdict',
      verdict: errored('harness_failed', 'The harness broke.', 'Report it.'),
    });
  });

  test("an error after handover may be forged by the participant's code: a crash, never our error", () => {
    const { listener } = listen([
      line({ event: 'handover' }),
      line({ event: 'error', message: 'The harness broke.', hint: 'Report it.' }),
    ]);
    const outcome = listener.outcome();
    assert.equal(outcome.kind, 'verdict');
    assert.equal(outcome.kind === 'verdict' && outcome.verdict.status, 'failed');
    assert.equal(outcome.kind === 'verdict' && outcome.verdict.status === 'failed' && outcome.verdict.reason, 'crash');
  });

  test('the first verdict wins: a forged done after a failure changes nothing', () => {
    const { listener } = listen([
      line({ event: 'handover' }),
      line({ event: 'failed', reason: 'invalid_output', message: 'bad', hint: 'fix' }),
      line({ event: 'done' }),
    ]);
    assert.deepEqual(listener.outcome(), { kind: 'verdict', verdict: failed('invalid_output', 'bad', 'fix') });
  });

  test('texts are cut at 2000 characters', () => {
    const { listener } = listen([line({ event: 'failed', reason: 'crash', message: 'x'.repeat(5000), hint: 'h' })]);
    const e = listener.events[0]!.event;
    assert.equal(e.event === 'failed' && e.message.length, 2000);
  });
});

describe('judging a harnessed run', () => {
  const crash = { verdict: failed('crash', 'exit 1', 'fix') };
  test("the host's own findings come first: timeout, oom, output too large, our errors", () => {
    for (const verdict of [
      failed('timeout', 't', 'h'),
      failed('oom', 'o', 'h'),
      failed('output_too_large', 'b', 'h'),
      errored('engine_unavailable', 'e', 'h'),
    ]) {
      assert.deepEqual(judgeHarnessed({ verdict }, { kind: 'done' }, 'infer', false), { verdict });
      assert.deepEqual(
        judgeHarnessed({ verdict }, { kind: 'verdict', verdict: errored('harness_failed', 'x', 'y') }, 'infer', false),
        { verdict },
      );
    }
  });

  test("the harness's verdict replaces the host's generic crash", () => {
    const verdict = failed('invalid_output', 'infer returned None.', 'Return a DataFrame.');
    assert.deepEqual(judgeHarnessed(crash, { kind: 'verdict', verdict }, 'infer', false), { verdict });
  });

  test('a clean exit without done is a crash (the code ended the process), even with an output written', () => {
    const judged = judgeHarnessed({ score: true }, { kind: 'unfinished' }, 'infer', false);
    assert.ok('verdict' in judged && judged.verdict.status === 'failed');
    assert.equal('verdict' in judged && judged.verdict.status === 'failed' && judged.verdict.reason, 'crash');
    assert.match(
      'verdict' in judged && judged.verdict.status === 'failed' ? judged.verdict.message : '',
      /ended before the harness finished the infer phase/,
    );
  });

  test('done hands over to the output checks; the train phase expects no output', () => {
    assert.deepEqual(judgeHarnessed({ score: true }, { kind: 'done' }, 'infer', false), { score: true });
    const none = { verdict: failed('no_output', 'nothing', 'write') };
    assert.deepEqual(judgeHarnessed(none, { kind: 'done' }, 'infer', false), none);
    assert.deepEqual(judgeHarnessed(none, { kind: 'done' }, 'train', true), { score: true });
  });
});
