import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseCompetition, loadCompetition, ConfigError } from '../../src/config/load.js';
import { parseDuration, parseSize } from '../../src/config/units.js';
import { tempDir } from '../support/tmp.js';

const MINIMAL = `name: t
datasets:
  smoke: { data: data/smoke, labels: data/labels.csv }
scoring:
  columns: [malignant]
`;

function problemsOf(text: string): string[] {
  try {
    parseCompetition(text);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  assert.fail('expected a ConfigError');
}

test('a minimal competition.yml gets DrivenData-compatible defaults', () => {
  const c = parseCompetition(MINIMAL);
  assert.equal(c.submission.entry_point, 'main.py');
  assert.equal(c.container.workdir, '/code_execution');
  assert.equal(c.container.data_dir, '/code_execution/data');
  assert.equal(c.container.output_file, '/code_execution/submission/submission.csv');
  assert.deepEqual(c.container.command, ['python', 'main.py']);
  assert.equal(c.limits.memory, 4 * 1024 ** 3);
  assert.equal(c.limits.time, 1800);
  assert.equal(c.runtime.flavor, 'cpu');
});

test('the demo competition validates', async () => {
  const loaded = await loadCompetition('examples/demo');
  assert.equal(loaded.config.limits.time, 120);
  assert.deepEqual(loaded.config.container.command, ['python3', 'main.py']);
});

test('errors name the key and the line', () => {
  const text = `${MINIMAL}limits:\n  memory: 4 gigs\n  time: soon\n  cpu: 2\n`;
  assert.deepEqual(problemsOf(text), [
    'competition.yml:7: limits.memory: "4 gigs" is not a size; write e.g. 512MiB, 2GB or a number of bytes',
    'competition.yml:8: limits.time: "soon" is not a duration; write e.g. 90s, 10m or 1h30m',
    'competition.yml:9: limits: unknown key "cpu" (check the spelling; see schema/competition.schema.json)',
  ]);
});

test('a missing required key is named', () => {
  assert.deepEqual(problemsOf('name: t\nscoring:\n  columns: [a]\n'), ['competition.yml:1: datasets: is required']);
});

test('root is refused as the container user', () => {
  assert.deepEqual(problemsOf(`${MINIMAL}container:\n  user: "0:0"\n`), [
    'competition.yml:7: container.user: must be uid:gid with both above 0 (root is not allowed)',
  ]);
});

test('an entry point in a folder, and an output file beside read-only code, are refused', () => {
  // Beside the code is fine when the code is a writable copy (limits.workdir above 0, src/config/layout.ts).
  assert.deepEqual(
    problemsOf(
      MINIMAL +
        'submission:\n  entry_point: src/main.py\ncontainer:\n  output_file: /code_execution/out.csv\nlimits:\n  workdir: 0\n',
    ),
    [
      'competition.yml:7: submission.entry_point: must be a file name at the submission root, without folders',
      'competition.yml:9: container.output_file: is in the working folder, which is read-only when limits.workdir is 0: give the submission a writable working copy (limits.workdir, e.g. 1GiB) or put the file in a folder of its own (e.g. /code_execution/submission/submission.csv)',
    ],
  );
});

test('YAML syntax errors and non-mappings are reported with their line', () => {
  const [first] = problemsOf('name: t\nlimits: [\n');
  assert.match(first!, /^competition\.yml:\d+: /);
  assert.throws(() => parseCompetition('- a\n- b\n'), /competition\.yml: must be a mapping of keys/);
  assert.throws(() => parseCompetition('name: a\nname: b\n'), /competition\.yml:2: Map keys must be unique/);
});

test('a folder without competition.yml is a clear error', async () => {
  const dir = await tempDir();
  await assert.rejects(
    loadCompetition(dir),
    /^ConfigError: no competition\.yml in .+: run holdout from a competition folder or pass --competition DIR$/,
  );
});

test('sizes and durations', () => {
  assert.equal(parseSize('512MiB'), 512 * 1024 ** 2);
  assert.equal(parseSize('2GB'), 2e9);
  assert.equal(parseSize('1g'), 1024 ** 3);
  assert.equal(parseSize(100), 100);
  assert.equal(parseSize('lots'), undefined);
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('2.5m'), 150);
  assert.equal(parseDuration('12'), 12);
  assert.equal(parseDuration('10 minutes'), undefined);
  assert.equal(parseDuration('0s'), undefined);
});

test('the published JSON Schema matches the zod schema', async () => {
  const { competitionJsonSchema } = await import('../../src/config/json-schema.js');
  const published = JSON.parse(await readFile('schema/competition.schema.json', 'utf8'));
  assert.deepEqual(published, competitionJsonSchema());
});

test('the root template competition.yml validates', async () => {
  const loaded = await loadCompetition('.');
  assert.equal(loaded.config.runtime.gpu?.dockerfile, 'runtime/Dockerfile');
});

test("uid 65534 is refused: it belongs to the sandbox's own idle process", () => {
  assert.deepEqual(problemsOf(`${MINIMAL}container:\n  user: "65534:65534"\n`), [
    'competition.yml:7: container.user: uid 65534 is reserved for the sandbox itself; pick another (e.g. 1000)',
  ]);
});

test('container paths are normalized, so every stage compares the same strings', () => {
  const c = parseCompetition(
    MINIMAL +
      'container:\n  workdir: /code_execution/\n  data_dir: /code_execution//data\n  output_file: /code_execution/./submission/out.csv\n',
  );
  assert.equal(c.container.workdir, '/code_execution');
  assert.equal(c.container.data_dir, '/code_execution/data');
  assert.equal(c.container.output_file, '/code_execution/submission/out.csv');
});
