/**
 * Run the submission harness (harness/run.py) for real: the base image, the real sandbox
 * (network none, read-only, non-root), harness/ mounted read-only, HOLDOUT_HARNESS as the
 * pipeline builds it (src/harness/settings.ts). For tests of one kind's Python; end-to-end tests
 * go through evaluate() instead.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LogCollector } from '../../src/sandbox/log-collector.js';
import { runSandbox, type RunFacts } from '../../src/sandbox/run.js';
import { sandboxEnvironment } from '../../src/sandbox/environment.js';
import type { SandboxLimits, SandboxSpec } from '../../src/sandbox/spec.js';
import { harnessDir } from '../../src/harness/location.js';
import { HarnessListener, type HarnessEvent } from '../../src/harness/protocol.js';
import { withHarness } from '../../src/pipeline/phases.js';
import { stringify } from 'yaml';
import { parseCompetition } from '../../src/config/load.js';
import { BASE_IMAGE } from './docker.js';
import { tempDir } from './tmp.js';
import type { SubmissionKind } from '../../src/config/kinds.js';
import type { Phase } from '../../src/harness/settings.js';

export interface HarnessRun {
  exitCode: number | null;
  facts: RunFacts;
  /** The protocol lines, in order, each with whether it came before handover. */
  events: { event: HarnessEvent; beforeHandover: boolean }[];
  /** The log without the protocol lines. */
  log: string[];
  /** The output file's text, when there is one. */
  output: string | undefined;
  /** Files the run left in the output folder (the train phase: resources/). */
  outputDir: string;
}

export interface HarnessOptions {
  kind: SubmissionKind;
  /** competition.yml's `submission:` section as YAML-ready object (kind is set from `kind`). */
  submission?: Record<string, unknown>;
  /** competition.yml's scoring id column and columns (for the output checks). */
  idColumn?: string;
  columns?: string[];
  /** The submission's files. */
  files: Record<string, string | Buffer>;
  /** The data folder's files. */
  data?: Record<string, string | Buffer>;
  phase?: Phase | null;
  /** Host folder mounted read-only at resources/ (the infer phase after a train phase). */
  resources?: string;
  hasTrained?: boolean;
  limits?: Partial<SandboxLimits>;
  image?: string;
}

const LIMITS: SandboxLimits = {
  time_s: 60,
  memory_bytes: 512 * 1024 ** 2,
  cpus: 1,
  pids: 64,
  shm_bytes: 16 * 1024 ** 2,
  tmp_bytes: 64 * 1024 ** 2,
  output_bytes: 16 * 1024 ** 2,
  output_files: 100,
  workdir_bytes: 64 * 1024 ** 2,
  workdir_files: 400,
};

export async function runHarness(options: HarnessOptions): Promise<HarnessRun> {
  const dir = await tempDir('holdout-harness-');
  const codeDir = path.join(dir, 'code');
  const dataDir = path.join(dir, 'data');
  for (const [root, files] of [
    [codeDir, options.files],
    [dataDir, options.data ?? {}],
  ] as const) {
    await mkdir(root, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), content);
    }
  }
  await chmod(dir, 0o755);
  const idColumn = options.idColumn ?? 'id';
  const columns = options.columns ?? ['prediction'];
  const config = parseCompetition(
    stringify({
      name: 'harness test',
      runtime: { cpu: { image: BASE_IMAGE } },
      datasets: { smoke: { data: 'data', labels: 'labels.csv' } },
      submission: { kind: options.kind, ...options.submission },
      scoring: { id_column: idColumn, columns, metric: 'log_loss' },
    }),
  );
  const workdir = '/code_execution';
  const phase = options.phase ?? null;
  const outputFile =
    phase === 'train' ? `${workdir}/resources/.holdout-none` : '/code_execution/submission/submission.csv';
  const outputFolder = phase === 'train' ? `${workdir}/resources` : undefined;
  const limits = { ...LIMITS, ...options.limits };
  const base: SandboxSpec = {
    image: options.image ?? BASE_IMAGE,
    name: `holdout-harness-test-${randomBytes(5).toString('hex')}`,
    codeDir,
    dataDir,
    workdir,
    dataMount: `${workdir}/data`,
    outputFile,
    ...(outputFolder ? { outputFolder, outputFileRequired: false } : {}),
    command: ['python3', 'main.py'],
    uid: 1000,
    gid: 1000,
    env: sandboxEnvironment({
      cpus: limits.cpus,
      dataset: 'smoke',
      dataDir: `${workdir}/data`,
      outputFile,
      outputDir: outputFolder ?? path.posix.dirname(outputFile),
      organizerEnv: {},
    }),
    limits,
    gpu: { kind: 'none' },
    ...(options.resources ? { mounts: [{ source: options.resources, target: `${workdir}/resources` }] } : {}),
  };
  const listener = new HarnessListener(randomBytes(16).toString('hex'));
  const spec = withHarness(base, harnessDir(), {
    config,
    kind: options.kind,
    phase,
    nonce: listener.nonce,
    resourcesDir: options.kind === 'functions' ? `${workdir}/resources` : null,
    hasTrained: options.hasTrained ?? options.resources !== undefined,
    hasGpu: false,
  });
  const collector = new LogCollector({ reportLines: 400, maxFileBytes: 1024 ** 2, intercept: listener.take });
  const outputDir = path.join(dir, 'output');
  const outputPath = outputFolder ? outputDir : path.join(dir, 'submission.csv');
  const facts = await runSandbox(spec, { collector, outputHostPath: outputPath });
  if (facts.kind !== 'ran')
    throw new Error(`the harness did not run: ${facts.kind}: ${'message' in facts ? facts.message : ''}`);
  const log = collector.finish();
  const output = outputFolder ? undefined : await readFile(outputPath, 'utf8').catch(() => undefined);
  return {
    exitCode: facts.exitCode,
    facts,
    events: listener.events,
    log: [...log.head, ...log.tail],
    output,
    outputDir,
  };
}

/** The events' names in order, e.g. ['handover', 'done']. */
export function eventNames(run: HarnessRun): string[] {
  return run.events.map((e) => e.event.event);
}
