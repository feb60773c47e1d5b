import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  SealError,
  isWellFormedSeal,
  openScores,
  publicKeyOf
} from "./chunk-GSB6SWAA.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/ledger/verify.ts
async function verifyLedger(ledger, options = {}) {
  const problems = [...ledger.problems];
  let publicKey;
  if (options.privateKey !== void 0) {
    const derived = await publicKeyOf(options.privateKey);
    if (options.publicKey !== void 0 && options.publicKey.trim() !== derived) {
      throw new SealError(
        "The results private key does not belong to results.public_key in competition.yml; use the private key printed together with that public key by `holdout ledger keygen`."
      );
    }
    publicKey = derived;
  }
  const ids = new Set(ledger.records.map((r) => r.evaluation_id));
  let opened = 0;
  for (const { file, record } of ledger.entries) {
    if (record.rerun_of !== null && !ids.has(record.rerun_of)) {
      problems.push({
        file,
        problem: `re-runs evaluation ${record.rerun_of}, which is not in the ledger (deleted, or its record is corrupt); restore the original record from the branch history`
      });
    }
    if (record.rerun_of === record.evaluation_id) {
      problems.push({ file, problem: "names itself in rerun_of; the record was edited by hand" });
    }
    if (record.sealed_private === null) continue;
    if (!await isWellFormedSeal(record.sealed_private)) {
      problems.push({ file, problem: "sealed_private is not a sealed box (too short); the record was edited by hand" });
      continue;
    }
    if (options.privateKey === void 0 || publicKey === void 0) continue;
    try {
      await openScores(options.privateKey, publicKey, record.sealed_private);
      opened++;
    } catch (e) {
      problems.push({ file, problem: e instanceof SealError ? e.message : String(e) });
    }
  }
  problems.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return { count: ledger.records.length, opened, problems };
}
export {
  verifyLedger
};
