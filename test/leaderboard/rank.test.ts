/**
 * Issue 10 §2, the ranking rules: best / last / selected per participant, the metric's
 * direction, ties to the earlier submission, only success ranked, baselines marked without a
 * rank, identity by numeric id with the latest login, re-runs, the private split and its moves,
 * and placeOf() for the PR comment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { placeOf, rank, type RankOptions, scoreOf } from '../../src/leaderboard/rank.js';
import { parseSelection, readSelections } from '../../src/leaderboard/selection.js';
import { rec } from './records.js';

const LOSS: RankOptions = { rule: 'best', metric: { key: 'log_loss', direction: 'minimize' } };
const AUC: RankOptions = { rule: 'best', metric: { key: 'log_loss', direction: 'maximize' } };

const logins = (rows: { participant: { login: string } }[]) => rows.map((r) => r.participant.login);

test('rule best: each participant once, at their best score, ordered by a metric to minimize', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.4 }),
    rec({ id: 1, login: 'ann', at: 10, score: 0.2 }),
    rec({ id: 1, login: 'ann', at: 20, score: 0.3 }),
    rec({ id: 2, login: 'bob', at: 5, score: 0.25 }),
    rec({ id: 3, login: 'cy', at: 6, score: 0.9 }),
  ];
  const { public: rows, private: priv } = rank(records, LOSS);
  assert.deepEqual(logins(rows), ['ann', 'bob', 'cy']);
  assert.deepEqual(
    rows.map((r) => [r.rank, r.score, r.entries]),
    [
      [1, 0.2, 3],
      [2, 0.25, 1],
      [3, 0.9, 1],
    ],
  );
  assert.equal(rows[0]!.evaluation_id, records[1]!.evaluation_id);
  assert.equal(priv, null, 'no private split before the reveal');
});

test('direction maximize reverses the order and picks the highest score as best', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.4 }),
    rec({ id: 1, login: 'ann', at: 10, score: 0.2 }),
    rec({ id: 2, login: 'bob', at: 5, score: 0.25 }),
  ];
  const rows = rank(records, AUC).public;
  assert.deepEqual(logins(rows), ['ann', 'bob']);
  assert.equal(rows[0]!.score, 0.4);
});

test('rule last: the latest successful submission counts, even when an earlier one was better; a later failure does not', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.1 }),
    rec({ id: 1, login: 'ann', at: 10, score: 0.5 }),
    rec({ id: 1, login: 'ann', at: 20, status: 'failed' }),
    rec({ id: 2, login: 'bob', at: 5, score: 0.3 }),
  ];
  const rows = rank(records, { ...LOSS, rule: 'last' }).public;
  assert.deepEqual(
    rows.map((r) => [r.participant.login, r.score]),
    [
      ['bob', 0.3],
      ['ann', 0.5],
    ],
  );
  assert.equal(rows[1]!.entries, 3, 'the failed submission is an entry, never a score');
});

test('a tie goes to the earlier submission, then the smaller evaluation id', () => {
  const records = [
    rec({ id: 1, login: 'late', at: 30, score: 0.2 }),
    rec({ id: 2, login: 'early', at: 10, score: 0.2 }),
    rec({ id: 3, login: 'z-same-time', at: 20, score: 0.2, evaluationId: 'f'.repeat(32) }),
    rec({ id: 4, login: 'a-same-time', at: 20, score: 0.2, evaluationId: '0'.repeat(32) }),
  ];
  assert.deepEqual(logins(rank(records, LOSS).public), ['early', 'a-same-time', 'z-same-time', 'late']);
  // A participant's own tie: their earlier submission is the one shown.
  const own = [rec({ id: 1, login: 'ann', at: 50, score: 0.3 }), rec({ id: 1, login: 'ann', at: 40, score: 0.3 })];
  assert.equal(rank(own, LOSS).public[0]!.evaluation_id, own[1]!.evaluation_id);
});

test('failed, error, cancelled and refused are never ranked; a participant with only those is not on the board', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, status: 'failed' }),
    rec({ id: 2, login: 'bob', at: 0, status: 'error' }),
    rec({ id: 3, login: 'cy', at: 0, status: 'cancelled' }),
    rec({ id: 4, login: 'dee', at: 0, status: 'refused' }),
    rec({ id: 5, login: 'eve', at: 0, score: 0.9 }),
  ];
  const rows = rank(records, LOSS).public;
  assert.deepEqual(logins(rows), ['eve']);
  assert.equal(rows[0]!.rank, 1);
});

test('only the ranked dataset counts: the smoke run of a pull request is not a score', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.01, dataset: 'smoke' }),
    rec({ id: 1, login: 'ann', at: 1, score: 0.5 }),
  ];
  assert.equal(rank(records, LOSS).public[0]!.score, 0.5);
  assert.equal(rank(records, { ...LOSS, dataset: 'smoke' }).public[0]!.score, 0.01);
});

test('baselines are placed by score and marked, without a rank number, and not counted in "of"', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.1 }),
    rec({ id: 9, login: 'organizer-baseline', at: 0, score: 0.2, kind: 'baseline' }),
    rec({ id: 8, login: 'Zero-Rule', at: 0, score: 0.69 }),
    rec({ id: 2, login: 'bob', at: 0, score: 0.3 }),
    rec({ id: 3, login: 'cy', at: 0, score: 0.8 }),
  ];
  const rows = rank(records, { ...LOSS, baselines: ['zero-rule'] }).public;
  assert.deepEqual(
    rows.map((r) => [r.participant.login, r.rank, r.baseline]),
    [
      ['ann', 1, false],
      ['organizer-baseline', null, true],
      ['bob', 2, false],
      ['Zero-Rule', null, true],
      ['cy', 3, false],
    ],
  );
  assert.deepEqual(placeOf(records, 3, { ...LOSS, baselines: ['zero-rule'] }), {
    best: 0.8,
    score: 0.8,
    rank: 3,
    of: 3,
  });
});

test('a renamed participant keeps one row under their latest login; a re-registered old login is someone else', () => {
  const records = [
    rec({ id: 1, login: 'old-name', at: 0, score: 0.3 }),
    rec({ id: 1, login: 'new-name', at: 60, score: 0.4 }),
    rec({ id: 2, login: 'old-name', at: 120, score: 0.35 }), // another account took the freed login
  ];
  const rows = rank(records, LOSS).public;
  assert.deepEqual(
    rows.map((r) => [r.participant.id, r.participant.login, r.score]),
    [
      [1, 'new-name', 0.3],
      [2, 'old-name', 0.35],
    ],
  );
});

test('a re-run replaces the score of its submission but keeps its submission time; an erring re-run changes nothing', () => {
  const a = rec({ id: 1, login: 'ann', at: 0, score: 0.5 });
  const b = rec({ id: 2, login: 'bob', at: 10, score: 0.3 });
  const rerunA = rec({ id: 1, login: 'ann', at: 500, score: 0.3, rerunOf: a.evaluation_id, sha: a.head_sha });
  const rerunB = rec({ id: 2, login: 'bob', at: 500, status: 'error', rerunOf: b.evaluation_id, sha: b.head_sha });
  const rows = rank([a, b, rerunA, rerunB], LOSS).public;
  // Both at 0.3: ann's submission is the earlier one (time of its first evaluation, not of the re-run).
  assert.deepEqual(logins(rows), ['ann', 'bob']);
  assert.equal(rows[0]!.evaluation_id, rerunA.evaluation_id);
  assert.equal(rows[0]!.submitted_at, a.finished_at);
  assert.equal(rows[0]!.entries, 1, 'a re-run is not a new entry');
  // A re-run that failed (the participant's fault) takes the submission off the board.
  const failed = rec({ id: 1, login: 'ann', at: 600, status: 'failed', rerunOf: a.evaluation_id });
  assert.deepEqual(logins(rank([a, b, rerunA, failed], LOSS).public), ['bob']);
});

test('rule selected: the best of the listed SHAs counts, not the overall best; prefixes work; extra lines are noted', () => {
  const ann1 = rec({ id: 1, login: 'ann', at: 0, score: 0.1 });
  const ann2 = rec({ id: 1, login: 'ann', at: 10, score: 0.4 });
  const ann3 = rec({ id: 1, login: 'ann', at: 20, score: 0.3 });
  const bob1 = rec({ id: 2, login: 'bob', at: 0, score: 0.35 });
  const options: RankOptions = {
    ...LOSS,
    rule: 'selected',
    selectedMax: 2,
    selections: new Map([[1, [ann2.head_sha.slice(0, 7), ann3.head_sha, ann1.head_sha]]]),
  };
  const { public: rows, notes } = rank([ann1, ann2, ann3, bob1], options);
  assert.deepEqual(
    rows.map((r) => [r.participant.login, r.score]),
    [
      ['ann', 0.3],
      ['bob', 0.35],
    ],
  );
  assert.match(notes.join('\n'), /ann selected more than 2 submissions; only the first 2 count/);
});

test('rule selected: a SHA of someone else or of a failed run selects nothing; with no valid selection the N best public count', () => {
  const ann1 = rec({ id: 1, login: 'ann', at: 0, score: 0.1 });
  const annFailed = rec({ id: 1, login: 'ann', at: 5, status: 'failed' });
  const bob1 = rec({ id: 2, login: 'bob', at: 0, score: 0.05 });
  const options: RankOptions = {
    ...LOSS,
    rule: 'selected',
    selections: new Map([[1, [bob1.head_sha, annFailed.head_sha]]]),
  };
  const { public: rows, notes } = rank([ann1, annFailed, bob1], options);
  assert.deepEqual(
    rows.map((r) => [r.participant.login, r.score]),
    [
      ['bob', 0.05],
      ['ann', 0.1],
    ],
  );
  assert.equal(notes.filter((n) => /is none of their successful submissions/.test(n)).length, 2);
});

test('private split after the reveal: best ranks the private score of the SAME submission; moves are public − private rank', () => {
  const ann1 = rec({ id: 1, login: 'ann', at: 0, score: 0.1 });
  const ann2 = rec({ id: 1, login: 'ann', at: 10, score: 0.2 });
  const bob = rec({ id: 2, login: 'bob', at: 0, score: 0.15 });
  const base = rec({ id: 9, login: 'base', at: 0, score: 0.3, kind: 'baseline' });
  const cy = rec({ id: 3, login: 'cy', at: 0, score: 0.5 });
  const privateScores = new Map([
    [ann1.evaluation_id, { log_loss: 0.4 }],
    [ann2.evaluation_id, { log_loss: 0.01 }], // better, but not the submission ann's public board shows
    [bob.evaluation_id, { log_loss: 0.2 }],
    [base.evaluation_id, { log_loss: 0.3 }],
    // cy: no private score (not re-scored): left off, with a note
  ]);
  const { public: pub, private: priv, notes } = rank([ann1, ann2, bob, base, cy], LOSS, privateScores);
  assert.deepEqual(logins(pub), ['ann', 'bob', 'base', 'cy']);
  assert.deepEqual(
    priv!.map((r) => [r.participant.login, r.rank, r.score, r.public_rank, r.move]),
    [
      ['bob', 1, 0.2, 2, 1],
      ['base', null, 0.3, null, null],
      ['ann', 2, 0.4, 1, -1],
    ],
  );
  assert.match(notes.join('\n'), /1 participant has no private score .* left off the private board/);
});

test('private split with rule selected: the best private score among the selected submissions', () => {
  const ann1 = rec({ id: 1, login: 'ann', at: 0, score: 0.1 });
  const ann2 = rec({ id: 1, login: 'ann', at: 10, score: 0.2 });
  const ann3 = rec({ id: 1, login: 'ann', at: 20, score: 0.3 });
  const bob = rec({ id: 2, login: 'bob', at: 0, score: 0.15 });
  const privateScores = new Map([
    [ann1.evaluation_id, { 'log_loss.Private': 0.5 }],
    [ann2.evaluation_id, { 'log_loss.Private': 0.1 }],
    [ann3.evaluation_id, { 'log_loss.Private': 0.01 }], // not selected: ignored
    [bob.evaluation_id, { 'log_loss.Private': 0.2 }],
  ]);
  const options: RankOptions = { ...LOSS, rule: 'selected' }; // nobody selected: the 2 best public
  const priv = rank([ann1, ann2, ann3, bob], options, privateScores).private!;
  assert.deepEqual(
    priv.map((r) => [r.participant.login, r.score, r.evaluation_id]),
    [
      ['ann', 0.1, ann2.evaluation_id],
      ['bob', 0.2, bob.evaluation_id],
    ],
  );
});

test('secondary metrics are columns of the same submission; a missing one is null', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.2, secondary: { roc_auc: 0.91 } }),
    rec({ id: 1, login: 'ann', at: 1, score: 0.3, secondary: { roc_auc: 0.99 } }),
    rec({ id: 2, login: 'bob', at: 0, score: 0.4 }),
  ];
  const rows = rank(records, { ...LOSS, secondary: [{ key: 'roc_auc', direction: 'maximize' }] }).public;
  assert.deepEqual(
    rows.map((r) => r.scores),
    [{ roc_auc: 0.91 }, { roc_auc: null }],
  );
});

test('scoreOf reads a key or its only per-split form, never a non-finite value', () => {
  assert.equal(scoreOf({ log_loss: 0.2 }, 'log_loss'), 0.2);
  assert.equal(scoreOf({ 'log_loss.Public': 0.3 }, 'log_loss'), 0.3);
  assert.equal(scoreOf({ 'log_loss.Public': 0.3, 'log_loss.Other': 0.1 }, 'log_loss'), null);
  assert.equal(scoreOf({ log_loss: Number.NaN }, 'log_loss'), null);
  assert.equal(scoreOf({ log_loss_extra: 0.3 }, 'log_loss'), null);
});

test('placeOf: best public score, rank and count for the PR comment; null without a scored submission', () => {
  const records = [
    rec({ id: 1, login: 'ann', at: 0, score: 0.1124 }),
    rec({ id: 2, login: 'bob', at: 0, score: 0.1 }),
    rec({ id: 2, login: 'bob', at: 1, score: 0.05 }),
    rec({ id: 3, login: 'cy', at: 0, score: 0.2 }),
    rec({ id: 4, login: 'dee', at: 0, status: 'failed' }),
  ];
  assert.deepEqual(placeOf(records, 1, LOSS), { best: 0.1124, score: 0.1124, rank: 2, of: 3 });
  assert.equal(placeOf(records, 4, LOSS), null);
  assert.equal(placeOf(records, 99, LOSS), null);
  // Under rule last the rank follows the last submission, while "best" stays the best.
  assert.deepEqual(placeOf(records, 2, { ...LOSS, rule: 'last' }), { best: 0.05, score: 0.05, rank: 1, of: 3 });
});

test('a hand-edited rerun_of cycle does not hang the ranking', () => {
  const a = rec({ id: 1, login: 'ann', at: 0, score: 0.3, evaluationId: 'a'.repeat(32), rerunOf: 'b'.repeat(32) });
  const b = rec({ id: 1, login: 'ann', at: 1, score: 0.2, evaluationId: 'b'.repeat(32), rerunOf: 'a'.repeat(32) });
  const rows = rank([a, b], LOSS).public;
  assert.equal(rows.length, 1);
});

test('selection file: SHAs one a line, comments allowed, anything else reported with its line', () => {
  assert.deepEqual(
    parseSelection('# my picks\nABCDEF1234567\n\n  0123456789abcdef0123456789abcdef01234567  # final\nmain\n'),
    {
      shas: ['abcdef1234567', '0123456789abcdef0123456789abcdef01234567'],
      problems: ['line 5 is not a commit SHA (main); write one head SHA a line, 7 to 40 hex digits'],
    },
  );
});

test('selection files are read from submissions/<latest login>/ case-insensitively, never through a link', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'holdout-selection-'));
  try {
    await mkdir(path.join(dir, 'Ann'));
    await writeFile(path.join(dir, 'Ann', 'selected.txt'), 'abcdef1\n');
    await mkdir(path.join(dir, 'bob'));
    await writeFile(path.join(dir, 'secret.txt'), 'fedcba9\n');
    await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'bob', 'selected.txt'));
    await mkdir(path.join(dir, 'cy'));
    await writeFile(path.join(dir, 'cy', 'selected.txt'), 'x'.repeat(20_000));
    const { selections, notes } = await readSelections(
      dir,
      new Map([
        [1, 'ann'],
        [2, 'bob'],
        [3, 'cy'],
        [4, 'dee'],
      ]),
      'selected.txt',
    );
    assert.deepEqual([...selections], [[1, ['abcdef1']]]);
    assert.deepEqual(notes, [
      'submissions/bob/selected.txt is not a regular file (a link or a folder), so it is ignored; commit a plain text file.',
      'submissions/cy/selected.txt is larger than 16384 bytes, so it is ignored; list only head SHAs.',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
