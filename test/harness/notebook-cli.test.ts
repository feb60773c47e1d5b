/**
 * `holdout convert main.ipynb` as a participant runs it: the converter runs in the base image
 * (or the competition's runtime image), never on the host's Python; the script on stdout, what
 * else comes with it on stderr; exit codes 0 converted · 1 fix the notebook · 2 usage · 3 ours.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/index.ts');
const FIXTURES = path.join(ROOT, 'test/fixtures/notebooks');

function holdout(args: string[], env: Record<string, string> = {}) {
  return execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, env, stdin: 'ignore', cwd: FIXTURES });
}

const expected = (name: string) => readFile(path.join(FIXTURES, `${name}.expected.py`), 'utf8');

describe('holdout convert', engine, () => {
  test('prints the script that will run, and on stderr the embedded files and version specifiers', async () => {
    const r = await holdout(['convert', 'jupyter.ipynb']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, (await expected('jupyter')).replace(/\n$/, ''));
    assert.equal(
      r.stderr,
      [
        'Converted jupyter.ipynb in holdout/base:bookworm.',
        '  embedded file notes/params.yaml (34 characters): written beside main.py when it runs',
        '  version specifier pandas==2.2.2 at cell 3, line 1 (import pandas as pd  # == 2.2.2): checked against the runtime image when it runs',
        '  version specifier scikit-learn>=1.2,<2.0 at cell 3, line 3 (from sklearn.linear_model import LogisticRegression  # scikit-learn >= 1.2, < 2.0): checked against the runtime image when it runs',
      ].join('\n'),
    );
  });

  test('--out writes the script to a file instead of stdout', async () => {
    const out = path.join(await tempDir(), 'main.py');
    const r = await holdout(['convert', 'colab.ipynb', '--out', out]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(await readFile(out, 'utf8'), await expected('colab'));
    assert.equal(r.stderr, `Converted colab.ipynb in holdout/base:bookworm.\nWrote ${out}.`);
  });

  test('--json prints everything as one object, converted in the competition runtime image with --competition', async () => {
    const r = await holdout(['convert', 'kaggle.ipynb', '--json', '--competition', path.join(ROOT, 'examples/demo')]);
    assert.equal(r.exitCode, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.match(String(answer.image), /^holdout\/demo-runtime:cpu-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...answer, image: undefined },
      { ok: true, source: await expected('kaggle'), files: {}, requirements: [], warnings: [], image: undefined },
    );
  });

  test('a notebook of which nothing would run is converted, with a warning saying so', async () => {
    const dir = await tempDir();
    const cells = [
      { cell_type: 'code', metadata: {}, source: ['%%bash\n', 'ls'] },
      { cell_type: 'code', metadata: {}, source: ['df = load()\n', 'df.to_csv("submission.csv")'] },
    ];
    await writeFile(
      path.join(dir, 'main.ipynb'),
      JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }),
    );
    const r = await holdout(['convert', path.join(dir, 'main.ipynb')]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, '#%%bash\n#ls\n\n\n#df = load()\n#df.to_csv("submission.csv")');
    assert.equal(
      r.stderr,
      [
        'Converted main.ipynb in holdout/base:bookworm.',
        '  warning: Cell 1 is a %%bash cell, not Python: it is commented out; do in Python what the cell does, if the submission needs it.',
        '  warning: nothing of the notebook runs (no imports, functions or classes were kept); keep code with # @crunch/keep:on',
      ].join('\n'),
    );
  });

  test('a cell that does not parse: exit 1, the cell named, what to do', async () => {
    const r = await holdout(['convert', 'syntax-error.ipynb']);
    assert.equal(r.exitCode, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      "The notebook cannot run: Cell 3 does not parse as Python: '(' was never closed at line 2: return X_train.mean(\n" +
        'What to do: Fix that line in the notebook, or delete the cell (cells count from the top, Markdown cells included, starting at 1), then submit again.',
    );
  });

  test('a file that is not JSON: exit 1', async () => {
    const r = await holdout(['convert', 'not-json.ipynb']);
    assert.equal(r.exitCode, 1);
    assert.equal(
      r.stderr,
      "The notebook cannot run: The notebook is not valid JSON (line 4, column 2: Expecting ',' delimiter), so it is not a notebook file.\n" +
        'What to do: Save it again from Jupyter, Colab or Kaggle (File > Download > .ipynb), or submit a main.py instead.',
    );
  });

  test('--json of a refused notebook: the error object, exit 1', async () => {
    const r = await holdout(['convert', 'contradictory.ipynb', '--json']);
    assert.equal(r.exitCode, 1);
    const answer = JSON.parse(r.stdout) as { ok: boolean; error: { cell: number; message: string } };
    assert.equal(answer.ok, false);
    assert.equal(answer.error.cell, 3);
    assert.match(
      answer.error.message,
      /^The notebook asks for two different versions of pandas: '==2\.2\.2' at cell 1/,
    );
  });

  test('a notebook that does not exist: exit 2', async () => {
    const r = await holdout(['convert', 'nope.ipynb']);
    assert.equal(r.exitCode, 2);
    assert.equal(
      r.stderr,
      `holdout: the notebook ${path.join(FIXTURES, 'nope.ipynb')} does not exist: give the path of a .ipynb file`,
    );
  });

  test('no Docker engine: exit 3, said as every command says it', async () => {
    const r = await holdout(['convert', 'jupyter.ipynb'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(r.exitCode, 3);
    assert.match(r.stderr, /^holdout: the Docker engine is not available \(/);
    assert.match(r.stderr, /\nWhat to do: start Docker/);
  });
});
