/**
 * What of the private run may leave the self-hosted runner.
 *
 * The result file is uploaded as an artifact, and on a public repository anyone
 * can download it; the report job also turns it into a public comment. On the
 * private test data everything the submission can influence is a channel for
 * leaking that data: what it printed or predicted, but also its exit code, the
 * counts in a message ("17 missing ids"), how long it ran, how much memory it
 * took, the number of log lines, and the score's last digits (one 6-digit log
 * loss told 12 labels). So the private run's report is rebuilt from an
 * ALLOW-LIST, field by field — nothing is copied by spreading the run, so a field
 * added to RunReport later stays on the runner until it is named here:
 *
 *  - status and reason: always (the verdict the check needs);
 *  - message and hint: a fixed sentence per reason, with no number the
 *    participant chose (the whole text only with show-private-logs);
 *  - exit code, duration, peak memory: hidden, unless competition.yml's
 *    private_run.show allows one, and then coarsely;
 *  - scores: none, unless show-private-scores, and then rounded to
 *    private_run.score_digits significant digits — here, before the result file
 *    is written, so the exact value never leaves the runner;
 *  - log and problems: none, unless show-private-logs (not even their counts);
 *  - limits, image, reproduce line, metric name: the organizer's configuration,
 *    the same for every submission.
 *
 * The full report, log and predictions are kept on the runner instead (keepPrivateRun).
 */
import * as core from '@actions/core';
import { copyFile, chmod, cp, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PrivateRunSection } from '../config/private-run.js';
import type { Competition } from '../config/schema.js';
import type { RepoRef } from '../github/octokit.js';
import type { Scores } from '../report/verdict.js';
import type { RunReport } from '../report/report.js';

export interface PrivateRunPolicy {
  /** show-private-logs: the log, the whole message, the hint and the problems may leave. */
  showLogs: boolean;
  /** show-private-scores: the scores may leave, rounded to privateRun.score_digits. */
  showScores: boolean;
  /** competition.yml's private_run: which other channels may leave, coarsely. */
  privateRun: PrivateRunSection;
}

/** The private run as the result file may carry it. Pure. */
export function privateRunForResult(run: RunReport, policy: PrivateRunPolicy): RunReport {
  const { show, score_digits } = policy.privateRun;
  const words = policy.showLogs ? { message: run.message, hint: run.hint } : fixedWords(run);
  // Every field by name (RunReport's fields are required, so TypeScript asks for a
  // decision on each new one); nothing spread from `run`.
  return {
    version: 1,
    status: run.status,
    reason: run.reason,
    message: words.message,
    hint: words.hint,
    dataset: run.dataset,
    scores: policy.showScores ? roundScores(run.scores, score_digits) : {},
    primary_metric: run.primary_metric,
    duration_s: show.duration && run.duration_s !== null ? coarseDuration(run.duration_s) : null,
    exit_code: show.exit_code ? commonExitCode(run.exit_code) : null,
    peak_memory_bytes:
      show.memory && run.peak_memory_bytes !== null
        ? coarseMemory(run.peak_memory_bytes, run.limits.memory_bytes)
        : null,
    limits: {
      time_s: run.limits.time_s,
      memory_bytes: run.limits.memory_bytes,
      cpus: run.limits.cpus,
      gpus: run.limits.gpus,
      pids: run.limits.pids,
      shm_bytes: run.limits.shm_bytes,
      tmp_bytes: run.limits.tmp_bytes,
      output_bytes: run.limits.output_bytes,
    },
    image: run.image,
    log: policy.showLogs
      ? {
          lines: run.log.lines,
          truncated: run.log.truncated,
          head: [...run.log.head],
          tail: [...run.log.tail],
          ...(run.log.file ? { file: run.log.file } : {}),
        }
      : { lines: 0, truncated: false, head: [], tail: [] },
    // A functions run's docker line is its last phase's (HOLDOUT_HARNESS names the phase, the
    // infer phase mounts resources): it would tell which phase failed. The holdout line suffices.
    reproduce: { holdout: run.reproduce.holdout, docker: run.kind === 'functions' ? null : run.reproduce.docker },
    problems: policy.showLogs ? [...run.problems] : [],
    // The kind is competition.yml's, not the run's; the phases' times and memory are left out
    // like the run's own (the comment then names no phase figures for the private run).
    ...(run.kind ? { kind: run.kind } : {}),
  };
}

/** What the private run says, per reason: fixed words, nothing the submission chose. */
const FAILED_WORDS: Record<string, { what: string; hint: string }> = {
  invalid_submission: {
    what: 'it was refused before it ran',
    hint: 'Check your submission with holdout test and push again.',
  },
  crash: {
    what: 'it crashed',
    hint: 'It ran on the public sample, so look for what differs on the private data (more rows, values or ids the sample does not have) and test with data shaped like it.',
  },
  timeout: {
    what: 'it ran past the time limit',
    hint: 'Make it faster: the private data may be larger than the public sample (the time limit is in the table).',
  },
  oom: {
    what: 'it ran out of memory',
    hint: 'Use less memory: the private data may be larger than the public sample (the memory limit is in the table).',
  },
  no_output: {
    what: 'it wrote no predictions file',
    hint: 'Make sure it always writes the predictions file, whatever rows the data holds.',
  },
  invalid_output: {
    what: 'its predictions file is not valid',
    hint: 'Check that it writes one row per id of the data it is given, every column, numbers only, whatever rows the data holds.',
  },
  output_too_large: {
    what: 'its output went over the size limit',
    hint: 'Write only the predictions file, within the output limit in the table.',
  },
};

/** Said of the private run whatever the reason: where the details are. */
const DETAILS = "The private run's log stays with the organizers.";

export function fixedWords(run: Pick<RunReport, 'status' | 'reason'>): { message: string; hint: string } {
  if (run.status === 'success')
    return { message: 'The submission ran on the private test data and was scored.', hint: '' };
  const reason = run.reason ?? 'unknown';
  if (run.status === 'error') {
    return {
      message: `The run on the private test data could not be judged (${reason.replace(/_/g, ' ')}): this is on our side, not yours — an organizer will re-run it.`,
      hint: 'Nothing to do on your side.',
    };
  }
  const words = FAILED_WORDS[reason];
  return {
    message: `The submission failed on the private test data (${words ? words.what : reason.replace(/_/g, ' ')}).`,
    hint: `${words ? words.hint : 'Fix what the reason names and run holdout test before you push again.'} ${DETAILS}`,
  };
}

/** Each score to `digits` significant digits (0.6931471 → 0.693 with 3). Pure. */
export function roundScores(scores: Scores, digits: number): Scores {
  return Object.fromEntries(Object.entries(scores).map(([name, value]) => [name, roundScore(value, digits)]));
}

export function roundScore(value: number, digits: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}

/** Seconds, rounded up to the whole minute: 20.9 s and 22.1 s both read "≤ 1 min". */
export function coarseDuration(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60)) * 60;
}

/** Bytes, rounded up to a power of two and at most the limit: 87 MiB → 128 MiB, 130 MiB → 256 MiB. */
export function coarseMemory(bytes: number, limitBytes: number): number {
  if (bytes <= 0) return 0;
  return Math.min(2 ** Math.ceil(Math.log2(bytes)), limitBytes);
}

/**
 * Exit codes a participant can act on: 0, 1 (an uncaught exception), 2 (usage),
 * 126/127 (not executable / not found) and 128 + SIGILL, SIGABRT, SIGBUS, SIGFPE,
 * SIGKILL, SIGSEGV. Any other code is one the submission chose (sys.exit(124)):
 * it stays hidden, so an allowed exit code carries under 4 bits, not 8.
 */
export const COMMON_EXIT_CODES: readonly number[] = [0, 1, 2, 126, 127, 132, 134, 135, 136, 137, 139];

export function commonExitCode(code: number | null): number | null {
  return code !== null && COMMON_EXIT_CODES.includes(code) ? code : null;
}

/** `~/x` → the runner user's home + /x. */
export function expandHome(dir: string, home = os.homedir()): string {
  return dir === '~' ? home : dir.startsWith('~/') ? path.join(home, dir.slice(2)) : dir;
}

/** <keep_dir>/<owner>-<repo>/pr-<n>-<sha12>: one folder per evaluated commit, names safe as path parts. */
export function privateKeepDir(
  keepDir: string,
  repo: RepoRef,
  pullNumber: number,
  headSha: string,
  home?: string,
): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return path.join(
    expandHome(keepDir, home),
    `${safe(repo.owner)}-${safe(repo.repo)}`,
    `pr-${pullNumber}-${headSha.slice(0, 12)}`,
  );
}

export interface KeepRequest {
  /** The private run before filtering: it is kept whole, with its exact numbers. */
  run: RunReport;
  dir: string;
  /** The run's scratch folder, where the sandbox left the predictions. */
  workDir: string;
  /** container.output_file: the predictions file's name. */
  outputFile: string;
}

/**
 * Keep the private run's full log, its predictions and its unfiltered report in
 * `dir` (the runner's temp folder is emptied when the job ends), readable by the
 * runner's user only: they may quote the private data. Returns the files kept.
 */
export async function keepPrivateRun(req: KeepRequest): Promise<string[]> {
  await rm(req.dir, { recursive: true, force: true }); // an organizer's re-run of the same commit replaces it
  await mkdir(req.dir, { recursive: true, mode: 0o700 });
  await chmod(req.dir, 0o700);
  const kept: string[] = [];
  const copy = async (from: string | undefined, name: string) => {
    // Only a regular file of ours; never a link the submission may have left behind.
    if (
      !from ||
      !(await lstat(from).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      return;
    const to = path.join(req.dir, name);
    await copyFile(from, to);
    await chmod(to, 0o600);
    kept.push(name);
  };
  await copy(req.run.log.file, 'test.log');
  // The organizer's scorer's own output (src/pipeline/evaluate.ts writes it): never in the report.
  await copy(path.join(req.workDir, 'scorer.log'), 'scorer.log');
  const predictions = path.posix.basename(req.outputFile);
  await copy(
    path.join(req.workDir, predictions),
    ['test.log', 'scorer.log', 'report.json'].includes(predictions) ? `predictions-${predictions}` : predictions,
  );
  // container.output_dir: the collected folder (src/pipeline/evaluate.ts puts it in <workDir>/output),
  // already checked on the way out (no links, no devices); copied as regular files and folders only.
  if (
    await lstat(path.join(req.workDir, 'output')).then(
      (st) => st.isDirectory(),
      () => false,
    )
  ) {
    await cp(path.join(req.workDir, 'output'), path.join(req.dir, 'output'), {
      recursive: true,
      filter: async (src) =>
        lstat(src).then(
          (st) => st.isFile() || st.isDirectory(),
          () => false,
        ),
    });
    kept.push('output/');
  }
  await writeFile(path.join(req.dir, 'report.json'), `${JSON.stringify(req.run, null, 2)}\n`, { mode: 0o600 });
  kept.push('report.json');
  return kept;
}

/**
 * The evaluate job's one step for the private run: keep it whole on the runner,
 * say where in the job log (the path only), and return what may leave.
 */
export async function releasePrivateRun(
  run: RunReport,
  opts: {
    config: Competition;
    showLogs: boolean;
    showScores: boolean;
    repo: RepoRef;
    pullNumber: number;
    headSha: string;
    workDir: string;
  },
): Promise<RunReport> {
  const dir = privateKeepDir(opts.config.private_run.keep_dir, opts.repo, opts.pullNumber, opts.headSha);
  try {
    await keepPrivateRun({ run, dir, workDir: opts.workDir, outputFile: opts.config.container.output_file });
    core.info(`The private run's log and predictions are kept on this runner in ${dir}`);
  } catch (e) {
    // The verdict still goes out: keeping a copy is for the organizer, not the gate.
    const code = (e as NodeJS.ErrnoException).code ?? 'an error';
    core.warning(
      `Could not keep the private run's log and predictions in ${dir} (${code}): check competition.yml's private_run.keep_dir and that the runner's user can write there.`,
    );
  }
  return privateRunForResult(run, {
    showLogs: opts.showLogs,
    showScores: opts.showScores,
    privateRun: opts.config.private_run,
  });
}
