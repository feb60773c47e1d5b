/**
 * One Node version, named once in .node-version: CI installs it (setup-node's
 * node-version-file; scripts/ensure-node.sh elsewhere), package.json's engines ask for it, the
 * bundle is compiled for it and action.yml runs the bundle on it. Were one of them to drift, the
 * action could run code compiled for a newer Node than GitHub gives it, or CI test a Node no
 * user runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const named = read('.node-version').trim();
const major = Number(/^v?(\d+)(\.\d+){0,2}$/.exec(named)?.[1]);

describe('.node-version is the one Node version', () => {
  test('.node-version holds a version: a major, or major.minor.patch', () => {
    assert.ok(Number.isInteger(major) && major > 0, `.node-version holds "${named}"`);
  });

  test("package.json's engines ask for that major and up", () => {
    const pkg = JSON.parse(read('package.json')) as { engines?: { node?: string } };
    assert.equal(pkg.engines?.node, `>=${major}`);
  });

  test('the bundle is compiled for it (esbuild target in scripts/bundle.mjs)', () => {
    const targets = [...read('scripts/bundle.mjs').matchAll(/\btarget:\s*'([^']*)'/g)].map((m) => m[1]);
    assert.deepEqual(targets, [`node${major}`]);
  });

  test('action.yml runs the bundle on it (runs.using)', () => {
    const action = parse(read('action.yml')) as { runs: { using: string } };
    assert.equal(action.runs.using, `node${major}`);
  });

  test('CI installs it from .node-version (node-version-file), never a version of its own', () => {
    const ci = parse(read('.github/workflows/ci.yml')) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    const setups = Object.values(ci.jobs)
      .flatMap((job) => job.steps)
      .filter((step) => step.uses?.startsWith('actions/setup-node@'));
    assert.ok(setups.length > 0, 'ci.yml sets up Node');
    for (const step of setups) {
      assert.equal(step.with?.['node-version-file'], '.node-version');
      assert.equal(step.with?.['node-version'], undefined);
    }
  });

  // Outside CI a contributor may run the tests on an older Node on purpose (npm run test:fast);
  // CI runs them on the named one (ci.yml's setup-node, .ci/run's scripts/ensure-node.sh).
  test(
    'under CI=true the tests themselves run on it',
    process.env.CI === 'true' ? {} : { skip: 'CI is not true: any Node runs the tests here' },
    () => {
      assert.ok(
        Number(process.versions.node.split('.')[0]) >= major,
        `Node ${process.versions.node} runs the tests; .node-version names ${named}: put scripts/ensure-node.sh's folder first on PATH`,
      );
    },
  );
});
