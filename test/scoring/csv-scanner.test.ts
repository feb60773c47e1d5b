/** The byte-level scanner agrees with csv-parse on random CSV, including records that straddle 1 MiB chunk boundaries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { fieldText, scanCsv } from '../../src/scoring/csv-scanner.js';
import { parseNumberBytes } from '../../src/scoring/parse-number.js';
import { tempDir, writeIn } from './helpers.js';

const dir = await tempDir();

function randomField(random: () => number): string {
  const r = random();
  if (r < 0.6) return (random() * 1000).toFixed(Math.floor(random() * 8));
  const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é'];
  const text = Array.from(
    { length: Math.floor(random() * 6) },
    () => alphabet[Math.floor(random() * alphabet.length)],
  ).join('');
  return /[",\r\n]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
}

test('records match csv-parse field for field, across chunk boundaries, with CRLF and quoted line breaks', async () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const lines: string[] = [];
  let size = 0;
  while (size < 2.5 * 1024 * 1024) {
    const line = Array.from({ length: 4 }, () => randomField(random)).join(',');
    lines.push(line);
    size += line.length + 2;
  }
  const text = lines.map((l, i) => l + (i % 3 === 0 ? '\r\n' : '\n')).join('');
  const file = await writeIn(dir, 'random.csv', text);
  const expected = parse(text, { relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
  const got: string[][] = [];
  const end = await scanCsv(file, (r) => {
    got.push(Array.from({ length: r.count }, (_, i) => fieldText(r, i)));
  });
  assert.equal(end.kind, 'done');
  for (let i = 0; i < Math.max(got.length, expected.length); i++) assert.deepEqual(got[i], expected[i], `record ${i}`);
});

test('numbers parse to exactly what Number() gives', () => {
  const samples = [
    '0.123456',
    '-0',
    '1',
    '.5',
    '5.',
    '+3.25',
    '0.1234567890123456789',
    '1e-7',
    '2.5E3',
    '123456789012345',
    '1234567890123456',
    '0.000001',
  ];
  for (let i = 0; i < 2000; i++)
    samples.push((Math.random() * 10 ** Math.floor(Math.random() * 8)).toFixed(Math.floor(Math.random() * 12)));
  for (const s of samples) {
    const b = Buffer.from(s);
    assert.ok(Object.is(parseNumberBytes(b, 0, b.length), Number(s)), s);
  }
  for (const bad of ['', '-', '.', '0x10', '1_000', 'NaN', 'inf', '1.2.3', '1e', 'e5']) {
    const b = Buffer.from(bad);
    assert.ok(Number.isNaN(parseNumberBytes(b, 0, b.length)), bad);
  }
});
