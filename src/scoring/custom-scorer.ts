/**
 * An organizer's own scoring command, run in a container of its own.
 *
 * It reads participant predictions, so it gets the sandbox treatment too: no network,
 * read-only root filesystem, non-root user, no capabilities, no privilege gain, memory,
 * PID and time limits. What it sees, all read-only: the labels (HOLDOUT_LABELS), the
 * predictions (HOLDOUT_PREDICTIONS), the whole competition folder at /competition (its working
 * directory: its own script, competition.yml, the public data), and, when the dataset is known,
 * that dataset's data folder (HOLDOUT_DATA, with HOLDOUT_DATASET=smoke|test): the private test
 * data usually lives outside the competition folder, and a DrivenData-style scorer reads its
 * query_scenarios.csv or metadata from there. The labels are mounted only at HOLDOUT_LABELS.
 *
 * It runs only in an image the organizer pinned (resolveScorerImage), never in the
 * participants' runtime image nor one built from it: packages reach the runtime through
 * participants' package requests, and a package's import hook there would run inside the
 * scorer, next to the labels.
 *
 * It prints its scores on stdout as a JSON object of numbers, {"name": 0.93, ...} (DrivenData's
 * scorers, on one line or several) or {"scores": {"name": 0.93, ...}}, anywhere in its output:
 * the last complete JSON object printed wins (parseScorerOutput). Anything else (a crash, no
 * JSON, NaN, a missing or undeclared score, too slow) is an `error` of the platform, never the
 * participant's failure. Its message is one fixed sentence: what the
 * scorer printed, its exit code, even which way it failed, can carry the labels (or be made
 * to, by predictions chosen to crash it), so they go only into `detail`, which stays on the
 * machine that ran it (holdout score / holdout test show it to whoever runs them there).
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { RuntimeSection } from '../config/runtime.js';
import type { CustomScorerSection, ScoredDataset } from '../config/scoring.js';
import { pullImage } from '../runtime/image/docker.js';
import { docker, engineUnavailableLine, isEngineUnavailable, inspectImageJson, lastLine } from '../engine/gateway.js';
import { managedLabelArgs, removeTracked, startTracked, unlessInterrupted } from '../sandbox/containers.js';

export const LABELS_IN_CONTAINER = '/scoring/labels.csv';
export const PREDICTIONS_IN_CONTAINER = '/scoring/predictions.csv';
/** Folder mode (container.output_dir): the collected output folder, at HOLDOUT_PREDICTIONS_DIR. */
export const PREDICTIONS_DIR_IN_CONTAINER = '/scoring/predictions';
export const COMPETITION_IN_CONTAINER = '/competition';
export const DATA_IN_CONTAINER = '/scoring/data';
/** Most bytes of stderr (the scorer's log) kept. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;
const MAX_OUTPUT_BYTES = 1024 * 1024;
/** Label every runtime image Holdout builds carries (src/runtime/image/image.ts); images built FROM one inherit it. */
const RUNTIME_IMAGE_LABEL = 'holdout.runtime';

export interface CustomScorerRun {
  config: CustomScorerSection;
  image: string;
  competitionDir: string;
  labelsPath: string;
  predictionsPath: string;
  /**
   * Folder mode: the collected output folder, mounted read-only instead of the one file;
   * HOLDOUT_PREDICTIONS then names predictionsPath's place inside it (it may be absent).
   */
  predictionsDir?: string | undefined;
  /** The dataset scored, when known: its data folder is mounted at HOLDOUT_DATA. */
  dataset?: ScoredDataset | undefined;
}

/** The one sentence a failed scorer shows, wherever the verdict goes. */
export const SCORER_FAILED_MESSAGE = "The organizer's scorer failed, so this submission could not be scored.";
export const SCORER_FAILED_HINT =
  'This is on our side, not yours — an organizer will re-run it. It is not counted against you.';

export type CustomScorerResult =
  | { ok: true; scores: Record<string, number> }
  /** `detail`: the organizer's words (exit code, output, the `docker run` line to debug); never shown to participants. */
  | { ok: false; message: string; hint: string; detail: string };

/** A scorer failure: the fixed sentence, with the specifics in `detail` only. */
function scorerFailed(detail: string): Extract<CustomScorerResult, { ok: false }> {
  return { ok: false, message: SCORER_FAILED_MESSAGE, hint: SCORER_FAILED_HINT, detail };
}

// ---------------------------------------------------------------------------------------
// Which image: pinned by the organizer, never the runtime.

const HEX64 = /^[0-9a-f]{64}$/;

/** The parts of an image reference, as the engine reads it. Pure. */
export function parseImageRef(ref: string): {
  registry: string | undefined;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
} {
  const at = ref.indexOf('@');
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  const name = at === -1 ? ref : ref.slice(0, at);
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  // Docker's rule: the first component names a registry when it has a "." or a ":", or is localhost.
  const registry = first && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  const repository = tag === undefined ? name : name.slice(0, colon);
  return { registry, repository, tag, digest };
}

/**
 * What is wrong with scoring.custom.image as a pin, or undefined. Pure; competition.yml's
 * schema uses it. Accepted:
 *  - a local image ID: sha256:<64 hex> (as `docker images --no-trunc` prints it);
 *  - name@sha256:<64 hex>: a digest, required whenever the name has a registry host
 *    (ghcr.io/org/scorer@sha256:…), since a tag on a registry can be moved by whoever can push;
 *  - a tag without a registry host (my-scorer:2024, holdout/base:bookworm): an image built or
 *    loaded on the runner itself. It is never pulled (`--pull never`): a tag that is not on the
 *    machine is an error, not a download from Docker Hub. Only a name@sha256 reference is pulled
 *    when missing (resolveScorerImage).
 */
export function scorerImagePinProblem(ref: string): string | undefined {
  if (/^sha256:/.test(ref))
    return HEX64.test(ref.slice(7)) ? undefined : 'an image ID must be sha256: followed by 64 hex digits';
  const { registry, digest } = parseImageRef(ref);
  if (digest !== undefined) {
    return /^sha256:[0-9a-f]{64}$/.test(digest) ? undefined : 'a digest must be @sha256: followed by 64 hex digits';
  }
  if (registry)
    return `names the registry ${registry} but no digest: pin it as ${ref.replace(/:[^/:]*$/, '')}@sha256:<digest> (docker buildx imagetools inspect or docker inspect --format '{{index .RepoDigests 0}}' prints it)`;
  return undefined;
}

/**
 * Does scoring.custom.image name the participants' runtime image, by what the config says?
 * Pure: the same repository as runtime.repository, or as a ready-made runtime.<flavor>.image.
 */
export function scorerImageRuntimeConflict(ref: string, runtime: RuntimeSection): string | undefined {
  const repo = (r: string) => {
    const p = parseImageRef(r);
    return `${p.registry ? '' : 'docker.io/'}${p.registry ? '' : p.repository.includes('/') ? '' : 'library/'}${p.repository}`;
  };
  const mine = repo(ref);
  const runtimeRefs = [runtime.cpu.image, runtime.gpu?.image].filter((r): r is string => !!r);
  if (mine === repo(runtime.repository) || runtimeRefs.some((r) => r === ref || repo(r) === mine)) {
    return `${ref} is the participants' runtime image (runtime.repository / runtime.<flavor>.image), whose packages come from package requests`;
  }
  return undefined;
}

export type ScorerImage = { ok: true; image: string } | { ok: false; message: string; hint: string; detail: string };

/**
 * The ONE way the image of a custom scorer is found, for `holdout score`, `holdout test` and
 * the action alike: scoring.custom.image, checked as a pin, not the runtime by name, present
 * on this machine, and not derived from a runtime image (it would carry the holdout.runtime
 * label, or the layers of runtime.<flavor>.image). One `docker image inspect` (two when a
 * ready-made runtime.<flavor>.image is configured).
 */
export async function resolveScorerImage(custom: CustomScorerSection, runtime: RuntimeSection): Promise<ScorerImage> {
  const ref = custom.image;
  const refuse = (why: string): ScorerImage => ({
    ok: false,
    message:
      "The organizer's scorer is not set up to run: its image is not pinned apart from the participants' runtime.",
    hint: SCORER_FAILED_HINT,
    detail: `scoring.custom.image: ${why}. Build the scorer's image from a base image of your own (not from the runtime) and set scoring.custom.image to its image ID, a local tag, or name@sha256:<digest>.`,
  });
  const pin = scorerImagePinProblem(ref) ?? scorerImageRuntimeConflict(ref, runtime);
  if (pin) return refuse(pin);

  let scorer = await inspectImages([ref]);
  if (scorer.kind === 'found' && !scorer.images[0] && parseImageRef(ref).digest !== undefined) {
    // A digest names exactly one image and cannot be moved by whoever can push to the registry:
    // pulling it is safe, and the hosted runner of the pr-check job or a participant's laptop needs it.
    await pullImage(ref, undefined, 10 * 60_000);
    scorer = await inspectImages([ref]);
  }
  if (scorer.kind === 'engine') {
    return {
      ok: false,
      message: SCORER_FAILED_MESSAGE,
      hint: SCORER_FAILED_HINT,
      detail: `the Docker engine did not answer about the scorer's image ${ref}: ${scorer.message}`,
    };
  }
  const found = scorer.images[0];
  if (!found) {
    return {
      ok: false,
      message: "The organizer's scorer could not run: its image is not on this machine.",
      hint: SCORER_FAILED_HINT,
      detail: `scoring.custom.image ${ref} is not on this machine${parseImageRef(ref).digest !== undefined ? ', and pulling it by its digest failed (is the registry reachable, and are you logged in?)' : ''}. Pull it by digest (docker pull name@sha256:…) or build it here (docker build -t ${ref} …); Holdout pulls only references pinned by digest.`,
    };
  }
  if (RUNTIME_IMAGE_LABEL in found.labels)
    return refuse(
      `${ref} carries the ${RUNTIME_IMAGE_LABEL} label: it is a runtime image Holdout built, or an image built FROM one`,
    );
  // A ready-made runtime (runtime.<flavor>.image) carries no label of ours: compare layers.
  const runtimeRefs = [runtime.cpu.image, runtime.gpu?.image].filter((r): r is string => !!r);
  if (runtimeRefs.length > 0) {
    const runtimes = await inspectImages(runtimeRefs);
    for (const r of runtimes.kind === 'found' ? runtimes.images : []) {
      if (!r) continue;
      if (r.id === found.id || (r.layers.length > 0 && r.layers.every((l, i) => found.layers[i] === l))) {
        return refuse(`${ref} is, or is built FROM, the runtime image runtime.<flavor>.image`);
      }
    }
  }
  return { ok: true, image: ref };
}

interface InspectedImage {
  id: string;
  labels: Record<string, string>;
  layers: string[];
}

/** `docker image inspect` of `refs`, one API call each: each one's facts, or undefined where the engine has no such image. */
async function inspectImages(
  refs: string[],
): Promise<{ kind: 'found'; images: (InspectedImage | undefined)[] } | { kind: 'engine'; message: string }> {
  const answers = await Promise.all(refs.map((r) => inspectImageJson(r)));
  const images: (InspectedImage | undefined)[] = [];
  for (const a of answers) {
    if (a === 'absent') {
      images.push(undefined);
      continue;
    }
    if (!('ok' in a))
      return { kind: 'engine', message: a.unavailable ? engineUnavailableLine(a) : lastLine(a.message) };
    const i = a.image as {
      Id: string;
      Config?: { Labels?: Record<string, string> | null };
      RootFS?: { Layers?: string[] };
    };
    images.push({ id: i.Id, labels: i.Config?.Labels ?? {}, layers: i.RootFS?.Layers ?? [] });
  }
  return { kind: 'found', images };
}

// ---------------------------------------------------------------------------------------

/** The `docker run` arguments; exported so the report can show the exact command. */
export function customScorerArgs(run: CustomScorerRun, containerName: string): string[] {
  return [
    'run',
    '--rm',
    '--pull',
    'never',
    '--name',
    containerName,
    '--label',
    'holdout.role=scorer',
    ...managedLabelArgs(),
    '--network',
    'none',
    '--read-only',
    '--user',
    run.config.user,
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    '2g',
    '--memory-swap',
    '2g',
    '--pids-limit',
    '256',
    '--log-driver',
    'none',
    '--tmpfs',
    '/tmp:rw,nosuid,nodev,size=256m',
    '--mount',
    `type=bind,source=${run.labelsPath},target=${LABELS_IN_CONTAINER},readonly`,
    '--mount',
    run.predictionsDir
      ? `type=bind,source=${run.predictionsDir},target=${PREDICTIONS_DIR_IN_CONTAINER},readonly`
      : `type=bind,source=${run.predictionsPath},target=${PREDICTIONS_IN_CONTAINER},readonly`,
    '--mount',
    `type=bind,source=${run.competitionDir},target=${COMPETITION_IN_CONTAINER},readonly`,
    ...(run.dataset
      ? [
          '--mount',
          `type=bind,source=${run.dataset.data},target=${DATA_IN_CONTAINER},readonly`,
          '--env',
          `HOLDOUT_DATA=${DATA_IN_CONTAINER}`,
          '--env',
          `HOLDOUT_DATASET=${run.dataset.name}`,
        ]
      : []),
    '--workdir',
    COMPETITION_IN_CONTAINER,
    '--env',
    `HOLDOUT_LABELS=${LABELS_IN_CONTAINER}`,
    '--env',
    `HOLDOUT_PREDICTIONS=${run.predictionsDir ? `${PREDICTIONS_DIR_IN_CONTAINER}/${predictionsInFolder(run.predictionsDir, run.predictionsPath)}` : PREDICTIONS_IN_CONTAINER}`,
    ...(run.predictionsDir ? ['--env', `HOLDOUT_PREDICTIONS_DIR=${PREDICTIONS_DIR_IN_CONTAINER}`] : []),
    run.image,
    ...run.config.command,
  ];
}

/** predictionsPath relative to predictionsDir, "/"-separated (folder mode). */
function predictionsInFolder(dir: string, file: string): string {
  return file
    .slice(dir.length)
    .split(/[\\/]+/)
    .filter(Boolean)
    .join('/');
}

/** What the organizer must fix when the output has the wrong shape. */
export const SCORER_FORMAT_HINT =
  'Fix the custom scorer (scoring.custom in competition.yml): it must print its scores on stdout as a JSON object of finite numbers, {"<name>": <number>, …} or {"scores": {"<name>": <number>, …}} (the last JSON object printed counts), with every name listed in scoring.custom.metrics and no other.';

/** `}` tried from the end of stdout before giving up: each try scans back at most MAX_OBJECT_CHARS. */
const MAX_CLOSING_TRIES = 1000;
/** A scores object is a few names and numbers; longer spans are not one. */
const MAX_OBJECT_CHARS = 64 * 1024;

/** Is text[i] escaped by an odd run of backslashes before it? */
function escapedAt(text: string, i: number): boolean {
  let n = 0;
  while (i - 1 - n >= 0 && text[i - 1 - n] === '\\') n++;
  return n % 2 === 1;
}

/** Where the `{` matching the `}` at `end` is, scanning backwards (strings respected), or -1. */
function matchingOpen(text: string, end: number): number {
  let depth = 0;
  let inString = false;
  for (let i = end; i >= 0 && end - i < MAX_OBJECT_CHARS; i--) {
    const c = text[i];
    if (inString) {
      if (c === '\n') return -1; // JSON strings hold no raw line break: this is not JSON
      if (c === '"' && !escapedAt(text, i)) inString = false;
    } else if (c === '"') inString = true;
    else if (c === '}') depth++;
    else if (c === '{' && --depth === 0) return i;
  }
  return -1;
}

/** Python's json.dumps writes NaN, Infinity and -Infinity bare: the same text with each outside a string as null. */
function withNonFiniteAsNull(span: string): { text: string; found: boolean } {
  let out = '';
  let found = false;
  let inString = false;
  for (let i = 0; i < span.length; i++) {
    const c = span[i]!;
    if (inString) {
      if (c === '\\') {
        out += c + (span[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c;
      continue;
    }
    if (c === '"') inString = true;
    const word = /^(?:-?Infinity|NaN)/.exec(span.slice(i, i + 9))?.[0];
    if (word) {
      out += 'null';
      found = true;
      i += word.length - 1;
      continue;
    }
    out += c;
  }
  return { text: out, found };
}

export type LastJsonObject =
  | { kind: 'object'; value: Record<string, unknown>; text: string }
  /** A complete object but for NaN or Infinity among its values. */
  | { kind: 'non_finite'; text: string }
  | { kind: 'none' };

/**
 * The last complete JSON object in `text`, wherever it sits and however many lines it spans.
 * Tried from the last `}` backwards: the span from its matching `{` is taken when it parses
 * as a JSON object. A span that parses only with its NaN/Infinity read as null is that object
 * too (non_finite): it must fail, not let an earlier object win. Pure.
 */
export function lastJsonObject(text: string): LastJsonObject {
  let end = text.lastIndexOf('}');
  for (let tries = 0; end !== -1 && tries < MAX_CLOSING_TRIES; tries++) {
    const start = matchingOpen(text, end);
    if (start !== -1) {
      const span = text.slice(start, end + 1);
      let value: unknown;
      try {
        value = JSON.parse(span);
      } catch {
        const nulled = withNonFiniteAsNull(span);
        if (nulled.found) {
          try {
            JSON.parse(nulled.text);
            return { kind: 'non_finite', text: span };
          } catch {
            // not JSON even so: an earlier `}` may close the object
          }
        }
      }
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return { kind: 'object', value: value as Record<string, unknown>, text: span };
    }
    end = end === 0 ? -1 : text.lastIndexOf('}', end - 1);
  }
  return { kind: 'none' };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Read the scorer's stdout: the last complete JSON object, either {"scores": {...}} or a flat
 * object of numbers. Strict: every value a finite number, every name of custom.metrics present
 * and no other (a name nobody declared would reach the report unreviewed: a count of positives
 * is a leak). Exported for unit tests.
 */
export function parseScorerOutput(stdout: string, expected: readonly string[]): CustomScorerResult {
  const bad = (what: string) => scorerFailed(`${what}\n${SCORER_FORMAT_HINT}`);
  const clip = (t: string) => (t.length > 200 ? `${t.slice(0, 200)}…` : t);
  if (stdout.trim() === '') return bad('The custom scorer printed nothing on stdout.');
  const found = lastJsonObject(stdout);
  if (found.kind === 'none')
    return bad(
      `The custom scorer printed no JSON object on stdout; its last line: ${clip(stdout.trimEnd().split('\n').pop()!.trim())}`,
    );
  if (found.kind === 'non_finite')
    return bad(`The custom scorer printed a score that is not a finite number: ${clip(found.text)}`);
  const object = found.value;
  const wrapped = isPlainObject(object.scores);
  if (wrapped && Object.keys(object).length > 1) {
    return bad(
      `The custom scorer's output has keys next to "scores" (${Object.keys(object)
        .filter((k) => k !== 'scores')
        .map((k) => `"${k}"`)
        .join(', ')}): ${clip(found.text)}`,
    );
  }
  const scores = (wrapped ? object.scores : object) as Record<string, unknown>;
  for (const [name, value] of Object.entries(scores)) {
    if (typeof value !== 'number')
      return bad(
        `The custom scorer's score "${name}" is not a number (${clip(JSON.stringify(value) ?? String(value))}): ${clip(found.text)}`,
      );
    // JSON.parse reads 1e999 as Infinity.
    if (!Number.isFinite(value))
      return bad(`The custom scorer printed a score that is not a finite number: ${clip(found.text)}`);
  }
  const missing = expected.filter((name) => !(name in scores));
  if (missing.length > 0)
    return bad(
      `The custom scorer did not print ${missing.map((m) => `"${m}"`).join(', ')}; the last JSON object it printed: ${clip(found.text)}`,
    );
  const undeclared = Object.keys(scores).filter((name) => !expected.includes(name));
  if (undeclared.length > 0)
    return bad(
      `The custom scorer printed ${undeclared.map((m) => `"${m}"`).join(', ')}, not listed in scoring.custom.metrics: list ${undeclared.length > 1 ? 'them' : 'it'} there with a direction, or stop printing ${undeclared.length > 1 ? 'them' : 'it'}.`,
    );
  return { ok: true, scores: scores as Record<string, number> };
}

/** Run the scorer in `run.image`, which must come from resolveScorerImage. */
export async function runCustomScorer(given: CustomScorerRun): Promise<CustomScorerResult> {
  // `holdout score` may run where the dataset's data folder is not (it needs only the labels):
  // then there is no HOLDOUT_DATA, rather than a mount the engine refuses.
  const hasData = given.dataset
    ? await stat(given.dataset.data).then(
        (s) => s.isDirectory(),
        () => false,
      )
    : false;
  const run = hasData ? given : { ...given, dataset: undefined };
  const containerName = `holdout-scorer-${randomBytes(6).toString('hex')}`;
  const debug = `Run it by hand to debug: docker ${customScorerArgs(run, 'holdout-scorer-debug').join(' ')}`;
  const scorerRun = () =>
    docker(customScorerArgs(run, containerName), {
      reject: false,
      timeout: run.config.time * 1000,
      // stdout carries only the JSON scores; stderr is the scorer's log, allowed to be long.
      maxBuffer: { stdout: MAX_OUTPUT_BYTES, stderr: MAX_LOG_BYTES },
      stdin: 'ignore',
    });
  let result: Awaited<ReturnType<typeof scorerRun>>;
  try {
    // Registered before `docker run`: an interrupt removes it even while it starts.
    result = await startTracked(containerName, scorerRun);
  } finally {
    // Killing the docker client (timeout, too much output) does not stop the container.
    await removeTracked(containerName);
  }
  await unlessInterrupted();
  const stderrTail = `${result.stderr ?? ''}`.trim().split('\n').slice(-10).join('\n');
  const withLog = (what: string) =>
    scorerFailed(`${what}${stderrTail ? `\nIts last lines on stderr:\n${stderrTail}` : ''}\n${debug}`);
  if (result.timedOut)
    return withLog(`The custom scorer ran longer than ${run.config.time}s (scoring.custom.time) and was stopped.`);
  if (result.isMaxBuffer) {
    const onStderr = /stderr/.test(result.message ?? '');
    return onStderr
      ? scorerFailed(
          `The custom scorer printed more than ${MAX_LOG_BYTES / 1024 / 1024} MiB on stderr: log less from it.`,
        )
      : scorerFailed(
          `The custom scorer printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB on stdout: print logs to stderr and only the JSON scores on stdout.`,
        );
  }
  if (isEngineUnavailable(result))
    return scorerFailed(`The custom scorer could not run: ${engineUnavailableLine(result)}.`);
  if (result.exitCode !== 0) return withLog(`The custom scorer exited with code ${result.exitCode}.`);
  return parseScorerOutput(`${result.stdout ?? ''}`, Object.keys(run.config.metrics));
}
