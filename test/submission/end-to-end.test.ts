/**
 * Executable entry points (issue 9.5): DrivenData-style runtimes run `./main` when the
 * submission marks it executable — a script with a #! line or a compiled program, in
 * any language. The whole way: a folder, a zip `holdout pack` made, staged and run in
 * the sandbox of the demo competition with `command: ./main`.
 */
import assert from 'node:assert/strict';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { packSubmission } from '../../src/submission/pack.js';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';
import { rules } from './helpers.js';

const engine = await needsEngine();
const MiB = 1024 * 1024;
const DEMO = path.resolve(import.meta.dirname, '../../examples/demo');

/** Reads the ids of data/features.csv and writes a 0.5 for each: the demo's output, in C. */
const MAIN_C = String.raw`#include <stdio.h>
#include <string.h>
int main(void) {
  FILE *in = fopen("data/features.csv", "r");
  FILE *out = fopen("submission/submission.csv", "w");
  if (!in || !out) { perror("open"); return 1; }
  char line[65536];
  fgets(line, sizeof line, in); /* header */
  fputs("id,malignant\n", out);
  int rows = 0;
  while (fgets(line, sizeof line, in)) {
    char *comma = strchr(line, ',');
    if (!comma) continue;
    *comma = '\0';
    fprintf(out, "%s,0.5\n", line);
    rows++;
  }
  fclose(out);
  printf("compiled main wrote %d rows\n", rows);
  return 0;
}
`;

const MAIN_SH = `#!/bin/sh
set -eu
echo "id,malignant" > submission/submission.csv
tail -n +2 data/features.csv | cut -d, -f1 | sed 's/$/,0.5/' >> submission/submission.csv
echo "shell main wrote $(($(wc -l < submission/submission.csv) - 1)) rows"
`;

/**
 * cc -o main main.c in `dir`: with the base image's cc (the runtime is built on that image,
 * so the program finds its libc), else statically with the host's. Never skipped: neither is a failure.
 */
async function compile(dir: string): Promise<void> {
  const { uid, gid } = os.userInfo();
  const inImage = await execa(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--user',
      `${uid}:${gid}`,
      '--volume',
      `${dir}:/w`,
      '--workdir',
      '/w',
      BASE_IMAGE,
      'cc',
      '-O2',
      '-o',
      'main',
      'main.c',
    ],
    { reject: false },
  );
  if (inImage.exitCode === 0) return;
  const onHost = await execa('cc', ['-O2', '-static', '-o', 'main', 'main.c'], { cwd: dir, reject: false });
  assert.equal(
    onHost.exitCode,
    0,
    `no C compiler: neither ${BASE_IMAGE} (${inImage.stderr}) nor this machine (${onHost.stderr}) could build main.c`,
  );
}

describe('submissions run in the sandbox: ./main entry points, large files', engine, () => {
  let competition: string;

  before(async () => {
    // Not tempDir(): an after() registered inside a before hook runs when the hook ends.
    competition = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-entry-point-'));
    await cp(DEMO, competition, { recursive: true, filter: (src) => !src.includes(`${path.sep}submissions`) });
    const yml = await readFile(path.join(competition, 'competition.yml'), 'utf8');
    // The template's max_size (500MiB): what lets a file GitHub refuses through.
    const edited = yml
      .replace('entry_point: main.py', 'entry_point: main')
      .replace('command: python3 main.py', 'command: ./main')
      .replace('max_size: 50MiB', 'max_size: 500MiB');
    assert.notEqual(edited, yml);
    await writeFile(path.join(competition, 'competition.yml'), edited);
  });
  after(() => rm(competition, { recursive: true, force: true }));

  async function submission(files: Record<string, string>, executable?: boolean): Promise<string> {
    const dir = path.join(await tempDir('holdout-test-entry-sub-'), 'alice');
    await mkdir(dir);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    if (executable !== undefined) await chmod(path.join(dir, 'main'), executable ? 0o755 : 0o644);
    return dir;
  }

  test('a shell script with a #! line, marked executable, runs and is scored', async () => {
    const sub = await submission({ main: MAIN_SH }, true);
    const report = await evaluate({ competitionDir: competition, submission: sub, dataset: 'smoke' });
    assert.equal(report.status, 'success', `${report.message}\n${report.hint}`);
    assert.deepEqual(report.log.head, ['shell main wrote 50 rows']);
    assert.ok(Math.abs(report.scores.log_loss! - Math.log(2)) < 1e-12, String(report.scores.log_loss));
  });

  test("a compiled program (built with the base image's cc), packed by holdout pack, runs from the zip", async () => {
    const sub = await submission({ 'main.c': MAIN_C });
    await compile(sub);
    const head = await readFile(path.join(sub, 'main'));
    assert.equal(head.subarray(0, 4).toString('latin1'), '\x7fELF', 'main is a compiled program');
    const zip = path.join(path.dirname(sub), 'submission.zip');
    const packed = await packSubmission(sub, zip, rules({ entryPoint: 'main', maxSize: 50 * 1024 * 1024 }));
    assert.equal(packed.ok, true, JSON.stringify(packed));

    const report = await evaluate({ competitionDir: competition, submission: zip, dataset: 'smoke' });
    assert.equal(report.status, 'success', `${report.message}\n${report.hint}`);
    assert.deepEqual(report.log.head, ['compiled main wrote 50 rows']);
    assert.ok(Math.abs(report.scores.log_loss! - Math.log(2)) < 1e-12, String(report.scores.log_loss));
  });

  test('holdout test warns, before the run, about a file GitHub refuses to push; the run goes on', async () => {
    const sub = await submission({ main: MAIN_SH, 'model.bin': '' }, true);
    await truncate(path.join(sub, 'model.bin'), 101 * MiB); // sparse: the size without the disk
    const stages: string[] = [];
    const report = await evaluate({
      competitionDir: competition,
      submission: sub,
      dataset: 'smoke',
      onProgress: (stage, detail) => stages.push(`${stage}: ${detail}`),
    });
    assert.equal(report.status, 'success', `${report.message}\n${report.hint}`);
    assert.ok(
      stages.includes(
        'validate: warning: model.bin (101.00 MiB) is over 100 MiB: GitHub refuses to push a file that large, so a pull request cannot carry it; ' +
          'make it smaller, split it into parts under 100 MiB, or pack the folder into one submission.zip (holdout pack) if that comes out under 100 MiB ' +
          '(docs/submissions.md, "Large files and models")',
      ),
      stages.join('\n'),
    );
  });

  test('a submission over max_size is refused naming its largest files', async () => {
    const sub = await submission({ main: MAIN_SH, 'weights.bin': '', 'extra.bin': '' }, true);
    await truncate(path.join(sub, 'weights.bin'), 480 * MiB);
    await truncate(path.join(sub, 'extra.bin'), 30 * MiB);
    const report = await evaluate({ competitionDir: competition, submission: sub, dataset: 'smoke' });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'invalid_submission');
    assert.equal(
      report.message,
      `alice/ was refused: its files add up to more than 500 MiB (submission.max_size); the largest: weights.bin (480.00 MiB), extra.bin (30.00 MiB), main (${MAIN_SH.length} B)`,
    );
  });

  test("the same script without its execute bit is not made executable: the run fails as it would on the participant's machine", async () => {
    const sub = await submission({ main: MAIN_SH }, false);
    const report = await evaluate({ competitionDir: competition, submission: sub, dataset: 'smoke' });
    assert.equal(report.status, 'failed');
    assert.equal(report.reason, 'crash');
    assert.equal(report.exit_code, 126);
  });
});
