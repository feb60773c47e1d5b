/** competition.yml's leaderboard section: defaults, and mistakes named with their key and line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.js';
import { parseCompetition } from '../../src/config/load.js';

const BASE = 'name: x\ndatasets:\n  smoke: { data: d, labels: l.csv }\nscoring:\n  columns: [p]\n';

test('leaderboard defaults: rule best, 2 selected, selected.txt, no baselines, empty timeline', () => {
  assert.deepEqual(parseCompetition(BASE).leaderboard, {
    rule: 'best',
    selected_max: 2,
    selection_file: 'selected.txt',
    baselines: [],
    timeline: {},
  });
});

test('a misspelt rule, a folder as selection file, a bad date and a bad login are named with their line', () => {
  const text = `${BASE}leaderboard:\n  rule: top\n  selection_file: ../x.txt\n  baselines: ["not a login"]\n  timeline: { start: yesterday }\n`;
  assert.throws(
    () => parseCompetition(text),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const problems = e.problems.join('\n');
      assert.match(problems, /competition\.yml:7: leaderboard\.rule: .*"best"\|"last"\|"selected"/);
      assert.match(problems, /competition\.yml:8: leaderboard\.selection_file: must be a file name, without folders/);
      assert.match(problems, /competition\.yml:9: leaderboard\.baselines\.0: must be a GitHub login/);
      assert.match(problems, /competition\.yml:10: leaderboard\.timeline\.start: /);
      return true;
    },
  );
});
