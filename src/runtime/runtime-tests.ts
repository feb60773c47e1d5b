/**
 * Run runtime/tests inside a built image: every listed package must import, and on
 * a GPU machine CUDA must work. The tests come from the image's own build context
 * and run like a submission: no network, unprivileged, read-only, bounded.
 */
import path from 'node:path';
import { execa } from 'execa';
import type { Flavor } from '../config/runtime.js';
import { ENGINE_HINT } from './docker.js';

/** The test entry point, relative to the tests folder. */
export const RUNTIME_TEST_SCRIPT = 'test_environment.py';
const TESTS_MOUNT = '/opt/holdout/runtime-tests';
const ENVIRONMENT_MOUNT = '/opt/holdout/environment.yml';

export interface RuntimeTestRequest {
  image: string;
  flavor: Flavor;
  /** The runtime/tests folder on the host. */
  testsDir: string;
  /** The environment file of this flavor on the host. */
  environmentFile: string;
  /** Run with --gpus all and require CUDA to work (never skipped when true). */
  gpus: boolean;
  timeoutSeconds?: number;
  /** uid:gid to run as (container.user). */
  user?: string;
}

export type RuntimeTestResult =
  | { ok: true; seconds: number; output: string[] }
  | { ok: false; reason: 'tests_failed' | 'timeout' | 'engine_unavailable'; message: string; hint: string; output: string[]; seconds: number };

export function runtimeTestArgs(req: RuntimeTestRequest): string[] {
  const args = [
    'run', '--rm', '--network', 'none',
    '--user', req.user ?? '1000:1000',
    '--read-only', '--tmpfs', '/tmp:rw,nosuid,nodev,size=256m',
    '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    '--memory', '4g', '--memory-swap', '4g', '--pids-limit', '512',
    '--label', 'holdout.runtime-tests=true',
    '--mount', `type=bind,source=${path.resolve(req.testsDir)},target=${TESTS_MOUNT},readonly`,
    '--mount', `type=bind,source=${path.resolve(req.environmentFile)},target=${ENVIRONMENT_MOUNT},readonly`,
    '--env', `HOLDOUT_FLAVOR=${req.flavor}`,
    '--env', `HOLDOUT_EXPECT_GPU=${req.gpus ? '1' : '0'}`,
  ];
  if (req.gpus) args.push('--gpus', 'all');
  args.push(req.image, 'python3', `${TESTS_MOUNT}/${RUNTIME_TEST_SCRIPT}`, ENVIRONMENT_MOUNT);
  return args;
}

export async function runRuntimeTests(req: RuntimeTestRequest): Promise<RuntimeTestResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const timeout = req.timeoutSeconds ?? 600;
  const result = await execa('docker', runtimeTestArgs(req), { reject: false, all: true, timeout: timeout * 1000, stdin: 'ignore' });
  // Bounded: a package that prints without end must not fill the report.
  const output = (result.all ?? '').split('\n').filter(Boolean).slice(-200);
  if (result.exitCode === 0) return { ok: true, seconds: seconds(), output };
  if (result.timedOut) {
    return { ok: false, reason: 'timeout', message: `runtime/tests in ${req.image} did not finish within ${timeout} s`, hint: 'an import hangs; look at the last lines of output', output, seconds: seconds() };
  }
  if (result.code === 'ENOENT' || /Cannot connect to the Docker daemon/i.test(result.all ?? '')) {
    return { ok: false, reason: 'engine_unavailable', message: 'the Docker engine is not available, so runtime/tests could not run', hint: ENGINE_HINT, output, seconds: seconds() };
  }
  const failed = output.filter((l) => l.startsWith('FAILED ')).map((l) => l.slice('FAILED '.length));
  return {
    ok: false,
    reason: 'tests_failed',
    message: `runtime/tests failed in the ${req.flavor} image ${req.image}${failed.length > 0 ? `: ${failed.join('; ')}` : ` (exit code ${result.exitCode})`}`,
    hint: 'check that each package in the environment file installs and imports (a wrong name or a missing dependency); the output is below',
    output,
    seconds: seconds(),
  };
}
