/**
 * The one pipeline behind both front doors (the CLI and the action): from
 * "here is a submission" to "here is a report". It knows nothing of GitHub.
 *
 *   validate → stage the submission → make sure the runtime image exists →
 *   run it in the sandbox → judge the run → check and score the output → report
 *
 * It never throws for anything a participant did: every such outcome is a
 * RunReport with status "failed". Problems of ours become status "error".
 * Configuration problems throw ConfigError (the CLI exits 2).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { messageOf } from '../errors.js';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadCompetition, ConfigError, type LoadedCompetition } from '../config/load.js';
import { prepareDataset } from '../config/consistency.js';
import type { Competition, DatasetName } from '../config/schema.js';
import { errored, failed, type Verdict, type Scores } from '../report/verdict.js';
import type { LimitsUsed, RunReport } from '../report/report.js';
import { emptyRunReport, verdictFields } from '../report/report.js';
import { stageSubmission } from '../submission/staging.js';
import { mountsInsideWorkdir, reservedRootNames, submissionRules } from '../submission/rules.js';
import { ensureImage } from '../runtime/image/image.js';
import { detectGpuAccess } from '../sandbox/engine.js';
import { sandboxEnvironment } from '../sandbox/environment.js';
import { judgeRun } from '../sandbox/judge.js';
import { crashContext, lastLinesOf } from '../sandbox/crash-hints.js';
import { LogCollector, type CollectedLog } from '../sandbox/log-collector.js';
import { runSandbox, type RunFacts } from '../sandbox/run.js';
import { outputFileRequired, outputFolderOf } from '../config/layout.js';
import { formatBytes } from '../config/units.js';
import { createRunFolder, finishRunFolder } from './run-folder.js';
import { reproduceRunArgs, shellQuote, type GpuAccess, type SandboxSpec } from '../sandbox/spec.js';
import { scorePredictions } from '../scoring/score.js';
import { flattenSetupConfig } from '../submission/setup-config-apply.js';
import { UsageError } from '../errors.js';
import { harnessDir } from '../harness/location.js';
import { HarnessListener } from '../harness/protocol.js';
import {
  contentKey,
  forPhase,
  inPhase,
  judgeHarnessed,
  keepResources,
  keptResources,
  planPhases,
  RESOURCES,
  resourcesRoot,
  withHarness,
  type PhaseChoice,
} from './phases.js';

export type Step = 'validate' | 'image' | 'run' | 'score';

export interface Overrides {
  time_s?: number;
  memory_bytes?: number;
  cpus?: number;
  pids?: number;
  gpu?: boolean;
}

export interface EvaluateOptions {
  competitionDir: string;
  /** A directory or a .zip on the host. */
  submission: string;
  /** How to name the submission in the reproduce line (e.g. submissions/<login>); default: its path. */
  submissionLabel?: string;
  dataset: DatasetName;
  overrides?: Overrides;
  /** Each line the submission prints, live (the first limits.log_lines of them). */
  onLog?: (line: string) => void;
  /** The submission's unfinished last line (a `\r` progress bar's state) a few times a second; '' once it is finished. */
  onPartialLine?: (text: string) => void;
  onProgress?: (step: Step, detail: string) => void;
  /**
   * What a failed custom scorer printed, for an organizer at this machine (`holdout test` shows
   * it); the action passes nothing. It is also kept in scorer.log in the work dir, never in the report.
   */
  onScorerDetail?: (detail: string) => void;
  /**
   * The person at this machine has the labels (`holdout test`): the report keeps every score,
   * and `hidden` names those participants do not see. The action leaves it off, so scores of
   * splits not in scoring.split.show never enter its report, its artifact or its log.
   */
  showHidden?: boolean;
  /**
   * Where the run keeps what its report points at: the log, the output (a file, or output/ in
   * folder mode), the staged submission in code/ (the reproduce docker line mounts it), the
   * scorer's log. Default: a new folder under runsRoot() (run-folder.ts), which keeps the
   * newest runs only. A folder passed here is the caller's to remove.
   */
  workDir?: string;
  /** Called with the run's folder once it exists (`holdout test` says where it is). */
  onWorkDir?: (dir: string) => void;
  /** A functions competition's phases to run (`holdout test --phase`); default both. */
  phase?: PhaseChoice;
  /** Skip the train phase when this submission's trained resources are kept on this machine (a re-score). */
  reuseResources?: boolean;
}

export async function evaluate(options: EvaluateOptions): Promise<RunReport> {
  const competition = await loadCompetition(options.competitionDir);
  const limits = effectiveLimits(competition.config, options.overrides);
  // competition.yml against the data (folders, the labels' header, split names), before anything runs.
  const dataset = await prepareDataset(competition, options.dataset);
  const wantGpu = options.overrides?.gpu ?? competition.config.limits.gpus > 0;
  const flavor = wantGpu ? 'gpu' : competition.config.runtime.flavor;
  if (flavor === 'gpu' && !competition.config.runtime.gpu) {
    throw new ConfigError(
      'a GPU run was asked for (--gpu or limits.gpus), but competition.yml has no runtime.gpu image',
    );
  }

  const ownFolder = options.workDir === undefined;
  const workDir = options.workDir ?? (await createRunFolder());
  await mkdir(workDir, { recursive: true });
  options.onWorkDir?.(workDir);
  const codeDir = path.join(workDir, 'code');
  const progress = options.onProgress ?? (() => {});
  const t0 = performance.now();
  const base = reportBase(competition, options, limits);
  /** Container removals still under way; the run is over only when they are. */
  const removals: Promise<void>[] = [];

  const finish = (verdict: Verdict, extra: Partial<RunReport> = {}): RunReport => ({
    ...base,
    ...verdictFields(verdict),
    duration_s: round((performance.now() - t0) / 1000),
    ...extra,
  });

  try {
    // 1. Validate and stage: the container sees only this copy, read-only (and copies it into
    // its working folder, limits.workdir). It stays after the run: the reproduce line mounts it.
    progress('validate', `checking ${options.submission}`);
    await rm(codeDir, { recursive: true, force: true });
    await mkdir(codeDir, { recursive: true });
    const { config } = competition;
    const staged = await stageSubmission(
      options.submission,
      codeDir,
      submissionRules(config.submission, reservedRootNames(config.container)),
    );
    if (!staged.ok) {
      return finish(failed('invalid_submission', staged.message, staged.hint), {
        problems: staged.problems.slice(0, 20),
      });
    }
    // Files GitHub would refuse to push (over 100 MiB) or warn about: said before the run, not in the verdict.
    for (const warning of staged.warnings) progress('validate', `warning: ${warning}`);
    if (config.submission.kind === 'handler') {
      // Dynalab's setup_config.json: model_files and the checkpoint copied to the root, as its archiver does.
      const flat = await flattenSetupConfig(
        codeDir,
        config.submission.handler?.file ?? 'handler.py',
        reservedRootNames(config.container),
      );
      if (!flat.ok) {
        const [first] = flat.problems;
        return finish(
          failed('invalid_submission', `The submission's setup_config.json is refused: ${first!.text}.`, first!.hint),
          { problems: flat.problems.slice(0, 20).map((p) => p.text) },
        );
      }
      for (const warning of flat.warnings) progress('validate', `warning: ${warning}`);
    }
    // A read-only code mount needs folders for the mounts inside it; a working copy (a tmpfs) gets them from the engine.
    if (config.limits.workdir === 0) await createMountPoints(codeDir, config);

    // 2. GPUs, then the runtime image (no point building a GPU image on a machine without a GPU).
    let gpu: GpuAccess = { kind: 'none' };
    if (wantGpu) {
      const access = await detectGpuAccess(Math.max(1, config.limits.gpus));
      if (!access) {
        return finish(
          errored(
            'gpu_unavailable',
            'A GPU run was asked for, but this machine has no NVIDIA GPU (no /dev/nvidia* device).',
            "Run on a machine with a GPU and the NVIDIA driver, or drop --gpu. This is not the submission's fault.",
          ),
        );
      }
      gpu = access;
    }

    progress('image', `runtime image (${flavor})`);
    const image = await ensureImage({
      competitionDir: competition.dir,
      runtime: config.runtime,
      flavor,
      onProgress: (line) => progress('image', line),
      buildLogPath: path.join(workDir, 'image-build.log'),
    });
    if (!image.ok) {
      // The image step is also where an engine that does not answer shows up first.
      // The build log was just streamed through onProgress: shown once, not again in the report.
      const streamed = options.onProgress !== undefined;
      const tail = !streamed && image.logTail.length ? `\n${image.logTail.join('\n')}` : '';
      const where = image.logTail.length ? ` (the build log: ${path.join(workDir, 'image-build.log')})` : '';
      const hint = `${image.hint}. This is not the submission's fault.`;
      return finish(errored(image.reason, `${image.message}${where}${tail}`, hint), {
        problems: streamed ? [] : image.logTail,
      });
    }
    base.image = image.tag;

    // 3. Run: once, or a functions competition's train phase then its infer phase (phases.ts).
    // Harnessed kinds (harness/) run its run.py instead of container.command.
    const plan = await planPhases(config, codeDir, options.phase);
    if (!plan.ok) return finish(failed('invalid_submission', plan.message, plan.hint));
    base.kind = plan.kind;
    let steps = plan.steps;
    let resourcesHost: string | undefined;
    // Trained resources are reused only for the same content, competition, dataset, settings and image.
    const key =
      plan.kind === 'functions'
        ? await contentKey(
            codeDir,
            JSON.stringify([competition.dir, options.dataset, config.submission, dataset.data, image.tag]),
          )
        : '';
    if (plan.trains && (options.phase === 'infer' || options.reuseResources)) {
      resourcesHost = await keptResources(key);
      if (resourcesHost) steps = steps.filter((step) => step.phase !== 'train');
      else if (options.phase === 'infer') {
        throw new UsageError(
          `this submission has not been trained on this machine (no resources kept for it in ${resourcesRoot()}): run holdout test without --phase (or with --phase train) first`,
        );
      }
    }
    if (plan.kind === 'functions' && config.limits.workdir === 0) {
      // The read-only code mount needs the folder the resources are mounted at.
      await mkdir(path.join(codeDir, RESOURCES), { recursive: true, mode: 0o755 });
    }
    const collector = new LogCollector({
      reportLines: config.limits.log_lines,
      maxFileBytes: config.limits.log_file,
      filePath: path.join(workDir, 'submission.log'),
      ...(options.onLog ? { onLine: options.onLog } : {}),
      ...(options.onPartialLine ? { onPartial: options.onPartialLine } : {}),
      intercept: (line) => (listener ? listener.take(line) : [line]),
    });
    let listener: HarnessListener | undefined;
    let logClosed = false;
    // The report's log is what was collected when the verdict is given (finish() copies base).
    const closeLog = () => {
      if (logClosed) return;
      logClosed = true;
      base.log = toLogSummary(collector.finish());
    };
    const runFields: Partial<RunReport> = {};
    let last:
      | { facts: RunFacts; spec: SandboxSpec; outputPath: string; outputFolderPath: string | undefined }
      | undefined;
    try {
      for (const step of steps) {
        let spec = sandboxSpec(competition, options.dataset, codeDir, dataset.data, image.tag, limits, gpu);
        const phase = step.phase;
        listener = step.harness ? new HarnessListener(randomBytes(16).toString('hex')) : undefined;
        if (step.harness) {
          spec = withHarness(spec, harnessDir(), {
            config,
            kind: plan.kind,
            phase,
            nonce: listener!.nonce,
            resourcesDir: plan.kind === 'functions' ? path.posix.join(spec.workdir, RESOURCES) : null,
            hasTrained: plan.shippedResources || resourcesHost !== undefined || steps.some((s) => s.phase === 'train'),
            hasGpu: gpu.kind !== 'none',
          });
        }
        if (phase) spec = forPhase(spec, config, phase, options.overrides, resourcesHost);
        base.reproduce.docker = `docker ${shellQuote(reproduceRunArgs(spec))}`;
        if (steps.length > 1) collector.write('holdout', Buffer.from(`[holdout: ${phase} phase]\n`));
        // Folder mode: the output folder is written into output/ (the train phase's: resources/),
        // and the file built-in metrics score is output_file's place in it.
        const outputFolderPath = spec.outputFolder
          ? path.join(workDir, phase === 'train' ? RESOURCES : 'output')
          : undefined;
        const outputPath = spec.outputFolder
          ? path.join(outputFolderPath!, ...path.posix.relative(spec.outputFolder, spec.outputFile).split('/'))
          : path.join(workDir, path.posix.basename(spec.outputFile));
        progress(
          'run',
          `running ${phase ? `the ${phase} phase` : step.harness ? `the ${plan.kind} harness` : spec.command.join(' ')} (limit ${spec.limits.time_s}s)`,
        );
        const started = performance.now();
        const facts = await runSandbox(spec, {
          collector,
          outputHostPath: outputFolderPath ?? outputPath,
          deferRemoval: (p) => removals.push(p),
        });
        // Whatever this run left unfinished ends here, not in the next phase's first line.
        collector.endLines();
        if (facts.kind === 'copy_failed') {
          // The submission never ran. Within submission.max_size it fits the working folder
          // (src/config/layout.ts checks the sizes): what is left is memory, which holds the copy.
          closeLog();
          return finish(
            failed(
              'invalid_submission',
              `The submission could not be copied into its writable working folder ${spec.workdir} (at most ${formatBytes(spec.limits.workdir_bytes)}, held in memory with everything else under the ${formatBytes(limits.memory_bytes)} limit)${facts.message ? `: ${facts.message}` : '.'}`,
              'Make the submission smaller: leave out files it does not need at run time (training data, checkpoints you do not load), or compress large model files.',
            ),
          );
        }
        const ranFields = {
          exit_code: facts.kind === 'ran' ? facts.exitCode : null,
          peak_memory_bytes: facts.kind === 'ran' ? facts.peakMemoryBytes : null,
        };
        if (phase) {
          base.phases = [
            ...(base.phases ?? []),
            { name: phase, duration_s: round((performance.now() - started) / 1000), ...ranFields },
          ];
        }
        // The run's peak memory is the higher of its phases'; its exit code the last phase's.
        runFields.exit_code = ranFields.exit_code;
        runFields.peak_memory_bytes =
          ranFields.peak_memory_bytes === null
            ? (runFields.peak_memory_bytes ?? null)
            : Math.max(ranFields.peak_memory_bytes, runFields.peak_memory_bytes ?? 0);
        const snapshot = toLogSummary(collector.snapshot());
        let judged = judgeRun(
          facts,
          spec,
          lastLinesOf(snapshot),
          await crashContext(facts, dataset.data, config.runtime, flavor),
        );
        if (listener) judged = judgeHarnessed(judged, listener.outcome(), phase ?? plan.kind, phase === 'train');
        if ('verdict' in judged) {
          closeLog();
          return finish(inPhase(judged.verdict, phase, steps.length), runFields);
        }
        if (phase === 'train') {
          // The infer phase reads what train left, read-only; later runs of the same content reuse it.
          await mkdir(outputFolderPath!, { recursive: true });
          resourcesHost = outputFolderPath!;
          // Kept for later infer-only runs; failing to keep them (a full disk) costs this run nothing.
          if (!(await keepResources(key, outputFolderPath!).catch(() => false)))
            progress('run', 'the trained resources could not be kept for later runs (holdout test --phase infer)');
        }
        if (facts.kind === 'ran') last = { facts, spec, outputPath, outputFolderPath };
      }
    } finally {
      closeLog();
    }
    if (!last || steps[steps.length - 1]!.phase === 'train') {
      // `holdout test --phase train`: trained and kept; nothing to score.
      return finish(
        { status: 'success' },
        { ...runFields, message: `The train phase ran; its resources are kept for holdout test --phase infer.` },
      );
    }
    const { outputPath, outputFolderPath } = last;

    // 4. Check and score, outside the container, with labels it never saw.
    progress('score', `checking ${path.basename(outputPath)} against the labels`);
    const scored = await scorePredictions({
      predictionsPath: outputPath,
      predictionsDir: outputFolderPath,
      labelsPath: dataset.labels,
      // Without the split on a smoke dataset whose labels have no split column (prepareDataset).
      scoring: dataset.scoring,
      competitionDir: competition.dir,
      runtime: config.runtime,
    });
    switch (scored.kind) {
      case 'invalid':
        return finish(failed('invalid_output', scored.message, scored.hint), {
          ...runFields,
          problems: scored.problems.slice(0, 20),
        });
      case 'error':
        // The specifics (a custom scorer's exit code and output) stay on this machine: they can
        // carry the labels. The report gets the fixed sentence only.
        if (scored.detail) {
          await writeFile(path.join(workDir, 'scorer.log'), `${scored.detail}\n`);
          options.onScorerDetail?.(scored.detail);
        }
        return finish(errored('scorer_failed', scored.message, scored.hint), runFields);
      case 'scored':
        if (options.showHidden)
          return finish(
            { status: 'success' },
            { ...runFields, scores: scored.scores, hidden: scored.hidden, primary_metric: scored.primary },
          );
        return finish(
          { status: 'success' },
          { ...runFields, scores: visibleScores(scored.scores, scored.hidden), primary_metric: scored.primary },
        );
      default:
        throw new Error(`unexpected scoring result ${JSON.stringify(scored satisfies never)}`);
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError) throw e;
    const message = messageOf(e);
    return finish(
      errored(
        'internal_error',
        `Holdout hit an internal error: ${message}`,
        "This is not the submission's fault. Please report it with the log above.",
      ),
    );
  } finally {
    // code/ stays: the reproduce line mounts it. Old run folders are pruned by the next run.
    await Promise.all(removals);
    if (ownFolder) await finishRunFolder(workDir);
  }
}

/** competition.yml's limits, with the CLI's overrides on top. */
export function effectiveLimits(config: Competition, overrides: Overrides = {}): LimitsUsed {
  const l = config.limits;
  return {
    time_s: overrides.time_s ?? l.time,
    memory_bytes: overrides.memory_bytes ?? l.memory,
    cpus: overrides.cpus ?? l.cpus,
    gpus: overrides.gpu ? Math.max(1, l.gpus) : overrides.gpu === false ? 0 : l.gpus,
    pids: overrides.pids ?? l.pids,
    shm_bytes: l.shm,
    tmp_bytes: l.tmp,
    output_bytes: l.output,
  };
}

/** Bind and tmpfs mounts inside the read-only code mount need their folders to exist. */
async function createMountPoints(codeDir: string, config: Competition): Promise<void> {
  for (const inside of mountsInsideWorkdir(config.container)) {
    await mkdir(path.join(codeDir, inside), { recursive: true, mode: 0o755 });
  }
}

function sandboxSpec(
  competition: LoadedCompetition,
  dataset: DatasetName,
  codeDir: string,
  dataDir: string,
  image: string,
  limits: LimitsUsed,
  gpu: GpuAccess,
): SandboxSpec {
  const { config } = competition;
  const c = config.container;
  const [uid, gid] = c.user.split(':').map(Number) as [number, number];
  return {
    image,
    name: `holdout-run-${randomBytes(6).toString('hex')}`,
    codeDir,
    dataDir: path.resolve(dataDir),
    workdir: c.workdir,
    dataMount: c.data_dir,
    outputFile: c.output_file,
    ...(c.output_dir ? { outputFolder: c.output_dir, outputFileRequired: outputFileRequired(config) } : {}),
    command: c.command,
    uid,
    gid,
    env: sandboxEnvironment({
      cpus: limits.cpus,
      dataset,
      dataDir: c.data_dir,
      outputFile: c.output_file,
      outputDir: outputFolderOf(c),
      organizerEnv: c.env,
      datasetEnv: config.datasets[dataset]?.env ?? {},
    }),
    // The working copy holds the submission's files and what it writes (as many as the output folder may hold).
    limits: {
      ...limits,
      workdir_bytes: config.limits.workdir,
      workdir_files: config.submission.max_files + config.limits.output_files,
      output_files: config.limits.output_files,
    },
    gpu,
  };
}

function reportBase(competition: LoadedCompetition, options: EvaluateOptions, limits: LimitsUsed): RunReport {
  return emptyRunReport(options.dataset, limits, holdoutCommand(competition.dir, options));
}

/** The `holdout test` line that repeats this run. */
export function holdoutCommand(competitionDir: string, options: EvaluateOptions): string {
  const args = [
    'holdout',
    'test',
    options.submissionLabel ?? options.submission,
    '--competition',
    competitionDir,
    '--dataset',
    options.dataset,
  ];
  const o = options.overrides ?? {};
  if (o.time_s !== undefined) args.push('--time-limit', `${o.time_s}s`);
  if (o.memory_bytes !== undefined) args.push('--memory', String(o.memory_bytes));
  if (o.cpus !== undefined) args.push('--cpus', String(o.cpus));
  if (o.pids !== undefined) args.push('--pids', String(o.pids));
  if (o.gpu) args.push('--gpu');
  return shellQuote(args);
}

function toLogSummary(log: CollectedLog): RunReport['log'] {
  return {
    lines: log.lines,
    truncated: log.truncated,
    head: log.head,
    tail: log.tail,
    ...(log.file ? { file: log.file } : {}),
  };
}

function visibleScores(scores: Scores, hidden: string[]): Scores {
  return Object.fromEntries(Object.entries(scores).filter(([name]) => !hidden.includes(name)));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
