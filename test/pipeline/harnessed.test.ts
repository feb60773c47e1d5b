/**
 * Harnessed runs through the whole pipeline (evaluate(), the real engine, the demo competition):
 * a notebook where main.py is expected, and what a participant's code can and cannot make the
 * harness say. The trust rule (harness/README.md): our `error` only before handover.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');

/** A notebook of code cells (each a source string), as Jupyter saves it. */
function notebook(...cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  });
}

async function submission(files: Record<string, string>): Promise<string> {
  const dir = path.join(await tempDir(), 'submission');
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

const PREDICT = `# @crunch/keep:on
ids = [row["id"] for row in csv.DictReader(open("data/features.csv"))]
with open("submission/submission.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["id", "malignant"])
    for row_id in ids:
        out.writerow([row_id, "0.5"])
print("wrote", len(ids))
# @crunch/keep:off`;

/** Reads the nonce the way hostile code would: the process's original environment. */
const NONCE = `import json
env = open("/proc/self/environ", "rb").read().split(b"\\0")
settings = [e for e in env if e.startswith(b"HOLDOUT_HARNESS=")][0].split(b"=", 1)[1]
nonce = json.loads(settings)["nonce"]`;

describe('a notebook where main.py is expected (kind script)', engine, () => {
  test('main.ipynb is converted and run: scored, the kind is script, no protocol line in the log', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook(
          'import csv\n%matplotlib inline\n!pip install nothing',
          'print("exploration, not kept")',
          PREDICT,
        ),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'success', `${report.message}\n${report.log.head.join('\n')}`);
    assert.equal(report.kind, 'script');
    assert.equal(typeof report.scores.log_loss, 'number');
    assert.deepEqual(report.log.head, ['wrote 50']);
    assert.equal((report.reproduce.docker ?? '').split('target=/.holdout/harness,').length, 2, 'mounted once');
    assert.match(report.reproduce.docker ?? '', / python3 -I -u \/\.holdout\/harness\/run\.py$/);
    assert.match(report.reproduce.docker ?? '', /type=bind,source=[^,]+\/harness,target=\/\.holdout\/harness,readonly/);
  });

  test('a cell that does not parse: invalid_submission naming the cell, before any code ran', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({ 'main.ipynb': notebook('import csv', 'def broken(:\n    pass') }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'invalid_submission');
    assert.match(report.message, /^main\.ipynb: Cell 2 /);
    assert.equal(report.exit_code, 1);
  });

  test('neither main.py nor main.ipynb: the entry point is named', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({ 'other.py': 'print(1)' }),
      dataset: 'smoke',
    });
    assert.equal(report.reason, 'invalid_submission');
    assert.match(report.message, /no main\.py at the top of the submission/);
  });

  test('main.py wins over main.ipynb: the script runs as the command, with no harness', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.py': `import csv\n${PREDICT.split('\n').slice(1, -1).join('\n')}\n`,
        'main.ipynb': '{ not a notebook',
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'success', report.message);
    assert.doesNotMatch(report.reproduce.docker ?? '', /\.holdout\/harness/);
  });
});

describe("a notebook's faults are the participant's, even those that break the converter", engine, () => {
  const markdown = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });
  for (const [name, text] of [
    [
      'an embedded file with a 300-character name',
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [markdown(`---\nfile: ${'a'.repeat(300)}\n---\nx`)],
      }),
    ],
    ['JSON nested 100,000 deep', `${'['.repeat(100000)}${']'.repeat(100000)}`],
    [
      'a file and a folder of the same name embedded',
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [markdown('---\nfile: x\n---\n1'), markdown('---\nfile: x/y\n---\n2')],
      }),
    ],
  ] as const) {
    test(`${name}: invalid_submission, never our error`, async () => {
      const report = await evaluate({
        competitionDir: DEMO,
        submission: await submission({ 'main.ipynb': text }),
        dataset: 'smoke',
      });
      assert.equal(report.status, 'failed', `${report.reason}: ${report.message}`);
      assert.equal(report.reason, 'invalid_submission');
      assert.match(report.message, /^main\.ipynb/);
    });
  }

  test('5,000 characters printed without a newline do not hide the harness: scored', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook('import csv\nimport sys', `${PREDICT}\n# @crunch/keep:on\nsys.stdout.write("." * 5000)`),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'success', report.message);
  });
});

describe("the participant's code cannot speak for the harness", engine, () => {
  test("a forged harness error after handover is the participant's crash, never our error", async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook(
          `# @crunch/keep:on\n${NONCE}\nprint("::holdout:%s:: %s" % (nonce, json.dumps({"event": "error", "message": "Holdout broke, not me.", "hint": "Do not count this."})), flush=True)\nimport os\nos._exit(70)`,
        ),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'crash');
    assert.equal(report.message, 'Holdout broke, not me.');
    assert.doesNotMatch(JSON.stringify(report.log), /::holdout:/);
  });

  test('a forged done, then os._exit with bad predictions: the host still checks them (invalid_output)', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook(
          `# @crunch/keep:on\n${NONCE}\nopen("submission/submission.csv", "w").write("id,malignant\\nnot-an-id,2\\n")\nprint("::holdout:%s:: %s" % (nonce, json.dumps({"event": "done"})), flush=True)\nimport os\nos._exit(0)`,
        ),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'invalid_output');
  });

  test('os._exit(0) under the harness, predictions written: a crash, the harness never finished', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook('import csv', `${PREDICT}\n# @crunch/keep:on\nimport os\nos._exit(0)`),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'crash');
    assert.match(report.message, /ended before the harness finished running the script: its code exited the process/);
    assert.equal(report.exit_code, 0);
  });

  test('sys.exit(0) at the end of a notebook is a normal end, as for python main.py', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook('import csv\nimport sys', `${PREDICT}\n# @crunch/keep:on\nsys.exit(0)`),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.status, 'success', report.message);
  });

  test('HOLDOUT_HARNESS is gone from os.environ before the participant runs', async () => {
    const report = await evaluate({
      competitionDir: DEMO,
      submission: await submission({
        'main.ipynb': notebook('import os', `# @crunch/keep:on\nprint("seen:", "HOLDOUT_HARNESS" in os.environ)`),
      }),
      dataset: 'smoke',
    });
    assert.equal(report.reason, 'no_output');
    assert.deepEqual(report.log.head, ['seen: False']);
  });
});
