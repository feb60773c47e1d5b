/**
 * Checks on the whole list of paths in a submission, once each path is known to be
 * safe on its own: duplicates, a name used both as a file and a folder, the
 * file-and-folder count, names the container mounts over, and the entry point at the
 * root. Pure, so zips, folders and `holdout pack` apply exactly the same checks.
 */
import { problem, type EntryPointElsewhere, type Problem } from './problems.js';
import { largestFiles, type SizedPath } from './push-size.js';
import { SUBMISSION_ZIP, type SubmissionRules } from './rules.js';

export interface InventoryItem {
  /** Normalized relative path (see names.ts). */
  path: string;
  kind: 'file' | 'dir';
  /**
   * The source marked the file executable (a folder's mode, a zip entry's unix mode, a
   * git blob's 100755). Kept on the entry point only (copy.ts): `command: ./main`.
   */
  executable?: boolean;
  /** Bytes, as walked or listed (a zip's declared size: named in messages, never trusted as a limit). */
  size?: number;
}

/** The largest files of a list, by the sizes it carries (for a size refusal to name). */
export function largestOf(items: readonly InventoryItem[]): SizedPath[] {
  return largestFiles(
    items.flatMap((i) => (i.kind === 'file' && i.size !== undefined ? [{ path: i.path, size: i.size }] : [])),
  );
}

/** Folders macOS adds to zips; ignored when looking for "a single top-level folder". */
const ZIP_NOISE = new Set(['__MACOSX', '.DS_Store']);

export function checkInventory(
  items: readonly InventoryItem[],
  rules: SubmissionRules,
  source: 'zip' | 'folder',
): Problem[] {
  const problems: Problem[] = [];
  const files = new Set<string>();
  const explicitDirs = new Set<string>();
  const reported = new Set<string>();

  for (const item of items) {
    const seen = item.kind === 'file' ? files : explicitDirs;
    if (seen.has(item.path) && !reported.has(item.path)) {
      problems.push(problem.duplicate(item.path));
      reported.add(item.path);
    }
    seen.add(item.path);
  }

  // Every folder: the ones listed, and the ones implied by the paths below them. Each
  // path's parents are found from the deepest up, stopping at the first one already
  // known (its own parents are known too), so every folder costs one slice; and the
  // count stops as soon as it passes the limit.
  const dirs = new Set<string>();
  let tooMany = files.size > rules.maxFiles;
  for (const item of items) {
    if (tooMany) break;
    let end = item.kind === 'dir' ? item.path.length : item.path.lastIndexOf('/');
    while (end > 0) {
      const dir = item.path.slice(0, end);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      if (files.size + dirs.size > rules.maxFiles) {
        tooMany = true;
        break;
      }
      end = item.path.lastIndexOf('/', end - 1);
    }
  }
  if (tooMany) {
    // The folder list is incomplete: "too many files" is the whole story.
    problems.push(problem.tooManyFiles(rules.maxFiles));
    return problems;
  }
  for (const file of files) {
    if (dirs.has(file)) problems.push(problem.fileAndFolder(file));
  }

  const rootNames = new Set(items.map((i) => rootName(i.path)));
  for (const name of rules.reserved) {
    if (rootNames.has(name)) problems.push(problem.reserved(name));
  }

  const entryProblem = (rules.entryAlternatives ?? []).some((alternative) => files.has(alternative))
    ? undefined
    : checkEntryPoint(files, dirs, rootNames, rules.entryPoint, source);
  if (entryProblem) problems.push(entryProblem);
  return problems;
}

function checkEntryPoint(
  files: ReadonlySet<string>,
  dirs: ReadonlySet<string>,
  rootNames: ReadonlySet<string>,
  entryPoint: string,
  source: 'zip' | 'folder',
): Problem | undefined {
  if (files.has(entryPoint)) return undefined;
  if (dirs.has(entryPoint)) return problem.entryPointIsFolder(entryPoint);
  // The participant meant the zip; say why it was not read, not only what is missing.
  const others = [...rootNames].filter((n) => n !== SUBMISSION_ZIP).sort();
  if (source === 'folder' && files.has(SUBMISSION_ZIP) && others.length > 0)
    return problem.zipNotAlone(entryPoint, others);
  return problem.noEntryPoint(entryPoint, whereElse(files, rootNames, entryPoint), source === 'zip');
}

/** Where the entry point is, when it is not at the root: said in the hint. */
function whereElse(
  files: ReadonlySet<string>,
  rootNames: ReadonlySet<string>,
  entryPoint: string,
): EntryPointElsewhere {
  const topLevel = [...rootNames].filter((n) => !ZIP_NOISE.has(n));
  const only = topLevel.length === 1 ? topLevel[0]! : undefined;
  if (only !== undefined && files.has(`${only}/${entryPoint}`)) return { kind: 'single-folder', folder: only };
  const paths = [...files].filter((f) => f.endsWith(`/${entryPoint}`)).sort();
  return paths.length > 0 ? { kind: 'subfolders', paths } : { kind: 'nowhere' };
}

/** The first segment of a normalized path. */
function rootName(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}
