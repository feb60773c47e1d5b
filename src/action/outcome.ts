/**
 * From what happened (classification, result file, the evaluation job's fate)
 * to what the participant sees: a ReportView for Markdown and a check conclusion.
 * Pure functions: the modes do the I/O.
 *
 * The gate fails closed. Branch protection lets `success`, `neutral` and
 * `skipped` through, so everything that is not a verdict on the submission —
 * an `error` run, a result file that is missing, unreadable, off-schema or for
 * another commit, an evaluation job that failed, was cancelled or never ran —
 * concludes `action_required`: the merge stays blocked, the words say it is
 * our side and not the participant's, and nothing is charged to them.
 */
import type { Classification } from '../github/classify.js';
import type { CheckAnnotation, CheckConclusion } from '../github/check-run.js';
import type { ReportView } from '../report/markdown.js';
import type { RunReport } from '../report/report.js';
import type { ReadResult } from './result-file.js';

export interface Outcome {
  view: ReportView;
  conclusion: CheckConclusion;
  annotations: CheckAnnotation[];
  /** Whether the sticky comment is written (not for maintainers' ordinary changes). */
  comment: boolean;
  /** Whether the check run on the head commit is concluded (never by a pull request that does not own the commit). */
  check: boolean;
}

export interface ViewOptions {
  headSha: string;
  showPrivateScores: boolean;
  showPrivateLogs: boolean;
  links: ReportView['links'];
}

/** Said whenever the fault is ours: the participant has nothing to fix and is charged nothing. */
export const OUR_SIDE_HINT =
  'Nothing to do on your side: this is on our side, not yours — an organizer will re-run it.';
/** Our errors block the merge (branch protection passes success, neutral and skipped only). */
export const OUR_ERROR_CONCLUSION: CheckConclusion = 'action_required';

function conclusionOf(run: RunReport): CheckConclusion {
  if (run.status === 'success') return 'success';
  if (run.status === 'error') return OUR_ERROR_CONCLUSION;
  return run.reason === 'timeout' ? 'timed_out' : 'failure';
}

/** The run that decides: the private one when it ran, else the public sample. */
export function decidingRun(result: {
  smoke?: RunReport | undefined;
  test?: RunReport | undefined;
}): RunReport | undefined {
  return result.test ?? result.smoke;
}

function baseOf(o: ViewOptions) {
  return {
    headSha: o.headSha,
    showPrivateScores: o.showPrivateScores,
    showPrivateLogs: o.showPrivateLogs,
    links: o.links,
  };
}

export function outcomeForClassification(c: Exclude<Classification, { kind: 'submission' }>, o: ViewOptions): Outcome {
  const base = baseOf(o);
  switch (c.kind) {
    case 'rejected':
      return {
        view: {
          ...base,
          status: 'failed',
          reason: 'invalid_submission',
          message: c.summary,
          hint:
            c.hint ?? 'Change the pull request so that it only touches your own submission folder, then push again.',
          fileProblems: c.problems,
        },
        conclusion: 'failure',
        annotations: c.problems.slice(0, 50).map((p) => ({
          path: p.file,
          start_line: 1,
          end_line: 1,
          annotation_level: 'failure',
          message: p.message,
          title: 'Not allowed in a submission pull request',
        })),
        comment: true,
        check: true,
      };
    case 'package-request':
      return {
        view: {
          ...base,
          status: 'skipped',
          reason: null,
          message: `This pull request asks for packages (${c.files.join(', ')}); the runtime workflow checks it (the holdout / package-request check), not the evaluation.`,
          hint: '',
        },
        conclusion: 'skipped',
        annotations: [],
        comment: false,
        check: true,
      };
    case 'maintenance':
      return {
        view: {
          ...base,
          status: 'skipped',
          reason: null,
          message: 'A change by a maintainer: there is no submission to evaluate.',
          hint: '',
        },
        conclusion: 'skipped',
        annotations: [],
        comment: false,
        check: true,
      };
    case 'duplicate':
      return {
        view: {
          ...base,
          status: 'failed',
          reason: 'duplicate_head',
          message: `This commit is the head of #${c.owner.number} by @${c.owner.login}; a pull request must carry your own commits. This pull request is not evaluated and sets no check.`,
          hint: 'Commit your own files under submissions/<your-login>/ on a branch of your own, and open the pull request from it.',
        },
        // Never written: the check on this commit is #owner's to conclude.
        conclusion: 'failure',
        annotations: [],
        comment: true,
        check: false,
      };
  }
}

/** Our side: blocks the merge, says so, blames nobody. */
function ourError(
  o: ViewOptions,
  reason: string,
  message: string,
  extra: Pick<ReportView, 'smoke' | 'test'> = {},
): Outcome {
  return {
    view: { ...baseOf(o), status: 'error', reason, message, hint: OUR_SIDE_HINT, ...extra },
    conclusion: OUR_ERROR_CONCLUSION,
    annotations: [],
    comment: true,
    check: true,
  };
}

/**
 * The outcome of a submission's evaluation. `evaluationJob` is the evaluation
 * job's result (needs.evaluate.result); '' when the caller has none to give,
 * and then the file alone decides.
 */
export function outcomeForResult(read: ReadResult, evaluationJob: string, o: ViewOptions): Outcome {
  if (evaluationJob === 'cancelled') {
    return ourError(
      o,
      'cancelled',
      'The evaluation was cancelled before it finished (a newer push, or an organizer stopped it).',
    );
  }
  if (evaluationJob !== '' && evaluationJob !== 'success') {
    // A job that died (or never ran) proves nothing about the submission, whatever file it left.
    return ourError(o, 'internal_error', `The evaluation job did not finish (it ended as ${evaluationJob}).`);
  }
  if (!read.ok) return ourError(o, 'internal_error', `The evaluation could not be read: ${read.problem}.`);
  const run = decidingRun(read.result);
  if (!run) return ourError(o, 'internal_error', 'The evaluation could not be read: the result file holds no run.');
  const runs = { smoke: read.result.smoke, test: read.result.test };
  if (run.status === 'error') return ourError(o, run.reason ?? 'internal_error', run.message, runs);
  return {
    view: { ...baseOf(o), status: run.status, reason: run.reason, message: run.message, hint: run.hint, ...runs },
    conclusion: conclusionOf(run),
    annotations: [],
    comment: true,
    check: true,
  };
}
