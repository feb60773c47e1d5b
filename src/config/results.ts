/**
 * The `results:` section of competition.yml: where the results ledger lives (src/ledger/) and
 * the organizer's public key that seals private scores in it.
 *
 *   results:
 *     branch: holdout-results
 *     public_key: 2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvv1234=   # holdout ledger keygen
 */
import { z } from 'zod';

/** A curve25519 public key as base64 (44 characters, 32 bytes), as `holdout ledger keygen` prints it. */
const publicKey = z
  .string()
  .trim()
  .refine(
    (k) => /^[A-Za-z0-9+/]{43}=$/.test(k) && Buffer.from(k, 'base64').length === 32,
    'must be the base64 public key printed by holdout ledger keygen (44 characters ending in =)',
  );

/** A branch name git accepts, and not one a competition already uses for code. */
const branch = z
  .string()
  .regex(
    /^(?!\/|.*(?:\/\/|\/$|\.\.|@\{|\.lock$|\.$))[A-Za-z0-9._/-]{1,100}$/,
    'must be a branch name (letters, digits, . _ - /)',
  )
  .refine((b) => !['main', 'master'].includes(b), 'must be a branch of its own, not the default branch');

export const resultsSection = z
  .object({
    branch: branch
      .default('holdout-results')
      .describe(
        'The branch the results ledger is committed on (one JSON record per evaluation, written only by the record job; created on first use). Pull requests that target it are refused; keep it out of branch protection rules that require pull requests.',
      ),
    public_key: publicKey
      .optional()
      .describe(
        "The organizer's public key (holdout ledger keygen) that seals each evaluation's private scores in the ledger; only the reveal, which holds the private key, opens them. Unset: private scores are not recorded at all (a warning says so), and the reveal has nothing to reveal.",
      ),
  })
  .strict();

export type ResultsSettings = z.output<typeof resultsSection>;

/** Warnings for the organizer about the results section (the record job and check-config show them). */
export function resultsWarnings(results: ResultsSettings): string[] {
  return results.public_key === undefined
    ? [
        'results.public_key is not set: private scores are not recorded in the results ledger at all, so the final reveal will have no private scores. Run holdout ledger keygen and put the public key it prints in competition.yml (results.public_key) before the season starts.',
      ]
    : [];
}
