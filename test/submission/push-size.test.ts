/** GitHub's per-file push limits, as `holdout test` and `holdout pack` warn about them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GITHUB_FILE_LIMIT,
  GITHUB_FILE_WARNING,
  largestFiles,
  pushSizeWarnings,
} from '../../src/submission/push-size.js';

const MiB = 1024 * 1024;

test("the limits are GitHub's: refused over 100 MiB, warned over 50 MiB; exactly at a limit is under it", () => {
  assert.deepEqual([GITHUB_FILE_LIMIT, GITHUB_FILE_WARNING], [100 * MiB, 50 * MiB]);
  assert.deepEqual(pushSizeWarnings([{ path: 'a', size: 50 * MiB }]), []);
  assert.deepEqual(pushSizeWarnings([{ path: 'a', size: 100 * MiB }]), [
    'a (100.00 MiB) is over 50 MiB: GitHub warns when such a file is pushed (it accepts files up to 100 MiB)',
  ]);
  assert.match(
    pushSizeWarnings([{ path: 'a', size: 100 * MiB + 1 }])[0]!,
    /^a \(100\.00 MiB\) is over 100 MiB: GitHub refuses to push a file that large/,
  );
});

test('several files: named largest first, at most five, the rest counted; a zip gets advice about its contents', () => {
  const files = Array.from({ length: 7 }, (_, i) => ({ path: `part${i}.bin`, size: (101 + i) * MiB }));
  assert.deepEqual(pushSizeWarnings(files), [
    'part6.bin (107.00 MiB), part5.bin (106.00 MiB), part4.bin (105.00 MiB), part3.bin (104.00 MiB), part2.bin (103.00 MiB) and 2 more are over 100 MiB: ' +
      'GitHub refuses to push a file that large, so a pull request cannot carry them; make them smaller, split them into parts under 100 MiB, ' +
      'or pack the folder into one submission.zip (holdout pack) if that comes out under 100 MiB (docs/submissions.md, "Large files and models")',
  ]);
  assert.deepEqual(pushSizeWarnings([{ path: 'submission.zip', size: 2 * 1024 * MiB }], true), [
    'submission.zip (2.00 GiB) is over 100 MiB: GitHub refuses to push a file that large, so a pull request cannot carry it; ' +
      'make the files in it smaller, or split the largest into parts under 100 MiB (docs/submissions.md, "Large files and models")',
  ]);
});

test('largestFiles leaves out empty files and breaks ties by path', () => {
  assert.deepEqual(
    largestFiles(
      [
        { path: 'b', size: 5 },
        { path: 'a', size: 5 },
        { path: 'e', size: 0 },
        { path: 'c', size: 9 },
      ],
      3,
    ),
    [
      { path: 'c', size: 9 },
      { path: 'a', size: 5 },
      { path: 'b', size: 5 },
    ],
  );
});
