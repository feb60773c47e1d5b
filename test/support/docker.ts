/**
 * Test support for everything that needs the Docker engine. Engine tests never
 * skip silently: under CI=true a missing engine fails the test run.
 */
import { execa } from 'execa';

export const BASE_IMAGE = process.env.HOLDOUT_BASE_IMAGE ?? 'holdout/base:bookworm';

let checked: Promise<string | undefined> | undefined;

/** Resolves to a reason to skip, or undefined when the engine and the base image are there. */
export function engineMissing(): Promise<string | undefined> {
  checked ??= (async () => {
    const info = await execa('docker', ['image', 'inspect', BASE_IMAGE], { reject: false });
    if (info.exitCode === 0) return undefined;
    const why = /Cannot connect|Is the docker daemon running|not found|ENOENT/i.test(
      info.stderr + String(info.code ?? ''),
    )
      ? 'the Docker engine is not running (scripts/ensure-docker.sh)'
      : `the base image ${BASE_IMAGE} is missing (scripts/build-base-image.sh)`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${why}: engine tests must not skip in CI`);
    return why;
  })();
  return checked;
}

/** Options for node:test's `test()`/`describe()`: skip (outside CI only) when the engine is missing. */
export async function needsEngine(): Promise<{ skip?: string }> {
  const why = await engineMissing();
  return why ? { skip: why } : {};
}
