/**
 * What the evaluation job adds to its result file for the ledger: the submission's
 * content hash, and the private run's private scores sealed for the organizer's public key.
 *
 * Sealing happens on the self-hosted runner, at evaluation time, with the public key only
 * (competition.yml's results.public_key): the runner holds no secret and cannot read back
 * what it sealed. The sealed box holds the private split's scores by metric, unrounded (the
 * whole test set's when scoring.split is not set); the run as the result file carries it
 * keeps only what participants may see (privateRunForResult decides that, as before).
 *
 * Score keys: the pipeline names a split's score "<metric>.<split>" (log_loss.Public). The
 * ledger keys both public_scores and the sealed private scores by metric alone (log_loss),
 * the public split being the first of scoring.split.show and the private one the first
 * hidden split: the leaderboard ranks by scoring.metric's key on either side.
 */
import type { Competition } from '../config/schema.js';
import { sealScores } from '../ledger/seal.js';
import { effectiveLimits } from '../pipeline/evaluate.js';
import type { Scores } from '../report/verdict.js';
import { emptyRunReport, type RunReport } from '../report/report.js';

/** competition.yml's results.public_key, when the organizer set one. */
export function resultsPublicKey(config: Competition): string | undefined {
  const key = (config as { results?: { public_key?: string | null } }).results?.public_key;
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}

// The submission folder's content hash lives with the hash itself (src/ledger/hash.ts).
export { hashSubmissionFolder } from '../ledger/hash.js';

/** The metric keys competition.yml scores, primary first. */
export function metricKeys(config: Competition): string[] {
  return [config.scoring.metric.key, ...config.scoring.secondary.map((m) => m.key)];
}

/** One split's scores keyed by metric alone ({log_loss: …} from {"log_loss.Public": …}; the plain keys when `split` is null). Pure. */
export function scoresOfSplit(scores: Scores, metrics: readonly string[], split: string | null): Scores {
  const out: Scores = {};
  for (const m of metrics) {
    const v = scores[split === null ? m : `${m}.${split}`];
    if (v !== undefined) out[m] = v;
  }
  return out;
}

/** The first hidden split's name, read off the primary metric's hidden key ("log_loss.Private" → Private). */
export function hiddenSplit(hidden: readonly string[] | undefined, primary: string): string | null {
  const key = (hidden ?? []).find((k) => k.startsWith(`${primary}.`));
  return key ? key.slice(primary.length + 1) : null;
}

/** The private scores to seal, by metric. Pure. */
export function privateScoresOf(run: RunReport, config: Competition): Scores {
  if (!config.scoring.split) return { ...run.scores };
  const split = hiddenSplit(run.hidden, config.scoring.metric.key);
  return split === null ? {} : scoresOfSplit(run.scores, metricKeys(config), split);
}

/** The public scores for the ledger, by metric, from the private run as the result file carries it. Pure. */
export function publicScoresOf(run: RunReport, config: Competition): Scores {
  const shown = config.scoring.split?.show[0];
  // A smoke sample without a split column is scored whole, its keys without a split.
  if (shown === undefined || run.scores[`${config.scoring.metric.key}.${shown}`] === undefined)
    return config.scoring.split ? scoresOfSplit(run.scores, metricKeys(config), null) : { ...run.scores };
  return scoresOfSplit(run.scores, metricKeys(config), shown);
}

/** The scores participants may see: those not named in `hidden`. Pure. */
export function visibleScores(scores: Scores, hidden: readonly string[] | undefined): Scores {
  return Object.fromEntries(Object.entries(scores).filter(([name]) => !(hidden ?? []).includes(name)));
}

/**
 * Seal a private run's private scores (a run made with showHidden) and return the run with
 * its hidden scores and `hidden` list removed. Nothing is sealed for a run that was not
 * scored. A key that does not seal is the organizer's configuration: a SealError, which
 * the caller turns into an `error` run (never charged, and loud on the first evaluation
 * instead of a season of private scores lost).
 */
export async function sealPrivateScores(
  run: RunReport,
  config: Competition,
  publicKey: string,
): Promise<{ run: RunReport; sealed: string | undefined }> {
  const { hidden, ...rest } = run;
  const visible: RunReport = { ...rest, scores: visibleScores(run.scores, hidden) };
  const secret = privateScoresOf(run, config);
  if (run.status !== 'success' || Object.keys(secret).length === 0) return { run: visible, sealed: undefined };
  return { run: visible, sealed: await sealScores(publicKey, secret) };
}

/** The private run when its scores could not be sealed: ours (the organizer's key), never charged. */
export function sealErrorReport(config: Competition, detail: string): RunReport {
  return {
    ...emptyRunReport('test', effectiveLimits(config), 'holdout test submissions/<your-login>'),
    status: 'error',
    reason: 'internal_error',
    message: `The private scores could not be sealed for the results ledger: ${detail}`,
    hint: 'This is on our side, not yours — an organizer will re-run it. Organizers: set results.public_key to the public key printed by holdout ledger keygen.',
  };
}
