/**
 * Every built-in metric against scikit-learn / SciPy on 120 random cases each.
 * Tolerance: |ours - reference| <= 1e-9 * max(1, |reference|). Our sums run in a
 * different order than NumPy's pairwise sums, so bit equality is not expected;
 * 1e-9 is far below any difference that could change a ranking.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, correlation, f1Binary, f1Macro, logLoss, mae, rmse, rocAuc } from '../../src/scoring/metrics.js';
import {
  averagePrecisionAtK,
  meanAveragePrecisionAtK,
  type RankingTruth,
  type Ranked,
} from '../../src/scoring/ranking.js';
import { pythonReference } from './python-reference.js';

const CASES = 120;
const TOLERANCE = 1e-9;

/** mulberry32: a seeded generator, so a failure can be reproduced. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RankingQuery {
  relevant: number[];
  scores: number[];
  n_true: number;
}

interface Case {
  metric: string;
  y: number[][];
  p: number[][];
  [key: string]: unknown;
}

const random = rng(20240611);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const cols = (xs: number[][]) => xs.map((c) => Float64Array.from(c));

/** A probability: sometimes exactly 0 or 1 (to exercise clipping), sometimes rounded (ties). */
function probability(): number {
  const r = random();
  if (r < 0.03) return 0;
  if (r < 0.06) return 1;
  if (r < 0.3) return Math.round(random() * 20) / 20;
  return random();
}

function binaryCase(metric: string, extra: Record<string, unknown> = {}): Case {
  const n = int(4, 300);
  const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : random() < 0.4 ? 1 : 0));
  return { metric, y: [y], p: [Array.from({ length: n }, probability)], ...extra };
}

function multiclassCase(metric: string, extra: Record<string, unknown> = {}): Case {
  const n = int(4, 200);
  const k = int(3, 6);
  const y = Array.from({ length: k }, () => new Array<number>(n).fill(0));
  for (let r = 0; r < n; r++) y[r < k ? r : int(0, k - 1)]![r] = 1;
  return { metric, y, p: Array.from({ length: k }, () => Array.from({ length: n }, probability)), ...extra };
}

function regressionCase(metric: string): Case {
  const n = int(2, 300);
  const k = int(1, 3);
  return {
    metric,
    y: Array.from({ length: k }, () => Array.from({ length: n }, () => (random() - 0.5) * 100)),
    p: Array.from({ length: k }, () => Array.from({ length: n }, () => (random() - 0.5) * 100)),
  };
}

function correlationCase(metric: string, grouped: boolean): Case {
  const n = int(grouped ? 30 : 5, 400);
  // Rounded values make ties, which Spearman must rank by their average.
  const y = Array.from({ length: n }, () => Math.round(random() * 4) / 4);
  const p = Array.from({ length: n }, (_, i) => (random() < 0.5 ? Math.round(random() * 10) / 10 : y[i]! + random()));
  const base: Case = { metric, y: [y], p: [p] };
  if (!grouped) return base;
  const groups = int(2, 6);
  // Every group gets at least five rows so no group's predictions or labels are constant by construction;
  // cases where one still is are redrawn below.
  return {
    ...base,
    groups: Array.from({ length: n }, (_, i) => (i < groups * 5 ? i % groups : int(0, groups - 1))),
    aggregate: random() < 0.5 ? 'mean' : 'sharpe',
  };
}

function ours(c: Case): number {
  const y = cols(c.y);
  const p = cols(c.p);
  switch (c.metric) {
    case 'log_loss':
      return logLoss(y, p, null, c.eps as number, c.weights as number[] | undefined);
    case 'roc_auc':
      return rocAuc(y, p, null);
    case 'accuracy':
      return accuracy(y, p, null, c.threshold as number);
    case 'f1':
      return f1Binary(y, p, null, c.threshold as number);
    case 'f1_macro':
      return f1Macro(y, p, null, c.threshold as number);
    case 'rmse':
      return rmse(y, p, null);
    case 'mae':
      return mae(y, p, null);
    case 'pearson':
    case 'spearman': {
      const groups = c.groups as number[] | undefined;
      if (!groups) return correlation(c.metric, y, p, null);
      return correlation(c.metric, y, p, null, {
        groupOfRow: Int32Array.from(groups),
        groups: Math.max(...groups) + 1,
        aggregate: c.aggregate as 'mean' | 'sharpe',
      });
    }
    case 'ap': {
      const scores = c.scores as number[];
      const relevant = c.relevant as number[];
      const results = scores.map((score, i) => ({ result: String(i), score }));
      const matches = new Set(relevant.flatMap((r, i) => (r ? [String(i)] : [])));
      return averagePrecisionAtK(results, matches, scores.length, c.ties as 'grouped' | 'file_order');
    }
    case 'map_grouped': {
      // Each query's true matches: the relevant predicted rows ("t<i>"), plus unpredicted ones ("u<j>").
      const truth: RankingTruth = {
        matches: new Map(),
        splitOf: new Map(),
        databaseOf: undefined,
        databases: undefined,
        imageOf: undefined,
      };
      const predictions = new Map<string, Ranked[]>();
      (c.queries as RankingQuery[]).forEach((q, n) => {
        const predicted = q.relevant.flatMap((r, i) => (r ? [`t${i}`] : []));
        const unpredicted = Array.from({ length: q.n_true - predicted.length }, (_, j) => `u${j}`);
        truth.matches.set(`q${n}`, new Set([...predicted, ...unpredicted]));
        predictions.set(
          `q${n}`,
          q.scores.map((score, i) => ({ result: q.relevant[i] ? `t${i}` : `f${i}`, score })),
        );
      });
      return meanAveragePrecisionAtK(truth, predictions, c.k as number, null, 'grouped');
    }
    default:
      throw new Error(c.metric);
  }
}

function isConstant(xs: number[]): boolean {
  return xs.every((x) => x === xs[0]);
}

function groupsAreVaried(c: Case): boolean {
  const groups = (c.groups as number[] | undefined) ?? c.y[0]!.map(() => 0);
  for (const g of new Set(groups)) {
    const ys = c.y[0]!.filter((_, i) => groups[i] === g);
    const ps = c.p[0]!.filter((_, i) => groups[i] === g);
    if (isConstant(ys) || isConstant(ps)) return false;
  }
  return true;
}

function build(make: () => Case, valid: (c: Case) => boolean = () => true): Case[] {
  const out: Case[] = [];
  while (out.length < CASES) {
    const c = make();
    if (valid(c)) out.push(c);
  }
  return out;
}

const suites: Record<string, Case[]> = {
  'log_loss (binary, multiclass, class weights)': build(() => {
    const eps = random() < 0.5 ? 1e-15 : 1e-7;
    const weighted = random() < 0.3;
    if (random() < 0.5)
      return binaryCase('log_loss', { eps, ...(weighted ? { weights: [1 + random(), 1 + 3 * random()] } : {}) });
    const c = multiclassCase('log_loss', { eps });
    return weighted ? { ...c, weights: c.y.map(() => 0.5 + random()) } : c;
  }),
  roc_auc: build(() => binaryCase('roc_auc')),
  accuracy: build(() =>
    random() < 0.5 ? binaryCase('accuracy', { threshold: 0.5 }) : multiclassCase('accuracy', { threshold: 0.5 }),
  ),
  f1: build(() => binaryCase('f1', { threshold: random() < 0.5 ? 0.5 : 0.3 })),
  f1_macro: build(() =>
    random() < 0.5 ? binaryCase('f1_macro', { threshold: 0.5 }) : multiclassCase('f1_macro', { threshold: 0.5 }),
  ),
  rmse: build(() => regressionCase('rmse')),
  mae: build(() => regressionCase('mae')),
  pearson: build(() => correlationCase('pearson', false), groupsAreVaried),
  spearman: build(() => correlationCase('spearman', false), groupsAreVaried),
  'pearson per group (mean, sharpe)': build(() => correlationCase('pearson', true), groupsAreVaried),
  'spearman per group (mean, sharpe)': build(() => correlationCase('spearman', true), groupsAreVaried),
  'average precision (map_at_k, whole database ranked)': build(() => {
    const n = int(2, 60);
    const relevant = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : random() < 0.3 ? 1 : 0));
    // Distinct scores: with ties, the order in the file decides for us, while sklearn groups ties.
    const scores = Array.from({ length: n }, (_, i) => (i + random()) / n).sort(() => random() - 0.5);
    return { metric: 'ap', y: [], p: [], relevant, scores, ties: random() < 0.5 ? 'grouped' : 'file_order' };
  }),
  "map_at_k with many tied scores (DrivenData's beluga scorer: sklearn average_precision_score per query)": build(
    () => {
      const k = int(3, 20);
      // A few score values, so most results share their score with others; some queries all tied.
      const levels = [
        [0, 1],
        [0, 0.5, 1],
        [0.2, 0.4, 0.6, 0.8],
        [0.25, 0.5, 0.75, 1, 0.1],
      ][int(0, 3)]!;
      const queries: RankingQuery[] = Array.from({ length: int(1, 8) }, () => {
        const m = int(1, k);
        const allTied = random() < 0.25;
        const tie = levels[int(0, levels.length - 1)]!;
        const relevant = Array.from({ length: m }, (): number => (random() < 0.4 ? 1 : 0));
        const hits = relevant.reduce((a, b) => a + b, 0);
        return {
          relevant,
          scores: relevant.map(() => (allTied ? tie : levels[int(0, levels.length - 1)]!)),
          // At least one true match; sometimes more than were predicted, sometimes more than k.
          n_true: Math.max(1, hits + (random() < 0.5 ? 0 : int(0, k + 3))),
        };
      });
      return { metric: 'map_grouped', y: [], p: [], k, queries };
    },
  ),
};

const allCases = Object.values(suites).flat();
const { values: reference, options: crossCheck } = await pythonReference(allCases);

let offset = 0;
for (const [name, cases] of Object.entries(suites)) {
  const start = offset;
  offset += cases.length;
  test(
    `${name} matches scikit-learn/SciPy on ${cases.length} random cases (tolerance ${TOLERANCE} relative)`,
    crossCheck,
    () => {
      assert.ok(cases.length >= 100);
      cases.forEach((c, i) => {
        const expected = reference[start + i];
        assert.notEqual(expected, null, `reference undefined for case ${i}`);
        const got = ours(c);
        assert.ok(
          Math.abs(got - expected!) <= TOLERANCE * Math.max(1, Math.abs(expected!)),
          `${name} case ${i}: ours ${got}, reference ${expected}`,
        );
      });
    },
  );
}

test('roc_auc is undefined (NaN) with one class only, so scoring reports it as an organizer error', () => {
  assert.ok(Number.isNaN(rocAuc([Float64Array.from([1, 1])], [Float64Array.from([0.2, 0.4])], null)));
});

test('a correlation with constant predictions is 0 (SciPy gives NaN), so one flat era does not void a score', () => {
  assert.equal(correlation('pearson', [Float64Array.from([1, 2, 3])], [Float64Array.from([0.5, 0.5, 0.5])], null), 0);
});

test('a Sharpe ratio over group scores that never vary is 0, not NaN or infinity', async () => {
  const { aggregate } = await import('../../src/scoring/metrics.js');
  assert.equal(aggregate([0, 0, 0], 'sharpe'), 0); // constant predictions
  assert.equal(aggregate([1, 1, 1], 'sharpe'), 0); // a perfect correlation in every group
  assert.ok(Math.abs(aggregate([0.1, 0.3], 'sharpe') - 0.2 / Math.sqrt(0.02)) < 1e-12);
});
