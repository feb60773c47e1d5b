/**
 * The ephemeral GPU runner configurations shipped in examples/runners/ (docs/runners.md).
 * These tests parse the files and check the properties the security model and the re-score
 * rely on. No Kubernetes cluster and no GitHub run here: the Helm chart is not rendered, no
 * pod is scheduled and no runner registers; what is checked is the configuration itself.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examples = path.join(root, 'examples/runners');
const read = (p: string) => readFileSync(path.join(examples, p), 'utf8');

type Mount = { name: string; mountPath: string; readOnly?: boolean };
type Container = {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: { name: string; value: string }[];
  securityContext?: { privileged?: boolean };
  restartPolicy?: string;
  resources?: { limits?: Record<string, unknown> };
  volumeMounts?: Mount[];
};
type Values = {
  runnerScaleSetName: string;
  scaleSetLabels: string[];
  containerMode?: { type?: string };
  minRunners: number;
  maxRunners: number;
  githubConfigSecret: unknown;
  template: {
    spec: {
      runtimeClassName?: string;
      nodeSelector?: Record<string, string>;
      initContainers: Container[];
      containers: Container[];
      volumes: { name: string; emptyDir?: object; persistentVolumeClaim?: { readOnly?: boolean } }[];
    };
  };
};

/** What a scale set's values must give Holdout; pure, so it is also fed broken values. */
export function scaleSetProblems(v: Values): string[] {
  const problems: string[] = [];
  for (const label of ['self-hosted', 'gpu'])
    if (!v.scaleSetLabels?.includes(label)) problems.push(`scaleSetLabels lacks ${label}`);
  if (v.containerMode?.type === 'kubernetes')
    problems.push('kubernetes container mode has no Docker engine for the sandbox');
  if (typeof v.githubConfigSecret !== 'string')
    problems.push('githubConfigSecret must name a Kubernetes secret, not hold a token inline');
  if (!(v.minRunners === 0 && v.maxRunners >= 1)) problems.push('minRunners 0 and maxRunners ≥ 1');
  const spec = v.template.spec;
  const dind = spec.initContainers.find((c) => c.name === 'dind');
  const runner = spec.containers.find((c) => c.name === 'runner');
  if (!dind) return [...problems, 'no dind sidecar: the sandbox needs a Docker engine'];
  if (!runner) return [...problems, 'no runner container'];
  if (dind.args?.[0] !== 'dockerd') problems.push('the dind sidecar does not run dockerd');
  if (dind.restartPolicy !== 'Always') problems.push('the dind sidecar is not a native sidecar (restartPolicy Always)');
  if (!dind.securityContext?.privileged) problems.push('dockerd needs a privileged container');
  for (const flag of ['--bridge=none', '--iptables=false'])
    if (!dind.args?.includes(flag)) problems.push(`dockerd lacks ${flag} (sandboxes have no network)`);
  if (!(Number(dind.resources?.limits?.['nvidia.com/gpu']) >= 1))
    problems.push('the engine that starts the GPU containers has no nvidia.com/gpu limit');
  if (spec.runtimeClassName !== 'nvidia') problems.push('no nvidia runtime class');
  if (!spec.nodeSelector || !Object.keys(spec.nodeSelector).some((k) => k.startsWith('nvidia.com/')))
    problems.push('no GPU node selector');
  if (runner.env?.find((e) => e.name === 'DOCKER_HOST')?.value !== 'unix:///var/run/docker.sock')
    problems.push('the runner does not talk to the sidecar engine');
  // The engine resolves bind mounts in its own file system: same paths in both containers.
  const at = (c: Container, name: string) => c.volumeMounts?.find((m) => m.name === name);
  for (const name of ['work', 'dind-sock', 'private-data']) {
    const a = at(dind, name);
    const b = at(runner, name);
    if (!a || !b || a.mountPath !== b.mountPath)
      problems.push(`${name} is not mounted at the same path in runner and dind`);
  }
  if (!at(dind, 'private-data')?.readOnly || !at(runner, 'private-data')?.readOnly)
    problems.push('the private data is not mounted read-only');
  const work = spec.volumes.find((x) => x.name === 'work');
  if (!work?.emptyDir) problems.push('the work folder must be an emptyDir, gone with the pod');
  return problems;
}

describe('ARC runner scale set (examples/runners/arc)', () => {
  const values = () => parse(read('arc/gpu-scale-set.values.yaml')) as Values;

  test('ephemeral GPU runners labelled [self-hosted, gpu], Docker-in-Docker with the GPU on the engine', () => {
    assert.deepEqual(scaleSetProblems(values()), []);
    assert.equal(values().containerMode, undefined, 'customised dind is written out in template, not the preset');
  });

  test('each broken property is caught (the checks can fail)', () => {
    const broken = values();
    broken.scaleSetLabels = ['gpu'];
    broken.containerMode = { type: 'kubernetes' };
    broken.githubConfigSecret = { github_token: 'ghp_x' };
    const spec = broken.template.spec;
    delete spec.runtimeClassName;
    const dind = spec.initContainers.find((c) => c.name === 'dind')!;
    dind.resources = {};
    dind.args = dind.args!.filter((a) => a !== '--bridge=none');
    dind.volumeMounts = dind.volumeMounts!.map((m) => (m.name === 'work' ? { ...m, mountPath: '/work' } : m));
    assert.deepEqual(scaleSetProblems(broken), [
      'scaleSetLabels lacks self-hosted',
      'kubernetes container mode has no Docker engine for the sandbox',
      'githubConfigSecret must name a Kubernetes secret, not hold a token inline',
      'dockerd lacks --bridge=none (sandboxes have no network)',
      'the engine that starts the GPU containers has no nvidia.com/gpu limit',
      'no nvidia runtime class',
      'work is not mounted at the same path in runner and dind',
    ]);
    const noEngine = values();
    noEngine.template.spec.initContainers = [];
    assert.deepEqual(scaleSetProblems(noEngine), ['no dind sidecar: the sandbox needs a Docker engine']);
  });

  test('the dind engine image adds the NVIDIA toolkit to docker:dind and checks the download', () => {
    const df = DockerfileParser.parse(read('arc/dind-nvidia.Dockerfile'));
    const from = df.getFROMs()[0]!;
    assert.match(from.getImageName() ?? '', /^docker$/);
    assert.match(from.getImageTag() ?? '', /dind/);
    const run = df
      .getInstructions()
      .filter((i) => i.getKeyword() === 'RUN')
      .map((i) => i.getRawArgumentsContent() ?? '')
      .join('\n');
    assert.match(run, /sha256sum -c/);
    assert.match(run, /nvidia-ctk runtime configure --runtime=docker/);
  });
});

describe('plain VM (examples/runners/vm)', () => {
  test('systemd registers a fresh --ephemeral runner labelled gpu before each job, as root, and cleans after it', () => {
    const unit = read('vm/holdout-runner.service');
    const directive = (key: string) =>
      unit
        .split('\n')
        .filter((l) => l.startsWith(`${key}=`))
        .map((l) => l.slice(key.length + 1));
    assert.deepEqual(directive('Restart'), ['always']);
    assert.deepEqual(directive('User'), ['holdout-runner']);
    assert.deepEqual(directive('ExecStartPre'), ['+/opt/holdout-runner/holdout-runner-register.sh %i']);
    assert.deepEqual(directive('ExecStart'), ['/opt/holdout-runner/%i/run.sh']);
    assert.deepEqual(directive('ExecStopPost'), ['+/opt/holdout-runner/holdout-runner-register.sh --clean %i']);
    assert.ok(directive('Environment').includes('CUDA_VISIBLE_DEVICES=%i'), 'one GPU per unit');

    const script = read('vm/holdout-runner-register.sh');
    execFileSync('bash', ['-n', path.join(examples, 'vm/holdout-runner-register.sh')]);
    const config = script.slice(script.indexOf('config.sh'));
    for (const flag of ['--ephemeral', '--unattended', '--labels gpu', '--replace'])
      assert.ok(config.includes(flag), flag);
    // The admin credential is read by root only and never passed to the runner user.
    assert.match(script, /\. \/etc\/holdout-runner\/credentials/);
    assert.equal(/runuser[^\n]*GITHUB_ADMIN_TOKEN/.test(script), false);
    assert.equal(config.includes('GITHUB_ADMIN_TOKEN'), false);
    // Cleaning removes only this runner's containers (its owner label), never another slot's.
    assert.match(script, /--filter label=holdout\.managed=1 --filter "label=holdout\.owner=/);
  });

  test('the register script refuses a slot that is not a number (it becomes a path)', () => {
    assert.throws(
      () =>
        execFileSync('bash', [path.join(examples, 'vm/holdout-runner-register.sh'), '../etc'], {
          stdio: 'pipe',
        }),
      (e: { status: number; stderr: Buffer }) => e.status === 2 && /slot must be a number/.test(String(e.stderr)),
    );
  });
});
