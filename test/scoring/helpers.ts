import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A temporary folder removed after the test file; readable by other users (custom scorer containers run as nobody). */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'holdout-test-scoring-'));
  await chmod(dir, 0o755);
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function writeIn(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}
