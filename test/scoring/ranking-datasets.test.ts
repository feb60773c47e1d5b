/**
 * Issue 9.4: a ranking task's queries and databases belong to a dataset (the private test
 * queries have a place of their own), and DrivenData's layout (query_scenarios.csv with
 * queries/ and databases/ files) is read as it is. Real files, real competition.yml.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadCompetition, parseCompetition } from '../../src/config/load.js';
import { rankingProblems, scoringForDataset } from '../../src/scoring/dataset.js';
import { scorePredictions, type ScoreResult } from '../../src/scoring/score.js';
import { tempDir, writeIn } from './helpers.js';

/** Write files under `dir` ("a/b.csv": content), creating folders. */
async function files(dir: string, contents: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(contents)) {
    await mkdir(path.join(dir, path.dirname(name)), { recursive: true });
    await writeIn(dir, name, content);
  }
}

const HEADER = 'query_id,database_image_id,score\n';

// ---------------------------------------------------------------------------------------
// Holdout's layout, with the test dataset's own queries.

const perDataset = await tempDir();
await files(perDataset, {
  'competition.yml': `name: whales
datasets:
  smoke: { data: data, labels: smoke-labels.csv }
  test:
    data: private/data
    labels: private/labels.csv
    ranking: { queries: private/queries.csv }
scoring:
  id_column: query_id
  columns: [database_image_id, score]
  metric: map_at_k
  ranking: { k: 3, queries: data/queries.csv }
`,
  'data/queries.csv': 'query_id,database\nq1,east\n',
  'smoke-labels.csv': 'query_id,database_image_id\nq1,a\n',
  'private/data/.keep': '',
  'private/queries.csv': 'query_id,database\np1,west\np2,west\n',
  'private/labels.csv': 'query_id,database_image_id\np1,c\np2,d\n',
});
const predictions = await writeIn(perDataset, 'private-predictions.csv', `${HEADER}p1,c,0.9\np2,c,0.5\np2,d,0.5\n`);

test("datasets.test.ranking replaces scoring.ranking's files for the test dataset only", async () => {
  const loaded = await loadCompetition(perDataset);
  const test = scoringForDataset(loaded, 'test');
  assert.equal(test.ranking?.queries, 'private/queries.csv');
  assert.equal(test.ranking?.files_key, 'datasets.test.ranking');
  assert.equal(test.ranking?.k, 3);
  assert.equal(scoringForDataset(loaded, 'smoke').ranking?.queries, 'data/queries.csv');

  // p1: c first → 1; p2: c, d tied → the group of 2 holds d: 1 × (1/2) / 1 → mean 0.75.
  const scored = await scorePredictions({
    predictionsPath: predictions,
    labelsPath: path.join(perDataset, 'private/labels.csv'),
    scoring: test,
    competitionDir: perDataset,
  });
  assert.deepEqual(scored, { kind: 'scored', scores: { map_at_k: 0.75 }, primary: 'map_at_k', hidden: [] });

  // Scored against the smoke queries, the private queries are unknown.
  const smoke = await scorePredictions({
    predictionsPath: predictions,
    labelsPath: path.join(perDataset, 'smoke-labels.csv'),
    scoring: scoringForDataset(loaded, 'smoke'),
    competitionDir: perDataset,
  });
  assert.equal(smoke.kind, 'invalid');
  if (smoke.kind === 'invalid')
    assert.deepEqual(smoke.problems, [
      'line 2: query_id "p1" is not a query of the test data; remove the row',
      'line 3: query_id "p2" is not a query of the test data; remove the row',
      'line 4: query_id "p2" is not a query of the test data; remove the row',
    ]);
});

test('a per-dataset ranking file that is missing is caught before anything runs, naming the key, its line and the file', async () => {
  const dir = await tempDir();
  await files(dir, {
    'competition.yml': `name: whales
datasets:
  smoke: { data: data, labels: smoke-labels.csv }
  test:
    data: private/data
    labels: private/labels.csv
    ranking:
      queries: private/queries.csv
scoring:
  id_column: query_id
  columns: [database_image_id, score]
  metric: map_at_k
  ranking: { k: 3, queries: data/queries.csv }
`,
    'data/queries.csv': 'query_id,database\nq1,east\n',
  });
  const loaded = await loadCompetition(dir);
  const missing = path.join(dir, 'private/queries.csv');
  assert.deepEqual(await rankingProblems(loaded, 'test'), [
    `competition.yml:8: datasets.test.ranking.queries: ${missing} does not exist or cannot be read on this machine: put the file there, or write its path in competition.yml`,
  ]);
  assert.deepEqual(await rankingProblems(loaded, 'smoke'), []);

  // Had it not been checked first, scoring says the same, as the organizer's error (not the participant's).
  await files(dir, { 'private/labels.csv': 'query_id,database_image_id\np1,c\n' });
  const r = await scorePredictions({
    predictionsPath: predictions,
    labelsPath: path.join(dir, 'private/labels.csv'),
    scoring: scoringForDataset(loaded, 'test'),
    competitionDir: dir,
  });
  assert.equal(r.kind, 'error');
  if (r.kind === 'error')
    assert.equal(
      r.message,
      `datasets.test.ranking.queries: ${missing} does not exist or cannot be read on this machine: put the file there, or write its path in competition.yml`,
    );

  // A file without the columns it needs, and a query listed twice.
  await files(dir, { 'private/queries.csv': 'query,database\np1,west\n' });
  assert.deepEqual(await rankingProblems(loaded, 'test'), [
    `competition.yml:8: datasets.test.ranking.queries: ${missing} has no column "query_id" (its header: query,database); its header must hold query_id,database`,
  ]);
  await files(dir, { 'private/queries.csv': 'query_id,database\np1,west\np1,east\n' });
  assert.deepEqual(await rankingProblems(loaded, 'test'), [
    `competition.yml:8: datasets.test.ranking.queries: ${missing}, line 3: query "p1" is listed again (first on line 2); list each query once, with its database`,
  ]);
});

test('ranking keys that cannot work are refused when competition.yml is read', () => {
  const problems = (text: string) => {
    try {
      parseCompetition(text);
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e.problems;
    }
    assert.fail('expected a ConfigError');
  };
  const base = (datasets: string, ranking: string) => `name: t
datasets:
  smoke: { data: data, labels: labels.csv${datasets} }
scoring:
  id_column: query_id
  columns: [database_image_id, score]
  metric: map_at_k
  ranking: { k: 3${ranking} }
`;
  assert.deepEqual(problems(base('', ', databases: d.csv')), [
    'competition.yml:8: scoring.ranking.databases: needs queries next to it (which database each query searches)',
  ]);
  assert.deepEqual(problems(base('', ', queries: q.csv, scenarios: data/query_scenarios.csv')), [
    'competition.yml:8: scoring.ranking.scenarios: scenarios (a query_scenarios.csv) already names the queries and database file of each scenario: keep either scenarios or queries/databases',
  ]);
  assert.deepEqual(problems(base(', ranking: { databases: d.csv }', '')), [
    'competition.yml:3: datasets.smoke.ranking.databases: needs queries next to it (which database each query searches)',
  ]);
  assert.deepEqual(problems(base(', ranking: { quieries: q.csv }', '')), [
    'competition.yml:3: datasets.smoke.ranking: unknown key "quieries" (check the spelling; see schema/competition.schema.json)',
  ]);
  assert.deepEqual(
    problems(`name: t
datasets:
  smoke: { data: data, labels: labels.csv, ranking: { queries: q.csv } }
scoring:
  columns: [p]
`),
    [
      'competition.yml:3: datasets.smoke.ranking: applies to ranking tasks only: add scoring.ranking (with metric: map_at_k), or remove this key',
    ],
  );
});

// ---------------------------------------------------------------------------------------
// DrivenData's layout, as in drivendataorg/boem-belugas-runtime: data/query_scenarios.csv,
// data/queries/<scenario>.csv (query_id,query_image_id), data/databases/<scenario>.csv
// (database_image_id). Their file has appeared with relative paths and with absolute ones
// under /code_execution/data; both are read.

const beluga = await tempDir();
await files(beluga, {
  'competition.yml': `name: belugas
datasets:
  smoke:
    data: data
    labels: labels.csv
    ranking: { scenarios: data/query_scenarios.csv }
scoring:
  id_column: query_id
  columns: [database_image_id, score]
  metric: map_at_k
  ranking: { k: 3, exclude_self: true }
`,
  'data/query_scenarios.csv':
    'scenario_id,queries_path,database_path\nscenario01,queries/scenario01.csv,databases/scenario01.csv\nscenario02,/code_execution/data/queries/scenario02.csv,/code_execution/data/databases/scenario02.csv\n',
  'data/queries/scenario01.csv': 'query_id,query_image_id\nscenario01-train1,train1\nscenario01-train2,train2\n',
  'data/databases/scenario01.csv': 'database_image_id\ntrain1\ntrain2\ntrain3\ntrain4\ntrain5\n',
  'data/queries/scenario02.csv': 'query_id,query_image_id\nscenario02-train3,train3\n',
  'data/databases/scenario02.csv': 'database_image_id\ntrain1\ntrain6\n',
  'labels.csv':
    'query_id,database_image_id\nscenario01-train1,train2\nscenario01-train1,train4\nscenario01-train2,train1\nscenario02-train3,train6\n',
});
const belugaLoaded = await loadCompetition(beluga);
const belugaScoring = scoringForDataset(belugaLoaded, 'smoke');
let m = 0;
async function scoreBeluga(content: string): Promise<ScoreResult> {
  const predictionsPath = await writeIn(beluga, `pred-${m++}.csv`, content);
  return scorePredictions({
    predictionsPath,
    labelsPath: path.join(beluga, 'labels.csv'),
    scoring: belugaScoring,
    competitionDir: beluga,
  });
}

test("DrivenData's query_scenarios.csv is read as it is, relative and /code_execution/data paths alike; ties scored as their scorer does", async () => {
  assert.deepEqual(await rankingProblems(belugaLoaded, 'smoke'), []);
  // scenario01-train1: train3, train2, train4 tied → 2 hits in a group of 3: 2 × (2/3) / 2 = 2/3.
  // scenario01-train2: train1, train3 tied → 1 × (1/2) / 1 = 1/2.   scenario02-train3: train6 first → 1.
  const r = await scoreBeluga(
    `${HEADER}scenario01-train1,train3,0.5\nscenario01-train1,train2,0.5\nscenario01-train1,train4,0.5\nscenario01-train2,train1,0.5\nscenario01-train2,train3,0.5\nscenario02-train3,train6,0.8\nscenario02-train3,train1,0.2\n`,
  );
  assert.equal(r.kind, 'scored', JSON.stringify(r));
  if (r.kind === 'scored')
    assert.ok(Math.abs(r.scores.map_at_k! - (2 / 3 + 1 / 2 + 1) / 3) < 1e-12, String(r.scores.map_at_k));
});

test("DrivenData's layout: a query's own image (query_image_id) and a result outside its scenario's database are refused", async () => {
  const r = await scoreBeluga(
    `${HEADER}scenario01-train1,train1,0.9\nscenario01-train1,train2,0.5\nscenario02-train3,train2,0.5\nscenario02-train3,train6,0.4\n`,
  );
  assert.equal(r.kind, 'invalid');
  if (r.kind !== 'invalid') return;
  assert.deepEqual(r.problems, [
    'line 2: query "scenario01-train1" lists its own image "train1" as a result; a query\'s own image is excluded from its database, remove the row',
    'line 4: database_image_id "train2" is not in the database of query "scenario02-train3" (scenario02); only return results from that database',
  ]);
});

test("DrivenData's layout: a missing scenario file, a path outside the data folder and a query in two scenarios are named with their row", async () => {
  const dir = await tempDir();
  const yml = (await import('node:fs/promises')).readFile(path.join(beluga, 'competition.yml'), 'utf8');
  await files(dir, {
    'competition.yml': await yml,
    'data/query_scenarios.csv':
      'scenario_id,queries_path,database_path\nscenario01,queries/scenario01.csv,databases/scenario01.csv\n',
    'data/queries/scenario01.csv': 'query_id,query_image_id\nscenario01-train1,train1\n',
  });
  const loaded = await loadCompetition(dir);
  const scenarios = path.join(dir, 'data/query_scenarios.csv');
  assert.deepEqual(await rankingProblems(loaded, 'smoke'), [
    `competition.yml:6: datasets.smoke.ranking.scenarios: ${scenarios}, line 2 (scenario "scenario01"): database_path ${path.join(dir, 'data/databases/scenario01.csv')} does not exist or cannot be read on this machine: put the file there, or fix that row of query_scenarios.csv`,
  ]);

  await files(dir, {
    'data/query_scenarios.csv':
      'scenario_id,queries_path,database_path\nscenario01,/srv/queries/scenario01.csv,databases/scenario01.csv\n',
  });
  assert.deepEqual(await rankingProblems(loaded, 'smoke'), [
    `competition.yml:6: datasets.smoke.ranking.scenarios: ${scenarios}, line 2: queries_path "/srv/queries/scenario01.csv" is an absolute path outside the data folder the sandbox sees (/code_execution/data); write it relative to the folder of query_scenarios.csv (e.g. queries/scenario01.csv)`,
  ]);

  await files(dir, {
    'data/query_scenarios.csv':
      'scenario_id,queries_path,database_path\nscenario01,queries/scenario01.csv,databases/scenario01.csv\nscenario02,queries/scenario01.csv,databases/scenario01.csv\n',
    'data/databases/scenario01.csv': 'database_image_id\ntrain2\n',
  });
  assert.deepEqual(await rankingProblems(loaded, 'smoke'), [
    `competition.yml:6: datasets.smoke.ranking.scenarios: ${scenarios}, line 3 (scenario "scenario02"): ${path.join(dir, 'data/queries/scenario01.csv')}, line 2: query "scenario01-train1" is also in scenario "scenario01"; a query id must be unique across scenarios (DrivenData prefixes it with the scenario)`,
  ]);
});
