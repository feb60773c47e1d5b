/**
 * Custom scorers run in their own container; every way they can fail is an `error` (ours), whose
 * message is one fixed sentence: the scorer's output (which can carry the labels) stays in
 * `detail`, for the organizer on this machine. Needs Docker and holdout/base:bookworm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoringSection } from '../../src/config/scoring.js';
import {
  parseScorerOutput,
  SCORER_FAILED_HINT,
  SCORER_FAILED_MESSAGE,
  SCORER_FORMAT_HINT,
} from '../../src/scoring/custom-scorer.js';
import { scorePredictions } from '../../src/scoring/score.js';
import { tempDir, writeIn } from './helpers.js';
import { needsEngine } from '../support/docker.js';

const engine = await needsEngine();

const dir = await tempDir();
const labelsPath = await writeIn(dir, 'labels.csv', 'id,malignant\na,1\nb,0\n');
const predictionsPath = await writeIn(dir, 'pred.csv', 'id,malignant\na,0.9\nb,0.2\n');
await writeIn(
  dir,
  'score.py',
  `import json, os, sys
mode = sys.argv[1]
labels = open(os.environ["HOLDOUT_LABELS"]).read().splitlines()[1:]
preds = dict(l.split(",") for l in open(os.environ["HOLDOUT_PREDICTIONS"]).read().splitlines()[1:])
if mode == "crash":
    raise SystemExit("scorer bug: division by zero")
if mode == "text":
    print("score is 0.5")
elif mode == "nan":
    print(json.dumps({"scores": {"brier": float("nan")}}))
elif mode == "write":
    open("/competition/x", "w")
elif mode == "split":
    print(json.dumps({"scores": {"brier.Public": 0.1, "brier.Private": 0.2}}))
elif mode == "leak":
    # What a package's .pth hook did in the runtime image: the labels as the last line.
    sys.stderr.write("LABELS " + ";".join(labels) + "\\n")
    print(";".join(labels))
elif mode == "leak-crash":
    sys.stderr.write("LABELS " + ";".join(labels) + "\\n")
    raise SystemExit(7)
elif mode == "flat":
    # DrivenData's scorers: a flat object, printed by json.dumps, then more output.
    print(json.dumps({"brier": 0.125}))
    print("scored 2 rows")
elif mode == "multiline":
    print("starting")
    print(json.dumps({"brier": 0.125}, indent=4))
elif mode == "two":
    print(json.dumps({"brier": 0.75}))
    print("recomputed after dropping duplicates")
    print(json.dumps({"brier": 0.125}))
elif mode == "nan-last":
    print(json.dumps({"brier": 0.75}))
    print(json.dumps({"brier": float("nan")}, indent=2))
elif mode == "undeclared":
    print(json.dumps({"brier": 0.125, "n_positive": 1}))
elif mode == "chatty":
    sys.stderr.write("x" * 3_000_000 + "\\n")
    print(json.dumps({"scores": {"brier": 0.25}}))
else:
    brier = sum((float(preds[i]) - float(y)) ** 2 for i, y in (l.split(",") for l in labels)) / len(labels)
    print("log line", file=sys.stderr)
    print(json.dumps({"scores": {"brier": brier}}))
`,
);

function scoringFor(mode: string) {
  return scoringSection.parse({
    columns: ['malignant'],
    metric: 'brier',
    secondary: ['log_loss'],
    custom: {
      command: ['python3', 'score.py', mode],
      image: 'holdout/base:bookworm',
      metrics: { brier: 'minimize' },
      time: '60s',
    },
  });
}

const run = (mode: string) =>
  scorePredictions({ predictionsPath, labelsPath, scoring: scoringFor(mode), competitionDir: dir });
/** A failure as every report shows it: the fixed sentence, whatever the scorer printed. */
const FIXED = { kind: 'error', message: SCORER_FAILED_MESSAGE, hint: SCORER_FAILED_HINT };

test(
  'a working custom scorer: its scores come first when it holds the primary metric, next to the built-in ones',
  engine,
  async () => {
    const r = await run('ok');
    assert.equal(r.kind, 'scored', JSON.stringify(r));
    if (r.kind !== 'scored') return;
    assert.equal(r.primary, 'brier');
    assert.deepEqual(Object.keys(r.scores), ['brier', 'log_loss']);
    assert.ok(Math.abs(r.scores.brier! - (0.01 + 0.04) / 2) < 1e-12);
  },
);

test('a crashing custom scorer: the fixed sentence; its exit code and stderr only in the detail', engine, async () => {
  const r = await run('crash');
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') {
    assert.deepEqual({ kind: r.kind, message: r.message, hint: r.hint }, FIXED);
    assert.equal(
      r.hint,
      'This is on our side, not yours — an organizer will re-run it. It is not counted against you.',
    );
    assert.match(
      r.detail ?? '',
      /^The custom scorer exited with code 1\.\nIts last lines on stderr:\nscorer bug: division by zero\nRun it by hand to debug: docker run --rm --pull never --name holdout-scorer-debug .* --network none --read-only --user 65534:65534 --cap-drop ALL --security-opt no-new-privileges /,
    );
  }
});

test(
  'a scorer printing the labels (as a .pth hook in the runtime did): nothing of them in the message or hint',
  engine,
  async () => {
    for (const mode of ['leak', 'leak-crash']) {
      const r = await run(mode);
      assert.equal(r.kind, 'error', mode);
      if (r.kind !== 'error') continue;
      assert.deepEqual({ kind: r.kind, message: r.message, hint: r.hint }, FIXED, mode);
      // The organizer still sees what happened, on the machine that ran it.
      assert.match(r.detail ?? '', /a,1;b,0/, mode);
    }
  },
);

test('a scorer logging megabytes on stderr still scores (the stdout cap is for stdout only)', engine, async () => {
  const r = await run('chatty');
  assert.equal(r.kind, 'scored', JSON.stringify(r).slice(0, 300));
  if (r.kind === 'scored') assert.equal(r.scores.brier, 0.25);
});

test(
  "with a split, a custom scorer's private keys are hidden even when no built-in metric reads the split",
  engine,
  async () => {
    const scoring = scoringSection.parse({
      metric: 'brier.Public',
      split: { column: 'Usage', show: ['Public'] },
      custom: {
        command: ['python3', 'score.py', 'split'],
        image: 'holdout/base:bookworm',
        metrics: { 'brier.Public': 'minimize', 'brier.Private': 'minimize' },
        time: '60s',
      },
    });
    const r = await scorePredictions({ predictionsPath, labelsPath, scoring, competitionDir: dir });
    assert.equal(r.kind, 'scored', JSON.stringify(r));
    if (r.kind === 'scored') assert.deepEqual(r.hidden, ['brier.Private']);
  },
);

test('a custom scorer printing plain text (no JSON object) is an error', engine, async () => {
  assert.deepEqual(await run('text'), {
    ...FIXED,
    detail: `The custom scorer printed no JSON object on stdout; its last line: score is 0.5\n${SCORER_FORMAT_HINT}`,
  });
});

test(
  'DrivenData-style output: a flat JSON object of numbers, on one line or several, anywhere in stdout; the last one wins',
  engine,
  async () => {
    for (const mode of ['flat', 'multiline', 'two']) {
      const r = await run(mode);
      assert.equal(r.kind, 'scored', `${mode}: ${JSON.stringify(r)}`);
      if (r.kind === 'scored') assert.deepEqual(r.scores, { brier: 0.125, log_loss: r.scores.log_loss }, mode);
    }
  },
);

test('a NaN in the last JSON object fails, even after a good one; an undeclared name fails', engine, async () => {
  assert.deepEqual(await run('nan-last'), {
    ...FIXED,
    detail: `The custom scorer printed a score that is not a finite number: {\n  "brier": NaN\n}\n${SCORER_FORMAT_HINT}`,
  });
  assert.deepEqual(await run('undeclared'), {
    ...FIXED,
    detail: `The custom scorer printed "n_positive", not listed in scoring.custom.metrics: list it there with a direction, or stop printing it.\n${SCORER_FORMAT_HINT}`,
  });
});

test('a custom scorer printing NaN is an error', engine, async () => {
  assert.deepEqual(await run('nan'), {
    ...FIXED,
    detail: `The custom scorer printed a score that is not a finite number: {"scores": {"brier": NaN}}\n${SCORER_FORMAT_HINT}`,
  });
});

test('the scorer container cannot write the competition folder (mounted read-only)', engine, async () => {
  const r = await run('write');
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.match(r.detail ?? '', /Read-only file system/);
});

test('output: each shape a scorer prints, read exactly', () => {
  const ok = (scores: Record<string, number>) => ({ ok: true, scores });
  const failure = (detail: string) => ({
    ok: false,
    message: SCORER_FAILED_MESSAGE,
    hint: SCORER_FAILED_HINT,
    detail: `${detail}\n${SCORER_FORMAT_HINT}`,
  });
  const brier = ['brier'];
  // Accepted: today's wrapper, a flat object, over several lines, between log lines, the last of two.
  assert.deepEqual(parseScorerOutput('{"scores": {"brier": 0.25}}\n', brier), ok({ brier: 0.25 }));
  assert.deepEqual(parseScorerOutput('{"brier": 0.25}', brier), ok({ brier: 0.25 }));
  assert.deepEqual(parseScorerOutput('{\n  "brier": 0.25\n}\n', brier), ok({ brier: 0.25 }));
  assert.deepEqual(parseScorerOutput('{\n  "scores": {\n    "brier": 0.25\n  }\n}', brier), ok({ brier: 0.25 }));
  assert.deepEqual(
    parseScorerOutput('loading {labels}\n{"brier": 0.5}\nmore log\n{"brier": 0.25}\nepoch {3} done }\n', brier),
    ok({ brier: 0.25 }),
  );
  assert.deepEqual(
    parseScorerOutput('{"a}\\"{": 1, "brier": 2.5e-3}', ['a}"{', 'brier']),
    ok({ 'a}"{': 1, brier: 0.0025 }),
  );
  // Refused: nothing, plain text, a Python dict, NaN or Infinity (never falling back to an earlier object).
  assert.deepEqual(parseScorerOutput('', brier), failure('The custom scorer printed nothing on stdout.'));
  assert.deepEqual(
    parseScorerOutput('score: 0.25\n', brier),
    failure('The custom scorer printed no JSON object on stdout; its last line: score: 0.25'),
  );
  assert.deepEqual(
    parseScorerOutput("{'brier': 0.25}\n", brier),
    failure("The custom scorer printed no JSON object on stdout; its last line: {'brier': 0.25}"),
  );
  assert.deepEqual(
    parseScorerOutput('{"brier": 0.5}\n{"brier": NaN}\n', brier),
    failure('The custom scorer printed a score that is not a finite number: {"brier": NaN}'),
  );
  assert.deepEqual(
    parseScorerOutput('{"scores": {"brier": -Infinity}}', brier),
    failure('The custom scorer printed a score that is not a finite number: {"scores": {"brier": -Infinity}}'),
  );
  assert.deepEqual(
    parseScorerOutput('{"brier": 1e999}', brier),
    failure('The custom scorer printed a score that is not a finite number: {"brier": 1e999}'),
  );
  // Refused: a wrong shape, a missing or an undeclared name.
  assert.deepEqual(
    parseScorerOutput('{"brier": "0.5"}', brier),
    failure('The custom scorer\'s score "brier" is not a number ("0.5"): {"brier": "0.5"}'),
  );
  assert.deepEqual(
    parseScorerOutput('{"brier": 0.5, "by_class": {"a": 1}}', ['brier', 'by_class']),
    failure('The custom scorer\'s score "by_class" is not a number ({"a":1}): {"brier": 0.5, "by_class": {"a": 1}}'),
  );
  assert.deepEqual(
    parseScorerOutput('{"scores": {"brier": 0.5}, "rows": 2}', brier),
    failure('The custom scorer\'s output has keys next to "scores" ("rows"): {"scores": {"brier": 0.5}, "rows": 2}'),
  );
  assert.deepEqual(
    parseScorerOutput('{"scores": {"other": 1}}', brier),
    failure('The custom scorer did not print "brier"; the last JSON object it printed: {"scores": {"other": 1}}'),
  );
  assert.deepEqual(
    parseScorerOutput('{"brier": 1, "n_pos": 3, "n_neg": 4}', brier),
    failure(
      'The custom scorer printed "n_pos", "n_neg", not listed in scoring.custom.metrics: list them there with a direction, or stop printing them.',
    ),
  );
});

test('output: a megabyte of unbalanced braces after the scores is read in bounded time', () => {
  const started = performance.now();
  const r = parseScorerOutput(`{"brier": 0.25}\n${'}'.repeat(1024 * 1024 - 20)}`, ['brier']);
  assert.equal(r.ok, false);
  if (!r.ok)
    assert.equal(
      r.detail,
      `The custom scorer printed no JSON object on stdout; its last line: ${'}'.repeat(200)}…\n${SCORER_FORMAT_HINT}`,
    );
  assert.ok(performance.now() - started < 5000);
});

test(
  "what the scorer sees: the whole competition folder at /competition, the dataset's data at $HOLDOUT_DATA, all read-only; the labels only at $HOLDOUT_LABELS",
  engine,
  async () => {
    const { loadCompetition } = await import('../../src/config/load.js');
    const { scoringForDataset } = await import('../../src/scoring/dataset.js');
    const { mkdir } = await import('node:fs/promises');
    const competition = await tempDir();
    const private_ = await tempDir();
    await mkdir(`${competition}/data`, { mode: 0o755 });
    await mkdir(`${competition}/scorer`, { mode: 0o755 });
    await mkdir(`${private_}/data`, { mode: 0o755 });
    await writeIn(competition, 'data/public.csv', 'id\n');
    await writeIn(private_, 'data/query_scenarios.csv', 'scenario_id,queries_path,database_path\n');
    const labels = await writeIn(private_, 'labels.csv', 'id,malignant\na,1\nb,0\nzz,1\n');
    await writeIn(
      competition,
      'competition.yml',
      `name: t
datasets:
  smoke: { data: data, labels: smoke-labels.csv }
  test: { data: ${private_}/data, labels: ${labels} }
scoring:
  metric: brier
  custom: { command: python3 scorer/look.py, image: holdout/base:bookworm, metrics: { brier: minimize }, time: 60s }
`,
    );
    // Reports what it sees on stderr (the detail), then fails on purpose.
    await writeIn(
      competition,
      'scorer/look.py',
      `import os, sys
labels = open(os.environ["HOLDOUT_LABELS"], "rb").read()
copies = []
for root, dirs, files in os.walk("/"):
    if root == "/":
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
    for f in files:
        p = os.path.join(root, f)
        try:
            if os.path.isfile(p) and not os.path.islink(p) and os.path.getsize(p) == len(labels) and open(p, "rb").read() == labels:
                copies.append(p)
        except OSError:
            pass
def writable(d):
    try:
        open(os.path.join(d, "x"), "w")
        return "writable"
    except OSError as e:
        return "read-only" if e.errno == 30 else str(e)
print("cwd", os.getcwd(), file=sys.stderr)
print("competition", sorted(os.listdir("/competition")), writable("/competition"), file=sys.stderr)
print("data", os.environ["HOLDOUT_DATA"], os.environ["HOLDOUT_DATASET"], sorted(os.listdir(os.environ["HOLDOUT_DATA"])), writable(os.environ["HOLDOUT_DATA"]), file=sys.stderr)
print("predictions", os.environ["HOLDOUT_PREDICTIONS"], file=sys.stderr)
print("labels found at", copies, file=sys.stderr)
sys.exit(3)
`,
    );
    const loaded = await loadCompetition(competition);
    const r = await scorePredictions({
      predictionsPath,
      labelsPath: labels,
      scoring: scoringForDataset(loaded, 'test'),
      competitionDir: competition,
    });
    assert.equal(r.kind, 'error');
    if (r.kind !== 'error') return;
    assert.deepEqual({ kind: r.kind, message: r.message, hint: r.hint }, FIXED);
    const seen = r.detail!.split('\n').slice(1, 7).join('\n');
    assert.equal(
      seen,
      `Its last lines on stderr:
cwd /competition
competition ['competition.yml', 'data', 'scorer'] read-only
data /scoring/data test ['query_scenarios.csv'] read-only
predictions /scoring/predictions.csv
labels found at ['/scoring/labels.csv']`,
    );
  },
);
