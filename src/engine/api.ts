/**
 * A small Docker Engine API client over the engine's unix socket, for the calls every run
 * makes (container create/start/kill/remove/inspect/list, exec with its attached streams,
 * image inspect, info). Each `docker` CLI call costs a process start (~0.1 s, more on a busy
 * runner) before the engine does anything; a run made about six of them.
 *
 * Why node:http and not dockerode/docker-modem: those are maintained, but bring ssh2 (with an
 * optional native module), tar-fs and gRPC into the bundle, all parsed at every `holdout` start,
 * for the dozen calls below — which fit in this file. The CLI is still used for what is rare
 * and complex (build, pull, push, the custom scorer's foreground run): see gateway.ts.
 *
 * Paths are unversioned on purpose: the engine then speaks its own (newest) API version, and
 * engines that dropped old versions (Docker 29 answers nothing below 1.44) still answer.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';

/** The engine could not be reached at all (no socket, refused, no permission, not a unix socket). */
export class EngineUnreachable extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'EngineUnreachable';
  }
}

/**
 * Where the engine listens, as the docker CLI would find it: DOCKER_HOST, else the context
 * named by DOCKER_CONTEXT or by the CLI's config (`docker context use`), else the default
 * socket. Only unix sockets: a tcp:// or ssh:// engine is another machine, whose bind mounts
 * would not be this machine's folders anyway.
 */
export function engineSocket(env: NodeJS.ProcessEnv = process.env): { socketPath: string } | { problem: string } {
  const host = env.DOCKER_HOST?.trim() || contextHost(env) || 'unix:///var/run/docker.sock';
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  return {
    problem: `Holdout talks to the Docker engine through a unix socket, and ${host} is not one; set DOCKER_HOST=unix:///path/to/docker.sock`,
  };
}

function contextHost(env: NodeJS.ProcessEnv): string | undefined {
  const configDir = env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
  let name = env.DOCKER_CONTEXT?.trim();
  if (!name) {
    try {
      name = (JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: string })
        .currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  try {
    const id = createHash('sha256').update(name).digest('hex');
    const meta = JSON.parse(readFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8')) as {
      Endpoints?: { docker?: { Host?: string } };
    };
    return meta.Endpoints?.docker?.Host;
  } catch {
    return undefined;
  }
}

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** The engine's own words on a failure ({"message": …}), else the raw text. */
  message: string;
}

function socketPath(): string {
  const where = engineSocket();
  if ('problem' in where) throw new EngineUnreachable(where.problem, 'EPROTONOSUPPORT');
  return where.socketPath;
}

/** In the docker CLI's own words, which people search for. */
function unreachable(e: NodeJS.ErrnoException, at: string): EngineUnreachable {
  if (e.code === 'EACCES')
    return new EngineUnreachable(
      `permission denied while trying to connect to the Docker daemon socket at unix://${at}`,
      e.code,
    );
  return new EngineUnreachable(
    `Cannot connect to the Docker daemon at unix://${at} (${e.code ?? e.message}). Is the docker daemon running?`,
    e.code,
  );
}

/** One request and its whole answer. Throws EngineUnreachable when the engine cannot be reached, never for a status. */
export function call(method: string, url: string, body?: unknown, timeoutMs = 60_000): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    let at: string;
    try {
      at = socketPath();
    } catch (e) {
      reject(e);
      return;
    }
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        socketPath: at,
        method,
        path: url,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          const said = (parsed as { message?: unknown } | undefined)?.message;
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            message: typeof said === 'string' ? said : text.trim(),
          });
        });
        res.on('error', (e) => reject(unreachable(e, at)));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => reject(unreachable(e, at)));
    req.end(payload);
  });
}

/** Path segment for a container or image reference (names, IDs, repo:tag, digests). */
export function ref(name: string): string {
  return name.replace(/[^A-Za-z0-9._/:@-]/g, (c) => encodeURIComponent(c));
}

/**
 * Split Docker's multiplexed attach stream (no TTY): frames of an 8-byte header — stream
 * (1 stdout, 2 stderr), three zero bytes, a big-endian 32-bit length — then the payload.
 * A frame may arrive in pieces and one chunk may hold many frames. Pure apart from the callbacks.
 */
export class Demuxer {
  private pending = Buffer.alloc(0);
  constructor(private readonly onFrame: (stream: 1 | 2, payload: Buffer) => void) {}
  push(chunk: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      const stream = buf[0] === 2 ? 2 : 1;
      if (size > 0) this.onFrame(stream, buf.subarray(8, 8 + size));
      buf = buf.subarray(8 + size);
    }
    this.pending = Buffer.from(buf);
  }
}

export interface ExecOptions {
  cmd: string[];
  user?: string;
  workdir?: string;
  env?: string[];
  /** Keep stdin open for the caller (session.stdin); otherwise the exec gets none. */
  stdin?: boolean;
  /** Destroy the connection after this long (the process inside goes on, as with the CLI). */
  timeoutMs?: number;
}

export interface ExecSession {
  stdout: PassThrough;
  stderr: PassThrough;
  /** Write to the process's stdin; end() closes it (a half-close of the connection). */
  stdin: { write(data: string | Buffer): void; end(data?: string | Buffer): void };
  /** Drop the connection: the streams end, the process inside is not signalled. */
  abort(): void;
  /** When the streams have ended: the exit code (null when the engine cannot say) and whether the timeout fired. */
  done: Promise<{ exitCode: number | null; timedOut: boolean }>;
}

/**
 * Create and start an exec attached to its streams (`docker exec [-i]`). Resolves once the
 * engine has accepted it; an exec the engine refuses (no such container, not running) is an
 * { error } with the engine's words.
 */
export async function exec(container: string, o: ExecOptions): Promise<ExecSession | { error: string }> {
  const created = await call('POST', `/containers/${ref(container)}/exec`, {
    AttachStdin: o.stdin === true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Cmd: o.cmd,
    ...(o.user ? { User: o.user } : {}),
    ...(o.workdir ? { WorkingDir: o.workdir } : {}),
    ...(o.env ? { Env: o.env } : {}),
  });
  const id = (created.body as { Id?: string } | undefined)?.Id;
  if (created.status !== 201 || !id) return { error: created.message || `the engine answered ${created.status}` };
  const at = socketPath();
  const socket = await new Promise<{ socket: Socket; head: Buffer } | { error: string }>((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify({ Detach: false, Tty: false }));
    const req = http.request({
      socketPath: at,
      method: 'POST',
      path: `/exec/${id}/start`,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': payload.length,
        Connection: 'Upgrade',
        Upgrade: 'tcp',
      },
    });
    req.on('upgrade', (_res, s: Socket, head: Buffer) => resolve({ socket: s, head }));
    req.on('response', (res) => {
      // An answer instead of the stream is an error message: keep its start only, whatever the engine sends.
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (c: Buffer) => {
        if (kept >= 64 * 1024) return;
        chunks.push(c);
        kept += c.length;
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let said = text.trim();
        try {
          said = (JSON.parse(text) as { message?: string }).message ?? said;
        } catch {}
        resolve({ error: said || `the engine answered ${res.statusCode}` });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => reject(unreachable(e, at)));
    req.end(payload);
  });
  if ('error' in socket) return socket;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  // No back-pressure on purpose: every consumer (the LogCollector) reads synchronously and bounds
  // what it keeps, so nothing piles up here; an asynchronous consumer would need it.
  const demux = new Demuxer((stream, payload) => (stream === 2 ? stderr : stdout).write(payload));
  const s = socket.socket;
  let timedOut = false;
  let aborted = false;
  const timer =
    o.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          s.destroy();
        }, o.timeoutMs);
  const ended = new Promise<void>((resolve) => {
    s.on('data', (c: Buffer) => demux.push(c));
    s.on('error', () => {});
    s.on('close', () => resolve());
  });
  if (socket.head.length > 0) demux.push(socket.head);
  const done = ended.then(async () => {
    if (timer) clearTimeout(timer);
    stdout.end();
    stderr.end();
    if (timedOut || aborted) return { exitCode: null, timedOut };
    // The streams can close a moment before the engine records the exit code: a few short looks.
    // A busy engine can take longer: up to about 3 s before it is called unknown (our error).
    for (const pause of [0, 10, 25, 50, 100, 200, 400, 800, 1500]) {
      if (pause) await new Promise((r) => setTimeout(r, pause));
      const inspected = await call('GET', `/exec/${id}/json`).catch(() => undefined);
      if (!inspected) break;
      const state = (inspected.body as { ExitCode?: unknown; Running?: boolean } | undefined) ?? {};
      if (!state.Running && typeof state.ExitCode === 'number') return { exitCode: state.ExitCode, timedOut };
    }
    return { exitCode: null, timedOut };
  });
  return {
    stdout,
    stderr,
    stdin: {
      write: (data) => {
        if (!s.destroyed) s.write(data);
      },
      end: (data) => {
        if (s.destroyed) return;
        if (data === undefined) s.end();
        else s.end(data);
      },
    },
    abort: () => {
      aborted = true;
      s.destroy();
    },
    done,
  };
}
