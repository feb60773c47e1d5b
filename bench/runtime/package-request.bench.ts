/**
 * Bench: "package request opened" → verdict, for the analysis + solve of both
 * environment files against a conda channel served on 127.0.0.1 (target < 10 s).
 * Also: a second ensureImage of an unchanged runtime (target < 1 s, no docker build).
 *
 *   node --import tsx bench/runtime/package-request.bench.ts
 */
import { execa } from 'execa';
import { runtimeSection } from '../../src/config/runtime.js';
import { analyzePackageRequest } from '../../src/runtime/package-request/analysis.js';
import { ensureImage } from '../../src/runtime/image/image.js';
import { startChannel } from '../../test/runtime/channel.js';
import { removeImages, tempTree } from '../../test/runtime/helpers.js';

const env = (deps: string[]) =>
  `name: t\nchannels:\n  - conda-forge\ndependencies:\n${deps.map((d) => `  - ${d}\n`).join('')}  - pip:\n    - tqdm==4.66.4\n`;
const base = ['python=3.11.9', 'numpy=1.26.4'];

async function benchAnalysis(): Promise<void> {
  const channel = await startChannel();
  const policy = runtimeSection.parse({ packages: { channel_alias: `${channel.url}/good` } }).packages;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const result = await analyzePackageRequest({
      cpu: { file: 'environment-cpu.yml', base: env(base), head: env([...base, 'pandas=2.2.2']) },
      gpu: {
        file: 'environment-gpu.yml',
        base: env([...base, 'pytorch-cuda==12.1']),
        head: env([...base, 'pytorch-cuda==12.1', 'pandas=2.2.2']),
      },
      policy,
      removalsAllowed: false,
    });
    times.push((performance.now() - t0) / 1000);
    if (result.verdict !== 'pass')
      throw new Error(`unexpected verdict ${result.verdict}: ${JSON.stringify(result.findings)}`);
  }
  await channel.close();
  console.log(
    `analysis + solve (2 flavors, loopback channel): first ${times[0]!.toFixed(3)} s (solver load included), then median ${median(times.slice(1)).toFixed(3)} s  [target < 10 s]`,
  );
}

async function benchUnchangedRebuild(): Promise<void> {
  const repository = `holdout-test/bench-${process.pid}`;
  const { dir, cleanup } = await tempTree({
    'runtime/Dockerfile':
      'FROM holdout/base:bookworm\nARG FLAVOR\nCOPY environment.yml /opt/holdout/environment.yml\nCOPY tests/ /opt/holdout/runtime-tests/\n',
    'runtime/tests/test_environment.py': 'print("ok")\n',
    'environment-cpu.yml': env(base),
  });
  try {
    const runtime = runtimeSection.parse({
      repository,
      build_network: 'none',
      cpu: { environment: 'environment-cpu.yml' },
    });
    const first = await ensureImage({ competitionDir: dir, runtime, flavor: 'cpu' });
    if (!first.ok || !first.built) throw new Error(`first build: ${JSON.stringify(first)}`);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      let buildLines = 0;
      const again = await ensureImage({ competitionDir: dir, runtime, flavor: 'cpu', onProgress: () => buildLines++ });
      if (!again.ok || again.built || buildLines > 0)
        throw new Error(`rebuilt an unchanged runtime: ${JSON.stringify(again)}`);
      times.push(again.seconds);
    }
    console.log(
      `first build ${first.seconds.toFixed(2)} s; unchanged rebuild: median ${median(times).toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s, no docker build run  [target < 1 s]`,
    );
    const { stdout } = await execa('node', ['--version']);
    console.log(`(node ${stdout}, ${(await import('node:os')).cpus().length} cores)`);
  } finally {
    await removeImages(repository);
    await cleanup();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

await benchAnalysis();
await benchUnchangedRebuild();
