/**
 * The evaluation job's side of the result file, as pure functions: whatever a
 * submission printed, fitReportToResult makes a run the report job's schema
 * accepts (else the report would say "our fault" and pass the check), and
 * privateRunForResult keeps private data on the runner (more in private-run.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { privateRunForResult } from '../../src/action/private-run.js';
import { privateRunSection } from '../../src/config/private-run.js';
import {
  fitReportToResult,
  MAX_KEPT_LOG_LINE,
  MAX_REPORT_BYTES,
  MAX_RESULT_BYTES,
  resultFileSchema,
} from '../../src/action/result-file.js';
import { truncate } from '../../src/report/markdown-escape.js';
import type { RunReport } from '../../src/report/report.js';
import { crashReport, runReport } from './support/fixtures.js';

const SHA = 'a'.repeat(40);
const fileOf = (runs: { smoke?: RunReport; test?: RunReport }) => ({
  format: 'holdout-result',
  version: 1,
  head_sha: SHA,
  ...runs,
});
/** Bytes as writeResultFile writes them. */
const fileBytes = (runs: { smoke?: RunReport; test?: RunReport }) =>
  Buffer.byteLength(`${JSON.stringify(fileOf(runs), null, 2)}\n`);
const schemaProblem = (runs: { smoke?: RunReport; test?: RunReport }) => {
  const parsed = resultFileSchema.safeParse(JSON.parse(JSON.stringify(fileOf(runs))));
  return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
};

describe('truncate', () => {
  test('keeps short text, cuts long text to the bound with a "…", never half an emoji', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('ab😀cd', 4), 'ab…'); // "😀" is two UTF-16 units: cutting after 3 would split it
    assert.equal(truncate('ab😀cd', 4).length <= 4, true);
  });
});

describe('fitReportToResult', () => {
  test('a run within the bounds is left exactly as it was', () => {
    const run = crashReport();
    assert.deepEqual(fitReportToResult(run), run);
  });

  test('a crash printing 750 + 750 lines of 4 KiB (6 MB) fits: lines cut to 1 KiB, then the oldest dropped, the newest kept', () => {
    const line = (i: number) => `line ${String(i).padStart(4, '0')} ${'x'.repeat(4096 - 10)}`;
    const smoke = crashReport();
    smoke.log = {
      lines: 100_000,
      truncated: true,
      head: Array.from({ length: 750 }, (_, i) => line(i)),
      tail: Array.from({ length: 750 }, (_, i) => line(99_250 + i)),
    };
    assert.ok(fileBytes({ smoke, test: smoke }) > MAX_RESULT_BYTES, 'the input really is too big');

    const fitted = fitReportToResult(smoke);
    assert.equal(schemaProblem({ smoke: fitted, test: fitted }), undefined);
    assert.ok(Buffer.byteLength(JSON.stringify(fitted, null, 2)) <= MAX_REPORT_BYTES);
    assert.ok(
      fileBytes({ smoke: fitted, test: fitted }) <= MAX_RESULT_BYTES / 2,
      'both runs together stay well under the cap',
    );
    // Every line kept is cut to 1 KiB and says so.
    for (const l of [...fitted.log.head, ...fitted.log.tail])
      assert.ok(l.length === MAX_KEPT_LOG_LINE && l.endsWith('…'));
    // The whole tail (the end of the log explains a crash), then the head from its start.
    assert.equal(fitted.log.tail.length, 750);
    assert.equal(fitted.log.tail.at(-1)!.slice(0, 9), 'line 9999');
    assert.ok(fitted.log.head.length > 0 && fitted.log.head.length < 750, `${fitted.log.head.length} head lines`);
    assert.equal(fitted.log.head[0]!.slice(0, 9), 'line 0000');
    assert.deepEqual([fitted.log.lines, fitted.log.truncated], [100_000, true]);
  });

  test('when even the tail does not fit, its newest lines are the ones kept', () => {
    // Control characters take 6 bytes each in JSON (\u0001): 1 KiB of them is 6 KiB in the file.
    const smoke = crashReport();
    smoke.log = {
      lines: 2000,
      truncated: false,
      head: [],
      tail: Array.from({ length: 2000 }, (_, i) => `${i} ${'\u0001'.repeat(2000)}`),
    };
    const fitted = fitReportToResult(smoke);
    assert.equal(schemaProblem({ smoke: fitted }), undefined);
    assert.ok(Buffer.byteLength(JSON.stringify(fitted, null, 2)) <= MAX_REPORT_BYTES);
    assert.deepEqual(fitted.log.head, []);
    assert.ok(fitted.log.tail.length > 100 && fitted.log.tail.length < 2000, `${fitted.log.tail.length} lines`);
    assert.ok(fitted.log.tail.at(-1)!.startsWith('1999 '));
    assert.equal(fitted.log.truncated, true);
  });

  test('message, hint and problems are clipped to the schema bounds, with a "…"; too many problems are counted', () => {
    const run = runReport({
      status: 'failed',
      reason: 'invalid_output',
      message: `The submission exited with code 1.\nLast output:\n${'m'.repeat(9000)}`,
      hint: 'h'.repeat(5000),
      scores: {},
      primary_metric: null,
      problems: Array.from({ length: 500 }, (_, i) => `row ${i}: ${'p'.repeat(3000)}`),
    });
    assert.ok(schemaProblem({ smoke: run }), 'the input really is off-schema');
    const fitted = fitReportToResult(run);
    assert.equal(schemaProblem({ smoke: fitted }), undefined);
    assert.equal(fitted.message.length, 4000);
    assert.ok(fitted.message.startsWith('The submission exited with code 1.\n') && fitted.message.endsWith('…'));
    assert.equal(fitted.hint.length, 4000);
    assert.ok(fitted.problems.length <= 200);
    assert.ok(
      fitted.problems.slice(0, -1).every((p, i) => p.length === 2000 && p.startsWith(`row ${i}: `) && p.endsWith('…')),
    );
    assert.match(fitted.problems.at(-1)!, /^… and \d+ more problems \(too long to keep\)$/);
    assert.equal(Number(/and (\d+) more/.exec(fitted.problems.at(-1)!)![1]) + fitted.problems.length - 1, 500);
  });
});

describe('privateRunForResult', () => {
  const closed = privateRunSection.parse({});
  const leaky = () =>
    runReport({
      status: 'failed',
      reason: 'invalid_output',
      dataset: 'test',
      message: 'The predictions do not match the expected format.\nLast output:\nSECRET row 17: 14.2, 20.1',
      scores: { log_loss: 0.3917 },
      problems: ['row 3: malignant is "SECRET-14.2", not a number', 'row 4: malignant is "SECRET-20.1", not a number'],
      log: {
        lines: 2,
        truncated: false,
        head: ['SECRET 14.2', 'SECRET 20.1'],
        tail: [],
        file: '/runner/tmp/test/submission.log',
      },
    });

  test('by default: a fixed sentence for the reason, no problems (not even a count), no log, no scores, no numbers', () => {
    const out = privateRunForResult(leaky(), { showLogs: false, showScores: false, privateRun: closed });
    assert.equal(out.message, 'The submission failed on the private test data (its predictions file is not valid).');
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.log, { lines: 0, truncated: false, head: [], tail: [] });
    assert.deepEqual(out.scores, {});
    assert.deepEqual([out.exit_code, out.duration_s, out.peak_memory_bytes], [null, null, null]);
    assert.equal(JSON.stringify(out).includes('SECRET'), false);
    assert.equal(
      resultFileSchema.safeParse({ format: 'holdout-result', version: 1, head_sha: SHA, test: out }).success,
      true,
    );
  });

  test('each opt-in lets exactly its part out', () => {
    const scoresOnly = privateRunForResult(leaky(), { showLogs: false, showScores: true, privateRun: closed });
    assert.deepEqual(scoresOnly.scores, { log_loss: 0.392 }, 'rounded to score_digits (3)');
    assert.equal(scoresOnly.message.includes('SECRET'), false);
    const logsOnly = privateRunForResult(leaky(), { showLogs: true, showScores: false, privateRun: closed });
    assert.deepEqual(
      [logsOnly.message, logsOnly.hint, logsOnly.problems, logsOnly.log],
      [leaky().message, leaky().hint, leaky().problems, leaky().log],
    );
    assert.deepEqual(logsOnly.scores, {});
    const both = privateRunForResult(leaky(), {
      showLogs: true,
      showScores: true,
      privateRun: { ...closed, score_digits: 15 },
    });
    assert.deepEqual(
      { ...both, exit_code: 0, duration_s: 12.5, peak_memory_bytes: 300 * 1024 * 1024 },
      leaky(),
      'everything else as it was',
    );
  });
});
