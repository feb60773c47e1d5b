/**
 * The rules a submission must follow, taken from competition.yml's `submission`
 * section plus the root names the container mounts over. Staging a submission
 * (CI and `holdout test`) and packing one (`holdout pack`) read the same rules,
 * so whatever `pack` accepts, staging accepts too.
 */
import path from 'node:path/posix';
import picomatch from 'picomatch';
import type { Competition } from '../config/schema.js';
import { functionsSettings, pickleSettings } from '../config/kinds.js';

/** The name of the zip a folder may hold instead of the submission's files. */
export const SUBMISSION_ZIP = 'submission.zip';

export interface SubmissionRules {
  /** File name the command runs; must be a regular file at the submission root. */
  entryPoint: string;
  /** Files that may stand in for entryPoint (a notebook for main.py: submission.kind). */
  entryAlternatives?: string[];
  /** Most bytes of file content, counted as the files are unpacked or copied. */
  maxSize: number;
  /** Most files and folders, all levels together. */
  maxFiles: number;
  /** Globs (picomatch, relative to the submission root) left out when a folder is copied or packed. */
  exclude: string[];
  /**
   * Names the container mounts over at the submission root (e.g. "data", "submission"):
   * a submission holding one would have it silently hidden at run time, so it is refused.
   */
  reserved: string[];
}

/** Build the rules from a validated competition config. */
export function submissionRules(submission: Competition['submission'], reserved: string[]): SubmissionRules {
  const [entryPoint, ...entryAlternatives] = entryPointsOf(submission);
  return {
    entryPoint: entryPoint!,
    ...(entryAlternatives.length ? { entryAlternatives } : {}),
    maxSize: submission.max_size,
    maxFiles: submission.max_files,
    exclude: [...submission.exclude],
    reserved: [...reserved],
  };
}

/**
 * The file a submission of this kind must hold at its root, then what may stand in for it: a
 * notebook is accepted wherever a .py module is (the harness converts it).
 */
export function entryPointsOf(submission: Competition['submission']): string[] {
  const withNotebook = (py: string) => (py.endsWith('.py') ? [py, `${py.slice(0, -3)}.ipynb`] : [py]);
  switch (submission.kind) {
    case 'script':
      return withNotebook(submission.entry_point);
    case 'functions':
      return withNotebook(`${functionsSettings(submission).module}.py`);
    case 'pickle':
      return [pickleSettings(submission).file];
    case 'handler':
      return [submission.handler?.file ?? 'handler.py'];
  }
}

/**
 * The container's mounts that lie inside the working directory (where the submission
 * itself is mounted), relative to it: the data folder and the output file's folder.
 * With the defaults: ["data", "submission"].
 */
export function mountsInsideWorkdir(container: Competition['container']): string[] {
  const mounts = [container.data_dir, path.posix.dirname(container.output_file)];
  return mounts
    .map((mount) => path.posix.relative(container.workdir, mount))
    .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.posix.isAbsolute(relative));
}

/** Root names of the submission that the container mounts over (a submission may not use them). */
export function reservedRootNames(container: Competition['container']): string[] {
  return [...new Set(mountsInsideWorkdir(container).map((relative) => relative.split('/')[0]!))];
}

/**
 * Whether `exclude` leaves a path out (relative to the submission root, "/"
 * separated). A folder matches as "name" or "name/", so both "cache/**" and
 * "cache/" drop it. One definition for the folder walk and for the API fetch,
 * so a file left out locally is left out on the runner too.
 */
export function excludeMatcher(exclude: readonly string[]): (relative: string, isDir: boolean) => boolean {
  const isExcluded = picomatch([...exclude], { dot: true });
  return (relative, isDir) => isExcluded(relative) || (isDir && isExcluded(`${relative}/`));
}
