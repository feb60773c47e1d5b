/** RunReport fixtures and result files, as the evaluation job would write them. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunReport } from '../../../src/report/report.js';

export function runReport(over: Partial<RunReport> = {}): RunReport {
  return {
    version: 1,
    status: 'success',
    reason: null,
    message: 'The submission ran and was scored.',
    hint: '',
    dataset: 'smoke',
    scores: { log_loss: 0.4213 },
    primary_metric: 'log_loss',
    duration_s: 12.5,
    exit_code: 0,
    peak_memory_bytes: 300 * 1024 * 1024,
    limits: {
      time_s: 1800,
      memory_bytes: 4 * 1024 ** 3,
      cpus: 2,
      gpus: 0,
      pids: 512,
      shm_bytes: 64 * 1024 ** 2,
      tmp_bytes: 1024 ** 3,
      output_bytes: 100 * 1024 ** 2,
    },
    image: 'holdout/runtime:cpu-0123abcd',
    log: { lines: 3, truncated: false, head: ['loading data', 'fitting', 'done'], tail: [] },
    reproduce: {
      holdout: 'holdout test submissions/alice',
      docker: 'docker run --rm --network none holdout/runtime:cpu-0123abcd python main.py',
    },
    problems: [],
    ...over,
  };
}

export function crashReport(dataset: 'smoke' | 'test' = 'smoke'): RunReport {
  return runReport({
    status: 'failed',
    reason: 'crash',
    message: 'main.py exited with code 1 before writing submission.csv.',
    hint: 'Read the end of the log below for the Python traceback, fix it, and run `holdout test` locally.',
    dataset,
    scores: {},
    primary_metric: null,
    exit_code: 1,
    log: {
      lines: 4,
      truncated: false,
      head: [
        'Traceback (most recent call last):',
        '  File "main.py", line 3, in <module>',
        "KeyError: 'feature_7'",
        '',
      ],
      tail: [],
    },
  });
}

export async function resultFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-result-'));
  const file = path.join(dir, 'holdout-result.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
