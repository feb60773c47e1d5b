/**
 * Dynalab's setup_config.json, for `submission.kind: handler` (facebookresearch/dynalab).
 *
 * Dynalab packs a model with torch-model-archiver: the handler, the checkpoint and every file in
 * `model_files` land side by side at the archive's root, so a handler reads `model_config.json`
 * and imports `my_model` by bare name. Holdout does the same at staging: this module says which
 * files to copy to which root-level name (the plan); the caller copies them. `exclude` lists
 * paths `holdout pack` leaves out (Dynalab leaves them out of its upload tarball).
 *
 * Pure: no file system access. The caller passes what it knows of the submission (its files, and
 * any links it met); every path the config names must stay inside the submission, so absolute
 * paths, `..` that climbs out and paths through symbolic links are refused, each message naming
 * the entry (a link could point at the runner's files, and the copy would carry them in).
 */
import path from 'node:path';
import type { Problem } from './problems.js';

/** The file's name; Dynalab keeps it in .dynalab/<model>/, a plain submission may keep it at the root. */
export const SETUP_CONFIG = 'setup_config.json';

const DYNALAB_CONFIG = /^\.dynalab\/[^/]+\/setup_config\.json$/;

/** Keys dynalab-cli init writes; any other is reported (a typo would otherwise be silently ignored). */
const KNOWN_KEYS = new Set(['task', 'checkpoint', 'handler', 'requirements', 'setup', 'model_files', 'exclude']);

export interface SetupConfigInventory {
  /** The submission's regular files: normalized relative paths ("a/b.json"). */
  files: Iterable<string>;
  /** Its folders (those implied by the files are added). */
  dirs?: Iterable<string>;
  /** Paths that are symbolic links (or anything else that is not a plain file or folder). */
  links?: Iterable<string>;
}

/** One file to copy to the submission's root, as torch-model-archiver flattens it. */
export interface FlattenCopy {
  from: string;
  to: string;
  /** The setup_config.json key that named it. */
  entry: 'model_files' | 'checkpoint' | 'handler';
}

export interface SetupConfigPlan {
  /** Where setup_config.json was read from. */
  source: string;
  /** The copies to make, in the order the config names them; files already at the root need none. */
  copies: FlattenCopy[];
  /** `exclude`, normalized: paths (files or folders) relative to the root. */
  exclude: string[];
  /** The same as globs for the submission walk (picomatch, as submission.exclude): each path and all below it. */
  excludeGlobs: string[];
  /** The checkpoint's name after flattening (TorchServe's manifest.model.serializedFile), or null. */
  checkpoint: string | null;
  /** Things worth saying that do not stop the run. */
  warnings: string[];
}

export type SetupConfigResult = { ok: true; plan: SetupConfigPlan } | { ok: false; problems: Problem[] };

/** Where the submission keeps setup_config.json: null when it has none; a problem when it has several. */
export function findSetupConfig(
  paths: Iterable<string>,
): { ok: true; path: string | null } | { ok: false; problem: Problem } {
  const found = [...paths].filter((p) => p === SETUP_CONFIG || DYNALAB_CONFIG.test(p)).sort();
  if (found.length <= 1) return { ok: true, path: found[0] ?? null };
  return {
    ok: false,
    problem: {
      text: `the submission has ${found.length} setup_config.json files (${found.join(', ')})`,
      hint: 'Keep one: setup_config.json at the root, or .dynalab/<model>/setup_config.json as dynalab-cli init writes it.',
    },
  };
}

type Checked = { ok: true; path: string } | { ok: false; problem: Problem };

const OUTSIDE_HINT =
  "List paths relative to the submission's root (where handler.py is), e.g. configs/model.json, that stay inside it.";

/** An entry's path: relative, inside the submission, normalized; or the problem, naming the entry. */
function checkEntryPath(value: unknown, key: string, source: string): Checked {
  if (typeof value !== 'string' || value.trim() === '') {
    return {
      ok: false,
      problem: {
        text: `${source}: ${key} holds ${JSON.stringify(value) ?? String(value)}, not a path`,
        hint: OUTSIDE_HINT,
      },
    };
  }
  const named = `${source} lists "${value}" in ${key}`;
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.startsWith('~')) {
    return {
      ok: false,
      problem: { text: `${named}: an absolute path points outside the submission`, hint: OUTSIDE_HINT },
    };
  }
  if (value.includes('\\')) {
    return {
      ok: false,
      problem: { text: `${named}: a backslash is not a path separator here`, hint: 'Separate folders with "/".' },
    };
  }
  const normalized = path.posix.normalize(value).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    return { ok: false, problem: { text: `${named}: it resolves outside the submission`, hint: OUTSIDE_HINT } };
  }
  if (normalized === '.' || normalized === '') {
    return {
      ok: false,
      problem: { text: `${named}: that is the submission's root itself`, hint: 'Name a file or folder inside it.' },
    };
  }
  return { ok: true, path: normalized };
}

/** The path itself or the first folder above it that is a link. */
function linkOn(p: string, links: ReadonlySet<string>): string | undefined {
  const parts = p.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (links.has(prefix)) return prefix;
  }
  return undefined;
}

function linkProblem(entry: string, key: string, source: string, link: string): Problem {
  const where = link === entry ? 'it is a symbolic link' : `its folder "${link}" is a symbolic link`;
  return {
    text: `${source} lists "${entry}" in ${key}: ${where}, which may point outside the submission`,
    hint: 'Replace the link with a copy of what it points to.',
  };
}

function listOf(
  value: unknown,
  key: string,
  source: string,
): { ok: true; items: unknown[] } | { ok: false; problem: Problem } {
  if (value === undefined || value === null || value === '') return { ok: true, items: [] };
  if (Array.isArray(value)) return { ok: true, items: value };
  return {
    ok: false,
    problem: {
      text: `${source}: ${key} must be a list of paths, not ${JSON.stringify(value)}`,
      hint: `Write ${key} as a JSON list, e.g. "${key}": ["configs/model.json"].`,
    },
  };
}

/** Characters picomatch reads as glob syntax, escaped so that a name is matched as written. */
function globLiteral(p: string): string {
  return p.replace(/[\\*?[\]{}()!+@]/g, (c) => `\\${c}`);
}

function excludeGlobsOf(paths: readonly string[]): string[] {
  return paths.flatMap((p) => [globLiteral(p), `${globLiteral(p)}/**`]);
}

function parseObject(
  text: string,
  source: string,
): { ok: true; config: Record<string, unknown> } | { ok: false; problem: Problem } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      problem: {
        text: `${source} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        hint: 'Fix it (dynalab-cli init --amend writes it), or remove it.',
      },
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      ok: false,
      problem: {
        text: `${source} holds ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)}, not a JSON object`,
        hint: 'Write an object such as {"model_files": ["configs/model.json"], "exclude": []}.',
      },
    };
  }
  return { ok: true, config: parsed as Record<string, unknown> };
}

/**
 * Only `exclude`, without the inventory: what `holdout pack` needs before it walks the folder.
 * Entries that would climb out of the submission are refused here too.
 */
export function readSetupExclude(
  text: string,
  source: string = SETUP_CONFIG,
): { ok: true; exclude: string[]; excludeGlobs: string[] } | { ok: false; problems: Problem[] } {
  const parsed = parseObject(text, source);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const list = listOf(parsed.config.exclude, 'exclude', source);
  if (!list.ok) return { ok: false, problems: [list.problem] };
  const problems: Problem[] = [];
  const exclude: string[] = [];
  for (const item of list.items) {
    const checked = checkEntryPath(item, 'exclude', source);
    if (!checked.ok) problems.push(checked.problem);
    else if (!exclude.includes(checked.path)) exclude.push(checked.path);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, exclude, excludeGlobs: excludeGlobsOf(exclude) };
}

function isUnder(p: string, folder: string): boolean {
  return p === folder || p.startsWith(`${folder}/`);
}

/**
 * Validate setup_config.json against the submission and plan the flattening.
 * `source` is where the file is in the submission (findSetupConfig), used in every message.
 */
export function planSetupConfig(
  text: string,
  source: string,
  inventory: SetupConfigInventory,
  options: { handlerFile?: string; reserved?: readonly string[] } = {},
): SetupConfigResult {
  const parsed = parseObject(text, source);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const config = parsed.config;
  const files = new Set(inventory.files);
  const links = new Set(inventory.links ?? []);
  const dirs = new Set(inventory.dirs ?? []);
  for (const f of files) {
    for (let end = f.lastIndexOf('/'); end > 0; end = f.lastIndexOf('/', end - 1)) dirs.add(f.slice(0, end));
  }
  const problems: Problem[] = [];
  const warnings: string[] = [];

  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) warnings.push(`${source}: the key "${key}" is not one Dynalab knows; it is ignored.`);
  }
  for (const key of ['requirements', 'setup'] as const) {
    if (config[key] === true) {
      warnings.push(
        `${source} asks to install ${key === 'requirements' ? 'requirements.txt' : 'setup.py'}; nothing is installed at run time (no network): the packages must be in the competition's runtime image.`,
      );
    }
  }

  // Each file entry: inside the submission, not through a link, an existing file.
  const fileEntries: { key: FlattenCopy['entry']; path: string }[] = [];
  const checkFile = (value: unknown, key: FlattenCopy['entry']): void => {
    const checked = checkEntryPath(value, key, source);
    if (!checked.ok) {
      problems.push(checked.problem);
      return;
    }
    const link = linkOn(checked.path, links);
    if (link !== undefined) {
      problems.push(linkProblem(String(value), key, source, link));
      return;
    }
    if (!files.has(checked.path)) {
      const named = `${source} lists "${String(value)}" in ${key}`;
      problems.push(
        dirs.has(checked.path)
          ? {
              text: `${named}: it is a folder; ${key} names files`,
              hint: 'List each file, or leave the folder where it is and read it from ROOTPATH (Dynalab README, "Extra model files", way 2).',
            }
          : {
              text: `${named}: the submission has no such file`,
              hint: "Fix the path (relative to the submission's root), or add the file.",
            },
      );
      return;
    }
    fileEntries.push({ key, path: checked.path });
  };

  for (const key of ['checkpoint', 'handler'] as const) {
    const value = config[key];
    if (value === undefined || value === null || value === '') continue;
    checkFile(value, key);
  }
  const modelFiles = listOf(config.model_files, 'model_files', source);
  if (!modelFiles.ok) problems.push(modelFiles.problem);
  else for (const item of modelFiles.items) checkFile(item, 'model_files');

  // Exclude: inside the submission and not through a link; a path the submission lacks is only a warning.
  const exclude: string[] = [];
  const excludeList = listOf(config.exclude, 'exclude', source);
  if (!excludeList.ok) problems.push(excludeList.problem);
  else {
    for (const item of excludeList.items) {
      const checked = checkEntryPath(item, 'exclude', source);
      if (!checked.ok) {
        problems.push(checked.problem);
        continue;
      }
      const link = linkOn(checked.path, links);
      if (link !== undefined && link !== checked.path) {
        problems.push(linkProblem(String(item), 'exclude', source, link));
        continue;
      }
      if (!files.has(checked.path) && !dirs.has(checked.path) && !links.has(checked.path)) {
        warnings.push(`${source} excludes "${String(item)}", which the submission does not have.`);
      }
      if (!exclude.includes(checked.path)) exclude.push(checked.path);
    }
  }
  // What the model needs cannot be left out (Dynalab refuses it too).
  const needed = [
    ...fileEntries.map((e) => ({ path: e.path, why: `named in ${e.key}` })),
    { path: source, why: 'the setup config itself' },
    ...(options.handlerFile ? [{ path: options.handlerFile, why: 'the handler' }] : []),
  ];
  for (const ex of exclude) {
    const hit = needed.find((n) => isUnder(n.path, ex));
    if (hit) {
      problems.push({
        text: `${source} excludes "${ex}", which ${hit.path === ex ? 'is' : `holds "${hit.path}",`} ${hit.why}`,
        hint: 'Remove it from exclude: a file the model uses must be in the submission.',
      });
    }
  }

  // The flattening: each file to its bare name at the root, as torch-model-archiver does.
  const copies: FlattenCopy[] = [];
  const byTarget = new Map<string, string>();
  let checkpoint: string | null = null;
  for (const entry of fileEntries) {
    const to = path.posix.basename(entry.path);
    if (entry.key === 'checkpoint') checkpoint = to;
    const earlier = byTarget.get(to);
    if (earlier === entry.path) continue;
    if (earlier !== undefined) {
      problems.push({
        text: `${source} flattens "${earlier}" and "${entry.path}" to the same name ${to}`,
        hint: 'Rename one of them, or leave one where it is and read it from ROOTPATH instead of listing it.',
      });
      continue;
    }
    byTarget.set(to, entry.path);
    if (entry.path === to) continue;
    if ((options.reserved ?? []).includes(to) || to === SETUP_CONFIG) {
      // Staging refused these names at the root; a copy must not bring them back (a name the
      // container mounts over, or a second setup_config.json the harness would read unchecked).
      problems.push({
        text: `${source} flattens "${entry.path}" to ${to}, a name the submission may not have at its root`,
        hint: `Rename "${entry.path}" (e.g. to ${to}_files), or remove it from ${entry.key}.`,
      });
      continue;
    }
    if (files.has(to) || dirs.has(to) || links.has(to)) {
      problems.push({
        text: `${source} flattens "${entry.path}" to ${to}, which the submission already has at its root`,
        hint: `Rename one of them, or remove "${entry.path}" from ${entry.key}.`,
      });
      continue;
    }
    copies.push({ from: entry.path, to, entry: entry.key });
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    plan: { source, copies, exclude, excludeGlobs: excludeGlobsOf(exclude), checkpoint, warnings },
  };
}
