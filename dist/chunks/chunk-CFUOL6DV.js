import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  sealScores
} from "./chunk-GSB6SWAA.js";
import {
  RECORD_VERSION,
  evaluationId
} from "./chunk-ZQBCEF5P.js";
import {
  effectiveLimits,
  emptyRunReport
} from "./chunk-L27JFKJL.js";

// src/leaderboard/write.ts
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

// src/report/markdown-escape.ts
var ZWSP = "\u200B";
var ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-Z\\-_])/g;
var CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
function stripControls(s) {
  return s.replace(/\r\n?/g, "\n").replace(ANSI, "").replace(CONTROL, "");
}
function truncate(s, max) {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}\u2026`;
}
var MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~^=:"'$%?,/@]/g;
var HTML_ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
function escapeText(s, max = 2e3) {
  const line = truncate(
    stripControls(s).replace(/\s*\n\s*/g, " ").trim(),
    max
  );
  return line.replace(MARKDOWN_PUNCTUATION, "\\$&").replace(/[&<>]/g, (c) => HTML_ENTITIES[c]).replace(/@/g, `@${ZWSP}`).replace(/:\\\/\\\//g, `:${ZWSP}\\/\\/`).replace(/www\\\./gi, (m) => `${m.slice(0, 3)}${ZWSP}${m.slice(3)}`);
}
function codeBlock(lines, info = "text") {
  const body = lines.join("\n");
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}
${body}
${fence}`;
}
function logLine(s, max = 1e3) {
  return truncate(stripControls(s).replace(/\n/g, " "), max);
}

// src/leaderboard/markdown.ts
function formatScore(value) {
  if (value === null || value === void 0 || !Number.isFinite(value)) return "\u2014";
  if (value !== 0 && (Math.abs(value) >= 1e9 || Math.abs(value) < 1e-4)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}
function formatMove(move) {
  if (move === null || move === void 0) return "\u2014";
  if (move > 0) return `\u25B2 ${move}`;
  if (move < 0) return `\u25BC ${-move}`;
  return "0";
}
function day(iso) {
  return iso.slice(0, 16).replace("T", " ");
}
function direction(d) {
  return d === "minimize" ? "lower is better" : "higher is better";
}
function table(rows, doc, split) {
  const secondary = doc.secondary.map((m) => escapeText(m.key, 64));
  const head = [
    split === "private" ? "Private rank" : "Rank",
    "Participant",
    escapeText(doc.metric.key, 64),
    ...secondary,
    ...split === "private" ? ["Public rank", "Move"] : [],
    "Entries",
    "Submitted (UTC)"
  ];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const row of rows) {
    const cells = [
      row.rank === null ? "\u2014" : String(row.rank),
      `${escapeText(row.participant.login, 64)}${row.baseline ? " *(baseline)*" : ""}`,
      formatScore(row.score),
      ...doc.secondary.map((m) => formatScore(row.scores[m.key])),
      ...split === "private" ? [
        row.public_rank === null || row.public_rank === void 0 ? "\u2014" : String(row.public_rank),
        formatMove(row.move)
      ] : [],
      String(row.entries),
      escapeText(day(row.submitted_at), 32)
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}
var RULE_WORDS = {
  best: "each participant's best public submission",
  last: "each participant's latest successful submission",
  selected: "the best of each participant's selected submissions"
};
function leaderboardMarkdown(doc) {
  const out = [`# ${escapeText(doc.title, 200)}`, ""];
  const rule = doc.rule === "selected" ? `${RULE_WORDS.selected} (up to ${doc.selected_max})` : RULE_WORDS[doc.rule];
  out.push(
    `Ranked by **${escapeText(doc.metric.key, 64)}** (${direction(doc.metric.direction)}) on ${rule}; ties go to the earlier submission. Baselines are shown without a rank. Generated ${escapeText(day(doc.generated_at), 32)} UTC.`,
    ""
  );
  const t = doc.timeline;
  const dates = [
    t.start ? `start ${escapeText(day(t.start), 32)}` : null,
    t.end ? `end ${escapeText(day(t.end), 32)}` : null,
    t.reveal ? `reveal ${escapeText(day(t.reveal), 32)}` : null
  ].filter((d) => d !== null);
  if (dates.length > 0) out.push(`Timeline: ${dates.join(" \xB7 ")}`, "");
  if (doc.private) {
    out.push("## Private leaderboard (final)", "");
    out.push(...doc.private.length > 0 ? table(doc.private, doc, "private") : ["No private scores yet."], "");
    out.push("## Public leaderboard", "");
  }
  out.push(
    ...doc.public.length > 0 ? table(doc.public, doc, "public") : ["No scored submission yet."],
    "",
    `${doc.ranked} participant${doc.ranked === 1 ? "" : "s"} ranked.`
  );
  if (doc.notes.length > 0) {
    out.push("", "## Notes", "", ...doc.notes.map((n) => `- ${escapeText(n, 500)}`));
  }
  return `${out.join("\n")}
`;
}

// src/leaderboard/site.ts
function scriptSafeJson(value) {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
function html(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
var CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'"
].join("; ");
function pageDocument(doc) {
  const slim = (rows) => rows.map(({ evaluation_id: _e, head_sha: _h, pull_request: _p, ...shown }) => shown);
  const page = { ...doc, public: slim(doc.public) };
  if (doc.private) page.private = slim(doc.private);
  return page;
}
function indexHtml(data) {
  const title = html(truncate(stripControls(data.leaderboard.title).replace(/\s+/g, " "), 200));
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
var SITE_CSS = `:root { color-scheme: light; --fg: #1a1a1a; --muted: #4a4a4a; --line: #d0d7de; --accent: #0b5cad; --base: #6b3fa0; }
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
var SITE_JS = String.raw`(function () {
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
function siteFiles(data) {
  return /* @__PURE__ */ new Map([
    ["index.html", indexHtml(data)],
    ["leaderboard.js", SITE_JS],
    ["leaderboard.css", SITE_CSS]
  ]);
}

// src/leaderboard/write.ts
async function writeLeaderboard(outDir, data) {
  const siteDir = path.join(outDir, "site");
  await mkdir(siteDir, { recursive: true });
  const json = `${JSON.stringify(data.leaderboard, null, 2)}
`;
  const written = {
    markdown: path.join(outDir, "LEADERBOARD.md"),
    json: path.join(outDir, "leaderboard.json"),
    site: siteDir
  };
  await Promise.all([
    writeFile(written.markdown, leaderboardMarkdown(data.leaderboard)),
    writeFile(written.json, json),
    writeFile(path.join(siteDir, "leaderboard.json"), json),
    ...[...siteFiles(data)].map(([name, text]) => writeFile(path.join(siteDir, name), text))
  ]);
  return written;
}

// src/leaderboard/rank.ts
var RANKED = "success";
function ms(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : Number.MAX_SAFE_INTEGER;
}
function scoreOf(scores, key) {
  if (!scores) return null;
  const direct = scores[key];
  if (direct !== void 0) return Number.isFinite(direct) ? direct : null;
  let found = null;
  let count = 0;
  const prefix = `${key}.`;
  for (const k in scores) {
    if (k.startsWith(prefix)) {
      count++;
      found = scores[k];
    }
  }
  return count === 1 && found !== null && Number.isFinite(found) ? found : null;
}
function compareBy(direction2) {
  return (a, b) => {
    if (a.score !== b.score) return direction2 === "minimize" ? a.score - b.score : b.score - a.score;
    if (a.submittedMs !== b.submittedMs) return a.submittedMs - b.submittedMs;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
function rootOf(record, byId) {
  if (!record.rerun_of || !byId.has(record.rerun_of)) return record.evaluation_id;
  let current = record.evaluation_id;
  const seen = /* @__PURE__ */ new Set();
  for (; ; ) {
    const parent = byId.get(current)?.rerun_of;
    if (!parent || !byId.has(parent) || seen.has(parent)) return current;
    seen.add(current);
    current = parent;
  }
}
function collectEntries(records, options) {
  const dataset = options.dataset ?? "test";
  const baselineLogins = new Set((options.baselines ?? []).map((l) => l.toLowerCase()));
  const participants = /* @__PURE__ */ new Map();
  const byId = /* @__PURE__ */ new Map();
  const timeOf = /* @__PURE__ */ new Map();
  for (const r of records) {
    const t = ms(r.finished_at);
    let p = participants.get(r.participant.id);
    if (!p) {
      p = { id: r.participant.id, login: r.participant.login, loginMs: t, baseline: false, entries: [] };
      participants.set(r.participant.id, p);
    } else if (t >= p.loginMs) {
      p.login = r.participant.login;
      p.loginMs = t;
    }
    if (r.kind === "baseline") p.baseline = true;
    if (r.dataset === dataset && !byId.has(r.evaluation_id)) {
      byId.set(r.evaluation_id, r);
      timeOf.set(r.evaluation_id, t);
    }
  }
  for (const p of participants.values()) if (baselineLogins.has(p.login.toLowerCase())) p.baseline = true;
  const chains = /* @__PURE__ */ new Map();
  for (const r of byId.values()) {
    const root = rootOf(r, byId);
    let chain = chains.get(root);
    if (!chain) {
      chain = { original: byId.get(root), verdict: null, verdictMs: -Infinity };
      chains.set(root, chain);
    }
    if (r.status !== "success" && r.status !== "failed") continue;
    const t = timeOf.get(r.evaluation_id);
    if (t >= chain.verdictMs) {
      chain.verdict = r;
      chain.verdictMs = t;
    }
  }
  for (const { original, verdict } of chains.values()) {
    const p = participants.get(original.participant.id);
    const counted = verdict ?? original;
    const score = counted.status === RANKED ? scoreOf(counted.public_scores, options.metric.key) : null;
    p.entries.push({
      evaluation_id: counted.evaluation_id,
      original_id: original.evaluation_id,
      participant_id: p.id,
      head_sha: original.head_sha,
      pull_request: original.pull_request,
      submitted_at: original.finished_at,
      submittedMs: timeOf.get(original.evaluation_id),
      status: counted.status,
      score,
      public_scores: counted.public_scores,
      baseline: p.baseline
    });
  }
  return participants;
}
function candidate(entry2, score) {
  return { entry: entry2, score, submittedMs: entry2.submittedMs, id: entry2.evaluation_id };
}
function selectedEntries(p, listed, max, notes) {
  if (!listed || listed.length === 0) return null;
  const scored = p.entries.filter((e) => e.score !== null);
  const picked = [];
  const shas = [];
  for (const raw of listed) {
    if (shas.length >= max) {
      notes.push(
        `${p.login} selected more than ${max} submissions; only the first ${max} count. They should list at most ${max}.`
      );
      break;
    }
    const sha = raw.toLowerCase();
    const matches = scored.filter((e) => e.head_sha.startsWith(sha));
    const distinct = new Set(matches.map((e) => e.head_sha));
    if (distinct.size > 1) {
      notes.push(`${p.login} selected ${sha}, which matches several submissions; they should write the full SHA.`);
      continue;
    }
    if (distinct.size === 0) {
      notes.push(
        `${p.login} selected ${sha}, which is none of their successful submissions on this dataset; they should list the head SHA of a scored pull request.`
      );
      continue;
    }
    const full = [...distinct][0];
    if (shas.includes(full)) continue;
    shas.push(full);
    picked.push(...matches);
  }
  return picked.length > 0 ? picked : null;
}
function publicPicks(p, options, notes) {
  const compare = compareBy(options.metric.direction);
  const scored = p.entries.filter((e) => e.score !== null).map((e) => candidate(e, e.score));
  if (scored.length === 0) return [];
  if (options.rule === "last") {
    const latest = scored.reduce(
      (a, b) => b.submittedMs > a.submittedMs || b.submittedMs === a.submittedMs && b.id > a.id ? b : a
    );
    return [latest];
  }
  scored.sort(compare);
  if (options.rule === "best") return [scored[0]];
  const max = options.selectedMax ?? 2;
  const chosen = selectedEntries(p, options.selections?.get(p.id), max, notes);
  if (chosen) return chosen.map((e) => candidate(e, e.score)).sort(compare);
  return scored.slice(0, max);
}
function secondaryOf(scores, columns) {
  const out = {};
  for (const c of columns) out[c.key] = scoreOf(scores, c.key);
  return out;
}
function number(rows) {
  let rank2 = 0;
  for (const row of rows) row.rank = row.baseline ? null : ++rank2;
  return rows;
}
function rank(records, options, privateScores) {
  const notes = [];
  const participants = collectEntries(records, options);
  const secondary = options.secondary ?? [];
  const compare = compareBy(options.metric.direction);
  const publicCandidates = [];
  const privateCandidates = [];
  const picksOf = /* @__PURE__ */ new Map();
  const history = /* @__PURE__ */ new Map();
  let missingPrivate = 0;
  for (const p of participants.values()) {
    const points = p.entries.filter((e) => e.score !== null).map((e) => [e.submittedMs, e.score]).sort((a, b) => a[0] - b[0]);
    if (points.length > 0) history.set(p.id, points);
    const picks = publicPicks(p, options, notes);
    if (picks.length === 0) continue;
    picksOf.set(p.id, picks);
    publicCandidates.push(picks[0]);
    if (!privateScores) continue;
    const withPrivate = picks.map((c) => ({ c, s: scoreOf(privateScores.get(c.entry.evaluation_id), options.metric.key) })).filter((x) => x.s !== null).map((x) => candidate(x.c.entry, x.s));
    if (withPrivate.length === 0) {
      missingPrivate++;
      continue;
    }
    privateCandidates.push(options.rule === "selected" ? withPrivate.sort(compare)[0] : withPrivate[0]);
  }
  const row = (c, scores) => {
    const p = participants.get(c.entry.participant_id);
    return {
      rank: null,
      participant: { id: p.id, login: p.login },
      baseline: p.baseline,
      evaluation_id: c.entry.evaluation_id,
      head_sha: c.entry.head_sha,
      pull_request: c.entry.pull_request,
      submitted_at: c.entry.submitted_at,
      score: c.score,
      scores: secondaryOf(scores, secondary),
      entries: p.entries.filter((e) => e.status === "success" || e.status === "failed").length
    };
  };
  const publicRows = number(publicCandidates.sort(compare).map((c) => row(c, c.entry.public_scores)));
  let privateRows = null;
  if (privateScores) {
    const publicRank = new Map(publicRows.map((r) => [r.participant.id, r.rank]));
    privateRows = number(
      privateCandidates.sort(compare).map((c) => row(c, privateScores.get(c.entry.evaluation_id)))
    ).map((r) => {
      const before = publicRank.get(r.participant.id) ?? null;
      return { ...r, public_rank: before, move: before !== null && r.rank !== null ? before - r.rank : null };
    });
    if (missingPrivate > 0) {
      notes.push(
        `${missingPrivate} participant${missingPrivate === 1 ? " has" : "s have"} no private score for the submission${missingPrivate === 1 ? "" : "s"} that would rank, so ${missingPrivate === 1 ? "is" : "are"} left off the private board; re-score them (holdout-rescore.yml) before the reveal.`
      );
    }
  }
  return { public: publicRows, private: privateRows, history, notes };
}
function placeOf(records, participantId, options) {
  const standings = rank(records, options);
  const row = standings.public.find((r) => r.participant.id === participantId);
  if (!row) return null;
  const scores = standings.history.get(participantId) ?? [];
  const better = options.metric.direction === "minimize" ? Math.min : Math.max;
  const best = scores.reduce((acc, [, s]) => better(acc, s), row.score);
  const of = standings.public.reduce((n, r) => n + (r.rank === null ? 0 : 1), 0);
  return { best, score: row.score, rank: row.rank, of };
}

// src/leaderboard/build.ts
var LEADERBOARD_FORMAT = "holdout-leaderboard";
var LEADERBOARD_VERSION = 1;
function optionsFromCompetition(config) {
  const lb = config.leaderboard;
  return {
    title: lb.title ?? config.name,
    rule: lb.rule,
    selectedMax: lb.selected_max,
    baselines: lb.baselines,
    metric: { key: config.scoring.metric.key, direction: config.scoring.metric.direction },
    secondary: config.scoring.secondary.map((m) => ({ key: m.key, direction: m.direction })),
    timeline: {
      start: lb.timeline.start ?? null,
      end: lb.timeline.end ?? null,
      reveal: lb.timeline.reveal ?? null
    }
  };
}
function buildLeaderboard(records, options, privateScores) {
  const standings = rank(records, options, privateScores);
  const ranked = standings.public.reduce((n, r) => n + (r.rank === null ? 0 : 1), 0);
  const leaderboard = {
    format: LEADERBOARD_FORMAT,
    version: LEADERBOARD_VERSION,
    title: options.title,
    generated_at: (options.now ?? /* @__PURE__ */ new Date()).toISOString(),
    dataset: options.dataset ?? "test",
    rule: options.rule,
    selected_max: options.selectedMax ?? 2,
    metric: options.metric,
    secondary: [...options.secondary ?? []],
    timeline: {
      start: options.timeline?.start ?? null,
      end: options.timeline?.end ?? null,
      reveal: options.timeline?.reveal ?? null
    },
    revealed: standings.private !== null,
    ranked,
    public: standings.public,
    notes: [...options.notes ?? [], ...standings.notes]
  };
  if (standings.private) leaderboard.private = standings.private;
  const onBoard = new Set(standings.public.map((r) => r.participant.id));
  const history = {};
  for (const [id, points] of standings.history) {
    if (onBoard.has(id)) history[String(id)] = points.map(([t, v]) => [Math.round(t / 1e3), Number(v.toPrecision(6))]);
  }
  return { leaderboard, history };
}

// src/leaderboard/selection.ts
import { lstat, open, readdir } from "node:fs/promises";
import path2 from "node:path";
var MAX_SELECTION_BYTES = 16 * 1024;
function parseSelection(text) {
  const shas = [];
  const problems = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const content = line.replace(/#.*$/, "").trim();
    if (content === "") return;
    if (/^[0-9a-fA-F]{7,40}$/.test(content)) shas.push(content.toLowerCase());
    else
      problems.push(
        `line ${i + 1} is not a commit SHA (${truncate(stripControls(content), 60)}); write one head SHA a line, 7 to 40 hex digits`
      );
  });
  return { shas, problems };
}
async function readSelections(submissionsDir, logins, fileName) {
  const selections = /* @__PURE__ */ new Map();
  const notes = [];
  let folders;
  try {
    folders = await readdir(submissionsDir);
  } catch {
    return { selections, notes };
  }
  const folderOf = new Map(folders.map((f) => [f.toLowerCase(), f]));
  for (const [id, login] of logins) {
    const folder = folderOf.get(login.toLowerCase());
    if (!folder) continue;
    const file = path2.join(submissionsDir, folder, fileName);
    const shown = `submissions/${folder}/${fileName}`;
    let info;
    try {
      info = await lstat(file);
    } catch {
      continue;
    }
    if (!info.isFile()) {
      notes.push(`${shown} is not a regular file (a link or a folder), so it is ignored; commit a plain text file.`);
      continue;
    }
    if (info.size > MAX_SELECTION_BYTES) {
      notes.push(`${shown} is larger than ${MAX_SELECTION_BYTES} bytes, so it is ignored; list only head SHAs.`);
      continue;
    }
    const handle = await open(file, "r");
    let text;
    try {
      const buffer = Buffer.alloc(MAX_SELECTION_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_SELECTION_BYTES, 0);
      text = buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
    const parsed = parseSelection(text);
    for (const problem of parsed.problems) notes.push(`${shown}: ${problem}.`);
    if (parsed.shas.length > 0) selections.set(id, parsed.shas);
  }
  return { selections, notes };
}

// src/season/evaluation-record.ts
function resultsPublicKey(config) {
  const key = config.results?.public_key;
  return typeof key === "string" && key.trim() !== "" ? key.trim() : void 0;
}
function metricKeys(config) {
  return [config.scoring.metric.key, ...config.scoring.secondary.map((m) => m.key)];
}
function scoresOfSplit(scores, metrics, split) {
  const out = {};
  for (const m of metrics) {
    const v = scores[split === null ? m : `${m}.${split}`];
    if (v !== void 0) out[m] = v;
  }
  return out;
}
function hiddenSplit(hidden, primary) {
  const key = (hidden ?? []).find((k) => k.startsWith(`${primary}.`));
  return key ? key.slice(primary.length + 1) : null;
}
function privateScoresOf(run, config) {
  if (!config.scoring.split) return { ...run.scores };
  const split = hiddenSplit(run.hidden, config.scoring.metric.key);
  return split === null ? {} : scoresOfSplit(run.scores, metricKeys(config), split);
}
function publicScoresOf(run, config) {
  const shown = config.scoring.split?.show[0];
  if (shown === void 0 || run.scores[`${config.scoring.metric.key}.${shown}`] === void 0)
    return config.scoring.split ? scoresOfSplit(run.scores, metricKeys(config), null) : { ...run.scores };
  return scoresOfSplit(run.scores, metricKeys(config), shown);
}
function visibleScores(scores, hidden) {
  return Object.fromEntries(Object.entries(scores).filter(([name]) => !(hidden ?? []).includes(name)));
}
async function sealPrivateScores(run, config, publicKey) {
  const { hidden, ...rest } = run;
  const visible = { ...rest, scores: visibleScores(run.scores, hidden) };
  const secret = privateScoresOf(run, config);
  if (run.status !== "success" || Object.keys(secret).length === 0) return { run: visible, sealed: void 0 };
  return { run: visible, sealed: await sealScores(publicKey, secret) };
}
function sealErrorReport(config, detail) {
  return {
    ...emptyRunReport("test", effectiveLimits(config), "holdout test submissions/<your-login>"),
    status: "error",
    reason: "internal_error",
    message: `The private scores could not be sealed for the results ledger: ${detail}`,
    hint: "This is on our side, not yours \u2014 an organizer will re-run it. Organizers: set results.public_key to the public key printed by holdout ledger keygen."
  };
}

// src/season/ledger-entry.ts
var METRIC_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
function cleanScores(scores) {
  return Object.fromEntries(
    Object.entries(scores).filter(([k, v]) => METRIC_NAME.test(k) && Number.isFinite(v)).slice(0, 64)
  );
}
function defaultDataset(config) {
  return config.datasets.test ? "test" : "smoke";
}
function buildLedgerEntry(read, facts, config) {
  if (facts.evaluationJob === "skipped") return null;
  if (facts.evaluationJob === "success" && facts.evaluateKind !== "" && facts.evaluateKind !== "submission")
    return null;
  const ours = (status, reason, dataset2) => entry(facts, config, { status, reason, dataset: dataset2, salt: `attempt-${facts.runAttempt}` });
  if (facts.evaluationJob === "cancelled") return ours("cancelled", "cancelled", defaultDataset(config));
  if (facts.evaluationJob !== "" && facts.evaluationJob !== "success")
    return ours("error", "internal_error", defaultDataset(config));
  if (!read.ok) return ours("error", "internal_error", defaultDataset(config));
  const wanted = defaultDataset(config);
  const dataset = read.result.test ? "test" : "smoke";
  const run = read.result.test ?? read.result.smoke;
  if (!run || run.dataset !== dataset) return ours("error", "internal_error", wanted);
  if (dataset !== wanted && run.status === "success") return ours("error", "internal_error", wanted);
  if (run.status === "error") return ours("error", run.reason ?? "internal_error", dataset);
  return entry(facts, config, {
    status: run.status,
    reason: run.reason,
    dataset,
    run,
    submissionHash: read.result.submission_hash ?? null,
    // Sealed with the private run only; a smoke verdict has no private scores.
    sealed: dataset === "test" && run.status === "success" ? read.result.sealed_private ?? null : null
  });
}
function entry(facts, config, v) {
  const run = v.run;
  return {
    version: RECORD_VERSION,
    evaluation_id: evaluationId({
      repository: facts.repository,
      pull_request: facts.pullRequest,
      head_sha: facts.headSha,
      dataset: v.dataset,
      run_id: facts.runId,
      ...v.salt ? { salt: v.salt } : {}
    }),
    rerun_of: null,
    kind: "submission",
    participant: { id: facts.participant.id, login: facts.participant.login },
    pull_request: facts.pullRequest,
    head_sha: facts.headSha,
    submission_hash: v.submissionHash ?? null,
    dataset: v.dataset,
    workflow_run: { id: facts.runId, attempt: facts.runAttempt },
    started_at: facts.startedAt.toISOString(),
    finished_at: facts.finishedAt.toISOString(),
    status: v.status,
    reason: v.reason === null ? null : v.reason.slice(0, 500),
    // What participants already see (the private run's shown split, only with show-private-scores), by metric.
    public_scores: run && v.status === "success" ? cleanScores(publicScoresOf(run, config)) : {},
    primary_metric: config.scoring.metric.key,
    sealed_private: v.sealed ?? null,
    duration_s: run?.duration_s ?? null,
    peak_memory_bytes: run?.peak_memory_bytes ?? null,
    image: run?.image ? run.image.slice(0, 300) : null,
    holdout_version: facts.holdoutVersion.slice(0, 64)
  };
}

// src/leaderboard/index.ts
function latestLogins(records) {
  const latest = /* @__PURE__ */ new Map();
  for (const r of records) {
    const at = Date.parse(r.finished_at);
    const seen = latest.get(r.participant.id);
    if (!seen || at >= seen.at) latest.set(r.participant.id, { login: r.participant.login, at });
  }
  return new Map([...latest].map(([id, v]) => [id, v.login]));
}
async function leaderboardFor(records, competition, inputs = {}) {
  const options = optionsFromCompetition(competition);
  const notes = [...inputs.notes ?? []];
  let selections;
  if (options.rule === "selected" && inputs.submissionsDir) {
    const read = await readSelections(
      inputs.submissionsDir,
      latestLogins(records),
      competition.leaderboard.selection_file
    );
    selections = read.selections;
    notes.push(...read.notes);
  }
  return buildLeaderboard(
    records,
    {
      ...options,
      ...selections ? { selections } : {},
      // The dataset verdicts are recorded on: the private run's, or the public sample's when there is none.
      dataset: inputs.dataset ?? defaultDataset(competition),
      notes,
      ...inputs.now ? { now: inputs.now } : {}
    },
    inputs.privateScores
  );
}
function placeFor(records, participantId, competition) {
  const { rule, metric, secondary, baselines, selectedMax } = optionsFromCompetition(competition);
  return placeOf(records, participantId, {
    rule,
    metric,
    dataset: defaultDataset(competition),
    ...secondary ? { secondary } : {},
    ...baselines ? { baselines } : {},
    ...selectedMax ? { selectedMax } : {}
  });
}
function placeText(place, format) {
  return `best public ${format(place.best)} \u2014 ${place.rank === null ? "baseline, not ranked" : `rank ${place.rank} of ${place.of}`}`;
}

export {
  stripControls,
  truncate,
  escapeText,
  codeBlock,
  logLine,
  resultsPublicKey,
  sealPrivateScores,
  sealErrorReport,
  buildLedgerEntry,
  formatScore,
  leaderboardMarkdown,
  writeLeaderboard,
  leaderboardFor,
  placeFor,
  placeText
};
