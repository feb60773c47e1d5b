/** A RunReport for a submission that never reached the pipeline (e.g. a link in its folder). */
import type { Competition, DatasetName } from '../../config/schema.js';
import type { RunReport } from '../../report/report.js';

export function invalidSubmissionReport(config: Competition, dataset: DatasetName, message: string): RunReport {
  const l = config.limits;
  return {
    version: 1,
    status: 'failed',
    reason: 'invalid_submission',
    message,
    hint: 'Fix the submission folder and push again; `holdout test` checks the same rules locally.',
    dataset,
    scores: {},
    primary_metric: null,
    duration_s: 0,
    exit_code: null,
    peak_memory_bytes: null,
    limits: { time_s: l.time, memory_bytes: l.memory, cpus: l.cpus, gpus: l.gpus, pids: l.pids, shm_bytes: l.shm, tmp_bytes: l.tmp, output_bytes: l.output },
    image: null,
    log: { lines: 0, truncated: false, head: [], tail: [] },
    reproduce: { holdout: `holdout test submissions/<your-login>`, docker: null },
    problems: [],
  };
}
