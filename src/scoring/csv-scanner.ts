/**
 * A streaming, byte-level CSV record scanner (RFC 4180 plus the usual variants).
 *
 * Why not csv-parse: scoring reads tens of millions of rows, and building a string
 * per field costs more than the scoring itself. This scanner hands out byte offsets
 * into the chunk it is reading; callers turn only the fields they need into numbers
 * or look ids up as bytes. Memory stays at one chunk plus one record, whatever the file size.
 *
 * Handles: quoted fields with commas, quotes ("") and line ends inside; a UTF-8 BOM;
 * LF and CRLF line ends; a last line without a line end (reported as `complete: false`
 * so a cut-off file can be named as such); blank lines (skipped).
 */
import { open } from 'node:fs/promises';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Fields kept per record; a record with more still reports its real `count`. */
export const MAX_FIELDS = 64;
/** A record longer than this is rejected: almost always a quote opened and never closed. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** One record. Valid only during the callback: the scanner reuses it and its buffer. */
export interface CsvRecord {
  /** Bytes the offsets point into. */
  buf: Uint8Array;
  /** Field i spans buf[starts[i] .. ends[i]), quotes excluded. */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when field i was quoted and holds doubled quotes ("") that must be unescaped. */
  escaped: Uint8Array;
  /** Number of fields in the record (may exceed MAX_FIELDS; only the first MAX_FIELDS are kept). */
  count: number;
  /** Physical line (1-based) where the record starts: what an editor shows. */
  line: number;
  /** False for a last record that ended without a line end. */
  complete: boolean;
}

export type ScanEnd =
  | { kind: 'done'; records: number }
  /** A quoted field opened on `line` never closes (or the record grew past MAX_RECORD_BYTES). */
  | { kind: 'unterminated_quote'; line: number; records: number }
  /** The callback asked to stop. */
  | { kind: 'stopped'; records: number };

/** Text of field i (unescaping doubled quotes); use only where a string is needed. */
export function fieldText(r: CsvRecord, i: number): string {
  const text = Buffer.from(r.buf.buffer, r.buf.byteOffset + r.starts[i]!, r.ends[i]! - r.starts[i]!).toString('utf8');
  return r.escaped[i] ? text.replaceAll('""', '"') : text;
}

/** Every kept field of a record as text (for header lines, not the per-row hot path). */
export function recordFields(r: CsvRecord): string[] {
  return Array.from({ length: Math.min(r.count, MAX_FIELDS) }, (_, i) => fieldText(r, i));
}

/** Offset in `buf` where the record starts (its first field, or that field's opening quote). */
export function recordStart(r: CsvRecord): number {
  const first = r.starts[0]!;
  // A quoted first field starts one byte earlier; an unquoted one follows a line end or the file start.
  return first > 0 && r.buf[first - 1] === QUOTE ? first - 1 : first;
}

/** The bytes of field i with doubled quotes removed (a copy only when the field had any). */
export function fieldBytes(r: CsvRecord, i: number): Uint8Array {
  const raw = r.buf.subarray(r.starts[i]!, r.ends[i]!);
  if (!r.escaped[i]) return raw;
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let j = 0; j < raw.length; j++) {
    out[n++] = raw[j]!;
    if (raw[j] === QUOTE && raw[j + 1] === QUOTE) j++;
  }
  return out.subarray(0, n);
}

/** The `incomplete` marker parseRecord returns when the record runs past the data read so far. */
const INCOMPLETE = -1;
const UNTERMINATED = -2;

class RecordParser {
  readonly rec: CsvRecord = {
    buf: new Uint8Array(0),
    starts: new Int32Array(MAX_FIELDS),
    ends: new Int32Array(MAX_FIELDS),
    escaped: new Uint8Array(MAX_FIELDS),
    count: 0,
    line: 1,
    complete: true,
  };
  /** Line ends inside quoted fields of the last parsed record. */
  innerLines = 0;

  /**
   * Parse one record of d starting at pos. Returns the position after its line end,
   * INCOMPLETE when more data is needed, or UNTERMINATED at the end of the file inside quotes.
   */
  parse(d: Uint8Array, pos: number, end: number, atEof: boolean): number {
    const rec = this.rec;
    const starts = rec.starts;
    const ends = rec.ends;
    const escaped = rec.escaped;
    let n = 0;
    let p = pos;
    let inner = 0;
    rec.complete = true;
    for (;;) {
      let fieldStart: number;
      let fieldEnd: number;
      let hasEscapes = 0;
      if (p < end && d[p] === QUOTE) {
        let q = p + 1;
        fieldStart = q;
        for (;;) {
          if (q >= end) return atEof ? UNTERMINATED : INCOMPLETE;
          const c = d[q]!;
          if (c === QUOTE) {
            if (q + 1 >= end && !atEof) return INCOMPLETE;
            if (d[q + 1] === QUOTE) {
              hasEscapes = 1;
              q += 2;
              continue;
            }
            break;
          }
          if (c === LF) inner++;
          q++;
        }
        fieldEnd = q;
        p = q + 1;
        // Text after a closing quote (`"ab"cd`) is kept as part of the field, as most readers do.
        while (p < end) {
          const c = d[p]!;
          if (c === COMMA || c === LF || c === CR) break;
          p++;
          fieldEnd = p;
        }
      } else {
        let q = p;
        while (q < end) {
          const c = d[q]!;
          if (c === COMMA || c === LF || c === CR) break;
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
      const c = d[p]!;
      if (c === COMMA) {
        p++;
        continue;
      }
      rec.count = n;
      this.innerLines = inner;
      if (c === LF) return p + 1;
      // CR: a CRLF pair, or a lone CR (old Mac line end).
      if (p + 1 >= end && !atEof) return INCOMPLETE;
      return d[p + 1] === LF ? p + 2 : p + 1;
    }
  }
}

/**
 * Read `path` record by record. The callback returns `false` to stop early.
 * Blank lines are skipped; a UTF-8 BOM at the start is ignored.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing means "go on", one that returns false stops the scan
export async function scanCsv(path: string, onRecord: (r: CsvRecord) => boolean | void): Promise<ScanEnd> {
  const handle = await open(path, 'r');
  const parser = new RecordParser();
  const rec = parser.rec;
  let carry: Uint8Array = new Uint8Array(0);
  let line = 1;
  let records = 0;
  let first = true;
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      const atEof = bytesRead === 0;
      let data: Uint8Array;
      if (carry.length === 0) data = chunk.subarray(0, bytesRead);
      else {
        data = new Uint8Array(carry.length + bytesRead);
        data.set(carry, 0);
        data.set(chunk.subarray(0, bytesRead), carry.length);
      }
      let pos = 0;
      if (first && data.length >= 3) {
        if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) pos = 3;
        first = false;
      } else if (first && atEof) first = false;
      const end = data.length;
      rec.buf = data;
      while (pos < end) {
        const next = parser.parse(data, pos, end, atEof);
        if (next === INCOMPLETE) break;
        if (next === UNTERMINATED) return { kind: 'unterminated_quote', line, records };
        rec.line = line;
        line += 1 + parser.innerLines;
        if (!rec.complete) line--;
        pos = next;
        // Blank line: one empty, unquoted field.
        if (
          rec.count === 1 &&
          rec.ends[0] === rec.starts[0] &&
          data[rec.starts[0]!] !== QUOTE &&
          data[rec.starts[0]! - 1] !== QUOTE
        )
          continue;
        records++;
        if (onRecord(rec) === false) return { kind: 'stopped', records };
      }
      if (atEof) return { kind: 'done', records };
      // Keep the unfinished record for the next round. A real copy: `chunk` is reused, and
      // Buffer#slice would only make a view of it.
      carry = new Uint8Array(end - pos);
      carry.set(data.subarray(pos));
      if (carry.length > MAX_RECORD_BYTES) return { kind: 'unterminated_quote', line, records };
    }
  } finally {
    await handle.close();
  }
}
