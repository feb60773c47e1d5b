/**
 * Run one submission in the sandbox and report the facts (exit code, OOM,
 * timeout, output) without judging them; judge.ts turns facts into a verdict.
 *
 * Why a container that idles and a `docker exec` rather than one `docker run`:
 * the writable output folder is a size-capped tmpfs, which `docker cp` cannot
 * read and which vanishes when the container stops. Keeping the container alive
 * (PID 1 is docker-init + `sleep <deadline>`, as uid 65534) lets us, in order:
 *   1. verify the isolation from inside, before any participant code runs: the
 *      exec starts as a small shell that prints /proc/net/dev and its own status,
 *      then waits on stdin; only when Holdout has checked them and answers "run"
 *      does it `exec` the submission's command (no extra round trip to the engine);
 *   2. run the command as the participant's uid, under the same limits;
 *   3. read back (readBack): kill whatever the submission left running, then read
 *      the kernel's record (OOM kills, peak memory) and the output file — never
 *      following a link, and only a readable regular file. Nothing the submission
 *      did may make this fail: if the read-back exec cannot start or processes
 *      survive, the sandbox is frozen, a killer container of ours kills every
 *      process of the participant's uid from outside the sandbox's cgroup, and the
 *      read-back is tried again;
 *   4. remove the container.
 * The container ends itself at its deadline (spec.ts, sandboxDeadlineS) even if
 * this process is killed, and removes itself (`--rm`).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import {
  docker,
  engineUnavailableLine,
  execAttached,
  inspectContainer,
  killContainer,
  lastLine,
  runDetached,
} from '../engine/gateway.js';
import { removeTracked, startTracked, unlessInterrupted } from './containers.js';
import {
  collectTimeoutS,
  commandExecArgs,
  hasWorkingCopy,
  keepaliveRunArgs,
  killerRunArgs,
  outputDir,
  workingCopyCommand,
  type SandboxSpec,
} from './spec.js';
import type { LogCollector } from './log-collector.js';
import { TarFolderWriter, type FolderResult } from './output-folder.js';

/** What the read-back found where the output file should be, when it is not a readable regular file. */
export type OutputProblem = 'symlink' | 'not_regular' | 'unreadable' | 'folder_blocked' | 'bad_name';

/** What the output folder holds, for the message when the expected output is not there. */
export interface HeldListing {
  /** The first names at the folder's top level ("name/" for a folder), as the sandbox listed them. */
  names: string[];
  /** How many entries the top level holds in all. */
  count: number;
}

/**
 * How the read-back after the run ended:
 *  - ok: it ran, and the fields below are facts;
 *  - sandbox_stopped: the container was gone or stopped (what ran inside ended it, e.g.
 *    its memory — /tmp included — ran out and the kernel killed the container's init);
 *  - survivors: processes of the participant's uid were still there after being killed from
 *    inside and from outside (theirs: nothing but the submission runs as that uid);
 *  - engine_unavailable: the Docker engine did not answer (ours);
 *  - failed: the engine answers and the sandbox runs, yet nothing could be read (ours).
 */
export type ReadBackState = 'ok' | 'sandbox_stopped' | 'survivors' | 'engine_unavailable' | 'failed';

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
      /** Size of the output file in the sandbox, or null if there is none to score. */
      outputBytes: number | null;
      /** The output file claims more bytes than the limit (a sparse file can): not copied. */
      outputOversize: boolean;
      /** Set when the output path holds something that must not be read (never copied). */
      outputProblem: OutputProblem | null;
      /** When the expected output is missing: what the output folder holds instead. */
      outputHeld?: HeldListing;
      /** Folder mode: the files collected (all of them, the expected file included). */
      outputFolder?: { files: number; bytes: number };
      readBack: ReadBackState;
      /** Our words on a read-back that was not ok, for the organizer. */
      readBackDetail?: string;
    };

/**
 * The submission could not be copied into its working folder (limits.workdir): it never ran.
 * Not a RunFacts: nothing ran to judge.
 */
export type CopyFailed = { kind: 'copy_failed'; message: string };

export interface RunOptions {
  collector: LogCollector;
  /** Host path the output file is copied to; in folder mode (spec.outputFolder), the folder the output folder is written into. */
  outputHostPath: string;
  /**
   * Removing the container takes a round trip to the engine; a caller with more
   * to do (scoring) may take the promise and await it later. Default: awaited here.
   */
  deferRemoval?: (removal: Promise<void>) => void;
}

export async function runSandbox(spec: SandboxSpec, options: RunOptions): Promise<RunFacts | CopyFailed> {
  const started = await startTracked(spec.name, () => runDetached(keepaliveRunArgs(spec)));
  if (!started.ok) {
    await removeTracked(spec.name);
    const why = lastLine(started.message);
    if (started.unavailable) return { kind: 'engine_error', message: engineUnavailableLine(started) };
    if (/No such image|Unable to find image|pull access denied/i.test(started.message)) {
      return { kind: 'image_missing', message: `the image ${spec.image} is not on this machine (${why})` };
    }
    return {
      kind: 'engine_error',
      message: `the Docker engine could not start the sandbox: ${why || 'no reason given'}`,
    };
  }
  try {
    return await runCommand(spec, options);
  } finally {
    const removal = removeTracked(spec.name);
    if (options.deferRemoval) options.deferRemoval(removal);
    else await removal;
  }
}

/**
 * A separate look from inside, as the participant (the run itself uses the
 * handshake in runCommand). Returns a problem, or undefined when sound.
 */
export async function verifyIsolation(spec: Pick<SandboxSpec, 'name' | 'uid' | 'gid'>): Promise<string | undefined> {
  const probe = await docker(
    ['exec', '--user', `${spec.uid}:${spec.gid}`, spec.name, 'cat', '/proc/net/dev', '/proc/self/status'],
    { reject: false, stdin: 'ignore' },
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
  if (foreign.length > 0)
    return `the sandbox has network interfaces besides loopback (${foreign.join(', ')}); refusing to run`;
  const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(procText);
  if (!uid) return 'could not read the uid inside the sandbox';
  if (uid[1] === '0' || uid[2] === '0') return 'the submission would run as root inside the sandbox; refusing to run';
  return undefined;
}

/**
 * The handshake shell: print what the isolation check needs, wait for "run" on
 * stdin, then become the submission's command (stdin closed for it), with its
 * stderr on the same pipe as its stdout (`2>&1`).
 *
 * Why one pipe: the order in which a program wrote its lines exists only where both go
 * through one file description. Two pipes are read separately (by the engine, then by the
 * docker client, then by us), so a line printed just before a crash could land after the
 * traceback. One pipe is what DrivenData's `main |& tee log.txt` gives, and, unlike a pty
 * (`docker exec -t`), it changes nothing the program sees: stdout is still no terminal (no
 * colours, no terminal-sized output), stdin stays ours for the handshake, and the byte
 * stream is not rewritten (no \n → \r\n). The cost: stderr lines can no longer be told
 * apart from stdout lines. The docker client's own stderr (an exec the engine refuses)
 * stays separate.
 */
const HANDSHAKE =
  'cat /proc/net/dev /proc/self/status; echo @ready; read -r go; [ "$go" = run ] || exit 125; exec "$@" </dev/null 2>&1';
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

/**
 * With a working copy, the handshake first fills the working folder (as the participant's uid,
 * before the isolation check and before the clock starts) and reports a failure on one line of
 * the probe; cp's own words are kept to that line.
 */
export function handshakeScript(spec: Pick<SandboxSpec, 'limits' | 'workdir'>): string {
  if (!hasWorkingCopy(spec)) return HANDSHAKE;
  const copy = `if ! err=$(${workingCopyCommand(spec)} 2>&1); then printf '@copyfail %.300s\\n' "$(printf '%s' "$err" | tr '\\n' ' ')"; fi; `;
  return copy + HANDSHAKE;
}

async function runCommand(spec: SandboxSpec, options: RunOptions): Promise<RunFacts | CopyFailed> {
  // /bin/sh by absolute path: a package in the runtime image may put its own `sh` first on PATH.
  const attached = await execAttached(commandExecArgs(spec, ['/bin/sh', '-c', handshakeScript(spec), 'sh']));
  if (!attached.ok) {
    if (attached.unavailable) return { kind: 'engine_error', message: engineUnavailableLine(attached) };
    // As the docker client would have said it: the engine refused the exec.
    options.collector.write('docker', Buffer.from(`Error response from daemon: ${attached.message}\n`));
    return { kind: 'isolation_failed', message: 'the sandbox did not answer the isolation check' };
  }
  const child = attached.session;
  // What the shell says before it becomes the command; the submission's stderr comes merged into stdout (HANDSHAKE).
  child.stderr.on('data', (chunk: Buffer) => options.collector.write('docker', chunk));

  const probe = await splitProbe(child.stdout, (chunk) => options.collector.write('output', chunk));
  const problem = probe !== undefined ? isolationProblem(probe) : 'the sandbox did not answer the isolation check';
  if (problem) {
    child.stdin.end();
    await child.done;
    return { kind: 'isolation_failed', message: problem };
  }
  const copyFailure = probe === undefined ? undefined : /^@copyfail ?(.*)$/m.exec(probe);
  if (copyFailure) {
    child.stdin.end();
    await child.done;
    return { kind: 'copy_failed', message: copyFailure[1]!.trim() };
  }

  // Isolation verified: let the command start, and time it from here.
  const t0 = performance.now();
  child.stdin.end('run\n');

  let timerFired = false;
  const timer = setTimeout(() => {
    timerFired = true;
    // Killing the container ends every process in it, and with them the exec.
    void killContainer(spec.name);
  }, spec.limits.time_s * 1000);
  const result = await child.done;
  clearTimeout(timer);
  await unlessInterrupted();
  const durationS = (performance.now() - t0) / 1000;
  // Ending past the limit is a timeout even if our timer came late (a busy event loop).
  const timedOut = timerFired || durationS >= spec.limits.time_s;

  // What a run that was not read back reports about its output: nothing.
  const nothingCollected = {
    peakMemoryBytes: null,
    outputFull: false,
    outputBytes: null,
    outputOversize: false,
    outputProblem: null,
  } as const;
  if (timedOut) {
    return { kind: 'ran', durationS, timedOut, exitCode: null, oomKilled: false, ...nothingCollected, readBack: 'ok' };
  }
  const back = await readBack(spec, options.outputHostPath);
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
  if (back.state !== 'ok') {
    return {
      kind: 'ran',
      durationS,
      timedOut,
      exitCode,
      oomKilled: back.oomKilled,
      ...nothingCollected,
      readBack: back.state,
      readBackDetail: back.detail,
    };
  }
  const c = back.collected;
  // A full working folder is not a full output folder: the output limit is not what ran out.
  const ownOutputFolder = !(hasWorkingCopy(spec) && outputDir(spec) === spec.workdir);
  return {
    kind: 'ran',
    durationS,
    timedOut,
    exitCode,
    // The kernel's OOM counter for the container's cgroup is the record (the engine's own
    // flag only covers the container's main process, which is ours).
    oomKilled: c.oomKills > 0,
    peakMemoryBytes: c.peakMemoryBytes,
    outputFull: ownOutputFolder && (c.outputFree === 0 || c.outputInodesFree === 0),
    outputBytes: c.outputBytes,
    outputOversize: c.outputOversize === true || (c.outputBytes !== null && c.outputBytes > spec.limits.output_bytes),
    outputProblem: c.outputProblem,
    ...(c.outputBytes === null && c.held ? { outputHeld: c.held } : {}),
    ...(c.folder ? { outputFolder: c.folder } : {}),
    readBack: 'ok',
  };
}

/** How many names of the output folder a "did not write" message shows. */
export const HELD_SHOWN = 20;

/**
 * The first part of every read-back, one exec as the participant's uid with a PATH of system
 * folders only:
 *  1. kill what the submission left behind (`kill -9 -1` spares PID 1 and the keepalive,
 *     both uid 65534), then check that no process of this uid but this shell is left
 *     (zombies aside: the init reaps them). Survivors → exit 3, and the caller kills from
 *     outside. From here on nothing of the submission runs, so no check below can race;
 *  2. print the kernel's OOM counter and peak memory for this container's cgroup (v1 or
 *     v2), the output folder's free blocks and free inodes.
 * `read` and `kill` are shell builtins: the survivor check forks nothing.
 * The output folder is "$2" in both scripts.
 */
const COLLECT_PREFIX = `
kill -9 -1 2>/dev/null
me=$$
myuid=
while read -r k v _; do [ "$k" = Uid: ] && myuid=$v; done </proc/self/status
alone() {
  for d in /proc/[0-9]*; do
    [ "\${d#/proc/}" = "$me" ] && continue
    u=; s=
    { while read -r k v _; do case $k in State:) s=$v;; Uid:) u=$v; break;; esac; done <"$d/status"; } 2>/dev/null
    [ "$u" = "$myuid" ] && [ "$s" != Z ] && [ "$s" != X ] && return 1
  done
  return 0
}
i=0
until alone; do
  i=$((i + 1)); [ $i -ge 40 ] && exit 3
  kill -9 -1 2>/dev/null; sleep 0.05
done
echo "@oom"; cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events 2>/dev/null
echo "@peak $(cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak 2>/dev/null)"
echo "@outfree $(stat -f -c '%a %d' "$2" 2>/dev/null)"
`;

/**
 * File mode ($1 the output file, $2 its folder, $3 the byte limit), after COLLECT_PREFIX:
 *  3. look at the output path without following it: a link, anything but a regular file,
 *     a file its owner cannot read, or a folder made untraversable are reported, never read;
 *     a missing file gets the list of what the folder holds instead (printed last, so no name
 *     can stand in for a line above; a name with a line break is not shown);
 *  4. print the output file itself after a marker. A tmpfs caps the blocks written, not the
 *     size a sparse file claims (`truncate -s 1T` succeeds on a 1 MiB tmpfs), so a file
 *     claiming more than the limit ($3) is not copied at all, and the copy stops at the limit.
 */
const COLLECT_SCRIPT = `${COLLECT_PREFIX}
nl='
'
held() {
  n=0
  for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    n=$((n + 1))
    [ $n -le ${HELD_SHOWN} ] || continue
    name=\${f##*/}
    case $name in *"$nl"*) name='(a name with a line break)';; esac
    [ -d "$f" ] && [ ! -L "$f" ] && name="$name/"
    printf '@held %s\\n' "$name"
  done
  echo "@heldcount $n"
}
if [ ! -d "$2" ] || [ ! -x "$2" ] || [ ! -r "$2" ]; then echo "@output folder_blocked"
elif [ -L "$1" ]; then echo "@output symlink"
elif [ ! -e "$1" ]; then echo "@output none"; held "$2"
elif [ ! -f "$1" ]; then echo "@output not_regular"
elif [ ! -r "$1" ]; then echo "@output unreadable"
else
  size=$(stat -c %s "$1") && [ -n "$size" ] || exit 4
  echo "@output $size"; echo "@end"
  [ "$size" -le "$3" ] && exec head -c "$3" "$1"
  exit 0
fi
echo "@end"
`;

/**
 * Folder mode ($2 the output folder), after COLLECT_PREFIX: refuse a link, anything but files
 * and folders, and anything unreadable (find never follows links: -P is its default), then
 * stream the folder as one GNU tar archive. `--hard-dereference`: a second name of a file is
 * archived as a file, never as a link; `--one-file-system`: nothing mounted inside is read.
 * The host checks every entry again (output-folder.ts). Missing tools are our problem (exit 5).
 */
const COLLECT_FOLDER_SCRIPT = `${COLLECT_PREFIX}
command -v find >/dev/null && command -v tar >/dev/null || exit 5
if [ ! -d "$2" ] || [ ! -x "$2" ] || [ ! -r "$2" ]; then echo "@output folder_blocked"; echo "@end"; exit 0; fi
bad=$(find "$2" -mindepth 1 \\( -type l -printf 'symlink\\n' -quit \\) -o \\( ! -type f ! -type d -printf 'not_regular\\n' -quit \\) -o \\( ! -readable -printf 'unreadable\\n' -quit \\) -o \\( -type d ! -executable -printf 'unreadable\\n' -quit \\) 2>/dev/null) || bad=unreadable
if [ -n "$bad" ]; then echo "@output $bad"; echo "@end"; exit 0; fi
echo "@output folder"; echo "@end"
exec tar -c -f - --format=gnu --one-file-system --hard-dereference --numeric-owner -C "$2" .
`;
const END_MARKER = Buffer.from('@end\n');
const END_LINE = Buffer.from('\n@end\n');
/** Exit code of the collect scripts when processes of the participant's uid survive killing. */
const SURVIVORS = 3;
const SYSTEM_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface Collected {
  oomKills: number;
  peakMemoryBytes: number | null;
  outputFree: number | null;
  outputInodesFree: number | null;
  outputBytes: number | null;
  outputProblem: OutputProblem | null;
  /** Folder mode: the sandbox streams the folder (parseCollectHeader sees "@output folder"). */
  folderStream?: boolean;
  outputOversize?: boolean;
  held?: HeldListing;
  folder?: { files: number; bytes: number };
}

type ReadBack =
  | { state: 'ok'; collected: Collected }
  | { state: Exclude<ReadBackState, 'ok'>; oomKilled: boolean; detail: string };

type Attempt = { ok: true; collected: Collected } | { ok: false; why: string; gone: boolean; survivors?: boolean };

/** The engine's words for a container that is not there or not running. */
const GONE = /No such container|is not running|not running|cannot join PID of a non running container|No such object/i;

/**
 * Read the output back; see the COLLECT_PREFIX comment. The cheap path is one exec. When it
 * cannot start (no PID left), finds survivors, hangs or prints nonsense, the processes of the
 * participant's uid are killed from outside (escalate) and the read-back is tried again.
 */
async function readBack(spec: SandboxSpec, outputHostPath: string): Promise<ReadBack> {
  const first = await collectOnce(spec, outputHostPath);
  if (first.ok) return { state: 'ok', collected: first.collected };
  let last: Attempt = first;
  if (!first.gone) {
    await escalate(spec);
    // Killed processes free their PIDs once the init has reaped them: a few short tries.
    for (const pause of [0, 300, 1000]) {
      if (pause) await sleep(pause);
      last = await collectOnce(spec, outputHostPath);
      if (last.ok) return { state: 'ok', collected: last.collected };
      if (last.gone) break;
    }
  }
  const diagnosed = await diagnose(spec.name, first.why);
  // Still running, and the last look found processes of the participant's uid that outlived
  // SIGKILL from inside and outside: only the submission runs as that uid, so it is theirs.
  if (diagnosed.state === 'failed' && !last.ok && last.survivors) {
    return { state: 'survivors', oomKilled: false, detail: last.why };
  }
  return diagnosed;
}

async function collectOnce(spec: SandboxSpec, outputHostPath: string): Promise<Attempt> {
  const limit = spec.limits.output_bytes;
  const timeoutMs = collectTimeoutS(spec.limits) * 1000;
  const exec = ['exec', '--user', `${spec.uid}:${spec.gid}`, '--env', SYSTEM_PATH, spec.name, '/bin/sh', '-c'];
  if (!spec.outputFolder) {
    const args = [...exec, COLLECT_SCRIPT, 'sh', spec.outputFile, outputDir(spec), String(limit)];
    return streamCollect(args, fileSink(outputHostPath, limit), timeoutMs);
  }
  const writer = await TarFolderWriter.create(outputHostPath, {
    maxBytes: limit,
    maxEntries: spec.limits.output_files,
  });
  const attempt = await streamCollect([...exec, COLLECT_FOLDER_SCRIPT, 'sh', '', spec.outputFolder], writer, timeoutMs);
  if (!attempt.ok || !attempt.collected.folderStream) return attempt;
  const result = await writer.end();
  // An archive our own tar wrote and our parser cannot read is ours, not the submission's.
  if (!result.ok && result.problem === 'malformed' && !attempt.collected.outputProblem)
    return { ok: false, why: result.detail, gone: false };
  return {
    ok: true,
    collected: { ...attempt.collected, ...folderFacts(spec, result, attempt.collected.outputProblem) },
  };
}

/**
 * Kill every process of the participant's uid from outside the sandbox's cgroup: freeze the
 * sandbox (a fork bomb stops forking), run the killer container in its PID namespace, give the
 * sandbox a little room (PIDs, memory: a /tmp filled to the memory limit must not starve the
 * read-back exec), then thaw it so the SIGKILLs land. Each step's failure is looked at later,
 * by the read-back and diagnose(); none is fatal here.
 */
async function escalate(spec: SandboxSpec): Promise<void> {
  const opts = { reject: false, stdin: 'ignore' as const, timeout: 60_000 };
  const paused = await docker(['pause', spec.name], opts);
  const killer = `${spec.name}-killer-${randomBytes(3).toString('hex')}`;
  await startTracked(killer, () => docker(killerRunArgs(spec, killer), opts));
  // --rm removes the killer when it ends; this also covers a killer that never started.
  void removeTracked(killer);
  const memory = String(spec.limits.memory_bytes + 64 * 1024 * 1024);
  await docker(
    ['update', '--pids-limit', String(spec.limits.pids + 64), '--memory', memory, '--memory-swap', memory, spec.name],
    opts,
  );
  if (paused.exitCode === 0) await docker(['unpause', spec.name], opts);
}

/** The read-back failed for good: whose fault is it? One `docker inspect` decides. */
async function diagnose(name: string, why: string): Promise<ReadBack> {
  const r = await inspectContainer(name);
  if (r.ok) {
    if (r.state.Running !== true)
      return {
        state: 'sandbox_stopped',
        oomKilled: r.state.OOMKilled === true,
        detail: `the sandbox container stopped (${why})`,
      };
    return { state: 'failed', oomKilled: false, detail: why };
  }
  // --rm: a container whose init died is removed at once, so "no such container" means it stopped.
  if (r.gone || GONE.test(r.message))
    return { state: 'sandbox_stopped', oomKilled: false, detail: `the sandbox container is gone (${why})` };
  return {
    state: 'engine_unavailable',
    oomKilled: false,
    detail: r.unavailable ? engineUnavailableLine(r) : lastLine(r.message) || why,
  };
}

/**
 * Turn what the folder's archive held into the facts the judge reads: the expected file's size
 * (or, when any file will do, all of the folder's bytes), or what the folder holds instead.
 */
function folderFacts(spec: SandboxSpec, result: FolderResult, streamProblem: OutputProblem | null): Partial<Collected> {
  if (!result.ok) {
    if (streamProblem) return { outputProblem: streamProblem, outputBytes: null };
    if (result.problem === 'oversize') return { outputOversize: true, outputBytes: null };
    if (result.problem === 'malformed') return { outputProblem: 'unreadable', outputBytes: null };
    return { outputProblem: result.problem, outputBytes: null };
  }
  if (streamProblem) return { outputProblem: streamProblem, outputBytes: null };
  const folder = { files: result.files, bytes: result.bytes };
  const expected = spec.outputFile.slice(spec.outputFolder!.length + 1);
  const found = result.entries.find((e) => e.name === expected && !e.folder);
  const required = spec.outputFileRequired !== false;
  const outputBytes = required ? (found ? found.size : null) : result.files > 0 ? result.bytes : null;
  if (outputBytes !== null) return { folder, outputBytes };
  const top = result.entries.filter((e) => !e.name.includes('/'));
  return {
    folder,
    outputBytes,
    held: { names: top.slice(0, HELD_SHOWN).map((e) => (e.folder ? `${e.name}/` : e.name)), count: top.length },
  };
}

/** Where the bytes after the header go: a file, or the folder writer. */
interface Sink {
  write(chunk: Buffer): Promise<void>;
  /** Nothing more is wanted: the rest of the stream may be dropped and the exec ended. */
  readonly done: boolean;
  close?(): Promise<void>;
}

/** The output file, cut at the limit: the script already stops there, the host never trusts that alone. */
function fileSink(hostPath: string, limit: number): Sink {
  const out = createWriteStream(hostPath);
  let written = 0;
  return {
    done: false,
    async write(chunk) {
      const room = limit - written;
      if (room <= 0) return; // drain and drop
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      written += piece.length;
      if (!out.write(piece)) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'close');
    },
  };
}

async function streamCollect(args: string[], sink: Sink, timeoutMs: number): Promise<Attempt> {
  const attached = await execAttached(args, timeoutMs);
  if (!attached.ok) {
    await sink.close?.();
    return {
      ok: false,
      why: attached.unavailable ? engineUnavailableLine(attached) : lastLine(attached.message),
      gone: attached.unavailable || GONE.test(attached.message),
      survivors: false,
    };
  }
  const child = attached.session;
  // Kept to its end (a tar error, our script's own words): enough to say why, never unbounded.
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += c.toString('utf8');
  });
  let header = Buffer.alloc(0);
  let headerText: string | undefined;
  let stoppedEarly = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      if (headerText !== undefined) {
        await sink.write(chunk);
      } else {
        header = Buffer.concat([header, chunk]);
        // A whole line: a file the submission named "@end" is listed as "@held @end" and must not end the header.
        const at = header.indexOf(END_LINE);
        const end = at === -1 ? -1 : at + 1;
        if (end === -1) {
          if (header.length > 64 * 1024) break; // not our script's output
          continue;
        }
        headerText = header.subarray(0, end).toString('utf8');
        const rest = header.subarray(end + END_MARKER.length);
        if (rest.length > 0) await sink.write(rest);
      }
      if (sink.done) {
        // The folder writer refused the archive or saw its end: stop the exec, drop the rest.
        stoppedEarly = true;
        child.abort();
        break;
      }
    }
  } finally {
    await sink.close?.();
  }
  // A header too long to be ours: nothing more is read, the connection goes.
  if (headerText === undefined) child.abort();
  const result = await child.done;
  const parsed = headerText === undefined ? undefined : parseCollectHeader(headerText);
  if (parsed && (result.exitCode === 0 || (stoppedEarly && parsed.folderStream)))
    return { ok: true, collected: parsed };
  // tar (folder mode) could not read something of the folder: the folder is the submission's.
  if (parsed?.folderStream && !result.timedOut && /^tar: /m.test(stderr))
    return { ok: true, collected: { ...parsed, outputProblem: 'unreadable' } };
  const why = result.timedOut
    ? `the read-back took longer than ${Math.round(timeoutMs / 1000)}s`
    : result.exitCode === SURVIVORS
      ? 'processes of the submission survived being killed'
      : lastLine(stderr) || `the read-back exited with code ${result.exitCode ?? '?'}`;
  return { ok: false, why, gone: GONE.test(stderr), survivors: result.exitCode === SURVIVORS };
}

/** Pure: read the header the collect script printed; undefined when it is not complete. */
export function parseCollectHeader(text: string): Collected | undefined {
  const oom = /^oom_kill\s+(\d+)/m.exec(text);
  const peak = /^@peak (\d+)/m.exec(text);
  const free = /^@outfree (\d+)(?: (\d+))?/m.exec(text);
  const output = /^@output (\d+|none|folder|symlink|not_regular|unreadable|folder_blocked)$/m.exec(text);
  if (!output) return undefined;
  const value = output[1]!;
  const bytes = /^\d+$/.test(value) ? Number(value) : null;
  const collected: Collected = {
    oomKills: oom ? Number(oom[1]) : 0,
    peakMemoryBytes: peak ? Number(peak[1]) : null,
    outputFree: free ? Number(free[1]) : null,
    outputInodesFree: free?.[2] !== undefined ? Number(free[2]) : null,
    outputBytes: bytes,
    outputProblem: bytes === null && value !== 'none' && value !== 'folder' ? (value as OutputProblem) : null,
  };
  if (value === 'folder') collected.folderStream = true;
  if (value === 'none') {
    // Printed after every line above: a name cannot stand in for one of them.
    const names = [...text.slice(output.index).matchAll(/^@held (.*)$/gm)].map((m) => m[1]!);
    const count = /^@heldcount (\d+)$/m.exec(text.slice(output.index));
    collected.held = { names, count: count ? Number(count[1]) : names.length };
  }
  return collected;
}
