/**
 * The result file the evaluation job hands to the report job (through
 * actions/upload-artifact). The report job treats it as HOSTILE input: it is
 * size-capped before it is parsed, schema-checked with zod (unknown keys
 * rejected, every string bounded), and the head SHA inside must match the one
 * the report job was given by GitHub. The pull request is never read from it.
 */
import { open, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ERROR_REASONS, FAILURE_REASONS } from '../report/outcome.js';
import type { RunReport } from '../report/report.js';

export const RESULT_FILE_NAME = 'holdout-result.json';
/** Far above a real result (1,500 log lines of 1 KiB each is 1.5 MB), far below harm. */
export const MAX_RESULT_BYTES = 4 * 1024 * 1024;

const text = (max: number) => z.string().max(max);
const bytes = z.number().int().nonnegative();
const logLines = z.array(text(16_384)).max(10_000);

const runReportSchema = z
  .object({
    version: z.literal(1),
    status: z.enum(['success', 'failed', 'error']),
    reason: z.enum([...FAILURE_REASONS, ...ERROR_REASONS]).nullable(),
    message: text(4000),
    hint: text(4000),
    dataset: z.enum(['smoke', 'test']),
    scores: z.record(text(100), z.number()).refine((s) => Object.keys(s).length <= 50, 'at most 50 scores'),
    primary_metric: text(100).nullable(),
    duration_s: z.number().nonnegative(),
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
    image: text(500).nullable(),
    log: z
      .object({
        lines: z.number().int().nonnegative(),
        truncated: z.boolean(),
        head: logLines,
        tail: logLines,
        file: text(4096).optional(),
      })
      .strict(),
    reproduce: z.object({ holdout: text(4000), docker: text(16_000).nullable() }).strict(),
    problems: z.array(text(2000)).max(200),
  })
  .strict()
  .refine((r) => (r.status === 'success') === (r.reason === null), 'reason must be null exactly when status is success')
  .refine((r) => r.status !== 'failed' || (FAILURE_REASONS as readonly string[]).includes(r.reason ?? ''), 'a failed run needs a failure reason')
  .refine((r) => r.status !== 'error' || (ERROR_REASONS as readonly string[]).includes(r.reason ?? ''), 'an error run needs an error reason');

export const resultFileSchema = z
  .object({
    format: z.literal('holdout-result'),
    version: z.literal(1),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    smoke: runReportSchema.optional(),
    test: runReportSchema.optional(),
  })
  .strict();

export interface ResultFile {
  format: 'holdout-result';
  version: 1;
  head_sha: string;
  smoke?: RunReport;
  test?: RunReport;
}

export async function writeResultFile(dir: string, result: ResultFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, RESULT_FILE_NAME);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export type ReadResult = { ok: true; result: ResultFile } | { ok: false; problem: string };

/** Read and check a result file; never throws for what is in the file. */
export async function readResultFile(file: string, expectedHeadSha: string): Promise<ReadResult> {
  let raw: string;
  try {
    const handle = await open(file, 'r');
    try {
      // Read one byte past the cap: enough to know it is too big, never more.
      const buffer = Buffer.alloc(MAX_RESULT_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > MAX_RESULT_BYTES) return { ok: false, problem: `the result file is larger than ${MAX_RESULT_BYTES} bytes` };
      raw = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return { ok: false, problem: 'the evaluation job left no result file' };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'the result file is not valid JSON' };
  }
  const parsed = resultFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, problem: `the result file does not match its schema (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown'})` };
  }
  if (parsed.data.head_sha !== expectedHeadSha) {
    return { ok: false, problem: `the result file is for commit ${parsed.data.head_sha.slice(0, 12)}, not ${expectedHeadSha.slice(0, 12)}` };
  }
  return { ok: true, result: parsed.data as ResultFile };
}
