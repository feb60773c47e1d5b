/** Shared helpers for the submission tests: real zips (python3 zipfile, zip CLI), temp folders. */
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { SubmissionRules } from '../../src/submission/rules.js';

const MAKE_ZIP = fileURLToPath(new URL('./make-zip.py', import.meta.url));

export interface ZipEntrySpec {
  name: string;
  data?: string;
  zeros?: number;
  mode?: number;
  dos_dir?: boolean;
  flag_bits?: number;
  store?: boolean;
  declare_size?: number;
}

export const MiB = 1024 * 1024;

export function rules(overrides: Partial<SubmissionRules> = {}): SubmissionRules {
  return {
    entryPoint: 'main.py',
    maxSize: 10 * MiB,
    maxFiles: 100,
    exclude: ['.git/**', '**/__pycache__/**', '**/*.pyc', '.DS_Store', '**/.DS_Store'],
    reserved: ['data', 'submission'],
    ...overrides,
  };
}

/** A fresh temporary folder, removed by `cleanup()`. */
export async function tempDir(prefix = 'holdout-test-submission-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Write a zip with python3's zipfile, which writes any name and attributes we ask for. */
export async function makeZip(dir: string, name: string, entries: ZipEntrySpec[]): Promise<string> {
  const out = path.join(dir, name);
  await execa('python3', [MAKE_ZIP, out], { input: JSON.stringify(entries) });
  return out;
}

/** Create files (path → content; a trailing "/" makes a folder) under `root`. */
export async function makeTree(root: string, files: Record<string, string>): Promise<string> {
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    if (relative.endsWith('/')) {
      await mkdir(absolute, { recursive: true });
    } else {
      await mkdir(path.dirname(absolute), { recursive: true });
      await writeFile(absolute, content);
    }
  }
  return root;
}

/** Every path under `root`, relative, sorted; folders end with "/". */
export async function listTree(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(root, path.join(entry.parentPath, entry.name));
    out.push(entry.isDirectory() ? `${relative}/` : relative);
  }
  return out.sort();
}

/** Total bytes of the files under `root`. */
export async function treeBytes(root: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

export async function cleanup(...dirs: string[]): Promise<void> {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
