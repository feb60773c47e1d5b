/**
 * docs/runtime.md, "A runtime without a registry", followed as an organizer would: the
 * template's competition.yml with the page's `runtime:` section, the page's Dockerfile in
 * runtime-debian/, then `holdout build`. The page cannot drift from what works: its
 * Dockerfile must be the demo's, and its YAML must build here, with no registry.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { needsEngine } from '../support/docker.js';
import { sectionBlocks } from '../support/markdown.js';
import { removeImages, testRepository } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'src/cli/index.ts');
const engine = await needsEngine();

describe('docs/runtime.md: a runtime without a registry, followed step by step', engine, () => {
  const repository = testRepository('offline-runtime');
  let dir: string | undefined;
  after(async () => {
    await removeImages(repository);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the Dockerfile on the page is the demo's, and the template with the page's runtime section builds with no registry", async () => {
    const blocks = await sectionBlocks('docs/runtime.md', 'A runtime without a registry');
    assert.equal(blocks.dockerfile, await readFile(path.join(ROOT, 'examples/demo/runtime/Dockerfile'), 'utf8'));
    assert.match(blocks.sh ?? '', /^sudo scripts\/build-base-image\.sh/m);

    dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-offline-'));
    const template = parse(await readFile(path.join(ROOT, 'competition.yml'), 'utf8'));
    const { runtime } = parse(blocks.yaml!);
    // The page's section as written; only the image name is the test's own, so that it can be removed.
    template.runtime = { ...runtime, repository };
    await writeFile(path.join(dir, 'competition.yml'), stringify(template));
    await mkdir(path.join(dir, 'runtime-debian'));
    await writeFile(path.join(dir, 'runtime-debian/Dockerfile'), blocks.dockerfile!);
    await mkdir(path.join(dir, 'data/smoke'), { recursive: true });
    await writeFile(path.join(dir, 'data/smoke_labels.csv'), 'id,target\na,1\n');

    const holdout = (...args: string[]) =>
      execa('node', ['--import', 'tsx', ENTRY, ...args, '--competition', dir!], { cwd: ROOT, reject: false });
    const built = await holdout('build');
    assert.equal(built.exitCode, 0, built.stderr);
    const tag = new RegExp(`^cpu: (${repository}:cpu-[0-9a-f]{12}) \\(built in `).exec(built.stdout)?.[1];
    assert.ok(tag, built.stdout);
    assert.doesNotMatch(built.stderr, /pulling/, 'nothing was pulled');

    // What the template's `command: python main.py` needs, as the sandbox's user.
    const { stdout } = await execa('docker', [
      'run',
      '--rm',
      '--network',
      'none',
      '--user',
      '1000:1000',
      tag,
      'python',
      '-c',
      'import numpy, pandas, sklearn; print("ok")',
    ]);
    assert.equal(stdout, 'ok');

    // The page says --test has nothing to run here (exit 2), and check-env nothing to check.
    const tested = await holdout('build', '--test');
    assert.equal(tested.exitCode, 2, tested.stderr);
    assert.match(
      tested.stderr,
      /^holdout: cpu: runtime\.cpu\.environment is not set, so there is no package list for runtime\/tests to check: nothing was tested$/m,
    );
  });
});
