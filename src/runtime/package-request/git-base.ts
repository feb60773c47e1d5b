/**
 * The two sides of a package request (`holdout check-env` locally, the
 * package-request action mode on a pull request): the environment files as they
 * are on a git ref (by default the default branch) and as they are on disk.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { Flavor, RuntimeSection } from '../../config/runtime.js';
import type { EnvironmentFileVersions } from './analysis.js';

/** Raised when the ref or the repository cannot be read: a usage problem (exit 2). */
export class GitBaseError extends Error {
  override name = 'GitBaseError';
}

/** origin's HEAD when known (origin/main), else a local main or master. */
export async function defaultBranch(git: SimpleGit): Promise<string> {
  const originHead = await git.raw(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(() => '');
  if (originHead.trim()) return originHead.trim();
  for (const candidate of ['main', 'master']) {
    const exists = await git.raw(['rev-parse', '--verify', '--quiet', `refs/heads/${candidate}`]).then(
      (out) => out.trim() !== '',
      () => false,
    );
    if (exists) return candidate;
  }
  throw new GitBaseError(
    'could not tell the default branch (no origin/HEAD, no main or master branch); pass --base REF',
  );
}

/**
 * The text of each file at `ref` (undefined where the file does not exist there).
 * Paths are relative to `dir`, which may be a subfolder of the repository.
 */
export async function readFilesAtRef(
  dir: string,
  ref: string | undefined,
  files: string[],
): Promise<{ ref: string; texts: (string | undefined)[] }> {
  const git = simpleGit({ baseDir: dir });
  const isRepo = await git.checkIsRepo().catch(() => false);
  if (!isRepo)
    throw new GitBaseError(
      `${dir} is not in a git repository, so there is no base to compare with; run check-env in your clone of the competition`,
    );
  const base = ref ?? (await defaultBranch(git));
  const resolved = await git.raw(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).catch(() => '');
  if (!resolved.trim())
    throw new GitBaseError(
      `"${base}" is not a branch, tag or commit in this repository; fetch it (git fetch origin) or pass another --base`,
    );
  const texts = await Promise.all(
    files.map((file) =>
      git.show([`${resolved.trim()}:./${path.posix.normalize(file.split(path.sep).join('/'))}`]).then(
        (text) => text,
        () => undefined, // not in the base: every package is new
      ),
    ),
  );
  return { ref: base, texts };
}

export interface EnvironmentVersions {
  /** The ref compared with, as given (or the default branch when none was). */
  ref: string;
  /** The flavors that name an environment file, cpu before gpu. */
  flavors: Flavor[];
  /** Their environment files, relative to the competition folder, in the order of `flavors`. */
  files: string[];
  /** Base and head text of each flavor's file, as analyzePackageRequest takes them. */
  versions: Partial<Record<Flavor, EnvironmentFileVersions>>;
}

/**
 * Each environment file of the competition at `ref` (the base) and on disk (the
 * head). Undefined when no flavor names an environment file: there is nothing to
 * compare. Throws GitBaseError when the ref or the repository cannot be read.
 */
export async function environmentVersions(
  dir: string,
  runtime: RuntimeSection,
  ref: string | undefined,
): Promise<EnvironmentVersions | undefined> {
  const flavors = (['cpu', 'gpu'] as const).filter((f) => runtime[f]?.environment !== undefined);
  if (flavors.length === 0) return undefined;
  const files = flavors.map((f) => runtime[f]!.environment!);
  const base = await readFilesAtRef(dir, ref, files);
  const heads = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8').catch(() => undefined)));
  const versions: Partial<Record<Flavor, EnvironmentFileVersions>> = {};
  flavors.forEach((flavor, i) => {
    versions[flavor] = { file: files[i]!, base: base.texts[i], head: heads[i] };
  });
  return { ref: base.ref, flavors, files, versions };
}
