/** The record schema: strict, bounded, the same as JSON Schema; evaluation ids stable across retries. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { evaluationId, ledgerRecordJsonSchema, parseRecord, recordPath } from '../../src/ledger/record.js';
import { submissionHash } from '../../src/ledger/hash.js';
import { makeRecord } from './support.js';

test('the evaluation id: the same for every attempt of one run, new for a new push, dataset or run', () => {
  const key = {
    repository: 'Octo-Org/Competition',
    pull_request: 3,
    head_sha: 'a'.repeat(40),
    dataset: 'test',
    run_id: 77,
  };
  const id = evaluationId(key);
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.equal(evaluationId({ ...key, repository: 'octo-org/competition' }), id, 'GitHub names ignore case');
  assert.notEqual(evaluationId({ ...key, head_sha: 'b'.repeat(40) }), id);
  assert.notEqual(evaluationId({ ...key, dataset: 'smoke' }), id);
  assert.notEqual(evaluationId({ ...key, run_id: 78 }), id, 'a re-score is a new evaluation');
  assert.notEqual(evaluationId({ ...key, salt: 'again' }), id);
});

test('records/<yyyy>/<mm>/<id>.json by the UTC month of finished_at', () => {
  const r = makeRecord(1, { finished_at: '2027-01-01T00:30:00+01:00' });
  assert.equal(recordPath(r), `records/2026/12/${r.evaluation_id}.json`);
});

test('strict and bounded: unknown keys, huge strings, NaN-free scores, bad ids are refused', () => {
  const ok = makeRecord(1);
  assert.deepEqual(parseRecord(JSON.stringify(ok)), { ok: true, record: ok });
  const bad = (over: object) => parseRecord(JSON.stringify({ ...ok, ...over }));
  assert.deepEqual(bad({ extra: 1 }), {
    ok: false,
    problem: 'does not match the record schema: (record): Unrecognized key: "extra"',
  });
  assert.equal(bad({ reason: 'x'.repeat(501) }).ok, false);
  assert.equal(bad({ participant: { id: 1, login: 'has space' } }).ok, false);
  assert.equal(bad({ participant: { id: 1, login: 'renovate[bot]' } }).ok, true);
  assert.equal(bad({ public_scores: { rmse: null } }).ok, false);
  assert.equal(bad({ evaluation_id: 'x' }).ok, false);
  assert.equal(bad({ status: 'passed' }).ok, false);
  assert.equal(bad({ sealed_private: 'not base64!' }).ok, false);
  assert.equal(bad({ finished_at: 'yesterday' }).ok, false);
  assert.deepEqual(parseRecord('x'.repeat(70_000)), {
    ok: false,
    problem: 'is larger than 65536 bytes; a record is never this big',
  });
  for (const status of ['success', 'failed', 'error', 'cancelled', 'refused']) assert.equal(bad({ status }).ok, true);
});

test('the JSON Schema (schema/ledger-record.schema.json) accepts and refuses what zod does', () => {
  const ajv = new Ajv2020({ strict: false });
  (addFormatsImport as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(ledgerRecordJsonSchema());
  const ok = makeRecord(1);
  assert.equal(validate(ok), true, JSON.stringify(validate.errors));
  for (const over of [{ extra: 1 }, { version: 2 }, { status: 'passed' }, { participant: { id: 0, login: 'a' } }]) {
    assert.equal(validate({ ...ok, ...over }), false, JSON.stringify(over));
    assert.equal(parseRecord(JSON.stringify({ ...ok, ...over })).ok, false);
  }
});

test('the submission hash: same files, same hash, whatever the order; any change of path or bytes changes it', () => {
  const files = [
    { path: 'main.py', bytes: Buffer.from('print(1)') },
    { path: 'model/w.bin', bytes: Buffer.from([0, 1]) },
  ];
  const h = submissionHash(files);
  assert.match(h, /^sha256:[0-9a-f]{64}$/);
  assert.equal(submissionHash([...files].reverse()), h);
  assert.notEqual(submissionHash([{ ...files[0]!, path: 'main2.py' }, files[1]!]), h);
  assert.notEqual(submissionHash([files[0]!, { ...files[1]!, bytes: Buffer.from([0, 2]) }]), h);
  // Framing: moving bytes from one file's name into its content changes the hash.
  assert.notEqual(
    submissionHash([{ path: 'a', bytes: Buffer.from('b') }]),
    submissionHash([{ path: 'ab', bytes: Buffer.from('') }]),
  );
});
