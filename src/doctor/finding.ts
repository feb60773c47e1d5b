/**
 * What `holdout doctor` reports: one finding per setting, each with what was
 * found, why it matters and the exact change that fixes it (where to click, and
 * the API call for those who script their settings).
 */

export type Level = 'error' | 'warning' | 'ok';

/** One REST call that applies a fix, printed as a `gh api` command. */
export interface ApiCall {
  method: 'PUT' | 'PATCH' | 'POST';
  /** e.g. /repos/octo-org/competition/actions/permissions/workflow */
  path: string;
  body?: unknown;
}

export interface Fix {
  /** The settings page and what to change there, e.g. "Settings → Actions → General → …". */
  where: string;
  /** The same change through the API, in order; absent where only the web page can do it safely. */
  api?: ApiCall[];
}

export interface Finding {
  /** Stable name of the check, for --json readers (e.g. `required-check`). */
  id: string;
  level: Level;
  /** One line: what is right or wrong. */
  title: string;
  /** What the API showed, in words. */
  found?: string;
  /** One sentence: what a hostile participant could do if this stays as it is. */
  why?: string;
  fix?: Fix;
  /** Set when the token could not read the setting: the finding says what the token needs. */
  unchecked?: true;
}

export interface DoctorReport {
  repository: string;
  branch: string;
  findings: Finding[];
}

export function ok(id: string, title: string, found?: string): Finding {
  return { id, level: 'ok', title, ...(found ? { found } : {}) };
}

export function counts(findings: Finding[]): { errors: number; warnings: number; ok: number; unchecked: number } {
  return {
    errors: findings.filter((f) => f.level === 'error').length,
    warnings: findings.filter((f) => f.level === 'warning').length,
    ok: findings.filter((f) => f.level === 'ok').length,
    unchecked: findings.filter((f) => f.unchecked).length,
  };
}

/** 0 when nothing is at error level (warnings included), 1 otherwise. */
export function exitCodeOf(findings: Finding[]): 0 | 1 {
  return findings.some((f) => f.level === 'error') ? 1 : 0;
}

/** The `gh api` command line for one call; bodies go through stdin so quoting never matters. */
export function ghCommand(call: ApiCall): string {
  const head = `gh api -X ${call.method} ${call.path}`;
  if (call.body === undefined) return head;
  return `${head} --input - <<'JSON'\n${JSON.stringify(call.body)}\nJSON`;
}

const LABEL: Record<Level, string> = { error: 'ERROR', warning: 'WARN ', ok: 'ok   ' };

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : `${' '.repeat(prefix.length)}${line}`))
    .join('\n');
}

/** `printed` holds the commands already shown: a fix shared by two findings is printed once. */
export function formatFinding(f: Finding, printed = new Set<string>()): string {
  const lines = [`${LABEL[f.level]}  ${f.title}`];
  const pad = '       ';
  if (f.found && f.level !== 'ok') lines.push(`${pad}found: ${indent(f.found, `${pad}found: `)}`);
  if (f.found && f.level === 'ok') lines.push(`${pad}${indent(f.found, pad)}`);
  if (f.why) lines.push(`${pad}why:   ${indent(f.why, `${pad}why:   `)}`);
  if (f.fix) {
    lines.push(`${pad}fix:   ${indent(f.fix.where, `${pad}fix:   `)}`);
    for (const call of f.fix.api ?? []) {
      const command = ghCommand(call);
      lines.push(
        `${pad}       ${printed.has(command) ? `(the same ${call.method} ${call.path} as above)` : indent(command, `${pad}       `)}`,
      );
      printed.add(command);
    }
  }
  return lines.join('\n');
}

export function formatReport(report: DoctorReport): string {
  const order: Level[] = ['error', 'warning', 'ok'];
  const sorted = [...report.findings].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  const c = counts(report.findings);
  const printed = new Set<string>();
  const parts = [
    `holdout doctor: ${report.repository}, branch ${report.branch}`,
    '',
    ...sorted.map((f) => formatFinding(f, printed)).flatMap((s) => [s, '']),
  ];
  const tally = `${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.ok} ok`;
  const unchecked =
    c.unchecked > 0
      ? `; ${c.unchecked} setting${c.unchecked === 1 ? '' : 's'} could not be checked: run again with a token that has the permissions named above`
      : '';
  const verdict =
    c.errors > 0
      ? `${tally}${unchecked}. Fix the errors above, then run holdout doctor again.`
      : c.unchecked > 0
        ? `${tally}${unchecked}.`
        : c.warnings > 0
          ? `${tally}: no errors; read the warnings above.`
          : `${tally}: clean.`;
  parts.push(verdict);
  return `${parts.join('\n')}\n`;
}
