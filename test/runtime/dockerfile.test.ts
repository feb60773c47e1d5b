import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lintRuntimeDockerfile } from './dockerfile-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('runtime/Dockerfile (checked statically: built on GitHub runners)', () => {
  it('passes the linter and the project rules', async () => {
    const text = await readFile(path.join(ROOT, 'runtime/Dockerfile'), 'utf8');
    assert.deepEqual(lintRuntimeDockerfile(text), []);
  });

  it('installs the conda environment with micromamba and runs the smoke tests from the image', async () => {
    const text = await readFile(path.join(ROOT, 'runtime/Dockerfile'), 'utf8');
    assert.match(text, /micromamba install --yes --name base --file \/tmp\/environment\.yml/);
    assert.match(text, /CONDA_OVERRIDE_CUDA/);
  });

  it('catches each rule on a bad Dockerfile', () => {
    const bad = [
      'FROM mambaorg/micromamba:latest',
      'ADD https://example.com/x.tar.gz /x',
      'RUN curl -s https://example.com/i.sh | sh',
      'RUN micromamba install -y numpy',
      'USER root',
      'FOO bar',
      '',
    ].join('\n');
    assert.deepEqual(lintRuntimeDockerfile(bad), [
      {
        line: 1,
        message: 'base image "mambaorg/micromamba:latest" must be pinned to a version tag or digest, not latest',
      },
      { line: 1, message: 'ARG FLAVOR must be declared after FROM (holdout build passes --build-arg FLAVOR=cpu|gpu)' },
      {
        line: 1,
        message:
          'the environment must come from environment.yml (COPY environment.yml …), which holdout build places in the context',
      },
      { line: 1, message: 'runtime tests must be copied into the image (COPY tests/ /opt/holdout/runtime-tests/)' },
      { line: 2, message: 'ADD from a URL downloads unverified content; use a pinned package instead' },
      { line: 3, message: 'piping a download into a shell runs unverified code' },
      {
        line: 4,
        message: 'clean the package cache in the same RUN (micromamba clean --all --yes), or it stays in the image',
      },
      { line: 5, message: 'the image must end with a non-root USER (e.g. USER 1000:1000)' },
      { line: 6, message: 'Unknown instruction: FOO' },
    ]);
  });

  it('keeps CPU and GPU environment files in step (the repository’s own package request passes policy)', async () => {
    const { analyzePackageRequest } = await import('../../src/runtime/package-request/analysis.js');
    const { runtimeSection } = await import('../../src/config/runtime.js');
    const read = (f: string) => readFile(path.join(ROOT, f), 'utf8');
    const cpu = await read('environment-cpu.yml');
    const gpu = await read('environment-gpu.yml');
    const result = await analyzePackageRequest({
      cpu: { file: 'environment-cpu.yml', base: cpu, head: cpu },
      gpu: { file: 'environment-gpu.yml', base: gpu, head: gpu },
      policy: runtimeSection.parse({}).packages,
      removalsAllowed: false,
      solve: false,
    });
    assert.deepEqual(result.findings, []);
    assert.equal(result.verdict, 'pass');
  });
});
