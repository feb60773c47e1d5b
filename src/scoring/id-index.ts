/**
 * A hash table from id (as bytes) to row number, for matching predictions to labels by id.
 *
 * Why not a Map<string, number>: ten million string keys cost about a gigabyte in V8.
 * Here all ids live back to back in one byte arena, and an open-addressing table of
 * Int32 row numbers points into it: about 9 + 4 + 6 bytes per id for short ids. Ids
 * compare byte for byte (no trimming, no case folding), as a participant would expect.
 *
 * Sized once from an upper bound (the labels file's size and line count): large typed
 * arrays are zero-filled lazily by the OS, so unused capacity costs address space, not memory.
 */

/** Slots hold row + 1, so a fresh (zero-filled, lazily mapped) table is all empty. */
const EMPTY = 0;

/** FNV-1a over the bytes, then a murmur3 finalizer so the low bits used as slots are well mixed. */
function hashBytes(b: Uint8Array, start: number, end: number): number {
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
  return h >>> 0;
}

export class IdIndex {
  private arena: Uint8Array;
  private arenaUsed = 0;
  /** Id i occupies arena[offsets[i] .. offsets[i + 1]). */
  private offsets: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /** maxRows and maxIdBytes are upper bounds; more still works (by growing), just slower. */
  constructor(maxRows: number, maxIdBytes: number) {
    this.arena = new Uint8Array(Math.max(1024, maxIdBytes));
    this.offsets = new Uint32Array(Math.max(1024, maxRows + 2));
    let capacity = 1024;
    while (capacity * 0.7 < maxRows) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Add an id; returns its row number, or -(existing row + 1) when it is already there. */
  add(b: Uint8Array, start: number, end: number): number {
    const found = this.find(b, start, end);
    if (found >= 0) return -(found + 1);
    if ((this.size + 1) * 10 > this.slots.length * 7) this.grow();
    const row = this.size;
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    if (row + 2 > this.offsets.length) {
      const bigger = new Uint32Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.arena.set(b.subarray(start, end), this.arenaUsed);
    this.offsets[row] = this.arenaUsed;
    this.arenaUsed += length;
    this.offsets[row + 1] = this.arenaUsed;
    this.insertSlot(row, hashBytes(b, start, end));
    this.size++;
    return row;
  }

  /** Row number of the id, or -1. */
  find(b: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const arena = this.arena;
    const offsets = this.offsets;
    const slots = this.slots;
    const mask = this.mask;
    let slot = hashBytes(b, start, end) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === EMPTY) return -1;
      const row = entry - 1;
      const at = offsets[row]!;
      if (offsets[row + 1]! - at === length) {
        let i = 0;
        while (i < length && arena[at + i] === b[start + i]) i++;
        if (i === length) return row;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The id of a row, as text (for messages). */
  idAt(row: number): string {
    return Buffer.from(this.arena.buffer, this.offsets[row]!, this.offsets[row + 1]! - this.offsets[row]!).toString('utf8');
  }

  private insertSlot(row: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.slots[slot] = row + 1;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let row = 0; row < this.size; row++) {
      const at = this.offsets[row]!;
      this.insertSlot(row, hashBytes(this.arena, at, this.offsets[row + 1]!));
    }
  }
}
