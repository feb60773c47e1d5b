/**
 * The one way Holdout reaches the Docker engine (as actions/checkout sends every git call
 * through one command manager). Two transports, one place:
 *
 *  - the Engine API over the unix socket (api.ts) for what every run does, many times;
 *  - the docker CLI (`HOLDOUT_DOCKER`, default `docker`) for what is rare and complex:
 *    build, pull, push, tag, the custom scorer's and runtime tests' foreground runs,
 *    and the escalation path of a read-back (pause, killer, update).
 *
 * Both find the same engine: DOCKER_HOST, else the active docker context, else
 * /var/run/docker.sock. No other module starts a `docker` process or opens the socket.
 *
 * "The engine is not available" is recognised here only (isEngineUnavailable) and said in one
 * way (engineUnavailableMessage + ENGINE_HINT).
 */
import { spawnSync } from 'node:child_process';
import { messageOf } from '../errors.js';
import type { Options, Result, ResultPromise } from 'execa';
import { call, EngineUnreachable, exec, ref, type ExecSession } from './api.js';
import { createRequestFromRunArgs, execRequestFromExecArgs } from './run-args.js';

export { call, engineSocket, EngineUnreachable, type ExecSession } from './api.js';

/** The docker command. Read once: a test that needs another one starts a process with it set. */
export const DOCKER = process.env.HOLDOUT_DOCKER || 'docker';

/**
 * A `docker` CLI call, with execa's options as given (callers pass reject: false and say what
 * stdin is). execa is loaded on the first CLI call: a run that only talks to the API never
 * parses it.
 */
export async function docker<O extends Options>(args: readonly string[], options: O): Promise<Result<O>> {
  return (await (
    await dockerProcess(args, options)
  ).subprocess) as unknown as Result<O>;
}

/** The running `docker` process, for a caller that streams its output (a build). */
export async function dockerProcess<O extends Options>(
  args: readonly string[],
  options: O,
): Promise<{ subprocess: ResultPromise<O> }> {
  const { execa } = await import('execa');
  return { subprocess: execa(DOCKER, args, options) as unknown as ResultPromise<O> };
}

/** A synchronous, bounded `docker` call: only for the last moments of a process (a second signal). */
export function dockerSync(args: string[], timeoutMs: number): void {
  spawnSync(DOCKER, args, { stdio: 'ignore', timeout: timeoutMs });
}

/** The engine's (or the CLI's) words for "nobody is listening". */
const UNAVAILABLE =
  /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connection refused|permission denied while trying to connect|cannot reach the Docker engine|through a unix socket/i;

/**
 * Is this failure "the engine is not there" (rather than an answer from it)? Takes what a call
 * left: a thrown error (EngineUnreachable from the API), or the CLI's exit facts.
 */
export function isEngineUnavailable(
  failure: unknown | { code?: string; stderr?: unknown; all?: unknown; exitCode?: number },
): boolean {
  if (failure instanceof EngineUnreachable) return true;
  const f = (failure ?? {}) as { code?: unknown; stderr?: unknown; all?: unknown; message?: unknown };
  // ENOENT: the docker command itself is missing.
  if (f.code === 'ENOENT') return true;
  return UNAVAILABLE.test(`${f.stderr ?? ''}\n${f.all ?? ''}\n${f.message ?? ''}`);
}

/** Our words for a failure isEngineUnavailable recognised: the detail is its first line. */
export function engineUnavailableDetail(failure: unknown): string {
  const f = (failure ?? {}) as { code?: unknown; stderr?: unknown; all?: unknown; message?: unknown };
  if (f.code === 'ENOENT' && !(failure instanceof EngineUnreachable))
    return `the ${DOCKER} command is not installed or not on PATH`;
  const text = `${f.stderr || f.all || f.message || ''}`.trim();
  return lastLine(text) || 'no answer';
}

/** What to do about it; the reports' hint field, and the end of every one-line message below. */
export const ENGINE_HINT =
  'start Docker (on a shared machine: dockerd --bridge=none --iptables=false --ip6tables=false, or scripts/ensure-docker.sh) and try again';

/** "the Docker engine is not available (…)", for a result that carries ENGINE_HINT beside it. */
export function engineUnavailableMessage(failure: unknown): string {
  return `the Docker engine is not available (${engineUnavailableDetail(failure)})`;
}

/** The message and what to do, on one line: for places with no hint field. */
export function engineUnavailableLine(failure: unknown): string {
  return `${engineUnavailableMessage(failure)}; ${ENGINE_HINT}`;
}

export function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}

/** What a call that failed left, for isEngineUnavailable and the messages. */
export interface EngineFailure {
  /** The engine's words, or why it could not be reached. */
  message: string;
  /** The engine could not be reached at all. */
  unavailable: boolean;
}

function failure(e: unknown): EngineFailure {
  return { message: messageOf(e), unavailable: isEngineUnavailable(e) };
}

/**
 * `docker run --detach` of these arguments, through the API: create, then start. The
 * arguments are translated (run-args.ts), so what runs is what the reproduce line says.
 */
export async function runDetached(args: string[]): Promise<{ ok: true; id: string } | ({ ok: false } & EngineFailure)> {
  const request = createRequestFromRunArgs(args);
  try {
    const query = request.name ? `?name=${encodeURIComponent(request.name)}` : '';
    const created = await call('POST', `/containers/create${query}`, request.body);
    const id = (created.body as { Id?: string } | undefined)?.Id;
    if (created.status !== 201 || !id) return { ok: false, message: created.message, unavailable: false };
    const started = await call('POST', `/containers/${id}/start`);
    if (started.status !== 204 && started.status !== 304)
      return { ok: false, message: started.message, unavailable: false };
    return { ok: true, id };
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
}

/** `docker kill`; never throws (a container already gone is fine). */
export async function killContainer(name: string): Promise<void> {
  await call('POST', `/containers/${ref(name)}/kill`).catch(() => undefined);
}

/** `docker rm --force --volumes` of each; never throws. */
export async function removeContainers(names: string[], timeoutMs = 30_000): Promise<void> {
  await Promise.all(
    names.map((n) => call('DELETE', `/containers/${ref(n)}?force=1&v=1`, undefined, timeoutMs).catch(() => undefined)),
  );
}

/** `docker ps --all --quiet --no-trunc --filter label=…`: full IDs; [] when the engine does not answer. */
export async function listContainers(labels: string[]): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const r = await call('GET', `/containers/json?all=1&filters=${filters}`).catch(() => undefined);
  if (r?.status !== 200 || !Array.isArray(r.body)) return [];
  return r.body.map((c: { Id?: string }) => c.Id ?? '').filter(Boolean);
}

/** `docker inspect --type container`: its State, or why there is none. */
export async function inspectContainer(
  name: string,
): Promise<
  { ok: true; state: { Running?: boolean; OOMKilled?: boolean } } | ({ ok: false; gone: boolean } & EngineFailure)
> {
  try {
    const r = await call('GET', `/containers/${ref(name)}/json`, undefined, 30_000);
    if (r.status === 200) return { ok: true, state: (r.body as { State?: object } | undefined)?.State ?? {} };
    return { ok: false, gone: r.status === 404, message: r.message, unavailable: false };
  } catch (e) {
    return { ok: false, gone: false, ...failure(e) };
  }
}

/**
 * `docker image inspect` of one reference: the engine's JSON for it, 'absent' when it has no
 * such image, or the failure.
 */
export async function inspectImageJson(
  image: string,
): Promise<{ ok: true; image: unknown } | 'absent' | EngineFailure> {
  try {
    const r = await call('GET', `/images/${ref(image)}/json`);
    if (r.status === 200) return { ok: true, image: r.body };
    if (r.status === 404) return 'absent';
    return { message: r.message || `the engine answered ${r.status}`, unavailable: false };
  } catch (e) {
    return failure(e);
  }
}

/**
 * `docker exec` of these arguments, through the API, attached to its streams. An exec the
 * engine refuses (no such container, not running) or cannot be asked is a failure with its words.
 */
export async function execAttached(
  args: string[],
  timeoutMs?: number,
): Promise<{ ok: true; session: ExecSession } | ({ ok: false } & EngineFailure)> {
  const r = execRequestFromExecArgs(args);
  try {
    const session = await exec(r.container, {
      cmd: r.cmd,
      user: r.user,
      workdir: r.workdir,
      env: r.env.length > 0 ? r.env : undefined,
      stdin: r.stdin,
      timeoutMs,
    });
    if ('error' in session) return { ok: false, message: session.error, unavailable: false };
    return { ok: true, session };
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
}
