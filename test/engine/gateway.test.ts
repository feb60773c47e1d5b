/**
 * One way to Docker (issue 12): every docker process Holdout starts is HOLDOUT_DOCKER, and no
 * module outside src/engine/ starts a process or opens the engine's socket itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { tempDir } from '../support/tmp.js';

const SRC = path.resolve('src');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('no module outside src/engine/ starts a process with docker or opens the engine socket', async () => {
  const offenders: string[] = [];
  for (const file of await sources(SRC)) {
    if (file.startsWith(path.join(SRC, 'engine') + path.sep)) continue;
    const text = await readFile(file, 'utf8');
    const spawns = /from 'execa'|from 'node:child_process'|from 'child_process'/.test(text) && /docker/i.test(text);
    if (spawns || /docker\.sock|socketPath/.test(text)) offenders.push(path.relative(SRC, file));
  }
  assert.deepEqual(offenders, []);
});

test('HOLDOUT_DOCKER is the docker command of image pulls, builds and pushes too', async () => {
  const dir = await tempDir();
  const log = path.join(dir, 'calls.log');
  const fake = path.join(dir, 'fake-docker');
  await writeFile(fake, `#!/bin/sh\necho "$*" >> '${log}'\necho 'fake docker says no' >&2\nexit 1\n`);
  await chmod(fake, 0o755);
  const script = [
    "import { pullImage } from './src/runtime/image/docker.ts';",
    "import { pushImage } from './src/runtime/image/push.ts';",
    "const pulled = await pullImage('holdout/absent:x', undefined, 10000);",
    "const pushed = await pushImage('holdout/absent:x', ['holdout/absent:latest']);",
    'console.log(JSON.stringify({ pulled, pushed: pushed.ok }));',
  ].join('\n');
  const r = await execa('node', ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { HOLDOUT_DOCKER: fake },
    reject: false,
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { pulled: { ok: false, message: 'fake docker says no' }, pushed: false });
  assert.deepEqual((await readFile(log, 'utf8')).trim().split('\n'), [
    'pull --quiet holdout/absent:x',
    'tag holdout/absent:x holdout/absent:latest',
  ]);
});
