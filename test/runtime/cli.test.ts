import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { startChannel, type TestChannel } from './channel.js';
import { removeImages, tempTree, testRepository } from './helpers.js';

// The real CLI entry, as participants run it.
const ENTRY = path.resolve(import.meta.dirname, '../../src/cli/index.ts');
const repository = testRepository('cli');

function competitionYml(channelAlias: string): string {
  return `name: cli test
runtime:
  cpu: { environment: environment-cpu.yml }
  gpu: { environment: environment-gpu.yml }
  build_network: none
  repository: ${repository}
  packages:
    channel_alias: ${channelAlias}
    solve_timeout: 5
datasets:
  smoke: { data: data, labels: labels.csv }
scoring:
  columns: [y]
`;
}
const env = (deps: string[]) => `name: t\nchannels:\n  - conda-forge\ndependencies:\n${deps.map((d) => `  - ${d}\n`).join('')}`;

describe('holdout check-env and holdout build', () => {
  let channel: TestChannel;
  let dir: string;
  let cleanup: () => Promise<void>;
  // Run from the repository root (where tsx resolves), pointed at the competition with --competition.
  const holdout = (command: string, ...args: string[]) =>
    execa('node', ['--import', 'tsx', ENTRY, command, '--competition', dir, ...args], { cwd: path.resolve(import.meta.dirname, '../..'), reject: false, env: { NO_COLOR: '1' } });
  const git = (...args: string[]) => execa('git', args, { cwd: dir });

  before(async () => {
    channel = await startChannel();
    ({ dir, cleanup } = await tempTree({
      'competition.yml': competitionYml(`${channel.url}/good`),
      'environment-cpu.yml': env(['python=3.11.9', 'numpy=1.26.4']),
      'environment-gpu.yml': env(['python=3.11.9', 'numpy=1.26.4']),
      'runtime/Dockerfile': 'FROM holdout/base:bookworm\nARG FLAVOR\nCOPY environment.yml /opt/holdout/environment.yml\n',
      'runtime/tests/test_environment.py': 'import sys\nprint("FAILED import nothing (stub)")\nsys.exit(1)\n',
    }));
    await git('init', '--quiet', '--initial-branch', 'main');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'base');
  });
  after(async () => {
    await removeImages(repository);
    await channel.close();
    await cleanup();
  });

  it('check-env passes an unchanged runtime (exit 0)', async () => {
    const r = await holdout('check-env');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^solver cpu: solved \(2 packages\)$/m);
    assert.match(r.stdout, /^pass: 0 package changes; policy checks passed and the environments solve/m);
    assert.equal(r.stderr, 'holdout: checking environment-cpu.yml and environment-gpu.yml against main');
  });

  it('check-env fails a request with findings (exit 1) and prints JSON with --json', async () => {
    await writeFile(path.join(dir, 'environment-cpu.yml'), env(['python=3.11.9', 'numpy=1.26.4', 'pandas>=2']));
    const r = await holdout('check-env', '--base', 'main', '--json');
    assert.equal(r.exitCode, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.base, 'main');
    assert.equal(report.verdict, 'fail');
    assert.deepEqual(report.findings.map((f: { rule: string; line: number }) => [f.rule, f.line]), [['unpinned', 7], ['drift', 4]]);
  });

  it('check-env says exit 3 when the channel cannot be reached, and exit 2 for an unknown base', async () => {
    await writeFile(path.join(dir, 'environment-cpu.yml'), env(['python=3.11.9', 'numpy=1.26.4']));
    await writeFile(path.join(dir, 'competition.yml'), competitionYml(`${channel.url}/broken`));
    const down = await holdout('check-env');
    assert.equal(down.exitCode, 3, down.stdout);
    assert.match(down.stdout, /^solver cpu: error: the channel answered HTTP 500/m);
    const badRef = await holdout('check-env', '--base', 'nosuch-branch');
    assert.equal(badRef.exitCode, 2);
    assert.equal(badRef.stderr, 'holdout: "nosuch-branch" is not a branch, tag or commit in this repository; fetch it (git fetch origin) or pass another --base');
    await writeFile(path.join(dir, 'competition.yml'), competitionYml(`${channel.url}/good`));
  });

  it('build makes the image once, then reports it unchanged; --test reports failing runtime tests (exit 1)', async () => {
    const first = await holdout('build', '--flavor', 'cpu');
    assert.equal(first.exitCode, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^cpu: ${repository}:cpu-[0-9a-f]{12} \\(built in `));
    assert.match(first.stderr, /│ Step 1\/\d+ : FROM holdout\/base:bookworm$/m);
    const second = await holdout('build', '--flavor', 'cpu', '--test');
    assert.match(second.stdout, /^cpu: \S+ \(unchanged, not rebuilt\)$/m);
    assert.equal(second.exitCode, 1);
    assert.match(second.stderr, /^holdout: runtime\/tests failed in the cpu image \S+: import nothing \(stub\)$/m);
  });
});
