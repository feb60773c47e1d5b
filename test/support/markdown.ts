/** Read a docs page the way a reader follows it: the fenced blocks of one `## ` section. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The first fenced block of each language in one `## ` section of a page, list indentation removed. */
export async function sectionBlocks(page: string, heading: string): Promise<Record<string, string>> {
  const text = await readFile(path.join(ROOT, page), 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `${page} has no section "${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const blocks: Record<string, string> = {};
  for (const m of section.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)) {
    const indent = m[1]!;
    blocks[m[2]!] ??= m[3]!
      .split('\n')
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
  }
  return blocks;
}
