import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-S5Y5YSSY.js";
import {
  messageOf
} from "./chunk-XY6EIFX3.js";

// src/ledger/seal.ts
var SealError = class extends Error {
  name = "SealError";
};
var KEY_BYTES = 32;
var SEAL_OVERHEAD = 48;
var privateScoresSchema = external_exports.record(external_exports.string().min(1).max(64), external_exports.number().finite());
var ready;
async function lib() {
  ready ??= import("./libsodium-wrappers-WXZZH6HN.js").then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return ready;
}
function decodeBase64(s, text, what, fix) {
  const trimmed = text.trim();
  if (trimmed === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new SealError(`${what} is not base64 (${trimmed === "" ? "it is empty" : "unexpected characters"}); ${fix}`);
  }
  try {
    return s.from_base64(trimmed, s.base64_variants.ORIGINAL);
  } catch {
    throw new SealError(`${what} is not valid base64; ${fix}`);
  }
}
function decodeKey(s, text, what, fix) {
  if (text === void 0 || text.trim() === "") throw new SealError(`${what} is missing; ${fix}`);
  const key = decodeBase64(s, text, what, fix);
  if (key.length !== KEY_BYTES) {
    throw new SealError(`${what} is ${key.length} bytes, a curve25519 key is ${KEY_BYTES}; ${fix}`);
  }
  return key;
}
var SEAL_PAD_BYTES = 256;
function padPlaintext(json) {
  const bytes = new TextEncoder().encode(json);
  const size = Math.max(1, Math.ceil(bytes.length / SEAL_PAD_BYTES)) * SEAL_PAD_BYTES;
  const out = new Uint8Array(size).fill(32);
  out.set(bytes);
  return out;
}
var PUBLIC_FIX = "set results.public_key in competition.yml to the public key printed by `holdout ledger keygen`";
var PRIVATE_FIX = "give the private key printed by `holdout ledger keygen` with the public key in competition.yml (the reveal environment's secret)";
async function sealScores(publicKeyB64, scores) {
  const s = await lib();
  const publicKey = decodeKey(s, publicKeyB64, "The results public key", PUBLIC_FIX);
  const checked = privateScoresSchema.safeParse(scores);
  if (!checked.success) {
    throw new SealError(
      "Private scores must map metric names to finite numbers; this is a bug in Holdout: report it with the run log."
    );
  }
  const box = s.crypto_box_seal(padPlaintext(JSON.stringify(checked.data)), publicKey);
  return s.to_base64(box, s.base64_variants.ORIGINAL);
}
async function openScores(privateKeyB64, publicKeyB64, sealed) {
  const s = await lib();
  const privateKey = decodeKey(s, privateKeyB64, "The results private key", PRIVATE_FIX);
  const publicKey = decodeKey(s, publicKeyB64, "The results public key", PUBLIC_FIX);
  if (!s.memcmp(s.crypto_scalarmult_base(privateKey), publicKey)) {
    throw new SealError(
      "The results private key does not belong to results.public_key in competition.yml; use the private key printed together with that public key by `holdout ledger keygen`."
    );
  }
  const box = decodeBase64(s, sealed, "The sealed private scores", "the record was damaged or hand-edited");
  if (box.length <= SEAL_OVERHEAD) {
    throw new SealError(
      `The sealed private scores are ${box.length} bytes, shorter than a sealed box; the record was damaged or hand-edited.`
    );
  }
  let plain;
  try {
    plain = s.crypto_box_seal_open(box, publicKey, privateKey);
  } catch {
    throw new SealError(
      "The sealed private scores do not open with this key pair: they were sealed for another public key, or the record was damaged; check that results.public_key was not changed during the season."
    );
  }
  let json;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plain));
  } catch {
    throw new SealError("The sealed private scores opened but hold no JSON; the record was sealed by a foreign tool.");
  }
  const parsed = privateScoresSchema.safeParse(json);
  if (!parsed.success) {
    throw new SealError(
      "The sealed private scores opened but are not metric \u2192 number; the record was sealed by a foreign tool."
    );
  }
  return parsed.data;
}
async function isWellFormedSeal(sealed) {
  const s = await lib();
  try {
    return decodeBase64(s, sealed, "box", "").length > SEAL_OVERHEAD;
  } catch {
    return false;
  }
}
async function publicKeyProblem(publicKeyB64) {
  const s = await lib();
  try {
    decodeKey(s, publicKeyB64, "results.public_key", PUBLIC_FIX);
    return void 0;
  } catch (e) {
    return messageOf(e);
  }
}
async function publicKeyOf(privateKeyB64) {
  const s = await lib();
  const privateKey = decodeKey(s, privateKeyB64, "The results private key", PRIVATE_FIX);
  return s.to_base64(s.crypto_scalarmult_base(privateKey), s.base64_variants.ORIGINAL);
}
async function generateKeyPair() {
  const s = await lib();
  const pair = s.crypto_box_keypair();
  return {
    publicKey: s.to_base64(pair.publicKey, s.base64_variants.ORIGINAL),
    privateKey: s.to_base64(pair.privateKey, s.base64_variants.ORIGINAL)
  };
}

export {
  SealError,
  SEAL_PAD_BYTES,
  padPlaintext,
  sealScores,
  openScores,
  isWellFormedSeal,
  publicKeyProblem,
  publicKeyOf,
  generateKeyPair
};
