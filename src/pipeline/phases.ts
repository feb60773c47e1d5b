/**
 * How a submission is run: once (a script), through the harness once (a notebook, pickle,
 * handler), or — a functions competition — a train phase then an infer phase, each its own
 * sandbox run, with the trained resources/ kept between them and, keyed by the submission's
 * content, for later runs that infer only (`holdout test --phase infer`, a re-score).
 */
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { hashSubmissionFolder } from '../ledger/hash.js';
import path from 'node:path';
import type { Competition } from '../config/schema.js';
import { functionsSettings, type SubmissionKind } from '../config/kinds.js';
import { harnessSettings, type HarnessInput, type Phase } from '../harness/settings.js';
import { HARNESS_COMMAND, HARNESS_MOUNT } from '../harness/location.js';
import { unfinishedVerdict, type HarnessOutcome } from '../harness/protocol.js';
import type { SandboxSpec } from '../sandbox/spec.js';
import type { Judgement } from '../sandbox/judge.js';
import type { Verdict } from '../report/verdict.js';
import { ownPrivateFolder, runsRoot } from './run-folder.js';

/** Which phases a run has. `only`: the CLI's --phase. */
export type PhaseChoice = Phase | 'both';

export interface RunStep {
  /** null: one run with no phases (script, notebook, pickle, handler). */
  phase: Phase | null;
  harness: boolean;
}

export type PhasePlan =
  | {
      ok: true;
      kind: SubmissionKind;
      steps: RunStep[];
      shippedResources: boolean;
      /** Whether this submission has a train phase at all (its infer phase then needs what train left). */
      trains: boolean;
    }
  | { ok: false; message: string; hint: string };

/** The folder the train phase writes and the infer phase reads: model_directory_path. */
export const RESOURCES = 'resources';

export async function planPhases(
  config: Competition,
  codeDir: string,
  choice: PhaseChoice = 'both',
): Promise<PhasePlan> {
  const s = config.submission;
  switch (s.kind) {
    case 'script': {
      // A notebook where main.py is expected runs through the harness, which converts it.
      const harness = !(await isFile(path.join(codeDir, s.entry_point)));
      return { ok: true, kind: 'script', steps: [{ phase: null, harness }], shippedResources: false, trains: false };
    }
    case 'pickle':
    case 'handler':
      return {
        ok: true,
        kind: s.kind,
        steps: [{ phase: null, harness: true }],
        shippedResources: false,
        trains: false,
      };
    case 'functions': {
      const f = functionsSettings(s);
      const entry = await lstat(path.join(codeDir, RESOURCES)).catch(() => undefined);
      if (entry && !entry.isDirectory()) {
        return {
          ok: false,
          message: `The submission holds a file named ${RESOURCES}: that name is the folder of trained resources (model_directory_path).`,
          hint: `Rename the file, or make ${RESOURCES}/ a folder.`,
        };
      }
      const shipped = entry !== undefined;
      if (shipped && !f.resources.shipped && f.train !== null) {
        return {
          ok: false,
          message: `The submission ships a ${RESOURCES}/ folder, but this competition trains every submission: ${RESOURCES}/ is what its train phase writes.`,
          hint: `Leave ${RESOURCES}/ out of the submission (the train function fills it through model_directory_path), or rename the folder.`,
        };
      }
      const train = f.train !== null && !(shipped && f.resources.shipped);
      const phases: Phase[] =
        choice === 'train' ? (train ? ['train'] : []) : choice === 'infer' || !train ? ['infer'] : ['train', 'infer'];
      if (phases.length === 0) {
        return {
          ok: false,
          message:
            'There is no train phase to run: the competition has none (submission.functions.train is null) or the submission ships its resources/.',
          hint: 'Run holdout test without --phase.',
        };
      }
      return {
        ok: true,
        kind: 'functions',
        steps: phases.map((phase) => ({ phase, harness: true })),
        shippedResources: shipped && f.resources.shipped,
        trains: train,
      };
    }
  }
}

/** Where trained resources are kept between runs: beside the run folders, never pruned with them. */
export function resourcesRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOLDOUT_RESOURCES_DIR ? path.resolve(env.HOLDOUT_RESOURCES_DIR) : `${runsRoot(env)}-resources`;
}

/**
 * The staged submission's content (the ledger's submission hash: every file's path and bytes) and
 * where it trains (`scope`: the competition, dataset, settings and image), as a key. The same
 * submission, whatever its zip or folder form, trains once per key.
 */
export async function contentKey(codeDir: string, scope: string): Promise<string> {
  const content = await hashSubmissionFolder(codeDir);
  return createHash('sha256').update(`${scope}\0${content}`).digest('hex').slice(0, 32);
}

/** Kept resources beyond this many, and untouched for a day, are removed when another is kept. */
export const KEEP_RESOURCES = 20;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The root, when it is ours: a real folder of this user, closed to others (as the run folders'
 * root, run-folder.ts). A root another local user made (or a link) is never read nor written:
 * they could read trained resources or plant some for a re-score.
 */
async function ownRoot(root: string): Promise<boolean> {
  await mkdir(root, { recursive: true, mode: 0o700 }).catch(() => {});
  return ownPrivateFolder(root);
}

/** The kept resources of a submission, or undefined when it never trained here. Reusing one marks it fresh. */
export async function keptResources(key: string, root: string = resourcesRoot()): Promise<string | undefined> {
  if (!(await ownRoot(root))) return undefined;
  const dir = path.join(root, key);
  if (!(await isDirectory(dir))) return undefined;
  const now = new Date();
  await utimes(dir, now, now).catch(() => {});
  return dir;
}

/**
 * Keep a train phase's resources under the submission's key, for later runs that infer only.
 * A kept key is never replaced nor removed while fresh: another run may have it mounted. The copy
 * is made apart and renamed into place, so a key is never half there; when two runs keep the same
 * key at once, the first rename wins and the other copy is dropped. Returns whether it is kept.
 */
export async function keepResources(key: string, from: string, root: string = resourcesRoot()): Promise<boolean> {
  if (!(await ownRoot(root))) return false;
  const dir = path.join(root, key);
  if (await isDirectory(dir)) return true;
  const partial = await mkdtemp(path.join(root, `.partial-${key}-`));
  try {
    await cp(from, partial, { recursive: true });
    await rename(partial, dir);
  } catch {
    await rm(partial, { recursive: true, force: true });
    return isDirectory(dir);
  }
  await pruneResources(root);
  return true;
}

/** Remove all but the newest KEEP_RESOURCES kept resources, sparing any used in the last day. */
export async function pruneResources(root: string, keep: number = KEEP_RESOURCES, now = Date.now()): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const kept = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && /^[0-9a-f]{32}$/.test(e.name))
      .map(async (e) => ({ dir: path.join(root, e.name), mtime: (await stat(path.join(root, e.name))).mtimeMs })),
  );
  kept.sort((a, b) => b.mtime - a.mtime);
  for (const { dir, mtime } of kept.slice(keep)) {
    if (now - mtime > DAY_MS) await rm(dir, { recursive: true, force: true });
  }
}

async function isFile(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isFile() ?? false;
}

async function isDirectory(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isDirectory() ?? false;
}

/** The sandbox of a harnessed run: harness/ mounted read-only, its command, HOLDOUT_HARNESS. */
export function withHarness(
  spec: SandboxSpec,
  hostHarness: string,
  input: Omit<HarnessInput, 'config'> & { config: Competition },
): SandboxSpec {
  return {
    ...spec,
    command: HARNESS_COMMAND,
    env: { ...spec.env, HOLDOUT_HARNESS: harnessSettings(input) },
    mounts: [...(spec.mounts ?? []), { source: hostHarness, target: HARNESS_MOUNT }],
  };
}

/**
 * One phase's sandbox. Train: its own time limit, and resources/ is the output folder (collected
 * with the resources' size and file limits; nothing else is). Infer: its own time limit, and the
 * trained resources mounted read-only at resources/.
 */
export function forPhase(
  spec: SandboxSpec,
  config: Competition,
  phase: Phase,
  overrides: { time_s?: number } = {},
  resourcesHost?: string,
): SandboxSpec {
  const f = functionsSettings(config.submission);
  const resources = path.posix.join(spec.workdir, RESOURCES);
  const time_s = overrides.time_s ?? (phase === 'train' ? f.train_time : f.infer_time) ?? spec.limits.time_s;
  if (phase === 'train') {
    return {
      ...spec,
      outputFolder: resources,
      outputFile: path.posix.join(resources, '.holdout-none'),
      outputFileRequired: false,
      limits: { ...spec.limits, time_s, output_bytes: f.resources.max_size, output_files: f.resources.max_files },
    };
  }
  return {
    ...spec,
    limits: { ...spec.limits, time_s },
    ...(resourcesHost ? { mounts: [...(spec.mounts ?? []), { source: resourcesHost, target: resources }] } : {}),
  };
}

/**
 * A harnessed run's judgement: what the host saw about time, memory, output size and its own
 * failures comes first (the harness cannot know them); then the harness's word; a harness that
 * never finished on a clean exit is the participant's doing (their code ended the process).
 * The train phase writes no predictions: no output there is expected.
 */
export function judgeHarnessed(judged: Judgement, outcome: HarnessOutcome, what: string, training: boolean): Judgement {
  const hostFirst =
    'verdict' in judged &&
    (judged.verdict.status !== 'failed' || !['crash', 'invalid_output', 'no_output'].includes(judged.verdict.reason));
  if (hostFirst) return judged;
  if (outcome.kind === 'verdict') return { verdict: outcome.verdict };
  if (outcome.kind === 'unfinished') {
    if ('verdict' in judged && judged.verdict.status === 'failed' && judged.verdict.reason === 'crash') return judged;
    return {
      verdict: unfinishedVerdict(what === 'train' || what === 'infer' ? `the ${what} phase` : `running the ${what}`),
    };
  }
  if (training && 'verdict' in judged && judged.verdict.status === 'failed' && judged.verdict.reason === 'no_output') {
    return { score: true };
  }
  return judged;
}

/** A verdict of one of two phases says which. */
export function inPhase(verdict: Verdict, phase: Phase | null, steps: number): Verdict {
  if (verdict.status === 'success' || phase === null || steps < 2) return verdict;
  return { ...verdict, message: `The ${phase} phase: ${verdict.message}` };
}
