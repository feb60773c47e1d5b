/**
 * Read a JSON file passed between workflows as hostile input: read at most
 * `maxBytes` (one byte more tells it is too big), parse, check the schema, and
 * check it is about the commit we expect. Never throws for what the file holds.
 */
import { open } from 'node:fs/promises';
import type { z } from 'zod';

export type HostileRead<T> = { ok: true; result: T } | { ok: false; problem: string };

export async function readHostileJson<S extends z.ZodType<{ head_sha: string }>>(
  file: string,
  options: { maxBytes: number; schema: S; expectedHeadSha: string; missing: string },
): Promise<HostileRead<z.output<S>>> {
  let raw: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(options.maxBytes + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > options.maxBytes)
        return { ok: false, problem: `the result file is larger than ${options.maxBytes} bytes` };
      raw = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return { ok: false, problem: options.missing };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'the result file is not valid JSON' };
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      problem: `the result file does not match its schema (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown'})`,
    };
  }
  const headSha = parsed.data.head_sha;
  if (headSha !== options.expectedHeadSha) {
    return {
      ok: false,
      problem: `the result file is for commit ${headSha.slice(0, 12)}, not ${options.expectedHeadSha.slice(0, 12)}`,
    };
  }
  return { ok: true, result: parsed.data };
}
