/**
 * Every container Holdout starts (sandbox, killer, custom scorer) is labelled as ours and
 * registered here by name BEFORE `docker run`, so that nothing we start outlives the job:
 *
 *  - SIGINT / SIGTERM (Ctrl-C, a cancelled or timed-out Actions job) → removeTracked()
 *    removes them, then the process exits 130 / 143 (installSignalCleanup);
 *  - SIGKILL leaves no chance to clean up: the sandbox then ends itself at its deadline
 *    (see spec.ts, keepaliveRunArgs) and `--rm` removes it;
 *  - a container left over anyway (a runner that died, a `docker run` killed between create
 *    and start) is removed by the next evaluate job on the same runner (removeLeftovers).
 *
 * Scoping: the owner label is the runner's name (RUNNER_NAME, unique per runner on Actions),
 * so jobs of other runners sharing one engine never remove each other's containers. Without
 * RUNNER_NAME (a laptop, a test) it is unique to this process: removeLeftovers then only
 * ever touches what this process started.
 */
import os from 'node:os';
import { dockerSync, listContainers, removeContainers } from '../engine/gateway.js';

export const MANAGED_LABEL = 'holdout.managed';
export const OWNER_LABEL = 'holdout.owner';

/** Who owns the containers this process starts. Read at each call so a test can set RUNNER_NAME. */
export function ownerId(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_NAME?.trim() || `local-${os.hostname()}-${process.pid}`;
}

/** `--label` arguments every container Holdout starts carries. */
export function managedLabelArgs(owner: string = ownerId()): string[] {
  return ['--label', `${MANAGED_LABEL}=1`, '--label', `${OWNER_LABEL}=${owner}`];
}

/** Names of containers this process may have started and not yet removed. */
const live = new Set<string>();
/** `docker run` calls under way: a removal must wait for them, or the run creates the container after it. */
const starting = new Set<Promise<unknown>>();

/**
 * Register `name`, then run `start` (the `docker run`). The name is known before the engine
 * creates anything, so an interrupt during start-up still removes the container.
 */
export async function startTracked<T>(name: string, start: () => Promise<T>): Promise<T> {
  live.add(name);
  const p = start();
  starting.add(p);
  try {
    return await p;
  } finally {
    starting.delete(p);
  }
}

/** `docker rm --force` of a container we started; done when the engine has removed it. */
export async function removeTracked(name: string): Promise<void> {
  await forceRemove([name]);
  live.delete(name);
}

/** `docker rm --force --volumes` of containers (names or IDs); never throws. */
function forceRemove(containers: string[], timeout = 30_000) {
  return removeContainers(containers, timeout);
}

/**
 * Remove every container this process registered: at once (the Actions runner sends SIGTERM
 * 7.5 s after SIGINT, then kills), then once more after a short wait for `docker run` calls
 * still under way — one still creating its container would create it after the first removal.
 * A foreground `docker run` (the custom scorer) stays "under way" while it runs, so the wait
 * is bounded, never the scorer's whole run.
 */
export async function removeAllTracked(startWaitMs = 3_000): Promise<string[]> {
  const removed = new Set(live);
  if (removed.size > 0) await forceRemove([...removed]);
  if (starting.size > 0) {
    await Promise.race([Promise.allSettled([...starting]), new Promise((r) => setTimeout(r, startWaitMs).unref())]);
    for (const n of live) removed.add(n);
    if (removed.size > 0) await forceRemove([...removed]);
  }
  for (const n of removed) live.delete(n);
  return [...removed];
}

/** Last resort on a second signal: a synchronous, bounded `docker rm --force` before exiting. */
function removeAllTrackedNow(): void {
  if (live.size === 0) return;
  // The CLI, synchronously: the event loop (and with it the API client) is about to stop.
  dockerSync(['rm', '--force', '--volumes', ...live], 5_000);
}

/**
 * Remove containers labelled as this owner's (a previous job on this runner that was
 * killed). Returns their IDs. Never throws: a clean-up problem must not stop the job.
 */
export async function removeLeftovers(owner: string = ownerId()): Promise<string[]> {
  const ids = await listContainers([`${MANAGED_LABEL}=1`, `${OWNER_LABEL}=${owner}`]);
  if (ids.length === 0) return [];
  await forceRemove(ids, 60_000);
  return ids;
}

const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };
let installed = false;
let interrupted = false;

/**
 * Once an interrupt has begun removing containers, a run that ends now ended because WE
 * removed its container: judging it would charge the participant (or blame the engine) for
 * our cancellation. The returned promise then never settles — the process exits in a moment,
 * and no verdict, result file or comment is made from that run. Otherwise it resolves at once.
 */
export function unlessInterrupted(): Promise<void> {
  return interrupted ? new Promise<void>(() => {}) : Promise.resolve();
}

/**
 * On SIGINT or SIGTERM: remove this process's containers, say so on stderr, exit 130 / 143.
 * A second signal while removing removes them synchronously (bounded) and exits at once.
 */
export function installSignalCleanup(write: (line: string) => void = (l) => process.stderr.write(l)): void {
  if (installed) return;
  installed = true;
  let exiting = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      const code = SIGNAL_EXIT[signal];
      if (exiting) {
        removeAllTrackedNow();
        process.exit(code);
      }
      exiting = true;
      interrupted = true;
      void removeAllTracked().then(
        (names) => {
          write(
            `holdout: ${signal}: stopped${names.length ? `; removed ${names.length === 1 ? 'container' : 'containers'} ${names.join(', ')}` : ''}\n`,
          );
          process.exit(code);
        },
        () => process.exit(code),
      );
    });
  }
}
