/** Reusable zod fields for competition.yml: sizes and durations written the human way. */
import path from 'node:path';
import { z } from 'zod';
import { parseDuration, parseSize } from './units.js';

/** A size such as "512MiB", "2GB" or a number of bytes; parsed to bytes. */
export const size = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const bytes = parseSize(value);
    if (bytes === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a size; write e.g. 512MiB, 2GB or a number of bytes` });
      return z.NEVER;
    }
    return bytes;
  });

/** A duration such as "90s", "10m", "1h30m" or a number of seconds; parsed to seconds. */
export const duration = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; write e.g. 90s, 10m or 1h30m` });
      return z.NEVER;
    }
    return seconds;
  });

/**
 * A path inside the container: absolute, no "..". Normalized ("/code_execution//data/" →
 * "/code_execution/data") so every stage compares the same strings.
 */
export const containerPath = z
  .string()
  .regex(/^\/(?!.*(^|\/)\.\.(\/|$)).*/, 'must be an absolute path inside the container, without ".."')
  .transform((p) => path.posix.normalize(p).replace(/(.)\/+$/, '$1'));
