/**
 * Walks a submission folder the way staging and `holdout pack` both need it: applies
 * the exclude globs, refuses links and anything that is not a regular file or folder,
 * checks every name, and counts files and bytes as it goes — stopping as soon as the
 * file count passes the limit, so a folder with millions of files costs little.
 *
 * Links are never followed (lstat), so a link to /etc or to a huge file cannot pull
 * anything from outside the submission in.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkInventory, type InventoryItem } from './inventory.js';
import { checkName } from './names.js';
import { problem, type Problem } from './problems.js';
import { excludeMatcher, type SubmissionRules } from './rules.js';

export interface WalkedItem extends InventoryItem {
  /** Absolute path on disk. */
  source: string;
  /** Size in bytes when walked (files); the copy counts again as it reads. */
  size: number;
  mtime: Date;
}

export interface Walk {
  /** Files and folders kept, parents before children, in a stable (sorted) order. */
  items: WalkedItem[];
  bytes: number;
  problems: Problem[];
}

export interface WalkOptions {
  /** Absolute paths to leave out whatever the globs say (the zip `holdout pack` is writing). */
  skip?: ReadonlySet<string>;
}

export async function walkSubmission(root: string, rules: SubmissionRules, options: WalkOptions = {}): Promise<Walk> {
  const excluded = excludeMatcher(rules.exclude);
  const walk: Walk = { items: [], bytes: 0, problems: [] };
  let tooMany = false;
  const seenOnly: InventoryItem[] = [];

  async function visit(dir: string, prefix: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      walk.problems.push(problem.unreadableFile(prefix || '.', errorCode(e)));
      return;
    }
    for (const name of names) {
      if (tooMany) return;
      const relative = prefix ? `${prefix}/${name}` : name;
      const absolute = path.join(dir, name);
      if (options.skip?.has(absolute)) continue;
      const stats = await lstat(absolute);
      if (excluded(relative, stats.isDirectory())) continue;

      const checked = checkName(relative);
      if (!checked.ok) {
        walk.problems.push(checked.problem);
        continue;
      }
      const kind = stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : undefined;
      if (kind === undefined) {
        walk.problems.push(stats.isSymbolicLink() ? problem.symlink(relative) : problem.special(relative, specialKind(stats)));
        // Still listed for the whole-folder checks, so that a linked main.py is not
        // also reported as missing.
        seenOnly.push({ path: relative, kind: 'file' });
        continue;
      }
      if (walk.items.length >= rules.maxFiles) {
        // One more than allowed: enough to refuse, no need to look further.
        tooMany = true;
        walk.problems.push(problem.tooManyFiles(rules.maxFiles));
        return;
      }
      walk.items.push({ path: relative, kind, source: absolute, size: kind === 'file' ? stats.size : 0, mtime: stats.mtime });
      if (kind === 'file') walk.bytes += stats.size;
      else await visit(absolute, relative);
    }
  }

  await visit(root, '');
  if (walk.bytes > rules.maxSize) walk.problems.push(problem.tooLarge(rules.maxSize));
  // Count, reserved names and entry point: the same checks as for a zip. When the walk
  // stopped early the list is incomplete, and "too many files" is the whole story.
  if (!tooMany) walk.problems.push(...checkInventory([...walk.items, ...seenOnly], rules, 'folder'));
  return walk;
}

function specialKind(stats: import('node:fs').Stats): string {
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'special file';
}

function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String(code ?? e);
}
