/**
 * docs/organizers.md, "A first competition, from the template to a passing private run",
 * followed as a new organizer would: the template's competition.yml with the page's
 * sections, the demo's Debian runtime, data in the page's shapes, the page's baseline, then
 * the page's commands, each of which must exit 0. Only the private data's folder moves
 * (into a temp folder) and the image name is the test's own, so that it can be removed.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { removeImages, testRepository } from '../runtime/helpers.js';
import { needsEngine } from '../support/docker.js';
import { sectionBlocks } from '../support/markdown.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'src/cli/index.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const engine = await needsEngine();

/** `n` rows of id,x with target = 2x: the mean baseline scores an RMSE above 0. */
function rows(prefix: string, n: number, usage: boolean): { features: string; labels: string } {
  const f = ['id,x'];
  const l = [usage ? 'id,target,Usage' : 'id,target'];
  for (let i = 0; i < n; i++) {
    f.push(`${prefix}${i},${i}`);
    l.push(`${prefix}${i},${2 * i}${usage ? `,${i % 2 === 0 ? 'Public' : 'Private'}` : ''}`);
  }
  return { features: `${f.join('\n')}\n`, labels: `${l.join('\n')}\n` };
}

describe('docs/organizers.md: a first competition, followed step by step', engine, () => {
  const repository = testRepository('organizer-path');
  let dir: string | undefined;
  after(async () => {
    await removeImages(repository);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the template, the Debian runtime, a baseline: check-config, build, smoke and private runs all pass', async () => {
    const blocks = await sectionBlocks(
      'docs/organizers.md',
      'A first competition, from the template to a passing private run',
    );
    dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-organizer-'));
    const privateRoot = path.join(dir, 'srv-holdout-test');

    // Step 1: the template and the demo's Dockerfile.
    const template = parse(await readFile(path.join(ROOT, 'competition.yml'), 'utf8'));
    await mkdir(path.join(dir, 'runtime-debian'));
    await copyFile(path.join(ROOT, 'examples/demo/runtime/Dockerfile'), path.join(dir, 'runtime-debian/Dockerfile'));

    // Step 2: the data, in the shapes the page names.
    const smoke = rows('s', 20, false);
    const test = rows('t', 40, true);
    await mkdir(path.join(dir, 'data/smoke'), { recursive: true });
    await writeFile(path.join(dir, 'data/smoke/features.csv'), smoke.features);
    await writeFile(path.join(dir, 'data/smoke_labels.csv'), smoke.labels);
    await mkdir(path.join(privateRoot, 'data'), { recursive: true });
    await writeFile(path.join(privateRoot, 'data/features.csv'), test.features);
    await writeFile(path.join(privateRoot, 'labels.csv'), test.labels);

    // Step 3: the page's sections replace the template's.
    const page = parse(blocks.yaml!.replaceAll('/srv/holdout/test', privateRoot));
    for (const key of ['runtime', 'datasets', 'scoring']) {
      assert.ok(page[key], `the page's YAML has a ${key} section`);
      template[key] = page[key];
    }
    template.runtime.repository = repository;
    await writeFile(path.join(dir, 'competition.yml'), stringify(template));

    // Step 4: the baseline.
    await mkdir(path.join(dir, 'submissions/baseline'), { recursive: true });
    await writeFile(path.join(dir, 'submissions/baseline/main.py'), blocks.python!);

    // Step 5: the commands, as written, from the competition folder.
    const commands = blocks
      .sh!.split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('holdout '));
    assert.deepEqual(
      commands.map((c) => c.split(' ')[1]),
      ['check-config', 'build', 'test', 'test'],
    );
    const outputs: string[] = [];
    const home = dir;
    for (const command of commands) {
      const args = command.split(/\s+/).slice(1);
      // From the competition folder, as on the page: tsx by its absolute path, since that folder has no node_modules.
      const r: { exitCode?: number; stdout: string; stderr: string } = await execa(
        'node',
        ['--import', TSX, ENTRY, ...args],
        { cwd: home, reject: false, env: { HOLDOUT_RUNS_DIR: path.join(home, 'runs') } },
      );
      outputs.push(`${r.stdout}\n${r.stderr}`);
      assert.equal(r.exitCode, 0, `${command} exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
    }
    assert.match(outputs[2]!, /\brmse\b/);
    assert.match(outputs[3]!, /rmse\.Public/);
    assert.match(outputs[3]!, /rmse\.Private/);
    assert.match(outputs[3]!, /[Hh]idden from participants: rmse\.Private/);
  });
});
