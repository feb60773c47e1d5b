/**
 * Render a run's outcome as Markdown: the sticky pull-request comment, the
 * check run's output and the job summary all come from here.
 *
 * Everything taken from a RunReport is untrusted (it may come from an artifact,
 * and the log is whatever the submission printed), so it only ever reaches the
 * page through escapeText or codeBlock. The whole comment stays under GitHub's
 * 65,536-character limit: the log tail gets what room is left, newest lines first.
 */
import type { RunReport } from './report.js';
import { formatBytes as formatByteSize, formatDuration } from '../config/units.js';
import { codeBlock, escapeText, logLine } from './markdown-escape.js';
import { parseCrashMessage } from './crash-message.js';

export const COMMENT_LIMIT = 65_536;
/** Room kept free for the marker and for GitHub counting some characters differently. */
const SAFETY_MARGIN = 1_024;

export type ViewStatus = 'success' | 'failed' | 'error' | 'queued' | 'skipped';

export interface ReportView {
  status: ViewStatus;
  /** Machine reason (crash, timeout, …) or null. */
  reason: string | null;
  /** One sentence: what happened. */
  message: string;
  /** What to do about it. */
  hint: string;
  headSha: string;
  /** The run on the public sample, and the run on the private test data. */
  smoke?: RunReport | undefined;
  test?: RunReport | undefined;
  /** Organizer's choice: show private scores (and private logs) or only the verdict. */
  showPrivateScores: boolean;
  showPrivateLogs: boolean;
  /** Per-file problems (e.g. a file outside the submission folder). */
  fileProblems?: { file: string; message: string }[];
  links: { run?: string | undefined; logs?: string | undefined };
}

const ICONS: Record<ViewStatus, string> = { success: '✅', failed: '❌', error: '⚠️', queued: '⏳', skipped: '➖' };
const WORDS: Record<ViewStatus, string> = {
  success: 'passed',
  failed: 'failed',
  error: 'could not be judged (our side, not yours)',
  queued: 'queued',
  skipped: 'nothing to evaluate',
};

export function headline(view: Pick<ReportView, 'status' | 'reason'>): string {
  const reason = view.reason && view.status !== 'success' ? `: ${view.reason.replace(/_/g, ' ')}` : '';
  return `${ICONS[view.status]} Holdout evaluation ${WORDS[view.status]}${reason}`;
}

function formatBytes(n: number | null): string {
  return n === null ? 'n/a' : formatByteSize(n);
}

function formatScore(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

function runColumns(view: ReportView): { title: string; run: RunReport; private: boolean }[] {
  const cols: { title: string; run: RunReport; private: boolean }[] = [];
  if (view.smoke) cols.push({ title: 'public sample', run: view.smoke, private: false });
  if (view.test) cols.push({ title: 'private test', run: view.test, private: true });
  return cols;
}

/**
 * The private run's numbers come coarse or not at all (src/action/private-run.ts):
 * a duration rounded up to the minute, a peak memory rounded up to a power of two.
 */
function durationCell(c: { run: RunReport; private: boolean }): string {
  const d = c.run.duration_s;
  if (d === null) return c.private ? 'hidden' : 'n/a';
  return c.private
    ? `≤ ${formatDuration(d)} of ${formatDuration(c.run.limits.time_s)}`
    : `${d.toFixed(1)} s of ${c.run.limits.time_s} s`;
}

/** One phase's time and memory (the private run carries no phases: its cells say hidden). */
function phaseCell(run: RunReport, name: 'train' | 'infer'): string {
  const phase = run.phases?.find((p) => p.name === name);
  if (!phase) return run.phases ? 'did not run' : 'hidden';
  const memory = phase.peak_memory_bytes === null ? '' : `, ${formatBytes(phase.peak_memory_bytes)}`;
  return `${phase.duration_s.toFixed(1)} s${memory}`;
}

function memoryCell(c: { run: RunReport; private: boolean }): string {
  const m = c.run.peak_memory_bytes;
  if (m === null) return c.private ? 'hidden' : `n/a of ${formatBytes(c.run.limits.memory_bytes)}`;
  return `${c.private ? '≤ ' : ''}${formatBytes(m)} of ${formatBytes(c.run.limits.memory_bytes)}`;
}

function resultsTable(view: ReportView): string {
  const cols = runColumns(view);
  if (cols.length === 0) return '';
  const metrics = [
    ...new Set(
      cols.flatMap((c) => [c.run.primary_metric, ...Object.keys(c.run.scores)].filter((m): m is string => !!m)),
    ),
  ];
  const row = (label: string, cell: (c: (typeof cols)[number]) => string) =>
    `| ${label} | ${cols.map(cell).join(' | ')} |`;
  const lines = [
    `| | ${cols.map((c) => c.title).join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    row('result', (c) => `${ICONS[c.run.status]} ${escapeText(c.run.reason ?? c.run.status, 60)}`),
    ...metrics.map((m) =>
      row(escapeText(m, 60), (c) => {
        if (c.private && !view.showPrivateScores) return 'hidden until the organizer publishes it';
        const v = c.run.scores[m];
        return v === undefined ? '—' : formatScore(v);
      }),
    ),
    ...(cols.some((c) => c.run.kind && c.run.kind !== 'script')
      ? [row('kind', (c) => (c.run.kind ? escapeText(c.run.kind, 20) : '—'))]
      : []),
    row('duration', durationCell),
    row('peak memory', memoryCell),
    ...(['train', 'infer'] as const)
      .filter((name) => cols.some((c) => c.run.phases?.some((p) => p.name === name)))
      .map((name) => row(`${name} phase`, (c) => phaseCell(c.run, name))),
    ...(cols.some((c) => c.run.status !== 'success' && c.run.exit_code !== null)
      ? [
          row("program's exit code", (c) =>
            c.run.exit_code === null ? (c.private ? 'hidden' : '—') : String(c.run.exit_code),
          ),
        ]
      : []),
    row('limits', (c) => `${c.run.limits.cpus} CPU, ${c.run.limits.gpus} GPU, ${c.run.limits.pids} processes`),
    row('image', (c) => (c.run.image ? escapeText(c.run.image, 200) : 'n/a')),
  ];
  return lines.join('\n');
}

function problemsSection(view: ReportView): string {
  const items = [
    ...(view.fileProblems ?? []).slice(0, 50).map((p) => `- ${escapeText(p.file, 300)}: ${escapeText(p.message, 500)}`),
    ...runColumns(view).flatMap((c) => c.run.problems.slice(0, 20).map((p) => `- (${c.title}) ${escapeText(p, 500)}`)),
  ];
  return items.length > 0 ? `**Problems**\n\n${items.join('\n')}` : '';
}

function reproduceSection(view: ReportView): string {
  const run = view.smoke ?? view.test;
  if (!run) return '';
  const lines = [logLine(run.reproduce.holdout, 2000)];
  if (run.reproduce.docker) {
    // The result file names no folder of the runner (src/action/host-paths.ts).
    const where = /<submission>|<data>/.test(run.reproduce.docker)
      ? ` (<submission>: your submission folder, <data>: the data folder${run.reproduce.docker.includes('<harness>') ? ", <harness>: Holdout's harness/ folder" : ''}, all absolute)`
      : '';
    lines.push('', `# the same container, by hand${where}:`, logLine(run.reproduce.docker, 4000));
  }
  return `<details><summary>Reproduce locally</summary>\n\n${codeBlock(lines, 'sh')}\n\n</details>`;
}

/** The log tail of the run that matters most (the failing one), within `budget` characters. */
function logSection(view: ReportView, budget: number): string {
  const cols = runColumns(view).filter((c) => !c.private || view.showPrivateLogs);
  const pick = cols.find((c) => c.run.status !== 'success') ?? cols[cols.length - 1];
  if (!pick || budget < 200) return '';
  const { log } = pick.run;
  const lines = [...log.head, ...log.tail];
  if (lines.length === 0) return '';
  const kept: string[] = [];
  let used = 300; // the <details> wrapper, the summary line and the fences
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = logLine(lines[i]!);
    if (used + line.length + 1 > budget) break;
    kept.unshift(line);
    used += line.length + 1;
  }
  if (kept.length === 0) return '';
  const omitted = log.lines - kept.length;
  const note = omitted > 0 ? `, last ${kept.length} of ${log.lines} lines` : `, ${log.lines} lines`;
  return `<details><summary>Log (${pick.title}${note})</summary>\n\n${codeBlock(kept)}\n\n</details>`;
}

/**
 * The verdict's words. A crash message (src/report/crash-message.ts) gives its first sentence
 * and, for the public run only, the exception it quotes, as a literal block right under it:
 * the first thing a participant reads. The rest of it (the last output) is the log, which the
 * log section shows. The private run's message is a fixed sentence (src/action/private-run.ts);
 * even when the organizer lets its log out, its exception is not put at the top.
 */
function messageSection(view: ReportView): string {
  const crash = parseCrashMessage(view.message);
  if (!crash) return escapeText(view.message, 1000);
  const isPublicRun = view.smoke !== undefined && view.smoke.message === view.message;
  const quote = crash.exception && isPublicRun ? `\n\n${codeBlock([logLine(crash.exception, 1000)])}` : '';
  return `${escapeText(crash.sentence, 1000)}${quote}`;
}

function linksLine(view: ReportView): string {
  const parts = [`commit ${escapeText(view.headSha.slice(0, 12), 40)}`];
  if (view.links.logs) parts.push(`[full log](${encodeURI(view.links.logs)})`);
  if (view.links.run) parts.push(`[workflow run](${encodeURI(view.links.run)})`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

/**
 * The report as Markdown, at most `limit` characters long. `prefix` (e.g. the
 * sticky comment's hidden marker) is put first and counted.
 */
export function renderReport(view: ReportView, opts: { limit?: number; prefix?: string } = {}): string {
  const limit = opts.limit ?? COMMENT_LIMIT;
  const sentence = messageSection(view);
  const hint = view.hint ? `**What to do:** ${escapeText(view.hint, 1000)}` : '';
  const before = [
    opts.prefix ?? '',
    `### ${headline(view)}`,
    sentence,
    hint,
    resultsTable(view),
    problemsSection(view),
    reproduceSection(view),
  ]
    .filter(Boolean)
    .join('\n\n');
  const after = linksLine(view);
  const budget = limit - SAFETY_MARGIN - before.length - after.length;
  const log = logSection(view, budget);
  const text = [before, log, after].filter(Boolean).join('\n\n');
  // Only a pathological report (thousands of problems) gets here; cut it plainly.
  return text.length <= limit - SAFETY_MARGIN
    ? text
    : `${text.slice(0, limit - SAFETY_MARGIN)}\n\n… (cut to fit GitHub's limit)`;
}
