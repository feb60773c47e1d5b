/**
 * Copies a submission folder into the staging folder: walk and check everything
 * first (walk.ts), then copy file by file, counting bytes again as they are read —
 * a file that grows between the walk and the copy cannot slip past the size limit.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { problem, refusal } from './problems.js';
import type { SubmissionRules } from './rules.js';
import type { StageResult } from './stage.js';
import { walkSubmission } from './walk.js';
import { ByteBudget, emptyDir, makeDirs, writeNewFile } from './write.js';

export async function stageDir(dir: string, target: string, rules: SubmissionRules): Promise<StageResult> {
  const label = `${path.basename(path.resolve(dir))}/`;
  const walk = await walkSubmission(dir, rules);
  if (walk.problems.length > 0) return refusal(label, walk.problems);

  const budget = new ByteBudget(rules.maxSize);
  const made = new Set<string>();
  let files = 0;
  for (const item of walk.items) {
    if (item.kind === 'dir') {
      await makeDirs(target, item.path, made);
      continue;
    }
    const parent = path.posix.dirname(item.path);
    if (parent !== '.') await makeDirs(target, parent, made);
    const outcome = await writeNewFile(createReadStream(item.source), path.join(target, item.path), budget);
    if (outcome.ok) {
      files++;
      continue;
    }
    await emptyDir(target);
    return refusal(
      label,
      outcome.cause === 'over-budget'
        ? [problem.tooLarge(rules.maxSize)]
        : [problem.unreadableFile(item.path, (outcome.error as NodeJS.ErrnoException).code ?? outcome.error.message)],
    );
  }
  return { ok: true, files, bytes: budget.used };
}
