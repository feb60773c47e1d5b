/**
 * The schema of competition.yml, the organizer's one config file.
 *
 * Zod is the single source of truth: it validates, fills defaults and gives the
 * TypeScript type, and each key's `.describe()` is its documentation: `npm run schema`
 * writes the same schema as JSON Schema (schema/competition.schema.json, shown by editors
 * on hover) and as docs/config.md; test/config/reference.test.ts fails when a key has no
 * description or either file is stale. Every section is strict, so a
 * misspelt key is an error that names the key and its line, not a silent default.
 */
import { z } from 'zod';
import { containerPath, duration, environmentVariables, size } from './fields.js';
import { layoutIssues } from './layout.js';
import { PRESET_NAMES } from './preset.js';
import { privateRunSection } from './private-run.js';
import { runtimeSection } from './runtime.js';
import { datasetRankingSection, scoringSection } from './scoring.js';
import { leaderboardSection } from './leaderboard.js';
import { resultsSection } from './results.js';
import { SUBMISSION_KINDS, functionsSection, handlerSection, kindIssues, pickleSection } from './kinds.js';

const submissionSection = z
  .object({
    kind: z
      .enum(SUBMISSION_KINDS, {
        error: (issue) => `must be one of ${SUBMISSION_KINDS.join(', ')} (got ${JSON.stringify(issue.input)})`,
      })
      .default('script')
      .describe(
        "How a submission is called: script (container.command runs it; a main.ipynb is converted and run), functions (train/infer functions, CrunchDAO's style), pickle (model.pkl's predict, Numerai's style), handler (handler.py's handle, Dynalab's style). Every kind but script runs through Holdout's harness (harness/README.md).",
      ),
    functions: functionsSection
      .optional()
      .describe('kind functions: the module, the functions, what their parameters get.'),
    pickle: pickleSection.optional().describe('kind pickle: the pickle file and the data predict gets.'),
    handler: handlerSection.optional().describe('kind handler: the handler file, the inputs and the output fields.'),
    entry_point: z
      .string()
      .regex(/^[^/\\]+$/, 'must be a file name at the submission root, without folders')
      .default('main.py')
      .describe('The file the command runs; it must sit at the root of the submission.'),
    max_size: size.prefault('500MiB').describe('Most bytes a submission may hold, unpacked.'),
    max_files: z
      .number()
      .int()
      .positive()
      .default(300)
      .describe(
        'Most files and folders a submission may hold. The evaluation job fetches each file with one API request (1,000 an hour per repository), so a bigger submission is packed into one submission.zip (holdout pack).',
      ),
    exclude: z
      .array(z.string())
      .default(['.git/**', '**/__pycache__/**', '**/*.pyc', '.ipynb_checkpoints/**', '.DS_Store', '**/.DS_Store'])
      .describe(
        'Glob patterns of files left out by holdout pack, when a folder is tested, and when the evaluation job fetches a submission (neither counted nor downloaded).',
      ),
  })
  .strict();

const containerSection = z
  .object({
    workdir: containerPath
      .default('/code_execution')
      .describe(
        'Working directory: a writable copy of the submission (limits.workdir; the staged originals stay untouched), or the submission mounted read-only when limits.workdir is 0.',
      ),
    data_dir: containerPath
      .default('/code_execution/data')
      .describe("Where the dataset's data folder is mounted, read-only."),
    output_file: containerPath
      .default('/code_execution/submission/submission.csv')
      .describe(
        'The file the submission must write (the one built-in metrics score). Its folder is writable; it may be the working folder itself (e.g. /code_execution/submission.csv) when limits.workdir is above 0.',
      ),
    output_dir: containerPath
      .optional()
      .describe(
        'Folder mode: every file the submission writes into this folder is collected (limits.output, limits.output_files; no links, no special files) and handed to the scorer as a folder. output_file must lie inside it; with only a custom scorer, any file in it will do.',
      ),
    command: z
      .union([z.array(z.string().min(1)).min(1), z.string().min(1)])
      .transform((c) => (typeof c === 'string' ? c.trim().split(/\s+/) : c))
      .default(['python', 'main.py'])
      .describe('The command that runs the submission, as a list of arguments or a string split on spaces (no shell).'),
    user: z
      .string()
      .regex(/^[1-9]\d*:[1-9]\d*$/, 'must be uid:gid with both above 0 (root is not allowed)')
      // 65534 is the uid of the sandbox's own idle process (src/sandbox/spec.ts): sharing it
      // would let the clean-up after the run kill that process and lose the output.
      .refine(
        (u) => u.split(':')[0] !== '65534',
        'uid 65534 is reserved for the sandbox itself; pick another (e.g. 1000)',
      )
      .default('1000:1000')
      .describe("uid:gid the submission runs as: never root, and not uid 65534 (the sandbox's own idle process)."),
    env: environmentVariables
      .default({})
      .describe(
        "Environment variables the organizer sets: with Holdout's own, the only ones the submission sees (no variable of the host gets in). datasets.<name>.env adds per-dataset ones.",
      ),
  })
  .strict();

const limitsSection = z
  .object({
    time: duration
      .prefault('30m')
      .describe('Wall-clock time a run may take; then it is stopped and fails with timeout.'),
    memory: size
      .prefault('4GiB')
      .describe(
        'Memory of the container, with no swap; /tmp, /dev/shm and the working copy live in memory and count against it. Past it the kernel kills the submission (oom).',
      ),
    cpus: z.number().positive().default(2).describe('CPUs the container may use (fractions allowed, e.g. 1.5).'),
    gpus: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('GPUs a run gets; above 0 it needs runtime.gpu and a machine with NVIDIA GPUs.'),
    pids: z.number().int().positive().default(512).describe('Most processes and threads at once in the container.'),
    shm: size
      .prefault('64MiB')
      .describe(
        "Size of /dev/shm, the shared memory PyTorch's data loaders use; held in memory (counts against limits.memory).",
      ),
    tmp: size.prefault('1GiB').describe('Size of the writable /tmp; held in memory (counts against limits.memory).'),
    output: size
      .prefault('100MiB')
      .describe('Size of the output folder: the predictions must fit, or the run fails with output_too_large.'),
    output_files: z
      .number()
      .int()
      .positive()
      .default(10000)
      .describe('Most files and folders the output folder may hold.'),
    workdir: size
      .prefault('1GiB')
      .describe(
        "Size of the writable working copy at container.workdir: the submission's files plus what it writes next to them. Held in memory like /tmp (it counts against limits.memory); it holds at most submission.max_files + limits.output_files files and folders. 0: no copy, the submission is mounted read-only.",
      ),
    log_lines: z
      .number()
      .int()
      .positive()
      .default(1500)
      .describe(
        "Lines of the submission's output kept in the report and the pull request comment: the first half and the last half of this many. The log file keeps more (log_file).",
      ),
    log_file: size
      .prefault('50MiB')
      .describe("Most bytes of the submission's output kept in the log file on disk, whatever it prints."),
    submissions_per_day: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe(
        'Evaluations a participant may have per day (see submissions_window), counted from the results ledger by numeric GitHub user id: success and failed count; error, cancelled and refused never do. Over it the evaluation does not run, the check fails and the comment names the UTC time the next slot opens. The evaluation workflow only; holdout test is never limited.',
      ),
    submissions_total: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Evaluations a participant may have over the whole competition, counted like submissions_per_day; unset: no total limit.',
      ),
    submissions_window: z
      .enum(['rolling', 'utc_day'])
      .default('rolling')
      .describe(
        'How submissions_per_day counts: rolling, the 24 hours before the push (a slot opens 24 h after the evaluation it frees); utc_day, the calendar day in UTC (all slots open at 00:00 UTC).',
      ),
  })
  .strict();

const datasetSection = z
  .object({
    data: z
      .string()
      .min(1)
      .describe(
        "Folder of the dataset's files, mounted read-only at container.data_dir: relative to the competition folder, or absolute (the private test data on the runner).",
      ),
    labels: z
      .string()
      .min(1)
      .describe(
        'Labels CSV, read by the scorer outside the container and never mounted, so never inside data: the id column, the columns the metrics compare, and the split column when scoring.split is set (required in the test labels, optional in the smoke labels).',
      ),
    ranking: datasetRankingSection
      .optional()
      .describe(
        "Ranking tasks: this dataset's query and database files, replacing those of scoring.ranking (docs/scoring.md).",
      ),
    env: environmentVariables
      .default({})
      .describe(
        'Environment variables set on this dataset only (e.g. IS_SMOKE_TEST: "true" on smoke), over container.env.',
      ),
  })
  .strict();

export const competitionSchema = z
  .object({
    name: z.string().min(1).describe("The competition's name, shown in reports and pull request comments."),
    description: z.string().optional().describe('One sentence participants read about the competition.'),
    preset: z
      .enum(PRESET_NAMES)
      .optional()
      .describe(
        "Defaults of another platform's conventions, under what this file says: drivendata gives DrivenData's shared memory, /tmp, writable working copy and output sizes, so their participants' submissions run unchanged. Keys written here win.",
      ),
    submission: submissionSection
      .prefault({})
      .describe('What a submission may hold: its entry point, size, file count, and what is left out.'),
    container: containerSection
      .prefault({})
      .describe(
        'The layout inside the sandbox: where the code, the data and the output are, the command, the user and the environment.',
      ),
    runtime: runtimeSection
      .prefault({})
      .describe(
        'How the runtime images are made (one per flavor) and the policy package requests are held to (docs/runtime.md).',
      ),
    limits: limitsSection
      .prefault({})
      .describe(
        "What one run may use, the same on a participant's laptop as on the runner; and how many evaluations a participant may have (submissions_*).",
      ),
    datasets: z
      .object({
        smoke: datasetSection.describe(
          'The public sample, committed in the repository: every pull request runs on it, and participants run on it with holdout test. Its labels are public, so their split column is optional.',
        ),
        test: datasetSection
          .optional()
          .describe(
            'The private test data and labels: absolute paths on the evaluation runner, never committed. On other machines holdout check-config only notes that they are not there.',
          ),
      })
      .strict()
      .describe(
        'The public smoke sample (in the repository) and the private test data (on the evaluation runner only).',
      ),
    scoring: scoringSection.describe('What the predictions must look like and how they score (docs/scoring.md).'),
    leaderboard: leaderboardSection
      .prefault({})
      .describe(
        'How holdout leaderboard ranks the results ledger (rule best, last or selected), the baselines, and the timeline its page shows.',
      ),
    results: resultsSection
      .prefault({})
      .describe(
        "The results ledger: the branch every evaluation's record is committed on, and the public key that seals private scores there.",
      ),
    private_run: privateRunSection
      .prefault({})
      .describe(
        'What of the run on the private test data leaves the runner, and where the rest is kept (docs/security.md).',
      ),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Where the working copy, the data and the output go (src/config/layout.ts).
    for (const issue of layoutIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
    if (c.limits.gpus > 0 && !c.runtime.gpu) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'gpus'], message: 'asks for GPUs but runtime.gpu is not set' });
    }
    for (const issue of kindIssues(c.submission)) ctx.addIssue({ code: 'custom', ...issue });
    if (c.submission.kind === 'pickle' && c.scoring.columns.length !== 1) {
      // predict returns one `prediction` column; the harness writes it under this name.
      ctx.addIssue({
        code: 'custom',
        path: ['scoring', 'columns'],
        message: 'kind pickle scores one column (predict returns one prediction column): list exactly one',
      });
    }
    for (const name of ['smoke', 'test'] as const) {
      if (c.datasets[name]?.ranking && !c.scoring.ranking) {
        ctx.addIssue({
          code: 'custom',
          path: ['datasets', name, 'ranking'],
          message: 'applies to ranking tasks only: add scoring.ranking (with metric: map_at_k), or remove this key',
        });
      }
    }
  });

/** competition.yml after validation, defaults filled, sizes in bytes, durations in seconds. */
export type Competition = z.output<typeof competitionSchema>;
export type Limits = Competition['limits'];
export type DatasetName = 'smoke' | 'test';
