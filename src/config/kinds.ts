/**
 * `submission.kind` and its sections: how a submission is called (harness/README.md).
 *  - script    `container.command` runs it (DrivenData's style; the default). A notebook
 *              (main.ipynb) where main.py is expected is converted and run by the harness.
 *  - functions main.py's train/infer functions, called by the harness (CrunchDAO's style; also
 *              DrivenData's "organizer imports solution.py and calls predict per item").
 *  - pickle    model.pkl holding predict(live_features[, benchmarks]) (Numerai's style).
 *  - handler   handler.py's handle(data, context), fed one example at a time (Dynalab's style).
 */
import { z } from 'zod';
import { duration, size } from './fields.js';

export const SUBMISSION_KINDS = ['script', 'functions', 'pickle', 'handler'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** A path under the data folder: relative, no "..". */
const dataFile = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith('/') && !p.split('/').includes('..'),
    'must be a path relative to the data folder, without ".."',
  );

const pythonName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python identifier');

const argumentPhase = z
  .enum(['train', 'infer', 'both'])
  .optional()
  .describe(
    'Which phase gets it; default from the name: *_train → train, *_test → infer, else both (crunch-cli gives X_train to train only and X_test to infer only).',
  );

const argumentSource = z.union([
  z
    .object({
      file: dataFile.describe('A file under the data folder, read with pandas (.csv or .parquet).'),
      phase: argumentPhase,
    })
    .strict(),
  z
    .object({
      path: dataFile.describe('A path under the data folder, given as a string (not read); "." is the data folder.'),
      phase: argumentPhase,
    })
    .strict(),
  z
    .object({
      scratch: z.literal(true).describe("An empty writable folder made for this run (DrivenData's preprocessed_dir)."),
    })
    .strict(),
  z
    .object({
      value: z
        .union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])
        .describe('A constant: a string, number, boolean, list of strings or null.'),
    })
    .strict(),
]);

export const functionsSection = z
  .object({
    module: pythonName
      .default('main')
      .describe("The participant's module: <module>.py (or <module>.ipynb, converted) at the submission root."),
    train: pythonName
      .nullable()
      .default('train')
      .describe('The function of the train phase; null: no train phase (infer only).'),
    infer: pythonName.default('infer').describe('The function of the infer phase; it returns the predictions.'),
    arguments: z
      .record(pythonName, argumentSource)
      .default({})
      .describe(
        "What each parameter name gets, in crunch-cli's names (X_train, y_train, X_test, id_column_name, …): { file: path under the data folder } or { value: constant }. model_directory_path, data_directory_path, has_gpu and has_trained are always given. A name nobody gives gets None, with a warning; a parameter with a default keeps it.",
      ),
    stream: pythonName
      .optional()
      .describe(
        'The argument whose rows infer is fed one at a time, as a generator (it first yields None, then one prediction per row, never reading ahead). Unset: infer is called once and returns a DataFrame.',
      ),
    items: pythonName
      .optional()
      .describe(
        "The argument whose rows infer is called on one at a time, each column of the row passed by name (DrivenData's predict per item); each call returns that row's prediction: one value, a tuple in scoring.columns order, or a dict of them. Not with stream.",
      ),
    prepare: pythonName
      .optional()
      .describe(
        "A function called once at the start of the infer phase, before infer (DrivenData's preprocess()); what it returns is given to infer as the parameter named by prepare_as.",
      ),
    prepare_as: pythonName.default('assets').describe('The parameter name that gets what prepare returned.'),
    ids: pythonName
      .optional()
      .describe(
        'The file argument whose id column lists the ids infer must return; default X_test when it is a file argument.',
      ),
    train_time: duration.optional().describe('Time limit of the train phase; default limits.time.'),
    infer_time: duration.optional().describe('Time limit of the infer phase; default limits.time.'),
    resources: z
      .object({
        max_size: size
          .prefault('1GiB')
          .describe('Most bytes the train phase may leave in resources/ (model_directory_path).'),
        max_files: z.number().int().positive().default(1000).describe('Most files train may leave in resources/.'),
        shipped: z
          .boolean()
          .default(false)
          .describe('A submission that ships a resources/ folder (a pre-trained model) skips the train phase.'),
      })
      .strict()
      .prefault({})
      .describe('The folder the train phase writes its model into and the infer phase reads (read-only).'),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.stream && f.items) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'use stream or items, not both' });
    }
    for (const key of ['stream', 'items', 'ids'] as const) {
      const name = f[key];
      if (name !== undefined && !(f.arguments[name] && 'file' in f.arguments[name])) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `names ${name}, which must be an argument with a file (arguments.${name}: { file: … })`,
        });
      }
    }
  });

export const pickleSection = z
  .object({
    file: z
      .string()
      .regex(/^[^/\\]+$/, 'must be a file name at the submission root')
      .default('model.pkl')
      .describe('The cloudpickle file holding predict(live_features[, live_benchmark_models]).'),
    features: dataFile
      .default('live_features.csv')
      .describe(
        'The features, under the data folder (.csv or .parquet); its first column (or the scoring id column) is the index predict sees.',
      ),
    benchmarks: dataFile
      .optional()
      .describe(
        "The benchmark models' predictions, under the data folder: loaded only for a predict that takes two arguments.",
      ),
  })
  .strict();

const fieldType = z.enum(['str', 'int', 'float', 'bool', 'list', 'dict']);

export const handlerSection = z
  .object({
    file: z
      .string()
      .regex(/^[^/\\]+\.py$/, 'must be a .py file name at the submission root')
      .default('handler.py')
      .describe('The handler module: handle(data, context), or a handler class (Dynalab / TorchServe).'),
    inputs: dataFile
      .default('inputs.jsonl')
      .describe('The examples, under the data folder: JSON Lines, one object per line, each with a "uid".'),
    fields: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), fieldType)
      .refine((f) => Object.keys(f).length > 0, 'declare at least one output field')
      .describe('The fields of one response besides id (which must echo the uid), with their types.'),
  })
  .strict();

export type FunctionsSettings = z.output<typeof functionsSection>;
export type PickleSettings = z.output<typeof pickleSection>;
export type HandlerSettings = z.output<typeof handlerSection>;

interface KindFields {
  kind: SubmissionKind;
  functions?: unknown;
  pickle?: unknown;
  handler?: unknown;
}

/** A section of another kind is a mistake worth naming (the organizer meant that kind); handler needs its fields. */
export function kindIssues(s: KindFields): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  for (const section of ['functions', 'pickle', 'handler'] as const) {
    if (s[section] !== undefined && s.kind !== section) {
      issues.push({
        path: ['submission', section],
        message: `is set, but submission.kind is ${s.kind}: set kind: ${section}, or remove this section`,
      });
    }
  }
  if (s.kind === 'handler' && s.handler === undefined) {
    issues.push({
      path: ['submission', 'handler'],
      message: 'kind handler needs submission.handler.fields: the fields of one response and their types',
    });
  }
  return issues;
}

/** The kind's section with its defaults, when competition.yml leaves it out. */
export function functionsSettings(s: { functions?: FunctionsSettings | undefined }): FunctionsSettings {
  return s.functions ?? functionsSection.parse({});
}

export function pickleSettings(s: { pickle?: PickleSettings | undefined }): PickleSettings {
  return s.pickle ?? pickleSection.parse({});
}
