/**
 * Appending to the results ledger through the Git Data API of the emulator (issue 10,
 * "Bad input and faults"): racing writers, retried jobs, a missing or protected branch.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { recordPath } from '../../src/ledger/record.js';
import { appendRecord, appendRecords, LedgerError, writeBranchFiles } from '../../src/ledger/store.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { BRANCH, clientFor, makeRecord, repoOf } from './support.js';

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

const recordFiles = (branch = BRANCH) =>
  [...(emu.branchFiles(branch)?.keys() ?? [])].filter((p) => p.startsWith('records/'));

test('20 writers at once: 20 records, none twice, a linear history of one commit each', async () => {
  const client = clientFor(emu);
  const records = Array.from({ length: 20 }, (_, i) => makeRecord(i + 1));
  // Hold the first 20 ref updates until all have arrived: every writer but one loses its first try.
  emu.barrier('git/update-ref', 20);
  const results = await Promise.all(records.map((r) => appendRecord(client, repoOf(emu), BRANCH, r)));

  assert.deepEqual(recordFiles().sort(), records.map((r) => recordPath(r)).sort());
  assert.deepEqual(results.flatMap((r) => r.appended).sort(), records.map((r) => recordPath(r)).sort());
  assert.deepEqual(
    results.flatMap((r) => r.alreadyRecorded),
    [],
  );
  const history = emu.branchHistory(BRANCH);
  assert.equal(history.length, 21, 'the root commit and one commit per record');
  assert.deepEqual(history.at(-1)!.parents, [], 'the root commit is an orphan');
  for (const c of history.slice(0, -1)) assert.equal(c.parents.length, 1, `${c.sha} is not a merge`);
  // Contention really happened and was refused, never forced through.
  assert.ok(results.some((r) => r.attempts > 1));
  assert.ok(emu.calls('git/update-ref').length > 20);
  // Every record's content survived the retries intact.
  const files = emu.branchFiles(BRANCH)!;
  for (const r of records) assert.deepEqual(JSON.parse(files.get(recordPath(r))!), r);
  assert.equal(results.filter((r) => r.createdBranch).length, 1, 'the branch was created once');
});

test('a retried job appends nothing: same evaluation id, even when the retry finishes the next month', async () => {
  const client = clientFor(emu);
  const first = makeRecord(7, { started_at: '2026-11-30T23:50:00Z', finished_at: '2026-11-30T23:59:00Z' });
  const retry = {
    ...first,
    workflow_run: { id: first.workflow_run!.id, attempt: 2 },
    started_at: '2026-12-01T00:05:00Z',
    finished_at: '2026-12-01T00:10:00Z',
    status: 'failed' as const,
    reason: 'timeout',
  };
  const a = await appendRecord(client, repoOf(emu), BRANCH, first);
  const b = await appendRecord(client, repoOf(emu), BRANCH, retry);
  const c = await appendRecord(client, repoOf(emu), BRANCH, first);
  assert.deepEqual(a.appended, [`records/2026/11/${first.evaluation_id}.json`]);
  assert.deepEqual(b.appended, []);
  assert.deepEqual(b.alreadyRecorded, [`records/2026/12/${first.evaluation_id}.json`]);
  assert.deepEqual(c.alreadyRecorded, [`records/2026/11/${first.evaluation_id}.json`]);
  assert.equal(b.commit, a.commit, 'no commit was made');
  assert.deepEqual(recordFiles(), [`records/2026/11/${first.evaluation_id}.json`]);
  // The first record stands: records are never changed.
  assert.equal(JSON.parse(emu.branchFiles(BRANCH)!.get(recordPath(first))!).status, 'success');
});

test('two attempts of the same evaluation racing: one record', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, makeRecord(1));
  const r = makeRecord(2);
  emu.barrier('git/update-ref', 2);
  const results = await Promise.all([
    appendRecord(client, repoOf(emu), BRANCH, r),
    appendRecord(client, repoOf(emu), BRANCH, r),
  ]);
  assert.deepEqual(results.map((x) => x.appended.length).sort(), [0, 1]);
  assert.deepEqual(results.map((x) => x.alreadyRecorded.length).sort(), [0, 1]);
  assert.equal(recordFiles().length, 2);
});

test('a missing results branch is created: an orphan root commit with a README, then the record', async () => {
  const client = clientFor(emu);
  const logs: string[] = [];
  const result = await appendRecord(client, repoOf(emu), BRANCH, makeRecord(3), { log: (l) => logs.push(l) });
  assert.equal(result.createdBranch, true);
  assert.deepEqual(logs, [`The results branch "${BRANCH}" does not exist yet: creating it.`]);
  const history = emu.branchHistory(BRANCH);
  assert.deepEqual(
    history.map((c) => c.message),
    [
      `Record submission ${makeRecord(3).evaluation_id}: PR #3 by user-3, test, success`,
      `Start the results ledger on ${BRANCH}`,
    ],
  );
  assert.deepEqual(history[1]!.parents, []);
  const files = emu.branchFiles(BRANCH)!;
  assert.deepEqual([...files.keys()].sort(), ['README.md', recordPath(makeRecord(3))]);
  assert.match(files.get('README.md')!, /written only by Holdout's record job/);
  // The second append finds the branch.
  const again = await appendRecord(client, repoOf(emu), BRANCH, makeRecord(4));
  assert.equal(again.createdBranch, false);
  assert.equal(emu.calls('git/create-ref').length, 1);
});

const PROTECTED_MESSAGE =
  `GitHub refused to update the results branch "${BRANCH}" of octo-org/competition: Protected branch update failed for refs/heads/${BRANCH}. ` +
  'The branch is protected (a branch protection rule or a ruleset that requires pull requests or restricts updates). ' +
  "Holdout's record job writes it through the API: in Settings → Branches (or Settings → Rules → Rulesets) " +
  `exclude "${BRANCH}" from that rule, or add the record job's GitHub App to the rule's bypass list. ` +
  `Keep "${BRANCH}" out of every rule that requires pull requests; only the record job has contents: write.`;

test('a protected results branch: the exact error naming the setting, and nothing written', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, makeRecord(1));
  const before = emu.branchHistory(BRANCH)[0]!.sha;
  emu.protectBranch(BRANCH);
  await assert.rejects(appendRecord(client, repoOf(emu), BRANCH, makeRecord(2)), (e: unknown) => {
    assert.ok(e instanceof LedgerError);
    assert.equal(e.message, PROTECTED_MESSAGE);
    return true;
  });
  assert.equal(emu.branchHistory(BRANCH)[0]!.sha, before);
  assert.equal(emu.calls('git/update-ref').length, 2, 'refused once, not retried as a race');
});

test('a protected pattern that does not let the branch be created: the same error', async () => {
  emu.protectBranch(BRANCH);
  await assert.rejects(appendRecord(clientFor(emu), repoOf(emu), BRANCH, makeRecord(2)), {
    message: PROTECTED_MESSAGE,
  });
  assert.equal(emu.branchFiles(BRANCH), undefined);
});

test('a token without contents: write: the error names the permission', async () => {
  emu.fault('git/create-tree', { status: 403, body: { message: 'Resource not accessible by integration' } });
  await assert.rejects(appendRecord(clientFor(emu), repoOf(emu), BRANCH, makeRecord(5)), {
    name: 'LedgerError',
    message:
      `GitHub refused to write the results branch "${BRANCH}" of octo-org/competition: Resource not accessible by integration ` +
      'The token lacks write access to contents: give the record job `permissions: contents: write` ' +
      '(and check Settings → Actions → General → Workflow permissions does not cap it).',
  });
});

test('a branch that moves under every try: bounded, then a clear error', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, makeRecord(1));
  const nff = { status: 422, body: { message: 'Update is not a fast forward', documentation_url: 'x' } };
  emu.fault('git/update-ref', nff, nff, nff);
  const sleeps: number[] = [];
  await assert.rejects(
    appendRecord(client, repoOf(emu), BRANCH, makeRecord(2), {
      maxAttempts: 3,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    }),
    {
      name: 'LedgerError',
      message: `Could not write the results branch "${BRANCH}": it moved under every one of 3 tries (many writers at once). Re-run the job: its records are not written twice.`,
    },
  );
  assert.deepEqual(sleeps, [25, 50], 'jittered back-off doubling between tries, none after the last');
  assert.equal(recordFiles().length, 1);
});

test('several records in one commit; the ones already there are skipped', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, makeRecord(1));
  const result = await appendRecords(client, repoOf(emu), BRANCH, [makeRecord(1), makeRecord(2), makeRecord(3)]);
  assert.deepEqual(result.appended, [recordPath(makeRecord(2)), recordPath(makeRecord(3))]);
  assert.deepEqual(result.alreadyRecorded, [recordPath(makeRecord(1))]);
  assert.equal(emu.branchHistory(BRANCH)[0]!.message, 'Record 2 evaluations');
  assert.equal(recordFiles().length, 3);
});

test('a record that fails the schema never reaches the branch', async () => {
  const bad = { ...makeRecord(1), participant: { id: -1, login: 'x' } };
  await assert.rejects(appendRecord(clientFor(emu), repoOf(emu), BRANCH, bad), { name: 'ZodError' });
  assert.equal(emu.calls('git/create-tree').length, 0);
});

test('other files (LEADERBOARD.md) are written beside the records, never over them', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, makeRecord(1));
  await writeBranchFiles(client, repoOf(emu), BRANCH, [{ path: 'LEADERBOARD.md', content: '# Board\n' }], 'Board');
  await writeBranchFiles(client, repoOf(emu), BRANCH, [{ path: 'LEADERBOARD.md', content: '# Board 2\n' }], 'Board');
  assert.equal(emu.branchFiles(BRANCH)!.get('LEADERBOARD.md'), '# Board 2\n');
  assert.equal(recordFiles().length, 1);
  await assert.rejects(
    writeBranchFiles(client, repoOf(emu), BRANCH, [{ path: recordPath(makeRecord(1)), content: '{}' }], 'x'),
    { name: 'LedgerError', message: /records are written only by appendRecords/ },
  );
});
