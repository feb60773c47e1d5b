import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseImageReferences } from '../../src/runtime/image/build-context.js';
import { legacyBuilderNotice } from '../../src/runtime/image/docker.js';
import { ensureImage, imageTagFor } from '../../src/runtime/image/image.js';
import { removeImages, runtime, tempTree, testRepository } from './helpers.js';
import { needsEngine } from '../support/docker.js';

const engine = await needsEngine();

const repository = testRepository('image');
/** Base images the tests tag themselves (FROM), removed at the end. */
const baseRepository = testRepository('image-base');

const DOCKERFILE = [
  'FROM holdout/base:bookworm',
  'ARG FLAVOR',
  // With --network none the build sees only the loopback interface.
  'RUN test "$(ls /sys/class/net)" = lo',
  'COPY environment.yml /opt/environment.yml',
  'COPY tests/ /opt/tests/',
  'RUN echo "$FLAVOR" > /opt/flavor',
  '',
].join('\n');

describe('ensureImage', engine, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const rt = () =>
    runtime({
      repository,
      build_network: 'none',
      cpu: { environment: 'environment-cpu.yml' },
      gpu: { environment: 'environment-gpu.yml' },
    });

  before(async () => {
    ({ dir, cleanup } = await tempTree({
      'runtime/Dockerfile': DOCKERFILE,
      'runtime/tests/test_imports.py': 'import numpy\n',
      'environment-cpu.yml': 'name: cpu\ndependencies:\n  - numpy=1.26.4\n',
      'environment-gpu.yml': 'name: gpu\ndependencies:\n  - numpy=1.26.4\n',
    }));
  });
  after(async () => {
    await removeImages(repository);
    await removeImages(baseRepository);
    await cleanup();
  });

  it('builds the image once, then reuses the tag without building', async () => {
    const lines: string[] = [];
    const logPath = path.join(dir, 'logs', 'build-cpu.log');
    const first = await ensureImage({
      competitionDir: dir,
      runtime: rt(),
      flavor: 'cpu',
      onProgress: (l) => lines.push(l),
      buildLogPath: logPath,
    });
    assert.equal(first.ok, true, JSON.stringify(first));
    assert.ok(first.ok);
    assert.equal(first.built, true);
    assert.match(first.tag, new RegExp(`^${repository}:cpu-[0-9a-f]{12}$`));
    assert.equal(first.tag, await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' }));
    assert.ok(
      lines.some((l) => /Step 3\/6|RUN test/.test(l)),
      'build output is streamed',
    );
    assert.match(await readFile(logPath, 'utf8'), /COPY environment\.yml/);

    // The environment file is in the image under its context name, and FLAVOR was passed.
    const { stdout } = await execa('docker', [
      'run',
      '--rm',
      '--network',
      'none',
      first.tag,
      'sh',
      '-c',
      'cat /opt/flavor /opt/environment.yml',
    ]);
    assert.equal(stdout, 'cpu\nname: cpu\ndependencies:\n  - numpy=1.26.4');

    const again = await ensureImage({
      competitionDir: dir,
      runtime: rt(),
      flavor: 'cpu',
      onProgress: (l) => lines.push(`again: ${l}`),
    });
    assert.deepEqual(again.ok && { tag: again.tag, built: again.built }, { tag: first.tag, built: false });
    assert.ok(!lines.some((l) => l.startsWith('again: ')), 'no build output on the second call');
  });

  it('with runtime.pull, tries the registry first and builds when the tag is not there', async () => {
    // Port 9 on loopback: nothing listens, so the pull is refused at once (no traffic leaves the machine).
    const pulled = `127.0.0.1:9/${repository}`;
    const lines: string[] = [];
    try {
      const result = await ensureImage({
        competitionDir: dir,
        runtime: runtime({ ...rt(), repository: pulled, pull: true }),
        flavor: 'cpu',
        onProgress: (l) => lines.push(l),
      });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.built, true);
      assert.match(result.tag, /^127\.0\.0\.1:9\/holdout-test\/image-\d+:cpu-[0-9a-f]{12}$/);
      assert.ok(
        lines.some(
          (l) => l.startsWith(`holdout: could not pull ${result.tag} (`) && l.endsWith('; building it instead'),
        ),
        lines.join('\n'),
      );
      assert.ok(lines.some((l) => l.startsWith(`holdout: building ${result.tag}`)));
    } finally {
      await removeImages(pulled);
    }
  });

  it('gives each flavor its own tag, and a changed environment or runtime file a new one', async () => {
    const cpu = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    const gpu = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'gpu' });
    assert.notEqual(cpu.replace(':cpu-', ':'), gpu.replace(':gpu-', ':'));
    await writeFile(path.join(dir, 'environment-cpu.yml'), 'name: cpu\ndependencies:\n  - numpy=1.26.3\n');
    const afterEnv = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.notEqual(afterEnv, cpu);
    await writeFile(path.join(dir, 'runtime/tests/test_imports.py'), 'import numpy, scipy\n');
    const afterTests = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.notEqual(afterTests, afterEnv);
    const withArg = await imageTagFor({
      competitionDir: dir,
      runtime: runtime({ ...rt(), cpu: { ...rt().cpu, build_args: { X: '1' } } }),
      flavor: 'cpu',
    });
    assert.notEqual(withArg, afterTests);
  });

  it('gives a file whose permission bits change a new tag (chmod 0600 → 0644)', async () => {
    const file = path.join(dir, 'runtime/tests/test_imports.py');
    await chmod(file, 0o600);
    const private_ = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    await chmod(file, 0o644);
    const readable = await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
    assert.notEqual(readable, private_);
    await chmod(file, 0o600);
    assert.equal(await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' }), private_);
    // Write bits do not count: checkouts under umask 022 and 002 share tags.
    await chmod(file, 0o664);
    assert.equal(await imageTagFor({ competitionDir: dir, runtime: rt(), flavor: 'cpu' }), readable);
    await chmod(file, 0o644);
  });

  it('gives a new tag when the FROM image is rebuilt or its tag moves, and reuses the image while it does not', async () => {
    const base = `${baseRepository}:v1`;
    await execa('docker', ['tag', 'holdout/base:bookworm', base]);
    const tree = await tempTree({
      // The FROM reference comes from an ARG default: resolved as docker build does.
      'runtime/Dockerfile': `ARG BASE=${baseRepository}\nFROM \${BASE}:v1 AS runtime\nCOPY tests/ /opt/tests/\n`,
      'runtime/tests/test_imports.py': 'import sys\n',
    });
    try {
      const rtBase = runtime({ repository, build_network: 'none' });
      const first = await ensureImage({ competitionDir: tree.dir, runtime: rtBase, flavor: 'cpu' });
      assert.deepEqual(first.ok && first.built, true, JSON.stringify(first));
      const again = await ensureImage({ competitionDir: tree.dir, runtime: rtBase, flavor: 'cpu' });
      assert.deepEqual(again.ok && [again.tag, again.built], [first.ok && first.tag, false]);

      // Another image under the same tag (as after scripts/build-base-image.sh, or a moved registry tag).
      await execa('docker', ['build', '--network', 'none', '--tag', `${baseRepository}:other`, '-'], {
        input: 'FROM holdout/base:bookworm\nLABEL holdout.test=other\n',
      });
      await execa('docker', ['tag', `${baseRepository}:other`, base]);
      const moved = await imageTagFor({ competitionDir: tree.dir, runtime: rtBase, flavor: 'cpu' });
      assert.notEqual(moved, first.ok && first.tag);
      const rebuilt = await ensureImage({ competitionDir: tree.dir, runtime: rtBase, flavor: 'cpu' });
      assert.deepEqual(rebuilt.ok && [rebuilt.tag, rebuilt.built], [moved, true]);
      const { stdout } = await execa('docker', [
        'image',
        'inspect',
        '--format',
        '{{index .Config.Labels "holdout.test"}}',
        moved,
      ]);
      assert.equal(stdout, 'other');

      // A build argument that names another base also changes the tag; a base the engine does not have hashes as its name.
      const missing = runtime({ repository, cpu: { build_args: { BASE: `${baseRepository}-nosuch` } } });
      const missingTag = await imageTagFor({ competitionDir: tree.dir, runtime: missing, flavor: 'cpu' });
      assert.notEqual(missingTag, moved);
      assert.equal(await imageTagFor({ competitionDir: tree.dir, runtime: missing, flavor: 'cpu' }), missingTag);
    } finally {
      await tree.cleanup();
    }
  });

  it('reports a failing build with the failing step and its last lines', async () => {
    const broken = await tempTree({
      // One RUN step only: a failed classic build keeps the layers of the steps before it.
      'runtime/Dockerfile': 'FROM holdout/base:bookworm\nRUN echo "E: Unable to locate package nosuchpkg" && exit 3\n',
    });
    try {
      const logPath = path.join(broken.dir, 'build.log');
      const result = await ensureImage({
        competitionDir: broken.dir,
        runtime: runtime({ repository, build_network: 'none' }),
        flavor: 'cpu',
        buildLogPath: logPath,
      });
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.reason, 'image_build_failed');
      assert.match(
        result.message,
        /^building the cpu runtime image holdout-test\/image-\d+:cpu-[0-9a-f]{12} failed at step "RUN echo "E: Unable to locate package nosuchpkg" && exit 3" \(docker build exit code \d+\)$/,
      );
      assert.match(
        result.hint,
        /the full log is .*build\.log; fix runtime\/Dockerfile and run holdout build --flavor cpu/,
      );
      assert.ok(result.logTail.includes('E: Unable to locate package nosuchpkg'), result.logTail.join('\n'));
      assert.match(await readFile(logPath, 'utf8'), /E: Unable to locate package nosuchpkg/);
    } finally {
      await broken.cleanup();
    }
  });

  it('a step that cannot reach the network: the hint names the network, not only "fix the files"', async () => {
    const offline = await tempTree({
      // What a pip or conda step does on a build without network: a name lookup that fails (no traffic leaves: --network none).
      'runtime/Dockerfile':
        'FROM holdout/base:bookworm\nRUN python3 -c "import urllib.request; urllib.request.urlopen(\'http://deb.debian.org/\', timeout=5)"\n',
    });
    try {
      const result = await ensureImage({
        competitionDir: offline.dir,
        runtime: runtime({ repository, build_network: 'none' }),
        flavor: 'cpu',
        buildLogPath: path.join(offline.dir, 'build.log'),
      });
      assert.ok(!result.ok);
      // Still a failed build: a step's output is whatever the packages print, so it cannot decide whose fault it is.
      assert.equal(result.reason, 'image_build_failed');
      assert.match(
        result.hint,
        new RegExp(
          // BuildKit prefixes a step's lines with "#<n> <seconds> ".
          '^a step could not reach the network \\("(?:#\\d+ [\\d.]+ )?urllib\\.error\\.URLError: <urlopen error \\[Errno -?\\d+\\] [^"]+>"\\): the build has no network \\(runtime\\.build_network: none\\), so a step that downloads packages cannot work\\. ' +
            'If runtime/Dockerfile is right, build where the network is reachable \\(GitHub-hosted runners\\), set runtime\\.build_network to default, or use a runtime that downloads nothing \\(docs/runtime\\.md, "A runtime without a registry"\\); ' +
            `the full log is ${offline.dir.replace(/[.]/g, '\\.')}/build\\.log; then run holdout build --flavor cpu$`,
        ),
      );
    } finally {
      await offline.cleanup();
    }
  });

  it("a base image the registry does not have: image_missing, with the registry's answer and what to check", async () => {
    const registry = await startEmptyRegistry();
    const ref = `127.0.0.1:${registry.port}/holdout-test/nosuch:1`;
    const tree = await tempTree({ 'runtime/Dockerfile': `FROM ${ref}\n` });
    try {
      const lines: string[] = [];
      const result = await ensureImage({
        competitionDir: tree.dir,
        runtime: runtime({ repository, build_network: 'none' }),
        flavor: 'cpu',
        onProgress: (l) => lines.push(l),
      });
      assert.deepEqual(result, {
        ok: false,
        reason: 'image_missing',
        message: `the base image ${ref} (FROM in runtime/Dockerfile) is not on this machine, and 127.0.0.1:${registry.port} has no such image (manifest for ${ref} not found: manifest unknown: manifest unknown)`,
        hint: 'check the name and tag in the FROM line of runtime/Dockerfile (and runtime.cpu.build_args); an image you make yourself must be built or docker load-ed on this machine first; then run holdout build --flavor cpu',
        logTail: [],
      });
      assert.deepEqual(
        lines,
        [`holdout: the base image ${ref} is not on this machine: pulling it`],
        'no build was started',
      );
      assert.ok(
        registry.requests.some((r) => r.endsWith('/manifests/1')),
        registry.requests.join('\n'),
      );
    } finally {
      await registry.close();
      await tree.cleanup();
    }
  });

  it('uses runtime.<flavor>.image as it is, and says image_missing when it is not here', async () => {
    const present = await ensureImage({
      competitionDir: dir,
      runtime: runtime({ cpu: { image: 'holdout/base:bookworm' } }),
      flavor: 'cpu',
    });
    assert.deepEqual(present.ok && [present.tag, present.built], ['holdout/base:bookworm', false]);
    const missing = await ensureImage({
      competitionDir: dir,
      runtime: runtime({ cpu: { image: 'holdout-test/nosuch:1' } }),
      flavor: 'cpu',
    });
    assert.deepEqual(missing, {
      ok: false,
      reason: 'image_missing',
      message: 'the image holdout-test/nosuch:1 (runtime.cpu.image) is not on this machine',
      hint: 'pull or load it first (docker pull holdout-test/nosuch:1), or remove runtime.cpu.image from competition.yml to build it from the Dockerfile',
      logTail: [],
    });
  });

  it('says image_missing for a flavor the competition does not define', async () => {
    const result = await ensureImage({ competitionDir: dir, runtime: runtime({ repository }), flavor: 'gpu' });
    assert.equal(!result.ok && result.reason, 'image_missing');
    assert.equal(!result.ok && result.message, 'competition.yml has no runtime.gpu section, so there is no gpu image');
  });

  it('names a missing Dockerfile or environment file', async () => {
    const noDockerfile = await ensureImage({
      competitionDir: dir,
      runtime: runtime({ repository, cpu: { dockerfile: 'runtime/Nope' } }),
      flavor: 'cpu',
    });
    assert.equal(!noDockerfile.ok && noDockerfile.message, `the Dockerfile runtime/Nope does not exist in ${dir}`);
    const noEnv = await ensureImage({
      competitionDir: dir,
      runtime: runtime({ repository, cpu: { environment: 'env.yml' } }),
      flavor: 'cpu',
    });
    assert.equal(!noEnv.ok && noEnv.reason, 'image_build_failed');
    assert.equal(!noEnv.ok && noEnv.message, `the environment file env.yml does not exist in ${dir}`);
  });

  it('says engine_unavailable when Docker does not answer', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/holdout-test.sock';
    try {
      const result = await ensureImage({ competitionDir: dir, runtime: rt(), flavor: 'cpu' });
      assert.equal(!result.ok && result.reason, 'engine_unavailable');
      assert.match(
        !result.ok ? result.message : '',
        /^the Docker engine is not available \(Cannot connect to the Docker daemon/,
      );
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('legacyBuilderNotice', () => {
  it('drops both variants of the docker CLI notice and the blank line after it, and nothing else', () => {
    const output = [
      'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
      '            Install the buildx component to build images with BuildKit:',
      '            https://docs.docker.com/go/buildx/',
      '',
      'Sending build context to Docker daemon  2.048kB',
      'Step 1/2 : FROM holdout/base:bookworm',
      '',
      'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
      '            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0',
      '            environment-variable.',
      '',
      '   indented output of a step',
    ];
    const isNoise = legacyBuilderNotice();
    assert.deepEqual(
      output.filter((l) => !isNoise(l)),
      [
        'Sending build context to Docker daemon  2.048kB',
        'Step 1/2 : FROM holdout/base:bookworm',
        '',
        '   indented output of a step',
      ],
    );
  });
});

describe('baseImageReferences', () => {
  it('resolves ARG defaults and build arguments, skips scratch and earlier stages, joins continued lines', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1',
      'ARG REGISTRY=ghcr.io/org',
      'ARG TAG',
      'ARG UNUSED=x',
      'FROM --platform=linux/amd64 ${REGISTRY}/builder:${TAG:-1.0} AS build',
      'RUN make',
      'FROM scratch AS empty',
      'FROM \\',
      '  # a comment inside a continued instruction',
      '  $REGISTRY/runtime:2 as final',
      'COPY --from=build /out /out',
      'FROM build',
      'FROM Final',
      'ARG LATE=nope',
      'FROM ${LATE:-debian}:bookworm',
      'FROM ghcr.io/org/runtime:2',
      '',
    ].join('\n');
    assert.deepEqual(baseImageReferences(dockerfile, {}), [
      'ghcr.io/org/builder:1.0',
      'ghcr.io/org/runtime:2',
      'debian:bookworm',
    ]);
    assert.deepEqual(baseImageReferences(dockerfile, { TAG: '3.1', REGISTRY: 'localhost:5000', LATE: 'ignored' }), [
      'localhost:5000/builder:3.1',
      'localhost:5000/runtime:2',
      'debian:bookworm',
      'ghcr.io/org/runtime:2',
    ]);
  });
});

/**
 * A registry on loopback that has no image at all: it answers the API check and 404
 * MANIFEST_UNKNOWN to every manifest, as a registry does for a name it does not have.
 */
async function startEmptyRegistry(): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const headers = { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' };
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/v2/') return void res.writeHead(200, headers).end('{}');
    res
      .writeHead(404, headers)
      .end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: {} }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
