/**
 * The `handler` kind (harness/holdout_harness/kinds/handler.py), run for real in the base image:
 * Dynalab-style handlers, function style and class style, fed one example at a time as
 * `data = [{"body": example}]`; every response checked against the declared fields; the
 * participant's faults classified (invalid_submission, invalid_output, crash) with the exact
 * words, the organizer's bad inputs our error before handover.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { needsEngine } from '../support/docker.js';
import { eventNames, type HarnessRun, runHarness } from '../support/harness.js';
import { planSetupConfig } from '../../src/submission/setup-config.js';

const engine = await needsEngine();
const EXAMPLE = path.join(import.meta.dirname, '../../examples/handler');

type Files = Record<string, string>;

const TWO_INPUTS = `${JSON.stringify({ uid: 'a', text: 'good film' })}\n${JSON.stringify({ uid: 'b', text: 'dull' })}\n`;

/** Run handler.py (and friends) on `inputs`, with the declared `fields`. */
async function runHandler(files: Files, options: { fields?: Record<string, string>; inputs?: string } = {}) {
  const fields = options.fields ?? { label: 'str' };
  return runHarness({
    kind: 'handler',
    submission: { handler: { file: 'handler.py', inputs: 'inputs.jsonl', fields } },
    idColumn: 'id',
    columns: Object.keys(fields),
    files,
    data: { 'inputs.jsonl': options.inputs ?? TWO_INPUTS },
  });
}

type Failure = { event: string; reason?: string; message?: string; hint?: string };

function lastEvent(run: HarnessRun): Failure {
  return (run.events.at(-1)?.event ?? { event: '(none)' }) as Failure;
}

function logOf(run: HarnessRun): string {
  return run.log.join('\n');
}

/** The run ended with exactly this verdict (after handover), and nothing was written. */
function assertFailed(run: HarnessRun, reason: string, message: string, hint?: string) {
  const last = lastEvent(run);
  assert.deepEqual(eventNames(run), ['handover', 'failed'], logOf(run));
  assert.equal(last.reason, reason, logOf(run));
  assert.equal(last.message, message);
  if (hint !== undefined) assert.equal(last.hint, hint);
  assert.equal(run.exitCode, 1);
  // The sandbox provides the output file empty: nothing is written into it.
  assert.equal(run.output ?? '', '', 'no predictions are written after a failure');
}

/** A function-style handler answering each example with `body` (Python expression over `example`). */
function answering(body: string, extra = ''): Files {
  return {
    'handler.py': `${extra}
def handle(data, context):
    if data is None:
        return None
    example = data[0]["body"]
    return ${body}
`,
  };
}

/** A submission folder of the example, as staging leaves it: setup_config.json's files flattened. */
async function stagedExample(name: string): Promise<Files> {
  const root = path.join(EXAMPLE, 'submissions', name);
  const files: Files = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir)) {
      const full = path.join(dir, entry);
      const rel = prefix ? `${prefix}/${entry}` : entry;
      if ((await stat(full)).isDirectory()) await walk(full, rel);
      else files[rel] = await readFile(full, 'utf8');
    }
  };
  await walk(root, '');
  const source = Object.keys(files).find((p) => p === 'setup_config.json' || p.endsWith('/setup_config.json'));
  if (source) {
    const planned = planSetupConfig(
      files[source]!,
      source,
      { files: Object.keys(files) },
      { handlerFile: 'handler.py' },
    );
    assert.ok(planned.ok, JSON.stringify(planned));
    for (const copy of planned.plan.copies) files[copy.to] = files[copy.from]!;
    for (const ex of planned.plan.exclude) delete files[ex];
  }
  return files;
}

describe('handler kind: handlers that pass', engine, () => {
  let expected: string;

  test('the example, function style (model_files flattened): one row per input, in input order', async () => {
    const inputs = await readFile(path.join(EXAMPLE, 'data/smoke/inputs.jsonl'), 'utf8');
    const result = await runHandler(await stagedExample('function-style'), { fields: { malignant: 'float' }, inputs });
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    assert.equal(result.exitCode, 0);
    const lines = (result.output ?? '').trimEnd().split('\n');
    assert.equal(lines[0], 'id,malignant');
    assert.equal(lines.length, 51);
    const uids = inputs
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).uid);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      uids,
    );
    for (const line of lines.slice(1)) {
      const p = Number(line.split(',')[1]);
      assert.ok(p >= 0 && p <= 1, line);
    }
    expected = result.output ?? '';
  });

  test('the example, class style (BaseDynaHandler, TaskIO signature, ROOTPATH import, flattened checkpoint): the same predictions', async () => {
    const inputs = await readFile(path.join(EXAMPLE, 'data/smoke/inputs.jsonl'), 'utf8');
    const result = await runHandler(await stagedExample('class-style'), { fields: { malignant: 'float' }, inputs });
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    assert.equal(result.output, expected);
  });

  test('Dynalab-style imports resolve to the shims; context, ROOTPATH and the manifest are as TorchServe gives them', async () => {
    const result = await runHandler(
      {
        'handler.py': `import os
import ts
from ts.context import Context
from ts.torch_handler.base_handler import BaseHandler
from dynalab.handler.base_handler import BaseDynaHandler
from dynalab.tasks.task_io import TaskIO, ROOTPATH


class Handler(BaseDynaHandler):
    def initialize(self, context):
        self.checkpoint, self.model_dir, self.device = self._handler_initialize(context)
        self.properties = context.system_properties
        self.task_io = TaskIO("sentiment")
        self.initialized = True

    def preprocess(self, data):
        return self._read_data(data)

    def inference(self, example):
        return "positive" if "good" in example["text"] else "negative"

    def postprocess(self, label, data):
        example = self._read_data(data)
        facts = {
            "root_is_cwd": ROOTPATH == os.getcwd() == os.environ["ROOTPATH"],
            "model_dir_is_root": self.model_dir == ROOTPATH,
            "checkpoint": os.path.basename(self.checkpoint),
            "gpu_id": self.properties["gpu_id"],
            "batch_size": self.properties["batch_size"],
            "device": self.device,
            "request_id": self.context.get_request_id(0),
            "shim": ts.__file__.startswith("/.holdout/"),
            "base": issubclass(BaseDynaHandler, BaseHandler),
        }
        response = {"id": example["uid"], "label": label, "facts": facts}
        self.task_io.sign_response(response, example)
        return [response]
`,
        'setup_config.json': JSON.stringify({ task: 'sentiment', checkpoint: 'weights/model.pt', model_files: [] }),
      },
      { fields: { label: 'str', facts: 'dict' } },
    );
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    const facts = (uid: string) =>
      JSON.stringify({
        root_is_cwd: true,
        model_dir_is_root: true,
        checkpoint: 'model.pt',
        gpu_id: null,
        batch_size: 1,
        device: 'cpu',
        request_id: uid,
        shim: true,
        base: true,
      });
    const csvCell = (json: string) => `"${json.replaceAll('"', '""')}"`;
    assert.equal(
      result.output,
      `id,label,facts\na,positive,${csvCell(facts('a'))}\nb,negative,${csvCell(facts('b'))}\n`,
    );
  });

  test('a submission that ships its own dynalab package gets it, not the shim', async () => {
    const result = await runHandler({
      'dynalab/__init__.py': 'MINE = "theirs"\n',
      'handler.py': `import dynalab

def handle(data, context):
    if data is None:
        return None
    return [{"id": data[0]["body"]["uid"], "label": dynalab.MINE}]
`,
    });
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    assert.equal(result.output, 'id,label\na,theirs\nb,theirs\n');
  });

  test('a response given as a JSON string is read as the dict it holds', async () => {
    const result = await runHandler(answering('[json.dumps({"id": example["uid"], "label": "x"})]', 'import json'));
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    assert.equal(result.output, 'id,label\na,x\nb,x\n');
  });

  test("TorchServe's BaseHandler with a one-argument postprocess, and a plain class with no handle, both run", async () => {
    const torchserve = await runHandler({
      'handler.py': `from ts.torch_handler.base_handler import BaseHandler

class Sentiment(BaseHandler):
    def preprocess(self, data):
        return data[0]["body"]

    def inference(self, example):
        return {"id": example["uid"], "label": example["text"].split()[0]}

    def postprocess(self, output):
        return [output]
`,
    });
    assert.deepEqual(eventNames(torchserve), ['handover', 'done'], logOf(torchserve));
    assert.equal(torchserve.output, 'id,label\na,good\nb,dull\n');
    const plain = await runHandler({
      'handler.py': `class Plain:
    def initialize(self, context):
        self.suffix = "?" if context.system_properties["gpu_id"] is None else "!"

    def preprocess(self, data):
        return data[0]["body"]

    def inference(self, example):
        return example

    def postprocess(self, example, data):
        return [{"id": example["uid"], "label": example["text"] + self.suffix}]
`,
    });
    assert.deepEqual(eventNames(plain), ['handover', 'done'], logOf(plain));
    assert.equal(plain.output, 'id,label\na,good film?\nb,dull?\n');
  });

  test('every declared type, integer uids, and the signature field: complex values are written as JSON', async () => {
    const result = await runHandler(
      answering(
        '[{"id": example["uid"], "label": "pos", "n": 3, "p": 0.25, "ok": True, "tags": ["a", 1], "prob": {"pos": 0.75}, "signature": "abc"}]',
      ),
      {
        fields: { label: 'str', n: 'int', p: 'float', ok: 'bool', tags: 'list', prob: 'dict' },
        inputs: '{"uid": 7, "text": "x"}\n\n{"uid": 8, "text": "y"}\n',
      },
    );
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    assert.equal(
      result.output,
      'id,label,n,p,ok,tags,prob\n7,pos,3,0.25,true,"[""a"",1]","{""pos"":0.75}"\n8,pos,3,0.25,true,"[""a"",1]","{""pos"":0.75}"\n',
    );
  });
});

describe(
  'handler kind: responses that break the contract are invalid_output, naming the example and the field',
  engine,
  () => {
    const fields = { label: 'str', prob: 'float' };
    const allFields = 'Return every field the task declares: label (str), prob (float).';

    test('a missing field', async () => {
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "label": "pos"}]'), { fields }),
        'invalid_output',
        'The response to the example with uid "a" lacks the field prob.',
        allFields,
      );
    });

    test('an extra field', async () => {
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "label": "pos", "prob": 0.5, "score": 1}]'), { fields }),
        'invalid_output',
        'The response to the example with uid "a" has the field score, which the task does not declare.',
        'Return only id and the declared fields: label (str), prob (float).',
      );
    });

    test('a wrong type, a bool where an int is declared, and a NaN float', async () => {
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "label": "pos", "prob": "high"}]'), { fields }),
        'invalid_output',
        'The response to the example with uid "a" has prob = "high" (a str); the task declares float.',
        'Return prob as a float.',
      );
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "n": True}]'), { fields: { n: 'int' } }),
        'invalid_output',
        'The response to the example with uid "a" has n = true (a bool); the task declares int.',
      );
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "label": "pos", "prob": float("nan")}]'), { fields }),
        'invalid_output',
        'The response to the example with uid "a" has prob = NaN (not a finite number); the task declares float.',
      );
    });

    test('an id that does not echo the uid (another value, or the same digits as another type), or no id', async () => {
      assertFailed(
        await runHandler(answering('[{"id": "b", "label": "pos"}]')),
        'invalid_output',
        'The response to the example with uid "a" has the id "b"; it must echo the input\'s uid.',
        'Set response["id"] = example["uid"], unchanged (same value and type).',
      );
      assertFailed(
        await runHandler(answering('[{"id": str(example["uid"]), "label": "pos"}]'), { inputs: '{"uid": 1}\n' }),
        'invalid_output',
        'The response to the example with uid 1 has the id "1"; it must echo the input\'s uid.',
      );
      assertFailed(
        await runHandler(answering('[{"label": "pos"}]')),
        'invalid_output',
        'The response to the example with uid "a" has no id.',
      );
    });

    test('a return that is not a list, None, a list of two, or an empty list', async () => {
      const shape =
        'Return a one-element list holding the response, as TorchServe expects: return [{"id": example["uid"], ...}].';
      assertFailed(
        await runHandler(answering('{"id": example["uid"], "label": "pos"}')),
        'invalid_output',
        'handle() returned a dict for the example with uid "a", not a list.',
        shape,
      );
      assertFailed(
        await runHandler(answering('None')),
        'invalid_output',
        'handle() returned None for the example with uid "a", not a list.',
      );
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "label": "pos"}] * 2')),
        'invalid_output',
        'handle() returned a list of 2 items for the example with uid "a"; one response per example is expected.',
        shape,
      );
      assertFailed(
        await runHandler(answering('[]')),
        'invalid_output',
        'handle() returned a list of 0 items for the example with uid "a"; one response per example is expected.',
      );
    });

    test('a response that is neither a dict nor JSON holding one', async () => {
      assertFailed(
        await runHandler(answering('["positive"]')),
        'invalid_output',
        'The response to the example with uid "a" is a string that is not JSON (Expecting value: line 1 column 1 (char 0)).',
      );
      assertFailed(
        await runHandler(answering('["[1, 2]"]')),
        'invalid_output',
        'The response to the example with uid "a" is a JSON string that does not hold an object.',
      );
      assertFailed(
        await runHandler(answering('[42]')),
        'invalid_output',
        'The response to the example with uid "a" is an int, not a dict or a JSON string.',
      );
    });

    test('the second example fails after the first passed: still no predictions written', async () => {
      assertFailed(
        await runHandler(answering('[{"id": example["uid"], "label": "pos" if example["uid"] == "a" else 0}]')),
        'invalid_output',
        'The response to the example with uid "b" has label = 0 (an int); the task declares str.',
      );
    });
  },
);

describe('handler kind: the handler raises or is missing', engine, () => {
  test('an exception in handle is a crash naming the example, with the traceback of their frames only', async () => {
    const result = await runHandler(
      answering(
        '[{"id": example["uid"], "label": helper(example)}]',
        'def helper(example):\n    raise ValueError("boom " + example["uid"])\n',
      ),
    );
    assertFailed(
      result,
      'crash',
      'handle() on the example with uid "a" raised ValueError: boom a',
      'Fix the error shown in the traceback above, then run holdout test again.',
    );
    assert.match(logOf(result), /File "[^"]*handler\.py", line \d+, in handle/);
    assert.match(logOf(result), /File "[^"]*handler\.py", line 2, in helper/);
    assert.doesNotMatch(logOf(result), /\/\.holdout\/harness/);
  });

  test('a handle that does not expect the data=None initialization call crashes with that call named', async () => {
    assertFailed(
      await runHandler({
        'handler.py': 'def handle(data, context):\n    return [{"id": data[0]["body"]["uid"], "label": "x"}]\n',
      }),
      'crash',
      "handle(None, context), the first call TorchServe makes to initialize a handler, raised TypeError: 'NoneType' object is not subscriptable",
    );
  });

  test('an exception at import, in the constructor and in initialize', async () => {
    assertFailed(
      await runHandler({ 'handler.py': 'import torch_not_here\n' }),
      'crash',
      "importing handler.py raised ModuleNotFoundError: No module named 'torch_not_here'",
    );
    assertFailed(
      await runHandler({
        'handler.py': `from dynalab.handler.base_handler import BaseDynaHandler

class Handler(BaseDynaHandler):
    def initialize(self, context):
        open("missing-checkpoint.pt")
`,
      }),
      'crash',
      "Handler.initialize(context) raised FileNotFoundError: [Errno 2] No such file or directory: 'missing-checkpoint.pt'",
    );
  });

  test('sys.exit inside handle is a crash, not a silent end', async () => {
    assertFailed(
      await runHandler(answering('exit_now()', 'import sys\ndef exit_now():\n    sys.exit(3)\n')),
      'crash',
      'handle() on the example with uid "a" called sys.exit(3) before it finished.',
    );
  });

  test('os._exit inside handle ends the run with no verdict: the host tells it from a finished run', async () => {
    const result = await runHandler(answering('os._exit(0)', 'import os'));
    assert.deepEqual(eventNames(result), ['handover'], logOf(result));
    assert.equal(result.exitCode, 0);
    assert.equal(result.output ?? '', '');
  });

  test('no handler.py, no entry point in it, or two handler classes: invalid_submission', async () => {
    const hint =
      'Define handle(data, context) in handler.py, or one handler class (e.g. class Handler(BaseDynaHandler)) with initialize, preprocess, inference and postprocess.';
    const none = await runHandler({ 'main.py': 'print(1)\n' });
    assert.deepEqual(eventNames(none), ['failed'], logOf(none));
    const last = lastEvent(none);
    assert.equal(last.reason, 'invalid_submission');
    assert.equal(last.message, 'The submission has no handler.py at its root.');
    assert.equal(last.hint, hint);
    assert.equal(none.exitCode, 1);
    assertFailed(
      await runHandler({ 'handler.py': 'def predict(x):\n    return x\n' }),
      'invalid_submission',
      'handler.py defines no handle(data, context) function and no handler class.',
      hint,
    );
    assertFailed(
      await runHandler({
        'handler.py': `from ts.torch_handler.base_handler import BaseHandler

class A(BaseHandler):
    pass

class B(BaseHandler):
    pass
`,
      }),
      'invalid_submission',
      'handler.py defines several handler classes (A, B); TorchServe expects exactly one.',
      'Keep one handler class in handler.py, or define handle(data, context) to choose.',
    );
  });
});

describe("handler kind: the organizer's inputs are checked before any participant code runs", engine, () => {
  const ok = answering('[{"id": example["uid"], "label": "x"}]');
  const cases: [string, string, string][] = [
    [
      'a line that is not JSON',
      '{"uid": "a"}\n{"uid": \n',
      'inputs.jsonl line 2 is not JSON (Expecting value: line 1 column 9 (char 8)).',
    ],
    ['a line that is not an object', '["a"]\n', 'inputs.jsonl line 1 is not a JSON object.'],
    ['a line without uid', '{"text": "x"}\n', 'inputs.jsonl line 1 has no uid (a string or an integer).'],
    ['a repeated uid', '{"uid": "a"}\n{"uid": "a"}\n', 'inputs.jsonl line 2 repeats the uid "a".'],
    ['no examples at all', '\n', "The task's inputs inputs.jsonl hold no examples."],
  ];
  for (const [name, inputs, message] of cases) {
    test(`${name}: our error, before handover`, async () => {
      const result = await runHandler(ok, { inputs });
      assert.deepEqual(eventNames(result), ['error'], logOf(result));
      const last = lastEvent(result);
      assert.equal(last.message, message);
      assert.equal(
        last.hint,
        'Fix inputs.jsonl in the competition\'s data: one JSON object per line, each with a unique "uid".',
      );
      assert.equal(result.exitCode, 70);
    });
  }
});
