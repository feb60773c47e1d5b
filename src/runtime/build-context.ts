/**
 * What goes into a runtime image, as a list of files, and the content hash that
 * names the image. The hash covers exactly what `docker build` is given: the
 * Dockerfile, every file of the build context (path, executable bit, bytes), the
 * environment file placed as `environment.yml`, the build arguments and the flavor.
 * Change any of them and the tag changes; change none and the existing image is reused.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Flavor, ImageSource, RuntimeSection } from '../config/runtime.js';

/** Name the environment file gets at the root of the build context. */
export const CONTEXT_ENVIRONMENT_FILE = 'environment.yml';

export interface ContextEntry {
  /** Path inside the build context, with forward slashes. */
  relPath: string;
  /** Where the bytes come from on the host. */
  source: string;
  kind: 'file' | 'symlink';
  executable: boolean;
}

export interface BuildInputs {
  flavor: Flavor;
  dockerfile: string;
  contextDir: string;
  /** Every file the context will hold, sorted by relPath. */
  entries: ContextEntry[];
  /** Build arguments, FLAVOR included. */
  buildArgs: Record<string, string>;
  /** True when the environment file must be added, so the context is staged in a temporary folder. */
  needsStaging: boolean;
}

/** Raised when the runtime section points at files that are not there. */
export class BuildInputError extends Error {
  override name = 'BuildInputError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function imageSourceFor(runtime: RuntimeSection, flavor: Flavor): ImageSource | undefined {
  return flavor === 'cpu' ? runtime.cpu : runtime.gpu;
}

/** List what the build of `flavor` reads. Throws BuildInputError when a path is missing. */
export async function collectBuildInputs(competitionDir: string, source: ImageSource, flavor: Flavor): Promise<BuildInputs> {
  const dockerfile = path.resolve(competitionDir, source.dockerfile);
  const contextDir = path.resolve(competitionDir, source.context);
  if (!(await isKind(dockerfile, 'file'))) {
    throw new BuildInputError(
      `the Dockerfile ${source.dockerfile} does not exist in ${competitionDir}`,
      `create it, or set runtime.${flavor}.dockerfile in competition.yml to the right path`,
    );
  }
  if (!(await isKind(contextDir, 'dir'))) {
    throw new BuildInputError(
      `the build context ${source.context} is not a folder in ${competitionDir}`,
      `create it, or set runtime.${flavor}.context in competition.yml to the right folder`,
    );
  }
  const entries = await listFiles(contextDir);
  if (source.environment !== undefined) {
    const envPath = path.resolve(competitionDir, source.environment);
    if (!(await isKind(envPath, 'file'))) {
      throw new BuildInputError(
        `the environment file ${source.environment} does not exist in ${competitionDir}`,
        `create it, or fix runtime.${flavor}.environment in competition.yml`,
      );
    }
    if (entries.some((e) => e.relPath === CONTEXT_ENVIRONMENT_FILE)) {
      throw new BuildInputError(
        `the build context ${source.context} already holds ${CONTEXT_ENVIRONMENT_FILE}, and runtime.${flavor}.environment would replace it`,
        `remove ${source.context}/${CONTEXT_ENVIRONMENT_FILE} (the environment file is copied there at build time)`,
      );
    }
    entries.push({ relPath: CONTEXT_ENVIRONMENT_FILE, source: envPath, kind: 'file', executable: false });
    entries.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  }
  return {
    flavor,
    dockerfile,
    contextDir,
    entries,
    buildArgs: { ...source.build_args, FLAVOR: flavor },
    needsStaging: source.environment !== undefined,
  };
}

/** sha256 (hex) of everything that goes into the image. */
export async function contentHash(inputs: BuildInputs): Promise<string> {
  const hash = createHash('sha256');
  hash.update('holdout-runtime-v1\0');
  hash.update(`flavor\0${inputs.flavor}\0`);
  hash.update('dockerfile\0');
  hash.update(await readFile(inputs.dockerfile));
  hash.update('\0');
  for (const key of Object.keys(inputs.buildArgs).sort()) {
    hash.update(`arg\0${key}\0${inputs.buildArgs[key]}\0`);
  }
  for (const entry of inputs.entries) {
    const bytes = entry.kind === 'symlink' ? Buffer.from(await readlink(entry.source)) : await readFile(entry.source);
    const digest = createHash('sha256').update(bytes).digest('hex');
    hash.update(`${entry.kind}\0${entry.relPath}\0${entry.executable ? 'x' : '-'}\0${digest}\0`);
  }
  return hash.digest('hex');
}

/** The tag an image of these inputs gets: `<repository>:<flavor>-<first 12 hex of the hash>`. */
export function tagFor(repository: string, flavor: Flavor, hash: string): string {
  return `${repository}:${flavor}-${hash.slice(0, 12)}`;
}

async function listFiles(root: string): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];
  async function walk(dir: string): Promise<void> {
    // Sorted so the hash does not depend on the order the file system lists names in.
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const relPath = path.relative(root, full).split(path.sep).join('/');
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isSymbolicLink()) entries.push({ relPath, source: full, kind: 'symlink', executable: false });
      else if (info.isFile()) entries.push({ relPath, source: full, kind: 'file', executable: (info.mode & 0o111) !== 0 });
      // Sockets, FIFOs and devices are not sent to docker build either; leave them out.
    }
  }
  await walk(root);
  return entries;
}

async function isKind(p: string, kind: 'file' | 'dir'): Promise<boolean> {
  try {
    const info = await stat(p);
    return kind === 'file' ? info.isFile() : info.isDirectory();
  } catch {
    return false;
  }
}
