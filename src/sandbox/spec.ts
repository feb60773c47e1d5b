/**
 * What one sandboxed run needs, and the pure functions that turn it into
 * `docker` arguments. Keeping these pure lets the tests check every flag, and
 * lets the report print the exact `docker run` line that reproduces a run.
 */
import path from 'node:path/posix';
import { RESERVED_ROOT } from '../config/layout.js';
import { managedLabelArgs, ownerId } from './containers.js';

export interface SandboxLimits {
  time_s: number;
  memory_bytes: number;
  cpus: number;
  pids: number;
  shm_bytes: number;
  tmp_bytes: number;
  output_bytes: number;
  /** Most files and folders in the output folder (its tmpfs has this many inodes, plus its root). */
  output_files: number;
  /** Size of the writable working copy at `workdir`; 0: the submission is mounted read-only there. */
  workdir_bytes: number;
  /**
   * Most files and folders in the working copy (its tmpfs's inodes, beyond the mount points):
   * the read-back lists the working folder when the output there is missing, and that list
   * must stay short whatever the submission did. Default: DEFAULT_WORKDIR_FILES.
   */
  workdir_files?: number;
}

/** How GPUs reach the container: not at all, through the NVIDIA toolkit, or as explicit device nodes. */
export type GpuAccess = { kind: 'none' } | { kind: 'toolkit'; count: number } | { kind: 'devices'; devices: string[] };

export interface SandboxSpec {
  image: string;
  /** Container name; also labels the run for clean-up. */
  name: string;
  /**
   * Host folder with the staged submission. With a working copy (limits.workdir_bytes > 0) it is
   * mounted read-only at SUBMISSION_SOURCE and copied into `workdir` (a tmpfs) before the run;
   * without, it is mounted read-only at `workdir`. Never written: the reproduce line mounts it again.
   */
  codeDir: string;
  /** Host folder with the dataset, mounted read-only at `dataMount`. */
  dataDir: string;
  workdir: string;
  dataMount: string;
  outputFile: string;
  /** Folder mode (container.output_dir): this whole folder is collected; otherwise only outputFile. */
  outputFolder?: string;
  /** Whether outputFile must be there (default true; folder mode with only a custom scorer: any file will do). */
  outputFileRequired?: boolean;
  command: string[];
  uid: number;
  gid: number;
  /** The complete environment (see environment.ts): nothing else passes in. */
  env: Record<string, string>;
  limits: SandboxLimits;
  gpu: GpuAccess;
  /**
   * More host folders mounted read-only: the submission harness (harness/, at HARNESS_MOUNT) and,
   * in a functions competition's infer phase, the resources its train phase left (src/pipeline/phases.ts).
   */
  mounts?: ReadonlyMount[];
}

export interface ReadonlyMount {
  source: string;
  target: string;
}

/** uid:gid of the idle process that keeps the container alive; never the participant's. */
export const KEEPALIVE_USER = '65534:65534';
export const RUN_LABEL = 'holdout.run';

/** Where the staged originals are mounted read-only when they are copied into a working folder. */
export const SUBMISSION_SOURCE = `${RESERVED_ROOT}/submission`;

/** The folder the output is read from: container.output_dir, or the output file's folder. */
export function outputDir(spec: Pick<SandboxSpec, 'outputFile' | 'outputFolder'>): string {
  return spec.outputFolder ?? path.dirname(spec.outputFile);
}

/** Inodes of the working folder's tmpfs beyond limits.workdir_files: its root and the mount points the engine makes in it. */
const WORKDIR_SPARE_INODES = 8;
/** competition.yml's defaults: submission.max_files + limits.output_files. */
export const DEFAULT_WORKDIR_FILES = 300 + 10000;

/** The submission runs in a writable copy of itself (a tmpfs at the workdir). */
export function hasWorkingCopy(spec: Pick<SandboxSpec, 'limits'>): boolean {
  return spec.limits.workdir_bytes > 0;
}

/**
 * Every place the submission may write, in the order a hint should name them: the working
 * folder (when it is a copy), the output folder, /tmp and /dev/shm. Everything else is read-only.
 */
export function writablePlaces(
  spec: Pick<SandboxSpec, 'limits' | 'workdir' | 'outputFile' | 'outputFolder'>,
): string[] {
  const places = hasWorkingCopy(spec) ? [spec.workdir] : [];
  const out = outputDir(spec);
  if (!places.includes(out)) places.push(out);
  return [...places, '/tmp', '/dev/shm'];
}

/**
 * The shell command that fills the working folder from the read-only originals, as the
 * participant's uid: `cp -R` keeps each file's mode (the execute bit of ./main included) and
 * copies links as links (staging refuses them anyway). Without -p: the working folder's root
 * and the mount points in it (data/, submission/) keep their own owner and mode.
 */
export function workingCopyCommand(spec: Pick<SandboxSpec, 'workdir'>): string {
  return `cp -R ${SUBMISSION_SOURCE}/. ${shellQuote([spec.workdir === '/' ? '/' : `${spec.workdir}/`])}`;
}

/**
 * Flags shared by the real run and the reproduce line: isolation, limits, mounts, environment.
 * Why each one:
 *  --network none            no interface but loopback (verified again from inside before the run)
 *  --read-only + tmpfs       nothing writable but /tmp, the working copy and the output folder, all size-capped in RAM
 *  --cap-drop ALL, no-new-privileges   no capabilities, no setuid escalation
 *  --memory = --memory-swap  the memory limit cannot be dodged by swapping
 *  --log-driver none         the engine keeps no copy of the output: its log store cannot grow
 */
export function isolationArgs(spec: SandboxSpec): string[] {
  const l = spec.limits;
  const args = [
    '--network',
    'none',
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--ipc',
    'private',
    '--memory',
    String(l.memory_bytes),
    '--memory-swap',
    String(l.memory_bytes),
    '--cpus',
    String(l.cpus),
    '--pids-limit',
    String(l.pids),
    '--shm-size',
    String(l.shm_bytes),
    '--ulimit',
    'core=0',
    '--log-driver',
    'none',
    '--hostname',
    'sandbox',
    '--tmpfs',
    `/tmp:rw,nosuid,nodev,size=${l.tmp_bytes},mode=1777`,
    ...workdirArgs(spec),
    '--mount',
    `type=bind,source=${spec.dataDir},target=${spec.dataMount},readonly`,
    ...(spec.mounts ?? []).flatMap((m) => ['--mount', `type=bind,source=${m.source},target=${m.target},readonly`]),
    ...gpuArgs(spec.gpu),
  ];
  for (const [key, value] of Object.entries(spec.env)) {
    // Always KEY=VALUE: a bare `-e KEY` would copy the host's value in.
    args.push('--env', `${key}=${value}`);
  }
  return args;
}

/**
 * The working folder and the output folder. With a working copy: a tmpfs at the workdir, owned
 * by the participant, with `exec` (Docker mounts a tmpfs noexec by default, and `./main` must
 * run), and the staged originals read-only beside it. The output folder gets a tmpfs of its own
 * (its size and inode count are the output limits) unless it is the working folder itself.
 */
function workdirArgs(spec: SandboxSpec): string[] {
  const l = spec.limits;
  const owner = `uid=${spec.uid},gid=${spec.gid},mode=0755`;
  const out = outputDir(spec);
  const args: string[] = [];
  if (hasWorkingCopy(spec)) {
    // nr_inodes: the files and folders it may hold, plus its root and the mount points in it.
    args.push(
      '--tmpfs',
      `${spec.workdir}:rw,exec,nosuid,nodev,size=${l.workdir_bytes},nr_inodes=${(l.workdir_files ?? DEFAULT_WORKDIR_FILES) + WORKDIR_SPARE_INODES},${owner}`,
    );
    args.push('--mount', `type=bind,source=${spec.codeDir},target=${SUBMISSION_SOURCE},readonly`);
  } else {
    args.push('--mount', `type=bind,source=${spec.codeDir},target=${spec.workdir},readonly`);
  }
  if (out !== spec.workdir) {
    args.push('--tmpfs', `${out}:rw,nosuid,nodev,size=${l.output_bytes},nr_inodes=${l.output_files + 1},${owner}`);
  }
  return args;
}

export function gpuArgs(gpu: GpuAccess): string[] {
  switch (gpu.kind) {
    case 'none':
      return [];
    case 'toolkit':
      return ['--gpus', String(gpu.count)];
    case 'devices':
      return gpu.devices.flatMap((d) => ['--device', d]);
  }
}

/**
 * Most seconds a read-back of the output may take: a few seconds, plus time to stream
 * an output file of the largest allowed size at a slow 8 MiB/s.
 */
export function collectTimeoutS(limits: Pick<SandboxLimits, 'output_bytes'>): number {
  return 5 + Math.ceil(limits.output_bytes / (8 * 1024 * 1024));
}

/**
 * Seconds after which the sandbox ends itself, whatever happens to Holdout's process (the
 * CLI killed with SIGKILL, a runner that died): the time limit, plus room for start-up and
 * for reading the output back twice (the second time after killing leftovers from outside).
 * The keepalive `sleep` is the container's only child of its init: when it ends, the init
 * exits, the kernel kills every process left in the PID namespace — the submission's command
 * included — and `--rm` removes the container.
 */
export function sandboxDeadlineS(
  limits: Pick<SandboxLimits, 'time_s' | 'output_bytes'> & Partial<Pick<SandboxLimits, 'workdir_bytes'>>,
): number {
  return Math.ceil(limits.time_s) + 20 + copyTimeS(limits.workdir_bytes ?? 0) + 2 * collectTimeoutS(limits);
}

/** Seconds allowed for filling a working folder of this size: copying in memory, at a slow 100 MiB/s. */
function copyTimeS(workdirBytes: number): number {
  return Math.ceil(workdirBytes / (100 * 1024 * 1024));
}

/** `docker run -d` for the container that idles while we exec into it (see run.ts for why). */
export function keepaliveRunArgs(spec: SandboxSpec, owner: string = ownerId()): string[] {
  return [
    'run',
    '--detach',
    '--rm',
    '--pull',
    'never',
    '--name',
    spec.name,
    '--label',
    `${RUN_LABEL}=${spec.name}`,
    ...managedLabelArgs(owner),
    ...isolationArgs(spec),
    '--user',
    KEEPALIVE_USER,
    '--init',
    '--entrypoint',
    'sleep',
    spec.image,
    String(sandboxDeadlineS(spec.limits)),
  ];
}

/**
 * The short-lived container that kills what a submission left running when the sandbox
 * itself cannot start a process any more (a fork bomb holds every PID of its cgroup).
 * It joins the sandbox's PID namespace but sits in a cgroup of its own, so the sandbox's
 * exhausted PID and memory limits do not apply to it. It runs as the participant's uid:
 * `kill -9 -1` then signals exactly the processes of that uid — every process the submission
 * can have (it can change neither uid nor capabilities) — and spares the keepalive (uid 65534)
 * and PID 1, so the output folder survives. No capability is needed for that.
 */
export function killerRunArgs(spec: SandboxSpec, name: string, owner: string = ownerId()): string[] {
  return [
    'run',
    '--rm',
    '--pull',
    'never',
    '--name',
    name,
    ...managedLabelArgs(owner),
    '--pid',
    `container:${spec.name}`,
    '--network',
    'none',
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    String(64 * 1024 * 1024),
    '--pids-limit',
    '8',
    '--log-driver',
    'none',
    '--user',
    `${spec.uid}:${spec.gid}`,
    '--entrypoint',
    '/bin/sh',
    spec.image,
    '-c',
    'kill -9 -1 2>/dev/null; exit 0',
  ];
}

/**
 * `docker exec` of the submission's command, as the participant's uid, behind
 * `wrapper` (run.ts puts its isolation handshake there; it keeps stdin open for it).
 */
export function commandExecArgs(spec: SandboxSpec, wrapper: string[] = []): string[] {
  return [
    'exec',
    '--interactive',
    '--user',
    `${spec.uid}:${spec.gid}`,
    '--workdir',
    spec.workdir,
    spec.name,
    ...wrapper,
    ...spec.command,
  ];
}

/**
 * The one `docker run` line a participant or organizer can paste to reproduce the run. It
 * mounts the staged submission (spec.codeDir), which the pipeline keeps in the run's folder
 * for that reason; with a working copy it first fills the working folder, as the run did.
 */
export function reproduceRunArgs(spec: SandboxSpec): string[] {
  const command = hasWorkingCopy(spec)
    ? ['/bin/sh', '-c', `${workingCopyCommand(spec)} && exec "$@"`, 'sh', ...spec.command]
    : spec.command;
  return [
    'run',
    '--rm',
    ...isolationArgs(spec),
    '--user',
    `${spec.uid}:${spec.gid}`,
    '--workdir',
    spec.workdir,
    '--stop-timeout',
    '1',
    spec.image,
    ...command,
  ];
}

/** Quote arguments for a POSIX shell, only where needed. */
export function shellQuote(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
