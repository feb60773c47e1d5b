import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  LabelsError,
  ProblemLog,
  classifyNonNumber,
  fieldBytes,
  fieldText,
  loadLabels,
  loadQuerySpace,
  parseNumberBytes,
  rankingFilesOf,
  recordFields,
  recordStart,
  scanCsv,
  show
} from "./chunk-A7NWLLFP.js";
import {
  resolveScorerImage,
  runCustomScorer,
  runtimeSection
} from "./chunk-JQKPXPDF.js";
import {
  messageOf
} from "./chunk-XY6EIFX3.js";

// src/scoring/score.ts
import { access } from "node:fs/promises";

// src/scoring/metrics.ts
function rowCount(y, rows) {
  return rows ? rows.length : y[0].length;
}
function forRows(n, rows, fn) {
  if (rows) for (let i = 0; i < rows.length; i++) fn(rows[i]);
  else for (let r = 0; r < n; r++) fn(r);
}
function trueClass(y, r) {
  if (y.length === 1) return y[0][r];
  for (let c = 0; c < y.length; c++) if (y[c][r] === 1) return c;
  return -1;
}
function predictedClass(p, r, threshold) {
  if (p.length === 1) return p[0][r] >= threshold ? 1 : 0;
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c][r] > p[best][r]) best = c;
  return best;
}
function logLoss(y, p, rows, eps, classWeights) {
  const n = y[0].length;
  let total = 0;
  let weightSum = 0;
  const hi = 1 - eps;
  if (y.length === 1) {
    const y0 = y[0];
    const p0 = p[0];
    const w0 = classWeights?.[0] ?? 1;
    const w1 = classWeights?.[1] ?? 1;
    forRows(n, rows, (r) => {
      let q = p0[r];
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
        const q2 = p[c][r];
        sum += q2 < eps ? eps : Math.min(q2, hi);
      }
      const k = trueClass(y, r);
      const q = p[k][r];
      const w = classWeights?.[k] ?? 1;
      total -= w * Math.log((q < eps ? eps : Math.min(q, hi)) / sum);
      weightSum += w;
    });
  }
  return total / weightSum;
}
function rocAuc(y, p, rows) {
  const n = y[0].length;
  const y0 = y[0];
  const p0 = p[0];
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
    if (y0[r] === 1) pos[i++] = p0[r];
    else neg[j++] = p0[r];
  });
  pos.sort();
  neg.sort();
  let below = 0;
  let upTo = 0;
  let wins = 0;
  for (let k = 0; k < positives; k++) {
    const v = pos[k];
    while (below < negatives && neg[below] < v) below++;
    if (upTo < below) upTo = below;
    while (upTo < negatives && neg[upTo] <= v) upTo++;
    wins += below + (upTo - below) / 2;
  }
  return wins / positives / negatives;
}
function accuracy(y, p, rows, threshold) {
  let right = 0;
  forRows(y[0].length, rows, (r) => {
    if (predictedClass(p, r, threshold) === trueClass(y, r)) right++;
  });
  return right / rowCount(y, rows);
}
function confusion(y, p, rows, threshold) {
  const classes = y.length === 1 ? 2 : y.length;
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  forRows(y[0].length, rows, (r) => {
    const t = trueClass(y, r);
    const q = predictedClass(p, r, threshold);
    if (t === q) tp[t]++;
    else {
      fp[q]++;
      fn[t]++;
    }
  });
  return { classes, tp, fp, fn };
}
function f1Of(tp, fp, fn) {
  return tp + fp + fn === 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
}
function f1Binary(y, p, rows, threshold) {
  const { tp, fp, fn } = confusion(y, p, rows, threshold);
  return f1Of(tp[1], fp[1], fn[1]);
}
function f1Macro(y, p, rows, threshold) {
  const { classes, tp, fp, fn } = confusion(y, p, rows, threshold);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (tp[c] + fp[c] + fn[c] === 0) continue;
    sum += f1Of(tp[c], fp[c], fn[c]);
    present++;
  }
  return present === 0 ? 0 : sum / present;
}
function rmse(y, p, rows) {
  return columnAverage(y, p, rows, (d) => d * d, Math.sqrt);
}
function mae(y, p, rows) {
  return columnAverage(y, p, rows, Math.abs);
}
function columnAverage(y, p, rows, loss, finish = (m) => m) {
  let total = 0;
  for (let c = 0; c < y.length; c++) {
    const yc = y[c];
    const pc = p[c];
    let sum = 0;
    forRows(yc.length, rows, (r) => {
      sum += loss(yc[r] - pc[r]);
    });
    total += finish(sum / rowCount(y, rows));
  }
  return total / y.length;
}
function pearsonOf(a, b) {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return 0;
  const r = sab / Math.sqrt(saa * sbb);
  return r > 1 ? 1 : Math.max(r, -1);
}
function averageRanks(values) {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}
function spearmanOf(a, b) {
  return pearsonOf(averageRanks(a), averageRanks(b));
}
function gather(column, rows) {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]];
  return out;
}
function rowsByGroup(groupOfRow, groups, rows) {
  const counts = new Int32Array(groups);
  forRows(groupOfRow.length, rows, (r) => counts[groupOfRow[r]]++);
  const out = Array.from(counts, (c) => new Int32Array(c));
  const filled = new Int32Array(groups);
  forRows(groupOfRow.length, rows, (r) => {
    const g = groupOfRow[r];
    out[g][filled[g]++] = r;
  });
  return out.filter((g) => g.length > 0);
}
function aggregate(values, how) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (how === "mean") return mean;
  if (n < 2) return NaN;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  if (variance === 0) return 0;
  return mean / Math.sqrt(variance);
}
function correlation(kind, y, p, rows, by) {
  const of = kind === "pearson" ? pearsonOf : spearmanOf;
  const all = rows ?? Int32Array.from({ length: y[0].length }, (_, i) => i);
  if (!by) return of(gather(y[0], all), gather(p[0], all));
  const perGroup = rowsByGroup(by.groupOfRow, by.groups, rows).map((g) => of(gather(y[0], g), gather(p[0], g)));
  return aggregate(perGroup, by.aggregate);
}

// src/scoring/predictions.ts
function expectedHeader(format) {
  return [format.idColumn, ...format.columns].join(",");
}
function clip(text) {
  return text.length > 40 ? `${text.slice(0, 40)}\u2026` : text;
}
var MAX_MAGNITUDE = 1e100;
function rangeText(range) {
  return `[${range[0]}, ${range[1]}]`;
}
function formatHint(format, rows) {
  const values = format.range ? `numbers in ${rangeText(format.range)}` : "finite numbers";
  return `Write the header "${expectedHeader(format)}", then exactly one row for each of the ${rows.toLocaleString("en-US")} ids of the test data (any order), with ${values} in ${format.columns.length === 1 ? `column ${format.columns[0]}` : `columns ${format.columns.join(", ")}`}.`;
}
async function checkPredictions(path, labels, format) {
  const width = format.columns.length + 1;
  const header = expectedHeader(format);
  const values = format.columns.map(() => new Float64Array(labels.rows));
  const lineOfRow = new Uint32Array(labels.rows);
  const problems = new ProblemLog();
  const bounds = format.range ?? [-MAX_MAGNITUDE, MAX_MAGNITUDE];
  const [low, high] = bounds;
  let headerProblem;
  let headerSeen = false;
  let dataRows = 0;
  const checkHeader = (r) => {
    const got = recordFields(r).join(",");
    if (got !== header) headerProblem = `line 1: the header is ${show(got)} but must be exactly ${show(header)}`;
    return headerProblem === void 0;
  };
  let aheadBuf;
  let aheadTo = 0;
  let _sink = 0;
  const lookAhead = (r) => {
    aheadBuf = r.buf;
    const ahead = labels.ids.warm(r.buf, recordStart(r), r.buf.length, 0);
    aheadTo = ahead.to;
    const rows = labels.ids.aheadRows;
    for (let i = 0; i < ahead.lines; i++) {
      const row = rows[i];
      if (row < 0) continue;
      _sink += lineOfRow[row];
      for (let c = 0; c < values.length; c++) _sink += values[c][row];
    }
  };
  const end = await scanCsv(path, (r) => {
    if (!headerSeen) {
      headerSeen = true;
      return checkHeader(r);
    }
    dataRows++;
    const line = r.line;
    if (r.count !== width) {
      problems.add(
        "field_count",
        () => r.complete ? `line ${line}: ${r.count} field${r.count === 1 ? "" : "s"} where the header has ${width} (${header}); put quotes around values that contain commas` : `line ${line}: ${r.count} field${r.count === 1 ? "" : "s"} where the header has ${width} (${header}); this last line has no line end, so the file looks cut off: write the whole file`
      );
      return;
    }
    if (r.buf !== aheadBuf || r.starts[0] >= aheadTo) lookAhead(r);
    let idBuf = r.buf;
    let idStart = r.starts[0];
    let idEnd = r.ends[0];
    if (r.escaped[0]) {
      idBuf = fieldBytes(r, 0);
      idStart = 0;
      idEnd = idBuf.length;
    }
    let row = -1;
    if (idEnd === idStart) {
      problems.add("empty_id", () => `line ${line}: the ${format.idColumn} is empty`);
    } else {
      row = labels.ids.find(idBuf, idStart, idEnd);
      if (row === -1) {
        problems.add(
          "unknown_id",
          () => `line ${line}: ${format.idColumn} ${show(fieldText(r, 0))} is not in the test data; remove the row (ids are compared exactly, spaces and case included)`
        );
      } else if (lineOfRow[row] !== 0) {
        const first = lineOfRow[row];
        problems.add(
          "duplicate_id",
          () => `line ${line}: ${format.idColumn} ${show(fieldText(r, 0))} appears again (first on line ${first}); keep one row per id`
        );
        row = -1;
      } else {
        lineOfRow[row] = line;
      }
    }
    for (let c = 1; c < width; c++) {
      const value = parseNumberBytes(r.buf, r.starts[c], r.ends[c]);
      const column = format.columns[c - 1];
      if (Number.isNaN(value)) {
        const text = fieldText(r, c);
        const kind = classifyNonNumber(text);
        problems.add(kind, () => {
          const where = `line ${line}, column ${column}`;
          switch (kind) {
            case "empty_value":
              return `${where}: the value is empty; write a number`;
            case "nan":
              return `${where}: ${show(text)} is NaN; write a number (replace missing predictions, e.g. with a default value)`;
            case "infinite":
              return `${where}: ${show(text)} is infinite; write a finite number`;
            case "not_a_number":
              return `${where}: ${show(text)} is not a number; write a plain decimal such as 0.25 or 2.5e-3`;
          }
        });
      } else if (value < low || value > high) {
        problems.add(
          "out_of_range",
          () => `line ${line}, column ${column}: ${clip(fieldText(r, c).trim())} is outside ${rangeText(bounds)}; clip predictions to that range`
        );
      } else if (row !== -1) {
        values[c - 1][row] = value;
      }
    }
    return;
  });
  if (end.kind === "unterminated_quote") {
    return {
      ok: false,
      message: `The predictions file has a quoted field that never closes (opened on line ${end.line}).`,
      hint: 'Close every quote ("), or write the file with a CSV library (pandas to_csv, csv.writer) and make sure it is written completely.',
      problems: [`line ${end.line}: a quoted field starts here and never closes`]
    };
  }
  if (!headerSeen) {
    return {
      ok: false,
      message: "The predictions file is empty.",
      hint: `Write the header "${header}", then one row per id. ${formatHint(format, labels.rows)}`,
      problems: ["the file has no lines"]
    };
  }
  if (headerProblem) {
    return {
      ok: false,
      message: `The predictions file has the wrong header.`,
      hint: `The first line must be exactly "${header}": these columns, in this order, with no spaces.`,
      problems: [headerProblem]
    };
  }
  if (dataRows === 0) {
    return {
      ok: false,
      message: `The predictions file has a header but no rows; ${labels.rows.toLocaleString("en-US")} were expected, one per id.`,
      hint: formatHint(format, labels.rows),
      problems: [`no rows after the header; expected ${labels.rows.toLocaleString("en-US")}`]
    };
  }
  for (let row = 0; row < labels.rows; row++) {
    if (lineOfRow[row] === 0) {
      problems.add("missing_id", () => `${format.idColumn} ${show(labels.ids.idAt(row))} has no row; add one`);
    }
  }
  if (problems.empty) return { ok: true, values };
  return {
    ok: false,
    message: `The predictions file has ${problems.summary()}.`,
    hint: formatHint(format, labels.rows),
    problems: problems.list()
  };
}

// src/scoring/ranking.ts
async function loadRankingTruth(labelsPath, format, space) {
  const columns = [format.queryColumn, format.resultColumn, ...format.splitColumn ? [format.splitColumn] : []];
  const matches = /* @__PURE__ */ new Map();
  const splitOf = /* @__PURE__ */ new Map();
  let at;
  let problem;
  const end = await scanCsv(labelsPath, (r) => {
    const fields = recordFields(r);
    if (!at) {
      at = columns.map((c) => fields.indexOf(c));
      const missing = columns.filter((_, i) => at[i] === -1);
      if (missing.length > 0)
        problem = `the labels file ${labelsPath} has no column ${missing.map((c) => `"${c}"`).join(", ")} (its header: ${fields.join(",")}); fix the labels file or scoring: in competition.yml`;
      return problem === void 0;
    }
    const [query, result, split] = at.map((i) => fields[i] ?? "");
    let set = matches.get(query);
    if (!set) {
      set = /* @__PURE__ */ new Set();
      matches.set(query, set);
    }
    set.add(result);
    if (split !== void 0) {
      const before = splitOf.get(query);
      if (before !== void 0 && before !== split) {
        problem = `labels file ${labelsPath}, line ${r.line}: query ${show(query)} is in two splits (${before}, ${split}); a query's rows must share one split`;
        return false;
      }
      splitOf.set(query, split);
    }
    return true;
  }).catch(() => {
    throw new LabelsError(
      `the labels file ${labelsPath} cannot be read: check datasets.<name>.labels in competition.yml and that the file is on this machine`
    );
  });
  if (end.kind === "unterminated_quote")
    throw new LabelsError(`labels file ${labelsPath}, line ${end.line}: a quoted field never closes`);
  if (problem) throw new LabelsError(problem);
  if (!at) throw new LabelsError(`the labels file ${labelsPath} is empty`);
  if (space) {
    for (const query of space.databaseOf.keys()) if (!matches.has(query)) matches.set(query, /* @__PURE__ */ new Set());
    for (const query of matches.keys()) {
      if (!space.databaseOf.has(query))
        throw new LabelsError(
          `${space.listedIn} does not list query ${show(query)}, which has labels in ${labelsPath}; list every query of the labels there`
        );
    }
  }
  return { matches, splitOf, databaseOf: space?.databaseOf, databases: space?.databases, imageOf: space?.imageOf };
}
async function checkRankingPredictions(path, truth, format) {
  const header = [format.queryColumn, format.resultColumn, format.scoreColumn].join(",");
  const hint = `Write the header "${header}", then at most ${format.k} rows per query, each result from the query's database${format.excludeSelf ? " and never the query itself" : ""}, with a ${format.scoreColumn} in [0, 1] (higher means more likely a match).`;
  const problems = new ProblemLog();
  const predictions = /* @__PURE__ */ new Map();
  const lineOf = /* @__PURE__ */ new Map();
  let headerProblem;
  let headerSeen = false;
  let dataRows = 0;
  const end = await scanCsv(path, (r) => {
    if (!headerSeen) {
      headerSeen = true;
      const got = recordFields(r).join(",");
      if (got !== header) headerProblem = `line 1: the header is ${show(got)} but must be exactly ${show(header)}`;
      return headerProblem === void 0;
    }
    dataRows++;
    const line = r.line;
    if (r.count !== 3) {
      problems.add(
        "field_count",
        () => `line ${line}: ${r.count} field${r.count === 1 ? "" : "s"} where the header has 3 (${header})${r.complete ? "" : "; this last line has no line end, so the file looks cut off"}`
      );
      return;
    }
    const query = fieldText(r, 0);
    const result = fieldText(r, 1);
    const score = parseNumberBytes(r.buf, r.starts[2], r.ends[2]);
    if (!truth.matches.has(query)) {
      problems.add(
        "unknown_query",
        () => `line ${line}: ${format.queryColumn} ${show(query)} is not a query of the test data; remove the row`
      );
      return;
    }
    if (Number.isNaN(score)) {
      const text = fieldText(r, 2);
      const kind = classifyNonNumber(text);
      problems.add(
        kind,
        () => `line ${line}, column ${format.scoreColumn}: ${show(text)} is ${kind === "nan" ? "NaN" : kind === "infinite" ? "infinite" : kind === "empty_value" ? "empty" : "not a number"}; write a number in [0, 1]`
      );
      return;
    }
    if (score < 0 || score > 1) {
      problems.add(
        "out_of_range",
        () => `line ${line}, column ${format.scoreColumn}: ${fieldText(r, 2).trim()} is outside [0, 1]; scores must be in [0, 1]`
      );
      return;
    }
    if (format.excludeSelf && (result === query || truth.imageOf?.get(query) === result)) {
      problems.add(
        "self_result",
        () => `line ${line}: query ${show(query)} lists ${result === query ? "itself" : `its own image ${show(result)}`} as a result; a query's own image is excluded from its database, remove the row`
      );
      return;
    }
    const database = truth.databaseOf?.get(query);
    if (truth.databases && database !== void 0 && !truth.databases.get(database)?.has(result)) {
      problems.add(
        "not_in_database",
        () => `line ${line}: ${format.resultColumn} ${show(result)} is not in the database of query ${show(query)} (${database}); only return results from that database`
      );
      return;
    }
    const pairKey = `${query}\0${result}`;
    const first = lineOf.get(pairKey);
    if (first !== void 0) {
      problems.add(
        "duplicate_result",
        () => `line ${line}: query ${show(query)} lists ${show(result)} again (first on line ${first}); list each result once per query`
      );
      return;
    }
    lineOf.set(pairKey, line);
    let list = predictions.get(query);
    if (!list) {
      list = [];
      predictions.set(query, list);
    }
    list.push({ result, score });
    if (list.length === format.k + 1) {
      problems.add(
        "too_many_results",
        () => `line ${line}: query ${show(query)} has more than ${format.k} results; keep the ${format.k} best`
      );
    }
  });
  if (end.kind === "unterminated_quote") {
    return {
      ok: false,
      message: `The predictions file has a quoted field that never closes (opened on line ${end.line}).`,
      hint,
      problems: [`line ${end.line}: a quoted field starts here and never closes`]
    };
  }
  if (!headerSeen)
    return { ok: false, message: "The predictions file is empty.", hint, problems: ["the file has no lines"] };
  if (headerProblem)
    return { ok: false, message: "The predictions file has the wrong header.", hint, problems: [headerProblem] };
  if (dataRows === 0)
    return {
      ok: false,
      message: "The predictions file has a header but no rows.",
      hint,
      problems: ["no rows after the header"]
    };
  if (!problems.empty)
    return { ok: false, message: `The predictions file has ${problems.summary()}.`, hint, problems: problems.list() };
  return { ok: true, predictions };
}
function averagePrecisionAtK(results, matches, k, ties) {
  if (matches.size === 0) return NaN;
  const ranked = [...results].sort((a, b) => b.score - a.score);
  let hits = 0;
  let sum = 0;
  for (let start = 0; start < ranked.length; ) {
    let end = start + 1;
    if (ties === "grouped") while (end < ranked.length && ranked[end].score === ranked[start].score) end++;
    let groupHits = 0;
    for (let i = start; i < end; i++) if (matches.has(ranked[i].result)) groupHits++;
    hits += groupHits;
    sum += groupHits * hits / end;
    start = end;
  }
  return sum / Math.min(matches.size, k);
}
function meanAveragePrecisionAtK(truth, predictions, k, split, ties) {
  let sum = 0;
  let queries = 0;
  for (const [query, matches] of truth.matches) {
    if (matches.size === 0) continue;
    if (split !== null && truth.splitOf.get(query) !== split) continue;
    queries++;
    const list = predictions.get(query);
    if (!list) continue;
    sum += averagePrecisionAtK(list, matches, k, ties);
  }
  return queries === 0 ? NaN : sum / queries;
}

// src/scoring/score.ts
var MetricError = class extends Error {
};
var CLASSIFICATION = /* @__PURE__ */ new Set(["log_loss", "roc_auc", "accuracy", "f1", "f1_macro"]);
function scoreKey(metricKey, split) {
  return split === null ? metricKey : `${metricKey}.${split}`;
}
function orderSplits(found, show2) {
  return [...show2, ...found.filter((s) => !show2.includes(s))];
}
function builtinMetrics(scoring) {
  return [scoring.metric, ...scoring.secondary].filter(
    (m) => m.kind === "builtin"
  );
}
function checkClassLabels(labels, columns) {
  for (let r = 0; r < labels.rows; r++) {
    const y = labels.targets;
    const ok = y.length === 1 ? y[0][r] === 0 || y[0][r] === 1 : trueClass(y, r) !== -1 && y.reduce((s, c) => s + c[r], 0) === 1;
    if (!ok) {
      throw new LabelsError(
        `labels row for id "${labels.ids.idAt(r)}" is not a class label: ${columns.length === 1 ? `${columns[0]} must be 0 or 1` : `columns ${columns.join(", ")} must hold a single 1 and 0s (one-hot)`}`
      );
    }
  }
}
function computeMetric(m, scoring, labels, values, rows) {
  const y = labels.targets;
  switch (m.name) {
    case "log_loss": {
      const classes = scoring.columns.length === 1 ? ["0", "1"] : scoring.columns;
      return logLoss(y, values, rows, m.eps, m.class_weights ? classes.map((c) => m.class_weights[c]) : void 0);
    }
    case "roc_auc":
      return rocAuc(y, values, rows);
    case "accuracy":
      return accuracy(y, values, rows, m.threshold);
    case "f1":
      return f1Binary(y, values, rows, m.threshold);
    case "f1_macro":
      return f1Macro(y, values, rows, m.threshold);
    case "rmse":
      return rmse(y, values, rows);
    case "mae":
      return mae(y, values, rows);
    case "pearson":
    case "spearman": {
      const group = m.by ? labels.groups.get(m.by) : void 0;
      return correlation(
        m.name,
        y,
        values,
        rows,
        group ? { groupOfRow: group.ofRow, groups: group.names.length, aggregate: m.aggregate } : void 0
      );
    }
    case "map_at_k":
      throw new MetricError("map_at_k applies to ranking tasks only");
  }
}
function rowsOfSplits(labels) {
  const split = labels.split;
  const counts = new Int32Array(split.names.length);
  for (const s of split.ofRow) counts[s]++;
  const out = split.names.map((_, i) => new Int32Array(counts[i]));
  const filled = new Int32Array(split.names.length);
  for (let r = 0; r < split.ofRow.length; r++) {
    const s = split.ofRow[r];
    out[s][filled[s]++] = r;
  }
  return new Map(split.names.map((name, i) => [name, out[i]]));
}
function finite(key, value) {
  if (!Number.isFinite(value)) {
    throw new MetricError(
      `metric ${key} cannot be computed on these labels (it came out ${value}): e.g. ROC AUC needs both classes, a Sharpe ratio at least two groups with varying scores`
    );
  }
  return value;
}
async function scoreTabular(req) {
  const { scoring } = req;
  const metrics = builtinMetrics(scoring);
  const labels = await loadLabels(req.labelsPath, {
    idColumn: scoring.id_column,
    targetColumns: scoring.columns,
    splitColumn: scoring.split?.column,
    groupColumns: [...new Set(metrics.flatMap((m) => m.by ? [m.by] : []))]
  });
  if (metrics.some((m) => CLASSIFICATION.has(m.name))) checkClassLabels(labels, scoring.columns);
  const check = await checkPredictions(req.predictionsPath, labels, {
    idColumn: scoring.id_column,
    columns: scoring.columns,
    range: scoring.range
  });
  if (!check.ok) return { kind: "invalid", message: check.message, hint: check.hint, problems: check.problems };
  const scores = {};
  if (!scoring.split) {
    for (const m of metrics) scores[m.key] = finite(m.key, computeMetric(m, scoring, labels, check.values, null));
    return { kind: "scores", scores, splits: null };
  }
  const bySplit = rowsOfSplits(labels);
  const unknown = scoring.split.show.filter((s) => !bySplit.has(s));
  if (unknown.length > 0)
    throw new LabelsError(
      `scoring.split.show names ${unknown.map((s) => `"${s}"`).join(", ")}, but the labels column ${scoring.split.column} only holds ${[...bySplit.keys()].join(", ")}`
    );
  const splits = orderSplits([...bySplit.keys()], scoring.split.show);
  for (const split of splits) {
    for (const m of metrics) {
      const key = scoreKey(m.key, split);
      scores[key] = finite(key, computeMetric(m, scoring, labels, check.values, bySplit.get(split)));
    }
  }
  return { kind: "scores", scores, splits };
}
async function scoreRanking(req) {
  const { scoring } = req;
  const ranking = scoring.ranking;
  const format = {
    queryColumn: scoring.id_column,
    resultColumn: scoring.columns[0],
    scoreColumn: scoring.columns[1],
    k: ranking.k,
    excludeSelf: ranking.exclude_self,
    splitColumn: scoring.split?.column
  };
  const space = await loadQuerySpace(rankingFilesOf(scoring, req.competitionDir), {
    query: format.queryColumn,
    result: format.resultColumn
  });
  const truth = await loadRankingTruth(req.labelsPath, format, space);
  const check = await checkRankingPredictions(req.predictionsPath, truth, format);
  if (!check.ok) return { kind: "invalid", message: check.message, hint: check.hint, problems: check.problems };
  const metrics = builtinMetrics(scoring);
  const scores = {};
  const splits = scoring.split ? orderSplits([...new Set(truth.splitOf.values())], scoring.split.show) : null;
  for (const split of splits ?? [null]) {
    for (const m of metrics) {
      const key = scoreKey(m.key, split);
      scores[key] = finite(
        key,
        meanAveragePrecisionAtK(truth, check.predictions, ranking.k, split, m.ties ?? "grouped")
      );
    }
  }
  return { kind: "scores", scores, splits };
}
async function scorePredictions(req) {
  const { scoring } = req;
  try {
    try {
      if (!(req.predictionsDir && scoring.custom && !scoring.ranking && scoring.columns.length === 0))
        await access(req.predictionsPath);
    } catch {
      return {
        kind: "invalid",
        message: "There is no predictions file.",
        hint: "The submission must write its predictions file before it exits.",
        problems: [`${req.predictionsPath} does not exist`]
      };
    }
    try {
      await access(req.labelsPath);
    } catch {
      return {
        kind: "error",
        message: `The labels file ${req.labelsPath} cannot be read.`,
        hint: "Check datasets.<name>.labels in competition.yml and that the file is on this machine."
      };
    }
    let outcome = { kind: "scores", scores: {}, splits: null };
    if (scoring.ranking) outcome = await scoreRanking(req);
    else if (scoring.columns.length > 0) outcome = await scoreTabular(req);
    if (outcome.kind !== "scores") return outcome;
    const scores = outcome.scores;
    if (scoring.custom) {
      const image = await resolveScorerImage(scoring.custom, req.runtime ?? runtimeSection.parse({}));
      if (!image.ok) return { kind: "error", message: image.message, hint: image.hint, detail: image.detail };
      const custom = await runCustomScorer({
        config: scoring.custom,
        image: image.image,
        competitionDir: req.competitionDir,
        labelsPath: req.labelsPath,
        predictionsPath: req.predictionsPath,
        predictionsDir: req.predictionsDir,
        dataset: scoring.dataset
      });
      if (!custom.ok) return { kind: "error", message: custom.message, hint: custom.hint, detail: custom.detail };
      for (const [name, value] of Object.entries(custom.scores)) if (!(name in scores)) scores[name] = value;
    }
    const splits = outcome.splits;
    const primary = scoring.metric.kind === "builtin" ? scoreKey(scoring.metric.key, splits?.[0] ?? null) : scoring.metric.key;
    if (!(primary in scores))
      return {
        kind: "error",
        message: `The primary metric ${primary} was not computed.`,
        hint: "Check scoring.metric in competition.yml (a custom metric must be printed by the custom scorer)."
      };
    const ordered = { [primary]: scores[primary] };
    for (const [k, v] of Object.entries(scores)) if (k !== primary) ordered[k] = v;
    const shown = new Set(scoring.split?.show ?? []);
    const hidden = scoring.split ? Object.keys(ordered).filter((k) => k.includes(".") && !shown.has(k.slice(k.lastIndexOf(".") + 1))) : [];
    return { kind: "scored", scores: ordered, primary, hidden };
  } catch (e) {
    if (e instanceof LabelsError || e instanceof MetricError) {
      return {
        kind: "error",
        message: e.message,
        hint: "This is a problem with the competition's labels or scoring configuration, not with the submission; the organizers must fix it."
      };
    }
    return {
      kind: "error",
      message: `Scoring failed unexpectedly: ${messageOf(e)}`,
      hint: "This is a bug or a machine problem, not the submission's fault; report it with the run log."
    };
  }
}

export {
  scorePredictions
};
