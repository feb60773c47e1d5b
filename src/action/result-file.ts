/**
 * The result file the evaluation job hands to the report job (through
 * actions/upload-artifact). The report job treats it as HOSTILE input: it is
 * size-capped before it is parsed, schema-checked with zod (unknown keys
 * rejected, every string bounded), and the head SHA inside must match the one
 * the report job was given by GitHub. The pull request is never read from it.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readHostileJson, type HostileRead } from './hostile-json.js';
import { withoutHostPaths } from './host-paths.js';
import { truncate } from '../report/markdown-escape.js';
import { ERROR_REASONS, FAILURE_REASONS } from '../report/verdict.js';
import { SUBMISSION_KINDS } from '../config/kinds.js';
import type { RunReport } from '../report/report.js';

export const RESULT_FILE_NAME = 'holdout-result.json';
/** Far above a real result (1,500 log lines of 1 KiB each is 1.5 MB), far below harm. */
export const MAX_RESULT_BYTES = 4 * 1024 * 1024;

/**
 * The schema's bounds, named so that fitReportToResult (the writer) and the
 * schema (the reader) cannot drift apart.
 */
export const RESULT_LIMITS = {
  message: 4000,
  hint: 4000,
  problem: 2000,
  problems: 200,
  logLine: 16_384,
  logLines: 10_000,
  image: 500,
  reproduceHoldout: 4000,
  reproduceDocker: 16_000,
} as const;

const text = (max: number) => z.string().max(max);
const bytes = z.number().int().nonnegative();
const logLines = z.array(text(RESULT_LIMITS.logLine)).max(RESULT_LIMITS.logLines);

const runReportSchema = z
  .object({
    version: z.literal(1),
    status: z.enum(['success', 'failed', 'error']),
    reason: z.enum([...FAILURE_REASONS, ...ERROR_REASONS]).nullable(),
    message: text(RESULT_LIMITS.message),
    hint: text(RESULT_LIMITS.hint),
    dataset: z.enum(['smoke', 'test']),
    scores: z.record(text(100), z.number()).refine((s) => Object.keys(s).length <= 50, 'at most 50 scores'),
    primary_metric: text(100).nullable(),
    /** null: hidden (the private run, unless competition.yml's private_run.show.duration). */
    duration_s: z.number().nonnegative().nullable(),
    exit_code: z.number().int().nullable(),
    peak_memory_bytes: bytes.nullable(),
    limits: z
      .object({
        time_s: z.number().nonnegative(),
        memory_bytes: bytes,
        cpus: z.number().nonnegative(),
        gpus: z.number().int().nonnegative(),
        pids: z.number().int().nonnegative(),
        shm_bytes: bytes,
        tmp_bytes: bytes,
        output_bytes: bytes,
      })
      .strict(),
    image: text(RESULT_LIMITS.image).nullable(),
    log: z
      .object({
        lines: z.number().int().nonnegative(),
        truncated: z.boolean(),
        head: logLines,
        tail: logLines,
        file: text(4096).optional(),
      })
      .strict(),
    reproduce: z
      .object({ holdout: text(RESULT_LIMITS.reproduceHoldout), docker: text(RESULT_LIMITS.reproduceDocker).nullable() })
      .strict(),
    problems: z.array(text(RESULT_LIMITS.problem)).max(RESULT_LIMITS.problems),
    kind: z.enum(SUBMISSION_KINDS).optional(),
    phases: z
      .array(
        z
          .object({
            name: z.enum(['train', 'infer']),
            duration_s: z.number().nonnegative(),
            exit_code: z.number().int().nullable(),
            peak_memory_bytes: bytes.nullable(),
          })
          .strict(),
      )
      .max(2)
      .optional(),
  })
  .strict()
  .refine((r) => (r.status === 'success') === (r.reason === null), 'reason must be null exactly when status is success')
  .refine(
    (r) => r.status !== 'failed' || (FAILURE_REASONS as readonly string[]).includes(r.reason ?? ''),
    'a failed run needs a failure reason',
  )
  .refine(
    (r) => r.status !== 'error' || (ERROR_REASONS as readonly string[]).includes(r.reason ?? ''),
    'an error run needs an error reason',
  );

export const resultFileSchema = z
  .object({
    format: z.literal('holdout-result'),
    version: z.literal(1),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    smoke: runReportSchema.optional(),
    test: runReportSchema.optional(),
    /** Content hash of the submission as fetched (src/ledger/hash.ts), for the ledger. */
    submission_hash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/)
      .optional(),
    /**
     * The private run's full scores (every split, unrounded), sealed on the runner for
     * competition.yml's results.public_key: the runner cannot open it, the record job only
     * copies it into the ledger, only the reveal opens it. Absent without a key.
     */
    sealed_private: z
      .string()
      .max(16_384)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/)
      .optional(),
  })
  .strict();

export interface ResultFile {
  format: 'holdout-result';
  version: 1;
  head_sha: string;
  smoke?: RunReport;
  test?: RunReport;
  submission_hash?: string;
  sealed_private?: string;
}

/** Each run in the file stays under this, so smoke + test stay well under MAX_RESULT_BYTES. */
export const MAX_REPORT_BYTES = MAX_RESULT_BYTES / 4;
/** Longest log line kept in the result; the full line stays in the log file. */
export const MAX_KEPT_LOG_LINE = 1024;
/** Room for the problems list; the log gets what is left of MAX_REPORT_BYTES. */
const MAX_PROBLEMS_BYTES = 256 * 1024;
/** The indentation, quotes' neighbours, comma and newline around one array item in the file. */
const ITEM_OVERHEAD = 16;

/** Bytes `value` takes in the file (JSON-escaped, UTF-8), plus its share of the layout. */
function itemBytes(value: string): number {
  return Buffer.byteLength(JSON.stringify(value)) + ITEM_OVERHEAD;
}

/**
 * Fit a run to the result file's schema, whatever the submission printed.
 *
 * The report job rejects a file its schema refuses, and a rejected file reads
 * as "our fault" (action_required: blocked, not charged). A participant controls the
 * log, the crash message (it quotes the last lines) and the problems (they
 * quote predictions), so the WRITER makes them fit: every bounded string is
 * clipped to its bound (marked "…"), log lines are cut to MAX_KEPT_LOG_LINE
 * characters, and log lines are then dropped — oldest head lines first, the
 * newest tail lines last, since the end of a log explains a crash — until the
 * run serializes to at most MAX_REPORT_BYTES. Pure.
 */
export function fitReportToResult(report: RunReport): RunReport {
  const L = RESULT_LIMITS;

  // Problems: each clipped, then as many as fit in their share; a last line says how many went.
  const clippedProblems = report.problems.map((p) => truncate(p, L.problem));
  const problems: string[] = [];
  let problemBytes = 0;
  for (const p of clippedProblems) {
    if (problems.length === L.problems - 1 || problemBytes + itemBytes(p) > MAX_PROBLEMS_BYTES) break;
    problems.push(p);
    problemBytes += itemBytes(p);
  }
  const left = clippedProblems.length - problems.length;
  if (left > 0) problems.push(`… and ${left} more problem${left === 1 ? '' : 's'} (too long to keep)`);

  const clipLine = (line: string) => truncate(line, Math.min(MAX_KEPT_LOG_LINE, L.logLine));
  const head = report.log.head.slice(0, L.logLines).map(clipLine);
  const tail = report.log.tail.slice(-L.logLines).map(clipLine);
  const linesCut =
    head.some((l, i) => l !== report.log.head[i]) ||
    tail.some((l, i) => l !== report.log.tail[report.log.tail.length - tail.length + i]);

  const fitted: RunReport = {
    ...report,
    message: truncate(report.message, L.message),
    hint: truncate(report.hint, L.hint),
    image: report.image === null ? null : truncate(report.image, L.image),
    reproduce: {
      holdout: truncate(report.reproduce.holdout, L.reproduceHoldout),
      docker: report.reproduce.docker === null ? null : truncate(report.reproduce.docker, L.reproduceDocker),
    },
    problems,
    log: { ...report.log, head: [], tail: [] },
  };

  // The log gets the room the rest leaves: newest tail lines first, then head lines from the start.
  let room = MAX_REPORT_BYTES - Buffer.byteLength(JSON.stringify(fitted, null, 2));
  let firstTail = tail.length;
  while (firstTail > 0 && itemBytes(tail[firstTail - 1]!) <= room) room -= itemBytes(tail[--firstTail]!);
  let headEnd = 0;
  if (firstTail === 0)
    while (headEnd < head.length && itemBytes(head[headEnd]!) <= room) room -= itemBytes(head[headEnd++]!);

  const dropped =
    firstTail > 0 ||
    headEnd < head.length ||
    head.length < report.log.head.length ||
    tail.length < report.log.tail.length;
  fitted.log = {
    ...report.log,
    head: head.slice(0, headEnd),
    tail: tail.slice(firstTail),
    truncated: report.log.truncated || dropped || linesCut,
  };
  return fitted;
}

export async function writeResultFile(dir: string, result: ResultFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, RESULT_FILE_NAME);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/**
 * The evaluation side's whole hand-over, for pr-check and evaluate alike: each
 * run's log copied into `resultDir` as <dataset>.log (the private run's only when
 * `copyTestLog` — the organizer's show-private-logs), then each run stripped of
 * host paths (withoutHostPaths: the reproduce line names <submission> and <data>,
 * not the runner's folders; `log.file` goes), fitted to the schema
 * (fitReportToResult), and written as the result file. The private run must
 * already be filtered (privateRunForResult). Returns the file and what it holds.
 */
export async function writeRunResults(
  resultDir: string,
  headSha: string,
  runs: { smoke: RunReport; test?: RunReport },
  options: { copyTestLog?: boolean; submissionHash?: string; sealedPrivate?: string } = {},
): Promise<{ file: string; result: ResultFile }> {
  await mkdir(resultDir, { recursive: true });
  if (runs.smoke.log.file) await copyFile(runs.smoke.log.file, path.join(resultDir, 'smoke.log')).catch(() => {});
  if (runs.test?.log.file && options.copyTestLog)
    await copyFile(runs.test.log.file, path.join(resultDir, 'test.log')).catch(() => {});
  // Whatever the submission printed, the file must pass the report job's schema:
  // a refused file would read as our fault (action_required) instead of the participant's.
  const forResult = (r: RunReport): RunReport => {
    const { file: _file, ...log } = r.log;
    return fitReportToResult(withoutHostPaths({ ...r, log }));
  };
  const result: ResultFile = {
    format: 'holdout-result',
    version: 1,
    head_sha: headSha,
    smoke: forResult(runs.smoke),
    ...(runs.test ? { test: forResult(runs.test) } : {}),
    ...(options.submissionHash ? { submission_hash: options.submissionHash } : {}),
    ...(options.sealedPrivate ? { sealed_private: options.sealedPrivate } : {}),
  };
  return { file: await writeResultFile(resultDir, result), result };
}

export type ReadResult = HostileRead<ResultFile>;

/** Read and check a result file; never throws for what is (or is not) in the file. */
export async function readResultFile(file: string, expectedHeadSha: string): Promise<ReadResult> {
  const read = await readHostileJson(file, {
    maxBytes: MAX_RESULT_BYTES,
    schema: resultFileSchema,
    expectedHeadSha,
    missing: 'the evaluation job left no result file',
  });
  // The schema's output type is structurally the ResultFile the writer produces.
  return read as HostileRead<ResultFile>;
}
