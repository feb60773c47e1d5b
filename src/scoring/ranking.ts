/**
 * Ranking tasks (image retrieval, e.g. DrivenData's "Where's Whale-do?"): for each query
 * the participant lists up to k results with a score in [0, 1]; the metric is mean
 * average precision at k.
 *
 *   predictions: <id_column>,<columns[0]>,<columns[1]>   e.g. query_id,database_image_id,score
 *   labels:      <id_column>,<columns[0]>[,<split>]      one row per true match
 *   queries and databases: see ranking-inputs.ts (Holdout's two files or DrivenData's scenarios)
 *
 * Choices (docs/scoring.md compares them with DrivenData's beluga scorer): a query with no
 * prediction scores 0; a repeated (query, result) pair is rejected, not merged; tied scores
 * are one group, as scikit-learn's average_precision_score ranks them (`ties: file_order`
 * keeps the order of the file instead); AP@k divides by min(true matches, k), so a perfect
 * top k scores 1; queries with no true match are left out of the mean.
 */
import { fieldText, recordFields, scanCsv, type CsvRecord } from './csv-scanner.js';
import { LabelsError } from './labels.js';
import { classifyNonNumber, parseNumberBytes } from './parse-number.js';
import { ProblemLog, show } from './problems.js';
import type { QuerySpace } from './ranking-inputs.js';

export interface RankingFormat {
  queryColumn: string;
  resultColumn: string;
  scoreColumn: string;
  k: number;
  excludeSelf: boolean;
  splitColumn?: string | undefined;
}

/** How results with equal scores rank (the map_at_k option `ties`). */
export type TieRule = 'grouped' | 'file_order';

export interface RankingTruth {
  /** True matches of each query (queries from the labels, plus those of the queries files with none). */
  matches: Map<string, Set<string>>;
  /** Split of each query that has labels. */
  splitOf: Map<string, string>;
  /** Database each query searches, when query files are given. */
  databaseOf: Map<string, string> | undefined;
  /** Results each database allows, when known. */
  databases: Map<string, Set<string>> | undefined;
  /** Each query's own image (DrivenData's query_image_id), when known. */
  imageOf: Map<string, string> | undefined;
}

export async function loadRankingTruth(
  labelsPath: string,
  format: RankingFormat,
  space: QuerySpace | undefined,
): Promise<RankingTruth> {
  const columns = [format.queryColumn, format.resultColumn, ...(format.splitColumn ? [format.splitColumn] : [])];
  const matches = new Map<string, Set<string>>();
  const splitOf = new Map<string, string>();
  let at: number[] | undefined;
  let problem: string | undefined;
  const end = await scanCsv(labelsPath, (r: CsvRecord) => {
    const fields = recordFields(r);
    if (!at) {
      at = columns.map((c) => fields.indexOf(c));
      const missing = columns.filter((_, i) => at![i] === -1);
      if (missing.length > 0)
        problem = `the labels file ${labelsPath} has no column ${missing.map((c) => `"${c}"`).join(', ')} (its header: ${fields.join(',')}); fix the labels file or scoring: in competition.yml`;
      return problem === undefined;
    }
    const [query, result, split] = at.map((i) => fields[i] ?? '');
    let set = matches.get(query!);
    if (!set) {
      set = new Set();
      matches.set(query!, set);
    }
    set.add(result!);
    if (split !== undefined) {
      const before = splitOf.get(query!);
      if (before !== undefined && before !== split) {
        problem = `labels file ${labelsPath}, line ${r.line}: query ${show(query!)} is in two splits (${before}, ${split}); a query's rows must share one split`;
        return false;
      }
      splitOf.set(query!, split);
    }
    return true;
  }).catch(() => {
    throw new LabelsError(
      `the labels file ${labelsPath} cannot be read: check datasets.<name>.labels in competition.yml and that the file is on this machine`,
    );
  });
  if (end.kind === 'unterminated_quote')
    throw new LabelsError(`labels file ${labelsPath}, line ${end.line}: a quoted field never closes`);
  if (problem) throw new LabelsError(problem);
  if (!at) throw new LabelsError(`the labels file ${labelsPath} is empty`);
  if (space) {
    for (const query of space.databaseOf.keys()) if (!matches.has(query)) matches.set(query, new Set());
    for (const query of matches.keys()) {
      if (!space.databaseOf.has(query))
        throw new LabelsError(
          `${space.listedIn} does not list query ${show(query)}, which has labels in ${labelsPath}; list every query of the labels there`,
        );
    }
  }
  return { matches, splitOf, databaseOf: space?.databaseOf, databases: space?.databases, imageOf: space?.imageOf };
}

export interface Ranked {
  result: string;
  score: number;
}

export type RankingCheck =
  | { ok: true; predictions: Map<string, Ranked[]> }
  | { ok: false; message: string; hint: string; problems: string[] };

export async function checkRankingPredictions(
  path: string,
  truth: RankingTruth,
  format: RankingFormat,
): Promise<RankingCheck> {
  const header = [format.queryColumn, format.resultColumn, format.scoreColumn].join(',');
  const hint = `Write the header "${header}", then at most ${format.k} rows per query, each result from the query's database${format.excludeSelf ? ' and never the query itself' : ''}, with a ${format.scoreColumn} in [0, 1] (higher means more likely a match).`;
  const problems = new ProblemLog();
  const predictions = new Map<string, Ranked[]>();
  const lineOf = new Map<string, number>();
  let headerProblem: string | undefined;
  let headerSeen = false;
  let dataRows = 0;

  const end = await scanCsv(path, (r) => {
    if (!headerSeen) {
      headerSeen = true;
      const got = recordFields(r).join(',');
      if (got !== header) headerProblem = `line 1: the header is ${show(got)} but must be exactly ${show(header)}`;
      return headerProblem === undefined;
    }
    dataRows++;
    const line = r.line;
    if (r.count !== 3) {
      problems.add(
        'field_count',
        () =>
          `line ${line}: ${r.count} field${r.count === 1 ? '' : 's'} where the header has 3 (${header})${r.complete ? '' : '; this last line has no line end, so the file looks cut off'}`,
      );
      return;
    }
    const query = fieldText(r, 0);
    const result = fieldText(r, 1);
    const score = parseNumberBytes(r.buf, r.starts[2]!, r.ends[2]!);
    if (!truth.matches.has(query)) {
      problems.add(
        'unknown_query',
        () => `line ${line}: ${format.queryColumn} ${show(query)} is not a query of the test data; remove the row`,
      );
      return;
    }
    if (Number.isNaN(score)) {
      const text = fieldText(r, 2);
      const kind = classifyNonNumber(text);
      problems.add(
        kind,
        () =>
          `line ${line}, column ${format.scoreColumn}: ${show(text)} is ${kind === 'nan' ? 'NaN' : kind === 'infinite' ? 'infinite' : kind === 'empty_value' ? 'empty' : 'not a number'}; write a number in [0, 1]`,
      );
      return;
    }
    if (score < 0 || score > 1) {
      problems.add(
        'out_of_range',
        () =>
          `line ${line}, column ${format.scoreColumn}: ${fieldText(r, 2).trim()} is outside [0, 1]; scores must be in [0, 1]`,
      );
      return;
    }
    if (format.excludeSelf && (result === query || truth.imageOf?.get(query) === result)) {
      problems.add(
        'self_result',
        () =>
          `line ${line}: query ${show(query)} lists ${result === query ? 'itself' : `its own image ${show(result)}`} as a result; a query's own image is excluded from its database, remove the row`,
      );
      return;
    }
    const database = truth.databaseOf?.get(query);
    if (truth.databases && database !== undefined && !truth.databases.get(database)?.has(result)) {
      problems.add(
        'not_in_database',
        () =>
          `line ${line}: ${format.resultColumn} ${show(result)} is not in the database of query ${show(query)} (${database}); only return results from that database`,
      );
      return;
    }
    const pairKey = `${query}\u0000${result}`;
    const first = lineOf.get(pairKey);
    if (first !== undefined) {
      problems.add(
        'duplicate_result',
        () =>
          `line ${line}: query ${show(query)} lists ${show(result)} again (first on line ${first}); list each result once per query`,
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
        'too_many_results',
        () => `line ${line}: query ${show(query)} has more than ${format.k} results; keep the ${format.k} best`,
      );
    }
  });

  if (end.kind === 'unterminated_quote') {
    return {
      ok: false,
      message: `The predictions file has a quoted field that never closes (opened on line ${end.line}).`,
      hint,
      problems: [`line ${end.line}: a quoted field starts here and never closes`],
    };
  }
  if (!headerSeen)
    return { ok: false, message: 'The predictions file is empty.', hint, problems: ['the file has no lines'] };
  if (headerProblem)
    return { ok: false, message: 'The predictions file has the wrong header.', hint, problems: [headerProblem] };
  if (dataRows === 0)
    return {
      ok: false,
      message: 'The predictions file has a header but no rows.',
      hint,
      problems: ['no rows after the header'],
    };
  if (!problems.empty)
    return { ok: false, message: `The predictions file has ${problems.summary()}.`, hint, problems: problems.list() };
  return { ok: true, predictions };
}

/**
 * Average precision at k of one query's results against its true matches:
 * Σ over hits of precision at that hit, divided by min(true matches, k).
 *
 * `grouped`: results with equal scores form one group, ranked together; each hit in a group
 * counts the precision of the whole group (hits so far / results so far, at the group's
 * end). This is scikit-learn's average_precision_score, which thresholds at each distinct
 * score, rescaled by hits found / min(true matches, k) as DrivenData's beluga scorer does.
 * `file_order`: equal scores keep the order of the file and each result is its own step.
 *
 * `results` holds at most k entries (the predictions check refuses more); all are ranked.
 */
export function averagePrecisionAtK(
  results: readonly Ranked[],
  matches: ReadonlySet<string>,
  k: number,
  ties: TieRule,
): number {
  if (matches.size === 0) return NaN;
  // Stable: equal scores keep the order of the file (what `file_order` means; `grouped` ignores it).
  const ranked = [...results].sort((a, b) => b.score - a.score);
  let hits = 0;
  let sum = 0;
  for (let start = 0; start < ranked.length; ) {
    let end = start + 1;
    if (ties === 'grouped') while (end < ranked.length && ranked[end]!.score === ranked[start]!.score) end++;
    let groupHits = 0;
    for (let i = start; i < end; i++) if (matches.has(ranked[i]!.result)) groupHits++;
    hits += groupHits;
    sum += (groupHits * hits) / end;
    start = end;
  }
  return sum / Math.min(matches.size, k);
}

/** Mean AP@k over the queries (of one split, or all when split is null) that have at least one true match. */
export function meanAveragePrecisionAtK(
  truth: RankingTruth,
  predictions: Map<string, Ranked[]>,
  k: number,
  split: string | null,
  ties: TieRule,
): number {
  let sum = 0;
  let queries = 0;
  for (const [query, matches] of truth.matches) {
    if (matches.size === 0) continue;
    if (split !== null && truth.splitOf.get(query) !== split) continue;
    queries++;
    const list = predictions.get(query);
    if (!list) continue; // a query with no prediction scores 0
    sum += averagePrecisionAtK(list, matches, k, ties);
  }
  return queries === 0 ? NaN : sum / queries;
}
