/**
 * The Docker operations runtime images need: ask whether a tag exists, pull one, and
 * build one while streaming its output. Everything else about images (which tag,
 * when to build) is decided in image.ts; the engine itself is reached through
 * src/engine/gateway.ts (inspect through its API, pull and build through its CLI).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  docker,
  dockerProcess,
  ENGINE_HINT,
  engineUnavailableMessage,
  inspectImageJson,
} from '../../engine/gateway.js';

export { ENGINE_HINT };

export type ImageLookup =
  | { state: 'present'; id: string; sizeBytes: number; labels: Record<string, string> }
  | { state: 'absent' }
  | { state: 'engine_unavailable'; message: string };

/** One `docker image inspect`: the cheap check that makes an unchanged runtime free (the labels say who made it). */
export async function inspectImage(ref: string): Promise<ImageLookup> {
  const found = await inspectImageJson(ref);
  if (found === 'absent') return { state: 'absent' };
  if (!('ok' in found)) return { state: 'engine_unavailable', message: engineUnavailableMessage(found) };
  const image = found.image as { Id?: string; Size?: number; Config?: { Labels?: unknown } };
  return {
    state: 'present',
    id: image.Id ?? '',
    sizeBytes: Number(image.Size ?? 0),
    labels: stringRecord(image.Config?.Labels),
  };
}

/** The string values of an object; anything else (null) is no labels. */
function stringRecord(parsed: unknown): Record<string, string> {
  if (!parsed || typeof parsed !== 'object') return {};
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Image IDs of several references (the base images of a Dockerfile, on every ensureImage),
 * asked at once. A reference the engine does not have is left out of the map; `undefined`
 * when the engine did not answer.
 */
export async function inspectImageIds(refs: string[]): Promise<Map<string, string> | undefined> {
  const found = await Promise.all(refs.map((r) => inspectImage(r)));
  const ids = new Map<string, string>();
  for (const [i, one] of found.entries()) {
    if (one.state === 'engine_unavailable') return undefined;
    if (one.state === 'present') ids.set(refs[i]!, one.id);
  }
  return ids;
}

/**
 * `docker pull` of an exact tag, bounded in time. The failure's last line is returned
 * for the caller to judge (a content tag not pushed yet is built; a base image that
 * cannot be had is explained, base-images.ts); onLine, when given, says "building it instead".
 */
export async function pullImage(
  ref: string,
  onLine?: (line: string) => void,
  timeoutMs = 15 * 60_000,
): Promise<{ ok: boolean; message: string }> {
  const result = await docker(['pull', '--quiet', ref], { reject: false, stdin: 'ignore', timeout: timeoutMs });
  if (result.exitCode === 0) return { ok: true, message: `pulled ${ref}` };
  const why = `${result.stderr ?? ''}`.trim().split('\n').pop() || (result.timedOut ? 'timed out' : 'no reason given');
  onLine?.(`holdout: could not pull ${ref} (${why}); building it instead`);
  return { ok: false, message: why };
}

export interface DockerBuildOptions {
  tag: string;
  dockerfile: string;
  contextDir: string;
  buildArgs: Record<string, string>;
  /** `docker build --network`; "default" passes nothing. */
  network: 'default' | 'none' | 'host';
  labels: Record<string, string>;
  cacheFrom?: string;
  onLine?: (line: string) => void;
  /** The full output is appended here. */
  logPath?: string;
  /** How many of the last output lines to keep for the report. */
  tailLines?: number;
}

export interface DockerBuildResult {
  exitCode: number;
  /** The last lines of the output (stdout and stderr together). */
  tail: string[];
  /** True when the docker command itself could not be started. */
  notStarted: boolean;
  /** The step running when the build ended (the failing one when it failed). */
  lastStep: string | undefined;
}

export function dockerBuildArgs(o: DockerBuildOptions): string[] {
  const args = ['build', '--force-rm', '--tag', o.tag, '--file', o.dockerfile];
  if (o.network !== 'default') args.push('--network', o.network);
  for (const [key, value] of Object.entries(o.buildArgs)) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of Object.entries(o.labels)) args.push('--label', `${key}=${value}`);
  if (o.cacheFrom) args.push('--cache-from', o.cacheFrom);
  args.push(o.contextDir);
  return args;
}

/** Run `docker build`, streaming each output line to onLine and the log file. */
export async function dockerBuild(o: DockerBuildOptions): Promise<DockerBuildResult> {
  const keep = o.tailLines ?? 40;
  const tail: string[] = [];
  const isNoise = legacyBuilderNotice();
  let lastStep: string | undefined;
  let stepIsFinal = false;
  let log: WriteStream | undefined;
  if (o.logPath) {
    await mkdir(path.dirname(o.logPath), { recursive: true });
    log = createWriteStream(o.logPath, { flags: 'w' });
  }
  const { subprocess: child } = await dockerProcess(dockerBuildArgs(o), {
    reject: false,
    all: true,
    stdin: 'ignore',
    // A plain, line-by-line progress whichever builder (classic or BuildKit) the engine uses.
    env: { BUILDKIT_PROGRESS: 'plain' },
  });
  for await (const raw of child.iterable({ from: 'all' })) {
    // Progress that redraws itself ("\r") keeps only its last state.
    const line = String(raw).split('\r').filter(Boolean).at(-1) ?? '';
    if (isNoise(line)) continue;
    log?.write(`${line}\n`);
    tail.push(line);
    const step = stepOf(line);
    if (step && !stepIsFinal) [lastStep, stepIsFinal] = [step.step, step.failed];
    if (tail.length > keep) tail.shift();
    o.onLine?.(line);
  }
  const result = await child;
  if (log) await new Promise<void>((resolve) => log.end(resolve));
  const notStarted = result.code === 'ENOENT' || (result.failed && result.exitCode === undefined);
  return { exitCode: result.exitCode ?? -1, tail, notStarted, lastStep };
}

/**
 * A filter for the notice the docker CLI prints when it builds without BuildKit
 * ("DEPRECATED: The legacy builder is deprecated …", two indented lines, a blank one):
 * advice to whoever installs Docker, not about this build, and in the way of the
 * lines that are. True for the lines of the notice. Stateful: one per build.
 */
export function legacyBuilderNotice(): (line: string) => boolean {
  let inNotice = false;
  return (line) => {
    if (/^DEPRECATED: The legacy builder is deprecated/.test(line)) {
      inNotice = true;
      return true;
    }
    if (!inNotice) return false;
    if (/^\s+\S/.test(line)) return true;
    inNotice = false;
    return line.trim() === '';
  };
}

/**
 * The build step a line of output announces, if any. Understands the classic builder
 * ("Step 3/5 : RUN …") and BuildKit's plain progress ("#7 [3/5] RUN …", and its final
 * summary " > [3/5] RUN …:" which names the step that failed).
 */
export function stepOf(line: string): { step: string; failed: boolean } | undefined {
  const classic = /^Step \d+\/\d+ : (.*)$/.exec(line);
  if (classic) return { step: classic[1]!, failed: false };
  const buildkit = /^#\d+ \[[^\]]*\d+\/\d+\] (.*)$/.exec(line);
  if (buildkit) return { step: buildkit[1]!, failed: false };
  const summary = /^ > \[[^\]]*\] (.*):$/.exec(line);
  if (summary) return { step: summary[1]!, failed: true };
  return undefined;
}
