/**
 * The verdict: the one result every run ends in (status, and for a failure or an error its
 * reason, message and hint; see the glossary in CONTRIBUTING.md). A run is exactly one of:
 *  - success: the submission ran, wrote valid predictions, and was scored;
 *  - failed:  the participant's fault (counts against their quota);
 *  - error:   ours or the machine's (never charged to the participant).
 *
 * The union makes wrong states unrepresentable: a success carries no reason, and
 * a failure's reason can only be one of the participant-side reasons.
 */

/** Why a submission failed: something the participant can fix. */
export const FAILURE_REASONS = [
  'invalid_submission',
  'crash',
  'timeout',
  'oom',
  'no_output',
  'invalid_output',
  'output_too_large',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** Why a run could not be judged: the platform's fault. */
export const ERROR_REASONS = [
  'engine_unavailable',
  'image_missing',
  'image_build_failed',
  /** An image under the runtime's content tag that Holdout did not build or pull for that content. */
  'image_untrusted',
  'isolation_failed',
  'gpu_unavailable',
  'scorer_failed',
  /** The submission harness (harness/) failed before any of the participant's code ran. */
  'harness_failed',
  'internal_error',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export type Verdict =
  | { status: 'success' }
  | { status: 'failed'; reason: FailureReason; message: string; hint: string }
  | { status: 'error'; reason: ErrorReason; message: string; hint: string };

export type Status = Verdict['status'];

/** Scores by metric name, e.g. { log_loss: 0.123 }. */
export type Scores = Record<string, number>;

export function failed(reason: FailureReason, message: string, hint: string): Verdict {
  return { status: 'failed', reason, message, hint };
}

export function errored(reason: ErrorReason, message: string, hint: string): Verdict {
  return { status: 'error', reason, message, hint };
}

// The CLI's exit code of a status is exitCodeOfStatus in src/errors.ts, with the other exit codes.
