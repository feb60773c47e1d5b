/** A RunReport for a submission that never reached the pipeline (e.g. a link in its folder). */
import type { Competition, DatasetName } from '../../config/schema.js';
import { effectiveLimits } from '../../pipeline/evaluate.js';
import { emptyRunReport, type RunReport } from '../../report/report.js';

export function invalidSubmissionReport(config: Competition, dataset: DatasetName, message: string): RunReport {
  return {
    ...emptyRunReport(dataset, effectiveLimits(config), 'holdout test submissions/<your-login>'),
    status: 'failed',
    reason: 'invalid_submission',
    message,
    hint: 'Fix the submission folder and push again; `holdout test` checks the same rules locally.',
  };
}
