#!/usr/bin/env node
// The published CLI runs the committed bundle; `npm run bundle` rebuilds it from src/.
// Node 22.1+ caches the compiled bundle on disk (a faster second start); Node 20 has no
// such cache and skips it. The bundle is imported afterwards, so the cache covers it.
import nodeModule from 'node:module';

try {
  nodeModule.enableCompileCache?.();
} catch {
  // A cache folder that cannot be written only makes the start slower.
}
await import('../dist/cli.js');
