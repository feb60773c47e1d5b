/**
 * `holdout test <submission>`: run a submission exactly as the competition will,
 * on this machine. A person sees progress, the live log and a readable report;
 * with --json, stdout carries one RunReport object (progress stays on stderr).
 */
import { parseDuration, parseSize } from '../../config/units.js';
import { evaluate, type Overrides } from '../../pipeline/evaluate.js';
import type { RunReport } from '../../report/report.js';
import { renderText } from '../../report/text.js';
import { runFolderText } from '../../pipeline/run-folder.js';
import { exitCodeOfStatus, UsageError } from '../../errors.js';
import { createProgress } from '../progress.js';
import { scorerDetailText } from './score.js';

interface TestFlags {
  competition: string;
  dataset: 'smoke' | 'test';
  timeLimit?: string;
  memory?: string;
  cpus?: string;
  pids?: string;
  gpu?: boolean;
  phase?: 'train' | 'infer';
  json?: boolean;
}

/** `holdout test`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(submission: string, flags: TestFlags): Promise<void> {
  const overrides = parseOverrides(flags);
  const progress = createProgress(process.stderr);
  let runDir: string | undefined;
  const report = await evaluate({
    competitionDir: flags.competition,
    submission,
    dataset: flags.dataset,
    overrides,
    ...(flags.phase ? { phase: flags.phase } : {}),
    onLog: progress.log,
    onPartialLine: progress.partial,
    onProgress: progress.step,
    // The organizer's scorer's own words stay on this machine: stderr, never the report.
    onScorerDetail: (detail) => process.stderr.write(`${scorerDetailText(detail)}\n`),
    // Whoever runs this has the labels: every score is shown, and what participants never see is said.
    showHidden: true,
    // Where the log, the output and the staged submission of the docker line are kept.
    onWorkDir: (dir) => (runDir = dir),
  });
  progress.done();
  // `hidden` is always there locally (empty when nothing is hidden), as in holdout score --json.
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, hidden: report.hidden ?? [] }, null, 2)}\n`);
  else process.stdout.write(`\n${renderText(report)}${hiddenText(report)}${runDir ? await runFolderText(runDir) : ''}`);
  process.exitCode = exitCodeOfStatus(report.status);
}

/** The line that says which scores of a local run participants never see; empty when none. */
export function hiddenText(report: RunReport): string {
  if (!report.hidden?.length) return '';
  return `Hidden from participants: ${report.hidden.join(', ')}. Shown here because this machine has the labels; pull requests, artifacts and the leaderboard leave out the splits not in scoring.split.show (add a split there to reveal it).\n`;
}

export function parseOverrides(flags: Omit<TestFlags, 'competition' | 'dataset' | 'json' | 'phase'>): Overrides {
  const o: Overrides = {};
  if (flags.timeLimit !== undefined) {
    o.time_s =
      parseDuration(flags.timeLimit) ??
      usage(`--time-limit: "${flags.timeLimit}" is not a duration (e.g. 90s, 10m, 1h)`);
  }
  if (flags.memory !== undefined) {
    const bytes = parseSize(flags.memory);
    if (bytes === undefined || bytes < 6 * 1024 * 1024)
      usage(`--memory: "${flags.memory}" is not a size of at least 6MiB (e.g. 512MiB, 2GiB)`);
    o.memory_bytes = bytes;
  }
  if (flags.cpus !== undefined) {
    const n = Number(flags.cpus);
    if (!(n > 0) || !Number.isFinite(n)) usage(`--cpus: "${flags.cpus}" is not a positive number`);
    o.cpus = n;
  }
  if (flags.pids !== undefined) {
    const n = Number(flags.pids);
    if (!Number.isInteger(n) || n < 8) usage(`--pids: "${flags.pids}" must be a whole number of at least 8`);
    o.pids = n;
  }
  if (flags.gpu) o.gpu = true;
  return o;
}

function usage(message: string): never {
  throw new UsageError(message);
}
