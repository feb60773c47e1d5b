/**
 * Unpacks a submission .zip into the staging folder, in two passes:
 *  1. read the central directory only (no data inflated) and check every entry —
 *     names, types, encryption, count, duplicates, reserved names, entry point —
 *     collecting all problems before a single byte is written;
 *  2. inflate the files one at a time (yauzl, lazyEntries), counting the bytes as they
 *     flow against submission.max_size. The sizes the zip declares are never trusted:
 *     the moment the count passes the limit the stream is stopped and everything
 *     written is deleted, so a zip bomb costs at most max_size of disk.
 */
import path from 'node:path';
import { messageOf } from '../errors.js';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { checkInventory, type InventoryItem } from './inventory.js';
import { checkName } from './names.js';
import { problem, refusal, type Problem, type StagingResult } from './problems.js';
import type { SubmissionRules } from './rules.js';
import { copyItems } from './copy.js';
import { classifyZipEntry } from './zip-entry.js';

interface ZipItem extends InventoryItem {
  entry: Entry;
}

export async function stageZip(zipPath: string, target: string, rules: SubmissionRules): Promise<StagingResult> {
  const label = path.basename(zipPath);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      // Names are decoded and checked by us (names.ts), so that a bad name becomes a
      // problem in the list rather than an error that stops the reading.
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: false,
    });
  } catch (e) {
    return refusal(label, [problem.unreadableZip(messageOf(e))]);
  }
  try {
    const listed = await listEntries(zip, rules);
    if (!Array.isArray(listed)) return refusal(label, listed.problems);
    return await extract(zip, listed, target, rules, label);
  } finally {
    zip.close();
  }
}

/** Pass 1: the checked list of entries, or every problem found. */
async function listEntries(zip: ZipFile, rules: SubmissionRules): Promise<ZipItem[] | { problems: Problem[] }> {
  // The count comes from the end-of-directory record: refuse a million-entry zip
  // without reading its directory.
  if (zip.entryCount > rules.maxFiles) return { problems: [problem.tooManyFiles(rules.maxFiles)] };
  const items: ZipItem[] = [];
  const seenOnly: InventoryItem[] = [];
  const problems: Problem[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const name = checkName(raw);
      if (!name.ok) {
        problems.push(name.problem);
        continue;
      }
      if (name.path === '') continue; // "./": the root itself
      const kind = classifyZipEntry(entry, name.path, name.endsWithSlash);
      if (kind.ok) {
        items.push({
          path: name.path,
          kind: kind.kind,
          executable: kind.executable,
          size: entry.uncompressedSize,
          entry,
        });
      } else {
        problems.push(kind.problem);
        // Still listed for the whole-zip checks, so that a refused main.py is not
        // also reported as missing.
        seenOnly.push({ path: name.path, kind: name.endsWithSlash ? 'dir' : 'file' });
      }
    }
  } catch (e) {
    return { problems: [...problems, problem.unreadableZip(messageOf(e))] };
  }
  problems.push(...checkInventory([...items, ...seenOnly], rules, 'zip'));
  return problems.length > 0 ? { problems } : items;
}

/** Pass 2: write the checked entries, counting bytes as they are inflated. */
async function extract(
  zip: ZipFile,
  items: ZipItem[],
  target: string,
  rules: SubmissionRules,
  label: string,
): Promise<StagingResult> {
  // openReadStream fails (without a system code) on a damaged local header: a corrupt entry.
  return copyItems(items, target, rules, label, {
    open: (item) => zip.openReadStreamPromise(item.entry),
    sourceProblem: (item, error) => problem.corruptEntry(item.path, error.message),
  });
}
