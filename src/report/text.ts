/** The report as a person reads it in a terminal. Pure: returns the text. */
import { formatBytes, formatDuration } from '../config/units.js';
import type { RunReport } from './report.js';

const HEADLINE: Record<RunReport['status'], string> = {
  success: 'PASSED',
  failed: 'FAILED',
  error: "ERROR (not the submission's fault)",
};

export function renderText(report: RunReport): string {
  const lines: string[] = [];
  const reason = report.reason ? ` · ${report.reason}` : '';
  const took = report.duration_s === null ? '' : ` · ${formatDuration(report.duration_s)}`;
  lines.push(`${HEADLINE[report.status]}${reason} · dataset ${report.dataset}${took}`);
  lines.push('');
  lines.push(report.message);
  // After quoted output (a crash's last lines), a blank line keeps the advice from reading as part of the log.
  if (report.hint) lines.push(...(report.message.includes('\n') ? [''] : []), `What to do: ${report.hint}`);
  if (report.problems.length > 0) {
    lines.push('', 'Problems:');
    for (const p of report.problems) lines.push(`  - ${p}`);
  }
  const scores = Object.entries(report.scores);
  if (scores.length > 0) {
    lines.push('', 'Scores:');
    for (const [name, value] of scores) {
      lines.push(`  ${name}${name === report.primary_metric ? ' (primary)' : ''}: ${formatScore(value)}`);
    }
  }
  const l = report.limits;
  lines.push('');
  lines.push(
    `Limits: time ${formatDuration(l.time_s)}, memory ${formatBytes(l.memory_bytes)}, cpus ${l.cpus}, gpus ${l.gpus}, pids ${l.pids}, output ${formatBytes(l.output_bytes)}` +
      (report.peak_memory_bytes !== null ? ` · peak memory ${formatBytes(report.peak_memory_bytes)}` : ''),
  );
  // The program's own exit code, apart from the verdict: a program can exit 0 and still write
  // no valid output, which "Exit code: 0" under "FAILED · invalid_output" seemed to contradict.
  if (report.exit_code !== null)
    lines.push(
      `Program's exit code: ${report.exit_code}${report.exit_code === 0 && report.status !== 'success' ? ' (it ended normally; the verdict is about what it wrote)' : ''}`,
    );
  if (report.kind && report.kind !== 'script') {
    const phases = (report.phases ?? []).map(
      (p) =>
        `${p.name} ${formatDuration(p.duration_s)}${p.peak_memory_bytes === null ? '' : ` (peak memory ${formatBytes(p.peak_memory_bytes)})`}`,
    );
    lines.push(`Kind: ${report.kind}${phases.length ? ` · ${phases.join(' · ')}` : ''}`);
  }
  if (report.image) lines.push(`Image: ${report.image}`);
  lines.push(
    `Log: ${report.log.lines} line${report.log.lines === 1 ? '' : 's'}${report.log.truncated ? ' (the report keeps the first and last ones)' : ''}${report.log.file ? `, full log in ${report.log.file}` : ''}`,
  );
  if (report.status !== 'success') {
    lines.push('', 'Reproduce:', `  ${report.reproduce.holdout}`);
    if (report.reproduce.docker) lines.push(`  ${report.reproduce.docker}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatScore(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
