/** `holdout test` as a participant runs it: exit codes, --json, usage errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const CLI = path.resolve('src/cli/index.ts');

function holdout(args: string[], env: Record<string, string> = {}) {
  return execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, env, stdin: 'ignore' });
}

describe('holdout test: usage and configuration errors exit 2', () => {
  test('an unknown flag', async () => {
    const r = await holdout(['test', 'x', '--bogus']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });
  test('a bad --memory', async () => {
    const r = await holdout(['test', 'x', '--competition', DEMO, '--memory', 'lots']);
    assert.equal(r.exitCode, 2);
    assert.equal(r.stderr.trim(), 'holdout: --memory: "lots" is not a size of at least 6MiB (e.g. 512MiB, 2GiB)');
  });
  test('a bad --time-limit', async () => {
    const r = await holdout(['test', 'x', '--competition', DEMO, '--time-limit', 'forever']);
    assert.equal(r.exitCode, 2);
    assert.equal(r.stderr.trim(), 'holdout: --time-limit: "forever" is not a duration (e.g. 90s, 10m, 1h)');
  });
  test('an unknown dataset', async () => {
    const r = await holdout(['test', 'x', '--dataset', 'train']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /argument 'train' is invalid\. Allowed choices are smoke, test/);
  });
  test('no competition.yml', async () => {
    const dir = await tempDir();
    const r = await holdout(['test', 'x', '--competition', dir]);
    assert.equal(r.exitCode, 2);
    assert.equal(
      r.stderr.trim(),
      `holdout: no competition.yml in ${dir}: run holdout from a competition folder or pass --competition DIR`,
    );
  });
  test('an invalid competition.yml names the key and line', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'competition.yml'),
      'name: x\ndatasets:\n  smoke: {data: d, labels: l.csv}\nscoring:\n  columns: [p]\nlimits:\n  memory: huge\n',
    );
    const r = await holdout(['test', 'x', '--competition', dir]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /competition\.yml:7: limits\.memory: "huge" is not a size/);
  });
  test('dataset files missing on this machine', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'competition.yml'),
      'name: x\ndatasets:\n  smoke: {data: nowhere, labels: l.csv}\nscoring:\n  columns: [p]\n',
    );
    const r = await holdout(['test', 'x', '--competition', dir]);
    assert.equal(r.exitCode, 2);
    assert.equal(
      r.stderr.trim(),
      `holdout: competition.yml does not match the data on this machine (2 problems):\n  competition.yml:3: datasets.smoke.data: the folder nowhere (${path.join(dir, 'nowhere')}) does not exist: put the public sample there (it is mounted read-only at /code_execution/data), or write the folder that holds it\n  competition.yml:3: datasets.smoke.labels: the file l.csv (${path.join(dir, 'l.csv')}) does not exist: put the labels there (a CSV whose header holds id,p), or write the path of the labels file`,
    );
  });
});

describe('holdout test: outcomes and exit codes', engine, () => {
  test('success: exit 0 and a JSON report with the documented fields', async () => {
    const r = await holdout(['test', path.join(DEMO, 'submissions/benchmark'), '--competition', DEMO, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'success');
    assert.equal(report.reason, null);
    assert.equal(typeof report.scores.log_loss, 'number');
    assert.equal(typeof report.duration_s, 'number');
    assert.equal(report.exit_code, 0);
    assert.deepEqual(Object.keys(report.log).sort(), ['file', 'head', 'lines', 'tail', 'truncated']);
    assert.equal(report.log.lines, 1);
    assert.equal(report.log.truncated, false);
  });

  test('a participant failure: exit 1, readable report with the reproduce lines', async () => {
    const r = await holdout(['test', path.join(DEMO, 'submissions/broken-crash'), '--competition', DEMO]);
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /^FAILED · crash · dataset smoke · /m);
    assert.match(r.stdout, /KeyError: 'diagnosis'/);
    assert.match(
      r.stdout,
      /^Reproduce:\n {2}holdout test .*broken-crash --competition .* --dataset smoke\n {2}docker run --rm --network none /m,
    );
    assert.match(r.stderr, /\[\d+s\] run: running python3 main\.py/);
    assert.match(r.stderr, /│ Traceback \(most recent call last\):/);
  });

  test('an unreachable engine is our error: exit 3, status error', async () => {
    const r = await holdout(['test', path.join(DEMO, 'submissions/benchmark'), '--competition', DEMO, '--json'], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    assert.equal(r.exitCode, 3);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'error');
    assert.equal(report.reason, 'engine_unavailable');
    assert.match(report.hint, /not the submission's fault/);
  });
});

describe('holdout test --gpu', engine, () => {
  test('a competition without a GPU runtime: a configuration error, exit 2', async () => {
    const r = await holdout(['test', path.join(DEMO, 'submissions/benchmark'), '--competition', DEMO, '--gpu']);
    assert.equal(r.exitCode, 2);
    assert.equal(
      r.stderr.trim(),
      'holdout: a GPU run was asked for (--gpu or limits.gpus), but competition.yml has no runtime.gpu image',
    );
  });

  test('a machine without a GPU: error gpu_unavailable, exit 3, nothing built', async (t) => {
    if ((await readdir('/dev')).some((n) => /^nvidia\d+$/.test(n))) return t.skip('this machine has a GPU');
    const dir = await tempDir();
    await cp(DEMO, dir, { recursive: true });
    const yml = path.join(dir, 'competition.yml');
    await writeFile(
      yml,
      (await readFile(yml, 'utf8')).replace(
        '  build_network: none',
        '  gpu:\n    dockerfile: runtime/Dockerfile\n    context: runtime\n  build_network: none',
      ),
    );
    const r = await holdout(['test', path.join(dir, 'submissions/benchmark'), '--competition', dir, '--gpu', '--json']);
    assert.equal(r.exitCode, 3);
    const report = JSON.parse(r.stdout);
    assert.equal(report.status, 'error');
    assert.equal(report.reason, 'gpu_unavailable');
    assert.equal(
      report.message,
      'A GPU run was asked for, but this machine has no NVIDIA GPU (no /dev/nvidia* device).',
    );
    assert.equal(report.image, null);
    assert.doesNotMatch(r.stderr, /building/);
  });
});

test('labels inside the data folder are refused before anything runs (they would be mounted)', async () => {
  const dir = await tempDir();
  await mkdir(path.join(dir, 'data'), { recursive: true });
  await writeFile(path.join(dir, 'data/labels.csv'), 'id,p\n');
  await writeFile(
    path.join(dir, 'competition.yml'),
    'name: x\ndatasets:\n  smoke: {data: data, labels: data/labels.csv}\nscoring:\n  columns: [p]\n',
  );
  const r = await holdout(['test', 'x', '--competition', dir]);
  assert.equal(r.exitCode, 2);
  assert.equal(
    r.stderr.trim(),
    'holdout: competition.yml does not match the data on this machine (1 problem):\n  competition.yml:3: datasets.smoke.labels: data/labels.csv is inside datasets.smoke.data (data), which is mounted into the sandbox where the submission can read it: move the labels out of that folder and write their new path here',
  );
});
