/**
 * RunReport: everything a run produced, as the CLI prints it (--json), the
 * action comments it, and the artifact carries it between workflows.
 * Field names are snake_case because this object is a published JSON format.
 */
import type { SubmissionKind } from '../config/kinds.js';
import type { DatasetName } from '../config/schema.js';
import type { Scores, Verdict } from './verdict.js';

export interface LogSummary {
  /** Lines the submission printed (stdout and stderr together). */
  lines: number;
  /** True when the report or the log file leaves lines out. */
  truncated: boolean;
  /** First lines, then last lines: at most limits.log_lines in all. */
  head: string[];
  tail: string[];
  /** Path of the full log on the host (capped at limits.log_file), if one was written. */
  file?: string;
}

export interface LimitsUsed {
  time_s: number;
  memory_bytes: number;
  cpus: number;
  gpus: number;
  pids: number;
  shm_bytes: number;
  tmp_bytes: number;
  output_bytes: number;
}

export interface RunReport {
  /** Format version of this object. */
  version: 1;
  status: Verdict['status'];
  /** null on success. */
  reason: string | null;
  /** One sentence: what happened. */
  message: string;
  /** What to do about it (empty on success). */
  hint: string;
  dataset: DatasetName;
  /** Primary metric first. Empty unless the run was scored. */
  scores: Scores;
  /** Name of the primary metric, when scored. */
  primary_metric: string | null;
  /**
   * Local reports only (`holdout test`, whose user has the labels): the keys of `scores` that
   * participants never see (splits not in scoring.split.show). The action's reports have no
   * such key and no such score: the pipeline leaves them out (evaluate's showHidden).
   */
  hidden?: string[];
  /**
   * Seconds the run took. On the private run as the result file carries it: null
   * (hidden) unless competition.yml's private_run.show.duration, then rounded up to
   * the whole minute (src/action/private-run.ts).
   */
  duration_s: number | null;
  /**
   * Exit code of the submission's command; null if it never ran or was killed by us.
   * On the private run: null unless private_run.show.exit_code, then only a common code.
   */
  exit_code: number | null;
  /**
   * Peak memory of the container in bytes, when the engine reports it. On the private
   * run: null unless private_run.show.memory, then rounded up to a power of two.
   */
  peak_memory_bytes: number | null;
  limits: LimitsUsed;
  image: string | null;
  log: LogSummary;
  reproduce: {
    /** `holdout test …` with the same options. */
    holdout: string;
    /** The exact `docker run …` line (null when the run never reached the engine). */
    docker: string | null;
  };
  /** Fine-grained problems (e.g. each invalid row), first few only. */
  problems: string[];
  /** How the submission was called (submission.kind); absent on runs that never got that far. */
  kind?: SubmissionKind;
  /** A functions competition's phases, in the order they ran: each its own sandbox run. */
  phases?: PhaseReport[];
}

export interface PhaseReport {
  name: 'train' | 'infer';
  duration_s: number;
  exit_code: number | null;
  peak_memory_bytes: number | null;
}

export function verdictFields(v: Verdict): Pick<RunReport, 'status' | 'reason' | 'message' | 'hint'> {
  return v.status === 'success'
    ? { status: 'success', reason: null, message: 'The submission ran and was scored.', hint: '' }
    : { status: v.status, reason: v.reason, message: v.message, hint: v.hint };
}

/** A report before anything has happened: the skeleton every run fills in. */
export function emptyRunReport(dataset: DatasetName, limits: LimitsUsed, holdoutCommand: string): RunReport {
  return {
    version: 1,
    status: 'error',
    reason: null,
    message: '',
    hint: '',
    dataset,
    scores: {},
    primary_metric: null,
    duration_s: 0,
    exit_code: null,
    peak_memory_bytes: null,
    limits,
    image: null,
    log: { lines: 0, truncated: false, head: [], tail: [] },
    reproduce: { holdout: holdoutCommand, docker: null },
    problems: [],
  };
}
