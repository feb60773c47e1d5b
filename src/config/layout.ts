/**
 * Where things go inside the sandbox, checked when competition.yml loads: the working copy
 * (container.workdir, limits.workdir), the data mount, and the output (container.output_file
 * or the folder container.output_dir). Pure: the schema's superRefine calls it.
 *
 * The output folder is collected after the run, and the data folder is mounted from the
 * organizer's disk: one inside the other would either collect the data (and hand it to the
 * scorer as predictions) or hide it, so they must be apart.
 */
import path from 'node:path/posix';
import type { Competition } from './schema.js';

/** Where the staged submission is mounted read-only when it is copied into the working folder. */
export const RESERVED_ROOT = '/.holdout';
/** Bytes a tmpfs may spend on one file beyond its content (one page). */
const BLOCK = 4096;

export interface LayoutIssue {
  path: string[];
  message: string;
}

type Layout = Pick<Competition, 'container' | 'limits' | 'submission' | 'scoring'>;

/** `inner` is `outer` or lies inside it. */
export function within(inner: string, outer: string): boolean {
  return inner === outer || outer === '/' || inner.startsWith(`${outer}/`);
}

/** The folder that is collected or holds the output file. */
export function outputFolderOf(container: Competition['container']): string {
  return container.output_dir ?? path.dirname(container.output_file);
}

/**
 * Folder mode with only a custom scorer reads no particular file: any file in the folder will
 * do. Built-in metrics read output_file, so it must be there.
 */
export function outputFileRequired(c: Pick<Competition, 'container' | 'scoring'>): boolean {
  return c.container.output_dir === undefined || c.scoring.columns.length > 0 || c.scoring.ranking !== undefined;
}

export function layoutIssues(c: Layout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const { workdir, data_dir: data, output_file: file, output_dir: dir } = c.container;
  const copy = c.limits.workdir > 0;
  const add = (key: string[], message: string) => issues.push({ path: key, message });

  for (const [key, value] of [
    ['workdir', workdir],
    ['data_dir', data],
    ['output_file', file],
    ['output_dir', dir],
  ] as const) {
    if (value !== undefined && within(value, RESERVED_ROOT))
      add(
        ['container', key],
        `${RESERVED_ROOT} is reserved for Holdout (the submission's originals are mounted there); pick another path`,
      );
  }

  if (dir === undefined) {
    const folder = path.dirname(file);
    if (folder === '/') {
      add(
        ['container', 'output_file'],
        'must be in a folder (e.g. /code_execution/submission/submission.csv): that folder becomes writable',
      );
    } else if (folder === workdir && !copy) {
      add(
        ['container', 'output_file'],
        'is in the working folder, which is read-only when limits.workdir is 0: give the submission a writable working copy (limits.workdir, e.g. 1GiB) or put the file in a folder of its own (e.g. /code_execution/submission/submission.csv)',
      );
    } else if (folder !== workdir && within(workdir, folder)) {
      add(
        ['container', 'output_file'],
        `its folder ${folder} would contain the working folder ${workdir}: put the file in the working folder or in a folder of its own`,
      );
    }
    if (within(folder, data) || (folder !== workdir && within(data, folder))) {
      add(
        ['container', 'output_file'],
        `its folder ${folder} and the data folder ${data} must be apart (neither inside the other): the output folder is collected after the run`,
      );
    }
  } else {
    if (dir === '/' || within(workdir, dir)) {
      add(
        ['container', 'output_dir'],
        `must be a folder of its own, not ${dir === '/' ? '/' : `the working folder or one holding it (${workdir})`}: e.g. ${workdir === '/' ? '/submission' : `${workdir}/submission`}`,
      );
    }
    if (within(dir, data) || within(data, dir)) {
      add(
        ['container', 'output_dir'],
        `and the data folder ${data} must be apart (neither inside the other): the output folder is collected and handed to the scorer`,
      );
    }
    if (!file.startsWith(`${dir}/`)) {
      add(
        ['container', 'output_file'],
        `must lie inside container.output_dir (${dir}), e.g. ${dir}/${path.basename(file)}: it is the file built-in metrics score in the collected folder`,
      );
    }
  }

  if (copy) {
    // Every file of the submission takes at least one page of the working folder's tmpfs.
    const needed = c.submission.max_size + c.submission.max_files * BLOCK;
    if (c.limits.workdir < needed) {
      add(
        ['limits', 'workdir'],
        `is ${c.limits.workdir} bytes, too small for the working copy of a submission as large as submission.max_size and max_files allow (${needed} bytes): raise it, or lower submission.max_size`,
      );
    }
  }
  return issues;
}
