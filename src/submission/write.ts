/**
 * Writing a submission into the staging folder: a byte budget that is counted as the
 * data flows (never trusting a declared size), files created with O_EXCL so nothing
 * already there is followed or overwritten, and modes that let the container's
 * non-root user read everything (files 0644, folders 0755, whatever the umask; the
 * entry point 0755 when the submission marked it executable).
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const FILE_MODE = 0o644;
export const DIR_MODE = 0o755;
/** The entry point, when the submission marked it executable (`command: ./main`). */
export const EXECUTABLE_MODE = 0o755;

/** The bytes a submission may still write, shared by all its files. */
export class ByteBudget {
  used = 0;
  constructor(readonly max: number) {}

  /** Count `n` more bytes; false once the total passes the limit. */
  spend(n: number): boolean {
    this.used += n;
    return this.used <= this.max;
  }
}

/** Raised inside the pipeline when the budget runs out; stops the source at once. */
export class OverBudget extends Error {
  override name = 'OverBudget';
}

/** A pass-through stream that fails the moment the budget is exceeded. */
export function budgetGuard(budget: ByteBudget): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (budget.spend(chunk.length)) callback(null, chunk);
      else callback(new OverBudget(`more than ${budget.max} bytes`));
    },
  });
}

export type CopyOutcome =
  | { ok: true }
  | { ok: false; cause: 'over-budget' }
  /** Reading the source failed (a corrupt zip entry, an unreadable file): the submission's fault. */
  | { ok: false; cause: 'source'; error: Error };

/**
 * Stream `source` into a new file at `dest` (which must not exist), counting bytes
 * against `budget`. Errors writing `dest` are ours (disk full, not writable): thrown.
 */
export async function writeNewFile(
  source: Readable,
  dest: string,
  budget: ByteBudget,
  mode = FILE_MODE,
): Promise<CopyOutcome> {
  const sink = createWriteStream(dest, { flags: 'wx', mode });
  const guard = budgetGuard(budget);
  // pipeline() destroys every stream with the first error, so remember which one failed first.
  let failedFirst: 'source' | 'guard' | 'sink' | undefined;
  source.once('error', () => (failedFirst ??= 'source'));
  guard.once('error', () => (failedFirst ??= 'guard'));
  sink.once('error', () => (failedFirst ??= 'sink'));
  try {
    await pipeline(source, guard, sink);
  } catch (e) {
    if (failedFirst === 'guard' && e instanceof OverBudget) return { ok: false, cause: 'over-budget' };
    if (failedFirst === 'source') return { ok: false, cause: 'source', error: e as Error };
    throw e;
  }
  await chmod(dest, mode);
  return { ok: true };
}

/**
 * Create the folders of `relative` (a checked, normalized path) under `root`, each
 * with mode 0755. `made` remembers what exists already to save system calls.
 */
export async function makeDirs(root: string, relative: string, made: Set<string>): Promise<void> {
  let current = '';
  for (const segment of relative.split('/')) {
    current = current ? `${current}/${segment}` : segment;
    if (made.has(current)) continue;
    const absolute = path.join(root, current);
    try {
      await mkdir(absolute, { mode: DIR_MODE });
    } catch (e) {
      // Already made by an earlier entry; a file in the way was refused by the inventory checks.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    await chmod(absolute, DIR_MODE);
    made.add(current);
  }
}

/** The target must be an existing, empty folder: we never mix a submission with leftovers. */
export async function assertEmptyDir(target: string): Promise<void> {
  const entries = await readdir(target);
  if (entries.length > 0) throw new Error(`staging folder ${target} is not empty`);
}

/** Remove everything written under `target`, keeping the folder itself (the caller's). */
export async function emptyDir(target: string): Promise<void> {
  for (const name of await readdir(target)) {
    await rm(path.join(target, name), { recursive: true, force: true });
  }
}
