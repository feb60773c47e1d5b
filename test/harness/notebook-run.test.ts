/**
 * A notebook submission (main.ipynb where main.py is expected) through the real harness and
 * sandbox (test/support/harness.ts): converted before handover, its embedded files written,
 * its kept code run as the script; a notebook the participant must fix is invalid_submission
 * BEFORE handover (nothing of it ran), naming the cell.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { needsEngine } from '../support/docker.js';
import { eventNames, runHarness } from '../support/harness.js';

const engine = await needsEngine();

type Cell = [type: 'code' | 'markdown', source: string];

function notebook(...cells: Cell[]): string {
  return JSON.stringify({
    cells: cells.map(([cell_type, source], i) => ({
      cell_type,
      id: `c${i}`,
      metadata: {},
      source: source.split(/(?<=\n)/),
      ...(cell_type === 'code' ? { execution_count: null, outputs: [] } : {}),
    })),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

const DATA = { 'test.csv': 'id,radius\n1,10\n2,20\n' };

describe('a notebook submission through the harness', engine, () => {
  test('converted and run: kept code writes the predictions, an embedded file is beside it, crunch imports', async () => {
    const run = await runHarness({
      kind: 'script',
      columns: ['malignant'],
      files: {
        'main.ipynb': notebook(
          ['markdown', '# Radius model'],
          [
            'code',
            '!pip install pandas\n%matplotlib inline\nimport json\nimport os\nimport crunch\nimport pandas as pd',
          ],
          ['code', 'df = pd.read_csv("data/test.csv")\ndf.describe()\nraise SystemExit("exploration must not run")'],
          ['code', 'def predict(df, scale):\n    return (df["radius"] / scale).clip(0, 1)'],
          ['markdown', '---\nfile: params.json\n---\n{"scale": 40}'],
          [
            'code',
            '# @holdout/keep:on\ncrunch = crunch.load_notebook()\nscale = json.load(open("params.json"))["scale"]\n' +
              'X = pd.read_csv(os.path.join(os.environ["HOLDOUT_DATA_DIR"], "test.csv"))\n' +
              'os.makedirs(os.path.dirname(os.environ["HOLDOUT_OUTPUT_FILE"]), exist_ok=True)\n' +
              'pd.DataFrame({"id": X["id"], "malignant": predict(X, scale)}).to_csv(os.environ["HOLDOUT_OUTPUT_FILE"], index=False)',
          ],
        ),
      },
      data: DATA,
    });
    assert.deepEqual(eventNames(run), ['handover', 'done'], run.log.join('\n'));
    assert.equal(run.output, 'id,malignant\n1,0.25\n2,0.5\n');
    assert.equal(run.exitCode, 0);
  });

  test('a cell that does not parse: invalid_submission before handover, naming the cell', async () => {
    const run = await runHarness({
      kind: 'script',
      files: {
        'main.ipynb': notebook(['markdown', '# Model'], ['code', 'import pandas'], ['code', 'def f(:\n    pass']),
      },
      data: DATA,
    });
    assert.deepEqual(eventNames(run), ['failed'], run.log.join('\n'));
    const failed = run.events[0]!;
    assert.equal(failed.beforeHandover, true);
    assert.equal(failed.event.event === 'failed' && failed.event.reason, 'invalid_submission');
    assert.match(
      failed.event.event === 'failed' ? failed.event.message : '',
      /Cell 3 does not parse as Python: invalid syntax at line 1: def f\(:/,
    );
  });
});
