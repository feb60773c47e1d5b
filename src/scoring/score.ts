/**
 * Score one predictions file: the single entry point the pipeline and `holdout score` call.
 *
 *   labels (organizer) ─┐
 *                       ├─ check predictions (streamed) ─ metrics per split ─┐
 *   predictions ────────┘                                                    ├─ ScoreResult
 *                         custom scorer (own container), when configured ────┘
 *
 * Whose fault: a bad predictions file is `invalid` (the participant's, failed/invalid_output);
 * bad labels, a metric that cannot be computed on the labels, or a broken custom scorer
 * are `error` (ours, error/scorer_failed, never charged to the participant).
 */
import { access } from 'node:fs/promises';
import { messageOf } from '../errors.js';
import type { MetricSpec, ScoringSection } from '../config/scoring.js';
import { runtimeSection, type RuntimeSection } from '../config/runtime.js';
import { resolveScorerImage, runCustomScorer } from './custom-scorer.js';
import { LabelsError, loadLabels, type Labels } from './labels.js';
import {
  accuracy,
  correlation,
  f1Binary,
  f1Macro,
  logLoss,
  mae,
  rmse,
  rocAuc,
  trueClass,
  type Rows,
} from './metrics.js';
import { checkPredictions } from './predictions.js';
import { rankingFilesOf } from './dataset.js';
import { checkRankingPredictions, loadRankingTruth, meanAveragePrecisionAtK } from './ranking.js';
import { loadQuerySpace } from './ranking-inputs.js';

export interface ScoreRequest {
  /** The submission's output file (host path); in folder mode, container.output_file's place in predictionsDir. */
  predictionsPath: string;
  /**
   * Folder mode (container.output_dir): the collected output folder (host path). A custom scorer
   * gets it read-only; with only a custom scorer, predictionsPath need not exist.
   */
  predictionsDir?: string | undefined;
  /** Labels CSV (host path), never seen by the submission. */
  labelsPath: string;
  /**
   * From competition.yml; for a given dataset, scoringForDataset(competition, name) (its own
   * ranking files, its data folder for a custom scorer).
   */
  scoring: ScoringSection;
  /** To resolve relative paths (custom scorer command, ranking files). */
  competitionDir: string;
  /**
   * competition.yml's runtime section: a custom scorer must not run in the runtime image or
   * one built from it (resolveScorerImage). Default: the defaults of competition.yml.
   */
  runtime?: RuntimeSection | undefined;
}

export type ScoreResult =
  | { kind: 'scored'; scores: Record<string, number>; primary: string; hidden: string[] }
  | { kind: 'invalid'; message: string; hint: string; problems: string[] }
  /** `detail`: the specifics of a custom scorer's failure, for the organizer on this machine only; never in a report. */
  | { kind: 'error'; message: string; hint: string; detail?: string };

/** A score that cannot be computed from the labels: the organizer's to fix. */
class MetricError extends Error {}

const CLASSIFICATION = new Set(['log_loss', 'roc_auc', 'accuracy', 'f1', 'f1_macro']);

/** Score key for a metric on a split: "log_loss" without splits, "log_loss.public" with. */
export function scoreKey(metricKey: string, split: string | null): string {
  return split === null ? metricKey : `${metricKey}.${split}`;
}

/** Splits in display order: the shown ones in the order of `show`, then the hidden ones. */
function orderSplits(found: string[], show: string[]): string[] {
  return [...show, ...found.filter((s) => !show.includes(s))];
}

function builtinMetrics(scoring: ScoringSection): Extract<MetricSpec, { kind: 'builtin' }>[] {
  return [scoring.metric, ...scoring.secondary].filter(
    (m): m is Extract<MetricSpec, { kind: 'builtin' }> => m.kind === 'builtin',
  );
}

/** Classification labels must be 0/1 (one column) or one-hot (several): anything else is an organizer mistake. */
function checkClassLabels(labels: Labels, columns: string[]): void {
  for (let r = 0; r < labels.rows; r++) {
    const y = labels.targets;
    const ok =
      y.length === 1
        ? y[0]![r] === 0 || y[0]![r] === 1
        : trueClass(y, r) !== -1 && y.reduce((s, c) => s + c[r]!, 0) === 1;
    if (!ok) {
      throw new LabelsError(
        `labels row for id "${labels.ids.idAt(r)}" is not a class label: ${columns.length === 1 ? `${columns[0]} must be 0 or 1` : `columns ${columns.join(', ')} must hold a single 1 and 0s (one-hot)`}`,
      );
    }
  }
}

function computeMetric(
  m: Extract<MetricSpec, { kind: 'builtin' }>,
  scoring: ScoringSection,
  labels: Labels,
  values: Float64Array[],
  rows: Rows,
): number {
  const y = labels.targets;
  switch (m.name) {
    case 'log_loss': {
      const classes = scoring.columns.length === 1 ? ['0', '1'] : scoring.columns;
      return logLoss(y, values, rows, m.eps, m.class_weights ? classes.map((c) => m.class_weights![c]!) : undefined);
    }
    case 'roc_auc':
      return rocAuc(y, values, rows);
    case 'accuracy':
      return accuracy(y, values, rows, m.threshold);
    case 'f1':
      return f1Binary(y, values, rows, m.threshold);
    case 'f1_macro':
      return f1Macro(y, values, rows, m.threshold);
    case 'rmse':
      return rmse(y, values, rows);
    case 'mae':
      return mae(y, values, rows);
    case 'pearson':
    case 'spearman': {
      const group = m.by ? labels.groups.get(m.by) : undefined;
      return correlation(
        m.name,
        y,
        values,
        rows,
        group ? { groupOfRow: group.ofRow, groups: group.names.length, aggregate: m.aggregate } : undefined,
      );
    }
    case 'map_at_k':
      throw new MetricError('map_at_k applies to ranking tasks only');
  }
}

/** Rows of each split, by split name (one pass). */
function rowsOfSplits(labels: Labels): Map<string, Int32Array> {
  const split = labels.split!;
  const counts = new Int32Array(split.names.length);
  for (const s of split.ofRow) counts[s]!++;
  const out = split.names.map((_, i) => new Int32Array(counts[i]!));
  const filled = new Int32Array(split.names.length);
  for (let r = 0; r < split.ofRow.length; r++) {
    const s = split.ofRow[r]!;
    out[s]![filled[s]!++] = r;
  }
  return new Map(split.names.map((name, i) => [name, out[i]!]));
}

function finite(key: string, value: number): number {
  if (!Number.isFinite(value)) {
    throw new MetricError(
      `metric ${key} cannot be computed on these labels (it came out ${value}): e.g. ROC AUC needs both classes, a Sharpe ratio at least two groups with varying scores`,
    );
  }
  return value;
}

type Outcome =
  | { kind: 'scores'; scores: Record<string, number>; splits: string[] | null }
  | Exclude<ScoreResult, { kind: 'scored' }>;

async function scoreTabular(req: ScoreRequest): Promise<Outcome> {
  const { scoring } = req;
  const metrics = builtinMetrics(scoring);
  const labels = await loadLabels(req.labelsPath, {
    idColumn: scoring.id_column,
    targetColumns: scoring.columns,
    splitColumn: scoring.split?.column,
    groupColumns: [...new Set(metrics.flatMap((m) => (m.by ? [m.by] : [])))],
  });
  if (metrics.some((m) => CLASSIFICATION.has(m.name))) checkClassLabels(labels, scoring.columns);
  const check = await checkPredictions(req.predictionsPath, labels, {
    idColumn: scoring.id_column,
    columns: scoring.columns,
    range: scoring.range,
  });
  if (!check.ok) return { kind: 'invalid', message: check.message, hint: check.hint, problems: check.problems };

  const scores: Record<string, number> = {};
  if (!scoring.split) {
    for (const m of metrics) scores[m.key] = finite(m.key, computeMetric(m, scoring, labels, check.values, null));
    return { kind: 'scores', scores, splits: null };
  }
  const bySplit = rowsOfSplits(labels);
  const unknown = scoring.split.show.filter((s) => !bySplit.has(s));
  if (unknown.length > 0)
    throw new LabelsError(
      `scoring.split.show names ${unknown.map((s) => `"${s}"`).join(', ')}, but the labels column ${scoring.split.column} only holds ${[...bySplit.keys()].join(', ')}`,
    );
  const splits = orderSplits([...bySplit.keys()], scoring.split.show);
  for (const split of splits) {
    for (const m of metrics) {
      const key = scoreKey(m.key, split);
      scores[key] = finite(key, computeMetric(m, scoring, labels, check.values, bySplit.get(split)!));
    }
  }
  return { kind: 'scores', scores, splits };
}

async function scoreRanking(req: ScoreRequest): Promise<Outcome> {
  const { scoring } = req;
  const ranking = scoring.ranking!;
  const format = {
    queryColumn: scoring.id_column,
    resultColumn: scoring.columns[0]!,
    scoreColumn: scoring.columns[1]!,
    k: ranking.k,
    excludeSelf: ranking.exclude_self,
    splitColumn: scoring.split?.column,
  };
  const space = await loadQuerySpace(rankingFilesOf(scoring, req.competitionDir)!, {
    query: format.queryColumn,
    result: format.resultColumn,
  });
  const truth = await loadRankingTruth(req.labelsPath, format, space);
  const check = await checkRankingPredictions(req.predictionsPath, truth, format);
  if (!check.ok) return { kind: 'invalid', message: check.message, hint: check.hint, problems: check.problems };
  const metrics = builtinMetrics(scoring);
  const scores: Record<string, number> = {};
  const splits = scoring.split ? orderSplits([...new Set(truth.splitOf.values())], scoring.split.show) : null;
  for (const split of splits ?? [null]) {
    for (const m of metrics) {
      const key = scoreKey(m.key, split);
      scores[key] = finite(
        key,
        meanAveragePrecisionAtK(truth, check.predictions, ranking.k, split, m.ties ?? 'grouped'),
      );
    }
  }
  return { kind: 'scores', scores, splits };
}

export async function scorePredictions(req: ScoreRequest): Promise<ScoreResult> {
  const { scoring } = req;
  try {
    try {
      // Folder mode with only a custom scorer reads the folder, not one file of it.
      if (!(req.predictionsDir && scoring.custom && !scoring.ranking && scoring.columns.length === 0))
        await access(req.predictionsPath);
    } catch {
      return {
        kind: 'invalid',
        message: 'There is no predictions file.',
        hint: 'The submission must write its predictions file before it exits.',
        problems: [`${req.predictionsPath} does not exist`],
      };
    }
    try {
      await access(req.labelsPath);
    } catch {
      return {
        kind: 'error',
        message: `The labels file ${req.labelsPath} cannot be read.`,
        hint: 'Check datasets.<name>.labels in competition.yml and that the file is on this machine.',
      };
    }

    let outcome: Outcome = { kind: 'scores', scores: {}, splits: null };
    if (scoring.ranking) outcome = await scoreRanking(req);
    else if (scoring.columns.length > 0) outcome = await scoreTabular(req);
    if (outcome.kind !== 'scores') return outcome;
    const scores = outcome.scores;

    if (scoring.custom) {
      const image = await resolveScorerImage(scoring.custom, req.runtime ?? runtimeSection.parse({}));
      if (!image.ok) return { kind: 'error', message: image.message, hint: image.hint, detail: image.detail };
      const custom = await runCustomScorer({
        config: scoring.custom,
        image: image.image,
        competitionDir: req.competitionDir,
        labelsPath: req.labelsPath,
        predictionsPath: req.predictionsPath,
        predictionsDir: req.predictionsDir,
        dataset: scoring.dataset,
      });
      if (!custom.ok) return { kind: 'error', message: custom.message, hint: custom.hint, detail: custom.detail };
      for (const [name, value] of Object.entries(custom.scores)) if (!(name in scores)) scores[name] = value;
    }

    // Primary first: the primary metric on the first shown split.
    const splits = outcome.splits;
    const primary =
      scoring.metric.kind === 'builtin' ? scoreKey(scoring.metric.key, splits?.[0] ?? null) : scoring.metric.key;
    if (!(primary in scores))
      return {
        kind: 'error',
        message: `The primary metric ${primary} was not computed.`,
        hint: 'Check scoring.metric in competition.yml (a custom metric must be printed by the custom scorer).',
      };
    const ordered: Record<string, number> = { [primary]: scores[primary]! };
    for (const [k, v] of Object.entries(scores)) if (k !== primary) ordered[k] = v;
    // A score is hidden when its key ends in ".<split>" for a split that is not shown. Judged by
    // the shown list, not by the splits found in the labels: a custom scorer may print
    // "score.Private" even when no built-in metric read the split column.
    const shown = new Set(scoring.split?.show ?? []);
    const hidden = scoring.split
      ? Object.keys(ordered).filter((k) => k.includes('.') && !shown.has(k.slice(k.lastIndexOf('.') + 1)))
      : [];
    return { kind: 'scored', scores: ordered, primary, hidden };
  } catch (e) {
    if (e instanceof LabelsError || e instanceof MetricError) {
      return {
        kind: 'error',
        message: e.message,
        hint: "This is a problem with the competition's labels or scoring configuration, not with the submission; the organizers must fix it.",
      };
    }
    return {
      kind: 'error',
      message: `Scoring failed unexpectedly: ${messageOf(e)}`,
      hint: "This is a bug or a machine problem, not the submission's fault; report it with the run log.",
    };
  }
}
