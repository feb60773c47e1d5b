/**
 * packSubmission: build the .zip a participant submits from their folder, applying
 * exactly the rules staging applies (walk.ts and inventory.ts are shared), so a zip
 * that `holdout pack` writes is one staging accepts. Entries get mode 0644 (files)
 * and 0755 (folders; and the entry point when it is executable in the folder, as
 * staging keeps it); links, devices and excluded paths never reach the zip.
 *
 * The zip is written to a temporary file beside the output and renamed at the end,
 * so a refused or failed pack never leaves a half-written zip behind.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { realpath, rm, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipelineWithCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import picomatch from 'picomatch';
import yazl from 'yazl';
import { problem, refusal, type StagingRefusal } from './problems.js';
import type { SubmissionRules } from './rules.js';
import { inputKind } from './staging.js';
import { walkSubmission, type WalkedItem } from './walk.js';
import { modeOf } from './copy.js';
import { largestOf } from './inventory.js';
import { pushSizeWarnings } from './push-size.js';
import { budgetGuard, ByteBudget, DIR_MODE, FILE_MODE, OverBudget } from './write.js';

export type PackResult =
  | {
      ok: true;
      /** the zip written, absolute */
      out: string;
      files: number;
      bytes: number;
      /** What GitHub will say of the zip when it is pushed (push-size.ts): one sentence each. */
      warnings: string[];
    }
  | StagingRefusal;

/** The command was used wrongly (bad folder, bad output path): the CLI exits 2. */
export class PackUsageError extends Error {
  override name = 'PackUsageError';
}

export async function packSubmission(dir: string, out: string, rules: SubmissionRules): Promise<PackResult> {
  const kind = await inputKind(dir);
  if (kind !== 'dir') {
    throw new PackUsageError(
      kind === 'missing'
        ? `${dir} does not exist: pass your submission folder`
        : `${dir} is not a folder: pass your submission folder`,
    );
  }
  if (!out.toLowerCase().endsWith('.zip')) {
    throw new PackUsageError(`the output ${out} must end with .zip: a submission is a folder or a .zip file`);
  }
  const root = await realpath(dir);
  const output = await resolveOutput(out);
  const inside = path.relative(root, output);
  const outputIsInside = !inside.startsWith('..') && !path.isAbsolute(inside);
  if (outputIsInside && !picomatch(rules.exclude, { dot: true })(inside.split(path.sep).join('/'))) {
    throw new PackUsageError(
      `the output ${out} is inside the folder being packed, and the next pack would include it: ` +
        `write it elsewhere (e.g. -o ../submission.zip) or add "${inside}" to submission.exclude in competition.yml`,
    );
  }

  // The output is skipped even when excluded patterns would not catch it: never zip the zip.
  const walk = await walkSubmission(root, rules, { skip: new Set([output]) });
  const label = `${path.basename(root)}/`;
  if (walk.problems.length > 0) return refusal(label, walk.problems);

  const partial = `${output}.partial-${process.pid}`;
  const budget = new ByteBudget(rules.maxSize);
  try {
    await writeZip(walk.items, partial, budget, rules);
  } catch (e) {
    await rm(partial, { force: true });
    if (e instanceof OverBudget) return refusal(label, [problem.tooLarge(rules.maxSize, largestOf(walk.items))]);
    throw e;
  }
  await rename(partial, output);
  const files = walk.items.filter((i) => i.kind === 'file').length;
  const { size } = await stat(output);
  return {
    ok: true,
    out: output,
    files,
    bytes: budget.used,
    warnings: pushSizeWarnings([{ path: path.basename(output), size }], true),
  };
}

/** Absolute, symlink-free path of the output (its folder must exist). */
async function resolveOutput(out: string): Promise<string> {
  const absolute = path.resolve(out);
  let folder: string;
  try {
    folder = await realpath(path.dirname(absolute));
  } catch {
    throw new PackUsageError(`the folder of the output ${out} does not exist: create it or choose another -o path`);
  }
  const output = path.join(folder, path.basename(absolute));
  const existing = await stat(output).catch(() => undefined);
  if (existing?.isDirectory())
    throw new PackUsageError(`the output ${out} is a folder: pass a file name ending in .zip`);
  return output;
}

/** Stream every item into a zip at `file`, counting the bytes read against `budget`. */
async function writeZip(
  items: readonly WalkedItem[],
  file: string,
  budget: ByteBudget,
  rules: SubmissionRules,
): Promise<void> {
  const zip = new yazl.ZipFile();
  // yazl reports a failing input stream on the ZipFile itself, not on its output.
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  failed.catch(() => undefined); // handled by the race below; this avoids an unhandled rejection
  const written = pipeline(zip.outputStream, createWriteStream(file, { flags: 'wx', mode: FILE_MODE }));
  for (const item of items) {
    if (item.kind === 'dir') {
      zip.addEmptyDirectory(item.path, { mode: 0o040000 | DIR_MODE, mtime: item.mtime });
    } else {
      zip.addReadStreamLazy(item.path, { mode: 0o100000 | modeOf(item, rules), mtime: item.mtime }, (callback) =>
        callback(null, countedReadStream(item.source, budget)),
      );
    }
  }
  zip.end();
  try {
    await Promise.race([written, failed]);
  } catch (e) {
    (zip.outputStream as Readable).destroy();
    await written.catch(() => undefined);
    throw e;
  }
}

/** A file's content that fails with OverBudget the moment the total passes the limit. */
function countedReadStream(source: string, budget: ByteBudget): Readable {
  return pipelineWithCallback(createReadStream(source), budgetGuard(budget), () => {
    // Errors reach yazl through the returned stream; nothing more to do here.
  });
}
