/**
 * Write bench/data/predictions.csv and bench/data/labels.csv: ROWS rows (default 10M),
 * ids s00000001…, probabilities with 6 decimals, labels in a shuffled order.
 * Usage: node --import tsx bench/scoring/generate.ts [rows]
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

const rows = Number(process.argv[2] ?? 10_000_000);
const out = path.join(import.meta.dirname, '..', 'data');
await mkdir(out, { recursive: true });

let seed = 42;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const id = (i: number) => `s${String(i + 1).padStart(8, '0')}`;
const label = new Uint8Array(rows);
const probability = new Float64Array(rows);
for (let i = 0; i < rows; i++) {
  label[i] = random() < 0.3 ? 1 : 0;
  // Informative but noisy predictions.
  probability[i] = Math.min(1, Math.max(0, (label[i] ? 0.65 : 0.35) + (random() - 0.5) * 0.6));
}
const order = new Int32Array(rows);
for (let i = 0; i < rows; i++) order[i] = i;
for (let i = rows - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}

async function write(file: string, header: string, line: (i: number) => string) {
  const stream = createWriteStream(path.join(out, file));
  stream.write(`${header}\n`);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    buffer += line(i);
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.end(buffer);
  await once(stream, 'finish');
}

await write('predictions.csv', 'id,malignant', (i) => `${id(i)},${probability[i]!.toFixed(6)}\n`);
await write('labels.csv', 'id,malignant', (k) => `${id(order[k]!)},${label[order[k]!]}\n`);
console.log(`wrote ${rows} rows to ${out}`);
