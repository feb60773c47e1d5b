/** The byte-keyed id index agrees with a plain Map on random ids: fixed and mixed lengths, growth, look-ahead. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdIndex } from '../../src/scoring/id-index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Adds every id (as one CSV-like buffer, the way the scanner hands them over) and checks against a Map. */
function check(ids: string[], index: IdIndex): Map<string, number> {
  const expected = new Map<string, number>();
  for (const id of ids) {
    const b = bytes(`x,${id},y`);
    const got = index.add(b, 2, b.length - 2);
    const before = expected.get(id);
    if (before === undefined) {
      assert.equal(got, expected.size, `add ${id}`);
      expected.set(id, got);
    } else {
      assert.equal(got, -(before + 1), `duplicate ${id}`);
    }
  }
  assert.equal(index.size, expected.size);
  findAll(expected, index);
  return expected;
}

function findAll(expected: Map<string, number>, index: IdIndex): void {
  for (const [id, row] of expected) {
    const b = bytes(id);
    assert.equal(index.find(b, 0, b.length), row, `find ${id}`);
    assert.equal(index.idAt(row), id);
  }
}

function randomIds(seed: number, count: number, id: (random: () => number) => string): string[] {
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return Array.from({ length: count }, () => id(random));
}

test('ids of one length: no offsets table, duplicates found, table grows past its initial size', () => {
  const ids = randomIds(3, 20_000, (random) => `s${String(Math.floor(random() * 15_000)).padStart(8, '0')}`);
  const index = new IdIndex(100, 100);
  check(ids, index);
  assert.equal(index.variableLength, false);
  for (const missing of ['s', 's0000000', 's000000001', 'S00000001', ' s00000001']) {
    const b = bytes(missing);
    assert.equal(index.find(b, 0, b.length), -1, missing);
  }
});

test('ids of mixed lengths switch to an offsets table and keep every earlier id', () => {
  const ids = [
    ...randomIds(5, 3_000, (random) => String(Math.floor(random() * 100_000)).padStart(6, '0')),
    ...randomIds(9, 3_000, (random) => 'é'.repeat(Math.floor(random() * 4)) + Math.floor(random() * 1_000)),
  ];
  const index = new IdIndex(ids.length, 1);
  check(ids, index);
  assert.equal(index.variableLength, true);
});

test('look-ahead names the rows of the coming lines and changes no answer', () => {
  const ids = randomIds(11, 1_000, (random) => `q${Math.floor(random() * 800)}`);
  const index = new IdIndex(ids.length, 10_000);
  const expected = check(ids, index);
  const lines = ['a,"quoted",1', ...ids.slice(0, 300).map((id, i) => `${i},${id},0.5`), 'no,unknown-id,0', 'cut,off'];
  const text = bytes(lines.join('\n'));
  const ahead = index.warm(text, 0, text.length, 1);
  // The first line's id is quoted (skipped), the last has no line end (not looked at); 128 lines at most.
  assert.equal(ahead.lines, 128);
  for (let i = 0; i < ahead.lines; i++) assert.equal(index.aheadRows[i], expected.get(ids[i]!));
  const rest = index.warm(text, ahead.to, text.length, 1);
  assert.ok(rest.to > ahead.to);
  findAll(expected, index);
});
