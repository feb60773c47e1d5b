/**
 * The `scoring:` section of competition.yml: what predictions must look like and how they score.
 *
 * The smallest form (binary classification scored by log loss):
 *
 *   scoring:
 *     id_column: id
 *     columns: [malignant]
 *     metric: log_loss
 *
 * Everything else is optional: secondary metrics, metric options (written as
 * `{ name: f1, threshold: 0.3 }`), a public/private split column in the labels,
 * a ranking task, or an organizer's own scoring command. See docs/scoring.md.
 */
import { z } from 'zod';
import { duration } from './fields.js';
import { scorerImagePinProblem } from '../scoring/custom-scorer.js';

/** Built-in metrics, each cross-checked against scikit-learn or SciPy in test/scoring. */
export const METRICS = [
  'log_loss',
  'roc_auc',
  'accuracy',
  'f1',
  'f1_macro',
  'rmse',
  'mae',
  'map_at_k',
  'pearson',
  'spearman',
] as const;
export type MetricName = (typeof METRICS)[number];
export type Direction = 'minimize' | 'maximize';

/** Which way is better, for each built-in metric. */
export const NATURAL_DIRECTION: Record<MetricName, Direction> = {
  log_loss: 'minimize',
  roc_auc: 'maximize',
  accuracy: 'maximize',
  f1: 'maximize',
  f1_macro: 'maximize',
  rmse: 'minimize',
  mae: 'minimize',
  map_at_k: 'maximize',
  pearson: 'maximize',
  spearman: 'maximize',
};

/** Metrics whose predictions are probabilities: the prediction range defaults to [0, 1]. */
const PROBABILITY_METRICS: ReadonlySet<string> = new Set([
  'log_loss',
  'roc_auc',
  'accuracy',
  'f1',
  'f1_macro',
  'map_at_k',
]);

const columnName = z.string().min(1);

/** A metric written out with its options; `metric: log_loss` is short for `metric: { name: log_loss }`. */
const metricObject = z
  .object({
    name: z
      .string()
      .min(1)
      .describe(
        'A built-in metric (log_loss, roc_auc, accuracy, f1, f1_macro, rmse, mae, map_at_k, pearson, spearman), or a name the custom scorer prints (declared in custom.metrics).',
      ),
    as: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/, 'must be letters, digits and underscores')
      .optional()
      .describe(
        'Key of this score in the report; defaults to the name (with _<aggregate>_by_<by> for grouped correlations). Needed when a metric appears twice.',
      ),
    direction: z
      .enum(['minimize', 'maximize'])
      .optional()
      .describe('Which way is better; built-in metrics know theirs, custom ones take it from custom.metrics.'),
    eps: z
      .number()
      .gt(0)
      .lt(0.5)
      .default(1e-15)
      .describe(
        'log_loss: probabilities are clipped to [eps, 1 - eps], so one confident mistake costs at most -ln(eps).',
      ),
    class_weights: z
      .record(z.string(), z.number().positive())
      .optional()
      .describe(
        'log_loss: the weight of each class ("0" and "1" for one column, the column names otherwise); rows count by the weight of their true class.',
      ),
    threshold: z
      .number()
      .default(0.5)
      .describe('accuracy, f1, f1_macro with one column: a probability at or above this counts as class 1.'),
    by: columnName
      .optional()
      .describe('pearson, spearman: a labels column to group rows by (e.g. era); the metric is computed per group.'),
    aggregate: z
      .enum(['mean', 'sharpe'])
      .default('mean')
      .describe(
        'pearson, spearman with `by`: the mean of the per-group correlations, or their Sharpe ratio (mean / sample standard deviation).',
      ),
    ties: z
      .enum(['grouped', 'file_order'])
      .optional()
      .describe(
        "map_at_k: how results with equal scores rank. grouped (the default) is scikit-learn's average_precision_score, which DrivenData's scorers use: a group of tied results counts as one step, at the precision of the whole group. file_order ranks them in the order of the file.",
      ),
  })
  .strict();

const metricSpec = z.union([z.string().min(1), metricObject], {
  // A union reports "Invalid input" alone; a mistake inside the written-out form says which option.
  error: (issue) => {
    const inner = issue.code === 'invalid_union' ? issue.errors[1]?.[0] : undefined;
    return inner ? `${inner.path.length > 0 ? `${inner.path.join('.')}: ` : ''}${inner.message}` : undefined;
  },
});

const splitSection = z
  .object({
    column: columnName.describe(
      "Column of the labels file naming each row's split, e.g. Usage with the values Public and Private. Required in the test labels; optional in the smoke labels, which are then scored whole.",
    ),
    show: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        "Splits whose scores participants see, as written in the split column (case counts); the first one carries the primary score. The other splits' scores never leave the runner; whoever runs holdout locally with the labels sees them, marked hidden.",
      ),
  })
  .strict();

/**
 * Where a ranking task's queries and databases are listed: Holdout's two files, or DrivenData's
 * query_scenarios.csv. Shared by scoring.ranking (the default for every dataset) and
 * datasets.<name>.ranking (which replaces it as a whole for that dataset).
 */
const rankingFilesShape = {
  queries: z
    .string()
    .min(1)
    .optional()
    .describe(
      'CSV with the columns <id_column>,database: which database each query searches (every query, even those with no match).',
    ),
  databases: z
    .string()
    .min(1)
    .optional()
    .describe('CSV with the columns database,<columns[0]>: the results each database allows. Needs queries.'),
  scenarios: z
    .string()
    .min(1)
    .optional()
    .describe(
      "DrivenData's layout instead of queries/databases: their query_scenarios.csv (scenario_id,queries_path,database_path), each queries file <id_column>[,query_image_id], each database file <columns[0]>. Paths in it are relative to its own folder, or absolute under container.data_dir.",
    ),
};

function checkRankingFiles(
  files: { queries?: string | undefined; databases?: string | undefined; scenarios?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (files.scenarios && (files.queries || files.databases)) {
    ctx.addIssue({
      code: 'custom',
      path: ['scenarios'],
      message:
        'scenarios (a query_scenarios.csv) already names the queries and database file of each scenario: keep either scenarios or queries/databases',
    });
  }
  if (files.databases && !files.queries) {
    ctx.addIssue({
      code: 'custom',
      path: ['databases'],
      message: 'needs queries next to it (which database each query searches)',
    });
  }
}

/** datasets.<name>.ranking: that dataset's query and database files, replacing scoring.ranking's (all three keys together). */
export const datasetRankingSection = z.object(rankingFilesShape).strict().superRefine(checkRankingFiles);
export type DatasetRankingSection = z.output<typeof datasetRankingSection>;

const rankingSection = z
  .object({
    k: z.number().int().positive().default(20).describe('Most results per query.'),
    exclude_self: z
      .boolean()
      .default(false)
      .describe(
        "Reject a result equal to its query (leave-one-out: the query image sits in its own database). With scenarios, a result equal to the query's query_image_id is its own image too.",
      ),
    ...rankingFilesShape,
  })
  .strict()
  .superRefine(checkRankingFiles);

const customSection = z
  .object({
    command: z
      .union([z.array(z.string().min(1)).min(1), z.string().min(1)])
      .transform((c) => (typeof c === 'string' ? c.trim().split(/\s+/) : c))
      .describe(
        'The organizer\'s scoring command, as a list of arguments or a string split on spaces, run in its own container (network off, read-only) with the competition folder as working directory. It prints its scores on stdout as a JSON object of numbers, {"<name>": <number>, …} or {"scores": {…}}; the last one printed counts (docs/scoring.md).',
      ),
    image: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "is required: the scorer runs in an image you pin, never in the participants' runtime (see docs/scoring.md)"
            : undefined,
      })
      .min(1)
      .superRefine((ref, ctx) => {
        const problem = scorerImagePinProblem(ref);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(
        "Image to run the scorer in, pinned by the organizer and never the participants' runtime (whose packages come from package requests): a local image ID (sha256:…), a tag built or loaded on the runner (never pulled), or name@sha256:<digest> when the name has a registry host.",
      ),
    metrics: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.]+$/, 'must be letters, digits, "_" and "."'),
        z.enum(['minimize', 'maximize']),
      )
      .describe('Every score name the command prints, with its direction (minimize or maximize).'),
    time: duration
      .prefault('10m')
      .describe("Most time the scorer may run; past it the run is our error (scorer_failed), never the participant's."),
    user: z
      .string()
      .regex(/^[1-9]\d*:[1-9]\d*$/, 'must be uid:gid with both above 0')
      .default('65534:65534')
      .describe(
        'uid:gid the scorer runs as; never root. The labels and the competition folder must be readable by it.',
      ),
  })
  .strict();

const rawScoringSection = z
  .object({
    id_column: columnName
      .default('id')
      .describe(
        'Column that identifies a row in the predictions and the labels (the query column for a ranking task).',
      ),
    // The CSV scanner keeps 64 fields a record: the id, the split and up to 62 prediction columns.
    columns: z
      .array(columnName)
      .min(1)
      .max(62, 'at most 62 prediction columns are supported')
      .optional()
      .describe(
        'Prediction columns, in order, after the id column; the labels carry the same columns (ranking: the result column, then the score column). Required unless a custom scorer reads the predictions itself.',
      ),
    range: z
      .tuple([z.number(), z.number()])
      .nullable()
      .optional()
      .describe(
        'Allowed range [low, high] of every prediction value; defaults to [0, 1] for probability metrics and to none otherwise; null turns it off.',
      ),
    metric: metricSpec
      .default('log_loss')
      .describe(
        'The primary metric, which ranks submissions: a name (log_loss, roc_auc, accuracy, f1, f1_macro, rmse, mae, map_at_k, pearson, spearman, or a custom one), or a map with the name and its options.',
      ),
    secondary: z.array(metricSpec).default([]).describe('More metrics, shown next to the primary one.'),
    split: splitSection
      .optional()
      .describe(
        'A Kaggle-style public/private split: every metric is computed per split of a labels column, and only the splits in show reach participants.',
      ),
    ranking: rankingSection
      .optional()
      .describe('A ranking task (metric map_at_k): each query lists up to k results with a score in [0, 1].'),
    custom: customSection
      .optional()
      .describe("The organizer's own scorer, run in its own container after the built-in checks (docs/scoring.md)."),
  })
  .strict();

/** A metric after validation: one shape for built-in and custom ones. */
export type MetricSpec =
  | ({ kind: 'builtin'; name: MetricName; key: string; direction: Direction } & Omit<
      z.output<typeof metricObject>,
      'name' | 'as' | 'direction'
    >)
  | { kind: 'custom'; name: string; key: string; direction: Direction };

export type SplitSection = z.output<typeof splitSection>;
export type RankingSection = z.output<typeof rankingSection> & {
  /** The key that named the query/database files, for messages: scoring.ranking, or datasets.<name>.ranking (scoringForDataset). */
  files_key: string;
};

/** The dataset being scored; set by scoringForDataset (src/scoring/dataset.ts), never written in competition.yml. */
export interface ScoredDataset {
  name: 'smoke' | 'test';
  /** Its data folder on this machine: a custom scorer sees it read-only at $HOLDOUT_DATA. */
  data: string;
  /** Where the sandbox mounts that folder (container.data_dir): absolute paths in a query_scenarios.csv point there. */
  data_in_container: string;
}
export type CustomScorerSection = z.output<typeof customSection>;

export interface ScoringSectionOutput {
  id_column: string;
  /** Empty only when a custom scorer reads the predictions itself. */
  columns: string[];
  range: [number, number] | null;
  metric: MetricSpec;
  secondary: MetricSpec[];
  split: SplitSection | undefined;
  ranking: RankingSection | undefined;
  custom: CustomScorerSection | undefined;
  /** Set only by scoringForDataset; undefined when scoring straight from competition.yml's scoring section. */
  dataset?: ScoredDataset | undefined;
}

type RawSection = z.output<typeof rawScoringSection>;

function normalizeMetric(
  spec: z.output<typeof metricSpec>,
  raw: RawSection,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): MetricSpec | undefined {
  const obj = typeof spec === 'string' ? metricObject.parse({ name: spec }) : spec;
  const builtin = (METRICS as readonly string[]).includes(obj.name) ? (obj.name as MetricName) : undefined;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (!builtin) {
    const direction = raw.custom?.metrics[obj.name];
    if (!direction) {
      issue(
        raw.custom
          ? `"${obj.name}" is neither a built-in metric (${METRICS.join(', ')}) nor listed in custom.metrics`
          : `"${obj.name}" is not a built-in metric; use one of ${METRICS.join(', ')}, or add a custom scorer`,
      );
      return undefined;
    }
    return { kind: 'custom', name: obj.name, key: obj.as ?? obj.name, direction: obj.direction ?? direction };
  }
  const columns = raw.columns ?? [];
  if (columns.length === 0) {
    issue(`built-in metric ${builtin} needs scoring.columns (the prediction columns)`);
    return undefined;
  }
  if (builtin === 'map_at_k' && !raw.ranking) issue('map_at_k needs a scoring.ranking section');
  if (builtin !== 'map_at_k' && raw.ranking) issue(`${builtin} does not apply to a ranking task; use map_at_k`);
  if (raw.ranking && columns.length !== 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['columns'],
      message: 'a ranking task has exactly two columns after the query id: the result id, then the score',
    });
  }
  if (
    (builtin === 'roc_auc' || builtin === 'f1' || builtin === 'pearson' || builtin === 'spearman') &&
    columns.length !== 1
  ) {
    issue(`${builtin} needs exactly one prediction column (found ${columns.length})`);
  }
  if (obj.by && builtin !== 'pearson' && builtin !== 'spearman') issue(`"by" applies to pearson and spearman only`);
  if (obj.class_weights && builtin !== 'log_loss') issue(`"class_weights" applies to log_loss only`);
  if (obj.ties && builtin !== 'map_at_k') issue(`"ties" applies to map_at_k only`);
  if (obj.class_weights) {
    const classes = columns.length === 1 ? ['0', '1'] : columns;
    for (const c of classes)
      if (!(c in obj.class_weights))
        issue(`class_weights has no weight for class "${c}" (classes: ${classes.join(', ')})`);
    for (const c of Object.keys(obj.class_weights))
      if (!classes.includes(c))
        issue(`class_weights names "${c}", which is not a class (classes: ${classes.join(', ')})`);
  }
  const defaultKey = obj.by ? `${builtin}_${obj.aggregate}_by_${obj.by}` : builtin;
  const { name: _n, as: _a, direction: _d, ...options } = obj;
  return {
    kind: 'builtin',
    name: builtin,
    key: obj.as ?? defaultKey,
    direction: obj.direction ?? NATURAL_DIRECTION[builtin],
    ...options,
  };
}

export const scoringSection = rawScoringSection.transform((raw, ctx): ScoringSectionOutput => {
  if (!raw.columns && !raw.custom) {
    ctx.addIssue({
      code: 'custom',
      path: ['columns'],
      message: 'is required (the prediction columns after the id column), unless a custom scorer reads the predictions',
    });
  }
  const metric = normalizeMetric(raw.metric, raw, ['metric'], ctx);
  const secondary = raw.secondary.map((m, i) => normalizeMetric(m, raw, ['secondary', i], ctx));
  const all = [metric, ...secondary].filter((m): m is MetricSpec => m !== undefined);
  const keys = all.map((m) => m.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup)
    ctx.addIssue({
      code: 'custom',
      path: ['secondary'],
      message: `metric "${dup}" appears twice; give one of them another name with "as"`,
    });
  const columns = raw.columns ?? [];
  const reserved = [raw.id_column, raw.split?.column].filter(Boolean);
  for (const c of columns) {
    if (reserved.includes(c))
      ctx.addIssue({ code: 'custom', path: ['columns'], message: `"${c}" is also the id or split column` });
  }
  if (new Set(columns).size !== columns.length)
    ctx.addIssue({ code: 'custom', path: ['columns'], message: 'lists a column twice' });
  const probabilities = all.some((m) => m.kind === 'builtin' && PROBABILITY_METRICS.has(m.name));
  const range = raw.range === undefined ? (probabilities ? ([0, 1] as [number, number]) : null) : raw.range;
  if (range && !(range[0] < range[1]))
    ctx.addIssue({ code: 'custom', path: ['range'], message: 'must be [low, high] with low below high' });
  return {
    id_column: raw.id_column,
    columns,
    range,
    metric: metric ?? { kind: 'custom', name: 'invalid', key: 'invalid', direction: 'minimize' },
    secondary: secondary.filter((m): m is MetricSpec => m !== undefined),
    split: raw.split,
    ranking: raw.ranking ? { ...raw.ranking, files_key: 'scoring.ranking' } : undefined,
    custom: raw.custom,
  };
});

export type ScoringSection = z.output<typeof scoringSection>;
