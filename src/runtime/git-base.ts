/**
 * The base side of a package request when run locally (`holdout check-env`): the
 * environment files as they are on a git ref, by default the default branch.
 */
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

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
  throw new GitBaseError('could not tell the default branch (no origin/HEAD, no main or master branch); pass --base REF');
}

/**
 * The text of each file at `ref` (undefined where the file does not exist there).
 * Paths are relative to `dir`, which may be a subfolder of the repository.
 */
export async function readFilesAtRef(dir: string, ref: string | undefined, files: string[]): Promise<{ ref: string; texts: (string | undefined)[] }> {
  const git = simpleGit({ baseDir: dir });
  const isRepo = await git.checkIsRepo().catch(() => false);
  if (!isRepo) throw new GitBaseError(`${dir} is not in a git repository, so there is no base to compare with; run check-env in your clone of the competition`);
  const base = ref ?? (await defaultBranch(git));
  const resolved = await git.raw(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).catch(() => '');
  if (!resolved.trim()) throw new GitBaseError(`"${base}" is not a branch, tag or commit in this repository; fetch it (git fetch origin) or pass another --base`);
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
