/**
 * The organizer's own `holdout test --dataset test` on a competition with a public/private
 * split (issue 13.3): locally every score is shown and what participants never see is said
 * (a line, and `hidden` in --json); the action's pipeline still leaves hidden scores out.
 * And the split is optional on smoke (13.1): the demo's smoke labels have no split column.
 * Real engine, the demo competition copied into a temp folder.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const BENCHMARK = path.join(DEMO, 'submissions/benchmark');
const CLI = path.resolve('src/cli/index.ts');

function holdout(args: string[]) {
  return execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, stdin: 'ignore' });
}

// (Made here, not in a before() hook: tempDir's clean-up would then run when the hook ends.)
const dir = await tempDir();
await cp(DEMO, dir, { recursive: true, filter: (src) => !src.includes('/submissions/') });
// Every other test row is Private, as Kaggle's Usage column.
const labels = path.join(dir, 'private/test_labels.csv');
const [header, ...rows] = (await readFile(labels, 'utf8')).trim().split('\n');
await writeFile(
  labels,
  `${[`${header},Usage`, ...rows.map((r, i) => `${r},${i % 2 ? 'Private' : 'Public'}`)].join('\n')}\n`,
);
const yml = path.join(dir, 'competition.yml');
await writeFile(
  yml,
  (await readFile(yml, 'utf8')).replace(
    '  metric: log_loss\n',
    '  metric: log_loss\n  split:\n    column: Usage\n    show: [Public]\n',
  ),
);

describe('a competition with a public/private split, run by its organizer', engine, () => {
  test('holdout test --dataset test --json: every score, and `hidden` names the private one', async () => {
    const r = await holdout(['test', BENCHMARK, '--competition', dir, '--dataset', 'test', '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'success');
    assert.deepEqual(Object.keys(report.scores), ['log_loss.Public', 'log_loss.Private']);
    assert.equal(report.primary_metric, 'log_loss.Public');
    assert.deepEqual(report.hidden, ['log_loss.Private']);
    assert.ok(report.scores['log_loss.Private'] > 0 && report.scores['log_loss.Private'] < 0.5);
  });

  test('holdout test --dataset test: the private score is shown and said to be hidden from participants', async () => {
    const r = await holdout(['test', BENCHMARK, '--competition', dir, '--dataset', 'test']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^Scores:\n {2}log_loss\.Public \(primary\): [\d.]+\n {2}log_loss\.Private: [\d.]+$/m);
    assert.match(
      r.stdout,
      /^Hidden from participants: log_loss\.Private\. Shown here because this machine has the labels; pull requests, artifacts and the leaderboard leave out the splits not in scoring\.split\.show \(add a split there to reveal it\)\.$/m,
    );
  });

  test('the pipeline as the action runs it still leaves the hidden score out, with no `hidden` key', async () => {
    const report = await evaluate({ competitionDir: dir, submission: BENCHMARK, dataset: 'test' });
    assert.equal(report.status, 'success', report.message);
    assert.deepEqual(Object.keys(report.scores), ['log_loss.Public']);
    assert.equal('hidden' in report, false);
  });

  test('smoke labels without the split column: smoke is scored whole (it used to be scorer_failed)', async () => {
    const r = await holdout(['test', BENCHMARK, '--competition', dir, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'success');
    assert.deepEqual(Object.keys(report.scores), ['log_loss']);
    assert.equal(report.primary_metric, 'log_loss');
    assert.deepEqual(report.hidden, []);
  });
});
