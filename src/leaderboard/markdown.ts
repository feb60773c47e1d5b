/**
 * LEADERBOARD.md: committed on the results branch and shown in the job summary. Every string
 * that comes from the ledger or a selection file goes through escapeText (no Markdown, HTML,
 * link, image or @mention can come out of a login or a note); numbers are formatted here.
 */
import { escapeText } from '../report/markdown-escape.js';
import type { LeaderboardDocument } from './build.js';
import type { Row } from './rank.js';

/** A score as the board shows it: up to 6 significant digits, no exponent for ordinary values. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && (Math.abs(value) >= 1e9 || Math.abs(value) < 1e-4)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

/** "+3", "−2", "0", or "—". */
export function formatMove(move: number | null | undefined): string {
  if (move === null || move === undefined) return '—';
  if (move > 0) return `▲ ${move}`;
  if (move < 0) return `▼ ${-move}`;
  return '0';
}

function day(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function direction(d: 'minimize' | 'maximize'): string {
  return d === 'minimize' ? 'lower is better' : 'higher is better';
}

function table(rows: readonly Row[], doc: LeaderboardDocument, split: 'public' | 'private'): string[] {
  const secondary = doc.secondary.map((m) => escapeText(m.key, 64));
  const head = [
    split === 'private' ? 'Private rank' : 'Rank',
    'Participant',
    escapeText(doc.metric.key, 64),
    ...secondary,
    ...(split === 'private' ? ['Public rank', 'Move'] : []),
    'Entries',
    'Submitted (UTC)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = [
      row.rank === null ? '—' : String(row.rank),
      `${escapeText(row.participant.login, 64)}${row.baseline ? ' *(baseline)*' : ''}`,
      formatScore(row.score),
      ...doc.secondary.map((m) => formatScore(row.scores[m.key])),
      ...(split === 'private'
        ? [
            row.public_rank === null || row.public_rank === undefined ? '—' : String(row.public_rank),
            formatMove(row.move),
          ]
        : []),
      String(row.entries),
      escapeText(day(row.submitted_at), 32),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

const RULE_WORDS: Record<LeaderboardDocument['rule'], string> = {
  best: "each participant's best public submission",
  last: "each participant's latest successful submission",
  selected: "the best of each participant's selected submissions",
};

/** The whole LEADERBOARD.md. */
export function leaderboardMarkdown(doc: LeaderboardDocument): string {
  const out: string[] = [`# ${escapeText(doc.title, 200)}`, ''];
  const rule = doc.rule === 'selected' ? `${RULE_WORDS.selected} (up to ${doc.selected_max})` : RULE_WORDS[doc.rule];
  out.push(
    `Ranked by **${escapeText(doc.metric.key, 64)}** (${direction(doc.metric.direction)}) on ${rule}; ties go to the earlier submission. Baselines are shown without a rank. Generated ${escapeText(day(doc.generated_at), 32)} UTC.`,
    '',
  );
  const t = doc.timeline;
  const dates = [
    t.start ? `start ${escapeText(day(t.start), 32)}` : null,
    t.end ? `end ${escapeText(day(t.end), 32)}` : null,
    t.reveal ? `reveal ${escapeText(day(t.reveal), 32)}` : null,
  ].filter((d): d is string => d !== null);
  if (dates.length > 0) out.push(`Timeline: ${dates.join(' · ')}`, '');
  if (doc.private) {
    out.push('## Private leaderboard (final)', '');
    out.push(...(doc.private.length > 0 ? table(doc.private, doc, 'private') : ['No private scores yet.']), '');
    out.push('## Public leaderboard', '');
  }
  out.push(
    ...(doc.public.length > 0 ? table(doc.public, doc, 'public') : ['No scored submission yet.']),
    '',
    `${doc.ranked} participant${doc.ranked === 1 ? '' : 's'} ranked.`,
  );
  if (doc.notes.length > 0) {
    out.push('', '## Notes', '', ...doc.notes.map((n) => `- ${escapeText(n, 500)}`));
  }
  return `${out.join('\n')}\n`;
}
