/**
 * `holdout ledger verify`: is the results ledger whole? Every record file against the schema
 * and its path, duplicate evaluation ids, `rerun_of` pointing at a recorded evaluation, and
 * every sealed_private a well-formed sealed box — opened too when the organizer gives the
 * private key (the reveal's own check before it publishes anything).
 */
import type { Ledger, LedgerProblem } from './read.js';
import { isWellFormedSeal, openScores, publicKeyOf, SealError } from './seal.js';

export interface VerifyOptions {
  /** The organizer's private key (base64): each sealed_private must open with it. */
  privateKey?: string;
  /** results.public_key from competition.yml: the private key must belong to it. */
  publicKey?: string;
}

export interface VerifyReport {
  /** Valid records. */
  count: number;
  /** Records whose private scores were opened (with a private key). */
  opened: number;
  /** Every problem, by file, in path order; empty when the ledger is whole. */
  problems: LedgerProblem[];
}

/**
 * Checks a ledger already read (read.ts reports schema, path and duplicate problems; this
 * adds sealing and re-run links). A wrong key pair is one SealError thrown before any record
 * is opened, not a problem per record: the organizer must fix the key, not the ledger.
 */
export async function verifyLedger(ledger: Ledger, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: LedgerProblem[] = [...ledger.problems];
  let publicKey: string | undefined;
  if (options.privateKey !== undefined) {
    const derived = await publicKeyOf(options.privateKey);
    if (options.publicKey !== undefined && options.publicKey.trim() !== derived) {
      throw new SealError(
        'The results private key does not belong to results.public_key in competition.yml; use the private key printed together with that public key by `holdout ledger keygen`.',
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
        problem: `re-runs evaluation ${record.rerun_of}, which is not in the ledger (deleted, or its record is corrupt); restore the original record from the branch history`,
      });
    }
    if (record.rerun_of === record.evaluation_id) {
      problems.push({ file, problem: 'names itself in rerun_of; the record was edited by hand' });
    }
    if (record.sealed_private === null) continue;
    if (!(await isWellFormedSeal(record.sealed_private))) {
      problems.push({ file, problem: 'sealed_private is not a sealed box (too short); the record was edited by hand' });
      continue;
    }
    if (options.privateKey === undefined || publicKey === undefined) continue;
    try {
      await openScores(options.privateKey, publicKey, record.sealed_private);
      opened++;
    } catch (e) {
      problems.push({ file, problem: e instanceof SealError ? e.message : String(e) });
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { count: ledger.records.length, opened, problems };
}
