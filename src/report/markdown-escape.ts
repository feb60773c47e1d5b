/**
 * Make untrusted text (log lines, messages, file names, metric names from an
 * artifact) safe to put in a GitHub comment: nothing in it may render as
 * Markdown, HTML, a link, an image or an @mention.
 *
 * Two tools, one per context:
 *  - escapeText: for prose and table cells (one line). Every Markdown punctuation
 *    character is backslash-escaped, `& < >` become entities, and a zero-width
 *    space after `@` and inside `://` / `www.` stops mentions and autolinks.
 *  - codeBlock: for logs and commands. A fenced block is literal by definition;
 *    the fence is made longer than any run of backticks in the content, so no
 *    line can close it.
 */

const ZWSP = '\u200B';

/** ANSI escapes, C0/C1 controls (but tab), and bidirectional overrides ("Trojan Source"). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC, and BEL ends an OSC sequence: they are what this removes
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes from participant text
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Strip what a terminal or a renderer would interpret; keeps tabs and newlines. */
export function stripControls(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(ANSI, '').replace(CONTROL, '');
}

/** Cut `s` to at most `max` characters (UTF-16 units), the last one "…" when anything was cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  // Never leave half of a surrogate pair (an emoji cut in two) before the mark.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~^=:"'$%?,/@]/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** One line of inert text. */
export function escapeText(s: string, max = 2000): string {
  const line = truncate(
    stripControls(s)
      .replace(/\s*\n\s*/g, ' ')
      .trim(),
    max,
  );
  return line
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/:\\\/\\\//g, `:${ZWSP}\\/\\/`)
    .replace(/www\\\./gi, (m) => `${m.slice(0, 3)}${ZWSP}${m.slice(3)}`);
}

/** A fenced block holding `lines` literally. */
export function codeBlock(lines: readonly string[], info = 'text'): string {
  const body = lines.join('\n');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Prepare a log line for codeBlock: controls stripped, one physical line, bounded length. */
export function logLine(s: string, max = 1000): string {
  return truncate(stripControls(s).replace(/\n/g, ' '), max);
}
