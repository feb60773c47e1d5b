/** Sealed private scores (issue 10): round trip, and the reveal key wrong or missing → a clear error. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  generateKeyPair,
  openScores,
  publicKeyOf,
  SEAL_PAD_BYTES,
  SealError,
  sealScores,
} from '../../src/ledger/seal.js';

test('sealed with the public key, opened only with its private key', async () => {
  const keys = await generateKeyPair();
  const sealed = await sealScores(keys.publicKey, { rmse: 0.1234, mae: 0.5 });
  assert.match(sealed, /^[A-Za-z0-9+/]+=*$/);
  assert.ok(!sealed.includes('0.1234'));
  assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, sealed), { rmse: 0.1234, mae: 0.5 });
  // A sealed box uses a throw-away key each time: the same scores never seal to the same text.
  assert.notEqual(await sealScores(keys.publicKey, { rmse: 0.1234, mae: 0.5 }), sealed);
  assert.equal(await publicKeyOf(keys.privateKey), keys.publicKey);
});

const expectSealError = (message: string) => (e: unknown) => {
  assert.ok(e instanceof SealError, `not a SealError: ${String(e)}`);
  assert.equal(e.message, message);
  return true;
};

test('the reveal key wrong or missing: a clear error, never a crash', async () => {
  const keys = await generateKeyPair();
  const other = await generateKeyPair();
  const sealed = await sealScores(keys.publicKey, { rmse: 0.1 });
  await assert.rejects(
    openScores(other.privateKey, other.publicKey, sealed),
    expectSealError(
      'The sealed private scores do not open with this key pair: they were sealed for another public key, or the record was damaged; check that results.public_key was not changed during the season.',
    ),
  );
  await assert.rejects(
    openScores(other.privateKey, keys.publicKey, sealed),
    expectSealError(
      'The results private key does not belong to results.public_key in competition.yml; use the private key printed together with that public key by `holdout ledger keygen`.',
    ),
  );
  for (const missing of [undefined, '', '   ']) {
    await assert.rejects(
      openScores(missing, keys.publicKey, sealed),
      expectSealError(
        "The results private key is missing; give the private key printed by `holdout ledger keygen` with the public key in competition.yml (the reveal environment's secret)",
      ),
    );
  }
  await assert.rejects(
    openScores('c2hvcnQ=', keys.publicKey, sealed),
    expectSealError(
      "The results private key is 5 bytes, a curve25519 key is 32; give the private key printed by `holdout ledger keygen` with the public key in competition.yml (the reveal environment's secret)",
    ),
  );
  await assert.rejects(
    sealScores('not a key!', { rmse: 1 }),
    expectSealError(
      'The results public key is not base64 (unexpected characters); set results.public_key in competition.yml to the public key printed by `holdout ledger keygen`',
    ),
  );
});

test('a damaged or hand-edited box: a clear error', async () => {
  const keys = await generateKeyPair();
  const sealed = Buffer.from(await sealScores(keys.publicKey, { rmse: 0.1 }), 'base64');
  sealed.writeUInt8(sealed.readUInt8(sealed.length - 1) ^ 1, sealed.length - 1);
  await assert.rejects(
    openScores(keys.privateKey, keys.publicKey, sealed.toString('base64')),
    expectSealError(
      'The sealed private scores do not open with this key pair: they were sealed for another public key, or the record was damaged; check that results.public_key was not changed during the season.',
    ),
  );
  await assert.rejects(
    openScores(keys.privateKey, keys.publicKey, 'AAAA'),
    expectSealError(
      'The sealed private scores are 3 bytes, shorter than a sealed box; the record was damaged or hand-edited.',
    ),
  );
});

test('the box length does not tell how long the private scores are', async () => {
  const keys = await generateKeyPair();
  const short = { rmse: 0.1 };
  const long = { rmse: 0.123456789012345, mae: 12345.678901234, r2: -0.000123456789 };
  assert.ok(JSON.stringify(long).length > JSON.stringify(short).length + 40);
  const a = await sealScores(keys.publicKey, short);
  const b = await sealScores(keys.publicKey, long);
  assert.equal(a.length, b.length);
  // One bucket of plaintext plus crypto_box_seal's 48 bytes, in base64.
  assert.equal(Buffer.from(a, 'base64').length, SEAL_PAD_BYTES + 48);
  // The padding is invisible to the reveal.
  assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, a), short);
  assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, b), long);
});

test('scores longer than one bucket take whole buckets', async () => {
  const keys = await generateKeyPair();
  const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`metric_number_${i}`, i + 0.123456789]));
  const sealed = await sealScores(keys.publicKey, many);
  assert.ok(JSON.stringify(many).length > SEAL_PAD_BYTES);
  assert.equal((Buffer.from(sealed, 'base64').length - 48) % SEAL_PAD_BYTES, 0);
  assert.deepEqual(await openScores(keys.privateKey, keys.publicKey, sealed), many);
});
