/**
 * Run the shared pipeline (src/pipeline) from the action: progress as log
 * groups, the submission's own output streamed under stop-commands.
 */
import * as core from '@actions/core';
import { evaluate } from '../pipeline/evaluate.js';
import type { RunReport } from '../report/report.js';
import { openLogStream } from './log-stream.js';

export async function runPipeline(opts: {
  competitionDir: string;
  submission: string;
  /** The submission as participants know it (submissions/<login>), for the reproduce line. */
  label: string;
  dataset: 'smoke' | 'test';
  workDir: string;
  /**
   * Stream the submission's output into the job log. The job log of a public
   * repository is public, and on private data the output may quote that data.
   */
  showLog: boolean;
  /** Keep the hidden splits' scores (only to seal them: src/season/evaluation-record.ts). */
  showHidden?: boolean;
  /** A re-score: a functions submission trained before on this runner infers only (src/pipeline/phases.ts). */
  reuseResources?: boolean;
}): Promise<RunReport> {
  core.startGroup(`Holdout: evaluating on the ${opts.dataset === 'smoke' ? 'public sample' : 'private test data'}`);
  const stream = openLogStream();
  let streaming = true;
  try {
    return await evaluate({
      competitionDir: opts.competitionDir,
      // A folder holding only submission.zip is staged as that zip (src/submission/staging.ts).
      submission: opts.submission,
      submissionLabel: opts.label,
      dataset: opts.dataset,
      workDir: opts.workDir,
      ...(opts.showHidden ? { showHidden: true } : {}),
      ...(opts.reuseResources ? { reuseResources: true } : {}),
      onProgress: (step, detail) => {
        // Each progress line carries a timestamp in the (public) job log: on the private
        // data that would tell the run's duration, which the private run keeps to itself.
        if (streaming && opts.showLog) stream.line(`[holdout] ${step}: ${detail}`);
      },
      onLog: (line) => {
        if (streaming && opts.showLog) stream.line(line);
      },
    });
  } finally {
    if (!opts.showLog)
      stream.line("[holdout] the submission's output on this dataset stays on the runner (show-private-logs is off)");
    streaming = false;
    stream.close();
    core.endGroup();
  }
}
