/**
 * The static leaderboard site: one self-contained folder (index.html, leaderboard.js,
 * leaderboard.css) that GitHub Pages serves as is and that works offline. No CDN, no font, no
 * request of any kind: the data sits in index.html as JSON in a <script type="application/json">
 * (inert: never executed), and a Content-Security-Policy forbids every other source, so even
 * a bug could not make the page call out.
 *
 * Ledger strings are hostile until proven otherwise: the JSON is written with `<`, `>`, `&`,
 * U+2028 and U+2029 escaped (no `</script>` can close the element), read with JSON.parse, and
 * every string reaches the page through textContent or setAttribute — never innerHTML.
 *
 * The page script is kept here as a string (not a file beside this one) so the bundled action
 * carries it; it is plain ES2017 that any evergreen browser runs, and test/leaderboard/site.test.ts
 * drives it in a real Chromium.
 */
import { stripControls, truncate } from '../report/markdown-escape.js';
import type { LeaderboardDocument, SiteData } from './build.js';
import type { Row } from './rank.js';

/** JSON safe inside a <script> element and in any JavaScript context. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text for HTML element content and double-quoted attributes. */
function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The document as the page needs it: rows without the fields it never shows (evaluation id,
 * head SHA, pull request), which are half the bytes the browser must parse before the table
 * can appear; leaderboard.json beside the page keeps them.
 */
function pageDocument(doc: LeaderboardDocument): LeaderboardDocument {
  const slim = (rows: Row[]) =>
    rows.map(({ evaluation_id: _e, head_sha: _h, pull_request: _p, ...shown }) => shown) as Row[];
  const page: LeaderboardDocument = { ...doc, public: slim(doc.public) };
  if (doc.private) page.private = slim(doc.private);
  return page;
}

export function indexHtml(data: SiteData): string {
  // The title is also set by the script; here it is for the tab before the script runs.
  const title = html(truncate(stripControls(data.leaderboard.title).replace(/\s+/g, ' '), 200));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="leaderboard.css">
</head>
<body>
<header><h1 id="title"></h1><p id="summary"></p></header>
<main>
<section id="timeline-section" aria-labelledby="timeline-heading" hidden><h2 id="timeline-heading">Timeline</h2><div id="timeline"></div></section>
<section aria-labelledby="board-heading">
<h2 id="board-heading">Leaderboard</h2>
<div id="splits" role="group" aria-label="Split" hidden></div>
<p><label for="search">Search participant</label> <input id="search" type="search" autocomplete="off" spellcheck="false"> <span id="count" aria-live="polite"></span></p>
<div class="scroll" role="region" aria-labelledby="board-heading" tabindex="0"><table id="board"><thead></thead><tbody></tbody></table></div>
</section>
<section id="history" aria-labelledby="history-heading"><h2 id="history-heading">History</h2><p id="history-hint">Choose a participant in the table to see their scores over time.</p><div id="plot"></div></section>
<section id="notes-section" aria-labelledby="notes-heading" hidden><h2 id="notes-heading">Notes</h2><ul id="notes"></ul></section>
</main>
<script type="application/json" id="leaderboard-data">${scriptSafeJson(pageDocument(data.leaderboard))}</script>
<script src="leaderboard.js"></script>
<script type="application/json" id="history-data">${scriptSafeJson(data.history)}</script>
</body>
</html>
`;
}

export const SITE_CSS = `:root { color-scheme: light; --fg: #1a1a1a; --muted: #4a4a4a; --line: #d0d7de; --accent: #0b5cad; --base: #6b3fa0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 1.6rem; margin: .2rem 0; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
#summary, #count, #history-hint { color: var(--muted); }
.scroll { overflow-x: auto; max-height: 70vh; overflow-y: auto; border: 1px solid var(--line); }
.scroll:focus { outline: 2px solid var(--accent); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:nth-child(2), td:nth-child(2) { text-align: left; }
thead th { position: sticky; top: 0; background: #f3f5f7; }
th button { font: inherit; font-weight: 600; color: var(--fg); background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td button { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; }
tr.baseline td { font-style: italic; }
.badge { display: inline-block; margin-left: .4rem; padding: 0 .35rem; border-radius: .6rem; font-size: .8rem; font-style: normal; color: #fff; background: var(--base); }
.up { color: #116329; } .down { color: #a40e26; }
#splits button { font: inherit; margin-right: .3rem; padding: .2rem .7rem; border: 1px solid var(--accent); border-radius: .3rem; background: #fff; color: var(--accent); cursor: pointer; }
#splits button[aria-pressed="true"] { background: var(--accent); color: #fff; }
input[type="search"] { font: inherit; padding: .2rem .4rem; min-width: 16rem; }
svg { max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: var(--muted); }
.legend { color: var(--muted); font-size: .9rem; }
.timeline-list { display: flex; flex-wrap: wrap; gap: 1.2rem; list-style: none; padding: 0; margin: .3rem 0; }
.timeline-list .past { color: var(--muted); }
.timeline-list .now { font-weight: 600; }
`;

/** The page script. Plain JavaScript (no template literals: it lives in one). */
export const SITE_JS = String.raw`(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var lb = JSON.parse(document.getElementById('leaderboard-data').textContent);
  // Every participant's history is most of the page's bytes: parsed when first needed.
  var history = null;
  // It comes after the script in the page, so the table shows before those bytes are parsed.
  function historyOf(id) {
    if (history === null) {
      var node = document.getElementById('history-data');
      if (!node || document.readyState === 'loading') return [];
      history = JSON.parse(node.textContent);
    }
    return history[String(id)] || [];
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return '\u2014';
    if (v !== 0 && (Math.abs(v) >= 1e9 || Math.abs(v) < 1e-4)) return v.toExponential(4);
    return String(Number(v.toPrecision(6)));
  }
  function when(iso) { return typeof iso === 'string' ? iso.slice(0, 16).replace('T', ' ') : '\u2014'; }
  function move(m) { return m === null || m === undefined ? '\u2014' : m > 0 ? '\u25B2 ' + m : m < 0 ? '\u25BC ' + (-m) : '0'; }

  document.getElementById('title').textContent = lb.title;
  document.title = lb.title.replace(/\s+/g, ' ');
  var ruleWords = { best: 'best public submission', last: 'latest successful submission', selected: 'best selected submission (up to ' + lb.selected_max + ')' };
  document.getElementById('summary').textContent =
    'Ranked by ' + lb.metric.key + ' (' + (lb.metric.direction === 'minimize' ? 'lower' : 'higher') + ' is better), ' +
    (ruleWords[lb.rule] || lb.rule) + ' of each participant; ties go to the earlier submission; baselines have no rank. ' +
    lb.ranked + ' ranked. Updated ' + when(lb.generated_at) + ' UTC.';

  // Timeline: start, end, reveal as an ordered list, the current phase marked.
  (function timeline() {
    var t = lb.timeline || {};
    var items = [['Start', t.start], ['End', t.end], ['Reveal', t.reveal]].filter(function (x) { return x[1]; });
    if (!items.length) return;
    var now = Date.parse(lb.generated_at);
    var list = el('ol', null, 'timeline-list');
    var current = null;
    items.forEach(function (x) { if (Date.parse(x[1]) <= now) current = x[0]; });
    items.forEach(function (x) {
      var past = Date.parse(x[1]) <= now;
      var li = el('li', x[0] + ': ' + when(x[1]) + ' UTC', past ? (x[0] === current ? 'now' : 'past') : '');
      if (x[0] === current) li.setAttribute('aria-current', 'step');
      list.appendChild(li);
    });
    document.getElementById('timeline').appendChild(list);
    document.getElementById('timeline-section').hidden = false;
  })();

  if (lb.notes && lb.notes.length) {
    var notes = document.getElementById('notes');
    lb.notes.forEach(function (n) { notes.appendChild(el('li', n)); });
    document.getElementById('notes-section').hidden = false;
  }

  var table = document.getElementById('board');
  var thead = table.tHead;
  var tbody = table.tBodies[0];
  var search = document.getElementById('search');
  var count = document.getElementById('count');
  var split = lb.private ? 'private' : 'public';
  var rows = [];
  var sortCol = 0;
  var sortDir = 'ascending';

  function columns() {
    var cols = [{ label: split === 'private' ? 'Private rank' : 'Rank', value: function (r, i) { return i; }, text: function (r) { return r.rank === null ? '\u2014' : r.rank; } },
      { label: 'Participant', value: function (r) { return r.participant.login.toLowerCase(); } },
      { label: lb.metric.key + (split === 'private' ? ' (private)' : ' (public)'), value: function (r) { return r.score; }, text: function (r) { return fmt(r.score); } }];
    lb.secondary.forEach(function (m) {
      cols.push({ label: m.key, value: function (r) { return r.scores[m.key]; }, text: function (r) { return fmt(r.scores[m.key]); } });
    });
    if (split === 'private') {
      cols.push({ label: 'Public rank', value: function (r) { return r.public_rank; }, text: function (r) { return r.public_rank === null ? '\u2014' : r.public_rank; } });
      cols.push({ label: 'Move', value: function (r) { return r.move; }, text: function (r) { return move(r.move); } });
    }
    cols.push({ label: 'Entries', value: function (r) { return r.entries; }, text: function (r) { return r.entries; } });
    cols.push({ label: 'Submitted (UTC)', value: function (r) { return r.submitted_at; }, text: function (r) { return when(r.submitted_at); } });
    return cols;
  }

  var cols = [];
  function render() {
    cols = columns();
    var source = lb[split];
    thead.textContent = '';
    var hr = document.createElement('tr');
    cols.forEach(function (c, i) {
      var th = el('th');
      th.scope = 'col';
      var b = el('button', c.label);
      b.type = 'button';
      b.addEventListener('click', function () { sortBy(i); });
      th.appendChild(b);
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    rows = source.map(function (r, index) {
      return { row: r, index: index, tr: null, key: r.participant.login.toLowerCase() };
    });
    sortCol = 0;
    sortDir = 'ascending';
    markSort();
    tbody.textContent = '';
    query = search.value.trim().toLowerCase();
    place();
  }

  // A row's element, made the first time it is shown.
  function trOf(x) {
    if (x.tr) return x.tr;
    var r = x.row;
    var tr = document.createElement('tr');
    if (r.baseline) tr.className = 'baseline';
    cols.forEach(function (c, i) {
      var td = document.createElement(i === 1 ? 'th' : 'td');
      if (i === 1) {
        td.scope = 'row';
        var b = el('button', r.participant.login);
        b.type = 'button';
        b.addEventListener('click', function () { showHistory(r); });
        td.appendChild(b);
        if (r.baseline) td.appendChild(el('span', 'baseline', 'badge'));
      } else {
        td.textContent = String(c.text(r));
        if (c.label === 'Move' && r.move) td.className = r.move > 0 ? 'up' : 'down';
      }
      tr.appendChild(td);
    });
    x.tr = tr;
    return tr;
  }

  // Puts the rows in the table in their current order, the search applied. The first screenful
  // goes in at once, the rest in slices between frames, so thousands of participants do not
  // keep the table from showing; a new sort or search stops the slicing of the last one.
  var query = '';
  var placing = 0;
  function place() {
    var token = ++placing;
    var shown = 0;
    rows.forEach(function (x) { if (matches(x)) shown++; });
    count.textContent = shown + ' of ' + rows.length + ' shown';
    var i = 0;
    function slice(n) {
      if (token !== placing) return;
      var frag = document.createDocumentFragment();
      for (var end = Math.min(rows.length, i + n); i < end; i++) {
        var tr = trOf(rows[i]);
        tr.hidden = !matches(rows[i]);
        frag.appendChild(tr);
      }
      tbody.appendChild(frag);
      if (i < rows.length) setTimeout(function () { slice(1000); }, 0);
      else document.body.setAttribute('data-ready', 'true');
    }
    if (document.body) document.body.removeAttribute('data-ready');
    slice(100);
  }
  function matches(x) { return query === '' || x.key.indexOf(query) !== -1; }

  function markSort() {
    var ths = thead.rows[0].cells;
    for (var i = 0; i < ths.length; i++) {
      if (i === sortCol) ths[i].setAttribute('aria-sort', sortDir);
      else ths[i].removeAttribute('aria-sort');
    }
  }

  function sortBy(i) {
    sortDir = sortCol === i && sortDir === 'ascending' ? 'descending' : 'ascending';
    sortCol = i;
    var c = cols[i];
    var sign = sortDir === 'ascending' ? 1 : -1;
    rows.sort(function (a, b) {
      var x = c.value(a.row, a.index);
      var y = c.value(b.row, b.index);
      var xn = x === null || x === undefined;
      var yn = y === null || y === undefined;
      if (xn || yn) return xn === yn ? a.index - b.index : xn ? 1 : -1; // empty cells last, either way
      if (x < y) return -sign;
      if (x > y) return sign;
      return a.index - b.index;
    });
    markSort();
    place();
  }

  search.addEventListener('input', function () {
    query = search.value.trim().toLowerCase();
    place();
  });

  function showHistory(r) {
    var points = historyOf(r.participant.id).map(function (p) { return [p[0] * 1000, p[1]]; });
    var plot = document.getElementById('plot');
    plot.textContent = '';
    document.getElementById('history-heading').textContent = 'History of ' + r.participant.login;
    document.getElementById('history-hint').textContent = points.length + ' scored submission' + (points.length === 1 ? '' : 's') + ' (public ' + lb.metric.key + '); the line is the best so far.';
    if (!points.length) return;
    var W = 640, H = 260, L = 70, R = 16, T = 14, B = 36;
    var minimize = lb.metric.direction === 'minimize';
    var t0 = points[0][0], t1 = points[points.length - 1][0];
    var lo = Infinity, hi = -Infinity;
    points.forEach(function (p) { if (p[1] < lo) lo = p[1]; if (p[1] > hi) hi = p[1]; });
    if (t1 === t0) { t0 -= 3600e3; t1 += 3600e3; }
    if (hi === lo) { hi += Math.abs(hi) * 0.05 || 1; lo -= Math.abs(lo) * 0.05 || 1; }
    function x(t) { return L + (t - t0) / (t1 - t0) * (W - L - R); }
    // Better is up: for a metric to minimize the axis is flipped.
    function y(v) { var f = (v - lo) / (hi - lo); return T + (minimize ? f : 1 - f) * (H - T - B); }
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-labelledby': 'plot-title' });
    var title = svg('title', { id: 'plot-title' });
    title.textContent = 'Scores of ' + r.participant.login + ' over time, best so far ' + fmt(minimize ? lo : hi);
    s.appendChild(title);
    s.appendChild(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#8c959f' }));
    s.appendChild(svg('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#8c959f' }));
    [[minimize ? lo : hi, T + 4], [minimize ? hi : lo, H - B]].forEach(function (a) {
      var t = svg('text', { x: L - 6, y: a[1], 'text-anchor': 'end' });
      t.textContent = fmt(a[0]);
      s.appendChild(t);
    });
    [[t0, 'start'], [t1, 'end']].forEach(function (a) {
      var t = svg('text', { x: x(a[0]), y: H - B + 16, 'text-anchor': a[1] });
      t.textContent = when(new Date(a[0]).toISOString());
      s.appendChild(t);
    });
    // A step line: the best so far holds until a better submission.
    var best = null, prev = null, path = [];
    points.forEach(function (p) {
      if (best === null || (minimize ? p[1] < best : p[1] > best)) best = p[1];
      if (prev !== null) path.push(x(p[0]).toFixed(1) + ',' + y(prev).toFixed(1));
      path.push(x(p[0]).toFixed(1) + ',' + y(best).toFixed(1));
      prev = best;
    });
    s.appendChild(svg('polyline', { points: path.join(' '), fill: 'none', stroke: '#0b5cad', 'stroke-width': 2, 'class': 'best-so-far' }));
    points.forEach(function (p) {
      var c = svg('circle', { cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1), r: 3.5, fill: '#bc4c00', 'class': 'submission' });
      var tt = svg('title', {});
      tt.textContent = when(new Date(p[0]).toISOString()) + ' UTC: ' + fmt(p[1]);
      c.appendChild(tt);
      s.appendChild(c);
    });
    plot.appendChild(s);
    plot.appendChild(el('p', 'Dots: each scored submission. Line: best so far.', 'legend'));
  }

  if (lb.private) {
    var splits = document.getElementById('splits');
    [['private', 'Private (final)'], ['public', 'Public']].forEach(function (x) {
      var b = el('button', x[1]);
      b.type = 'button';
      b.setAttribute('data-split', x[0]);
      b.setAttribute('aria-pressed', String(split === x[0]));
      b.addEventListener('click', function () {
        split = x[0];
        Array.prototype.forEach.call(splits.children, function (o) { o.setAttribute('aria-pressed', String(o === b)); });
        render();
      });
      splits.appendChild(b);
    });
    splits.hidden = false;
  }

  render();
  // The leader's history once the page is parsed (the histories come last).
  if (lb.public.length) {
    document.addEventListener('DOMContentLoaded', function () { showHistory(lb[split][0] || lb.public[0]); });
  }
})();
`;

/** The files of the site, by name. */
export function siteFiles(data: SiteData): Map<string, string> {
  return new Map([
    ['index.html', indexHtml(data)],
    ['leaderboard.js', SITE_JS],
    ['leaderboard.css', SITE_CSS],
  ]);
}
