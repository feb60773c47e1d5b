/**
 * Built-in metrics: pure functions over label and prediction columns.
 *
 * `y` and `p` hold one Float64Array per column, indexed by label row; `rows` picks the
 * rows to score (a split), or null for all. Each metric is cross-checked against
 * scikit-learn / SciPy in test/scoring/metrics.test.ts; where a choice had to be made
 * (clipping, ties, undefined cases) the comment says which and docs/scoring.md lists them.
 */

export type Rows = Int32Array | null;
type Columns = readonly Float64Array[];

function rowCount(y: Columns, rows: Rows): number {
  return rows ? rows.length : y[0]!.length;
}

/** Calls fn(row) for each selected row. */
function forRows(n: number, rows: Rows, fn: (row: number) => void): void {
  if (rows) for (let i = 0; i < rows.length; i++) fn(rows[i]!);
  else for (let r = 0; r < n; r++) fn(r);
}

/** Class index of label row r: the 0/1 value for one column, else the column holding the 1 (one-hot). */
export function trueClass(y: Columns, r: number): number {
  if (y.length === 1) return y[0]![r]!;
  for (let c = 0; c < y.length; c++) if (y[c]![r] === 1) return c;
  return -1;
}

/** Predicted class: probability ≥ threshold for one column, else the first column with the highest value (numpy argmax). */
export function predictedClass(p: Columns, r: number, threshold: number): number {
  if (p.length === 1) return p[0]![r]! >= threshold ? 1 : 0;
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]![r]! > p[best]![r]!) best = c;
  return best;
}

/**
 * Log loss (cross-entropy), natural log, averaged over rows (weighted when class weights are given).
 * One column: p is the probability of class 1. Several: one probability per class, each row
 * divided by its sum (as scikit-learn does). Probabilities are first clipped to [eps, 1 - eps].
 */
export function logLoss(y: Columns, p: Columns, rows: Rows, eps: number, classWeights?: readonly number[]): number {
  const n = y[0]!.length;
  let total = 0;
  let weightSum = 0;
  const hi = 1 - eps;
  if (y.length === 1) {
    const y0 = y[0]!;
    const p0 = p[0]!;
    const w0 = classWeights?.[0] ?? 1;
    const w1 = classWeights?.[1] ?? 1;
    forRows(n, rows, (r) => {
      let q = p0[r]!;
      q = q < eps ? eps : Math.min(q, hi);
      if (y0[r] === 1) {
        total -= w1 * Math.log(q);
        weightSum += w1;
      } else {
        total -= w0 * Math.log(1 - q);
        weightSum += w0;
      }
    });
  } else {
    forRows(n, rows, (r) => {
      let sum = 0;
      for (let c = 0; c < p.length; c++) {
        const q = p[c]![r]!;
        sum += q < eps ? eps : Math.min(q, hi);
      }
      const k = trueClass(y, r);
      const q = p[k]![r]!;
      const w = classWeights?.[k] ?? 1;
      total -= w * Math.log((q < eps ? eps : Math.min(q, hi)) / sum);
      weightSum += w;
    });
  }
  return total / weightSum;
}

/**
 * Area under the ROC curve for one column, ties counted as half (the Mann-Whitney U
 * statistic, equal to scikit-learn's trapezoid AUC). Sorting two typed arrays keeps it
 * O(n log n) with no per-row objects. NaN when only one class is present.
 */
export function rocAuc(y: Columns, p: Columns, rows: Rows): number {
  const n = y[0]!.length;
  const y0 = y[0]!;
  const p0 = p[0]!;
  let positives = 0;
  forRows(n, rows, (r) => {
    if (y0[r] === 1) positives++;
  });
  const negatives = rowCount(y, rows) - positives;
  if (positives === 0 || negatives === 0) return NaN;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let i = 0;
  let j = 0;
  forRows(n, rows, (r) => {
    if (y0[r] === 1) pos[i++] = p0[r]!;
    else neg[j++] = p0[r]!;
  });
  pos.sort();
  neg.sort();
  // For each positive: negatives strictly below it count 1, equal ones count 1/2.
  let below = 0;
  let upTo = 0;
  let wins = 0;
  for (let k = 0; k < positives; k++) {
    const v = pos[k]!;
    while (below < negatives && neg[below]! < v) below++;
    if (upTo < below) upTo = below;
    while (upTo < negatives && neg[upTo]! <= v) upTo++;
    wins += below + (upTo - below) / 2;
  }
  return wins / positives / negatives;
}

export function accuracy(y: Columns, p: Columns, rows: Rows, threshold: number): number {
  let right = 0;
  forRows(y[0]!.length, rows, (r) => {
    if (predictedClass(p, r, threshold) === trueClass(y, r)) right++;
  });
  return right / rowCount(y, rows);
}

/** Per-class true positive, false positive and false negative counts. */
function confusion(y: Columns, p: Columns, rows: Rows, threshold: number) {
  const classes = y.length === 1 ? 2 : y.length;
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  forRows(y[0]!.length, rows, (r) => {
    const t = trueClass(y, r);
    const q = predictedClass(p, r, threshold);
    if (t === q) tp[t]!++;
    else {
      fp[q]!++;
      fn[t]!++;
    }
  });
  return { classes, tp, fp, fn };
}

function f1Of(tp: number, fp: number, fn: number): number {
  // scikit-learn's zero_division default: 0 when there is nothing to score.
  return tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** F1 of class 1 (one column only). */
export function f1Binary(y: Columns, p: Columns, rows: Rows, threshold: number): number {
  const { tp, fp, fn } = confusion(y, p, rows, threshold);
  return f1Of(tp[1]!, fp[1]!, fn[1]!);
}

/** Unweighted mean of per-class F1 over the classes that occur in the labels or the predictions (as scikit-learn). */
export function f1Macro(y: Columns, p: Columns, rows: Rows, threshold: number): number {
  const { classes, tp, fp, fn } = confusion(y, p, rows, threshold);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (tp[c]! + fp[c]! + fn[c]! === 0) continue;
    sum += f1Of(tp[c]!, fp[c]!, fn[c]!);
    present++;
  }
  return present === 0 ? 0 : sum / present;
}

/** Root mean squared error per column, averaged over columns (scikit-learn's uniform_average). */
export function rmse(y: Columns, p: Columns, rows: Rows): number {
  return columnAverage(y, p, rows, (d) => d * d, Math.sqrt);
}

/** Mean absolute error per column, averaged over columns. */
export function mae(y: Columns, p: Columns, rows: Rows): number {
  return columnAverage(y, p, rows, Math.abs);
}

/** Mean of `loss(label - prediction)` per column, passed through `finish`, averaged over columns. */
function columnAverage(
  y: Columns,
  p: Columns,
  rows: Rows,
  loss: (d: number) => number,
  finish: (mean: number) => number = (m) => m,
): number {
  let total = 0;
  for (let c = 0; c < y.length; c++) {
    const yc = y[c]!;
    const pc = p[c]!;
    let sum = 0;
    forRows(yc.length, rows, (r) => {
      sum += loss(yc[r]! - pc[r]!);
    });
    total += finish(sum / rowCount(y, rows));
  }
  return total / y.length;
}

/** Pearson correlation of two equal-length vectors (two-pass for accuracy); 0 when either is constant. */
export function pearsonOf(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return 0;
  const r = sab / Math.sqrt(saa * sbb);
  return r > 1 ? 1 : Math.max(r, -1);
}

/** Ranks 1..n with ties given their average rank (SciPy's rankdata method="average"). */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => values[i]! - values[j]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

export function spearmanOf(a: Float64Array, b: Float64Array): number {
  return pearsonOf(averageRanks(a), averageRanks(b));
}

function gather(column: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
  return out;
}

/** The selected rows split by group (counting sort: one pass to count, one to place). */
export function rowsByGroup(groupOfRow: Int32Array, groups: number, rows: Rows): Int32Array[] {
  const counts = new Int32Array(groups);
  forRows(groupOfRow.length, rows, (r) => counts[groupOfRow[r]!]!++);
  const out = Array.from(counts, (c) => new Int32Array(c));
  const filled = new Int32Array(groups);
  forRows(groupOfRow.length, rows, (r) => {
    const g = groupOfRow[r]!;
    out[g]![filled[g]!++] = r;
  });
  return out.filter((g) => g.length > 0);
}

/** Mean of per-group correlations, or their Sharpe ratio: mean / sample standard deviation (ddof 1, as pandas). */
export function aggregate(values: number[], how: 'mean' | 'sharpe'): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (how === 'mean') return mean;
  if (n < 2) return NaN;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  // Per-group scores that never vary (constant predictions, or a perfect 1 everywhere) have no
  // defined Sharpe ratio; 0 keeps it a number the report can carry (documented in docs/scoring.md).
  if (variance === 0) return 0;
  return mean / Math.sqrt(variance);
}

/** Pearson or Spearman correlation between the one label column and the one prediction column, overall or per group. */
export function correlation(
  kind: 'pearson' | 'spearman',
  y: Columns,
  p: Columns,
  rows: Rows,
  by?: { groupOfRow: Int32Array; groups: number; aggregate: 'mean' | 'sharpe' },
): number {
  const of = kind === 'pearson' ? pearsonOf : spearmanOf;
  const all = rows ?? Int32Array.from({ length: y[0]!.length }, (_, i) => i);
  if (!by) return of(gather(y[0]!, all), gather(p[0]!, all));
  const perGroup = rowsByGroup(by.groupOfRow, by.groups, rows).map((g) => of(gather(y[0]!, g), gather(p[0]!, g)));
  return aggregate(perGroup, by.aggregate);
}
