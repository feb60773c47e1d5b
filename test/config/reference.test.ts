/**
 * The config reference (issue 13.4): one source, the zod schema's descriptions, written into the
 * JSON Schema editors read and into docs/config.md. These tests fail when a key has no
 * description or when either generated file is stale (run `npm run schema`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { competitionJsonSchema } from '../../src/config/json-schema.js';
import { configReference, undescribedKeys } from '../../src/config/reference.js';

test('every key of competition.yml has a description in the zod schema', () => {
  assert.deepEqual(undescribedKeys(), [], 'describe these keys in src/config/ (.describe(…)), then run npm run schema');
});

test('docs/config.md is the reference written from the schema (run npm run schema when this fails)', async () => {
  const written = await readFile('docs/config.md', 'utf8');
  assert.equal(written, configReference(), 'docs/config.md is stale: run npm run schema');
});

test('the keys the issue found documented nowhere are described, for editors and in docs/config.md', async () => {
  const schema = competitionJsonSchema() as {
    properties: Record<string, { properties: Record<string, { description?: string }> }>;
  };
  const doc = await readFile('docs/config.md', 'utf8');
  for (const [section, key] of [
    ['limits', 'tmp'],
    ['limits', 'output'],
    ['limits', 'log_lines'],
    ['limits', 'log_file'],
    ['limits', 'shm'],
    ['container', 'env'],
    ['container', 'user'],
  ] as const) {
    const description = schema.properties[section]!.properties[key]!.description;
    assert.ok(description && description.length > 20, `${section}.${key} has no description`);
    const row = doc
      .split('\n')
      .find((l) => l.startsWith(`| \`${key}\` |`) && doc.lastIndexOf(`## ${section}\n`, doc.indexOf(l)) !== -1);
    assert.ok(
      row?.includes(description.replace(/\s*\n\s*/g, ' ').slice(0, 20)),
      `docs/config.md has no row for ${section}.${key}`,
    );
  }
});

test('a table row per key, a section per nested map, sizes with their defaults', () => {
  const doc = configReference();
  assert.match(doc, /^## limits\n\n.+\n\n\| key \| type \| default \| description \|\n\|---\|---\|---\|---\|\n/m);
  assert.match(doc, /^\| `memory` \| text or number, e\.g\. `512MiB`, `2GB`, `1g` \| `4GiB` \| .+ \|$/m);
  assert.match(doc, /^\| `workdir` \| text \| `\/code_execution` \| .+ \|$/m);
  assert.match(doc, /^\| `test` \| section \(\[datasets\.smoke\]\(#datasetssmoke\), same keys\) \| — \| .+ \|$/m);
  assert.match(doc, /^\| `datasets` \| section \(\[datasets\]\(#datasets\)\) \| \*\*required\*\* \| .+ \|$/m);
});

test("the template points at docs/config.md, and organizers.md shows the template's dataset paths", async () => {
  const template = await readFile('competition.yml', 'utf8');
  assert.match(template, /^# Every key is described in docs\/config\.md/m);
  const organizers = await readFile('docs/organizers.md', 'utf8');
  const datasets = /^datasets:\n(?: .*\n)+/m.exec(template)![0];
  const shown = /```yaml\n(\s*)datasets:\n((?:\1 .*\n)+)/.exec(organizers);
  assert.ok(shown, 'docs/organizers.md shows no datasets: block');
  const dedented = `datasets:\n${shown[2]!
    .split('\n')
    .map((l) => l.slice(shown[1]!.length))
    .join('\n')}`;
  const paths = (text: string) => [...text.matchAll(/^\s+(data|labels): (\S+)/gm)].map((m) => `${m[1]}=${m[2]}`);
  assert.deepEqual(paths(dedented), paths(datasets));
});
