#!/usr/bin/env node
/**
 * Bundle the two front doors into single files that need no node_modules:
 *   src/action/main.ts → dist/index.js   (the GitHub Action, see action.yml)
 *   src/cli/index.ts   → dist/cli.js     (the `holdout` command)
 * ESM for Node 24 (.node-version). Some dependencies are CommonJS and call require(); the
 * banner gives the ESM bundle a real `require` so they keep working.
 *
 * Usage: node scripts/bundle.mjs [--outdir DIR]   (default: dist)
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--outdir');
const outdir = path.resolve(i > 0 && process.argv[i + 1] ? process.argv[i + 1] : path.join(root, 'dist'));

const banner = [
  "import { createRequire as __holdoutCreateRequire } from 'node:module';",
  'const require = __holdoutCreateRequire(import.meta.url);',
].join('\n');

// Start empty: chunk names carry content hashes, so old chunks would otherwise linger.
await rm(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/action/main.ts', cli: 'src/cli/index.ts' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  // The Node of .node-version, as action.yml's `using` (test/project/node-version.test.ts checks they agree).
  target: 'node24',
  banner: { js: banner },
  // Code reached only through import() (the conda solver's WebAssembly, ~4 MB) goes to
  // chunks of its own, so `holdout test` does not parse it at every start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Same bytes for the same sources: check-dist.sh compares them.
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
});
console.log(`bundled ${path.relative(root, outdir) || '.'}/index.js and cli.js`);
