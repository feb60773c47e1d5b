/**
 * Run one submission in the sandbox and report the facts (exit code, OOM,
 * timeout, output) without judging them; judge.ts turns facts into a verdict.
 *
 * Why a container that idles and a `docker exec` rather than one `docker run`:
 * the writable output folder is a size-capped tmpfs, which `docker cp` cannot
 * read and which vanishes when the container stops. Keeping the container alive
 * (PID 1 is docker-init + `sleep`, as uid 65534) lets us, in order:
 *   1. verify the isolation from inside, before any participant code runs: the
 *      exec starts as a small shell that prints /proc/net/dev and its own status,
 *      then waits on stdin; only when Holdout has checked them and answers "run"
 *      does it `exec` the submission's command (no extra round trip to the engine);
 *   2. run the command as the participant's uid, under the same limits;
 *   3. kill whatever the submission left running, then read the engine's and the
 *      kernel's record (OOM kills, peak memory) and copy the output file out;
 *   4. remove the container.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { execa } from 'execa';
import { DOCKER, lastLine } from './engine.js';
import { commandExecArgs, keepaliveRunArgs, outputDir, type SandboxSpec } from './spec.js';
import type { LogCollector } from './log-collector.js';

export type RunFacts =
  | { kind: 'image_missing'; message: string }
  | { kind: 'engine_error'; message: string }
  | { kind: 'isolation_failed'; message: string }
  | {
      kind: 'ran';
      durationS: number;
      timedOut: boolean;
      /** null when we killed it (timeout) or the engine could not say. */
      exitCode: number | null;
      oomKilled: boolean;
      peakMemoryBytes: number | null;
      /** The output folder had no free space left at the end. */
      outputFull: boolean;
      /** Size of the output file in the sandbox, or null if the submission wrote none. */
      outputBytes: number | null;
      /** The output file claims more bytes than the limit (a sparse file can): not copied. */
      outputOversize: boolean;
      /** Our read-back after the run failed: nothing can be said about the output (our error). */
      collectFailed: boolean;
    };

export interface RunOptions {
  collector: LogCollector;
  /** Host path the output file is copied to. */
  outputHostPath: string;
  /**
   * Removing the container takes a round trip to the engine; a caller with more
   * to do (scoring) may take the promise and await it later. Default: awaited here.
   */
  deferRemoval?: (removal: Promise<void>) => void;
}

export async function runSandbox(spec: SandboxSpec, options: RunOptions): Promise<RunFacts> {
  const started = await execa(DOCKER, keepaliveRunArgs(spec), { reject: false });
  if (started.exitCode !== 0) {
    await removeContainer(spec.name);
    const why = lastLine(started.stderr);
    if (/No such image|Unable to find image|pull access denied/i.test(started.stderr)) {
      return { kind: 'image_missing', message: `the image ${spec.image} is not on this machine (${why})` };
    }
    return { kind: 'engine_error', message: `the Docker engine could not start the sandbox: ${why || 'no reason given'}` };
  }
  try {
    return await runCommand(spec, options);
  } finally {
    const removal = removeContainer(spec.name);
    if (options.deferRemoval) options.deferRemoval(removal);
    else await removal;
  }
}

/**
 * A separate look from inside, as the participant (the run itself uses the
 * handshake in runCommand). Returns a problem, or undefined when sound.
 */
export async function verifyIsolation(spec: Pick<SandboxSpec, 'name' | 'uid' | 'gid'>): Promise<string | undefined> {
  const probe = await execa(
    DOCKER,
    ['exec', '--user', `${spec.uid}:${spec.gid}`, spec.name, 'cat', '/proc/net/dev', '/proc/self/status'],
    { reject: false },
  );
  if (probe.exitCode !== 0) return `could not inspect the sandbox from inside: ${lastLine(probe.stderr)}`;
  return isolationProblem(probe.stdout);
}

/** Pure: given /proc/net/dev followed by /proc/self/status, what is wrong (if anything). */
export function isolationProblem(procText: string): string | undefined {
  // /proc/net/dev comes first; /proc/self/status starts at its "Name:" line.
  const statusAt = procText.search(/^Name:/m);
  const netDev = statusAt === -1 ? procText : procText.slice(0, statusAt);
  const interfaces = [...netDev.matchAll(/^\s*([^\s:|]+):\s*\d/gm)].map((m) => m[1]!);
  const foreign = interfaces.filter((i) => i !== 'lo');
  if (interfaces.length === 0) return 'could not list the network interfaces inside the sandbox';
  if (foreign.length > 0) return `the sandbox has network interfaces besides loopback (${foreign.join(', ')}); refusing to run`;
  const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(procText);
  if (!uid) return 'could not read the uid inside the sandbox';
  if (uid[1] === '0' || uid[2] === '0') return 'the submission would run as root inside the sandbox; refusing to run';
  return undefined;
}

/**
 * The handshake shell: print what the isolation check needs, wait for "run" on
 * stdin, then become the submission's command (stdin closed for it).
 */
const HANDSHAKE = 'cat /proc/net/dev /proc/self/status; echo @ready; read -r go; [ "$go" = run ] || exit 125; exec "$@" </dev/null';
const READY_MARKER = Buffer.from('@ready\n');

/**
 * Route the exec's stdout: everything up to the @ready marker is the probe
 * (resolved as text), everything after it goes to `onOutput`. The stream is
 * never paused or destroyed, so the submission's output flows on untouched.
 */
function splitProbe(stdout: NodeJS.ReadableStream, onOutput: (chunk: Buffer) => void): Promise<string | undefined> {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0);
    let probing = true;
    stdout.on('data', (chunk: Buffer) => {
      if (!probing) return onOutput(chunk);
      seen = Buffer.concat([seen, chunk]);
      const at = seen.indexOf(READY_MARKER);
      if (at !== -1) {
        probing = false;
        resolve(seen.subarray(0, at).toString('utf8'));
        const rest = seen.subarray(at + READY_MARKER.length);
        if (rest.length > 0) onOutput(rest);
      } else if (seen.length > 256 * 1024) {
        probing = false;
        resolve(undefined);
      }
    });
    stdout.on('end', () => probing && resolve(undefined));
  });
}

async function runCommand(spec: SandboxSpec, options: RunOptions): Promise<RunFacts> {
  const child = execa(DOCKER, commandExecArgs(spec, ['sh', '-c', HANDSHAKE, 'sh']), { reject: false, buffer: false, stdin: 'pipe' });
  child.stderr?.on('data', (chunk: Buffer) => options.collector.write('stderr', chunk));

  const probe = await splitProbe(child.stdout!, (chunk) => options.collector.write('stdout', chunk));
  const problem = probe !== undefined ? isolationProblem(probe) : 'the sandbox did not answer the isolation check';
  if (problem) {
    child.stdin?.end();
    await child;
    return { kind: 'isolation_failed', message: problem };
  }

  // Isolation verified: let the command start, and time it from here.
  const t0 = performance.now();
  child.stdin!.end('run\n');

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // Killing the container ends every process in it, and with them the exec.
    void execa(DOCKER, ['kill', spec.name], { reject: false });
  }, spec.limits.time_s * 1000);
  const result = await child;
  clearTimeout(timer);
  const durationS = (performance.now() - t0) / 1000;

  if (timedOut) {
    return {
      kind: 'ran', durationS, timedOut, exitCode: null, oomKilled: false, peakMemoryBytes: null,
      outputFull: false, outputBytes: null, outputOversize: false, collectFailed: false,
    };
  }
  const collected = await collectAfterRun(spec, options.outputHostPath);
  // The kernel's OOM counter for the container's cgroup is the record; the engine's own
  // flag only covers the container's main process, so it is asked only if the read-back failed.
  const engineOom = collected === undefined && (await inspectOomKilled(spec.name));
  return {
    kind: 'ran',
    durationS,
    timedOut,
    exitCode: typeof result.exitCode === 'number' ? result.exitCode : null,
    oomKilled: engineOom || (collected?.oomKills ?? 0) > 0,
    peakMemoryBytes: collected?.peakMemoryBytes ?? null,
    outputFull: collected?.outputFree === 0,
    outputBytes: collected?.outputBytes ?? null,
    outputOversize: collected !== undefined && collected.outputBytes !== null && collected.outputBytes > spec.limits.output_bytes,
    collectFailed: collected === undefined,
  };
}

/**
 * One exec, as the participant's uid: kill what the submission left behind
 * (`kill -9 -1` spares PID 1, which belongs to another uid anyway), print the
 * kernel's OOM counter and peak memory for this container's cgroup (v1 or v2),
 * the output folder's free blocks, then the output file itself after a marker.
 * A tmpfs caps the blocks written, not the size a sparse file claims
 * (`truncate -s 1T` succeeds on a 1 MiB tmpfs), so a file claiming more than the
 * limit ($3) is not copied at all, and the copy itself stops at the limit.
 */
const COLLECT_SCRIPT = `
kill -9 -1 2>/dev/null
echo "@oom"; cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events 2>/dev/null
echo "@peak $(cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak 2>/dev/null)"
echo "@outfree $(stat -f -c %a "$2" 2>/dev/null)"
if [ -f "$1" ]; then
  size=$(stat -c %s "$1"); echo "@output $size"; echo "@end"
  [ "$size" -le "$3" ] && exec head -c "$3" "$1"
  exit 0
fi
echo "@output none"; echo "@end"
`;
const END_MARKER = Buffer.from('@end\n');

interface Collected {
  oomKills: number;
  peakMemoryBytes: number | null;
  outputFree: number | null;
  outputBytes: number | null;
}

/** Undefined when the read-back failed twice (our problem, not the participant's). */
async function collectAfterRun(spec: SandboxSpec, outputHostPath: string): Promise<Collected | undefined> {
  const limit = spec.limits.output_bytes;
  const args = ['exec', '--user', `${spec.uid}:${spec.gid}`, spec.name, 'sh', '-c', COLLECT_SCRIPT, 'sh', spec.outputFile, outputDir(spec), String(limit)];
  let collected = await streamCollect(args, outputHostPath, limit);
  if (!collected) {
    // A fork bomb can leave no PID free for our exec: raise the cap a little, then try once more.
    await execa(DOCKER, ['update', '--pids-limit', String(spec.limits.pids + 64), spec.name], { reject: false });
    collected = await streamCollect(args, outputHostPath, limit);
  }
  return collected;
}

async function streamCollect(args: string[], outputHostPath: string, limit: number): Promise<Collected | undefined> {
  const child = execa(DOCKER, args, { reject: false, buffer: false, stdin: 'ignore' });
  const out = createWriteStream(outputHostPath);
  let written = 0;
  let header = Buffer.alloc(0);
  let headerText: string | undefined;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    if (headerText !== undefined) {
      // The script already stops at the limit; the host never trusts that alone.
      const room = limit - written;
      if (room <= 0) continue; // drain and drop
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      written += piece.length;
      if (!out.write(piece)) await once(out, 'drain');
      continue;
    }
    header = Buffer.concat([header, chunk]);
    const end = header.indexOf(END_MARKER);
    if (end === -1) {
      if (header.length > 64 * 1024) break; // not our script's output
      continue;
    }
    headerText = header.subarray(0, end).toString('utf8');
    const rest = header.subarray(end + END_MARKER.length, end + END_MARKER.length + limit);
    written += rest.length;
    if (rest.length > 0 && !out.write(rest)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const result = await child;
  if (headerText === undefined || result.exitCode !== 0) return undefined;
  return parseCollectHeader(headerText);
}

/** Pure: read the header the collect script printed. */
export function parseCollectHeader(text: string): Collected {
  const oom = /^oom_kill\s+(\d+)/m.exec(text);
  const peak = /^@peak (\d+)/m.exec(text);
  const free = /^@outfree (\d+)/m.exec(text);
  const output = /^@output (\d+|none)/m.exec(text);
  return {
    oomKills: oom ? Number(oom[1]) : 0,
    peakMemoryBytes: peak ? Number(peak[1]) : null,
    outputFree: free ? Number(free[1]) : null,
    outputBytes: output && output[1] !== 'none' ? Number(output[1]) : null,
  };
}

async function inspectOomKilled(name: string): Promise<boolean> {
  const r = await execa(DOCKER, ['inspect', '--format', '{{.State.OOMKilled}}', name], { reject: false });
  return r.stdout.trim() === 'true';
}

async function removeContainer(name: string): Promise<void> {
  await execa(DOCKER, ['rm', '--force', '--volumes', name], { reject: false });
}
