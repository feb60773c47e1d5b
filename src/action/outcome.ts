/**
 * From what happened (classification, result file, the evaluation job's fate)
 * to what the participant sees: a ReportView for Markdown and a check conclusion.
 * Pure functions: the modes do the I/O.
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
}

export interface ViewOptions {
  headSha: string;
  showPrivateScores: boolean;
  showPrivateLogs: boolean;
  links: ReportView['links'];
}

function conclusionOf(run: RunReport): CheckConclusion {
  if (run.status === 'success') return 'success';
  if (run.status === 'error') return 'neutral';
  return run.reason === 'timeout' ? 'timed_out' : 'failure';
}

/** The run that decides: the private one when it ran, else the public sample. */
export function decidingRun(result: { smoke?: RunReport | undefined; test?: RunReport | undefined }): RunReport | undefined {
  return result.test ?? result.smoke;
}

export function outcomeForClassification(c: Exclude<Classification, { kind: 'submission' }>, o: ViewOptions): Outcome {
  const base = { headSha: o.headSha, showPrivateScores: o.showPrivateScores, showPrivateLogs: o.showPrivateLogs, links: o.links };
  switch (c.kind) {
    case 'rejected':
      return {
        view: { ...base, status: 'failed', reason: 'invalid_submission', message: c.summary, hint: 'Change the pull request so that it only touches your own submission folder, then push again.', fileProblems: c.problems },
        conclusion: 'failure',
        annotations: c.problems.slice(0, 50).map((p) => ({ path: p.file, start_line: 1, end_line: 1, annotation_level: 'failure', message: p.message, title: 'Not allowed in a submission pull request' })),
        comment: true,
      };
    case 'package-request':
      return {
        view: { ...base, status: 'skipped', reason: null, message: `This pull request asks for packages (${c.files.join(', ')}); the runtime workflow checks it, not the evaluation.`, hint: '' },
        conclusion: 'skipped',
        annotations: [],
        comment: false,
      };
    case 'maintenance':
      return {
        view: { ...base, status: 'skipped', reason: null, message: 'A change by a maintainer: there is no submission to evaluate.', hint: '' },
        conclusion: 'skipped',
        annotations: [],
        comment: false,
      };
  }
}

export function outcomeForResult(read: ReadResult, evaluationJob: string, o: ViewOptions): Outcome {
  const base = { headSha: o.headSha, showPrivateScores: o.showPrivateScores, showPrivateLogs: o.showPrivateLogs, links: o.links };
  if (evaluationJob === 'cancelled') {
    return {
      view: { ...base, status: 'error', reason: 'cancelled', message: 'The evaluation was cancelled before it finished (a newer push, or an organizer stopped it).', hint: 'Nothing to do: a newer commit is evaluated on its own; otherwise ask an organizer to re-run the evaluation.' },
      conclusion: 'cancelled',
      annotations: [],
      comment: true,
    };
  }
  if (!read.ok) {
    return {
      view: { ...base, status: 'error', reason: 'internal_error', message: `The evaluation could not be read: ${read.problem}. This is on our side, not yours.`, hint: 'Nothing to do on your side: the organizers are told through the failed workflow run and can re-run it.' },
      conclusion: 'neutral',
      annotations: [],
      comment: true,
    };
  }
  const run = decidingRun(read.result);
  if (!run) {
    return outcomeForResult({ ok: false, problem: 'the result file holds no run' }, evaluationJob, o);
  }
  return {
    view: { ...base, status: run.status, reason: run.reason, message: run.message, hint: run.hint, smoke: read.result.smoke, test: read.result.test },
    conclusion: conclusionOf(run),
    annotations: [],
    comment: true,
  };
}
