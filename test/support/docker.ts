/**
 * The one way a test says it needs the Docker engine: `needsEngine()`, whose result is
 * passed as the options of `describe()`/`test()`.
 *
 * Two lanes, chosen by HOLDOUT_TEST_LANE:
 *   fast   (npm run test:fast)  engine tests are skipped without asking Docker at all, so the
 *                               lane runs on any machine with Node (macOS, no engine, a dead
 *                               DOCKER_HOST) and stays under a minute.
 *   all    (default, npm test)  engine tests run. Without an engine or the base image they are
 *                               skipped with the reason on a laptop, but under CI=true they FAIL
 *                               with the reason: an engine test never skips in CI, or a broken
 *                               runner would pass the suite by running nothing.
 */
import { execa } from 'execa';

export const BASE_IMAGE = process.env.HOLDOUT_BASE_IMAGE ?? 'holdout/base:bookworm';

/** The fast lane (HOLDOUT_TEST_LANE=fast): only tests that need no engine run. */
export const FAST_LANE = process.env.HOLDOUT_TEST_LANE === 'fast';

const FAST_LANE_SKIP = 'the Docker engine is not used in the fast lane (npm run test:fast); npm test runs this';

/** What node:test takes as options: skip, or an already-aborted signal that fails the test with the reason. */
export type EngineOptions = { skip?: string; signal?: AbortSignal };

let checked: Promise<string | undefined> | undefined;

/**
 * Resolves to why the engine tests cannot run (engine or base image missing), or undefined
 * when they can. Asks Docker once per test file; never in the fast lane.
 */
export function engineMissing(): Promise<string | undefined> {
  if (FAST_LANE) return Promise.resolve(FAST_LANE_SKIP);
  checked ??= (async () => {
    const info = await execa('docker', ['image', 'inspect', BASE_IMAGE], { reject: false });
    if (info.exitCode === 0) return undefined;
    return /Cannot connect|Is the docker daemon running|not found|ENOENT|permission denied/i.test(
      info.stderr + String(info.code ?? ''),
    )
      ? engineDownReason(info.stderr)
      : `the base image ${BASE_IMAGE} is missing: build it with scripts/build-base-image.sh`;
  })();
  return checked;
}

function engineDownReason(stderr: string): string {
  if (/permission denied/i.test(stderr)) {
    return 'the Docker engine refuses this user: add it to the docker group (sudo usermod -aG docker "$USER", then log in again)';
  }
  return 'the Docker engine is not running or not installed: start it with scripts/ensure-docker.sh (or run npm run test:fast for the tests that need none)';
}

/**
 * The options an engine test runs with: none when it can run; `skip` in the fast lane or
 * without an engine on a laptop; under CI=true (outside the fast lane) an aborted signal,
 * which node:test reports as a failure carrying the reason — never a skip.
 */
export async function needsEngine(): Promise<EngineOptions> {
  return skipOrFail(await engineMissing());
}

/** `why` (a reason the test cannot run, or undefined) as node:test options, by the rule above. */
export function skipOrFail(why: string | undefined): EngineOptions {
  if (why === undefined) return {};
  if (FAST_LANE || process.env.CI !== 'true') return { skip: why };
  const error = new Error(`CI=true and ${why}; tests that need it must not skip in CI`);
  return { signal: AbortSignal.abort(error) };
}
