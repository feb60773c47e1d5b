/**
 * Where a local run keeps what its report points at: the full log, the output, the staged
 * submission the reproduce `docker run` line mounts, the scorer's log. One folder per run,
 * all of them under one root, and only the newest few are kept: every `holdout test` used to
 * leave a /tmp/holdout-* folder behind (hundreds after an afternoon), and the reproduce line
 * pointed at a staging folder that was already gone.
 *
 *   $HOLDOUT_RUNS_DIR, else <tmp>/holdout-runs-<uid>/
 *     20250614-101502-3f9a1c/        ← newest first when sorted; KEEP_RUNS are kept
 *       code/  submission.log  submission.csv (or output/)  scorer.log  .running
 *
 * The root is the user's own (0700): a run's log and output may quote the data. A run in
 * progress holds a `.running` file with its process id; pruning never removes a folder whose
 * process is alive, so parallel runs (several terminals, a test suite) keep their folders.
 * The action does not use this: its runs live in RUNNER_TEMP, emptied after each job.
 */
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** How many finished runs stay (the current one is not counted). */
export const KEEP_RUNS = 10;
const MARKER = '.running';

export function runsRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOLDOUT_RUNS_DIR) return path.resolve(env.HOLDOUT_RUNS_DIR);
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `holdout-runs-${uid}`);
}

/** A new run folder (marked as running), after pruning all but the newest KEEP_RUNS others. */
export async function createRunFolder(root: string = runsRoot(), keep: number = KEEP_RUNS): Promise<string> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700).catch(() => {});
  // A predictable folder in a shared /tmp: another user may have made it first (or a link in
  // its place) to read the runs — private data included — or to redirect our writes. Use it only
  // when it is a real folder, ours, closed to others; otherwise a private folder of this run alone.
  if (!(await ownPrivateFolder(root))) return mkdtemp(path.join(os.tmpdir(), 'holdout-run-'));
  await pruneRuns(root, keep);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const dir = await mkdtemp(path.join(root, `${stamp}-`));
  await writeFile(path.join(dir, MARKER), `${process.pid}\n`);
  return dir;
}

export async function ownPrivateFolder(dir: string): Promise<boolean> {
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return false; // lstat: a link is not a directory
  const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  return st.uid === uid && (st.mode & 0o077) === 0;
}

/** The run is over: its folder may be pruned once newer runs push it out. */
export async function finishRunFolder(dir: string): Promise<void> {
  await rm(path.join(dir, MARKER), { force: true });
}

/** Remove all but the newest `keep` run folders, sparing those of live processes. */
export async function pruneRuns(root: string, keep: number = KEEP_RUNS): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && /^\d{8}-\d{6}-/.test(e.name))
      .map((e) => e.name);
  } catch {
    return [];
  }
  names.sort().reverse();
  const removed: string[] = [];
  for (const name of names.slice(keep)) {
    const dir = path.join(root, name);
    if (await stillRunning(dir)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

async function stillRunning(dir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(dir, MARKER), 'utf8')).trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, but another user's: leave it.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One sentence for the end of a local report: where the run's files are and what each is,
 * so the reproduce line's mount and the log are found. Only what is there is named.
 */
export async function runFolderText(dir: string, keep: number = KEEP_RUNS): Promise<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return '';
  }
  const what: string[] = [];
  if (names.includes('submission.log')) what.push('the full log (submission.log)');
  if (names.includes('output')) what.push('the output folder (output/)');
  for (const n of names.filter((n) => /\.(csv|json|txt|parquet|npy)$/.test(n) && n !== 'submission.log'))
    what.push(`the output (${n})`);
  if (names.includes('code')) what.push('the staged submission the docker line mounts (code/)');
  if (names.includes('scorer.log')) what.push("the scorer's log (scorer.log)");
  if (names.includes('image-build.log')) what.push('the image build log (image-build.log)');
  if (what.length === 0) return '';
  return `Run folder: ${dir}\n  ${what.join(', ')}; Holdout keeps the last ${keep} runs (older run folders are removed by later runs).\n`;
}
