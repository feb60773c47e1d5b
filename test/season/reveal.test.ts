/**
 * The reveal: the sealed private scores open only with the right key, all or nothing; a key
 * that is missing or wrong, or a box that does not open, is a clear error and NOTHING is
 * published (no site, no commit on the results branch). With the right key: the final
 * leaderboard (private ranking, public rank beside it, the shake-up) on the branch, the
 * reveal recorded (reveal.json), the site written for Pages.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, afterEach, describe, test } from 'node:test';
import { loadCompetition } from '../../src/config/load.js';
import { createClient } from '../../src/github/octokit.js';
import type { LedgerRecord } from '../../src/ledger/record.js';
import { generateKeyPair, sealScores, type KeyPair } from '../../src/ledger/seal.js';
import { appendRecords } from '../../src/ledger/store.js';
import { openLedgerScores, prepareReveal, RevealError } from '../../src/season/reveal.js';
import { freshActionBundle, runAction } from '../action/support/run-action.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { record } from './records.js';

let keys: KeyPair;
let other: KeyPair;
let competitionDir: string;

/** Four participants whose public order (a, b, c, d) the private split turns round (d, c, b, a). */
async function ledger(pub: string): Promise<LedgerRecord[]> {
  const rows: [string, number, number, number][] = [
    ['alice', 1, 0.1, 0.4],
    ['bob', 2, 0.2, 0.3],
    ['carol', 3, 0.3, 0.2],
    ['dave', 4, 0.4, 0.1],
  ];
  return Promise.all(
    rows.map(async ([login, id, pub_, priv]) =>
      record({
        n: id,
        participant: { id, login },
        public_scores: { log_loss: pub_ },
        primary_metric: 'log_loss',
        sealed_private: await sealScores(pub, { log_loss: priv }),
      }),
    ),
  );
}

before(async () => {
  keys = await generateKeyPair();
  other = await generateKeyPair();
  competitionDir = await mkdtemp(path.join(os.tmpdir(), 'holdout-reveal-competition-'));
  await cp(path.resolve('examples/demo'), competitionDir, { recursive: true });
  const yml = await readFile(path.join(competitionDir, 'competition.yml'), 'utf8');
  await writeFile(path.join(competitionDir, 'competition.yml'), `${yml}\nresults:\n  public_key: ${keys.publicKey}\n`);
});

describe('opening the sealed private scores: all or nothing', () => {
  test('the right key opens every box', async () => {
    const records = await ledger(keys.publicKey);
    const opened = await openLedgerScores(records, keys.privateKey, keys.publicKey);
    assert.deepEqual(
      records.map((r) => opened.get(r.evaluation_id)),
      [{ log_loss: 0.4 }, { log_loss: 0.3 }, { log_loss: 0.2 }, { log_loss: 0.1 }],
    );
  });

  test('a missing or empty key: a clear error naming the secret and the environment', async () => {
    const records = await ledger(keys.publicKey);
    for (const missing of [undefined, '', '  ']) {
      await assert.rejects(openLedgerScores(records, missing, keys.publicKey), (e: Error) => {
        assert.ok(e instanceof RevealError);
        assert.match(e.message, /the secret HOLDOUT_RESULTS_PRIVATE_KEY is missing or empty/);
        assert.match(e.message, /"reveal" environment/);
        assert.match(e.message, /Nothing was published\.$/);
        return true;
      });
    }
  });

  test('the private key of another pair: refused before any box is opened', async () => {
    const records = await ledger(keys.publicKey);
    await assert.rejects(openLedgerScores(records, other.privateKey, keys.publicKey), (e: Error) => {
      assert.ok(e instanceof RevealError);
      assert.match(e.message, /does not belong to results\.public_key/);
      assert.match(e.message, /Nothing was published\.$/);
      return true;
    });
    await assert.rejects(openLedgerScores(records, 'not base64!', keys.publicKey), /is not base64/);
  });

  test('a box sealed for another public key (changed mid-season): the whole reveal stops, naming the evaluation', async () => {
    const records = await ledger(keys.publicKey);
    const stray = record({
      n: 9,
      participant: { id: 9, login: 'erin' },
      public_scores: { log_loss: 0.5 },
      primary_metric: 'log_loss',
      sealed_private: await sealScores(other.publicKey, { log_loss: 0.05 }),
    });
    await assert.rejects(openLedgerScores([...records, stray], keys.privateKey, keys.publicKey), (e: Error) => {
      assert.ok(e instanceof RevealError);
      assert.match(e.message, /^1 sealed private score did not open/);
      assert.ok(e.message.includes(`${stray.evaluation_id} (PR #9 by erin)`));
      assert.match(e.message, /Re-score those evaluations/);
      return true;
    });
  });

  test('no results.public_key in competition.yml: nothing to reveal, said so', async () => {
    await assert.rejects(openLedgerScores([], keys.privateKey, undefined), /has no results\.public_key/);
  });

  test('the final leaderboard: private ranking, public rank beside it, the shake-up', async () => {
    const { config } = await loadCompetition(competitionDir);
    const outcome = await prepareReveal({
      records: await ledger(keys.publicKey),
      config,
      privateKey: keys.privateKey,
      now: new Date('2027-03-01T12:00:00Z'),
    });
    const priv = outcome.data.leaderboard.private!;
    assert.deepEqual(
      priv.map((r) => [r.participant.login, r.rank, r.public_rank, r.move]),
      [
        ['dave', 1, 4, 3],
        ['carol', 2, 3, 1],
        ['bob', 3, 2, -1],
        ['alice', 4, 1, -3],
      ],
    );
    assert.equal(outcome.reveal.opened, 4);
    assert.deepEqual(outcome.reveal.biggest_moves[0], { login: 'dave', public_rank: 4, private_rank: 1, move: 3 });
  });
});

describe('the reveal mode (the action against the emulator)', () => {
  let emu: GitHubEmulator;
  let bundle: string;
  before(async () => {
    bundle = await freshActionBundle();
  });
  beforeEach(async () => {
    emu = await new GitHubEmulator().start();
    const client = createClient({ token: 'seed', baseUrl: emu.url, warn: () => {} });
    await appendRecords(client, { owner: emu.owner, repo: emu.repo }, 'holdout-results', await ledger(keys.publicKey));
  });
  afterEach(async () => {
    await emu.stop();
    assert.deepEqual(emu.violations, []);
  });
  after(() => {});

  const reveal = async (privateKey: string) => {
    const siteDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'holdout-reveal-out-')), 'site');
    const commitsBefore = emu.branchHistory('holdout-results').length;
    const createCommitsBefore = emu.calls('git/create-commit').length;
    const run = await runAction({
      apiUrl: emu.url,
      bundle,
      inputs: {
        mode: 'reveal',
        token: 'ghs_reveal',
        'competition-dir': competitionDir,
        'results-private-key': privateKey,
        'site-dir': siteDir,
      },
      event: { name: 'workflow_dispatch', payload: {} },
    });
    return {
      run,
      siteDir,
      newCommits: emu.branchHistory('holdout-results').length - commitsBefore,
      commitsMade: emu.calls('git/create-commit').length - createCommitsBefore,
    };
  };
  const exists = (p: string) =>
    stat(p).then(
      () => true,
      () => false,
    );

  for (const [what, key, words] of [
    ['missing', '', /HOLDOUT_RESULTS_PRIVATE_KEY is missing or empty/],
    ['of another pair', 'OTHER', /does not belong to results\.public_key/],
  ] as const) {
    test(`a key ${what}: the job fails with the reason, no site is written, nothing is committed`, async () => {
      const { run, siteDir, newCommits, commitsMade } = await reveal(key === 'OTHER' ? other.privateKey : key);
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stdout, words);
      assert.match(run.stdout, /Nothing was published\./);
      assert.equal(await exists(siteDir), false, 'no site for Pages to upload');
      assert.equal(newCommits, 0, 'no commit on the results branch');
      assert.equal(commitsMade, 0, 'not even a commit object was made');
      assert.equal(emu.branchFiles('holdout-results')!.has('reveal.json'), false);
    });
  }

  test('the right key: final leaderboard and reveal record on the branch in one commit, the site written, the key never printed', async () => {
    const { run, siteDir, newCommits } = await reveal(keys.privateKey);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(newCommits, 1);
    const files = emu.branchFiles('holdout-results')!;
    const revealed = JSON.parse(files.get('reveal.json')!);
    assert.equal(revealed.format, 'holdout-reveal');
    assert.equal(revealed.opened, 4);
    assert.equal(revealed.ranked_private, 4);
    assert.equal(revealed.workflow_run.id, 4242);
    const board = JSON.parse(files.get('leaderboard.json')!);
    assert.equal(board.revealed, true);
    assert.deepEqual(
      board.private.map((r: { participant: { login: string }; move: number }) => [r.participant.login, r.move]),
      [
        ['dave', 3],
        ['carol', 1],
        ['bob', -1],
        ['alice', -3],
      ],
    );
    assert.ok(files.get('LEADERBOARD.md')!.includes('dave'));
    assert.ok(await exists(path.join(siteDir, 'index.html')));
    assert.match(run.summary, /The shake-up/);
    assert.match(run.summary, /dave ↑3 \(public 4 → private 1\)/);
    // The key reaches the log only in the runner's mask command, which hides it everywhere else.
    const masked = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    assert.equal(masked.join('\n').includes(keys.privateKey), false);
    assert.ok(run.stdout.includes(`::add-mask::${keys.privateKey}`));
  });
});
