/**
 * The sandbox container made through the Engine API (src/engine/gateway.ts) is the container
 * the docker CLI made from the same arguments: same HostConfig, same user, entrypoint, command,
 * environment and labels — and the isolation docs/security.md promises is in its HostConfig.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { call, runDetached, removeContainers } from '../../src/engine/gateway.js';
import { createRequestFromRunArgs, execRequestFromExecArgs, UnknownRunFlag } from '../../src/engine/run-args.js';
import { type GpuAccess, keepaliveRunArgs, sandboxDeadlineS, type SandboxSpec } from '../../src/sandbox/spec.js';
import { MANAGED_LABEL, OWNER_LABEL } from '../../src/sandbox/containers.js';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';
import { DEFAULT_LIMITS } from '../sandbox/harness.js';

const engine = await needsEngine();

async function specFor(name: string): Promise<SandboxSpec> {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'code'));
  await mkdir(path.join(dir, 'data'));
  return {
    image: BASE_IMAGE,
    name,
    codeDir: path.join(dir, 'code'),
    dataDir: path.join(dir, 'data'),
    workdir: '/code_execution',
    dataMount: '/code_execution/data',
    outputFile: '/code_execution/submission/submission.csv',
    command: ['python3', 'main.py'],
    uid: 1000,
    gid: 1000,
    env: { HOME: '/tmp', LANG: 'C.UTF-8' },
    limits: DEFAULT_LIMITS,
    gpu: { kind: 'none' },
  };
}

type Inspected = { Config: Record<string, unknown>; HostConfig: Record<string, unknown> };
const inspect = async (name: string): Promise<Inspected> =>
  JSON.parse((await execa('docker', ['inspect', '--type', 'container', name])).stdout)[0];

describe('the sandbox container through the Engine API', engine, () => {
  const names: string[] = [];
  after(() => removeContainers(names));

  test('has the HostConfig the docker CLI gives the same arguments, and every isolation setting', async () => {
    const id = randomBytes(4).toString('hex');
    const apiName = `holdout-hostcfg-api-${id}`;
    const cliName = `holdout-hostcfg-cli-${id}`;
    names.push(apiName, cliName);
    const spec = await specFor(apiName);
    const apiArgs = keepaliveRunArgs(spec, 'runner-hostcfg');
    const started = await runDetached(apiArgs);
    assert.ok(started.ok, started.ok ? '' : started.message);
    // The CLI's `docker create` of the same arguments (create: nothing runs, nothing to clean but the container).
    const cliArgs = keepaliveRunArgs({ ...spec, name: cliName }, 'runner-hostcfg')
      .slice(1)
      .filter((a) => a !== '--detach');
    await execa('docker', ['create', ...cliArgs]);
    const [api, cli] = [await inspect(apiName), await inspect(cliName)];

    assert.deepEqual(api.HostConfig, cli.HostConfig);
    for (const key of ['User', 'Entrypoint', 'Cmd', 'Hostname', 'WorkingDir', 'Image'])
      assert.deepEqual(api.Config[key], cli.Config[key], key);
    // The same variables; the order of a process environment carries no meaning (it differs by Node version).
    const env = (c: Inspected) => [...(c.Config.Env as string[])].sort();
    assert.deepEqual(env(api), env(cli), 'Env');
    const labels = (c: Inspected) => ({ ...(c.Config.Labels as object), 'holdout.run': 'x' });
    assert.deepEqual(labels(api), labels(cli));

    // docs/security.md, item by item, on the container that runs.
    const h = api.HostConfig;
    const l = spec.limits;
    assert.equal(h.NetworkMode, 'none');
    assert.equal(h.ReadonlyRootfs, true);
    assert.deepEqual(h.CapDrop, ['ALL']);
    assert.deepEqual(h.SecurityOpt, ['no-new-privileges']);
    assert.equal(h.IpcMode, 'private');
    assert.equal(h.Memory, l.memory_bytes);
    assert.equal(h.MemorySwap, l.memory_bytes);
    assert.equal(h.PidsLimit, l.pids);
    assert.equal(h.NanoCpus, l.cpus * 1e9);
    assert.equal(h.ShmSize, l.shm_bytes);
    assert.deepEqual(h.Ulimits, [{ Name: 'core', Soft: 0, Hard: 0 }]);
    assert.deepEqual(h.LogConfig, { Type: 'none', Config: {} });
    assert.equal(h.AutoRemove, true);
    assert.equal(h.Init, true);
    assert.deepEqual(h.Tmpfs, {
      '/tmp': `rw,nosuid,nodev,size=${l.tmp_bytes},mode=1777`,
      '/code_execution': `rw,exec,nosuid,nodev,size=${l.workdir_bytes},nr_inodes=${l.workdir_files! + 8},uid=1000,gid=1000,mode=0755`,
      '/code_execution/submission': `rw,nosuid,nodev,size=${l.output_bytes},nr_inodes=${l.output_files + 1},uid=1000,gid=1000,mode=0755`,
    });
    const mounts = h.Mounts as { Target: string; ReadOnly: boolean; Type: string }[];
    assert.ok(mounts.length >= 2);
    for (const m of mounts) assert.deepEqual([m.Type, m.ReadOnly], ['bind', true], m.Target);
    // The keepalive: a non-root idle process that ends the sandbox at its deadline.
    assert.equal(api.Config.User, '65534:65534');
    assert.deepEqual(api.Config.Entrypoint, ['sleep']);
    assert.deepEqual(api.Config.Cmd, [String(sandboxDeadlineS(l))]);
    assert.equal((api.Config.Labels as Record<string, string>)[MANAGED_LABEL], '1');
    assert.equal((api.Config.Labels as Record<string, string>)[OWNER_LABEL], 'runner-hostcfg');
    // Nothing of the host's environment: exactly the spec's variables (plus the image's PATH).
    assert.deepEqual(
      (api.Config.Env as string[]).filter((e) => !e.startsWith('PATH=')),
      ['HOME=/tmp', 'LANG=C.UTF-8'],
    );
  });
});

describe('GPU flags through the Engine API', engine, () => {
  const names: string[] = [];
  after(() => removeContainers(names));

  // Created, never started: this engine has no GPU, and the HostConfig is decided at creation.
  const gpus: GpuAccess[] = [
    { kind: 'toolkit', count: 1 },
    { kind: 'devices', devices: ['/dev/null', '/dev/zero'] },
  ];
  for (const gpu of gpus) {
    test(`--gpus / --device (${gpu.kind}) give the HostConfig the docker CLI gives`, async () => {
      const id = randomBytes(4).toString('hex');
      const [apiName, cliName] = [`holdout-gpucfg-api-${id}`, `holdout-gpucfg-cli-${id}`];
      names.push(apiName, cliName);
      const spec = { ...(await specFor(apiName)), gpu };
      const request = createRequestFromRunArgs(keepaliveRunArgs(spec, 'runner-gpucfg'));
      const created = await call('POST', `/containers/create?name=${apiName}`, request.body);
      assert.equal(created.status, 201, created.message);
      const cliArgs = keepaliveRunArgs({ ...spec, name: cliName }, 'runner-gpucfg')
        .slice(1)
        .filter((a) => a !== '--detach');
      await execa('docker', ['create', ...cliArgs]);
      const [api, cli] = [await inspect(apiName), await inspect(cliName)];
      assert.deepEqual(api.HostConfig, cli.HostConfig);
      if (gpu.kind === 'devices') assert.equal((api.HostConfig.Devices as unknown[]).length, 2);
      else assert.equal((api.HostConfig.DeviceRequests as { Count: number }[])[0]!.Count, 1);
    });
  }
});

describe('docker arguments → Engine API requests', () => {
  test('a flag without a translation is refused, never dropped', () => {
    assert.throws(() => createRequestFromRunArgs(['run', '--privileged', 'img']), UnknownRunFlag);
    assert.throws(() => createRequestFromRunArgs(['run', '--pull', 'always', 'img']), UnknownRunFlag);
    assert.throws(() => createRequestFromRunArgs(['run', '--env', 'HOST_VALUE', 'img']), UnknownRunFlag);
    assert.throws(() => createRequestFromRunArgs(['run', '--mount', 'type=volume,target=/x', 'img']), UnknownRunFlag);
    assert.throws(() => execRequestFromExecArgs(['exec', '--privileged', 'c', 'sh']), UnknownRunFlag);
  });

  test('an exec request keeps user, workdir, environment, stdin and the command as given', () => {
    assert.deepEqual(
      execRequestFromExecArgs([
        'exec',
        '--interactive',
        '--user',
        '1000:1000',
        '--workdir',
        '/w',
        '--env',
        'A=1',
        'c',
        'sh',
        '-c',
        'x',
      ]),
      { container: 'c', cmd: ['sh', '-c', 'x'], user: '1000:1000', workdir: '/w', env: ['A=1'], stdin: true },
    );
  });
});
