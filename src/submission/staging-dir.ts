/**
 * Copies a submission folder into the staging folder: walk and check everything
 * first (walk.ts), then copy file by file, counting bytes again as they are read —
 * a file that grows between the walk and the copy cannot slip past the size limit.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { problem, refusal, type StagingResult } from './problems.js';
import type { SubmissionRules } from './rules.js';
import { walkSubmission } from './walk.js';
import { copyItems } from './copy.js';
import { pushSizeWarnings } from './push-size.js';

export async function stageDir(dir: string, target: string, rules: SubmissionRules): Promise<StagingResult> {
  const label = `${path.basename(path.resolve(dir))}/`;
  const walk = await walkSubmission(dir, rules);
  if (walk.problems.length > 0) return refusal(label, walk.problems);

  const copied = await copyItems(walk.items, target, rules, label, {
    open: (item) => createReadStream(item.source),
    sourceProblem: (item, error) =>
      problem.unreadableFile(item.path, (error as NodeJS.ErrnoException).code ?? error.message),
  });
  // Each file is pushed as it is: GitHub's per-file limits apply to each.
  return copied.ok ? { ...copied, warnings: pushSizeWarnings(walk.items.filter((i) => i.kind === 'file')) } : copied;
}
