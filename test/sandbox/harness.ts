/** Run a small Python program in the real sandbox, the way the pipeline does. */
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LogCollector, type CollectedLog } from '../../src/sandbox/log-collector.js';
import { runSandbox, type CopyFailed, type RunFacts } from '../../src/sandbox/run.js';
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
  output_files: 100,
  // A writable working copy, as competition.yml's default (limits.workdir) gives.
  workdir_bytes: 16 * 1024 ** 2,
  workdir_files: 200,
};

export interface Ran {
  facts: RunFacts | CopyFailed;
  log: CollectedLog;
  text: string;
  spec: SandboxSpec;
  /** The output file on the host; in folder mode, the folder the output folder was written into. */
  outputPath: string;
  /** The staged submission (never written by the run). */
  codeDir: string;
}

export async function runPython(
  code: string,
  options: {
    limits?: Partial<SandboxLimits>;
    data?: Record<string, string>;
    /** More files of the submission, next to main.py (e.g. a shell script as ./main). */
    files?: Record<string, { content: string | Buffer; mode?: number }>;
    logLines?: number;
    maxFileBytes?: number;
    /** Make the code and data world-writable, so only the read-only mounts stop a write. */
    worldWritable?: boolean;
    outputFile?: string;
    /** Folder mode (container.output_dir). */
    outputFolder?: string;
    outputFileRequired?: boolean;
    command?: string[];
    datasetEnv?: Record<string, string>;
  } = {},
): Promise<Ran> {
  const dir = await tempDir();
  const codeDir = path.join(dir, 'code');
  const dataDir = path.join(dir, 'data');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const outputFile = options.outputFile ?? '/code_execution/submission/submission.csv';
  await mkdir(codeDir, { recursive: true });
  if (limits.workdir_bytes === 0) {
    // A read-only code mount needs the mount points inside it (evaluate.ts does the same).
    await mkdir(path.join(codeDir, 'submission'), { recursive: true });
    await mkdir(path.join(codeDir, 'data'), { recursive: true });
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(codeDir, 'main.py'), code);
  for (const [name, file] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(codeDir, name)), { recursive: true });
    await writeFile(path.join(codeDir, name), file.content, { mode: file.mode ?? 0o644 });
    await chmod(path.join(codeDir, name), file.mode ?? 0o644);
  }
  for (const [name, content] of Object.entries(options.data ?? {})) await writeFile(path.join(dataDir, name), content);
  await chmod(dir, 0o755);
  if (options.worldWritable) {
    for (const d of [codeDir, dataDir]) await chmod(d, 0o777);
    await chmod(path.join(codeDir, 'main.py'), 0o666);
    for (const name of Object.keys(options.data ?? {})) await chmod(path.join(dataDir, name), 0o666);
  }
  const spec: SandboxSpec = {
    image: BASE_IMAGE,
    name: `holdout-test-${randomBytes(5).toString('hex')}`,
    codeDir,
    dataDir,
    workdir: '/code_execution',
    dataMount: '/code_execution/data',
    outputFile,
    ...(options.outputFolder
      ? { outputFolder: options.outputFolder, outputFileRequired: options.outputFileRequired ?? true }
      : {}),
    command: options.command ?? ['python3', 'main.py'],
    uid: 1000,
    gid: 1000,
    env: sandboxEnvironment({
      cpus: limits.cpus,
      dataset: 'smoke',
      dataDir: '/code_execution/data',
      outputFile,
      outputDir: options.outputFolder ?? path.posix.dirname(outputFile),
      organizerEnv: {},
      datasetEnv: options.datasetEnv ?? {},
    }),
    limits,
    gpu: { kind: 'none' },
  };
  const collector = new LogCollector({
    reportLines: options.logLines ?? 200,
    maxFileBytes: options.maxFileBytes ?? 1024 ** 2,
    filePath: path.join(dir, 'run.log'),
  });
  const outputPath = options.outputFolder ? path.join(dir, 'output') : path.join(dir, 'submission.csv');
  const facts = await runSandbox(spec, { collector, outputHostPath: outputPath });
  const log = collector.finish();
  return { facts, log, text: [...log.head, ...log.tail].join('\n'), spec, outputPath, codeDir };
}

export function ran(facts: RunFacts | CopyFailed): Extract<RunFacts, { kind: 'ran' }> {
  if (facts.kind !== 'ran') throw new Error(`expected the submission to run, got ${facts.kind}: ${facts.message}`);
  return facts;
}
