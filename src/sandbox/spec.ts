/**
 * What one sandboxed run needs, and the pure functions that turn it into
 * `docker` arguments. Keeping these pure lets the tests check every flag, and
 * lets the report print the exact `docker run` line that reproduces a run.
 */
import path from 'node:path/posix';

export interface SandboxLimits {
  time_s: number;
  memory_bytes: number;
  cpus: number;
  pids: number;
  shm_bytes: number;
  tmp_bytes: number;
  output_bytes: number;
}

/** How GPUs reach the container: not at all, through the NVIDIA toolkit, or as explicit device nodes. */
export type GpuAccess =
  | { kind: 'none' }
  | { kind: 'toolkit'; count: number }
  | { kind: 'devices'; devices: string[] };

export interface SandboxSpec {
  image: string;
  /** Container name; also labels the run for clean-up. */
  name: string;
  /** Host folder with the staged submission, mounted read-only at `workdir`. */
  codeDir: string;
  /** Host folder with the dataset, mounted read-only at `dataMount`. */
  dataDir: string;
  workdir: string;
  dataMount: string;
  outputFile: string;
  command: string[];
  uid: number;
  gid: number;
  /** The complete environment (see environment.ts): nothing else passes in. */
  env: Record<string, string>;
  limits: SandboxLimits;
  gpu: GpuAccess;
}

/** uid:gid of the idle process that keeps the container alive; never the participant's. */
export const KEEPALIVE_USER = '65534:65534';
export const RUN_LABEL = 'holdout.run';

export function outputDir(spec: Pick<SandboxSpec, 'outputFile'>): string {
  return path.dirname(spec.outputFile);
}

/**
 * Flags shared by the real run and the reproduce line: isolation, limits, mounts, environment.
 * Why each one:
 *  --network none            no interface but loopback (verified again from inside before the run)
 *  --read-only + two tmpfs   nothing writable but /tmp and the output folder, both size-capped in RAM
 *  --cap-drop ALL, no-new-privileges   no capabilities, no setuid escalation
 *  --memory = --memory-swap  the memory limit cannot be dodged by swapping
 *  --log-driver none         the engine keeps no copy of the output: its log store cannot grow
 */
export function isolationArgs(spec: SandboxSpec): string[] {
  const l = spec.limits;
  const args = [
    '--network', 'none',
    '--read-only',
    '--cap-drop', 'ALL',
    '--security-opt', 'no-new-privileges',
    '--ipc', 'private',
    '--memory', String(l.memory_bytes),
    '--memory-swap', String(l.memory_bytes),
    '--cpus', String(l.cpus),
    '--pids-limit', String(l.pids),
    '--shm-size', String(l.shm_bytes),
    '--ulimit', 'core=0',
    '--log-driver', 'none',
    '--hostname', 'sandbox',
    '--tmpfs', `/tmp:rw,nosuid,nodev,size=${l.tmp_bytes},mode=1777`,
    '--tmpfs', `${outputDir(spec)}:rw,nosuid,nodev,size=${l.output_bytes},uid=${spec.uid},gid=${spec.gid},mode=0755`,
    '--mount', `type=bind,source=${spec.codeDir},target=${spec.workdir},readonly`,
    '--mount', `type=bind,source=${spec.dataDir},target=${spec.dataMount},readonly`,
    ...gpuArgs(spec.gpu),
  ];
  for (const [key, value] of Object.entries(spec.env)) {
    // Always KEY=VALUE: a bare `-e KEY` would copy the host's value in.
    args.push('--env', `${key}=${value}`);
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

/** `docker run -d` for the container that idles while we exec into it (see run.ts for why). */
export function keepaliveRunArgs(spec: SandboxSpec): string[] {
  return [
    'run', '--detach', '--pull', 'never',
    '--name', spec.name,
    '--label', `${RUN_LABEL}=${spec.name}`,
    ...isolationArgs(spec),
    '--user', KEEPALIVE_USER,
    '--init',
    '--entrypoint', 'sleep',
    spec.image, 'infinity',
  ];
}

/**
 * `docker exec` of the submission's command, as the participant's uid, behind
 * `wrapper` (run.ts puts its isolation handshake there; it keeps stdin open for it).
 */
export function commandExecArgs(spec: SandboxSpec, wrapper: string[] = []): string[] {
  return ['exec', '--interactive', '--user', `${spec.uid}:${spec.gid}`, '--workdir', spec.workdir, spec.name, ...wrapper, ...spec.command];
}

/** The one `docker run` line a participant or organizer can paste to reproduce the run. */
export function reproduceRunArgs(spec: SandboxSpec): string[] {
  return [
    'run', '--rm',
    ...isolationArgs(spec),
    '--user', `${spec.uid}:${spec.gid}`,
    '--workdir', spec.workdir,
    '--stop-timeout', '1',
    spec.image, ...spec.command,
  ];
}

/** Quote arguments for a POSIX shell, only where needed. */
export function shellQuote(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
