/**
 * What kind of pull request is this? A pure function of the files it changes,
 * who opened it, and whether that person may push to the repository (asked
 * through the collaborator permission endpoint: permission.ts):
 *
 *  - submission:      only files under submissions/<author>/;
 *  - package-request: only the runtime environment files;
 *  - maintenance:     anything else from someone with write access (an ordinary
 *                     change: Holdout stays out of its way);
 *  - rejected:        anything else from a participant, with one problem per file
 *                     saying why and what to do; and any pull request, from anyone,
 *                     whose base is the results branch (results.branch: the ledger,
 *                     written only by the record job);
 *  - duplicate:       (decided in src/action/target.ts, not here) its head commit
 *                     heads another open pull request, which owns that commit's check.
 */

export const SUBMISSIONS_DIR = 'submissions';
export const PACKAGE_FILES = ['environment-cpu.yml', 'environment-gpu.yml'] as const;

/** A changed file as the pull request files API lists it. */
export interface ChangedFile {
  filename: string;
  status: string;
  /** Set for renames: the file's old path, which the PR also touches. */
  previous_filename?: string | undefined;
}

export interface FileProblem {
  file: string;
  message: string;
}

export type Classification =
  | { kind: 'submission'; login: string; folder: string }
  | { kind: 'package-request'; files: string[] }
  | { kind: 'maintenance' }
  | {
      kind: 'rejected';
      summary: string;
      problems: FileProblem[] /** What to do, when not the usual fix. */;
      hint?: string;
    }
  /**
   * The head commit belongs to another open pull request, `owner` (the one
   * whose author's submission folder it fills, else the oldest): this pull
   * request may not conclude the check on that commit (it would flip the
   * owner's verdict), and is only told why.
   */
  | { kind: 'duplicate'; owner: { number: number; login: string } };

/**
 * Whether the pull request touches what the runtime workflow watches (the
 * `paths:` of holdout-runtime.yml: the environment files and runtime/), so that
 * workflow, and its report that concludes the package-request check, runs for it.
 */
export function touchesRuntime(files: readonly ChangedFile[]): boolean {
  const watched = (p: string) => (PACKAGE_FILES as readonly string[]).includes(p) || p.startsWith('runtime/');
  return files.some((f) => watched(f.filename) || (f.previous_filename !== undefined && watched(f.previous_filename)));
}

type FileArea = 'own-submission' | 'other-submission' | 'package' | 'workflow' | 'elsewhere';

function areaOf(path: string, login: string): FileArea {
  const parts = path.split('/');
  if (parts[0] === SUBMISSIONS_DIR && parts.length >= 3) {
    // Logins are case-insensitive on GitHub, so the folder may be written either way.
    return parts[1]!.toLowerCase() === login.toLowerCase() ? 'own-submission' : 'other-submission';
  }
  if (parts.length === 1 && (PACKAGE_FILES as readonly string[]).includes(path)) return 'package';
  if (parts[0] === '.github') return 'workflow';
  return 'elsewhere';
}

function problemFor(area: Exclude<FileArea, 'own-submission'>, file: string, login: string): string {
  const own = `${SUBMISSIONS_DIR}/${login}/`;
  switch (area) {
    case 'other-submission':
      return `changes another participant's folder (${file.split('/').slice(0, 2).join('/')}/); a submission may only change ${own}`;
    case 'workflow':
      return `changes the repository's automation (.github/); participants may not edit workflows: remove this file from the pull request`;
    case 'package':
      return `is a package request; open it as a pull request of its own, separate from your submission`;
    case 'elsewhere':
      return `is outside your submission folder; move it under ${own} or remove it from the pull request`;
  }
}

/**
 * The refusal of a pull request into the results branch: the ledger is written only by the
 * record job through the API, and a merged pull request would put hand-made records in it
 * (or rewrite real ones). Maintainers included: nothing reaches that branch by merge.
 */
export function resultsBranchRefusal(base: string, resultsBranch: string): Classification | undefined {
  if (base !== resultsBranch) return undefined;
  return {
    kind: 'rejected',
    summary: `This pull request targets ${resultsBranch}, the results branch: it holds the competition's results ledger, which only Holdout's record job writes, so no pull request may change it.`,
    problems: [],
    hint: 'Close this pull request and open it against the default branch (for a submission, change only submissions/<your login>/).',
  };
}

export function classifyPullRequest(input: {
  files: ChangedFile[];
  login: string /** May push to the repository (permission.ts). */;
  maintainer: boolean;
  /** The pull request's base branch and competition.yml's results.branch; both or neither. */
  base?: string;
  resultsBranch?: string;
}): Classification {
  const { files, login } = input;
  if (input.base !== undefined && input.resultsBranch !== undefined) {
    const refused = resultsBranchRefusal(input.base, input.resultsBranch);
    if (refused) return refused;
  }
  const writer = input.maintainer;
  const own = `${SUBMISSIONS_DIR}/${login}/`;

  // A rename touches both its old and its new path.
  const paths = files.flatMap((f) =>
    f.previous_filename && f.previous_filename !== f.filename ? [f.previous_filename, f.filename] : [f.filename],
  );
  const areas = paths.map((p) => ({ path: p, area: areaOf(p, login) }));

  if (paths.length === 0) {
    return writer
      ? { kind: 'maintenance' }
      : { kind: 'rejected', summary: 'This pull request changes no files.', problems: [] };
  }
  if (areas.every((a) => a.area === 'own-submission')) {
    const folder = `${SUBMISSIONS_DIR}/${areas[0]!.path.split('/')[1]!}`;
    return { kind: 'submission', login, folder };
  }
  if (areas.every((a) => a.area === 'package')) {
    return { kind: 'package-request', files: [...new Set(paths)] };
  }
  if (writer) return { kind: 'maintenance' };

  const problems = areas
    .filter((a): a is { path: string; area: Exclude<FileArea, 'own-submission'> } => a.area !== 'own-submission')
    .map((a) => ({ file: a.path, message: problemFor(a.area, a.path, login) }));
  const mixesSubmission = areas.some((a) => a.area === 'own-submission');
  const summary = mixesSubmission
    ? `This pull request mixes your submission with other changes: a submission pull request may only change files under ${own}.`
    : `This pull request changes files outside ${own}: participants may only change their own submission folder (or, in a separate pull request, the environment files).`;
  return { kind: 'rejected', summary, problems };
}
