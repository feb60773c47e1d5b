/** The Engine API client's pure parts: the attach stream's frames, and where the engine is. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Demuxer, engineSocket, ref } from '../../src/engine/api.js';
import { isEngineUnavailable, engineUnavailableLine } from '../../src/engine/gateway.js';

const frame = (stream: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

test('frames split anywhere, or several in one chunk, come out whole and on their stream', () => {
  const got: string[] = [];
  const d = new Demuxer((s, p) => got.push(`${s}:${p.toString()}`));
  const all = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, ''), frame(1, 'world')]);
  for (let i = 0; i < all.length; i += 3) d.push(all.subarray(i, i + 3));
  assert.deepEqual(got, ['1:hello ', '2:oops', '1:world']);
  const once: string[] = [];
  new Demuxer((s, p) => once.push(`${s}:${p.toString()}`)).push(all);
  assert.deepEqual(once, got);
});

test('the engine is found as the docker CLI finds it: DOCKER_HOST, then the context, then the default socket', async () => {
  assert.deepEqual(engineSocket({ DOCKER_HOST: 'unix:///run/x.sock' }), { socketPath: '/run/x.sock' });
  const config = await mkdtemp(path.join(os.tmpdir(), 'holdout-dockercfg-'));
  assert.deepEqual(engineSocket({ DOCKER_CONFIG: config }), { socketPath: '/var/run/docker.sock' });
  const id = createHash('sha256').update('rootless').digest('hex');
  await mkdir(path.join(config, 'contexts', 'meta', id), { recursive: true });
  await writeFile(
    path.join(config, 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: 'rootless', Endpoints: { docker: { Host: 'unix:///run/user/1000/docker.sock' } } }),
  );
  await writeFile(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'rootless' }));
  assert.deepEqual(engineSocket({ DOCKER_CONFIG: config }), { socketPath: '/run/user/1000/docker.sock' });
  const tcp = engineSocket({ DOCKER_HOST: 'tcp://10.0.0.1:2375' });
  assert.ok('problem' in tcp);
  assert.match(tcp.problem, /tcp:\/\/10\.0\.0\.1:2375 is not one; set DOCKER_HOST=unix:\/\//);
});

test('a reference keeps its slashes and tag, anything else is escaped', () => {
  assert.equal(ref('ghcr.io/o/r:cpu-abc@sha256:00'), 'ghcr.io/o/r:cpu-abc@sha256:00');
  assert.equal(ref('a?b#c d'), 'a%3Fb%23c%20d');
});

test('one classifier: the CLI missing, the engine not answering, and nothing else', () => {
  assert.equal(isEngineUnavailable({ code: 'ENOENT' }), true);
  assert.equal(
    isEngineUnavailable({
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    }),
    true,
  );
  assert.equal(isEngineUnavailable({ stderr: 'Error response from daemon: No such image: x' }), false);
  assert.equal(isEngineUnavailable({ exitCode: 1, stderr: 'exit status 1' }), false);
  assert.match(
    engineUnavailableLine({ code: 'ENOENT' }),
    /^the Docker engine is not available \(the \S+ command is not installed or not on PATH\); start Docker .* and try again$/,
  );
});
