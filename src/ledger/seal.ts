/**
 * Private scores, sealed. The ledger is a public branch, so a record's private scores are
 * stored as a libsodium sealed box (crypto_box_seal: X25519 + XSalsa20-Poly1305 with a
 * throw-away sender key) for the organizer's public key — the scheme GitHub uses for Actions
 * secrets. The evaluation side holds only the public key (results.public_key in
 * competition.yml) and cannot read back what it sealed; only the reveal, which holds the
 * private key as an environment secret, opens them.
 *
 * Every bad key or box is a SealError with a message that says what to do, never a crash
 * out of libsodium.
 */
import type Sodium from 'libsodium-wrappers';
import { z } from 'zod';
import { messageOf } from '../errors.js';

type sodium = typeof Sodium;

export class SealError extends Error {
  override name = 'SealError';
}

const KEY_BYTES = 32;
/** crypto_box_SEALBYTES: the ephemeral public key (32) and the MAC (16). */
const SEAL_OVERHEAD = 48;

/** Private scores by metric, as sealed and opened. */
export type PrivateScores = Record<string, number>;
const privateScoresSchema = z.record(z.string().min(1).max(64), z.number().finite());

let ready: Promise<sodium> | undefined;
/**
 * libsodium (~1 MB of JavaScript and WebAssembly) is loaded on first use: through import()
 * the bundle puts it in a chunk of its own, so commands that never seal do not parse it.
 */
async function lib(): Promise<sodium> {
  ready ??= import('libsodium-wrappers').then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return ready;
}

function decodeBase64(s: sodium, text: string, what: string, fix: string): Uint8Array {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new SealError(`${what} is not base64 (${trimmed === '' ? 'it is empty' : 'unexpected characters'}); ${fix}`);
  }
  try {
    return s.from_base64(trimmed, s.base64_variants.ORIGINAL);
  } catch {
    throw new SealError(`${what} is not valid base64; ${fix}`);
  }
}

function decodeKey(s: sodium, text: string | undefined, what: string, fix: string): Uint8Array {
  if (text === undefined || text.trim() === '') throw new SealError(`${what} is missing; ${fix}`);
  const key = decodeBase64(s, text, what, fix);
  if (key.length !== KEY_BYTES) {
    throw new SealError(`${what} is ${key.length} bytes, a curve25519 key is ${KEY_BYTES}; ${fix}`);
  }
  return key;
}

/**
 * A box is as long as what it seals plus 48 bytes, and the ledger is public: unpadded, the
 * length of `{"rmse":0.1}` against `{"rmse":0.123456789}` tells how many digits a private
 * score has. Plaintexts are padded with trailing spaces (which JSON.parse ignores, so boxes
 * sealed before the padding still open) to the next multiple of this many bytes.
 */
export const SEAL_PAD_BYTES = 256;

/** The JSON text as bytes, padded with spaces to a whole number of SEAL_PAD_BYTES. Pure. */
export function padPlaintext(json: string): Uint8Array {
  const bytes = new TextEncoder().encode(json);
  const size = Math.max(1, Math.ceil(bytes.length / SEAL_PAD_BYTES)) * SEAL_PAD_BYTES;
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}

const PUBLIC_FIX = 'set results.public_key in competition.yml to the public key printed by `holdout ledger keygen`';
const PRIVATE_FIX =
  "give the private key printed by `holdout ledger keygen` with the public key in competition.yml (the reveal environment's secret)";

/** Seals `scores` for `publicKeyB64` (base64, 32 bytes); returns the box as base64. */
export async function sealScores(publicKeyB64: string, scores: PrivateScores): Promise<string> {
  const s = await lib();
  const publicKey = decodeKey(s, publicKeyB64, 'The results public key', PUBLIC_FIX);
  const checked = privateScoresSchema.safeParse(scores);
  if (!checked.success) {
    throw new SealError(
      'Private scores must map metric names to finite numbers; this is a bug in Holdout: report it with the run log.',
    );
  }
  const box = s.crypto_box_seal(padPlaintext(JSON.stringify(checked.data)), publicKey);
  return s.to_base64(box, s.base64_variants.ORIGINAL);
}

/**
 * Opens a box made by sealScores. The private key must belong to the public key the box
 * was sealed for (both from `holdout ledger keygen`); a mismatched pair, a box sealed for
 * another key, or a tampered box is a SealError saying which.
 */
export async function openScores(
  privateKeyB64: string | undefined,
  publicKeyB64: string | undefined,
  sealed: string,
): Promise<PrivateScores> {
  const s = await lib();
  const privateKey = decodeKey(s, privateKeyB64, 'The results private key', PRIVATE_FIX);
  const publicKey = decodeKey(s, publicKeyB64, 'The results public key', PUBLIC_FIX);
  // The pair is checked first, so "wrong key" is told apart from "damaged box".
  if (!s.memcmp(s.crypto_scalarmult_base(privateKey), publicKey)) {
    throw new SealError(
      'The results private key does not belong to results.public_key in competition.yml; use the private key printed together with that public key by `holdout ledger keygen`.',
    );
  }
  const box = decodeBase64(s, sealed, 'The sealed private scores', 'the record was damaged or hand-edited');
  if (box.length <= SEAL_OVERHEAD) {
    throw new SealError(
      `The sealed private scores are ${box.length} bytes, shorter than a sealed box; the record was damaged or hand-edited.`,
    );
  }
  let plain: Uint8Array;
  try {
    plain = s.crypto_box_seal_open(box, publicKey, privateKey);
  } catch {
    throw new SealError(
      'The sealed private scores do not open with this key pair: they were sealed for another public key, or the record was damaged; check that results.public_key was not changed during the season.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new SealError('The sealed private scores opened but hold no JSON; the record was sealed by a foreign tool.');
  }
  const parsed = privateScoresSchema.safeParse(json);
  if (!parsed.success) {
    throw new SealError(
      'The sealed private scores opened but are not metric → number; the record was sealed by a foreign tool.',
    );
  }
  return parsed.data;
}

/** Whether `sealed` has the shape of a sealed box (base64, longer than the overhead). */
export async function isWellFormedSeal(sealed: string): Promise<boolean> {
  const s = await lib();
  try {
    return decodeBase64(s, sealed, 'box', '').length > SEAL_OVERHEAD;
  } catch {
    return false;
  }
}

/** Checks a configured public key; returns a problem ending with what to do, or undefined. */
export async function publicKeyProblem(publicKeyB64: string): Promise<string | undefined> {
  const s = await lib();
  try {
    decodeKey(s, publicKeyB64, 'results.public_key', PUBLIC_FIX);
    return undefined;
  } catch (e) {
    return messageOf(e);
  }
}

/** The public key of a private key (both base64); a SealError when the private key is malformed. */
export async function publicKeyOf(privateKeyB64: string | undefined): Promise<string> {
  const s = await lib();
  const privateKey = decodeKey(s, privateKeyB64, 'The results private key', PRIVATE_FIX);
  return s.to_base64(s.crypto_scalarmult_base(privateKey), s.base64_variants.ORIGINAL);
}

export interface KeyPair {
  /** For competition.yml: results.public_key. */
  publicKey: string;
  /** For the reveal environment's secret only; never committed. */
  privateKey: string;
}

/** A new curve25519 key pair, both halves base64. */
export async function generateKeyPair(): Promise<KeyPair> {
  const s = await lib();
  const pair = s.crypto_box_keypair();
  return {
    publicKey: s.to_base64(pair.publicKey, s.base64_variants.ORIGINAL),
    privateKey: s.to_base64(pair.privateKey, s.base64_variants.ORIGINAL),
  };
}
