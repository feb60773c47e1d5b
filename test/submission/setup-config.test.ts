/**
 * Dynalab's setup_config.json (src/submission/setup-config.ts): model_files flattened to the
 * root as torch-model-archiver does, the exclude list, and every path that would leave the
 * submission (absolute, "..", through a link) refused with a message naming the entry.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import picomatch from 'picomatch';
import {
  findSetupConfig,
  planSetupConfig,
  readSetupExclude,
  type SetupConfigInventory,
} from '../../src/submission/setup-config.js';

const inventory: SetupConfigInventory = {
  files: [
    'handler.py',
    'setup_config.json',
    'configs/model_config.json',
    'src/my_model.py',
    'ckpt/model.pt',
    'train.py',
  ],
  dirs: ['checkpoints_folder'],
};

function plan(config: unknown, inv: SetupConfigInventory = inventory) {
  return planSetupConfig(JSON.stringify(config), 'setup_config.json', inv, { handlerFile: 'handler.py' });
}

function problemsOf(result: ReturnType<typeof plan>): string[] {
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? [] : result.problems.map((p) => p.text);
}

describe('setup_config.json: flattening model_files', () => {
  test('model_files and the checkpoint are copied to their bare names at the root, in order', () => {
    const result = plan({
      task: 'nli',
      checkpoint: 'ckpt/model.pt',
      handler: 'handler.py',
      requirements: false,
      setup: false,
      model_files: ['configs/model_config.json', 'src/my_model.py'],
      exclude: [],
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.plan.copies, [
      { from: 'ckpt/model.pt', to: 'model.pt', entry: 'checkpoint' },
      { from: 'configs/model_config.json', to: 'model_config.json', entry: 'model_files' },
      { from: 'src/my_model.py', to: 'my_model.py', entry: 'model_files' },
    ]);
    assert.equal(result.plan.checkpoint, 'model.pt');
    assert.deepEqual(result.plan.warnings, []);
  });

  test('a file already at the root needs no copy; the same file listed twice is copied once', () => {
    const result = plan({ model_files: ['train.py', 'configs/model_config.json', './configs/model_config.json'] });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.plan.copies, [
      { from: 'configs/model_config.json', to: 'model_config.json', entry: 'model_files' },
    ]);
    assert.equal(result.plan.checkpoint, null);
  });

  test('null and absent lists are empty (dynalab-cli init writes null)', () => {
    const result = plan({ model_files: null, exclude: null });
    assert.ok(result.ok);
    assert.deepEqual(result.plan.copies, []);
    assert.deepEqual(result.plan.exclude, []);
  });

  test('two files with the same name collide: refused, naming both', () => {
    const result = plan(
      { model_files: ['configs/model_config.json', 'other/model_config.json'] },
      {
        files: ['handler.py', 'configs/model_config.json', 'other/model_config.json'],
      },
    );
    assert.deepEqual(problemsOf(result), [
      'setup_config.json flattens "configs/model_config.json" and "other/model_config.json" to the same name model_config.json',
    ]);
  });

  test('a flattened file would overwrite a different file at the root: refused', () => {
    const result = plan({ model_files: ['src/handler.py'] }, { files: ['handler.py', 'src/handler.py'] });
    assert.deepEqual(problemsOf(result), [
      'setup_config.json flattens "src/handler.py" to handler.py, which the submission already has at its root',
    ]);
  });

  test('a missing file and a folder are refused, naming the entry', () => {
    const result = plan({ model_files: ['configs/missing.json', 'checkpoints_folder', 'src'] });
    assert.deepEqual(problemsOf(result), [
      'setup_config.json lists "configs/missing.json" in model_files: the submission has no such file',
      'setup_config.json lists "checkpoints_folder" in model_files: it is a folder; model_files names files',
      'setup_config.json lists "src" in model_files: it is a folder; model_files names files',
    ]);
  });

  test('model_files that is not a list, and an entry that is not a string, are refused', () => {
    assert.deepEqual(problemsOf(plan({ model_files: 'configs/model_config.json' })), [
      'setup_config.json: model_files must be a list of paths, not "configs/model_config.json"',
    ]);
    assert.deepEqual(problemsOf(plan({ model_files: [3] })), ['setup_config.json: model_files holds 3, not a path']);
  });
});

describe('setup_config.json: paths that leave the submission', () => {
  test('".." that climbs out is refused, naming the entry; ".." that stays inside is normalized', () => {
    const result = plan({ model_files: ['../secrets/token.json', 'configs/../../x.py'] });
    assert.deepEqual(problemsOf(result), [
      'setup_config.json lists "../secrets/token.json" in model_files: it resolves outside the submission',
      'setup_config.json lists "configs/../../x.py" in model_files: it resolves outside the submission',
    ]);
    const inside = plan({ model_files: ['src/../configs/model_config.json'] });
    assert.ok(inside.ok);
    assert.deepEqual(inside.plan.copies, [
      { from: 'configs/model_config.json', to: 'model_config.json', entry: 'model_files' },
    ]);
  });

  test('absolute paths are refused in model_files, checkpoint and exclude', () => {
    const result = plan({
      checkpoint: '/home/runner/model.pt',
      model_files: ['/etc/passwd', '~/x.json', 'C:/x.json'],
      exclude: ['/tmp'],
    });
    assert.deepEqual(problemsOf(result), [
      'setup_config.json lists "/home/runner/model.pt" in checkpoint: an absolute path points outside the submission',
      'setup_config.json lists "/etc/passwd" in model_files: an absolute path points outside the submission',
      'setup_config.json lists "~/x.json" in model_files: an absolute path points outside the submission',
      'setup_config.json lists "C:/x.json" in model_files: an absolute path points outside the submission',
      'setup_config.json lists "/tmp" in exclude: an absolute path points outside the submission',
    ]);
  });

  test('a symbolic link, or a path through a linked folder, is refused', () => {
    const inv: SetupConfigInventory = {
      files: ['handler.py', 'configs/model_config.json'],
      links: ['linked.json', 'shared'],
    };
    const result = plan({ model_files: ['linked.json', 'shared/vocab.txt'], exclude: ['shared/big'] }, inv);
    assert.deepEqual(problemsOf(result), [
      'setup_config.json lists "linked.json" in model_files: it is a symbolic link, which may point outside the submission',
      'setup_config.json lists "shared/vocab.txt" in model_files: its folder "shared" is a symbolic link, which may point outside the submission',
      'setup_config.json lists "shared/big" in exclude: its folder "shared" is a symbolic link, which may point outside the submission',
    ]);
  });

  test('a backslash path is refused', () => {
    assert.deepEqual(problemsOf(plan({ model_files: ['configs\\model_config.json'] })), [
      'setup_config.json lists "configs\\model_config.json" in model_files: a backslash is not a path separator here',
    ]);
  });
});

describe('setup_config.json: exclude', () => {
  test('exclude is normalized and turned into globs that match the path and everything below it', () => {
    const result = plan({ exclude: ['checkpoints_folder/', 'train.py', 'odd[1].txt'] });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.plan.exclude, ['checkpoints_folder', 'train.py', 'odd[1].txt']);
    assert.deepEqual(result.plan.warnings, [
      'setup_config.json excludes "odd[1].txt", which the submission does not have.',
    ]);
    const match = picomatch(result.plan.excludeGlobs, { dot: true });
    assert.ok(match('checkpoints_folder'));
    assert.ok(match('checkpoints_folder/a/b.pt'));
    assert.ok(match('train.py'));
    assert.ok(match('odd[1].txt'), 'a name with glob characters matches as written');
    assert.ok(!match('odd1.txt'));
    assert.ok(!match('train.pyc'));
    assert.ok(!match('checkpoints_folder_2/x'));
  });

  test('excluding what the model needs is refused (Dynalab: "cannot be excluded")', () => {
    const result = plan({
      checkpoint: 'ckpt/model.pt',
      model_files: ['configs/model_config.json'],
      exclude: ['ckpt', 'configs/model_config.json', 'handler.py', 'setup_config.json'],
    });
    assert.deepEqual(problemsOf(result), [
      'setup_config.json excludes "ckpt", which holds "ckpt/model.pt", named in checkpoint',
      'setup_config.json excludes "configs/model_config.json", which is named in model_files',
      'setup_config.json excludes "handler.py", which is the handler',
      'setup_config.json excludes "setup_config.json", which is the setup config itself',
    ]);
  });

  test('readSetupExclude reads exclude alone (for pack, before the walk), refusing paths that leave', () => {
    assert.deepEqual(readSetupExclude('{"exclude": ["checkpoints_folder", "./a//b/"]}'), {
      ok: true,
      exclude: ['checkpoints_folder', 'a/b'],
      excludeGlobs: ['checkpoints_folder', 'checkpoints_folder/**', 'a/b', 'a/b/**'],
    });
    const refused = readSetupExclude('{"exclude": ["../up"]}');
    assert.equal(refused.ok, false);
    assert.deepEqual(refused.ok ? [] : refused.problems.map((p) => p.text), [
      'setup_config.json lists "../up" in exclude: it resolves outside the submission',
    ]);
  });
});

describe('setup_config.json: the file itself', () => {
  test('not JSON, and not an object, are refused with what to do', () => {
    const broken = planSetupConfig('{"model_files": [', 'setup_config.json', inventory);
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.problems[0]!.text, /^setup_config\.json is not valid JSON \(/);
    assert.equal(
      broken.ok ? '' : broken.problems[0]!.hint,
      'Fix it (dynalab-cli init --amend writes it), or remove it.',
    );
    assert.deepEqual(problemsOf(planSetupConfig('[1]', 'setup_config.json', inventory)), [
      'setup_config.json holds a list, not a JSON object',
    ]);
  });

  test('unknown keys and requirements: true are warnings, not refusals', () => {
    const result = plan({ model_file: [], requirements: true });
    assert.ok(result.ok);
    assert.deepEqual(result.plan.warnings, [
      'setup_config.json: the key "model_file" is not one Dynalab knows; it is ignored.',
      "setup_config.json asks to install requirements.txt; nothing is installed at run time (no network): the packages must be in the competition's runtime image.",
    ]);
  });

  test("findSetupConfig: the root or Dynalab's .dynalab/<model>/, one at most", () => {
    assert.deepEqual(findSetupConfig(['handler.py', 'a/setup_config.json']), { ok: true, path: null });
    assert.deepEqual(findSetupConfig(['handler.py', '.dynalab/my-model/setup_config.json']), {
      ok: true,
      path: '.dynalab/my-model/setup_config.json',
    });
    const two = findSetupConfig(['setup_config.json', '.dynalab/m/setup_config.json']);
    assert.equal(two.ok, false);
    assert.equal(
      two.ok ? '' : two.problem.text,
      'the submission has 2 setup_config.json files (.dynalab/m/setup_config.json, setup_config.json)',
    );
  });

  test("the examples' setup configs plan as the handlers expect", async () => {
    const root = path.join(import.meta.dirname, '../../examples/handler/submissions');
    const fn = await readFile(path.join(root, 'function-style/setup_config.json'), 'utf8');
    const fnPlan = planSetupConfig(
      fn,
      'setup_config.json',
      {
        files: ['handler.py', 'setup_config.json', 'train.py', 'configs/model.json', 'lib/logistic.py'],
      },
      { handlerFile: 'handler.py' },
    );
    assert.ok(fnPlan.ok, JSON.stringify(fnPlan));
    assert.deepEqual(
      fnPlan.plan.copies.map((c) => `${c.from} -> ${c.to}`),
      ['configs/model.json -> model.json', 'lib/logistic.py -> logistic.py'],
    );
    assert.deepEqual(fnPlan.plan.exclude, ['train.py']);
    const cls = await readFile(path.join(root, 'class-style/.dynalab/lr-class/setup_config.json'), 'utf8');
    const clsPlan = planSetupConfig(cls, '.dynalab/lr-class/setup_config.json', {
      files: [
        'handler.py',
        '.dynalab/lr-class/setup_config.json',
        'configs/model.json',
        'src/__init__.py',
        'src/logistic.py',
      ],
    });
    assert.ok(clsPlan.ok, JSON.stringify(clsPlan));
    assert.deepEqual(clsPlan.plan.copies, [{ from: 'configs/model.json', to: 'model.json', entry: 'checkpoint' }]);
    assert.equal(clsPlan.plan.checkpoint, 'model.json');
  });
});

test('a flattened name the container mounts over, or a second setup_config.json, is refused', () => {
  const inventory = { files: ['handler.py', 'lib/submission', 'x/setup_config.json'] };
  const refused = planSetupConfig(
    JSON.stringify({ model_files: ['lib/submission', 'x/setup_config.json'] }),
    'setup_config.json',
    inventory,
    { handlerFile: 'handler.py', reserved: ['data', 'submission'] },
  );
  assert.equal(refused.ok, false);
  assert.deepEqual(!refused.ok && refused.problems.map((p) => p.text), [
    'setup_config.json flattens "lib/submission" to submission, a name the submission may not have at its root',
    'setup_config.json flattens "x/setup_config.json" to setup_config.json, a name the submission may not have at its root',
  ]);
});
