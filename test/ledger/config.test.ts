/**
 * competition.yml's results section, and the pull request into the results branch that is
 * refused (issue 10: "A PR that targets the results branch is refused").
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { parseCompetition } from '../../src/config/load.js';
import { resultsWarnings } from '../../src/config/results.js';
import { classifyPullRequest } from '../../src/github/classify.js';
import { generateKeyPair } from '../../src/ledger/seal.js';
import { tempDir } from '../support/tmp.js';

const BASE = `name: x
datasets:
  smoke: {data: d, labels: l.csv}
scoring: {id_column: id, columns: [target], metric: rmse}
`;

test('results: branch holdout-results by default; no public key → private scores are not recorded, and a warning says so', () => {
  const config = parseCompetition(BASE);
  assert.deepEqual(config.results, { branch: 'holdout-results' });
  assert.deepEqual(resultsWarnings(config.results), [
    'results.public_key is not set: private scores are not recorded in the results ledger at all, so the final reveal will have no private scores. Run holdout ledger keygen and put the public key it prints in competition.yml (results.public_key) before the season starts.',
  ]);
});

test('results: a key from holdout ledger keygen is accepted; anything else names the key and the fix', async () => {
  const { publicKey } = await generateKeyPair();
  const config = parseCompetition(`${BASE}results:\n  branch: season-1/results\n  public_key: ${publicKey}\n`);
  assert.deepEqual(config.results, { branch: 'season-1/results', public_key: publicKey });
  assert.deepEqual(resultsWarnings(config.results), []);
  assert.throws(() => parseCompetition(`${BASE}results:\n  public_key: ${publicKey.slice(0, 20)}\n`), {
    name: 'ConfigError',
    message:
      'competition.yml has 1 problem:\n  competition.yml:6: results.public_key: must be the base64 public key printed by holdout ledger keygen (44 characters ending in =)',
  });
  assert.throws(() => parseCompetition(`${BASE}results:\n  branch: main\n`), {
    message: /results\.branch: must be a branch of its own, not the default branch/,
  });
  assert.throws(() => parseCompetition(`${BASE}results:\n  branch: "a..b"\n`), {
    message: /results\.branch: must be a branch name/,
  });
  assert.throws(() => parseCompetition(`${BASE}results:\n  brnch: x\n`), { message: /unknown key "brnch"/ });
});

test('a pull request whose base is the results branch is refused, from a participant or a maintainer', () => {
  const files = [{ filename: 'records/2026/12/0123.json', status: 'added' }];
  const expected = {
    kind: 'rejected',
    summary:
      "This pull request targets holdout-results, the results branch: it holds the competition's results ledger, which only Holdout's record job writes, so no pull request may change it.",
    problems: [],
    hint: 'Close this pull request and open it against the default branch (for a submission, change only submissions/<your login>/).',
  };
  for (const maintainer of [false, true]) {
    assert.deepEqual(
      classifyPullRequest({
        files,
        login: 'alice',
        maintainer,
        base: 'holdout-results',
        resultsBranch: 'holdout-results',
      }),
      expected,
    );
  }
  // Even a valid submission's files: it is the base that is refused.
  assert.equal(
    classifyPullRequest({
      files: [{ filename: 'submissions/alice/main.py', status: 'added' }],
      login: 'alice',
      maintainer: false,
      base: 'holdout-results',
      resultsBranch: 'holdout-results',
    }).kind,
    'rejected',
  );
  assert.deepEqual(
    classifyPullRequest({
      files: [{ filename: 'submissions/alice/main.py', status: 'added' }],
      login: 'alice',
      maintainer: false,
      base: 'main',
      resultsBranch: 'holdout-results',
    }),
    { kind: 'submission', login: 'alice', folder: 'submissions/alice' },
  );
});

/** A competition folder check-config finds consistent (smoke data here); `extra` ends competition.yml. */
async function checkableCompetition(extra: string): Promise<string> {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'data/smoke'), { recursive: true });
  await writeFile(path.join(dir, 'data/smoke_labels.csv'), 'id,target\na,1\n');
  await writeFile(
    path.join(dir, 'competition.yml'),
    `${BASE.replace('{data: d, labels: l.csv}', '{data: data/smoke, labels: data/smoke_labels.csv}')}${extra}`,
  );
  return dir;
}

const checkConfig = (dir: string, ...flags: string[]) =>
  execa('node', ['--import', 'tsx', path.resolve('src/cli/index.ts'), 'check-config', '--competition', dir, ...flags], {
    reject: false,
    stdin: 'ignore',
  });

test('holdout check-config warns when results.public_key is missing (still valid: exit 0), and is quiet with a key', async () => {
  const [warning] = resultsWarnings(parseCompetition(BASE).results);
  const without = await checkableCompetition('');
  const r = await checkConfig(without);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stderr, `warning: ${warning}`);
  assert.match(r.stdout, /competition\.yml is valid and matches the data of datasets\.smoke on this machine\.$/);
  const json = await checkConfig(without, '--json');
  assert.equal(json.exitCode, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).warnings, [warning]);

  const { publicKey } = await generateKeyPair();
  const keyed = await checkConfig(await checkableCompetition(`results:\n  public_key: ${publicKey}\n`));
  assert.equal(keyed.exitCode, 0, keyed.stderr);
  assert.equal(keyed.stderr, '');
});
