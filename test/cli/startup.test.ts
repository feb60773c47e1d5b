/**
 * `holdout --version` and `--help` start in about Node's own time (issue 12): the entry point
 * loads the command declarations and nothing a command runs. Checked on the bundle's import
 * graph (what Node must load before the first line runs), not on a stopwatch: the timing is
 * measured by hand (CONTRIBUTING.md), the structure that makes it fast is tested here.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { execa } from 'execa';
import { tempDir } from '../support/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/index.ts');

/** The CLI bundled as scripts/bundle.mjs does (ESM, code splitting), with its metafile. */
async function bundleCli(): Promise<Metafile> {
  const outdir = await tempDir();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli/index.ts' },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    splitting: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Every source file in the outputs Node loads at start: the entry and its static imports, transitively. */
function loadedAtStart(meta: Metafile): string[] {
  const entry = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === 'src/cli/index.ts')!;
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const out = todo.pop()!;
    if (seen.has(out)) continue;
    seen.add(out);
    for (const i of meta.outputs[out]!.imports) if (i.kind === 'import-statement' && !i.external) todo.push(i.path);
  }
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs)).sort();
}

describe('holdout start-up', () => {
  test('only commander and the leaf modules load before a command runs; each command loads its own code', async () => {
    const meta = await bundleCli();
    const atStart = loadedAtStart(meta);
    const ours = atStart.filter((f) => !f.includes('node_modules/'));
    assert.deepEqual(ours, [
      'package.json',
      'src/cli/compile-cache.ts',
      'src/cli/index.ts',
      'src/cli/program.ts',
      'src/errors.ts',
      'src/github/check-names.ts',
      'src/version.ts',
    ]);
    const packages = new Set(
      atStart.filter((f) => f.includes('node_modules/')).map((f) => f.split('node_modules/')[1]!.split('/')[0]),
    );
    assert.deepEqual([...packages], ['commander']);
    // The command modules are still in the bundle: loaded when their command runs.
    for (const name of ['test', 'pack', 'score', 'build', 'check-env', 'doctor', 'check-config']) {
      assert.ok(meta.inputs[`src/cli/commands/${name}.ts`], `src/cli/commands/${name}.ts is bundled`);
      assert.ok(!atStart.includes(`src/cli/commands/${name}.ts`), `${name} is not loaded at start`);
    }
  });

  test("--version prints package.json's version, and exits 0", async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await execa('node', ['--import', 'tsx', CLI, '--version'], { reject: false, stdin: 'ignore' });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, version);
  });
});
