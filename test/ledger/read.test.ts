/**
 * Reading the ledger (issue 10): a corrupt or hand-edited record is reported with its file and
 * skipped by the reader, never a crash; duplicates are reported; renamed logins and clocks that
 * jump read fine. The same from a local checkout and through the API.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { recordPath, serializeRecord } from '../../src/ledger/record.js';
import { readLedgerFromApi, readLedgerFromDir } from '../../src/ledger/read.js';
import { appendRecord, appendRecords, writeBranchFiles } from '../../src/ledger/store.js';
import { verifyLedger } from '../../src/ledger/verify.js';
import { parseCompetition } from '../../src/config/load.js';
import { checkSubmissionLimit } from '../../src/season/submission-limit.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { BRANCH, clientFor, makeRecord, repoOf } from './support.js';

async function ledgerDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-ledger-'));
  for (const [p, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), text);
  }
  return dir;
}

const good = makeRecord(1);
const other = makeRecord(2);

test('a corrupt record, a hand-edited one and a moved one are reported with their files and skipped', async () => {
  const edited = JSON.parse(serializeRecord(makeRecord(3)));
  edited.public_scores.rmse = 'great';
  edited.note = 'hi';
  const moved = makeRecord(4);
  const dir = await ledgerDir({
    'README.md': '# not a record\n',
    [recordPath(good)]: serializeRecord(good),
    [recordPath(other)]: serializeRecord(other).slice(0, 40), // truncated
    [recordPath(makeRecord(3))]: JSON.stringify(edited),
    [`records/2026/11/${moved.evaluation_id}.json`]: serializeRecord(moved),
    'records/2026/12/notes.txt': 'scribbles',
    [`records/2026/12/${'f'.repeat(32)}.json`]: JSON.stringify({ ...good, version: 2 }),
  });
  const ledger = await readLedgerFromDir(dir);
  assert.deepEqual(ledger.records, [good]);
  assert.match(
    ledger.problems.find((p) => p.file === recordPath(other))!.problem,
    /^is not JSON \(Unterminated string in JSON at position 40/,
  );
  assert.deepEqual(
    ledger.problems,
    [
      {
        file: `records/2026/11/${moved.evaluation_id}.json`,
        problem: `holds evaluation ${moved.evaluation_id} finished 2026-12-01T10:05:00.000Z, which belongs at ${recordPath(moved)}: the file was moved or edited by hand`,
      },
      {
        file: recordPath(other),
        // JSON.parse's own words differ between Node versions; the start is ours.
        problem: ledger.problems
          .find((p) => p.file === recordPath(other))!
          .problem.replace(/^is not JSON \(.+\)$/, (m) => m),
      },
      {
        file: recordPath(makeRecord(3)),
        problem:
          'does not match the record schema: public_scores.rmse: Invalid input: expected number, received string; (record): Unrecognized key: "note"',
      },
      {
        file: `records/2026/12/${'f'.repeat(32)}.json`,
        problem: 'has version 2, this Holdout reads version 1; upgrade Holdout',
      },
      {
        file: 'records/2026/12/notes.txt',
        problem: 'is not where records are kept (records/<yyyy>/<mm>/<evaluation-id>.json); it is not read',
      },
    ].sort((a, b) => (a.file < b.file ? -1 : 1)),
  );
});

test('a duplicated evaluation id is reported; the first record stands', async () => {
  const copy = { ...good, finished_at: '2026-11-30T10:05:00.000Z', status: 'failed' as const };
  const dir = await ledgerDir({ [recordPath(good)]: serializeRecord(good), [recordPath(copy)]: serializeRecord(copy) });
  const ledger = await readLedgerFromDir(dir);
  assert.deepEqual(ledger.records, [copy], 'path order: the November file comes first');
  assert.deepEqual(ledger.duplicates, [
    { evaluation_id: good.evaluation_id, files: [recordPath(copy), recordPath(good)] },
  ]);
  assert.deepEqual(ledger.problems, [
    {
      file: recordPath(good),
      problem: `repeats evaluation ${good.evaluation_id} already recorded in ${recordPath(copy)}; the first record stands`,
    },
  ]);
});

test('a link planted under records/ is not followed', async () => {
  const dir = await ledgerDir({ [recordPath(good)]: serializeRecord(good) });
  await symlink('/etc/passwd', path.join(dir, 'records/2026/12', `${'e'.repeat(32)}.json`));
  const ledger = await readLedgerFromDir(dir);
  assert.deepEqual(ledger.records, [good]);
  assert.deepEqual(ledger.problems, [
    {
      file: `records/2026/12/${'e'.repeat(32)}.json`,
      problem: 'is not a plain file (a link or a special file); it is not read',
    },
  ]);
});

test('a folder without records/ is an empty ledger; a missing folder is a clear error', async () => {
  const empty = await ledgerDir({ 'README.md': 'x' });
  assert.deepEqual(await readLedgerFromDir(empty), {
    records: [],
    entries: [],
    problems: [],
    duplicates: [],
    revealed: false,
  });
  await assert.rejects(readLedgerFromDir(path.join(empty, 'nope')), {
    name: 'LedgerError',
    message: `${path.join(empty, 'nope')} is not a folder; give a checkout of the results branch (git clone --branch holdout-results --single-branch <repository>).`,
  });
});

test('a participant who renamed their login: the same participant id, each record keeps its login', async () => {
  const before = makeRecord(5, { participant: { id: 4242, login: 'old-name' } });
  const after = makeRecord(6, { participant: { id: 4242, login: 'new-name' } });
  const dir = await ledgerDir({
    [recordPath(before)]: serializeRecord(before),
    [recordPath(after)]: serializeRecord(after),
  });
  const ledger = await readLedgerFromDir(dir);
  assert.deepEqual(ledger.problems, []);
  assert.deepEqual(
    ledger.records.map((r) => r.participant).sort((a, b) => (a.login < b.login ? -1 : 1)),
    [
      { id: 4242, login: 'new-name' },
      { id: 4242, login: 'old-name' },
    ],
  );
});

test('a clock that jumps back: a record finished before the previous one reads and verifies fine', async () => {
  const emu = await new GitHubEmulator().start();
  try {
    const client = clientFor(emu);
    const first = makeRecord(7, { started_at: '2026-12-05T10:00:00Z', finished_at: '2026-12-05T10:10:00Z' });
    // Appended later, but its runner's clock says it finished days earlier, and before it started.
    const jumped = makeRecord(8, { started_at: '2026-12-05T11:00:00Z', finished_at: '2026-12-01T09:00:00Z' });
    await appendRecord(client, repoOf(emu), BRANCH, first);
    await appendRecord(client, repoOf(emu), BRANCH, jumped);
    const ledger = await readLedgerFromApi(client, repoOf(emu), BRANCH);
    assert.deepEqual(ledger.problems, []);
    assert.deepEqual(
      new Set(ledger.records.map((r) => r.evaluation_id)),
      new Set([first.evaluation_id, jumped.evaluation_id]),
    );
    assert.deepEqual(await verifyLedger(ledger), { count: 2, opened: 0, problems: [] });
  } finally {
    await emu.stop();
    assert.deepEqual(emu.violations, []);
  }
});

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

test('through the API: records at the tip, a planted corrupt file reported and skipped', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, good);
  await appendRecord(client, repoOf(emu), BRANCH, other);
  // Someone with write access pushes a broken file by hand.
  const repo = repoOf(emu);
  const { data: ref } = await client.rest.git.getRef({ ...repo, ref: `heads/${BRANCH}` });
  const { data: tip } = await client.rest.git.getCommit({ ...repo, commit_sha: ref.object.sha });
  const bad = `records/2026/12/${'0'.repeat(32)}.json`;
  const { data: tree } = await client.rest.git.createTree({
    ...repo,
    base_tree: tip.tree.sha,
    tree: [{ path: bad, mode: '100644', type: 'blob', content: '{"version": 1, "evaluation_id": "' }],
  });
  const { data: commit } = await client.rest.git.createCommit({
    ...repo,
    message: 'oops',
    tree: tree.sha,
    parents: [tip.sha],
  });
  await client.rest.git.updateRef({ ...repo, ref: `heads/${BRANCH}`, sha: commit.sha });

  const ledger = await readLedgerFromApi(client, repo, BRANCH);
  assert.deepEqual(ledger.records.map((r) => r.evaluation_id).sort(), [good.evaluation_id, other.evaluation_id].sort());
  assert.equal(ledger.problems.length, 1);
  assert.equal(ledger.problems[0]!.file, bad);
  assert.match(ledger.problems[0]!.problem, /^is not JSON \(/);
  // Appending still works next to it.
  await appendRecord(client, repo, BRANCH, makeRecord(3));
  assert.equal((await readLedgerFromApi(client, repo, BRANCH)).records.length, 3);
});

test('through the API: a branch that does not exist yet is an empty ledger', async () => {
  const ledger = await readLedgerFromApi(clientFor(emu), repoOf(emu), BRANCH);
  assert.deepEqual(ledger, { records: [], entries: [], problems: [], duplicates: [], revealed: false });
  assert.deepEqual(
    emu.requests.map((r) => r.operationId),
    ['git/get-ref'],
    'one request: no archive of a branch that is not there',
  );
});

test('through the API: 500 records are read in at most 3 requests (ref, zipball, codeload)', async () => {
  const client = clientFor(emu);
  const records = Array.from({ length: 500 }, (_, i) => makeRecord(100 + i));
  await appendRecords(client, repoOf(emu), BRANCH, records);
  const before = emu.requests.length;
  const ledger = await readLedgerFromApi(client, repoOf(emu), BRANCH);
  const made = emu.requests.slice(before);
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.records.length, 500);
  assert.deepEqual(new Set(ledger.records.map((r) => r.evaluation_id)), new Set(records.map((r) => r.evaluation_id)));
  assert.deepEqual(
    made.map((r) => r.operationId),
    ['git/get-ref', 'repos/download-zipball-archive', 'codeload/legacy-zip'],
  );
});

test('through the API: a branch whose archive is over the cap is a LedgerError, not a partial ledger', async () => {
  const client = clientFor(emu);
  await appendRecords(
    client,
    repoOf(emu),
    BRANCH,
    Array.from({ length: 20 }, (_, i) => makeRecord(200 + i)),
  );
  const where = `the results branch "${BRANCH}" of ${emu.owner}/${emu.repo}`;
  await assert.rejects(readLedgerFromApi(client, repoOf(emu), BRANCH, { maxBytes: 4096 }), {
    name: 'LedgerError',
    message: `${where} is too big to read through the API (its archive is over 4096 bytes); read a clone of it instead (holdout ledger verify <folder>), and check that nothing but records was committed to it.`,
  });
  await assert.rejects(readLedgerFromApi(client, repoOf(emu), BRANCH, { maxEntries: 10 }), {
    name: 'LedgerError',
    message: /is too big to read through the API \(2\d entries, over 10\)/,
  });
  // Under the caps the same branch reads whole.
  assert.equal((await readLedgerFromApi(client, repoOf(emu), BRANCH)).records.length, 20);
});

test('through the API: a file that inflates far past its archive size stops the read at the cap (a zip bomb)', async () => {
  const client = clientFor(emu);
  const repo = repoOf(emu);
  await appendRecord(client, repo, BRANCH, good);
  const { data: ref } = await client.rest.git.getRef({ ...repo, ref: `heads/${BRANCH}` });
  const { data: tip } = await client.rest.git.getCommit({ ...repo, commit_sha: ref.object.sha });
  // 60 KB of spaces: a record-sized file that deflates to a few hundred bytes.
  const { data: tree } = await client.rest.git.createTree({
    ...repo,
    base_tree: tip.tree.sha,
    tree: [
      { path: `records/2026/12/${'b'.repeat(32)}.json`, mode: '100644', type: 'blob', content: ' '.repeat(60_000) },
    ],
  });
  const { data: commit } = await client.rest.git.createCommit({
    ...repo,
    message: 'bomb',
    tree: tree.sha,
    parents: [tip.sha],
  });
  await client.rest.git.updateRef({ ...repo, ref: `heads/${BRANCH}`, sha: commit.sha });
  await assert.rejects(readLedgerFromApi(client, repo, BRANCH, { maxBytes: 20_000 }), {
    name: 'LedgerError',
    message: /is too big to read through the API \(its records unpack to over 20000 bytes\)/,
  });
});

test('through the API: a link planted under records/ is reported and skipped', async () => {
  const client = clientFor(emu);
  const repo = repoOf(emu);
  await appendRecord(client, repo, BRANCH, good);
  const { data: ref } = await client.rest.git.getRef({ ...repo, ref: `heads/${BRANCH}` });
  const { data: tip } = await client.rest.git.getCommit({ ...repo, commit_sha: ref.object.sha });
  const link = `records/2026/12/${'e'.repeat(32)}.json`;
  const { data: tree } = await client.rest.git.createTree({
    ...repo,
    base_tree: tip.tree.sha,
    tree: [{ path: link, mode: '120000', type: 'blob', content: '/etc/passwd' }],
  });
  const { data: commit } = await client.rest.git.createCommit({
    ...repo,
    message: 'link',
    tree: tree.sha,
    parents: [tip.sha],
  });
  await client.rest.git.updateRef({ ...repo, ref: `heads/${BRANCH}`, sha: commit.sha });
  const ledger = await readLedgerFromApi(client, repo, BRANCH);
  assert.deepEqual(ledger.records, [good]);
  assert.deepEqual(ledger.problems, [
    { file: link, problem: 'is not a plain file (a link or a special file); it is not read' },
  ]);
});

test('through the API: a damaged archive is a LedgerError', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, good);
  emu.archiveOverride = Buffer.from('PK\x03\x04 not really a zip');
  await assert.rejects(readLedgerFromApi(client, repoOf(emu), BRANCH), {
    name: 'LedgerError',
    message: new RegExp(
      `^GitHub's archive of the results branch "${BRANCH}" of octo-org/competition is not a readable zip \\(.+\\); run again later\\.$`,
    ),
  });
});

test('through the API: an archive that cannot be read fails the submission limit closed (nothing evaluated)', async () => {
  const client = clientFor(emu);
  await appendRecord(client, repoOf(emu), BRANCH, good);
  emu.archiveOverride = Buffer.alloc(1024, 0x41);
  const config = parseCompetition(
    'name: x\ndatasets:\n  smoke: {data: d, labels: l.csv}\nscoring: {id_column: id, columns: [target], metric: rmse}\n',
  );
  const { note } = await checkSubmissionLimit(client, repoOf(emu), config, good.participant.id, new Date());
  assert.equal(note?.limit, 'unreadable');
  assert.match(
    (note as { problem: string }).problem,
    /^GitHub's archive of the results branch "holdout-results" of octo-org\/competition is not a readable zip \(.+\); run again later\.$/,
  );
});

test('the reveal on the branch (reveal.json) is seen by both readers; a folder named so is not a reveal', async () => {
  const records = { [recordPath(good)]: serializeRecord(good) };
  assert.equal((await readLedgerFromDir(await ledgerDir(records))).revealed, false);
  assert.equal((await readLedgerFromDir(await ledgerDir({ ...records, 'reveal.json': '{}\n' }))).revealed, true);
  assert.equal((await readLedgerFromDir(await ledgerDir({ 'reveal.json/x': '{}\n' }))).revealed, false);
  const emu = await new GitHubEmulator().start();
  try {
    const client = clientFor(emu);
    await appendRecord(client, repoOf(emu), BRANCH, good);
    assert.equal((await readLedgerFromApi(client, repoOf(emu), BRANCH)).revealed, false);
    await writeBranchFiles(client, repoOf(emu), BRANCH, [{ path: 'reveal.json', content: '{}\n' }], 'The reveal');
    const after = await readLedgerFromApi(client, repoOf(emu), BRANCH);
    assert.equal(after.revealed, true);
    assert.equal(after.records.length, 1);
    // The record job's board, when the reveal landed after its read: checked on the tip it would write on.
    const late = await writeBranchFiles(
      client,
      repoOf(emu),
      BRANCH,
      [{ path: 'LEADERBOARD.md', content: 'public only\n' }],
      'Leaderboard',
      { unlessPresent: 'reveal.json' },
    );
    assert.equal(late.skipped, true);
    assert.equal(emu.branchFiles(BRANCH)!.has('LEADERBOARD.md'), false);
  } finally {
    await emu.stop();
  }
});
