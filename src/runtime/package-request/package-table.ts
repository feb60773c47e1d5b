/**
 * The package-request comment: one Markdown table (package, flavor, old → new,
 * solver verdict, image size before → after, build time, tests) and below it every
 * finding with its file and line. Everything that came from the pull request is
 * escaped (report/markdown-escape.ts), so a package name cannot inject Markdown,
 * HTML or a mention into the comment.
 */
import type { Flavor } from '../../config/runtime.js';
import { formatBytes, formatDuration } from '../../config/units.js';
import { codeBlock, escapeText, logLine, stripControls, truncate } from '../../report/markdown-escape.js';
import type { FlavorSolve, PackageRequestAnalysis } from './analysis.js';

/** What building and testing one flavor's image gave (filled by the workflow, after the analysis). */
export interface FlavorImageResult {
  flavor: Flavor;
  tag?: string;
  /** Size of the image on the base branch, when known. */
  sizeBeforeBytes?: number;
  sizeAfterBytes?: number;
  buildSeconds?: number;
  /** Result of runtime/tests inside the image. */
  tests: 'passed' | 'failed' | 'not_run';
  /** When the build or the tests failed: what happened, and the last lines of output. */
  failure?: { message: string; logTail: string[] };
}

const VERDICT_TITLE: Record<PackageRequestAnalysis['verdict'], string> = {
  pass: '✅ Package request: passed',
  fail: '❌ Package request: changes needed',
  error: '⚠️ Package request: could not be checked (not your fault)',
};

export function renderPackageRequestMarkdown(
  analysis: PackageRequestAnalysis,
  images: FlavorImageResult[] = [],
): string {
  const imageOf = (flavor: Flavor) => images.find((i) => i.flavor === flavor);
  const out: string[] = [`### ${VERDICT_TITLE[analysis.verdict]}`, '', escapeText(analysis.summary), ''];

  out.push('| Package | Flavor | Old → new | Solver | Image size (before → after) | Build time | Tests |');
  out.push('|---|---|---|---|---|---|---|');
  const rows = analysis.changes.length > 0 ? analysis.changes : [];
  for (const change of rows) {
    const image = imageOf(change.flavor);
    out.push(
      row([
        code(change.name) + (change.manager === 'pip' ? ' (pip)' : ''),
        change.flavor,
        `${change.before ? code(change.before) : '—'} → ${change.after ? code(change.after) : '*removed*'}`,
        solverCell(change.manager === 'pip' ? undefined : analysis.solves[change.flavor], change.manager),
        sizeCell(image),
        image?.buildSeconds !== undefined ? formatDuration(image.buildSeconds) : '—',
        testsCell(image),
      ]),
    );
  }
  if (rows.length === 0) out.push(row(['*no package changes*', '—', '—', '—', '—', '—', '—']));
  out.push('');

  if (analysis.findings.length > 0) {
    out.push(`**To fix (${analysis.findings.length}):**`, '');
    for (const f of analysis.findings) {
      const [first = '', ...rest] = f.message.split('\n');
      out.push(`- ${code(`${f.file}:${f.line}`)} ${escapeText(first)} <sub>${f.rule}</sub>`);
      if (rest.length > 0) out.push('', indent(codeBlock(rest.map((l) => logLine(l))), '  '));
    }
    out.push('');
  }
  for (const [flavor, solve] of Object.entries(analysis.solves)) {
    if (solve?.verdict === 'error') out.push(`- **${flavor} solve:** ${escapeText(solve.message)}`);
  }
  for (const image of images) {
    if (!image.failure) continue;
    out.push(
      '',
      `<details><summary>${image.flavor}: ${escapeText(image.failure.message)}</summary>`,
      '',
      codeBlock(image.failure.logTail.map((l) => logLine(l))),
      '',
      '</details>',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function solverCell(solve: FlavorSolve | undefined, manager: 'conda' | 'pip'): string {
  if (manager === 'pip') return 'not solved (pip: checked by the build)';
  if (!solve) return '—';
  switch (solve.verdict) {
    case 'solved':
      return `✅ solved (${solve.packages.length} packages)`;
    case 'conflict':
      return '❌ conflict';
    case 'error':
      return '⚠️ error';
    case 'skipped':
      return 'skipped';
  }
}

function sizeCell(image: FlavorImageResult | undefined): string {
  if (!image || image.sizeAfterBytes === undefined) return '—';
  const before = image.sizeBeforeBytes !== undefined ? formatBytes(image.sizeBeforeBytes) : '—';
  return `${before} → ${formatBytes(image.sizeAfterBytes)}`;
}

function testsCell(image: FlavorImageResult | undefined): string {
  if (!image) return '—';
  return image.tests === 'passed' ? '✅ passed' : image.tests === 'failed' ? '❌ failed' : 'not run';
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Inline code that survives any backticks or pipes in the text. */
function code(text: string): string {
  const oneLine = truncate(stripControls(text).replace(/\n/g, ' '), 200).replace(/\|/g, '¦');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${oneLine} ${ticks}` : `${ticks}${oneLine}${ticks}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}
