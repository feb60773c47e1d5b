/**
 * Issue 8, section 3: the organizer's scorer never runs in an image participants can shape,
 * `holdout score` and `holdout test` find its image the same way, and what it prints never
 * reaches a report. Real engine; images built here are LABEL-only (no network, seconds).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { runtimeSection } from '../../src/config/runtime.js';
import { scoringSection } from '../../src/config/scoring.js';
import { evaluate } from '../../src/pipeline/evaluate.js';
import {
  resolveScorerImage,
  scorerImagePinProblem,
  scorerImageRuntimeConflict,
  SCORER_FAILED_HINT,
  SCORER_FAILED_MESSAGE,
} from '../../src/scoring/custom-scorer.js';
import { scorePredictions } from '../../src/scoring/score.js';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { tempDir, writeIn } from './helpers.js';

const engine = await needsEngine();
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const CLI = path.resolve('src/cli/index.ts');

function custom(image: unknown) {
  return scoringSection.safeParse({
    columns: ['malignant'],
    metric: 'log_loss',
    custom: { command: 'python3 score.py', image, metrics: { brier: 'minimize' } },
  });
}

describe('scoring.custom.image must be pinned by the organizer', () => {
  test('missing: refused, never defaulted to the runtime image', () => {
    const r = custom(undefined);
    assert.equal(r.success, false);
    assert.deepEqual(
      r.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [
        [
          'custom.image',
          "is required: the scorer runs in an image you pin, never in the participants' runtime (see docs/scoring.md)",
        ],
      ],
    );
  });

  test('a registry name without a digest is refused; with one, accepted', () => {
    assert.equal(
      scorerImagePinProblem('ghcr.io/org/scorer:v1'),
      "names the registry ghcr.io but no digest: pin it as ghcr.io/org/scorer@sha256:<digest> (docker buildx imagetools inspect or docker inspect --format '{{index .RepoDigests 0}}' prints it)",
    );
    assert.match(
      scorerImagePinProblem('localhost:5000/scorer') ?? '',
      /^names the registry localhost:5000 but no digest/,
    );
    assert.match(
      scorerImagePinProblem('docker.io/library/python:3.12') ?? '',
      /^names the registry docker\.io but no digest/,
    );
    assert.equal(custom('ghcr.io/org/scorer:v1').success, false);
    assert.equal(scorerImagePinProblem(`ghcr.io/org/scorer@${DIGEST}`), undefined);
    assert.equal(scorerImagePinProblem(`ghcr.io/org/scorer:v1@${DIGEST}`), undefined);
    assert.equal(
      scorerImagePinProblem('ghcr.io/org/scorer@sha256:1234'),
      'a digest must be @sha256: followed by 64 hex digits',
    );
  });

  test('a local image ID and a local tag (never pulled) are accepted', () => {
    assert.equal(scorerImagePinProblem(DIGEST), undefined);
    assert.equal(scorerImagePinProblem('sha256:abc'), 'an image ID must be sha256: followed by 64 hex digits');
    assert.equal(scorerImagePinProblem('my-scorer:2024'), undefined);
    assert.equal(scorerImagePinProblem('holdout/base:bookworm'), undefined);
    assert.equal(custom('my-scorer:2024').success, true);
  });

  test('the runtime image by name (runtime.repository, runtime.<flavor>.image) is refused', () => {
    const runtime = runtimeSection.parse({
      repository: 'ghcr.io/org/runtime',
      gpu: { image: 'ghcr.io/org/gpu-runtime:12' },
    });
    assert.match(
      scorerImageRuntimeConflict(`ghcr.io/org/runtime@${DIGEST}`, runtime) ?? '',
      /is the participants' runtime image/,
    );
    assert.match(
      scorerImageRuntimeConflict(`ghcr.io/org/gpu-runtime@${DIGEST}`, runtime) ?? '',
      /is the participants' runtime image/,
    );
    assert.match(
      scorerImageRuntimeConflict('holdout/runtime:cpu-0123456789ab', runtimeSection.parse({})) ?? '',
      /is the participants' runtime image/,
    );
    assert.equal(scorerImageRuntimeConflict(`ghcr.io/org/scorer@${DIGEST}`, runtime), undefined);
  });
});

describe('resolveScorerImage on the engine: present, and not derived from a runtime', engine, () => {
  const tag = `holdout-test/scorer-${randomBytes(4).toString('hex')}`;
  const built: string[] = [];
  after(() => execa('docker', ['rmi', '--force', ...built], { reject: false }));
  /** A LABEL-only image: no RUN step, so it builds offline in a second. */
  async function build(name: string, dockerfile: string): Promise<string> {
    await execa('docker', ['build', '--quiet', '--network', 'none', '-t', name, '-'], { input: dockerfile });
    built.push(name);
    return name;
  }
  const section = (image: string) =>
    scoringSection.parse({
      columns: ['malignant'],
      metric: 'log_loss',
      custom: { command: 'true', image, metrics: { brier: 'minimize' } },
    }).custom!;
  const refusal =
    "The organizer's scorer is not set up to run: its image is not pinned apart from the participants' runtime.";

  test('an image built FROM a runtime image Holdout built (it inherits the holdout.runtime label) is refused', async () => {
    const runtime = await build(`${tag}:runtime`, `FROM ${BASE_IMAGE}\nLABEL holdout.runtime=true\n`);
    const derived = await build(`${tag}:from-runtime`, `FROM ${runtime}\nLABEL purpose=scorer\n`);
    const r = await resolveScorerImage(section(derived), runtimeSection.parse({}));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.message, refusal);
    assert.equal(r.hint, SCORER_FAILED_HINT);
    assert.match(
      r.detail,
      /carries the holdout\.runtime label: it is a runtime image Holdout built, or an image built FROM one/,
    );
  });

  test('an image built FROM a ready-made runtime.cpu.image (no label of ours) is refused by its layers', async () => {
    const derived = await build(`${tag}:from-ready-made`, `FROM ${BASE_IMAGE}\nLABEL purpose=scorer\n`);
    const runtime = runtimeSection.parse({ cpu: { image: BASE_IMAGE } });
    const r = await resolveScorerImage(section(derived), runtime);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.detail, /is, or is built FROM, the runtime image runtime\.<flavor>\.image/);
    // The same image with another runtime is fine.
    assert.deepEqual(await resolveScorerImage(section(derived), runtimeSection.parse({})), {
      ok: true,
      image: derived,
    });
  });

  test('a local tag that is not on this machine: an error of ours, never a pull', async () => {
    const r = await resolveScorerImage(section(`${tag}:never-built`), runtimeSection.parse({}));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.message, "The organizer's scorer could not run: its image is not on this machine.");
    assert.match(r.detail, /Holdout pulls only references pinned by digest\.$/);
  });

  test('an image ID is accepted as it is', async () => {
    const id = (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE])).stdout.trim();
    assert.deepEqual(await resolveScorerImage(section(id), runtimeSection.parse({})), { ok: true, image: id });
  });

  test('scorePredictions refuses to run the scorer in the runtime image: the fixed sentence, the reason in the detail', async () => {
    const dir = await tempDir();
    const labelsPath = await writeIn(dir, 'labels.csv', 'id,malignant\na,1\n');
    const predictionsPath = await writeIn(dir, 'pred.csv', 'id,malignant\na,0.5\n');
    const scoring = scoringSection.parse({
      columns: ['malignant'],
      metric: 'log_loss',
      custom: { command: 'true', image: 'holdout/demo-runtime:cpu-0123456789ab', metrics: { brier: 'minimize' } },
    });
    const r = await scorePredictions({
      predictionsPath,
      labelsPath,
      scoring,
      competitionDir: dir,
      runtime: runtimeSection.parse({ repository: 'holdout/demo-runtime' }),
    });
    assert.equal(r.kind, 'error');
    if (r.kind !== 'error') return;
    assert.equal(r.message, refusal);
    assert.match(
      r.detail ?? '',
      /^scoring\.custom\.image: holdout\/demo-runtime:cpu-0123456789ab is the participants' runtime image/,
    );
  });
});

/** A copy of the demo whose scoring adds a custom scorer in `image` (or none), running score.py in `mode`. */
async function demoWithScorer(image: string | undefined, mode: string): Promise<string> {
  const dir = await tempDir();
  await cp(path.resolve('examples/demo'), dir, { recursive: true });
  const yml = path.join(dir, 'competition.yml');
  const scorer = `  secondary:\n    - brier\n  custom:\n    command: [python3, score.py, ${mode}]\n${image ? `    image: ${image}\n` : ''}    metrics: { brier: minimize }\n`;
  const text = await readFile(yml, 'utf8');
  assert.equal(text.split('\n  metric: log_loss\n').length, 2, 'the demo scores with log_loss');
  await writeFile(yml, text.replace('\n  metric: log_loss\n', `\n  metric: log_loss\n${scorer}`));
  await writeFile(
    path.join(dir, 'score.py'),
    `import json, os, sys
labels = open(os.environ["HOLDOUT_LABELS"]).read().splitlines()[1:]
if sys.argv[1] == "leak":
    print(";".join(labels))  # what a .pth hook in the runtime image printed
else:
    preds = dict(l.split(",") for l in open(os.environ["HOLDOUT_PREDICTIONS"]).read().splitlines()[1:])
    y = dict(l.split(",") for l in labels)
    print(json.dumps({"scores": {"brier": sum((float(preds[i]) - float(v)) ** 2 for i, v in y.items()) / len(y)}}))
`,
  );
  return dir;
}

describe("holdout score and holdout test resolve the scorer's image the same way", engine, () => {
  const holdout = (args: string[]) =>
    execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, stdin: 'ignore' });

  test('with scoring.custom.image set, both run the scorer in it', async () => {
    const dir = await demoWithScorer(BASE_IMAGE, 'ok');
    const t = await holdout(['test', path.join(dir, 'submissions/benchmark'), '--competition', dir, '--json']);
    assert.equal(t.exitCode, 0, t.stderr);
    const report = JSON.parse(t.stdout);
    assert.equal(typeof report.scores.brier, 'number');
    // Right after `holdout test` (which built or found the runtime): `holdout score` finds the scorer's image too.
    const predictions = path.join(dir, 'pred.csv');
    const labels = (await readFile(path.join(dir, 'data/smoke_labels.csv'), 'utf8')).trim().split('\n').slice(1);
    await writeFile(predictions, `id,malignant\n${labels.map((l) => `${l.split(',')[0]},0.5`).join('\n')}\n`);
    const s = await holdout(['score', predictions, '--competition', dir, '--json']);
    assert.equal(s.exitCode, 0, s.stdout + s.stderr);
    assert.equal(JSON.parse(s.stdout).scores.brier, 0.25);
  });

  test('without scoring.custom.image, both refuse the configuration with the same words (exit 2)', async () => {
    const dir = await demoWithScorer(undefined, 'ok');
    const t = await holdout(['test', path.join(dir, 'submissions/benchmark'), '--competition', dir]);
    const s = await holdout(['score', path.join(dir, 'data/smoke_labels.csv'), '--competition', dir]);
    assert.equal(t.exitCode, 2);
    assert.equal(s.exitCode, 2);
    assert.match(
      t.stderr,
      /scoring\.custom\.image: is required: the scorer runs in an image you pin, never in the participants' runtime/,
    );
    assert.equal(s.stderr, t.stderr);
  });

  test('a scorer printing the labels: the report (what artifacts and comments carry) holds only the fixed sentence', async () => {
    const dir = await demoWithScorer(BASE_IMAGE, 'leak');
    const labels = (await readFile(path.join(dir, 'data/smoke_labels.csv'), 'utf8')).trim().split('\n').slice(1);
    const leaked = labels.join(';');

    const t = await holdout(['test', path.join(dir, 'submissions/benchmark'), '--competition', dir, '--json']);
    assert.equal(t.exitCode, 3);
    const report = JSON.parse(t.stdout);
    assert.equal(report.status, 'error');
    assert.equal(report.reason, 'scorer_failed');
    assert.equal(report.message, SCORER_FAILED_MESSAGE);
    assert.equal(report.hint, SCORER_FAILED_HINT);
    assert.ok(!t.stdout.includes(labels[0]!), 'no label in the report');
    // The organizer at this machine sees it on stderr.
    assert.ok(
      t.stderr.includes(
        `Organizer's detail (shown on this machine only, never in a report):\n  The custom scorer printed no JSON object on stdout; its last line: ${leaked.slice(0, 200)}`,
      ),
      t.stderr,
    );

    // The pipeline keeps it in scorer.log in its work dir, next to the submission's log.
    const workDir = await tempDir();
    const r = await evaluate({
      competitionDir: dir,
      submission: path.join(dir, 'submissions/benchmark'),
      dataset: 'smoke',
      workDir,
    });
    assert.equal(r.message, SCORER_FAILED_MESSAGE);
    assert.ok(!JSON.stringify(r).includes(labels[0]!));
    assert.match(
      await readFile(path.join(workDir, 'scorer.log'), 'utf8'),
      /^The custom scorer printed no JSON object on stdout; its last line: t\d{4},[01];/,
    );
  });
});
