/** The phases of a functions competition and the resources kept between runs (src/pipeline/phases.ts). Files only. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { parseCompetition } from '../../src/config/load.js';
import { contentKey, keepResources, keptResources, planPhases, pruneResources } from '../../src/pipeline/phases.js';
import { tempDir } from '../support/tmp.js';

const config = (functions = '{}') =>
  parseCompetition(`name: t
datasets:
  smoke: { data: d, labels: l.csv }
scoring: { columns: [p] }
submission:
  kind: functions
  functions: ${functions}
`);

async function code(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe('planning the phases', () => {
  test('train then infer; --phase picks one; no train function: infer only', async () => {
    const dir = await code({ 'main.py': '' });
    const phases = async (c = config(), choice?: 'train' | 'infer') => {
      const plan = await planPhases(c, dir, choice);
      assert.ok(plan.ok);
      return plan.steps.map((s) => s.phase);
    };
    assert.deepEqual(await phases(), ['train', 'infer']);
    assert.deepEqual(await phases(config(), 'train'), ['train']);
    assert.deepEqual(await phases(config(), 'infer'), ['infer']);
    assert.deepEqual(await phases(config('{ train: null }')), ['infer']);
  });

  test('shipped resources/: infer only when the competition allows it, refused otherwise', async () => {
    const dir = await code({ 'main.py': '', 'resources/model.bin': 'x' });
    const allowed = await planPhases(config('{ resources: { shipped: true } }'), dir);
    assert.ok(allowed.ok);
    assert.deepEqual(
      allowed.steps.map((s) => s.phase),
      ['infer'],
    );
    const refused = await planPhases(config(), dir);
    assert.deepEqual(refused, {
      ok: false,
      message:
        'The submission ships a resources/ folder, but this competition trains every submission: resources/ is what its train phase writes.',
      hint: 'Leave resources/ out of the submission (the train function fills it through model_directory_path), or rename the folder.',
    });
  });

  test('a file named resources is refused with its own words', async () => {
    const plan = await planPhases(config(), await code({ 'main.py': '', resources: 'not a folder' }));
    assert.equal(plan.ok, false);
    assert.equal(
      !plan.ok && plan.message,
      'The submission holds a file named resources: that name is the folder of trained resources (model_directory_path).',
    );
  });
});

describe('resources kept between runs', () => {
  test('the key follows the content and the scope, not the folder', async () => {
    const a = await code({ 'main.py': 'x', 'lib/m.py': 'y' });
    const b = await code({ 'main.py': 'x', 'lib/m.py': 'y' });
    const c = await code({ 'main.py': 'x', 'lib/m.py': 'z' });
    assert.equal(await contentKey(a, 's'), await contentKey(b, 's'));
    assert.notEqual(await contentKey(a, 's'), await contentKey(c, 's'));
    assert.notEqual(await contentKey(a, 's'), await contentKey(a, 't'));
    assert.match(await contentKey(a, 's'), /^[0-9a-f]{32}$/);
  });

  test('kept once: a second keep of the same key (at the same time) never replaces nor removes it', async () => {
    const root = path.join(await tempDir(), 'resources');
    const first = await code({ 'model.bin': 'first' });
    const second = await code({ 'model.bin': 'second' });
    const key = 'a'.repeat(32);
    assert.deepEqual(await Promise.all([keepResources(key, first, root), keepResources(key, second, root)]), [
      true,
      true,
    ]);
    const kept = await keptResources(key, root);
    assert.ok(kept);
    assert.match(await readFile(path.join(kept, 'model.bin'), 'utf8'), /^(first|second)$/);
    const before = await readFile(path.join(kept, 'model.bin'), 'utf8');
    assert.equal(await keepResources(key, await code({ 'model.bin': 'third' }), root), true);
    assert.equal(await readFile(path.join(kept, 'model.bin'), 'utf8'), before);
    // No partial copy left behind.
    assert.deepEqual(await readdir(root), [key]);
  });

  test('a root another user could write to is never used', async () => {
    const root = path.join(await tempDir(), 'resources');
    await mkdir(root, { mode: 0o777 });
    await chmod(root, 0o777);
    assert.equal(await keepResources('b'.repeat(32), await code({ f: 'x' }), root), false);
    assert.equal(await keptResources('b'.repeat(32), root), undefined);
  });

  test('pruning keeps the newest and anything used in the last day', async () => {
    const root = path.join(await tempDir(), 'resources');
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    for (let i = 0; i < 4; i++) {
      const dir = path.join(root, String(i).repeat(32));
      await mkdir(dir, { recursive: true });
      if (i < 3) await utimes(dir, old, new Date(old.getTime() + i * 1000));
    }
    await pruneResources(root, 2);
    assert.deepEqual((await readdir(root)).sort(), ['2'.repeat(32), '3'.repeat(32)]);
    assert.ok((await stat(path.join(root, '3'.repeat(32)))).isDirectory());
  });
});
