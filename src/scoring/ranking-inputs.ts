/**
 * The queries and databases of a ranking task, for one dataset: which database each query
 * searches, and which results each database holds. Organizer files, read outside the
 * container; a problem in them is the organizer's (RankingFileError, a LabelsError).
 *
 * Two layouts:
 *
 *   Holdout's    queries:    <id_column>,database          every query, even those with no match
 *                databases:  database,<columns[0]>         optional: the results a database holds
 *
 *   DrivenData's scenarios:  scenario_id,queries_path,database_path     (their query_scenarios.csv)
 *                each queries file:   <id_column>[,query_image_id]      (queries/scenario01.csv)
 *                each database file:  <columns[0]>                      (databases/scenario01.csv)
 *
 * In DrivenData's layout a scenario is a database, and a query's query_image_id is its own
 * image (what exclude_self refuses as a result). Paths in query_scenarios.csv are relative to
 * its own folder (queries/scenario01.csv) or absolute under container.data_dir
 * (/code_execution/data/queries/scenario01.csv): both forms appear in their repositories.
 */
import path from 'node:path';
import { recordFields, scanCsv, type CsvRecord } from './csv-scanner.js';
import { LabelsError } from './labels.js';
import { show } from './problems.js';

/** Host paths of the files of one dataset, and the competition.yml key that named them. */
export interface RankingFiles {
  queries?: string | undefined;
  databases?: string | undefined;
  scenarios?: string | undefined;
  /** "scoring.ranking" or "datasets.<name>.ranking". */
  key: string;
  /** Where the dataset's data folder is mounted in the sandbox, and where it is on this machine. */
  dataMount?: { container: string; host: string } | undefined;
}

export interface QuerySpace {
  /** The database (Holdout) or scenario (DrivenData) each listed query searches. */
  databaseOf: Map<string, string>;
  /** The results each database holds, when known. */
  databases: Map<string, Set<string>> | undefined;
  /** Each query's own image (DrivenData's query_image_id), when its queries file has that column. */
  imageOf: Map<string, string> | undefined;
  /** Where the queries are listed, for messages: 'datasets.test.ranking.queries (/srv/q.csv)'. */
  listedIn: string;
}

/** A problem in a ranking file: `keyPath` is the competition.yml key that leads to it. */
export class RankingFileError extends LabelsError {
  constructor(
    readonly keyPath: string[],
    /** The message without its key: "/srv/q.csv does not exist …". */
    readonly detail: string,
  ) {
    super(`${keyPath.join('.')}: ${detail}`);
  }
}

export const IMAGE_COLUMN = 'query_image_id';

interface Table {
  rows: { line: number; values: string[] }[];
  /** For each optional column, whether the header has it. */
  has: boolean[];
}

/**
 * Read a small organizer CSV by column names (thousands of rows, not millions).
 * `required` must all be in the header; `optional` may be; values come required first.
 */
async function readTable(
  file: string,
  keyPath: string[],
  where: string,
  required: string[],
  optional: string[] = [],
): Promise<Table> {
  const fail = (detail: string): never => {
    throw new RankingFileError(keyPath, `${where}${detail}`);
  };
  const header = [...required, ...optional.map((c) => `[${c}]`)].join(',').replace(',[', '[,');
  const rows: Table['rows'] = [];
  let at: number[] | undefined;
  let has: boolean[] = [];
  let missing: string[] = [];
  let seen: string[] = [];
  const end = await scanCsv(file, (r: CsvRecord) => {
    const fields = recordFields(r);
    if (!at) {
      seen = fields;
      at = [...required, ...optional].map((c) => fields.indexOf(c));
      missing = required.filter((_, i) => at![i] === -1);
      has = optional.map((_, i) => at![required.length + i] !== -1);
      return missing.length === 0;
    }
    rows.push({ line: r.line, values: at.map((i) => (i === -1 ? '' : (fields[i] ?? ''))) });
    return true;
  }).catch(() =>
    fail(
      `${file} does not exist or cannot be read on this machine: put the file there, or ${where ? 'fix that row of query_scenarios.csv' : 'write its path in competition.yml'}`,
    ),
  );
  if (end.kind === 'unterminated_quote')
    fail(`${file}, line ${end.line}: a quoted field never closes; close the quote`);
  if (!at) fail(`${file} is empty: its first line must be the header ${header}`);
  if (missing.length > 0)
    fail(
      `${file} has no column ${missing.map((c) => `"${c}"`).join(', ')} (its header: ${seen.join(',')}); its header must hold ${header}`,
    );
  return { rows, has };
}

/**
 * A path written in query_scenarios.csv, on this machine: relative to the scenarios file's
 * folder, or absolute under the sandbox's data folder (mapped to the dataset's data folder).
 */
function scenarioPath(
  written: string,
  scenariosFile: string,
  mount: RankingFiles['dataMount'],
): string | { problem: string } {
  if (written === '') return { problem: 'is empty; write the path of the file' };
  if (!path.posix.isAbsolute(written)) return path.resolve(path.dirname(scenariosFile), written);
  if (mount && (written === mount.container || written.startsWith(`${mount.container}/`))) {
    return path.join(mount.host, written.slice(mount.container.length));
  }
  return {
    problem: `is an absolute path outside the data folder the sandbox sees (${mount?.container ?? 'container.data_dir'}); write it relative to the folder of query_scenarios.csv (e.g. queries/scenario01.csv)`,
  };
}

/** Read the query and database files, or undefined when the task lists none. */
export async function loadQuerySpace(
  files: RankingFiles,
  columns: { query: string; result: string },
): Promise<QuerySpace | undefined> {
  if (files.scenarios) return loadScenarios(files, files.scenarios, columns);
  if (!files.queries) return undefined;
  const queriesKey = [...files.key.split('.'), 'queries'];
  const databaseOf = new Map<string, string>();
  const firstLine = new Map<string, number>();
  const queries = await readTable(files.queries, queriesKey, '', [columns.query, 'database']);
  for (const {
    line,
    values: [query, database],
  } of queries.rows) {
    const before = firstLine.get(query!);
    if (before !== undefined) {
      throw new RankingFileError(
        queriesKey,
        `${files.queries}, line ${line}: query ${show(query!)} is listed again (first on line ${before}); list each query once, with its database`,
      );
    }
    firstLine.set(query!, line);
    databaseOf.set(query!, database!);
  }
  let databases: Map<string, Set<string>> | undefined;
  if (files.databases) {
    databases = new Map();
    const table = await readTable(files.databases, [...files.key.split('.'), 'databases'], '', [
      'database',
      columns.result,
    ]);
    for (const {
      values: [database, result],
    } of table.rows) {
      let set = databases.get(database!);
      if (!set) {
        set = new Set();
        databases.set(database!, set);
      }
      set.add(result!);
    }
  }
  return { databaseOf, databases, imageOf: undefined, listedIn: `${queriesKey.join('.')} (${files.queries})` };
}

async function loadScenarios(
  files: RankingFiles,
  scenariosFile: string,
  columns: { query: string; result: string },
): Promise<QuerySpace> {
  const key = [...files.key.split('.'), 'scenarios'];
  const table = await readTable(scenariosFile, key, '', ['scenario_id', 'queries_path', 'database_path']);
  const databaseOf = new Map<string, string>();
  const databases = new Map<string, Set<string>>();
  const imageOf = new Map<string, string>();
  let anyImage = false;
  const scenarioLine = new Map<string, number>();
  for (const {
    line,
    values: [scenario, queriesPath, databasePath],
  } of table.rows) {
    const at = `${scenariosFile}, line ${line}`;
    if (scenario === '') throw new RankingFileError(key, `${at}: scenario_id is empty; name the scenario`);
    const before = scenarioLine.get(scenario!);
    if (before !== undefined)
      throw new RankingFileError(
        key,
        `${at}: scenario ${show(scenario!)} is listed again (first on line ${before}); list each scenario once`,
      );
    scenarioLine.set(scenario!, line);
    const resolve = (column: string, written: string): string => {
      const p = scenarioPath(written, scenariosFile, files.dataMount);
      if (typeof p !== 'string') throw new RankingFileError(key, `${at}: ${column} ${show(written)} ${p.problem}`);
      return p;
    };
    const queriesFile = resolve('queries_path', queriesPath!);
    const databaseFile = resolve('database_path', databasePath!);
    const where = `${at} (scenario ${show(scenario!)}): `;
    const queries = await readTable(queriesFile, key, `${where}queries_path `, [columns.query], [IMAGE_COLUMN]);
    anyImage ||= queries.has[0]!;
    for (const {
      line: queryLine,
      values: [query, image],
    } of queries.rows) {
      const other = databaseOf.get(query!);
      if (other !== undefined) {
        throw new RankingFileError(
          key,
          `${where}${queriesFile}, line ${queryLine}: query ${show(query!)} is also in scenario ${show(other)}; a query id must be unique across scenarios (DrivenData prefixes it with the scenario)`,
        );
      }
      databaseOf.set(query!, scenario!);
      if (queries.has[0] && image !== '') imageOf.set(query!, image!);
    }
    const database = await readTable(databaseFile, key, `${where}database_path `, [columns.result]);
    databases.set(scenario!, new Set(database.rows.map((r) => r.values[0]!)));
  }
  return {
    databaseOf,
    databases,
    imageOf: anyImage ? imageOf : undefined,
    listedIn: `${key.join('.')} (${scenariosFile})`,
  };
}
