/** Ranking tasks: checks (k, database, leave-one-out, duplicates, scores in [0, 1]) and mAP@k. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoringSection } from '../../src/config/scoring.js';
import { scorePredictions, type ScoreResult } from '../../src/scoring/score.js';
import { tempDir, writeIn } from './helpers.js';

const dir = await tempDir();
const labelsPath = await writeIn(dir, 'labels.csv', 'query_id,database_image_id\nq1,a\nq1,b\nq2,c\n');
await writeIn(dir, 'queries.csv', 'query_id,database\nq1,east\nq2,west\nq3,west\n');
await writeIn(
  dir,
  'databases.csv',
  'database,database_image_id\neast,a\neast,b\neast,q1\neast,x\nwest,c\nwest,d\nwest,q2\n',
);
const scoring = scoringSection.parse({
  id_column: 'query_id',
  columns: ['database_image_id', 'score'],
  metric: 'map_at_k',
  ranking: { k: 2, exclude_self: true, queries: 'queries.csv', databases: 'databases.csv' },
});

let n = 0;
async function score(content: string): Promise<ScoreResult> {
  const predictionsPath = await writeIn(dir, `pred-${n++}.csv`, content);
  return scorePredictions({ predictionsPath, labelsPath, scoring, competitionDir: dir });
}

test('mAP@k: ranks by score, missing queries score 0, queries with no true match are left out', async () => {
  // q1: x (miss) then a (hit at 2) → AP = (1/2) / min(2, 2) = 0.25. q2 missing → 0. q3 has no match: not counted.
  const r = await score('query_id,database_image_id,score\nq1,a,0.4\nq1,x,0.9\n');
  assert.deepEqual(r, { kind: 'scored', scores: { map_at_k: 0.125 }, primary: 'map_at_k', hidden: [] });
  const perfect = await score('query_id,database_image_id,score\nq1,a,0.9\nq1,b,0.8\nq2,c,1\nq3,d,0.5\n');
  assert.deepEqual(perfect, { kind: 'scored', scores: { map_at_k: 1 }, primary: 'map_at_k', hidden: [] });
});

test('more than k results, the query itself, a result outside the database, a duplicate, an unknown query and a score above 1 are rejected', async () => {
  const r = await score(
    'query_id,database_image_id,score\nq1,a,0.9\nq1,q1,0.8\nq1,c,0.5\nq1,b,0.7\nq1,x,0.1\nq2,c,0.5\nq2,c,0.4\nq9,a,0.3\nq2,d,1.5\n',
  );
  assert.equal(r.kind, 'invalid');
  if (r.kind !== 'invalid') return;
  assert.equal(
    r.message,
    "The predictions file has 1 value out of range, 1 unknown query, 1 query with too many results, 1 duplicated result, 1 query that returns itself, 1 result outside the query's database.",
  );
  assert.deepEqual(r.problems, [
    'line 3: query "q1" lists itself as a result; a query\'s own image is excluded from its database, remove the row',
    'line 4: database_image_id "c" is not in the database of query "q1" (east); only return results from that database',
    'line 6: query "q1" has more than 2 results; keep the 2 best',
    'line 8: query "q2" lists "c" again (first on line 7); list each result once per query',
    'line 9: query_id "q9" is not a query of the test data; remove the row',
    'line 10, column score: 1.5 is outside [0, 1]; scores must be in [0, 1]',
  ]);
});

// ---------------------------------------------------------------------------------------
// Issue 9.3: ties. scikit-learn's average_precision_score (DrivenData's scorer) ranks tied
// scores as one group; the order of the file counts only with `ties: file_order`.

const tieLabels = await writeIn(dir, 'tie-labels.csv', 'query_id,database_image_id\nq1,a\nq1,b\nq2,c\n');
const tieScoring = (metric: unknown) =>
  scoringSection.parse({ id_column: 'query_id', columns: ['database_image_id', 'score'], metric, ranking: { k: 4 } });

async function scoreTies(metric: unknown, content: string): Promise<number> {
  const predictionsPath = await writeIn(dir, `pred-${n++}.csv`, content);
  const r = await scorePredictions({
    predictionsPath,
    labelsPath: tieLabels,
    scoring: tieScoring(metric),
    competitionDir: dir,
  });
  assert.equal(r.kind, 'scored', JSON.stringify(r));
  return r.kind === 'scored' ? r.scores[r.primary]! : NaN;
}

const close = (got: number, expected: number) =>
  assert.ok(Math.abs(got - expected) < 1e-12, `got ${got}, expected ${expected}`);

test("ties: every result of a query tied scores the group's precision by default, the file order only with ties: file_order", async () => {
  // q1: a, x, b, y all at 0.5 → one group of 4 holding both matches: 2 × (2/4) / 2 = 0.5.
  // q2: c, z both at 0.9 → 1 × (1/2) / 1 = 0.5. Keeping the file order would give q1 (1 + 2/3) / 2, q2 1.
  const allTied = 'query_id,database_image_id,score\nq1,a,0.5\nq1,x,0.5\nq1,b,0.5\nq1,y,0.5\nq2,c,0.9\nq2,z,0.9\n';
  close(await scoreTies('map_at_k', allTied), 0.5);
  close(await scoreTies({ name: 'map_at_k', ties: 'grouped' }, allTied), 0.5);
  close(await scoreTies({ name: 'map_at_k', ties: 'file_order' }, allTied), (5 / 6 + 1) / 2);
});

test('ties: a tied group in the middle of a ranking, and a match listed after a tied miss', async () => {
  // q1: x 0.9 (miss), then a, b tied at 0.5 → the group ends at rank 3 with 2 hits: 2 × (2/3) / 2 = 2/3;
  //     in file order: a at 2, b at 3 → (1/2 + 2/3) / 2 = 7/12.
  // q2: z, c tied at 0.9, z first in the file → grouped 1/2; in file order c is at rank 2 → 1/2 too.
  const content = 'query_id,database_image_id,score\nq1,x,0.9\nq1,a,0.5\nq1,b,0.5\nq1,y,0.1\nq2,z,0.9\nq2,c,0.9\n';
  close(await scoreTies('map_at_k', content), (2 / 3 + 1 / 2) / 2);
  close(await scoreTies({ name: 'map_at_k', ties: 'file_order' }, content), (7 / 12 + 1 / 2) / 2);
  // Reordering tied rows changes nothing by default; it changes the file-order score.
  const reordered = 'query_id,database_image_id,score\nq1,x,0.9\nq1,b,0.5\nq1,a,0.5\nq1,y,0.1\nq2,c,0.9\nq2,z,0.9\n';
  close(await scoreTies('map_at_k', reordered), (2 / 3 + 1 / 2) / 2);
  close(await scoreTies({ name: 'map_at_k', ties: 'file_order' }, reordered), (7 / 12 + 1) / 2);
});

test("ties: the option is map_at_k's only, and only grouped or file_order", () => {
  const problems = (input: unknown) => {
    const r = scoringSection.safeParse(input);
    assert.equal(r.success, false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  assert.deepEqual(problems({ columns: ['p'], metric: { name: 'log_loss', ties: 'grouped' } }), [
    'metric: "ties" applies to map_at_k only',
  ]);
  assert.deepEqual(problems({ id_column: 'q', columns: ['r', 's'], metric: { name: 'map_at_k', ties: 'random' } }), [
    'metric: ties: Invalid option: expected one of "grouped"|"file_order"',
  ]);
});
