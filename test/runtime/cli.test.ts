import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { startChannel, type TestChannel } from './channel.js';
import { removeImages, tempTree, testRepository } from './helpers.js';
import { needsEngine } from '../support/docker.js';

const engine = await needsEngine();

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
/** The seconds a check-env output ends its verdict line with. */
const seconds = (stdout: string) => /\((\d+\.\d) s\)$/m.exec(stdout)?.[1] ?? 'none';
const env = (deps: string[]) =>
  `name: t\nchannels:\n  - conda-forge\ndependencies:\n${deps.map((d) => `  - ${d}\n`).join('')}`;

describe('holdout check-env and holdout build', engine, () => {
  let channel: TestChannel;
  let dir: string;
  let cleanup: () => Promise<void>;
  // Run from the repository root (where tsx resolves), pointed at the competition with --competition.
  const holdout = (command: string, ...args: string[]) =>
    execa('node', ['--import', 'tsx', ENTRY, command, '--competition', dir, ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      reject: false,
      env: { NO_COLOR: '1' },
    });
  const git = (...args: string[]) => execa('git', args, { cwd: dir });

  before(async () => {
    channel = await startChannel();
    ({ dir, cleanup } = await tempTree({
      'competition.yml': competitionYml(`${channel.url}/good`),
      'environment-cpu.yml': env(['python=3.11.9', 'numpy=1.26.4']),
      'environment-gpu.yml': env(['python=3.11.9', 'numpy=1.26.4']),
      'runtime/Dockerfile':
        'FROM holdout/base:bookworm\nARG FLAVOR\nCOPY environment.yml /opt/holdout/environment.yml\n',
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

  it('check-env passes an unchanged runtime without solving it: nothing changed, nothing to solve (exit 0)', async () => {
    const asked = channel.requests.length;
    const r = await holdout('check-env');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(
      r.stdout,
      'solver cpu and gpu: skipped: no package or channel changed against the base, so there is nothing new to solve\n' +
        `pass: 0 package changes; policy checks passed; not solved: no package or channel changed against the base, so there is nothing new to solve (${seconds(r.stdout)} s)`,
    );
    assert.equal(channel.requests.length, asked, 'the channel was not asked');
    assert.equal(r.stderr, 'holdout: checking environment-cpu.yml and environment-gpu.yml against main');
  });

  it('check-env solves a changed runtime (exit 0)', async () => {
    await writeFile(path.join(dir, 'environment-cpu.yml'), env(['python=3.11.9', 'numpy=1.26.4', 'pandas=2.2.2']));
    await writeFile(path.join(dir, 'environment-gpu.yml'), env(['python=3.11.9', 'numpy=1.26.4', 'pandas=2.2.2']));
    const r = await holdout('check-env');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(
      r.stdout,
      'changes:\n  cpu  added    — → pandas=2.2.2\n  gpu  added    — → pandas=2.2.2\n' +
        'solver cpu and gpu: solved (3 packages)\n' +
        `pass: 2 package changes; policy checks passed and the environments solve (${seconds(r.stdout)} s)`,
    );
  });

  it('check-env fails a request with findings (exit 1) and prints JSON with --json', async () => {
    await writeFile(path.join(dir, 'environment-cpu.yml'), env(['python=3.11.9', 'numpy=1.26.4', 'pandas>=2']));
    await writeFile(path.join(dir, 'environment-gpu.yml'), env(['python=3.11.9', 'numpy=1.26.4']));
    const r = await holdout('check-env', '--base', 'main', '--json');
    assert.equal(r.exitCode, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.base, 'main');
    assert.equal(report.verdict, 'fail');
    assert.deepEqual(
      report.findings.map((f: { rule: string; line: number }) => [f.rule, f.line]),
      [
        ['unpinned', 7],
        ['drift', 4],
      ],
    );
  });

  it('check-env with the channel down: the findings first, the solver last, and a hint naming --no-solve (exit 1)', async () => {
    // One unpinned package (a finding) and a channel that answers 500 to both solves.
    await writeFile(path.join(dir, 'competition.yml'), competitionYml(`${channel.url}/broken`));
    try {
      const r = await holdout('check-env', '--base', 'main');
      assert.equal(r.exitCode, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, 4), [
        'changes:',
        '  cpu  added    — → pandas>=2',
        'environment-cpu.yml:7: "pandas>=2" is not pinned to one version; write pandas=x.y.z with the exact version you tested [unpinned]',
        'environment-gpu.yml:4: pandas is in environment-cpu.yml (line 7) but not in environment-gpu.yml; add "pandas>=2" to environment-gpu.yml too (only runtime.packages.gpu_only packages may differ) [drift]',
      ]);
      assert.match(
        lines[4]!,
        new RegExp(
          `^solver cpu: error: the channel answered HTTP 500 for ${channel.url}/broken/conda-forge/\\S+, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel$`,
        ),
      );
      // The GPU file is the base's: not solved at all.
      assert.equal(
        lines[5],
        'solver gpu: skipped: no package or channel changed against the base, so there is nothing new to solve',
      );
      assert.equal(lines[6], `fail: 1 package change; 2 problems to fix (${seconds(r.stdout)} s)`);
      assert.equal(
        lines[7],
        "hint: the solver needs the conda channels, and they did not answer here: run holdout check-env --no-solve --base main to check syntax and policy only (the pull request's check solves again where the channels answer)",
      );
      assert.equal(lines.length, 8);

      const noSolve = await holdout('check-env', '--base', 'main', '--no-solve');
      assert.equal(noSolve.exitCode, 1);
      assert.match(
        noSolve.stdout,
        /^solver cpu: skipped: the solver is turned off \(runtime\.packages\.solve: false or --no-solve\)$/m,
      );
      assert.doesNotMatch(noSolve.stdout, /hint:/);
    } finally {
      await writeFile(path.join(dir, 'competition.yml'), competitionYml(`${channel.url}/good`));
    }
  });

  it('check-env says exit 3 when the channel cannot be reached, once, with the hint; exit 2 for an unknown base', async () => {
    await writeFile(path.join(dir, 'environment-cpu.yml'), env(['python=3.11.9', 'numpy=1.26.4', 'pandas=2.2.2']));
    await writeFile(path.join(dir, 'environment-gpu.yml'), env(['python=3.11.9', 'numpy=1.26.4', 'pandas=2.2.2']));
    await writeFile(path.join(dir, 'competition.yml'), competitionYml(`${channel.url}/broken`));
    try {
      const down = await holdout('check-env');
      assert.equal(down.exitCode, 3, down.stdout);
      const lines = down.stdout.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, 3), [
        'changes:',
        '  cpu  added    — → pandas=2.2.2',
        '  gpu  added    — → pandas=2.2.2',
      ]);
      assert.match(lines[3]!, /^solver cpu and gpu: error: the channel answered HTTP 500 /);
      // The reason is on the solver line: the verdict does not repeat it.
      assert.equal(
        lines[4],
        `error: 2 package changes; the policy checks passed, but the environments could not be solved (${seconds(down.stdout)} s)`,
      );
      assert.equal(
        lines[5],
        "hint: the solver needs the conda channels, and they did not answer here: run holdout check-env --no-solve to check syntax and policy only (the pull request's check solves again where the channels answer)",
      );
      const badRef = await holdout('check-env', '--base', 'nosuch-branch');
      assert.equal(badRef.exitCode, 2);
      assert.equal(
        badRef.stderr,
        'holdout: "nosuch-branch" is not a branch, tag or commit in this repository; fetch it (git fetch origin) or pass another --base',
      );
    } finally {
      await writeFile(path.join(dir, 'competition.yml'), competitionYml(`${channel.url}/good`));
    }
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

describe('holdout build: what an organizer reads when it cannot build or test', engine, () => {
  const buildRepository = testRepository('cli-build');
  const made: (() => Promise<void>)[] = [];
  after(async () => {
    await removeImages(buildRepository);
    for (const cleanup of made) await cleanup();
  });

  /** A competition whose CPU runtime is runtime/Dockerfile (no environment file unless given). */
  async function competition(dockerfile: string, more: Record<string, string> = {}, runtimeYml = ''): Promise<string> {
    const tree = await tempTree({
      'competition.yml': `name: build test\nruntime:\n  cpu: { dockerfile: runtime/Dockerfile, context: runtime${runtimeYml} }\n  build_network: none\n  repository: ${buildRepository}\ndatasets:\n  smoke: { data: data, labels: labels.csv }\nscoring:\n  columns: [y]\n`,
      'runtime/Dockerfile': dockerfile,
      ...more,
    });
    made.push(tree.cleanup);
    return tree.dir;
  }
  const build = (dir: string, ...args: string[]) =>
    execa('node', ['--import', 'tsx', ENTRY, 'build', '--competition', dir, '--flavor', 'cpu', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      reject: false,
      env: { NO_COLOR: '1' },
    });

  it("a failed step: its output shown once, live, without Docker's legacy-builder notice; then the message and the hint (exit 1)", async () => {
    const dir = await competition('FROM holdout/base:bookworm\nRUN echo "marker: the step printed this" && exit 3\n');
    const r = await build(dir);
    assert.equal(r.exitCode, 1, r.stderr);
    const lines = r.stderr.split('\n');
    const log = await readFile(path.join(dir, '.holdout', 'build-cpu.log'), 'utf8');
    // Each line Docker printed is shown once: as often as the log has it (BuildKit repeats a failed step's last lines itself).
    const marked = (text: string) => text.split('\n').filter((l) => l.endsWith('marker: the step printed this')).length;
    assert.ok(marked(log) >= 1, log);
    assert.equal(marked(r.stderr), marked(log), r.stderr);
    assert.doesNotMatch(r.stderr, /legacy builder|DEPRECATED|buildx component/);
    assert.match(
      r.stderr,
      /^holdout: building the cpu runtime image \S+ failed at step "RUN echo "marker: the step printed this" && exit 3" \(docker build exit code \d+\)$/m,
    );
    assert.equal(
      lines.at(-1),
      `hint: the full log is ${path.join(dir, '.holdout', 'build-cpu.log')}; fix runtime/Dockerfile and run holdout build --flavor cpu`,
    );
    // The message and the hint come after the last line of the build.
    const lastMarker =
      lines.length - 1 - [...lines].reverse().findIndex((l) => l.endsWith('marker: the step printed this'));
    assert.ok(lastMarker < lines.findIndex((l) => l.startsWith('holdout: building the cpu runtime image')));
    assert.doesNotMatch(log, /legacy builder/);
  });

  it('the base image scripts/build-base-image.sh makes is missing: run the script, not "fix the Dockerfile"; nothing pulled (exit 3)', async () => {
    const ref = `holdout/base:missing-${process.pid}`;
    const dir = await competition(`FROM ${ref}\n`);
    const r = await build(dir);
    assert.equal(r.exitCode, 3, r.stderr);
    assert.equal(
      r.stderr,
      'holdout: cpu image\n' +
        `holdout: the base image ${ref} (FROM in runtime/Dockerfile) is not on this machine; it is made here, not pulled from a registry\n` +
        `hint: build it with HOLDOUT_BASE_IMAGE=${ref} scripts/build-base-image.sh (as root; it needs a Debian mirror, no registry), or docker load it from a machine that has it; then run holdout build --flavor cpu`,
    );
    assert.equal(r.stdout, '');
  });

  it('a base image whose registry cannot be reached: the Dockerfile is not at fault, and what to do instead (exit 3)', async () => {
    // Port 9 on loopback: nothing listens, the pull is refused at once, nothing leaves the machine.
    const ref = `127.0.0.1:9/holdout-test/base:${process.pid}`;
    const dir = await competition(`FROM ${ref}\nRUN true\n`);
    const r = await build(dir);
    assert.equal(r.exitCode, 3, r.stderr);
    const lines = r.stderr.split('\n');
    assert.deepEqual(lines.slice(0, 2), [
      'holdout: cpu image',
      `  │ holdout: the base image ${ref} is not on this machine: pulling it`,
    ]);
    assert.match(
      lines[2]!,
      new RegExp(
        `^holdout: the base image ${ref.replace(/[.]/g, '\\.')} \\(FROM in runtime/Dockerfile\\) is not on this machine, and 127\\.0\\.0\\.1:9 cannot be reached to pull it \\(.*connection refused\\)$`,
      ),
    );
    assert.equal(
      lines[3],
      'hint: runtime/Dockerfile is not at fault: this machine cannot get the image. Build where 127.0.0.1:9 is reachable (GitHub-hosted runners are), ' +
        `or bring the image here (on a connected machine: docker pull ${ref} && docker save -o base.tar ${ref}; here: docker load -i base.tar), ` +
        'or use a runtime on a local base image (docs/runtime.md, "A runtime without a registry"); then run holdout build --flavor cpu',
    );
    assert.equal(lines.length, 4);
  });

  it('--test with no environment file (the Debian runtime): says nothing was tested (exit 2, not 0)', async () => {
    const dir = await competition('FROM holdout/base:bookworm\nRUN true\n');
    const r = await build(dir, '--test');
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^cpu: ${buildRepository}:cpu-[0-9a-f]{12} \\((built in .*|unchanged, not rebuilt)\\)$`),
    );
    assert.deepEqual(r.stderr.split('\n').slice(-2), [
      'holdout: cpu: runtime.cpu.environment is not set, so there is no package list for runtime/tests to check: nothing was tested',
      'hint: runtime/tests import every package of a conda environment file, and a runtime without one (such as the Debian runtime in docs/runtime.md) has none to import: drop --test, or set runtime.cpu.environment',
    ]);
    assert.doesNotMatch(r.stdout, /runtime\/tests passed/);
  });

  it('--test with an environment file but no runtime/tests: says which file is missing (exit 2)', async () => {
    const dir = await competition(
      'FROM holdout/base:bookworm\nRUN true\n',
      { 'environment-cpu.yml': 'name: t\ndependencies:\n  - numpy=1.24.2\n' },
      ', environment: environment-cpu.yml',
    );
    const r = await build(dir, '--test');
    assert.equal(r.exitCode, 2, r.stderr);
    assert.deepEqual(r.stderr.split('\n').slice(-2), [
      'holdout: cpu: runtime/tests/test_environment.py does not exist, so runtime/tests could not run in the cpu image: nothing was tested',
      'hint: copy runtime/tests/ from the Holdout template into runtime/ (it imports every package of environment-cpu.yml), or drop --test',
    ]);
  });
});
