/**
 * What of the private run may leave the self-hosted runner.
 *
 * The result file is uploaded as an artifact, and on a public repository anyone
 * can download it; the report job also turns it into a public comment. Whatever
 * the submission printed on the private test data, or predicted for it, can
 * carry that data (a submission may print its input on purpose). So unless the
 * organizer opted in, only what Holdout itself wrote goes out:
 *
 *  - the log: no lines at all (the full log stays in the runner's temp folder);
 *  - the message: its first line only — the sandbox keeps output out of that
 *    line, and appends "Last output:" with the log's last lines after it;
 *  - the problems: how many there were (they may quote predictions);
 *  - the scores: none (on the private data they are the leaderboard's secret).
 *
 * Pure.
 */
import type { RunReport } from '../report/report.js';

export interface PrivateRunPolicy {
  /** show-private-logs: the log, the whole message and the problems may leave. */
  showLogs: boolean;
  /** show-private-scores: the scores may leave. */
  showScores: boolean;
}

export function privateRunForResult(run: RunReport, policy: PrivateRunPolicy): RunReport {
  let out = run;
  if (!policy.showLogs) {
    const n = run.problems.length;
    out = {
      ...out,
      message: firstLine(run.message),
      problems: n === 0 ? [] : [`${n} problem${n === 1 ? '' : 's'}; details stay on the runner`],
      log: { lines: run.log.lines, truncated: true, head: [], tail: [], ...(run.log.file ? { file: run.log.file } : {}) },
    };
  }
  if (!policy.showScores) out = { ...out, scores: {} };
  return out;
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}
