/**
 * The season in the evaluation workflow, with the action's bundle against the GitHub
 * emulator (run with HOLDOUT_TEST_FRESH_BUNDLE=1 to test the sources): submission limits
 * checked by prepare from the ledger, the refusal reported by report (check failure with
 * the next slot; an unreadable ledger fails closed), the record job appending exactly one
 * record (also on retry, also for a missing or corrupt result, as our error), and the
 * place line in a scored evaluation's comment.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { appendRecords, writeBranchFiles } from '../../src/ledger/store.js';
import { parseRecord, type LedgerRecord } from '../../src/ledger/record.js';
import { checkLimit } from '../../src/season/limits.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { BRANCH, clientFor, makeRecord, repoOf } from '../ledger/support.js';
import { resultFile, runReport } from './support/fixtures.js';
import { runAction, webhookExample } from './support/run-action.js';

const SHA = '3f1e2d4c5b6a79880716253443526170f9e8d7c6';
const ALICE = 4_242_001;

let emu: GitHubEmulator;
let competitionDir: string;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
  competitionDir = await competition();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, [], 'every call must be one the OpenAPI description allows');
});

async function competition(limitsExtra: string[] = []): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-season-'));
  await writeFile(
    path.join(dir, 'competition.yml'),
    [
      'name: Season test',
      'limits:',
      '  submissions_per_day: 3',
      ...limitsExtra,
      'datasets:',
      '  smoke: { data: data/smoke, labels: data/smoke_labels.csv }',
      '  test: { data: /srv/holdout/test/data, labels: /srv/holdout/test/labels.csv }',
      'scoring:',
      '  id_column: id',
      '  columns: [target]',
      '  metric: log_loss',
    ].join('\n'),
  );
  return dir;
}

function alicePull() {
  return emu.addPull({
    number: 12,
    authorLogin: 'alice',
    authorId: ALICE,
    headSha: SHA,
    files: [{ filename: 'submissions/alice/main.py', status: 'added' }],
  });
}

async function event() {
  return webhookExample('workflow_run', 'completed', (p) => {
    p.workflow_run.head_sha = SHA;
    p.workflow_run.head_branch = 'submission';
    p.workflow_run.event = 'pull_request';
    p.workflow_run.pull_requests = [];
  });
}

async function action(mode: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction({
    apiUrl: emu.url,
    event: { name: 'workflow_run', payload: await event() },
    inputs: {
      mode,
      token: `ghs_${mode}token`,
      'head-sha': SHA,
      'head-label': 'alice:submission',
      'competition-dir': competitionDir,
      ...inputs,
    },
    env,
  });
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** Alice's past evaluations on the results branch, `statuses[i]` started i+1 hours ago. */
async function seed(statuses: LedgerRecord['status'][], others: LedgerRecord[] = []) {
  const records = statuses.map((status, i) =>
    makeRecord(100 + i, {
      participant: { id: ALICE, login: i === 0 ? 'alice-old-login' : 'alice' },
      status,
      reason: status === 'success' ? null : status === 'failed' ? 'crash' : 'internal_error',
      public_scores: status === 'success' ? { log_loss: 0.5 + i / 100 } : {},
      primary_metric: 'log_loss',
      started_at: minutesAgo(60 * (i + 1)),
      finished_at: minutesAgo(60 * (i + 1) - 5),
    }),
  );
  await appendRecords(clientFor(emu), repoOf(emu), BRANCH, [...records, ...others]);
  return records;
}

/** What a reader of the comment sees: Markdown rendered, tags and entities gone. */
const md = new MarkdownIt({ html: true });
const shown = (markdown: string) =>
  md
    .render(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');

const result = (runs: object) => ({ format: 'holdout-result', version: 1, head_sha: SHA, ...runs });
const checks = () => emu.checkRuns.filter((r) => r.name === 'holdout / evaluation');
const ledgerRecords = () =>
  [...(emu.branchFiles(BRANCH) ?? new Map<string, string>())]
    .filter(([p]) => p.startsWith('records/'))
    .map(([, text]) => {
      const parsed = parseRecord(text);
      assert.ok(parsed.ok, text);
      return parsed.record;
    });

const good = () =>
  result({
    smoke: runReport(),
    test: runReport({ dataset: 'test', scores: { log_loss: 0.3917 }, duration_s: null }),
    submission_hash: `sha256:${'cd'.repeat(32)}`,
  });

describe('submission limits (prepare, then report)', () => {
  test('the limit reached: prepare stops the evaluation, report fails the check and names the next slot in UTC', async () => {
    alicePull();
    // Three charged (one under her old login: the id counts), started 1, 2 and 3 hours ago.
    await seed(['success', 'failed', 'success']);
    const prep = await action('prepare');
    assert.equal(prep.code, 0, prep.stdout);
    assert.equal(prep.outputs.kind, 'submission');
    assert.equal(prep.outputs['participant-id'], String(ALICE));
    const note = JSON.parse(prep.outputs['submission-limit']!);
    assert.deepEqual([note.limit, note.used, note.max, note.window], ['day', 3, 3, 'rolling']);
    // The oldest (3 hours ago) leaves the 24-hour window first.
    const slot = new Date(note.next_slot).getTime();
    assert.ok(Math.abs(slot - (Date.now() - 3 * 3600_000 + 24 * 3600_000)) < 120_000, note.next_slot);
    assert.equal(checks()[0]!.status, 'queued');
    assert.equal(checks()[0]!.output.title, 'Not evaluated');

    // evaluate is skipped by its if:; report gets the note.
    const rep = await action('report', {
      'evaluation-job': 'skipped',
      'check-run-id': prep.outputs['check-run-id']!,
      'submission-limit': prep.outputs['submission-limit']!,
      'result-file': path.join(competitionDir, 'none.json'),
    });
    assert.equal(rep.code, 0, rep.stdout);
    assert.equal(rep.outputs.conclusion, 'failure');
    const check = checks()[0]!;
    assert.equal(check.conclusion, 'failure');
    const when = `${new Date(Math.ceil(slot / 60_000) * 60_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    assert.equal(check.output.title, `Submission limit reached: next slot ${when}`);
    const body = shown(emu.comments[0]!.body);
    assert.match(body, /You have had 3 evaluations in the last 24 hours/);
    assert.ok(body.includes(`The next slot opens at ${when}.`), body);
    assert.ok(body.includes(`Push a commit after ${when}`), body);
    // Nothing was evaluated, and the record job is not even run (needs.evaluate.result == skipped):
    const rec = await action('record', {
      'pull-request': '12',
      'evaluation-job': 'skipped',
      'result-file': path.join(competitionDir, 'none.json'),
    });
    assert.equal(rec.code, 0, rec.stdout);
    assert.equal(
      ledgerRecords().length,
      3,
      'a refusal is not recorded (pushing over the limit cannot fill the ledger)',
    );
  });

  test("an organizer's re-run (workflow_dispatch) at the limit: not refused, recorded as a re-run, never charged", async () => {
    alicePull();
    await seed(['success', 'failed', 'success']);
    // The commit's first evaluation, already on the ledger (the one the organizer re-runs).
    const original = makeRecord(300, {
      participant: { id: ALICE, login: 'alice' },
      pull_request: 12,
      head_sha: SHA,
      started_at: minutesAgo(30),
      finished_at: minutesAgo(25),
      status: 'error',
      reason: 'internal_error',
    });
    await appendRecords(clientFor(emu), repoOf(emu), BRANCH, [original]);
    const dispatch = (mode: string, inputs: Record<string, string> = {}) =>
      runAction({
        apiUrl: emu.url,
        event: { name: 'workflow_dispatch', payload: { inputs: { 'pull-request': '12' } } },
        inputs: {
          mode,
          token: `ghs_${mode}token`,
          'pull-request': '12',
          'competition-dir': competitionDir,
          ...inputs,
        },
        env: {},
      });
    const prep = await dispatch('prepare');
    assert.equal(prep.code, 0, prep.stdout);
    assert.equal(prep.outputs['submission-limit'], '');
    assert.match(prep.stdout, /the submission limit does not apply/);
    const rec = await dispatch('record', {
      'head-sha': SHA,
      'evaluation-job': 'success',
      'evaluate-kind': 'submission',
      'result-file': await resultFile(good()),
      'leaderboard-dir': await mkdtemp(path.join(os.tmpdir(), 'holdout-lb-')),
    });
    assert.equal(rec.code, 0, rec.stdout);
    const added = ledgerRecords().find((r) => r.evaluation_id === rec.outputs.recorded)!;
    assert.equal(added.rerun_of, original.evaluation_id);
    assert.equal(added.status, 'success');
    const used = checkLimit(ledgerRecords(), ALICE, { perDay: 4, window: 'rolling' }, new Date());
    assert.deepEqual(
      used,
      { allowed: true, usedToday: 3, usedTotal: 3 },
      'the re-run adds nothing to what she was charged',
    );
  });

  test('error, cancelled and refused records are not charged: the evaluation runs', async () => {
    alicePull();
    await seed(['error', 'cancelled', 'refused', 'error', 'success', 'failed']);
    const prep = await action('prepare');
    assert.equal(prep.code, 0, prep.stdout);
    assert.equal(prep.outputs['submission-limit'], '');
    assert.equal(checks()[0]!.output.title, 'Waiting for a runner');
    assert.match(prep.stdout, /has 2 of 3 evaluations in the current window/);
  });

  test('submissions_total: no slot ever opens', async () => {
    competitionDir = await competition(['  submissions_total: 2']);
    alicePull();
    const old = [0, 1].map((i) =>
      makeRecord(200 + i, {
        participant: { id: ALICE, login: 'alice' },
        started_at: `2026-01-0${i + 1}T00:00:00.000Z`,
        primary_metric: 'log_loss',
        public_scores: { log_loss: 0.4 },
      }),
    );
    await appendRecords(clientFor(emu), repoOf(emu), BRANCH, old);
    const prep = await action('prepare');
    assert.deepEqual(JSON.parse(prep.outputs['submission-limit']!), {
      limit: 'total',
      used: 2,
      max: 2,
      next_slot: null,
      window: 'rolling',
    });
    const rep = await action('report', {
      'evaluation-job': 'skipped',
      'check-run-id': prep.outputs['check-run-id']!,
      'submission-limit': prep.outputs['submission-limit']!,
    });
    assert.equal(rep.outputs.conclusion, 'failure');
    assert.equal(checks()[0]!.output.title, 'Submission limit reached: 2 of 2 evaluations used');
  });

  test('a ledger that cannot be read fails closed: nothing evaluated, action_required, our side', async () => {
    alicePull();
    emu.fault('git/get-ref', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const prep = await action('prepare');
    assert.equal(prep.code, 0, prep.stdout);
    const note = JSON.parse(prep.outputs['submission-limit']!);
    assert.equal(note.limit, 'unreadable');
    assert.match(note.problem, /403/);
    const rep = await action('report', {
      'evaluation-job': 'skipped',
      'check-run-id': prep.outputs['check-run-id']!,
      'submission-limit': prep.outputs['submission-limit']!,
    });
    assert.equal(rep.outputs.conclusion, 'action_required');
    assert.equal(checks()[0]!.conclusion, 'action_required');
    assert.equal(checks()[0]!.output.title, 'Not evaluated: the results ledger could not be read (our side)');
    assert.match(shown(emu.comments[0]!.body), /this is on our side, not yours/);
  });

  test('a results branch that does not exist yet is an empty ledger: the first evaluation runs', async () => {
    alicePull();
    const prep = await action('prepare');
    assert.equal(prep.outputs['submission-limit'], '');
  });
});

describe('the record job', () => {
  test('appends exactly one record, also when the job is re-run, and writes LEADERBOARD.md on the branch and in the summary', async () => {
    alicePull();
    const file = await resultFile(good());
    const inputs = {
      'pull-request': '12',
      'evaluation-job': 'success',
      'evaluate-kind': 'submission',
      'result-file': file,
      'started-at': '2026-12-01T22:00:00.000Z',
      'leaderboard-dir': await mkdtemp(path.join(os.tmpdir(), 'holdout-lb-')),
    };
    const first = await action('record', inputs);
    assert.equal(first.code, 0, first.stdout);
    const again = await action('record', inputs, { GITHUB_RUN_ATTEMPT: '2' });
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /Already recorded/);
    const records = ledgerRecords();
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.equal(first.outputs.recorded, r.evaluation_id);
    assert.deepEqual(
      [r.participant, r.pull_request, r.head_sha, r.dataset, r.status, r.reason, r.started_at],
      [{ id: ALICE, login: 'alice' }, 12, SHA, 'test', 'success', null, '2026-12-01T22:00:00.000Z'],
    );
    assert.deepEqual(r.public_scores, { log_loss: 0.3917 });
    assert.equal(r.submission_hash, `sha256:${'cd'.repeat(32)}`);
    assert.equal(r.sealed_private, null);
    assert.deepEqual(r.workflow_run, { id: 4242, attempt: 1 });
    const board = emu.branchFiles(BRANCH)!.get('LEADERBOARD.md')!;
    assert.match(board, /alice/);
    assert.match(first.summary, /alice/);
    assert.ok(first.outputs['site-dir']);
    assert.ok((await readFile(path.join(first.outputs['site-dir']!, 'index.html'), 'utf8')).length > 0);
  });

  test('after the reveal, a record is still appended but the final board is neither rebuilt nor republished', async () => {
    alicePull();
    await seed(['success']);
    await writeBranchFiles(
      clientFor(emu),
      repoOf(emu),
      BRANCH,
      [
        { path: 'LEADERBOARD.md', content: 'FINAL PRIVATE BOARD\n' },
        { path: 'reveal.json', content: '{"revealed_at":"2026-12-01T00:00:00.000Z"}\n' },
      ],
      'The reveal',
    );
    const before = ledgerRecords().length;
    const run = await action('record', {
      'pull-request': '12',
      'evaluation-job': 'success',
      'evaluate-kind': 'submission',
      'result-file': await resultFile(good()),
      'started-at': '2026-12-01T22:00:00.000Z',
      'leaderboard-dir': await mkdtemp(path.join(os.tmpdir(), 'holdout-lb-')),
    });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(ledgerRecords().length, before + 1);
    assert.equal(emu.branchFiles(BRANCH)!.get('LEADERBOARD.md'), 'FINAL PRIVATE BOARD\n');
    assert.equal(run.outputs['site-dir'], '');
    assert.match(run.stdout, /the final leaderboard stands and is not rebuilt or republished/);
  });

  test('a missing or a corrupt result is recorded as our error, and never charged', async () => {
    alicePull();
    const missing = await action('record', {
      'pull-request': '12',
      'evaluation-job': 'success',
      'evaluate-kind': 'submission',
      'result-file': path.join(competitionDir, 'no-such-file.json'),
    });
    assert.equal(missing.code, 0, missing.stdout);
    const corrupt = await action(
      'record',
      {
        'pull-request': '12',
        'evaluation-job': 'success',
        'evaluate-kind': 'submission',
        'result-file': await resultFile('{"format": "holdout-result", "version": 1, "head_sha": "'),
      },
      { GITHUB_RUN_ATTEMPT: '2' },
    );
    assert.equal(corrupt.code, 0, corrupt.stdout);
    assert.match(corrupt.stdout, /recorded as an error \(ours, never charged\): the result file is not valid JSON/);
    const records = ledgerRecords();
    assert.deepEqual(records.map((r) => [r.status, r.reason, r.public_scores]).sort(), [
      ['error', 'internal_error', {}],
      ['error', 'internal_error', {}],
    ]);
    const decision = checkLimit(records, ALICE, { perDay: 1, window: 'rolling' }, new Date());
    assert.equal(decision.allowed, true, 'errors are not charged');
  });

  test('a cancelled or failed evaluation job is recorded as cancelled / error; the participant fault as failed', async () => {
    alicePull();
    await action('record', { 'pull-request': '12', 'evaluation-job': 'cancelled' });
    await action('record', { 'pull-request': '12', 'evaluation-job': 'failure' }, { GITHUB_RUN_ATTEMPT: '2' });
    const crash = runReport({
      dataset: 'test',
      status: 'failed',
      reason: 'crash',
      scores: {},
      primary_metric: null,
    });
    await action('record', {
      'pull-request': '12',
      'evaluation-job': 'success',
      'evaluate-kind': 'submission',
      'result-file': await resultFile(result({ smoke: runReport(), test: crash })),
    });
    assert.deepEqual(
      ledgerRecords()
        .map((r) => `${r.status}/${r.reason}`)
        .sort(),
      ['cancelled/cancelled', 'error/internal_error', 'failed/crash'],
    );
  });

  test('an evaluate job that evaluated nothing (the pull request moved on) leaves no record', async () => {
    alicePull();
    const run = await action('record', {
      'pull-request': '12',
      'evaluation-job': 'success',
      'evaluate-kind': 'none',
      'result-file': path.join(competitionDir, 'none.json'),
    });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.recorded, '');
    assert.equal(emu.branchFiles(BRANCH), undefined);
  });
});

describe('the place line', () => {
  test('a scored evaluation: "best public … — rank N of M" from the ledger and this evaluation', async () => {
    alicePull();
    const others = [0.2, 0.3, 0.45].map((s, i) =>
      makeRecord(300 + i, { primary_metric: 'log_loss', public_scores: { log_loss: s } }),
    );
    await seed(['success'], others); // alice had 0.5 before
    const prep = await action('prepare');
    const file = await resultFile(
      result({ smoke: runReport(), test: runReport({ dataset: 'test', scores: { log_loss: 0.3917 } }) }),
    );
    const rep = await action('report', {
      'result-file': file,
      'evaluation-job': 'success',
      'check-run-id': prep.outputs['check-run-id']!,
      'submission-limit': prep.outputs['submission-limit']!,
    });
    assert.equal(rep.code, 0, rep.stdout);
    assert.equal(rep.outputs.conclusion, 'success');
    const body = emu.comments[0]!.body;
    assert.match(body, /\*\*best public 0\.3917 — rank 3 of 4\*\*/);
    // Under the headline.
    assert.ok(body.indexOf('best public') < body.indexOf('What to do') || !body.includes('What to do'));
  });

  test('no public score (private scores hidden): no place line', async () => {
    alicePull();
    const prep = await action('prepare');
    const file = await resultFile(result({ smoke: runReport(), test: runReport({ dataset: 'test', scores: {} }) }));
    const rep = await action('report', {
      'result-file': file,
      'evaluation-job': 'success',
      'check-run-id': prep.outputs['check-run-id']!,
    });
    assert.equal(rep.outputs.conclusion, 'success');
    assert.doesNotMatch(emu.comments[0]!.body, /best public/);
  });
});
