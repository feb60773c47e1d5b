import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  resolveFromCompetition
} from "./chunk-JQKPXPDF.js";
import {
  ConfigError,
  messageOf
} from "./chunk-XY6EIFX3.js";

// src/config/consistency.ts
import { realpath, stat as stat2 } from "node:fs/promises";
import path2 from "node:path";

// src/scoring/csv-scanner.ts
import { open } from "node:fs/promises";
var QUOTE = 34;
var COMMA = 44;
var LF = 10;
var CR = 13;
var MAX_FIELDS = 64;
var MAX_RECORD_BYTES = 16 * 1024 * 1024;
var CHUNK_BYTES = 1024 * 1024;
function fieldText(r, i) {
  const text = Buffer.from(r.buf.buffer, r.buf.byteOffset + r.starts[i], r.ends[i] - r.starts[i]).toString("utf8");
  return r.escaped[i] ? text.replaceAll('""', '"') : text;
}
function recordFields(r) {
  return Array.from({ length: Math.min(r.count, MAX_FIELDS) }, (_, i) => fieldText(r, i));
}
function recordStart(r) {
  const first = r.starts[0];
  return first > 0 && r.buf[first - 1] === QUOTE ? first - 1 : first;
}
function fieldBytes(r, i) {
  const raw = r.buf.subarray(r.starts[i], r.ends[i]);
  if (!r.escaped[i]) return raw;
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let j = 0; j < raw.length; j++) {
    out[n++] = raw[j];
    if (raw[j] === QUOTE && raw[j + 1] === QUOTE) j++;
  }
  return out.subarray(0, n);
}
var INCOMPLETE = -1;
var UNTERMINATED = -2;
var RecordParser = class {
  rec = {
    buf: new Uint8Array(0),
    starts: new Int32Array(MAX_FIELDS),
    ends: new Int32Array(MAX_FIELDS),
    escaped: new Uint8Array(MAX_FIELDS),
    count: 0,
    line: 1,
    complete: true
  };
  /** Line ends inside quoted fields of the last parsed record. */
  innerLines = 0;
  /**
   * Parse one record of d starting at pos. Returns the position after its line end,
   * INCOMPLETE when more data is needed, or UNTERMINATED at the end of the file inside quotes.
   */
  parse(d, pos, end, atEof) {
    const rec = this.rec;
    const starts = rec.starts;
    const ends = rec.ends;
    const escaped = rec.escaped;
    let n = 0;
    let p = pos;
    let inner = 0;
    rec.complete = true;
    for (; ; ) {
      let fieldStart;
      let fieldEnd;
      let hasEscapes = 0;
      if (p < end && d[p] === QUOTE) {
        let q = p + 1;
        fieldStart = q;
        for (; ; ) {
          if (q >= end) return atEof ? UNTERMINATED : INCOMPLETE;
          const c2 = d[q];
          if (c2 === QUOTE) {
            if (q + 1 >= end && !atEof) return INCOMPLETE;
            if (d[q + 1] === QUOTE) {
              hasEscapes = 1;
              q += 2;
              continue;
            }
            break;
          }
          if (c2 === LF) inner++;
          q++;
        }
        fieldEnd = q;
        p = q + 1;
        while (p < end) {
          const c2 = d[p];
          if (c2 === COMMA || c2 === LF || c2 === CR) break;
          p++;
          fieldEnd = p;
        }
      } else {
        let q = p;
        while (q < end) {
          const c2 = d[q];
          if (c2 === COMMA || c2 === LF || c2 === CR) break;
          q++;
        }
        fieldStart = p;
        fieldEnd = q;
        p = q;
      }
      if (n < MAX_FIELDS) {
        starts[n] = fieldStart;
        ends[n] = fieldEnd;
        escaped[n] = hasEscapes;
      }
      n++;
      if (p >= end) {
        if (!atEof) return INCOMPLETE;
        rec.count = n;
        rec.complete = false;
        this.innerLines = inner;
        return end;
      }
      const c = d[p];
      if (c === COMMA) {
        p++;
        continue;
      }
      rec.count = n;
      this.innerLines = inner;
      if (c === LF) return p + 1;
      if (p + 1 >= end && !atEof) return INCOMPLETE;
      return d[p + 1] === LF ? p + 2 : p + 1;
    }
  }
};
async function scanCsv(path3, onRecord) {
  const handle = await open(path3, "r");
  const parser = new RecordParser();
  const rec = parser.rec;
  let carry = new Uint8Array(0);
  let line = 1;
  let records = 0;
  let first = true;
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (; ; ) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      const atEof = bytesRead === 0;
      let data;
      if (carry.length === 0) data = chunk.subarray(0, bytesRead);
      else {
        data = new Uint8Array(carry.length + bytesRead);
        data.set(carry, 0);
        data.set(chunk.subarray(0, bytesRead), carry.length);
      }
      let pos = 0;
      if (first && data.length >= 3) {
        if (data[0] === 239 && data[1] === 187 && data[2] === 191) pos = 3;
        first = false;
      } else if (first && atEof) first = false;
      const end = data.length;
      rec.buf = data;
      while (pos < end) {
        const next = parser.parse(data, pos, end, atEof);
        if (next === INCOMPLETE) break;
        if (next === UNTERMINATED) return { kind: "unterminated_quote", line, records };
        rec.line = line;
        line += 1 + parser.innerLines;
        if (!rec.complete) line--;
        pos = next;
        if (rec.count === 1 && rec.ends[0] === rec.starts[0] && data[rec.starts[0]] !== QUOTE && data[rec.starts[0] - 1] !== QUOTE)
          continue;
        records++;
        if (onRecord(rec) === false) return { kind: "stopped", records };
      }
      if (atEof) return { kind: "done", records };
      carry = new Uint8Array(end - pos);
      carry.set(data.subarray(pos));
      if (carry.length > MAX_RECORD_BYTES) return { kind: "unterminated_quote", line, records };
    }
  } finally {
    await handle.close();
  }
}

// src/scoring/ranking-inputs.ts
import path from "node:path";

// src/scoring/labels.ts
import { open as open2, stat } from "node:fs/promises";

// src/scoring/id-index.ts
var EMPTY = 0;
var LOOKAHEAD_LINES = 128;
var LOOKAHEAD_MAX_LINE = 4096;
var QUOTE2 = 34;
var COMMA2 = 44;
var LF2 = 10;
var CR2 = 13;
function hashBytes(b, start, end) {
  let h = 2166136261;
  for (let i = start; i < end; i++) {
    h ^= b[i];
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h | 0;
}
var IdIndex = class {
  arena;
  arenaUsed = 0;
  /** While every id has the same length: that length (-1 before the first id). */
  fixedLength = -1;
  /** Once lengths differ: id i occupies arena[offsets[i] .. offsets[i + 1]). Null while they do not. */
  offsets = null;
  /** Rows to make room for when the offsets table is created. */
  maxRows;
  /**
   * A used slot holds (hash & ~mask) | (row + 1): the tag in the high bits, the row in the
   * low ones. row + 1 always fits under the mask because the table is kept under 70% full.
   */
  slots;
  mask;
  size = 0;
  /** Rows found by the last `warm` call (-1: not there), for callers that want to warm their own per-row arrays. */
  aheadRows = new Int32Array(LOOKAHEAD_LINES);
  aheadStarts = new Int32Array(LOOKAHEAD_LINES);
  aheadEnds = new Int32Array(LOOKAHEAD_LINES);
  aheadHashes = new Int32Array(LOOKAHEAD_LINES);
  /** Where the loaded values go, so that the touching loads are not optimized away. */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: written and never read, on purpose: the loads above must not be optimized away
  sink = 0;
  /** maxRows and maxIdBytes are upper bounds; more still works (by growing), just slower. */
  constructor(maxRows, maxIdBytes) {
    this.arena = new Uint8Array(Math.max(1024, maxIdBytes));
    this.maxRows = maxRows;
    let capacity = 1024;
    while (capacity * 0.7 < maxRows) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }
  /** Add an id; returns its row number, or -(existing row + 1) when it is already there. */
  add(b, start, end) {
    const hash = hashBytes(b, start, end);
    const found = this.probe(b, start, end, hash);
    if (found >= 0) return -(found + 1);
    if ((this.size + 1) * 10 > this.slots.length * 7) this.grow();
    const row = this.size;
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    if (this.fixedLength === -1) this.fixedLength = length;
    if (this.offsets === null && length !== this.fixedLength) this.offsets = this.offsetsOfFixedLayout();
    const arena = this.arena;
    let at = this.arenaUsed;
    for (let i = start; i < end; i++) arena[at++] = b[i];
    this.arenaUsed = at;
    let offsets = this.offsets;
    if (offsets !== null) {
      if (row + 2 > offsets.length) {
        const bigger = new Uint32Array(offsets.length * 2);
        bigger.set(offsets);
        this.offsets = offsets = bigger;
      }
      offsets[row + 1] = at;
    }
    this.insertSlot(row, hash);
    this.size++;
    return row;
  }
  /** Row number of the id, or -1. */
  find(b, start, end) {
    return this.probe(b, start, end, hashBytes(b, start, end));
  }
  /** The id of a row, as text (for messages). */
  idAt(row) {
    const at = this.idStart(row);
    return Buffer.from(this.arena.buffer, at, this.idEnd(row) - at).toString("utf8");
  }
  /** Whether ids have needed the offsets table (they are not all of one length). Exposed for tests. */
  get variableLength() {
    return this.offsets !== null;
  }
  idStart(row) {
    return this.offsets === null ? row * this.fixedLength : this.offsets[row];
  }
  idEnd(row) {
    return this.offsets === null ? (row + 1) * this.fixedLength : this.offsets[row + 1];
  }
  /** The offsets table for the ids added so far, all of length fixedLength. */
  offsetsOfFixedLayout() {
    const offsets = new Uint32Array(Math.max(1024, this.maxRows + 2, this.size + 2));
    for (let row = 0; row <= this.size; row++) offsets[row] = row * this.fixedLength;
    return offsets;
  }
  /**
   * Look ahead: read the ids of the next lines of `b` (from `from`, a line start, to `end`;
   * the id is field `field` of each line) and touch the slots, offsets and id bytes their
   * lookups will read, stage by stage. Returns the position after the last line looked at
   * (`from` when not even one whole line was there).
   *
   * Only a cache warm-up: lines it cannot read simply (a quoted field, a very long line) are
   * skipped or end the look-ahead, and a wrong guess costs time, never a wrong answer.
   */
  warm(b, from, end, field) {
    const starts = this.aheadStarts;
    const ends = this.aheadEnds;
    const hashes = this.aheadHashes;
    const rows = this.aheadRows;
    let n = 0;
    let p = from;
    while (n < LOOKAHEAD_LINES && p < end) {
      const lineStart = p;
      const limit = Math.min(end, p + LOOKAHEAD_MAX_LINE);
      for (let skip = field; skip > 0 && p < limit && b[p] !== LF2; p++) if (b[p] === COMMA2) skip--;
      const idStart = p;
      while (p < limit) {
        const c = b[p];
        if (c === COMMA2 || c === LF2 || c === CR2 || c === QUOTE2) break;
        p++;
      }
      const idEnd = p;
      while (p < limit && b[p] !== LF2) p++;
      if (p >= limit) {
        p = lineStart;
        break;
      }
      p++;
      if (b[idEnd] === QUOTE2 || idStart === idEnd) continue;
      starts[n] = idStart;
      ends[n] = idEnd;
      hashes[n] = hashBytes(b, idStart, idEnd);
      n++;
    }
    const slots = this.slots;
    const mask = this.mask;
    const offsets = this.offsets;
    const arena = this.arena;
    let sink = 0;
    for (let i = 0; i < n; i++) sink += slots[hashes[i] & mask];
    for (let i = 0; i < n; i++) {
      const hash = hashes[i];
      const tag = hash & ~mask;
      let slot = hash & mask;
      let row = -1;
      for (; ; ) {
        const entry = slots[slot];
        if (entry === EMPTY) break;
        if ((entry & ~mask) === tag) {
          row = (entry & mask) - 1;
          break;
        }
        slot = slot + 1 & mask;
      }
      rows[i] = row;
    }
    if (offsets !== null) {
      for (let i = 0; i < n; i++) {
        const row = rows[i];
        if (row >= 0) sink += offsets[row];
      }
    }
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row >= 0) sink += arena[this.idStart(row)];
    }
    this.sink = sink;
    return { to: p, lines: n };
  }
  /** Row of the id with this hash, or -1. Only ids whose slot tag matches are compared byte by byte. */
  probe(b, start, end, hash) {
    const length = end - start;
    const arena = this.arena;
    const offsets = this.offsets;
    const slots = this.slots;
    const mask = this.mask;
    const tag = hash & ~mask;
    let slot = hash & mask;
    for (; ; ) {
      const entry = slots[slot];
      if (entry === EMPTY) return -1;
      if ((entry & ~mask) === tag) {
        const row = (entry & mask) - 1;
        const at = offsets === null ? row * this.fixedLength : offsets[row];
        const idLength = offsets === null ? this.fixedLength : offsets[row + 1] - at;
        if (idLength === length) {
          let i = 0;
          while (i < length && arena[at + i] === b[start + i]) i++;
          if (i === length) return row;
        }
      }
      slot = slot + 1 & mask;
    }
  }
  insertSlot(row, hash) {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    while (slots[slot] !== EMPTY) slot = slot + 1 & mask;
    slots[slot] = hash & ~mask | row + 1;
  }
  grow() {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let row = 0; row < this.size; row++)
      this.insertSlot(row, hashBytes(this.arena, this.idStart(row), this.idEnd(row)));
  }
};

// src/scoring/parse-number.ts
var POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
var DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
function parseNumberBytes(b, start, end) {
  let i = start;
  let negative = false;
  const first = b[i];
  if (first === 45) {
    negative = true;
    i++;
  } else if (first === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let sawDot = false;
  for (; i < end; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (sawDot) fraction++;
    } else if (c === 46 && !sawDot) sawDot = true;
    else break;
  }
  if (i === end && digits > 0 && digits <= 15) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
    return negative ? -value : value;
  }
  return parseNumberText(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("latin1"));
}
function parseNumberText(text) {
  const t = text.trim();
  if (!DECIMAL.test(t)) return NaN;
  const value = Number(t);
  return Number.isFinite(value) ? value : NaN;
}
function classifyNonNumber(text) {
  const t = text.trim();
  if (t === "") return "empty_value";
  if (/^[+-]?nan$/i.test(t)) return "nan";
  if (/^[+-]?(inf|infinity)$/i.test(t)) return "infinite";
  if (DECIMAL.test(t)) return "infinite";
  return "not_a_number";
}

// src/scoring/problems.ts
var EXAMPLES_PER_KIND = 5;
var PROBLEM_KINDS = {
  field_count: ["row with the wrong number of fields", "rows with the wrong number of fields"],
  empty_id: ["empty id", "empty ids"],
  unknown_id: ["extra id (not in the test set)", "extra ids (not in the test set)"],
  duplicate_id: ["duplicated id", "duplicated ids"],
  missing_id: ["missing id", "missing ids"],
  empty_value: ["empty value", "empty values"],
  not_a_number: ["value that is not a number", "values that are not numbers"],
  nan: ["NaN value", "NaN values"],
  infinite: ["infinite value", "infinite values"],
  out_of_range: ["value out of range", "values out of range"],
  unknown_query: ["unknown query", "unknown queries"],
  too_many_results: ["query with too many results", "queries with too many results"],
  duplicate_result: ["duplicated result", "duplicated results"],
  self_result: ["query that returns itself", "results that are the query itself"],
  not_in_database: ["result outside the query's database", "results outside their query's database"]
};
var ProblemLog = class {
  counts = /* @__PURE__ */ new Map();
  examples = [];
  /** Count a problem; `describe` is called only for the first few of each kind. */
  add(kind, describe) {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= EXAMPLES_PER_KIND) this.examples.push(describe());
  }
  count(kind) {
    return this.counts.get(kind) ?? 0;
  }
  get empty() {
    return this.counts.size === 0;
  }
  /** "2 missing ids, 1 duplicated id" in the order the kinds are declared. */
  summary() {
    const parts = [];
    for (const kind of Object.keys(PROBLEM_KINDS)) {
      const count = this.counts.get(kind);
      if (!count) continue;
      const [one, many] = PROBLEM_KINDS[kind];
      parts.push(`${count.toLocaleString("en-US")} ${count === 1 ? one : many}`);
    }
    return parts.join(", ");
  }
  /** The examples, each naming its line (first EXAMPLES_PER_KIND of each kind, with a note when more were left out). */
  list() {
    const more = [];
    for (const [kind, count] of this.counts) {
      if (count > EXAMPLES_PER_KIND)
        more.push(`\u2026 and ${(count - EXAMPLES_PER_KIND).toLocaleString("en-US")} more ${PROBLEM_KINDS[kind][1]}`);
    }
    return [...this.examples, ...more];
  }
};
function show(text) {
  const cut = text.length > 40 ? `${text.slice(0, 40)}\u2026` : text;
  return JSON.stringify(cut);
}

// src/scoring/labels.ts
var LabelsError = class extends Error {
  name = "LabelsError";
};
async function countLineEnds(path3) {
  const handle = await open2(path3, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let count = 0;
    for (; ; ) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return count;
      let at = chunk.indexOf(10, 0);
      while (at !== -1 && at < bytesRead) {
        count++;
        at = chunk.indexOf(10, at + 1);
      }
    }
  } finally {
    await handle.close();
  }
}
function categoryBuilder(maxRows) {
  const byName = /* @__PURE__ */ new Map();
  const names = [];
  const ofRow = new Int32Array(maxRows);
  return {
    set(row, name) {
      let index = byName.get(name);
      if (index === void 0) {
        index = names.length;
        byName.set(name, index);
        names.push(name);
      }
      ofRow[row] = index;
    },
    done(rows) {
      return { names, ofRow: ofRow.subarray(0, rows) };
    }
  };
}
async function loadLabels(path3, layout) {
  let size;
  try {
    size = (await stat(path3)).size;
  } catch {
    throw new LabelsError(
      `the labels file ${path3} cannot be read: check datasets.<name>.labels in competition.yml and that the file is on this machine`
    );
  }
  const maxRows = await countLineEnds(path3) + 1;
  const ids = new IdIndex(maxRows, size);
  const targets = layout.targetColumns.map(() => new Float64Array(maxRows));
  const split = layout.splitColumn ? categoryBuilder(maxRows) : void 0;
  const groups = new Map(layout.groupColumns.map((c) => [c, categoryBuilder(maxRows)]));
  let idAt = -1;
  let splitAt = -1;
  let targetAt = [];
  let groupAt = [];
  let width = 0;
  let problem;
  let headerSeen = false;
  const readHeader2 = (r) => {
    const header = recordFields(r);
    const indexOf = (column) => {
      const at = header.indexOf(column);
      if (at === -1)
        problem = `the labels file ${path3} has no column "${column}" (its header: ${header.join(",")}); fix the labels file or scoring: in competition.yml`;
      return at;
    };
    idAt = indexOf(layout.idColumn);
    targetAt = layout.targetColumns.map(indexOf);
    splitAt = layout.splitColumn ? indexOf(layout.splitColumn) : -1;
    groupAt = layout.groupColumns.map(indexOf);
    width = r.count;
    return problem === void 0;
  };
  let aheadBuf;
  let aheadTo = 0;
  const end = await scanCsv(path3, (r) => {
    if (!headerSeen) {
      headerSeen = true;
      return readHeader2(r);
    }
    if (r.count !== width) {
      problem = `labels file ${path3}, line ${r.line}: ${r.count} fields where the header has ${width}`;
      return false;
    }
    if (r.buf !== aheadBuf || r.starts[0] >= aheadTo) {
      aheadBuf = r.buf;
      aheadTo = ids.warm(r.buf, recordStart(r), r.buf.length, idAt).to;
    }
    let idBuf = r.buf;
    let idStart = r.starts[idAt];
    let idEnd = r.ends[idAt];
    if (r.escaped[idAt]) {
      idBuf = fieldBytes(r, idAt);
      idStart = 0;
      idEnd = idBuf.length;
    }
    if (idEnd === idStart) {
      problem = `labels file ${path3}, line ${r.line}: empty id`;
      return false;
    }
    const row = ids.add(idBuf, idStart, idEnd);
    if (row < 0) {
      problem = `labels file ${path3}, line ${r.line}: id ${show(fieldText(r, idAt))} appears twice; every id must be unique in the labels`;
      return false;
    }
    for (let t = 0; t < targetAt.length; t++) {
      const at = targetAt[t];
      const value = parseNumberBytes(r.buf, r.starts[at], r.ends[at]);
      if (Number.isNaN(value)) {
        problem = `labels file ${path3}, line ${r.line}, column ${layout.targetColumns[t]}: ${show(fieldText(r, at))} is not a finite number`;
        return false;
      }
      targets[t][row] = value;
    }
    if (split) {
      const name = fieldText(r, splitAt);
      if (name === "") {
        problem = `labels file ${path3}, line ${r.line}: the split column ${layout.splitColumn} is empty; every row needs a split`;
        return false;
      }
      split.set(row, name);
    }
    for (let g = 0; g < groupAt.length; g++) groups.get(layout.groupColumns[g]).set(row, fieldText(r, groupAt[g]));
    return true;
  });
  if (end.kind === "unterminated_quote")
    throw new LabelsError(`labels file ${path3}, line ${end.line}: a quoted field never closes`);
  if (problem) throw new LabelsError(problem);
  if (!headerSeen) throw new LabelsError(`the labels file ${path3} is empty`);
  const rows = ids.size;
  if (rows === 0) throw new LabelsError(`the labels file ${path3} has a header but no rows`);
  return {
    rows,
    ids,
    targets: targets.map((t) => t.subarray(0, rows)),
    split: split?.done(rows),
    groups: new Map([...groups].map(([c, b]) => [c, b.done(rows)]))
  };
}

// src/scoring/ranking-inputs.ts
var RankingFileError = class extends LabelsError {
  constructor(keyPath, detail) {
    super(`${keyPath.join(".")}: ${detail}`);
    this.keyPath = keyPath;
    this.detail = detail;
  }
  keyPath;
  detail;
};
var IMAGE_COLUMN = "query_image_id";
async function readTable(file, keyPath, where, required, optional = []) {
  const fail = (detail) => {
    throw new RankingFileError(keyPath, `${where}${detail}`);
  };
  const header = [...required, ...optional.map((c) => `[${c}]`)].join(",").replace(",[", "[,");
  const rows = [];
  let at;
  let has = [];
  let missing = [];
  let seen = [];
  const end = await scanCsv(file, (r) => {
    const fields = recordFields(r);
    if (!at) {
      seen = fields;
      at = [...required, ...optional].map((c) => fields.indexOf(c));
      missing = required.filter((_, i) => at[i] === -1);
      has = optional.map((_, i) => at[required.length + i] !== -1);
      return missing.length === 0;
    }
    rows.push({ line: r.line, values: at.map((i) => i === -1 ? "" : fields[i] ?? "") });
    return true;
  }).catch(
    () => fail(
      `${file} does not exist or cannot be read on this machine: put the file there, or ${where ? "fix that row of query_scenarios.csv" : "write its path in competition.yml"}`
    )
  );
  if (end.kind === "unterminated_quote")
    fail(`${file}, line ${end.line}: a quoted field never closes; close the quote`);
  if (!at) fail(`${file} is empty: its first line must be the header ${header}`);
  if (missing.length > 0)
    fail(
      `${file} has no column ${missing.map((c) => `"${c}"`).join(", ")} (its header: ${seen.join(",")}); its header must hold ${header}`
    );
  return { rows, has };
}
function scenarioPath(written, scenariosFile, mount) {
  if (written === "") return { problem: "is empty; write the path of the file" };
  if (!path.posix.isAbsolute(written)) return path.resolve(path.dirname(scenariosFile), written);
  if (mount && (written === mount.container || written.startsWith(`${mount.container}/`))) {
    return path.join(mount.host, written.slice(mount.container.length));
  }
  return {
    problem: `is an absolute path outside the data folder the sandbox sees (${mount?.container ?? "container.data_dir"}); write it relative to the folder of query_scenarios.csv (e.g. queries/scenario01.csv)`
  };
}
async function loadQuerySpace(files, columns) {
  if (files.scenarios) return loadScenarios(files, files.scenarios, columns);
  if (!files.queries) return void 0;
  const queriesKey = [...files.key.split("."), "queries"];
  const databaseOf = /* @__PURE__ */ new Map();
  const firstLine = /* @__PURE__ */ new Map();
  const queries = await readTable(files.queries, queriesKey, "", [columns.query, "database"]);
  for (const {
    line,
    values: [query, database]
  } of queries.rows) {
    const before = firstLine.get(query);
    if (before !== void 0) {
      throw new RankingFileError(
        queriesKey,
        `${files.queries}, line ${line}: query ${show(query)} is listed again (first on line ${before}); list each query once, with its database`
      );
    }
    firstLine.set(query, line);
    databaseOf.set(query, database);
  }
  let databases;
  if (files.databases) {
    databases = /* @__PURE__ */ new Map();
    const table = await readTable(files.databases, [...files.key.split("."), "databases"], "", [
      "database",
      columns.result
    ]);
    for (const {
      values: [database, result]
    } of table.rows) {
      let set = databases.get(database);
      if (!set) {
        set = /* @__PURE__ */ new Set();
        databases.set(database, set);
      }
      set.add(result);
    }
  }
  return { databaseOf, databases, imageOf: void 0, listedIn: `${queriesKey.join(".")} (${files.queries})` };
}
async function loadScenarios(files, scenariosFile, columns) {
  const key = [...files.key.split("."), "scenarios"];
  const table = await readTable(scenariosFile, key, "", ["scenario_id", "queries_path", "database_path"]);
  const databaseOf = /* @__PURE__ */ new Map();
  const databases = /* @__PURE__ */ new Map();
  const imageOf = /* @__PURE__ */ new Map();
  let anyImage = false;
  const scenarioLine = /* @__PURE__ */ new Map();
  for (const {
    line,
    values: [scenario, queriesPath, databasePath]
  } of table.rows) {
    const at = `${scenariosFile}, line ${line}`;
    if (scenario === "") throw new RankingFileError(key, `${at}: scenario_id is empty; name the scenario`);
    const before = scenarioLine.get(scenario);
    if (before !== void 0)
      throw new RankingFileError(
        key,
        `${at}: scenario ${show(scenario)} is listed again (first on line ${before}); list each scenario once`
      );
    scenarioLine.set(scenario, line);
    const resolve = (column, written) => {
      const p = scenarioPath(written, scenariosFile, files.dataMount);
      if (typeof p !== "string") throw new RankingFileError(key, `${at}: ${column} ${show(written)} ${p.problem}`);
      return p;
    };
    const queriesFile = resolve("queries_path", queriesPath);
    const databaseFile = resolve("database_path", databasePath);
    const where = `${at} (scenario ${show(scenario)}): `;
    const queries = await readTable(queriesFile, key, `${where}queries_path `, [columns.query], [IMAGE_COLUMN]);
    anyImage ||= queries.has[0];
    for (const {
      line: queryLine,
      values: [query, image]
    } of queries.rows) {
      const other = databaseOf.get(query);
      if (other !== void 0) {
        throw new RankingFileError(
          key,
          `${where}${queriesFile}, line ${queryLine}: query ${show(query)} is also in scenario ${show(other)}; a query id must be unique across scenarios (DrivenData prefixes it with the scenario)`
        );
      }
      databaseOf.set(query, scenario);
      if (queries.has[0] && image !== "") imageOf.set(query, image);
    }
    const database = await readTable(databaseFile, key, `${where}database_path `, [columns.result]);
    databases.set(scenario, new Set(database.rows.map((r) => r.values[0])));
  }
  return {
    databaseOf,
    databases,
    imageOf: anyImage ? imageOf : void 0,
    listedIn: `${key.join(".")} (${scenariosFile})`
  };
}

// src/scoring/dataset.ts
function scoringForDataset(competition, name) {
  const { config } = competition;
  const dataset = config.datasets[name];
  const scoring = config.scoring;
  if (!dataset) return scoring;
  const own = dataset.ranking;
  const ranking = scoring.ranking && own ? {
    ...scoring.ranking,
    queries: own.queries,
    databases: own.databases,
    scenarios: own.scenarios,
    files_key: `datasets.${name}.ranking`
  } : scoring.ranking;
  return {
    ...scoring,
    ranking,
    dataset: {
      name,
      data: resolveFromCompetition(competition.dir, dataset.data),
      data_in_container: config.container.data_dir
    }
  };
}
function rankingFilesOf(scoring, competitionDir) {
  const ranking = scoring.ranking;
  if (!ranking) return void 0;
  const resolve = (p) => p ? resolveFromCompetition(competitionDir, p) : void 0;
  return {
    queries: resolve(ranking.queries),
    databases: resolve(ranking.databases),
    scenarios: resolve(ranking.scenarios),
    key: ranking.files_key,
    dataMount: scoring.dataset ? { container: scoring.dataset.data_in_container, host: scoring.dataset.data } : void 0
  };
}
async function rankingProblems(c, name) {
  const scoring = scoringForDataset(c, name);
  const files = rankingFilesOf(scoring, c.dir);
  if (!files) return [];
  try {
    await loadQuerySpace(files, { query: scoring.id_column, result: scoring.columns[0] });
    return [];
  } catch (e) {
    if (e instanceof RankingFileError) return [`${c.at(e.keyPath)}${e.detail}`];
    throw e;
  }
}

// src/config/consistency.ts
var SHOWN_VALUES = 10;
var MAX_VALUES = 1e3;
async function checkCompetitionData(c) {
  const out = { problems: [], notes: [], ready: {} };
  for (const name of ["smoke", "test"]) {
    if (!c.config.datasets[name]) continue;
    const one = await checkDataset(c, name, { required: name === "smoke", data: true });
    out.problems.push(...one.problems);
    out.notes.push(...one.notes);
    if (one.ready) out.ready[name] = one.ready;
  }
  return out;
}
async function prepareDataset(c, name, opts = {}) {
  if (!c.config.datasets[name]) {
    throw new ConfigError(
      `competition.yml has no datasets.${name}; the datasets it has: ${Object.keys(c.config.datasets).join(", ")}. Use --dataset smoke, or add datasets.${name} (docs/config.md)`
    );
  }
  const one = await checkDataset(c, name, { required: true, data: opts.data ?? true });
  if (one.problems.length > 0 || !one.ready) throw mismatch(one.problems);
  return one.ready;
}
function mismatch(problems) {
  return new ConfigError(
    `competition.yml does not match the data on this machine (${problems.length} problem${problems.length > 1 ? "s" : ""}):
  ${problems.join("\n  ")}`,
    problems
  );
}
async function kindOf(p) {
  try {
    return (await stat2(p)).isDirectory() ? "folder" : "file";
  } catch {
    return "missing";
  }
}
function shownPath(written, resolved) {
  return path2.isAbsolute(written) ? resolved : `${written} (${resolved})`;
}
async function checkDataset(c, name, opts) {
  const written = c.config.datasets[name];
  const data = resolveFromCompetition(c.dir, written.data);
  const labels = resolveFromCompetition(c.dir, written.labels);
  const dataKey = ["datasets", name, "data"];
  const labelsKey = ["datasets", name, "labels"];
  const [dataKind, labelsKind] = await Promise.all([opts.data ? kindOf(data) : "folder", kindOf(labels)]);
  const problems = [];
  const notes = [];
  if ((dataKind === "missing" || !opts.data) && labelsKind === "missing" && name === "test") {
    const where = opts.data ? `${shownPath(written.data, data)} and ${shownPath(written.labels, labels)}` : shownPath(written.labels, labels);
    if (!opts.required) {
      notes.push(
        `datasets.test is not on this machine (${where}): it is checked where the private data lives; run holdout check-config on the evaluation runner`
      );
      return { problems, notes };
    }
    problems.push(
      `${c.at(["datasets", "test"])}the private test data is not on this machine (${where} ${opts.data ? "do" : "does"} not exist): run --dataset test on the evaluation runner that holds it, or use --dataset smoke here`
    );
    return { problems, notes };
  }
  const sample = name === "smoke" ? "the public sample" : "the private test data";
  if (dataKind === "missing") {
    problems.push(
      `${c.at(dataKey)}the folder ${shownPath(written.data, data)} does not exist: put ${sample} there (it is mounted read-only at ${c.config.container.data_dir}), or write the folder that holds it`
    );
  } else if (dataKind === "file") {
    problems.push(
      `${c.at(dataKey)}${shownPath(written.data, data)} is a file, not a folder: write the folder that is mounted at ${c.config.container.data_dir}`
    );
  }
  const header = neededHeader(c.config.scoring, name === "test");
  if (labelsKind === "missing") {
    problems.push(
      `${c.at(labelsKey)}the file ${shownPath(written.labels, labels)} does not exist: put the labels there (a CSV whose header holds ${header}), or write the path of the labels file`
    );
  } else if (labelsKind === "folder") {
    problems.push(
      `${c.at(labelsKey)}${shownPath(written.labels, labels)} is a folder: write the path of the labels CSV (its header holds ${header})`
    );
  }
  if (opts.data && dataKind === "folder" && labelsKind === "file" && await inside(labels, data)) {
    problems.push(
      `${c.at(labelsKey)}${written.labels} is inside datasets.${name}.data (${written.data}), which is mounted into the sandbox where the submission can read it: move the labels out of that folder and write their new path here`
    );
  }
  if (problems.length > 0 || labelsKind !== "file") return { problems, notes };
  const scoring = await checkLabels(c, name, labels, problems, notes);
  problems.push(...await rankingProblems(c, name));
  if (problems.length > 0 || !scoring) return { problems, notes };
  return { problems, notes, ready: { name, data, labels, scoring } };
}
async function inside(file, folder) {
  const [f, d] = await Promise.all([realpath(file), realpath(folder)]);
  return f === d || f.startsWith(d + path2.sep);
}
function neededColumns(scoring) {
  const id = { column: scoring.id_column, key: ["scoring", "id_column"], why: "it identifies each row" };
  if (scoring.ranking) {
    return [
      { ...id, why: "it names each query" },
      { column: scoring.columns[0], key: ["scoring", "columns"], why: "it holds the true results of each query" }
    ];
  }
  if (scoring.columns.length === 0) return [];
  const groups = [];
  [scoring.metric, ...scoring.secondary].forEach((m, i) => {
    if (m.kind === "builtin" && m.by && !groups.some((g) => g.column === m.by)) {
      groups.push({
        column: m.by,
        key: i === 0 ? ["scoring", "metric", "by"] : ["scoring", "secondary", i - 1, "by"],
        why: `${m.key} is computed per group of this column`
      });
    }
  });
  return [
    id,
    ...scoring.columns.map((column) => ({
      column,
      key: ["scoring", "columns"],
      why: "the metrics compare the predictions with it"
    })),
    ...groups
  ];
}
function neededHeader(scoring, withSplit) {
  const columns = neededColumns(scoring).map((n) => n.column);
  if (scoring.split && columns.length > 0) columns.push(withSplit ? scoring.split.column : `[${scoring.split.column}]`);
  return columns.length > 0 ? columns.join(",").replace(",[", "[,") : "the columns your scorer reads";
}
async function readHeader(file) {
  let header;
  await scanCsv(file, (r) => {
    header = recordFields(r);
    return false;
  });
  return header;
}
function nearMatch(column, header) {
  const norm = (s) => s.trim().toLowerCase();
  return header.find((h) => h !== column && norm(h) === norm(column));
}
async function checkLabels(c, name, file, problems, notes) {
  const scoring = scoringForDataset(c, name);
  const labelsKey = ["datasets", name, "labels"];
  const written = c.config.datasets[name].labels;
  const needed = neededColumns(scoring);
  if (needed.length === 0) return scoring;
  let header;
  try {
    header = await readHeader(file);
  } catch (e) {
    problems.push(
      `${c.at(labelsKey)}${written} cannot be read (${messageOf(e)}): make it readable by the user that runs holdout`
    );
    return void 0;
  }
  if (!header) {
    problems.push(
      `${c.at(labelsKey)}${written} is empty: its first line must be the header ${neededHeader(scoring, name === "test")}`
    );
    return void 0;
  }
  const theFile = `the labels file ${written} (datasets.${name}.labels)`;
  const its = `its header: ${header.join(",")}`;
  for (const n of needed) {
    if (header.includes(n.column)) continue;
    const near = nearMatch(n.column, header);
    const key = n.key.join(".");
    const fix = near ? `rename that column to ${n.column}, or write ${n.key.at(-1) === "id_column" ? `id_column: ${near}` : `${near} in ${key}`}` : `add the column to the labels, or write in ${key} the name of the labels column that holds it`;
    problems.push(`${c.at(n.key)}${theFile} has no column "${n.column}" (${its}); ${n.why}: ${fix}`);
  }
  if (problems.length > 0 || !scoring.split) return scoring;
  const split = scoring.split;
  const splitAt = header.indexOf(split.column);
  if (splitAt === -1) {
    const near = nearMatch(split.column, header);
    if (name === "smoke") {
      notes.push(
        `${written} has no split column "${split.column}" (scoring.split.column): the smoke run is scored on all its rows, with no split${near ? ` (did you mean its column "${near}"?)` : ""}; the split applies to the test labels`
      );
      return { ...scoring, split: void 0 };
    }
    problems.push(
      `${c.at(["scoring", "split", "column"])}${theFile} has no column "${split.column}" (${its}); the test labels must name each row's split (e.g. Public or Private) there, or the hidden split would be scored in the open: ${near ? `rename that column to ${split.column}, or write column: ${near}` : `add the column, or write in scoring.split.column the labels column that holds the split`}`
    );
    return void 0;
  }
  const values = await splitValues(file, splitAt, split.show);
  const unknown = split.show.filter((s) => !values.names.includes(s));
  if (unknown.length > 0) {
    const many = values.names.length > SHOWN_VALUES || values.more;
    const listed = many ? `more than ${SHOWN_VALUES} distinct values (is it the split column?)` : values.names.join(", ");
    const fixed = split.show.map((s) => values.names.includes(s) ? s : nearMatch(s, values.names) ?? s);
    const fixable = fixed.every((s) => values.names.includes(s));
    problems.push(
      `${c.at(["scoring", "split", "show"])}${unknown.map((s) => `"${s}"`).join(", ")} ${unknown.length > 1 ? "are not values" : "is not a value"} of the split column ${split.column} in ${written} (datasets.${name}.labels), which holds ${listed}: ` + (fixable ? `write show: [${fixed.join(", ")}] (split names are case-sensitive)` : `write in show the splits participants may see, from those values`) + (name === "smoke" ? `, or leave the column out of the smoke labels to score the smoke run whole` : "")
    );
    return void 0;
  }
  return scoring;
}
async function splitValues(file, at, show2) {
  const seen = /* @__PURE__ */ new Set();
  const missing = new Set(show2);
  let more = false;
  let first = true;
  await scanCsv(file, (r) => {
    if (first) {
      first = false;
      return true;
    }
    if (at >= r.count) return true;
    const value = fieldText(r, at);
    if (value === "" || seen.has(value)) return true;
    if (seen.size >= MAX_VALUES && !missing.has(value)) more = true;
    else seen.add(value);
    missing.delete(value);
    return missing.size > 0;
  });
  return { names: [...seen], more };
}

export {
  fieldText,
  recordFields,
  recordStart,
  fieldBytes,
  scanCsv,
  parseNumberBytes,
  classifyNonNumber,
  ProblemLog,
  show,
  LabelsError,
  loadLabels,
  loadQuerySpace,
  rankingFilesOf,
  checkCompetitionData,
  prepareDataset,
  mismatch
};
