/** Shared fixtures for the runtime tests: temporary competition folders and image cleanup. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { runtimeSection, type RuntimeSection } from '../../src/config/runtime.js';

/** A temporary folder holding `files` (relative path → text); removed by the returned cleanup. */
export async function tempTree(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-runtime-'));
  await writeTree(dir, files);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const target = path.join(dir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

export function runtime(input: unknown): RuntimeSection {
  return runtimeSection.parse(input);
}

/** A repository name unique to this test process, under the holdout-test prefix. */
export function testRepository(name: string): string {
  return `holdout-test/${name}-${process.pid}`;
}

/** Remove every image of `repository` (tests clean up what they build). */
export async function removeImages(repository: string): Promise<void> {
  const { stdout } = await execa('docker', [
    'image',
    'ls',
    '--filter',
    `reference=${repository}`,
    '--format',
    '{{.Repository}}:{{.Tag}}',
  ]);
  const refs = stdout.split('\n').filter(Boolean);
  if (refs.length > 0) await execa('docker', ['image', 'rm', '--force', ...refs], { reject: false });
}
