/**
 * Scoring for one dataset: what of competition.yml's scoring applies to smoke or test.
 *
 * A ranking task's query and database files belong to a dataset: the smoke queries are
 * public, the private test queries are not. `datasets.<name>.ranking` replaces the files of
 * `scoring.ranking` (queries, databases, scenarios: all three together; `{}` means none) for
 * that dataset; k and exclude_self stay competition-wide.
 *
 * rankingProblems reads those files when a run or a score is about to use the dataset, so a
 * missing or malformed one stops it before anything runs, naming the key, its line and the file.
 */
import { resolveFromCompetition, type LoadedCompetition } from '../config/load.js';
import type { Competition, DatasetName } from '../config/schema.js';
import type { ScoringSection } from '../config/scoring.js';
import { loadQuerySpace, RankingFileError, type RankingFiles } from './ranking-inputs.js';

/** competition.yml's scoring section as it applies to dataset `name`. Pure. */
export function scoringForDataset(
  competition: { dir: string; config: Competition },
  name: DatasetName,
): ScoringSection {
  const { config } = competition;
  const dataset = config.datasets[name];
  const scoring = config.scoring;
  if (!dataset) return scoring;
  const own = dataset.ranking;
  const ranking =
    scoring.ranking && own
      ? {
          ...scoring.ranking,
          queries: own.queries,
          databases: own.databases,
          scenarios: own.scenarios,
          files_key: `datasets.${name}.ranking`,
        }
      : scoring.ranking;
  return {
    ...scoring,
    ranking,
    dataset: {
      name,
      data: resolveFromCompetition(competition.dir, dataset.data),
      data_in_container: config.container.data_dir,
    },
  };
}

/** The ranking files of a scoring section, as host paths; undefined for a task that is not ranking. */
export function rankingFilesOf(scoring: ScoringSection, competitionDir: string): RankingFiles | undefined {
  const ranking = scoring.ranking;
  if (!ranking) return undefined;
  const resolve = (p: string | undefined) => (p ? resolveFromCompetition(competitionDir, p) : undefined);
  return {
    queries: resolve(ranking.queries),
    databases: resolve(ranking.databases),
    scenarios: resolve(ranking.scenarios),
    key: ranking.files_key,
    dataMount: scoring.dataset
      ? { container: scoring.dataset.data_in_container, host: scoring.dataset.data }
      : undefined,
  };
}

/**
 * What is wrong with the ranking files of dataset `name` on this machine, each message as
 * "competition.yml:14: datasets.test.ranking.queries: /srv/q.csv does not exist …". Empty when
 * all is well or the task is not ranking. Reads every file (they are small): missing files,
 * missing columns, a query listed twice, a path in query_scenarios.csv that leads nowhere.
 */
export async function rankingProblems(c: LoadedCompetition, name: DatasetName): Promise<string[]> {
  const scoring = scoringForDataset(c, name);
  const files = rankingFilesOf(scoring, c.dir);
  if (!files) return [];
  try {
    await loadQuerySpace(files, { query: scoring.id_column, result: scoring.columns[0]! });
    return [];
  } catch (e) {
    if (e instanceof RankingFileError) return [`${c.at(e.keyPath)}${e.detail}`];
    throw e;
  }
}
