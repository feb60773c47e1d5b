/**
 * Ranking tasks (image retrieval, e.g. DrivenData's "Where's Whale-do?"): for each query
 * the participant lists up to k results with a score in [0, 1]; the metric is mean
 * average precision at k.
 *
 *   predictions: <id_column>,<columns[0]>,<columns[1]>   e.g. query_id,database_image_id,score
 *   labels:      <id_column>,<columns[0]>[,<split>]      one row per true match
 *   queries:     <id_column>,database                    optional: each query's database
 *   databases:   database,<columns[0]>                   optional: the results a database holds
 *
 * Choices (docs/scoring.md compares them with the beluga scorer): a query with no
 * prediction scores 0; a repeated (query, result) pair is rejected, not merged; ties in
 * score keep the order of the file; AP@k divides by min(true matches, k), so a perfect
 * top k scores 1; queries with no true match are left out of the mean.
 */
import { fieldText, recordFields, scanCsv, type CsvRecord } from './csv-scanner.js';
import { LabelsError } from './labels.js';
import { classifyNonNumber, parseNumberBytes } from './parse-number.js';
import { ProblemLog, show } from './problems.js';

export interface RankingFormat {
  queryColumn: string;
  resultColumn: string;
  scoreColumn: string;
  k: number;
  excludeSelf: boolean;
  splitColumn?: string | undefined;
}

export interface RankingTruth {
  /** True matches of each query (queries from the labels, plus those of the queries file with none). */
  matches: Map<string, Set<string>>;
  /** Split of each query that has labels. */
  splitOf: Map<string, string>;
  /** Database each query searches, when a queries file is given. */
  databaseOf: Map<string, string> | undefined;
  /** Results each database allows, when a databases file is given. */
  databases: Map<string, Set<string>> | undefined;
}

/** Read a small organizer CSV by column names (these files have thousands of rows, not millions). */
async function readTable(path: string, columns: string[], what: string): Promise<string[][]> {
  const rows: string[][] = [];
  let at: number[] | undefined;
  let problem: string | undefined;
  const end = await scanCsv(path, (r: CsvRecord) => {
    const fields = recordFields(r);
    if (!at) {
      at = columns.map((c) => fields.indexOf(c));
      const missing = columns.filter((_, i) => at![i] === -1);
      if (missing.length > 0) problem = `the ${what} file ${path} has no column ${missing.map((c) => `"${c}"`).join(', ')} (its header: ${fields.join(',')})`;
      return problem === undefined;
    }
    rows.push(at.map((i) => fields[i] ?? ''));
    return true;
  }).catch(() => {
    throw new LabelsError(`the ${what} file ${path} cannot be read: check scoring: in competition.yml and that the file is on this machine`);
  });
  if (end.kind === 'unterminated_quote') throw new LabelsError(`${what} file ${path}, line ${end.line}: a quoted field never closes`);
  if (problem) throw new LabelsError(problem);
  if (!at) throw new LabelsError(`the ${what} file ${path} is empty`);
  return rows;
}

export async function loadRankingTruth(
  labelsPath: string,
  format: RankingFormat,
  queriesPath: string | undefined,
  databasesPath: string | undefined,
): Promise<RankingTruth> {
  const columns = [format.queryColumn, format.resultColumn, ...(format.splitColumn ? [format.splitColumn] : [])];
  const matches = new Map<string, Set<string>>();
  const splitOf = new Map<string, string>();
  for (const [query, result, split] of await readTable(labelsPath, columns, 'labels')) {
    let set = matches.get(query!);
    if (!set) matches.set(query!, (set = new Set()));
    set.add(result!);
    if (split !== undefined) {
      const before = splitOf.get(query!);
      if (before !== undefined && before !== split) throw new LabelsError(`labels file ${labelsPath}: query ${show(query!)} is in two splits (${before}, ${split}); a query's rows must share one split`);
      splitOf.set(query!, split);
    }
  }
  let databaseOf: Map<string, string> | undefined;
  if (queriesPath) {
    databaseOf = new Map();
    for (const [query, database] of await readTable(queriesPath, [format.queryColumn, 'database'], 'queries')) {
      databaseOf.set(query!, database!);
      if (!matches.has(query!)) matches.set(query!, new Set());
    }
    for (const query of matches.keys()) {
      if (!databaseOf.has(query)) throw new LabelsError(`the queries file ${queriesPath} does not list query ${show(query)}, which has labels`);
    }
  }
  let databases: Map<string, Set<string>> | undefined;
  if (databasesPath) {
    if (!databaseOf) throw new LabelsError('scoring.ranking.databases needs scoring.ranking.queries (which database each query searches)');
    databases = new Map();
    for (const [database, result] of await readTable(databasesPath, ['database', format.resultColumn], 'databases')) {
      let set = databases.get(database!);
      if (!set) databases.set(database!, (set = new Set()));
      set.add(result!);
    }
  }
  return { matches, splitOf, databaseOf, databases };
}

interface Ranked {
  result: string;
  score: number;
}

export type RankingCheck =
  | { ok: true; predictions: Map<string, Ranked[]> }
  | { ok: false; message: string; hint: string; problems: string[] };

export async function checkRankingPredictions(path: string, truth: RankingTruth, format: RankingFormat): Promise<RankingCheck> {
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
      problems.add('field_count', () => `line ${line}: ${r.count} field${r.count === 1 ? '' : 's'} where the header has 3 (${header})${r.complete ? '' : '; this last line has no line end, so the file looks cut off'}`);
      return;
    }
    const query = fieldText(r, 0);
    const result = fieldText(r, 1);
    const score = parseNumberBytes(r.buf, r.starts[2]!, r.ends[2]!);
    if (!truth.matches.has(query)) {
      problems.add('unknown_query', () => `line ${line}: ${format.queryColumn} ${show(query)} is not a query of the test data; remove the row`);
      return;
    }
    if (Number.isNaN(score)) {
      const text = fieldText(r, 2);
      const kind = classifyNonNumber(text);
      problems.add(kind, () => `line ${line}, column ${format.scoreColumn}: ${show(text)} is ${kind === 'nan' ? 'NaN' : kind === 'infinite' ? 'infinite' : kind === 'empty_value' ? 'empty' : 'not a number'}; write a number in [0, 1]`);
      return;
    }
    if (score < 0 || score > 1) {
      problems.add('out_of_range', () => `line ${line}, column ${format.scoreColumn}: ${fieldText(r, 2).trim()} is outside [0, 1]; scores must be in [0, 1]`);
      return;
    }
    if (format.excludeSelf && result === query) {
      problems.add('self_result', () => `line ${line}: query ${show(query)} lists itself as a result; a query's own image is excluded from its database, remove the row`);
      return;
    }
    const database = truth.databaseOf?.get(query);
    if (truth.databases && database !== undefined && !truth.databases.get(database)?.has(result)) {
      problems.add('not_in_database', () => `line ${line}: ${format.resultColumn} ${show(result)} is not in the database of query ${show(query)} (${database}); only return results from that database`);
      return;
    }
    const pairKey = `${query}\u0000${result}`;
    const first = lineOf.get(pairKey);
    if (first !== undefined) {
      problems.add('duplicate_result', () => `line ${line}: query ${show(query)} lists ${show(result)} again (first on line ${first}); list each result once per query`);
      return;
    }
    lineOf.set(pairKey, line);
    let list = predictions.get(query);
    if (!list) predictions.set(query, (list = []));
    list.push({ result, score });
    if (list.length === format.k + 1) {
      problems.add('too_many_results', () => `line ${line}: query ${show(query)} has more than ${format.k} results; keep the ${format.k} best`);
    }
  });

  if (end.kind === 'unterminated_quote') {
    return { ok: false, message: `The predictions file has a quoted field that never closes (opened on line ${end.line}).`, hint, problems: [`line ${end.line}: a quoted field starts here and never closes`] };
  }
  if (!headerSeen) return { ok: false, message: 'The predictions file is empty.', hint, problems: ['the file has no lines'] };
  if (headerProblem) return { ok: false, message: 'The predictions file has the wrong header.', hint, problems: [headerProblem] };
  if (dataRows === 0) return { ok: false, message: 'The predictions file has a header but no rows.', hint, problems: ['no rows after the header'] };
  if (!problems.empty) return { ok: false, message: `The predictions file has ${problems.summary()}.`, hint, problems: problems.list() };
  return { ok: true, predictions };
}

/** Average precision at k of one ranked list (already in rank order) against the true matches. */
export function averagePrecisionAtK(ranked: readonly string[], matches: ReadonlySet<string>, k: number): number {
  if (matches.size === 0) return NaN;
  let hits = 0;
  let sum = 0;
  const depth = Math.min(k, ranked.length);
  for (let i = 0; i < depth; i++) {
    if (matches.has(ranked[i]!)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / Math.min(matches.size, k);
}

/** Mean AP@k over the queries (of one split, or all when split is null) that have at least one true match. */
export function meanAveragePrecisionAtK(truth: RankingTruth, predictions: Map<string, Ranked[]>, k: number, split: string | null): number {
  let sum = 0;
  let queries = 0;
  for (const [query, matches] of truth.matches) {
    if (matches.size === 0) continue;
    if (split !== null && truth.splitOf.get(query) !== split) continue;
    queries++;
    const list = predictions.get(query);
    if (!list) continue; // a query with no prediction scores 0
    // Stable sort: equal scores keep the order of the file.
    const ranked = [...list].sort((a, b) => b.score - a.score).map((x) => x.result);
    sum += averagePrecisionAtK(ranked, matches, k);
  }
  return queries === 0 ? NaN : sum / queries;
}
