/** `holdout ledger verify` and `holdout ledger keygen` as an organizer runs them. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { recordPath, serializeRecord } from '../../src/ledger/record.js';
import { generateKeyPair, sealScores } from '../../src/ledger/seal.js';
import { makeRecord } from './support.js';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/index.ts');
const holdout = (args: string[], env: Record<string, string> = {}) =>
  execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, stdin: 'ignore', env, extendEnv: true });

async function ledgerDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-ledger-cli-'));
  for (const [p, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), text);
  }
  return dir;
}

test('verify: a whole ledger exits 0 with the count; with the private key every sealed score opens', async () => {
  const keys = await generateKeyPair();
  const a = makeRecord(1, { sealed_private: await sealScores(keys.publicKey, { rmse: 0.2 }) });
  const b = makeRecord(2, { rerun_of: a.evaluation_id });
  const dir = await ledgerDir({ [recordPath(a)]: serializeRecord(a), [recordPath(b)]: serializeRecord(b) });
  const plain = await holdout(['ledger', 'verify', dir]);
  assert.equal(plain.exitCode, 0, plain.stderr);
  assert.equal(plain.stdout, `${dir}: 2 records, no problems.`);
  const keyFile = path.join(dir, 'key');
  await writeFile(keyFile, `${keys.privateKey}\n`);
  const opened = await holdout(['ledger', 'verify', dir, '--private-key', keyFile]);
  assert.equal(opened.exitCode, 0, opened.stderr);
  assert.equal(opened.stdout, `${dir}: 2 records, no problems, 1 sealed private score opened.`);
  const fromEnv = await holdout(['ledger', 'verify', dir], { HOLDOUT_RESULTS_PRIVATE_KEY: keys.privateKey });
  assert.equal(fromEnv.stdout, `${dir}: 2 records, no problems, 1 sealed private score opened.`);
});

test('verify: problems exit 1 listing each file; a wrong key exits 2 before judging any record', async () => {
  const keys = await generateKeyPair();
  const wrong = await generateKeyPair();
  const a = makeRecord(1, { sealed_private: await sealScores(keys.publicKey, { rmse: 0.2 }) });
  const orphan = makeRecord(3, { rerun_of: 'd'.repeat(32) });
  const dir = await ledgerDir({
    [recordPath(a)]: serializeRecord(a),
    [recordPath(makeRecord(2))]: '{ not json',
    [recordPath(orphan)]: serializeRecord(orphan),
  });
  const r = await holdout(['ledger', 'verify', dir, '--json']);
  assert.equal(r.exitCode, 1);
  const json = JSON.parse(r.stdout);
  assert.equal(json.ok, false);
  assert.equal(json.records, 2);
  assert.deepEqual(
    json.problems.map((p: { file: string }) => p.file),
    [recordPath(makeRecord(2)), recordPath(orphan)].sort(),
  );
  const text = await holdout(['ledger', 'verify', dir]);
  assert.equal(text.exitCode, 1);
  assert.ok(
    text.stdout.includes(
      `${recordPath(orphan)}: re-runs evaluation ${'d'.repeat(32)}, which is not in the ledger (deleted, or its record is corrupt); restore the original record from the branch history`,
    ),
  );
  assert.match(text.stdout, new RegExp(`^${recordPath(makeRecord(2))}: is not JSON \\(`, 'm'));
  assert.ok(text.stdout.includes('2 problems in 2 files of'));
  assert.ok(text.stdout.endsWith('or remove a planted one in a commit of its own.'));

  const key = await holdout(['ledger', 'verify', dir], { HOLDOUT_RESULTS_PRIVATE_KEY: wrong.privateKey });
  assert.equal(key.exitCode, 1, 'the wrong key is reported on the record it cannot open');
  assert.ok(
    key.stdout.includes(
      `${recordPath(a)}: The sealed private scores do not open with this key pair: they were sealed for another public key`,
    ),
  );
  const competition = await ledgerDir({});
  await writeFile(
    path.join(competition, 'competition.yml'),
    `name: x\nresults:\n  public_key: ${keys.publicKey}\ndatasets:\n  smoke: {data: d, labels: l.csv}\nscoring: {id_column: id, columns: [target], metric: rmse}\n`,
  );
  const mismatch = await holdout(['ledger', 'verify', dir, '--competition', competition], {
    HOLDOUT_RESULTS_PRIVATE_KEY: wrong.privateKey,
  });
  assert.equal(mismatch.exitCode, 2, mismatch.stderr);
  assert.equal(
    mismatch.stderr,
    'holdout: The results private key does not belong to results.public_key in competition.yml; use the private key printed together with that public key by `holdout ledger keygen`.',
  );
});

test('keygen: the public key for competition.yml, the private key to a new file only its owner reads', async () => {
  const dir = await ledgerDir({});
  const file = path.join(dir, 'reveal.key');
  const r = await holdout(['ledger', 'keygen', '--private-key-file', file, '--json']);
  assert.equal(r.exitCode, 0, r.stderr);
  const { publicKey } = JSON.parse(r.stdout);
  assert.match(publicKey, /^[A-Za-z0-9+/]{43}=$/);
  assert.ok(!r.stdout.includes((await readFile(file, 'utf8')).trim()), 'the private key is not printed');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const again = await holdout(['ledger', 'keygen', '--private-key-file', file]);
  assert.equal(again.exitCode, 2);
  assert.match(again.stderr, /cannot create .*reveal\.key \(EEXIST\); give a path to a file that does not exist yet/);
});
