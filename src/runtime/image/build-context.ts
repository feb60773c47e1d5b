/**
 * What goes into a runtime image, as a list of files, and the content hash that
 * names the image. The hash covers exactly what `docker build` is given: the
 * Dockerfile, the images it builds FROM (their local image IDs), every file of the
 * build context (path, permission bits, bytes), the environment file placed as
 * `environment.yml`, the build arguments and the flavor. Change any of them and the
 * tag changes; change none and the existing image is reused.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Flavor, ImageSource, RuntimeSection } from '../../config/runtime.js';
import { inspectImageIds } from './docker.js';

/**
 * The permission bits that go into the content tag: read and execute for owner, group and
 * others. COPY keeps them and they decide whether the non-root user can read or run a file;
 * write bits are left out, so checkouts made under different umasks (022, 002) share tags.
 */
const PERMISSION_BITS_HASHED = 0o555;

/** Name the environment file gets at the root of the build context. */
export const CONTEXT_ENVIRONMENT_FILE = 'environment.yml';

export interface ContextEntry {
  /** Path inside the build context, with forward slashes. */
  relPath: string;
  /** Where the bytes come from on the host. */
  source: string;
  kind: 'file' | 'symlink';
  /**
   * Read and execute bits (mode & PERMISSION_BITS_HASHED; 0 for a symlink). COPY keeps them, and they decide
   * whether the image's non-root user may read or run the file.
   */
  mode: number;
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
export async function collectBuildInputs(
  competitionDir: string,
  source: ImageSource,
  flavor: Flavor,
): Promise<BuildInputs> {
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
    entries.push({
      relPath: CONTEXT_ENVIRONMENT_FILE,
      source: envPath,
      kind: 'file',
      mode: (await stat(envPath)).mode & PERMISSION_BITS_HASHED,
    });
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

/**
 * sha256 (hex) of everything that goes into the image. Costs one `docker image inspect`
 * (all base images at once) besides reading the files, none when the caller already
 * has the base images' IDs (knownBaseIds, from ensureBaseImages).
 */
export async function contentHash(inputs: BuildInputs, knownBaseIds?: Map<string, string>): Promise<string> {
  const hash = createHash('sha256');
  hash.update('holdout-runtime-v2\0');
  hash.update(`flavor\0${inputs.flavor}\0`);
  hash.update('dockerfile\0');
  const dockerfile = await readFile(inputs.dockerfile);
  hash.update(dockerfile);
  hash.update('\0');
  // A rebuilt base image (scripts/build-base-image.sh) or a moved tag changes the image
  // ID under the same name. A reference the engine does not have (or an engine that
  // does not answer) hashes as its name; ensureImage pulls bases first (base-images.ts),
  // so only imageTagFor on a machine without them sees that.
  const bases = baseImageReferences(dockerfile.toString('utf8'), inputs.buildArgs);
  const ids = knownBaseIds ?? (await inspectImageIds(bases));
  for (const ref of bases) hash.update(`from\0${ref}\0${ids?.get(ref) ?? '-'}\0`);
  for (const key of Object.keys(inputs.buildArgs).sort()) {
    hash.update(`arg\0${key}\0${inputs.buildArgs[key]}\0`);
  }
  for (const entry of inputs.entries) {
    const bytes = entry.kind === 'symlink' ? Buffer.from(await readlink(entry.source)) : await readFile(entry.source);
    const digest = createHash('sha256').update(bytes).digest('hex');
    hash.update(`${entry.kind}\0${entry.relPath}\0${entry.mode.toString(8)}\0${digest}\0`);
  }
  return hash.digest('hex');
}

/** The images the inputs' Dockerfile builds FROM (baseImageReferences of its text). */
export async function baseImagesOf(inputs: BuildInputs): Promise<string[]> {
  return baseImageReferences(await readFile(inputs.dockerfile, 'utf8'), inputs.buildArgs);
}

/** The tag an image of these inputs gets: `<repository>:<flavor>-<first 12 hex of the hash>`. */
export function tagFor(repository: string, flavor: Flavor, hash: string): string {
  return `${repository}:${flavor}-${hash.slice(0, 12)}`;
}

/**
 * The images a Dockerfile builds FROM, as docker build resolves them: line
 * continuations joined, comments dropped, `$VAR` / `${VAR}` / `${VAR:-default}` /
 * `${VAR:+alt}` replaced by the ARGs declared before the first FROM (a build argument
 * overrides the ARG's default), `--platform=…` flags skipped; `scratch` and the names
 * of earlier stages (`FROM … AS name`) are not images. Unique, in order.
 */
export function baseImageReferences(dockerfile: string, buildArgs: Record<string, string>): string[] {
  const escapeChar = /^#\s*escape\s*=\s*`/im.test(dockerfile.split(/\n(?!\s*#)/)[0] ?? '') ? '`' : '\\';
  const instructions: string[] = [];
  let current = '';
  for (const raw of dockerfile.split(/\r?\n/)) {
    if (/^\s*#/.test(raw)) continue; // comments (and parser directives), also inside a continued instruction
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith(escapeChar)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') instructions.push(current.trim());
    current = '';
  }
  if (current.trim() !== '') instructions.push(current.trim());

  const globalArgs = new Map<string, string>();
  const stages = new Set<string>();
  const refs: string[] = [];
  let seenFrom = false;
  for (const instruction of instructions) {
    const [keyword = '', ...words] = instruction.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === 'ARG' && !seenFrom) {
      for (const word of words) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        const fallback = eq < 0 ? undefined : unquote(word.slice(eq + 1));
        const value = Object.hasOwn(buildArgs, name) ? buildArgs[name] : fallback;
        if (value !== undefined) globalArgs.set(name, value);
        else globalArgs.delete(name);
      }
    } else if (upper === 'FROM') {
      seenFrom = true;
      const [image, as, stage] = words.filter((w) => !w.startsWith('--'));
      if (image === undefined) continue;
      const ref = substitute(image, globalArgs);
      const known = ref.toLowerCase() === 'scratch' || stages.has(ref.toLowerCase());
      if (!known && ref !== '' && !refs.includes(ref)) refs.push(ref);
      if (as?.toUpperCase() === 'AS' && stage) stages.add(stage.toLowerCase());
    }
  }
  return refs;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** Shell-style variable substitution as the Dockerfile frontend does it for FROM. */
function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced?: string, op?: string, word?: string, bare?: string) => {
      const name = (braced ?? bare)!;
      const value = vars.get(name);
      const set = op?.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
      if (op?.endsWith('-')) return set ? value! : (word ?? '');
      if (op?.endsWith('+')) return set ? (word ?? '') : '';
      return value ?? '';
    },
  );
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
      else if (info.isSymbolicLink()) entries.push({ relPath, source: full, kind: 'symlink', mode: 0 });
      else if (info.isFile())
        entries.push({ relPath, source: full, kind: 'file', mode: info.mode & PERMISSION_BITS_HASHED });
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
