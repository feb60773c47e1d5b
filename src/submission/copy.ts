/**
 * Pass 2 of staging, shared by folders and zips: create each checked item under
 * `target`, counting bytes as they are read (the real guard against a zip bomb or a
 * file that grew since pass 1). On the first refusal the target is emptied, so a
 * refused submission leaves nothing behind.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { InventoryItem } from './inventory.js';
import { problem, refusal, type Problem } from './problems.js';
import type { SubmissionRules } from './rules.js';
import type { StageResult } from './stage.js';
import { ByteBudget, emptyDir, makeDirs, writeNewFile } from './write.js';

export interface CopySource<T extends InventoryItem> {
  /** The item's bytes. Throwing an error without a system code counts as a bad source. */
  open: (item: T) => Readable | Promise<Readable>;
  /** What to tell the participant when the source itself failed. */
  sourceProblem: (item: T, error: Error) => Problem;
}

export async function copyItems<T extends InventoryItem>(
  items: readonly T[],
  target: string,
  rules: SubmissionRules,
  label: string,
  source: CopySource<T>,
): Promise<StageResult> {
  const budget = new ByteBudget(rules.maxSize);
  const made = new Set<string>();
  let files = 0;
  for (const item of items) {
    if (item.kind === 'dir') {
      await makeDirs(target, item.path, made);
      continue;
    }
    const parent = path.posix.dirname(item.path);
    if (parent !== '.') await makeDirs(target, parent, made);
    let outcome;
    try {
      outcome = await writeNewFile(await source.open(item), path.join(target, item.path), budget);
    } catch (e) {
      // Errors on our side of the pipe carry a system error code; anything else is the source's.
      if ((e as NodeJS.ErrnoException).code !== undefined) throw e;
      outcome = { ok: false, cause: 'source', error: e as Error } as const;
    }
    if (outcome.ok) {
      files++;
      continue;
    }
    await emptyDir(target);
    return refusal(label, [outcome.cause === 'over-budget' ? problem.tooLarge(rules.maxSize) : source.sourceProblem(item, outcome.error)]);
  }
  return { ok: true, files, bytes: budget.used };
}
