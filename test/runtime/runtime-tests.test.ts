import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { ensureImage } from '../../src/runtime/image/image.js';
import { runRuntimeTests, runtimeTestArgs } from '../../src/runtime/image/runtime-tests.js';
import { removeImages, runtime, tempTree, testRepository } from './helpers.js';
import { needsEngine } from '../support/docker.js';

const engine = await needsEngine();

/** The production runtime/tests, run inside a Debian-based image (no conda here). */
const TESTS_DIR = path.resolve(import.meta.dirname, '../../runtime/tests');
const repository = testRepository('runtime-tests');

describe('runtime/tests inside an image', engine, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let image: string;

  before(async () => {
    ({ dir, cleanup } = await tempTree({
      'runtime/Dockerfile': 'FROM holdout/base:bookworm\n',
      'good.yml':
        'name: t\nchannels: [conda-forge]\ndependencies:\n  - python=3.11.9\n  - numpy=1.24.2\n  - pandas=1.5.3\n  - scikit-learn=1.2.1\n  - pip:\n    - scipy==1.10.1\n',
      'bad.yml': 'name: t\ndependencies:\n  - numpy=1.24.2\n  - nosuchpkg=1.0.0\n',
    }));
    const built = await ensureImage({
      competitionDir: dir,
      runtime: runtime({ repository, build_network: 'none' }),
      flavor: 'cpu',
    });
    assert.ok(built.ok, JSON.stringify(built));
    image = built.tag;
  });
  after(async () => {
    await removeImages(repository);
    await cleanup();
  });

  it('passes when every listed package imports', async () => {
    const result = await runRuntimeTests({
      image,
      flavor: 'cpu',
      testsDir: TESTS_DIR,
      environmentFile: path.join(dir, 'good.yml'),
      gpus: false,
    });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(result.output, [
      'ok     import numpy  (numpy)',
      'ok     import pandas  (pandas)',
      'ok     import sklearn  (scikit-learn)',
      'ok     import scipy  (scipy)',
      'runtime tests: passed (5 packages listed)',
    ]);
  });

  it('fails, naming the package, when one does not import', async () => {
    const result = await runRuntimeTests({
      image,
      flavor: 'cpu',
      testsDir: TESTS_DIR,
      environmentFile: path.join(dir, 'bad.yml'),
      gpus: false,
    });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'tests_failed');
    assert.equal(
      result.message,
      `runtime/tests failed in the cpu image ${image}: import nosuchpkg  (nosuchpkg): ModuleNotFoundError: No module named 'nosuchpkg'`,
    );
    assert.equal(result.output.at(-1), 'runtime tests: 1 failed: import nosuchpkg');
  });

  it('without a test_environment.py, says so before asking Docker (a package request gets a fail it can read, not a bind-mount error)', async () => {
    const missing = path.join(dir, 'no-tests');
    const result = await runRuntimeTests({
      image,
      flavor: 'cpu',
      testsDir: missing,
      environmentFile: path.join(dir, 'good.yml'),
      gpus: false,
    });
    assert.deepEqual(result.ok ? result : { ...result, seconds: 0 }, {
      ok: false,
      reason: 'tests_missing',
      message: `there is no test_environment.py in ${missing}, so runtime/tests could not run in the cpu image ${image}`,
      hint: 'restore runtime/tests/ (copy it from the Holdout template): it imports every package of the environment file',
      output: [],
      seconds: 0,
    });
  });

  it('on a GPU image that must have a GPU, fails (never skips) when CUDA is not usable', async () => {
    // The Debian image has no torch and the container no NVIDIA device: the test must fail, not skip.
    const args = runtimeTestArgs({
      image,
      flavor: 'gpu',
      testsDir: TESTS_DIR,
      environmentFile: path.join(dir, 'good.yml'),
      gpus: false,
    }).map((a) => (a === 'HOLDOUT_EXPECT_GPU=0' ? 'HOLDOUT_EXPECT_GPU=1' : a));
    const result = await execa('docker', args, { reject: false, all: true });
    assert.equal(result.exitCode, 1);
    assert.match(
      result.all ?? '',
      /^FAILED CUDA is not usable: no NVIDIA device is visible in the container \(run it with --gpus all\)$/m,
    );
    assert.match(result.all ?? '', /^runtime tests: 1 failed: cuda$/m);
  });

  it('runs with the network off, unprivileged and read-only', () => {
    const args = runtimeTestArgs({
      image,
      flavor: 'gpu',
      testsDir: TESTS_DIR,
      environmentFile: '/x/env.yml',
      gpus: true,
    });
    const joined = args.join(' ');
    for (const flag of [
      '--network none',
      '--user 1000:1000',
      '--read-only',
      '--cap-drop ALL',
      '--security-opt no-new-privileges',
      '--gpus all',
      'HOLDOUT_EXPECT_GPU=1',
    ]) {
      assert.ok(joined.includes(flag), `missing ${flag}`);
    }
  });
});
