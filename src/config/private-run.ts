/**
 * The `private_run:` section of competition.yml: what of the run on the private
 * test data may leave the evaluation runner, and where the runner keeps the rest.
 *
 * Everything a submission can influence on the private data is a channel for
 * leaking that data (it chooses its exit code, how long it runs, how much memory
 * it takes, how many rows it gets wrong). By default only the status and the
 * reason category leave — Kaggle shows nothing more of its hidden re-run — and
 * each allowance below lets one more channel out, coarsely:
 *
 *   private_run:
 *     show:
 *       exit_code: false   # only the common codes (0, 1, 2, 126, 127, 128+ILL/ABRT/BUS/FPE/KILL/SEGV)
 *       duration: false    # rounded up to the whole minute
 *       memory: false      # peak memory rounded up to a power of two
 *     score_digits: 3      # significant digits of the private scores, when show-private-scores lets them out
 *     keep_dir: ~/holdout-private
 *
 * Private scores and logs themselves stay behind the action inputs
 * show-private-scores / show-private-logs (the workflow's choice, as before).
 * Read by src/action/private-run.ts.
 */
import { z } from 'zod';

export const DEFAULT_KEEP_DIR = '~/holdout-private';

export const privateRunSection = z
  .object({
    show: z
      .object({
        exit_code: z
          .boolean()
          .default(false)
          .describe(
            'Let out the exit code, when it is one of the common ones (0, 1, 2, 126, 127, 128+ILL/ABRT/BUS/FPE/KILL/SEGV); any other code stays hidden.',
          ),
        duration: z.boolean().default(false).describe("Let out the run's duration, rounded up to the whole minute."),
        memory: z
          .boolean()
          .default(false)
          .describe("Let out the container's peak memory, rounded up to a power of two (at most the memory limit)."),
      })
      .strict()
      .prefault({})
      .describe(
        'Channels besides status and reason the organizer lets out of the private run, each coarsened: a submission can encode test labels in any of them.',
      ),
    score_digits: z
      .number()
      .int()
      .min(1)
      .max(15)
      .default(3)
      .describe(
        "Significant digits of each private score that leaves the runner (when the workflow's show-private-scores is on). Each digit is about 3.3 bits a push can carry about the labels: keep it small.",
      ),
    keep_dir: z
      .string()
      .regex(/^(\/|~\/|~$)/, "must be an absolute path on the runner, or start with ~/ (the runner user's home)")
      .refine((p) => !p.split('/').includes('..'), 'must not contain ".."')
      .default(DEFAULT_KEEP_DIR)
      .describe(
        "Folder on the evaluation runner where the private run's full log, predictions and unfiltered report are kept after the job (the runner's temp folder is emptied when the job ends), as <keep_dir>/<owner>-<repo>/pr-<number>-<sha12>/. Absolute, or under the runner user's home with ~/.",
      ),
  })
  .strict();

export type PrivateRunSection = z.output<typeof privateRunSection>;
