/**
 * The runtime image is not trusted by its tag alone (issue 8, section 7): an
 * image planted under the content tag — by anything that once reached the
 * runner's engine — is refused (image_untrusted) or built over, never run.
 * Real engine; each test's records in a folder of its own (HOLDOUT_STATE_DIR).
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { execa } from 'execa';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { ensureImage, imageTagFor } from '../../src/runtime/image/image.js';
import { CONTENT_LABEL, judgeImage, readRecord, recordsDir } from '../../src/runtime/image/image-trust.js';
import { needsEngine } from '../support/docker.js';
import { removeImages, runtime, tempTree, testRepository } from './helpers.js';

const engine = await needsEngine();
const repository = testRepository('trust');
const DEMO = path.resolve('examples/demo');

/** Put another image under `tag`: FROM the base image, with these labels. */
async function plant(tag: string, labels: Record<string, string> = {}): Promise<string> {
  const args = [
    'build',
    '--network',
    'none',
    '--quiet',
    '--tag',
    tag,
    ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    '-',
  ];
  const { stdout } = await execa('docker', args, {
    input: 'FROM holdout/base:bookworm\nRUN echo planted > /opt/planted\n',
  });
  return stdout.trim();
}

const labelOf = async (tag: string) =>
  (await execa('docker', ['image', 'inspect', '--format', `{{index .Config.Labels "${CONTENT_LABEL}"}}`, tag])).stdout;
const idOf = async (tag: string) => (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', tag])).stdout;

test('judgeImage: a record of another ID or a label of other content is refused; no label and no record is built over', () => {
  const content = 'c'.repeat(64);
  const record = { tag: 't', id: 'sha256:aaa', content };
  assert.deepEqual(judgeImage({ id: 'sha256:aaa', content }, content, record), { kind: 'trusted' });
  assert.deepEqual(judgeImage({ id: 'sha256:aaa', content }, content, undefined), { kind: 'trusted' });
  assert.equal(judgeImage({ id: 'sha256:bbb', content }, content, record).kind, 'untrusted');
  assert.equal(judgeImage({ id: 'sha256:aaa', content: 'd'.repeat(64) }, content, undefined).kind, 'untrusted');
  assert.deepEqual(judgeImage({ id: 'sha256:bbb', content: undefined }, content, undefined), { kind: 'unlabelled' });
  assert.equal(judgeImage({ id: 'sha256:bbb', content: undefined }, content, record).kind, 'untrusted');
});

describe('ensureImage checks the image under the content tag', engine, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const rt = () => runtime({ repository, build_network: 'none' });

  before(async () => {
    ({ dir, cleanup } = await tempTree({
      'runtime/Dockerfile': 'FROM holdout/base:bookworm\nCOPY marker /opt/marker\n',
      'runtime/marker': 'runtime\n',
    }));
  });
  beforeEach(async () => {
    process.env.HOLDOUT_STATE_DIR = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-state-'));
    await removeImages(repository);
  });
  after(async () => {
    delete process.env.HOLDOUT_STATE_DIR;
    await removeImages(repository);
    await cleanup();
  });

  test('a build labels the image with its full content hash and records its ID outside the engine', async () => {
    const built = await ensureImage({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.ok(built.ok && built.built, JSON.stringify(built));
    const label = await labelOf(built.tag);
    assert.match(label, /^[0-9a-f]{64}$/);
    assert.ok(built.tag.endsWith(`:cpu-${label.slice(0, 12)}`), 'the tag holds the first 12 hex of the label');
    assert.deepEqual(await readRecord(built.tag, recordsDir()), {
      tag: built.tag,
      id: await idOf(built.tag),
      content: label,
    });
    assert.equal(built.id, await idOf(built.tag));
    const again = await ensureImage({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.deepEqual(again.ok && [again.built, again.id], [false, built.id]);
  });

  test('an image planted under the tag after Holdout built it is refused as image_untrusted, even with the right label', async () => {
    const built = await ensureImage({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.ok(built.ok);
    const planted = await plant(built.tag, { [CONTENT_LABEL]: await labelOf(built.tag) });
    const result = await ensureImage({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.deepEqual(result.ok ? 'ok' : [result.reason, result.message], [
      'image_untrusted',
      `the runtime image ${built.tag} is not the one Holdout built or pulled for these build inputs: Holdout recorded image ${built.id!.slice(7, 19)} for it, and the engine now has ${planted.slice(7, 19)} under that tag`,
    ]);
    assert.ok(!result.ok);
    assert.match(
      result.hint,
      /treat this runner as compromised and replace it \(an ephemeral runner, which starts clean for every job, is the recommended setup\); otherwise remove it \(docker image rm .*\) and run again/,
    );
    assert.equal(await idOf(built.tag), planted, 'nothing was rebuilt over the evidence');
  });

  test('an image planted before Holdout ever built the tag, labelled for other content, is refused', async () => {
    // A fresh record folder (beforeEach): this machine has never made the tag.
    await plant(await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' }), {
      [CONTENT_LABEL]: 'f'.repeat(64),
    });
    const result = await ensureImage({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.equal(!result.ok && result.reason, 'image_untrusted');
    assert.match(
      !result.ok ? result.message : '',
      /label names other build inputs \(ffffffffffff…, expected [0-9a-f]{12}…\)$/,
    );
  });

  test('an unlabelled image under the tag (planted, or made by an older Holdout) is never run: it is built over', async () => {
    const tag = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    const planted = await plant(tag);
    const lines: string[] = [];
    const result = await ensureImage({
      competitionDir: dir,
      runtime: rt(),
      flavor: 'cpu',
      onProgress: (l) => lines.push(l),
    });
    assert.ok(result.ok && result.built, JSON.stringify(result));
    assert.notEqual(await idOf(tag), planted);
    assert.match(await labelOf(tag), /^[0-9a-f]{64}$/);
    assert.ok(
      lines.some((l) => l.startsWith(`holdout: ${tag} carries no ${CONTENT_LABEL} label`)),
      lines.join('\n'),
    );
    const { stdout } = await execa('docker', ['run', '--rm', '--network', 'none', tag, 'cat', '/opt/marker']);
    assert.equal(stdout, 'runtime');
  });

  test('the pipeline reports a planted image as error image_untrusted and runs nothing', async () => {
    const competitionDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'holdout-test-trust-demo-')), 'demo');
    await cp(DEMO, competitionDir, { recursive: true });
    const yml = path.join(competitionDir, 'competition.yml');
    await writeFile(
      yml,
      (await readFile(yml, 'utf8')).replace('repository: holdout/demo-runtime', `repository: ${repository}`),
    );
    const first = await evaluate({
      competitionDir,
      submission: path.join(DEMO, 'submissions/benchmark'),
      dataset: 'smoke',
    });
    assert.equal(first.status, 'success', first.message);
    await plant(first.image!, { [CONTENT_LABEL]: await labelOf(first.image!) });
    const report = await evaluate({
      competitionDir,
      submission: path.join(DEMO, 'submissions/benchmark'),
      dataset: 'smoke',
    });
    assert.deepEqual([report.status, report.reason], ['error', 'image_untrusted']);
    assert.match(
      report.message,
      /^the runtime image .* is not the one Holdout built or pulled for these build inputs: Holdout recorded image/,
    );
    assert.deepEqual(
      [report.exit_code, report.log.lines, report.reproduce.docker],
      [null, 0, null],
      'the submission never ran',
    );
  });
});
