/**
 * Walks a submission folder the way staging and `holdout pack` both need it: applies
 * the exclude globs, refuses links and anything that is not a regular file or folder,
 * checks every name (valid UTF-8, not too long or deep), and counts files and bytes as
 * it goes — stopping as soon as the file count passes the limit, so a folder with
 * millions of files costs little.
 *
 * Links are never followed (lstat), so a link to /etc or to a huge file cannot pull
 * anything from outside the submission in.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkInventory, largestOf, type InventoryItem } from './inventory.js';
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
    let names: DirName[];
    try {
      // As bytes: read as strings, a name that is not valid UTF-8 comes back with
      // U+FFFD in it, a path that does not exist. Such names are refused below.
      names = (await readdir(dir, { encoding: 'buffer' })).map(decodeName).sort(byName);
    } catch (e) {
      walk.problems.push(problem.unreadableFile(prefix || '.', errorCode(e)));
      return;
    }
    for (const { name, raw, utf8 } of names) {
      if (tooMany) return;
      const relative = prefix ? `${prefix}/${name}` : name;
      const absolute = path.join(dir, name);
      if (utf8 && options.skip?.has(absolute)) continue;
      let stats: Stats;
      try {
        stats = await lstat(utf8 ? absolute : Buffer.concat([Buffer.from(`${dir}${path.sep}`), raw]));
      } catch (e) {
        // Removed since readdir, or not reachable: the submission's problem, said so.
        walk.problems.push(utf8 ? problem.unreadableFile(relative, errorCode(e)) : problem.notUtf8(relative, raw));
        continue;
      }
      if (excluded(relative, stats.isDirectory())) continue;
      if (!utf8) {
        walk.problems.push(problem.notUtf8(relative, raw));
        continue;
      }

      const checked = checkName(relative);
      if (!checked.ok) {
        walk.problems.push(checked.problem);
        continue;
      }
      const kind = stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : undefined;
      if (kind === undefined) {
        walk.problems.push(
          stats.isSymbolicLink() ? problem.symlink(relative) : problem.special(relative, specialKind(stats)),
        );
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
      const executable = kind === 'file' && (stats.mode & 0o111) !== 0;
      walk.items.push({
        path: relative,
        kind,
        source: absolute,
        size: kind === 'file' ? stats.size : 0,
        mtime: stats.mtime,
        executable,
      });
      if (kind === 'file') walk.bytes += stats.size;
      else await visit(absolute, relative);
    }
  }

  await visit(root, '');
  if (walk.bytes > rules.maxSize) walk.problems.push(problem.tooLarge(rules.maxSize, largestOf(walk.items)));
  // Count, reserved names and entry point: the same checks as for a zip. When the walk
  // stopped early the list is incomplete, and "too many files" is the whole story.
  if (!tooMany) walk.problems.push(...checkInventory([...walk.items, ...seenOnly], rules, 'folder'));
  return walk;
}

interface DirName {
  /** The name as UTF-8 (U+FFFD where the bytes are not UTF-8). */
  name: string;
  raw: Buffer;
  /** Whether `name` encodes back to exactly `raw`. */
  utf8: boolean;
}

function decodeName(raw: Buffer): DirName {
  const name = raw.toString('utf8');
  return { name, raw, utf8: Buffer.from(name, 'utf8').equals(raw) };
}

/** The order readdir names were always walked in: by UTF-16 code units, as Array#sort does. */
function byName(a: DirName, b: DirName): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'special file';
}

function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it was removed while the folder was being read';
  return String(code ?? e);
}
