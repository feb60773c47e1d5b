/**
 * A hash table from id (as bytes) to row number, for matching predictions to labels by id.
 *
 * Why not a Map<string, number>: ten million string keys cost about a gigabyte in V8.
 * Here all ids live back to back in one byte arena, and an open-addressing table of
 * Int32 slots points into it: about 9 + 6 bytes per id for ids of 9 bytes. Ids
 * compare byte for byte (no trimming, no case folding), as a participant would expect.
 *
 * Ids of one fixed length (zero-padded numbers, UUIDs, hashes: the usual case) need no
 * table of offsets: id i sits at i × length. The first id of another length switches the
 * index to an offsets table (4 more bytes per id), built then from the fixed layout.
 *
 * Sized once from an upper bound (the labels file's size and line count): large typed
 * arrays are zero-filled lazily by the OS, so unused capacity costs address space, not memory.
 *
 * Speed. With ten million ids the table, the offsets and the arena are far bigger than the
 * CPU caches, and the labels and predictions come in unrelated orders: every lookup is a
 * few cache misses, and a miss costs far more than hashing or comparing. Two things keep
 * that cost down:
 *  - a tag: each slot also holds the high bits of its id's hash (the bits the slot
 *    position does not use), so probing past other ids never reads their bytes;
 *  - look-ahead (`warm`): the caller hands over the raw bytes still to come, and the
 *    index touches the memory the next lines' lookups will need in a few tight loops,
 *    so that the CPU waits for many misses at once instead of one after the other.
 *    It only warms caches; the answers still come from `add` and `find`.
 */

/** An empty slot. A used slot is never 0: its low bits hold row + 1. */
const EMPTY = 0;

/** Lines looked at per `warm` call: enough to overlap many misses, few enough to stay in cache. */
export const LOOKAHEAD_LINES = 128;
/** `warm` gives up on a line longer than this (it is only an optimization). */
const LOOKAHEAD_MAX_LINE = 4096;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** FNV-1a over the bytes, then a murmur3 finalizer so the low bits used as slots are well mixed. */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= b[i]!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export class IdIndex {
  private arena: Uint8Array;
  private arenaUsed = 0;
  /** While every id has the same length: that length (-1 before the first id). */
  private fixedLength = -1;
  /** Once lengths differ: id i occupies arena[offsets[i] .. offsets[i + 1]). Null while they do not. */
  private offsets: Uint32Array | null = null;
  /** Rows to make room for when the offsets table is created. */
  private readonly maxRows: number;
  /**
   * A used slot holds (hash & ~mask) | (row + 1): the tag in the high bits, the row in the
   * low ones. row + 1 always fits under the mask because the table is kept under 70% full.
   */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /** Rows found by the last `warm` call (-1: not there), for callers that want to warm their own per-row arrays. */
  readonly aheadRows = new Int32Array(LOOKAHEAD_LINES);
  private readonly aheadStarts = new Int32Array(LOOKAHEAD_LINES);
  private readonly aheadEnds = new Int32Array(LOOKAHEAD_LINES);
  private readonly aheadHashes = new Int32Array(LOOKAHEAD_LINES);
  /** Where the loaded values go, so that the touching loads are not optimized away. */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: written and never read, on purpose: the loads above must not be optimized away
  private sink = 0;

  /** maxRows and maxIdBytes are upper bounds; more still works (by growing), just slower. */
  constructor(maxRows: number, maxIdBytes: number) {
    this.arena = new Uint8Array(Math.max(1024, maxIdBytes));
    this.maxRows = maxRows;
    let capacity = 1024;
    while (capacity * 0.7 < maxRows) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Add an id; returns its row number, or -(existing row + 1) when it is already there. */
  add(b: Uint8Array, start: number, end: number): number {
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
    // A plain loop: for ids of a few bytes it beats set(subarray()), which allocates a view.
    for (let i = start; i < end; i++) arena[at++] = b[i]!;
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
  find(b: Uint8Array, start: number, end: number): number {
    return this.probe(b, start, end, hashBytes(b, start, end));
  }

  /** The id of a row, as text (for messages). */
  idAt(row: number): string {
    const at = this.idStart(row);
    return Buffer.from(this.arena.buffer, at, this.idEnd(row) - at).toString('utf8');
  }

  /** Whether ids have needed the offsets table (they are not all of one length). Exposed for tests. */
  get variableLength(): boolean {
    return this.offsets !== null;
  }

  private idStart(row: number): number {
    return this.offsets === null ? row * this.fixedLength : this.offsets[row]!;
  }

  private idEnd(row: number): number {
    return this.offsets === null ? (row + 1) * this.fixedLength : this.offsets[row + 1]!;
  }

  /** The offsets table for the ids added so far, all of length fixedLength. */
  private offsetsOfFixedLayout(): Uint32Array {
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
  warm(b: Uint8Array, from: number, end: number, field: number): { to: number; lines: number } {
    const starts = this.aheadStarts;
    const ends = this.aheadEnds;
    const hashes = this.aheadHashes;
    const rows = this.aheadRows;
    let n = 0;
    let p = from;
    // Stage 0: find the ids and hash them (bytes already in cache).
    while (n < LOOKAHEAD_LINES && p < end) {
      const lineStart = p;
      const limit = Math.min(end, p + LOOKAHEAD_MAX_LINE);
      for (let skip = field; skip > 0 && p < limit && b[p] !== LF; p++) if (b[p] === COMMA) skip--;
      const idStart = p;
      while (p < limit) {
        const c = b[p]!;
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        p++;
      }
      const idEnd = p;
      while (p < limit && b[p] !== LF) p++;
      if (p >= limit) {
        p = lineStart;
        break;
      }
      p++;
      if (b[idEnd] === QUOTE || idStart === idEnd) continue;
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
    // Stage 1: the home slot of each id (one miss per line). No branch depends on what is
    // loaded, so the CPU can issue the loads of many lines before the first one arrives.
    for (let i = 0; i < n; i++) sink += slots[hashes[i]! & mask]!;
    // Stage 2: walk (now in cache) to the first slot with a matching tag: the candidate row.
    for (let i = 0; i < n; i++) {
      const hash = hashes[i]!;
      const tag = hash & ~mask;
      let slot = hash & mask;
      let row = -1;
      for (;;) {
        const entry = slots[slot]!;
        if (entry === EMPTY) break;
        if ((entry & ~mask) === tag) {
          row = (entry & mask) - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      rows[i] = row;
    }
    // Stage 3: the offsets of the candidate rows, when ids have different lengths.
    if (offsets !== null) {
      for (let i = 0; i < n; i++) {
        const row = rows[i]!;
        if (row >= 0) sink += offsets[row]!;
      }
    }
    // Stage 4: the first byte of each candidate id in the arena.
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (row >= 0) sink += arena[this.idStart(row)]!;
    }
    this.sink = sink;
    return { to: p, lines: n };
  }

  /** Row of the id with this hash, or -1. Only ids whose slot tag matches are compared byte by byte. */
  private probe(b: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const arena = this.arena;
    const offsets = this.offsets;
    const slots = this.slots;
    const mask = this.mask;
    const tag = hash & ~mask;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === EMPTY) return -1;
      if ((entry & ~mask) === tag) {
        const row = (entry & mask) - 1;
        const at = offsets === null ? row * this.fixedLength : offsets[row]!;
        const idLength = offsets === null ? this.fixedLength : offsets[row + 1]! - at;
        if (idLength === length) {
          let i = 0;
          while (i < length && arena[at + i] === b[start + i]) i++;
          if (i === length) return row;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  private insertSlot(row: number, hash: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    slots[slot] = (hash & ~mask) | (row + 1);
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let row = 0; row < this.size; row++)
      this.insertSlot(row, hashBytes(this.arena, this.idStart(row), this.idEnd(row)));
  }
}
