/** Ranking tasks: checks (k, database, leave-one-out, duplicates, scores in [0, 1]) and mAP@k. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoringSection } from '../../src/config/scoring.js';
import { scorePredictions, type ScoreResult } from '../../src/scoring/score.js';
import { tempDir, writeIn } from './helpers.js';

const dir = await tempDir();
const labelsPath = await writeIn(dir, 'labels.csv', 'query_id,database_image_id\nq1,a\nq1,b\nq2,c\n');
await writeIn(dir, 'queries.csv', 'query_id,database\nq1,east\nq2,west\nq3,west\n');
await writeIn(dir, 'databases.csv', 'database,database_image_id\neast,a\neast,b\neast,q1\neast,x\nwest,c\nwest,d\nwest,q2\n');
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
  const r = await score('query_id,database_image_id,score\nq1,a,0.9\nq1,q1,0.8\nq1,c,0.5\nq1,b,0.7\nq1,x,0.1\nq2,c,0.5\nq2,c,0.4\nq9,a,0.3\nq2,d,1.5\n');
  assert.equal(r.kind, 'invalid');
  if (r.kind !== 'invalid') return;
  assert.equal(r.message, 'The predictions file has 1 value out of range, 1 unknown query, 1 query with too many results, 1 duplicated result, 1 query that returns itself, 1 result outside the query\'s database.');
  assert.deepEqual(r.problems, [
    'line 3: query "q1" lists itself as a result; a query\'s own image is excluded from its database, remove the row',
    'line 4: database_image_id "c" is not in the database of query "q1" (east); only return results from that database',
    'line 6: query "q1" has more than 2 results; keep the 2 best',
    'line 8: query "q2" lists "c" again (first on line 7); list each result once per query',
    'line 9: query_id "q9" is not a query of the test data; remove the row',
    'line 10, column score: 1.5 is outside [0, 1]; scores must be in [0, 1]',
  ]);
});
