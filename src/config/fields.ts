/** Reusable zod fields for competition.yml: sizes and durations written the human way. */
import path from 'node:path';
import { z } from 'zod';
import { parseDuration, parseSize } from './units.js';

/** A size such as "512MiB", "2GB" or a number of bytes; parsed to bytes. */
export const size = z
  .union([z.string(), z.number()])
  // On the input side (JSON Schema describes what is written): editors suggest these, and
  // docs/config.md shows them as the way a size is written.
  .meta({ examples: ['512MiB', '2GB', '1g'] })
  .transform((value, ctx) => {
    const bytes = parseSize(value);
    if (bytes === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a size; write e.g. 512MiB, 2GB or a number of bytes`,
      });
      return z.NEVER;
    }
    return bytes;
  });

/** A duration such as "90s", "10m", "1h30m" or a number of seconds; parsed to seconds. */
export const duration = z
  .union([z.string(), z.number()])
  .meta({ examples: ['90s', '10m', '1h30m'] })
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

/**
 * Environment variables an organizer sets (container.env, datasets.<name>.env): the only ones
 * besides Holdout's own that reach the sandbox. Names as a shell writes them; values are text.
 */
export const environmentVariables = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string(), {
  // Without this, zod reports a bad name only as "Invalid key in record".
  error: (issue) =>
    issue.code === 'invalid_key'
      ? 'must be a variable name: letters, digits and _, not starting with a digit'
      : undefined,
});
