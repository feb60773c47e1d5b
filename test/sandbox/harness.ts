/** Run a small Python program in the real sandbox, the way the pipeline does. */
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LogCollector, type CollectedLog } from '../../src/sandbox/log-collector.js';
import { runSandbox, type RunFacts } from '../../src/sandbox/run.js';
import { sandboxEnvironment } from '../../src/sandbox/environment.js';
import type { SandboxLimits, SandboxSpec } from '../../src/sandbox/spec.js';
import { BASE_IMAGE } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

export const DEFAULT_LIMITS: SandboxLimits = {
  time_s: 60,
  memory_bytes: 256 * 1024 ** 2,
  cpus: 1,
  pids: 64,
  shm_bytes: 16 * 1024 ** 2,
  tmp_bytes: 16 * 1024 ** 2,
  output_bytes: 1024 ** 2,
};

export interface Ran {
  facts: RunFacts;
  log: CollectedLog;
  text: string;
  spec: SandboxSpec;
  outputPath: string;
}

export async function runPython(
  code: string,
  options: {
    limits?: Partial<SandboxLimits>;
    data?: Record<string, string>;
    logLines?: number;
    maxFileBytes?: number;
    /** Make the code and data world-writable, so only the read-only mounts stop a write. */
    worldWritable?: boolean;
  } = {},
): Promise<Ran> {
  const dir = await tempDir();
  const codeDir = path.join(dir, 'code');
  const dataDir = path.join(dir, 'data');
  await mkdir(path.join(codeDir, 'submission'), { recursive: true });
  await mkdir(path.join(codeDir, 'data'), { recursive: true });
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(codeDir, 'main.py'), code);
  for (const [name, content] of Object.entries(options.data ?? {})) await writeFile(path.join(dataDir, name), content);
  await chmod(dir, 0o755);
  if (options.worldWritable) {
    for (const d of [codeDir, dataDir]) await chmod(d, 0o777);
    await chmod(path.join(codeDir, 'main.py'), 0o666);
    for (const name of Object.keys(options.data ?? {})) await chmod(path.join(dataDir, name), 0o666);
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const spec: SandboxSpec = {
    image: BASE_IMAGE,
    name: `holdout-test-${randomBytes(5).toString('hex')}`,
    codeDir,
    dataDir,
    workdir: '/code_execution',
    dataMount: '/code_execution/data',
    outputFile: '/code_execution/submission/submission.csv',
    command: ['python3', 'main.py'],
    uid: 1000,
    gid: 1000,
    env: sandboxEnvironment({ cpus: limits.cpus, dataset: 'smoke', dataDir: '/code_execution/data', outputFile: '/code_execution/submission/submission.csv', organizerEnv: {} }),
    limits,
    gpu: { kind: 'none' },
  };
  const collector = new LogCollector({
    reportLines: options.logLines ?? 200,
    maxFileBytes: options.maxFileBytes ?? 1024 ** 2,
    filePath: path.join(dir, 'run.log'),
  });
  const outputPath = path.join(dir, 'submission.csv');
  const facts = await runSandbox(spec, { collector, outputHostPath: outputPath });
  const log = collector.finish();
  return { facts, log, text: [...log.head, ...log.tail].join('\n'), spec, outputPath };
}

export function ran(facts: RunFacts): Extract<RunFacts, { kind: 'ran' }> {
  if (facts.kind !== 'ran') throw new Error(`expected the submission to run, got ${facts.kind}: ${facts.message}`);
  return facts;
}
