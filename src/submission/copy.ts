/**
 * Pass 2 of staging, shared by folders and zips: create each checked item under
 * `target`, counting bytes as they are read (the real guard against a zip bomb or a
 * file that grew since pass 1). On the first refusal the target is emptied, so a
 * refused submission leaves nothing behind. Files are written 0644 (the entry point
 * 0755 when marked executable); a Git LFS pointer where a file should be (lfs.ts) is
 * refused once everything is copied, all such files named at once.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { largestOf, type InventoryItem } from './inventory.js';
import { problem, refusal, type Problem, type StagingResult } from './problems.js';
import type { SubmissionRules } from './rules.js';
import { isLfsPointer } from './lfs.js';
import { ByteBudget, type CopyOutcome, emptyDir, EXECUTABLE_MODE, FILE_MODE, makeDirs, writeNewFile } from './write.js';

export interface CopySource<T extends InventoryItem> {
  /** The item's bytes. Throwing an error without a system code counts as a bad source. */
  open: (item: T) => Readable | Promise<Readable>;
  /** What to tell the participant when the source itself failed. */
  sourceProblem: (item: T, error: Error) => Problem;
}

/**
 * 0755 for the entry point when the submission marked it executable (DrivenData-style
 * runtimes run `./main`, a script with a #! line or a compiled program), 0644 for every
 * other file: an execute bit elsewhere is kept nowhere, so what runs is what the
 * competition's command names.
 */
export function modeOf(item: InventoryItem, rules: Pick<SubmissionRules, 'entryPoint'>): number {
  return item.executable === true && item.path === rules.entryPoint ? EXECUTABLE_MODE : FILE_MODE;
}

export async function copyItems<T extends InventoryItem>(
  items: readonly T[],
  target: string,
  rules: SubmissionRules,
  label: string,
  source: CopySource<T>,
): Promise<StagingResult> {
  const budget = new ByteBudget(rules.maxSize);
  const made = new Set<string>();
  const pointers: string[] = [];
  let files = 0;
  for (const item of items) {
    if (item.kind === 'dir') {
      await makeDirs(target, item.path, made);
      continue;
    }
    const parent = path.posix.dirname(item.path);
    if (parent !== '.') await makeDirs(target, parent, made);
    const dest = path.join(target, item.path);
    const before = budget.used;
    let outcome: CopyOutcome;
    try {
      outcome = await writeNewFile(await source.open(item), dest, budget, modeOf(item, rules));
    } catch (e) {
      // Errors on our side of the pipe carry a system error code; anything else is the source's.
      if ((e as NodeJS.ErrnoException).code !== undefined) throw e;
      outcome = { ok: false, cause: 'source', error: e as Error } as const;
    }
    if (outcome.ok) {
      files++;
      if (await isLfsPointer(dest, budget.used - before)) pointers.push(item.path);
      continue;
    }
    await emptyDir(target);
    return refusal(label, [
      outcome.cause === 'over-budget'
        ? problem.tooLarge(rules.maxSize, largestOf(items), item.path)
        : source.sourceProblem(item, outcome.error),
    ]);
  }
  if (pointers.length > 0) {
    await emptyDir(target);
    return refusal(
      label,
      pointers.map((p) => problem.lfsPointer(p)),
    );
  }
  return { ok: true, files, bytes: budget.used, warnings: [] };
}
