import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { codeBlock, escapeText } from '../../src/report/markdown-escape.js';
import { COMMENT_LIMIT, renderReport, type ReportView } from '../../src/report/markdown.js';
import { openLogStream } from '../../src/action/log-stream.js';
import { crashReport } from '../action/support/fixtures.js';

const md = new MarkdownIt({ html: true, linkify: true });
const hostile =
  '**bold** _it_ `code` [link](https://evil.example) ![img](https://evil.example/x.png) <img src=x> <b>b</b> &amp; @octocat #1 https://evil.example www.evil.example | cell | \\ <!-- x -->';

test('escapeText: nothing renders as Markdown, HTML, a link, an image or a mention', () => {
  const html = md.renderInline(escapeText(hostile));
  assert.doesNotMatch(html, /<(strong|em|code|a|img|b)\b/);
  assert.doesNotMatch(html, /@octocat/); // a zero-width space follows every @
  assert.match(html, /@\u200Boctocat/);
  // What a reader sees is the original text (plus invisible breaks).
  const text = html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u200B/g, '');
  assert.equal(text, hostile);
});

test('escapeText: newlines cannot start a new block; length is bounded', () => {
  assert.doesNotMatch(md.render(escapeText('a\n\n# title\n\n<img src=x>')), /<h1|<img/);
  assert.equal(escapeText('x'.repeat(100), 10), 'xxxxxxxxx…');
});

test('codeBlock: a log line of backticks cannot close the fence', () => {
  const block = codeBlock(['````', '```', '<img src=x>', '@octocat']);
  const html = md.render(`${block}\n\n<img src=y>`);
  assert.equal((html.match(/<pre>/g) ?? []).length, 1);
  assert.match(html, /<pre><code class="language-text">````\n```\n&lt;img src=x&gt;\n@octocat\n<\/code><\/pre>/);
});

test('the comment stays under 65,536 characters whatever the log and problems hold', () => {
  const run = crashReport();
  run.log = {
    lines: 200_000,
    truncated: true,
    head: Array(5000).fill('`'.repeat(900)),
    tail: Array(5000).fill('<img>'.repeat(200)),
  };
  run.problems = Array(200).fill('p'.repeat(2000));
  const view: ReportView = {
    status: 'failed',
    reason: 'crash',
    message: 'm'.repeat(5000),
    hint: 'h',
    headSha: 'a'.repeat(40),
    smoke: run,
    showPrivateScores: false,
    showPrivateLogs: false,
    links: {},
  };
  const body = renderReport(view, { prefix: '<!-- holdout:evaluation -->' });
  assert.ok(body.length <= COMMENT_LIMIT, String(body.length));
  assert.doesNotMatch(md.render(body), /<img/);
});

test("the private run's log is not shown unless the organizer allows it", () => {
  const smoke = {
    ...crashReport(),
    status: 'success' as const,
    reason: null,
    log: { lines: 1, truncated: false, head: ['public line'], tail: [] },
  };
  const test = { ...crashReport('test'), log: { lines: 1, truncated: false, head: ['SECRET label row 17'], tail: [] } };
  const view: ReportView = {
    status: 'failed',
    reason: 'crash',
    message: 'm',
    hint: '',
    headSha: 'a'.repeat(40),
    smoke,
    test,
    showPrivateScores: false,
    showPrivateLogs: false,
    links: {},
  };
  assert.doesNotMatch(renderReport(view), /SECRET/);
  assert.match(renderReport({ ...view, showPrivateLogs: true }), /SECRET label row 17/);
});

test('log stream: printed workflow commands sit between stop-commands and a random resume token', () => {
  const out: string[] = [];
  const stream = openLogStream((s) => out.push(s));
  stream.line('::set-output name=score::1.0');
  stream.line('::add-mask::x\n::error::second line');
  stream.line('\u001b[31m::endgroup::\u001b[0m');
  stream.close();
  stream.line('after close');
  const token = /^::stop-commands::(holdout-[0-9a-f]{32})\n$/.exec(out[0]!)![1];
  assert.deepEqual(out.slice(1), [
    '::set-output name=score::1.0\n',
    '::add-mask::x ::error::second line\n',
    '::endgroup::\n',
    `::${token}::\n`,
  ]);
  const other = [] as string[];
  openLogStream((s) => other.push(s));
  assert.notEqual(other[0], out[0], 'each stream has its own token');
});
