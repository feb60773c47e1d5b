/**
 * The action's bundle (fresh from the sources) in `package-request` mode, run the
 * way the runner runs it, on a real git repository made here (a base commit and a
 * head commit that edits environment-*.yml), against a conda channel served on
 * 127.0.0.1, with images built from holdout/base:bookworm with --network none;
 * and in `package-request-report` mode against the GitHub emulator.
 *
 * Nothing leaves the machine: the channel, the emulator and the API URL are loopback.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { execa } from 'execa';
import MarkdownIt from 'markdown-it';
import { PACKAGE_RESULT_FILE_NAME, type PackageRequestResult } from '../../src/action/package-request-result.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { startChannel, type TestChannel } from '../runtime/channel.js';
import { removeImages, testRepository, writeTree } from '../runtime/helpers.js';
import { freshActionBundle, runAction, webhookExample } from './support/run-action.js';
import { needsEngine } from '../support/docker.js';

const engine = await needsEngine();

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * Nothing is called on this address in package-request mode (the author's write
 * permission is asked only for a request that removes packages); were it called,
 * the call would fail and the author would count as a participant.
 */
const NO_API = 'http://127.0.0.1:9';
const md = new MarkdownIt({ html: true, linkify: true });

const env = (deps: string[]) =>
  `name: holdout\nchannels:\n  - conda-forge\ndependencies:\n${deps.map((d) => `  - ${d}\n`).join('')}`;
const BASE_DEPS = ['python=3.11.9', 'numpy=1.26.4'];

function competitionYml(repository: string, channelAlias: string): string {
  return `name: package request test
runtime:
  cpu: { environment: environment-cpu.yml }
  gpu: { environment: environment-gpu.yml }
  build_network: none
  repository: ${repository}
  packages:
    channel_alias: ${channelAlias}
    solve_timeout: 10
datasets:
  smoke: { data: data, labels: labels.csv }
scoring:
  columns: [y]
`;
}

/** The image: the Debian base (numpy and pandas inside), built with the network off, as the test proves. */
const DOCKERFILE = [
  'FROM holdout/base:bookworm',
  'ARG FLAVOR',
  'RUN test "$(ls /sys/class/net)" = lo',
  'COPY environment.yml /opt/holdout/environment.yml',
  '',
].join('\n');

interface Repo {
  dir: string;
  baseSha: string;
  headSha: string;
}

/** A git repository: base commit with BASE_DEPS, head commit with `head` in both environment files. */
async function makeRepo(
  repository: string,
  channelAlias: string,
  head: { cpu: string[]; gpu: string[] },
): Promise<Repo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-package-request-'));
  await writeTree(dir, {
    'competition.yml': competitionYml(repository, channelAlias),
    'environment-cpu.yml': env(BASE_DEPS),
    'environment-gpu.yml': env(BASE_DEPS),
    'runtime/Dockerfile': DOCKERFILE,
  });
  // The production runtime/tests: imports every listed package.
  await cp(path.join(ROOT, 'runtime/tests'), path.join(dir, 'runtime/tests'), { recursive: true });
  const git = (...args: string[]) =>
    execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  await git('init', '--quiet', '--initial-branch', 'main');
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'base');
  const baseSha = (await git('rev-parse', 'HEAD')).stdout.trim();
  await writeFile(path.join(dir, 'environment-cpu.yml'), env(head.cpu));
  await writeFile(path.join(dir, 'environment-gpu.yml'), env(head.gpu));
  await git('commit', '--quiet', '-am', 'ask for a package');
  const headSha = (await git('rev-parse', 'HEAD')).stdout.trim();
  return { dir, baseSha, headSha };
}

async function pullRequestEvent(repo: Repo) {
  return webhookExample('pull_request', 'opened', (p) => {
    p.number = 7;
    p.pull_request.number = 7;
    p.pull_request.base.sha = repo.baseSha;
    p.pull_request.head.sha = repo.headSha;
    p.pull_request.user.login = 'alice';
    p.pull_request.author_association = 'CONTRIBUTOR';
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the webhook payload, edited freely by each test
async function runPackageRequest(repo: Repo, opts: { apiUrl?: string; edit?: (payload: any) => void } = {}) {
  const resultDir = path.join(repo.dir, '..', `${path.basename(repo.dir)}-result`);
  const payload = await pullRequestEvent(repo);
  opts.edit?.(payload);
  const run = await runAction({
    apiUrl: opts.apiUrl ?? NO_API,
    bundle: await freshActionBundle(),
    event: { name: 'pull_request', payload },
    inputs: { mode: 'package-request', token: '', 'competition-dir': '.', 'result-dir': resultDir },
    env: { GITHUB_WORKSPACE: repo.dir },
  });
  const resultText = await readFile(path.join(resultDir, PACKAGE_RESULT_FILE_NAME), 'utf8').catch(() => '');
  return { ...run, resultDir, result: resultText ? (JSON.parse(resultText) as PackageRequestResult) : undefined };
}

async function imagesOf(repository: string): Promise<string[]> {
  const { stdout } = await execa('docker', [
    'image',
    'ls',
    '--filter',
    `reference=${repository}`,
    '--format',
    '{{.Repository}}:{{.Tag}}',
  ]);
  return stdout.split('\n').filter(Boolean).sort();
}

describe('package-request mode (pull_request)', engine, () => {
  let channel: TestChannel;
  const repos: Repo[] = [];
  const repositories: string[] = [];
  const repository = (name: string) => {
    const r = testRepository(`package-request-${name}`);
    repositories.push(r);
    return r;
  };

  before(async () => {
    channel = await startChannel();
  });
  after(async () => {
    await channel.close();
    for (const r of repositories) await removeImages(r);
    for (const r of repos) await rm(r.dir, { recursive: true, force: true });
    assert.ok(channel.requests.length > 0, 'the solver used the loopback channel');
  });

  test('a passing request: analysis, both images built with the network off, runtime/tests run in each; exit 0', async () => {
    const name = repository('pass');
    const repo = await makeRepo(name, `${channel.url}/good`, {
      cpu: [...BASE_DEPS, 'pandas=2.2.2'],
      gpu: [...BASE_DEPS, 'pandas=2.2.2'],
    });
    repos.push(repo);
    const run = await runPackageRequest(repo);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.verdict, 'pass');
    assert.equal(run.outputs['head-sha'], repo.headSha);
    const result = run.result!;
    assert.deepEqual([result.verdict, result.head_sha, result.base_sha], ['pass', repo.headSha, repo.baseSha]);
    assert.deepEqual(
      result.analysis.changes.map((c) => [c.flavor, c.name, c.kind, c.after]),
      [
        ['cpu', 'pandas', 'added', 'pandas=2.2.2'],
        ['gpu', 'pandas', 'added', 'pandas=2.2.2'],
      ],
    );
    assert.deepEqual(
      result.images.map((i) => [i.flavor, i.tests, i.tag?.replace(/-[0-9a-f]{12}$/, '-<hash>')]),
      [
        ['cpu', 'passed', `${name}:cpu-<hash>`],
        ['gpu', 'passed', `${name}:gpu-<hash>`],
      ],
    );
    assert.ok(result.images.every((i) => (i.sizeAfterBytes ?? 0) > 0 && (i.buildSeconds ?? 0) > 0));
    assert.deepEqual(await imagesOf(name), result.images.map((i) => i.tag!).sort());

    // The table in the job summary (and in the artifact's Markdown).
    assert.match(run.summary, /### ✅ Package request: passed/);
    assert.match(
      run.summary,
      /^\| `pandas` \| cpu \| — → `pandas=2\.2\.2` \| ✅ solved \(3 packages\) \| — → \d+(\.\d+)? [KMG]i?B \| \d+(\.\d+)? ?m?s \| ✅ passed \|$/m,
    );
    assert.match(run.summary, /^\| `pandas` \| gpu \| .* \| ✅ passed \|$/m);
    assert.equal(await readFile(path.join(run.resultDir, 'holdout-package-request.md'), 'utf8'), run.summary);
    // The build ran with the network off (the Dockerfile's RUN step checks it) and its log is kept.
    assert.match(
      await readFile(path.join(run.resultDir, 'build-cpu.log'), 'utf8'),
      /RUN test "\$\(ls \/sys\/class\/net\)" = lo/,
    );
    // runtime/tests output went to the log under stop-commands.
    assert.match(run.stdout, /::stop-commands::holdout-[0-9a-f]{32}\n/);
    assert.match(run.stdout, /\[cpu\] ok {5}import pandas {2}\(pandas\)/);
  });

  test('a policy failure: findings with file and line, no image built; the step fails', async () => {
    const name = repository('fail');
    const repo = await makeRepo(name, `${channel.url}/good`, {
      cpu: [...BASE_DEPS, 'pandas>=2'],
      gpu: [...BASE_DEPS, 'pandas>=2'],
    });
    repos.push(repo);
    const run = await runPackageRequest(repo);
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.outputs.verdict, 'fail');
    assert.equal(run.result!.verdict, 'fail');
    assert.deepEqual(run.result!.images, []);
    assert.deepEqual(await imagesOf(name), [], 'no build was attempted');
    assert.deepEqual(
      run.result!.analysis.findings.map((f) => [f.rule, f.file, f.line]),
      [
        ['unpinned', 'environment-cpu.yml', 7],
        ['unpinned', 'environment-gpu.yml', 7],
      ],
    );
    assert.match(
      run.stdout,
      /::error title=Package request%3A unpinned,file=environment-cpu\.yml,line=7::"pandas>=2" is not pinned to one version/,
    );
    assert.match(run.stdout, /::error::Package request: changes needed\./);
    assert.match(run.summary, /### ❌ Package request: changes needed/);
    assert.match(
      md.render(run.summary),
      /<li><code>environment-cpu\.yml:7<\/code> &quot;pandas&gt;=2&quot; is not pinned to one version/,
    );
    // Solved (the spec is valid), but never built or tested.
    assert.match(run.summary, /^\| `pandas` \| cpu \| — → `pandas>=2` \| ✅ solved \(3 packages\) \| — \| — \| — \|$/m);
  });

  test("a channel that answers 500: error (not the participant's fault), no image built; the step passes with a warning", async () => {
    const name = repository('error');
    const repo = await makeRepo(name, `${channel.url}/broken`, {
      cpu: [...BASE_DEPS, 'pandas=2.2.2'],
      gpu: [...BASE_DEPS, 'pandas=2.2.2'],
    });
    repos.push(repo);
    const run = await runPackageRequest(repo);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.verdict, 'error');
    assert.equal(run.outputs.status, 'error');
    assert.equal(run.result!.verdict, 'error');
    assert.deepEqual(run.result!.analysis.findings, []);
    assert.deepEqual(await imagesOf(name), [], 'no build was attempted');
    assert.match(
      run.stdout,
      /::warning::Package request could not be checked, and this is not your fault: .*the channel answered HTTP 500/,
    );
    assert.match(run.summary, /### ⚠️ Package request: could not be checked \(not your fault\)/);
    assert.match(run.summary, /\| `pandas` \| cpu \| — → `pandas=2\.2\.2` \| ⚠️ error \|/);
    assert.ok(channel.requests.some((r) => r.startsWith('/broken/')));
  });

  test('removing a package is for maintainers, asked of GitHub: an organization MEMBER with read permission is refused, no image built', async () => {
    // Before: author_association MEMBER counted as a maintainer, and the removal went through to a build.
    const name = repository('removal');
    const repo = await makeRepo(name, `${channel.url}/good`, { cpu: ['python=3.11.9'], gpu: ['python=3.11.9'] });
    repos.push(repo);
    const emu = await new GitHubEmulator().start();
    try {
      emu.setPermission('mallory', 'read');
      const run = await runPackageRequest(repo, {
        apiUrl: emu.url,
        edit: (p) =>
          Object.assign(p.pull_request, {
            author_association: 'MEMBER',
            user: { ...p.pull_request.user, login: 'mallory' },
          }),
      });
      assert.equal(run.code, 1, run.stdout);
      assert.equal(run.outputs.verdict, 'fail');
      assert.deepEqual([...new Set(run.result!.analysis.findings.map((f) => f.rule))], ['removal']);
      assert.deepEqual(run.result!.images, []);
      assert.deepEqual(await imagesOf(name), [], 'no build was attempted');
      assert.deepEqual(
        emu.calls('repos/get-collaborator-permission-level').map((r) => r.path),
        ['/repos/octo-org/competition/collaborators/mallory/permission'],
      );
      assert.deepEqual(emu.violations, []);
    } finally {
      await emu.stop();
    }
  });

  test('outside a pull_request event the mode refuses to run', async () => {
    const run = await runAction({
      apiUrl: NO_API,
      bundle: await freshActionBundle(),
      event: { name: 'push', payload: {} },
      inputs: { mode: 'package-request', token: '' },
    });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error::Holdout action failed: mode "package-request" runs on pull_request events only/);
  });
});

describe('publish-images mode (push to the default branch)', engine, () => {
  // "localhost/…" names a registry on this machine's loopback, where nothing listens: the push must fail, cleanly.
  const repository = `localhost/holdout-test/publish-${process.pid}`;
  let channel: TestChannel;
  let repo: Repo;
  before(async () => {
    channel = await startChannel();
    repo = await makeRepo(repository, `${channel.url}/good`, {
      cpu: [...BASE_DEPS, 'pandas=2.2.2'],
      gpu: [...BASE_DEPS, 'pandas=2.2.2'],
    });
  });
  after(async () => {
    await removeImages(repository);
    await channel.close();
    await rm(repo.dir, { recursive: true, force: true });
  });

  const publish = async (
    eventName: string,
    where: { ref: string; payload: object } = {
      ref: 'refs/heads/main',
      payload: { repository: { default_branch: 'main' } },
    },
  ) =>
    runAction({
      apiUrl: NO_API,
      bundle: await freshActionBundle(),
      event: { name: eventName, payload: where.payload },
      inputs: {
        mode: 'publish-images',
        token: '',
        'result-dir': path.join(repo.dir, '..', `${path.basename(repo.dir)}-images`),
      },
      env: { GITHUB_WORKSPACE: repo.dir, GITHUB_REF: where.ref },
    });

  test('refuses to run on a pull_request event (no registry login next to pull-request code)', async () => {
    const run = await publish('pull_request');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /mode "publish-images" runs on push and workflow_dispatch only, not on pull_request/);
    assert.deepEqual(await imagesOf(repository), []);
  });

  test('refuses a push or dispatch on any branch but the default one, and a payload that does not name it', async () => {
    const other = await publish('push', {
      ref: 'refs/heads/feature',
      payload: { repository: { default_branch: 'main' } },
    });
    assert.equal(other.code, 1);
    assert.match(
      other.stdout,
      /::error::Holdout action failed: mode "publish-images" publishes from the default branch \(refs\/heads\/main\) only, not from refs\/heads\/feature: nothing was built or pushed\. Run it on main\./,
    );
    const dispatchOnTag = await publish('workflow_dispatch', {
      ref: 'refs/tags/v1',
      payload: { repository: { default_branch: 'main' } },
    });
    assert.equal(dispatchOnTag.code, 1);
    assert.match(dispatchOnTag.stdout, /only, not from refs\/tags\/v1/);
    const noDefault = await publish('push', { ref: 'refs/heads/main', payload: {} });
    assert.equal(noDefault.code, 1);
    assert.match(
      noDefault.stdout,
      /cannot tell the default branch: the event payload has no repository\.default_branch/,
    );
    assert.deepEqual(await imagesOf(repository), [], 'nothing was built');
  });

  test('builds and tests both flavors, tags <flavor>-latest, and fails clearly when the registry cannot be reached', async () => {
    const run = await publish('push');
    assert.equal(run.code, 1, run.stdout);
    const images = await imagesOf(repository);
    assert.deepEqual(
      images.map((i) => i.replace(/-[0-9a-f]{12}$/, '-<hash>')),
      [`${repository}:cpu-<hash>`, `${repository}:cpu-latest`, `${repository}:gpu-<hash>`],
    );
    assert.match(run.stdout, /\[cpu\] runtime tests: passed/);
    assert.match(run.stdout, /holdout: pushing localhost\/holdout-test\/publish-\d+:cpu-[0-9a-f]{12}/);
    assert.match(
      run.stdout,
      /::error::docker push localhost\/holdout-test\/publish-\d+:cpu-[0-9a-f]{12} failed .*check the registry login/,
    );
  });
});

describe('package-request-report mode (workflow_run)', () => {
  const SHA = '5a1e2d4c5b6a79880716253443526170f9e8d7c6';
  const BASE_SHA = '1b2c3d4e5f60718293a4b5c6d7e8f90123456789';
  let emu: GitHubEmulator;
  beforeEach(async () => {
    emu = await new GitHubEmulator().start();
  });
  afterEach(async () => {
    await emu.stop();
    assert.deepEqual(emu.violations, [], 'every call must be one the OpenAPI description allows');
  });

  const packagePull = (
    files = [
      { filename: 'environment-cpu.yml', status: 'modified' },
      { filename: 'environment-gpu.yml', status: 'modified' },
    ],
  ) => emu.addPull({ number: 7, authorLogin: 'alice', headSha: SHA, headRef: 'more-packages', files });

  function result(over: Partial<PackageRequestResult> = {}, name = 'pandas'): PackageRequestResult {
    const change = (flavor: 'cpu' | 'gpu') => ({
      flavor,
      file: `environment-${flavor}.yml`,
      manager: 'conda' as const,
      name,
      kind: 'added' as const,
      before: undefined,
      after: `${name}=2.2.2`,
      line: 6,
    });
    const solved = {
      verdict: 'solved' as const,
      packages: [
        { name: 'numpy', version: '1.26.4' },
        { name, version: '2.2.2' },
        { name: 'python', version: '3.11.9' },
      ],
      seconds: 0.4,
    };
    return {
      format: 'holdout-package-request',
      version: 1,
      head_sha: SHA,
      base_sha: BASE_SHA,
      verdict: 'pass',
      summary: '2 package changes; policy checks passed and the environments solve',
      analysis: {
        verdict: 'pass',
        summary: '2 package changes; policy checks passed and the environments solve',
        findings: [],
        changes: [change('cpu'), change('gpu')],
        solves: { cpu: solved, gpu: solved },
        seconds: 0.9,
      },
      images: [
        {
          flavor: 'cpu',
          tag: 'holdout/runtime:cpu-0123456789ab',
          sizeAfterBytes: 931_000_000,
          buildSeconds: 42,
          tests: 'passed',
        },
        {
          flavor: 'gpu',
          tag: 'holdout/runtime:gpu-0123456789ab',
          sizeAfterBytes: 2_100_000_000,
          buildSeconds: 61,
          tests: 'passed',
        },
      ],
      ...over,
    };
  }

  async function writeResult(content: unknown): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-package-result-'));
    const file = path.join(dir, PACKAGE_RESULT_FILE_NAME);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  async function report(resultFile: string) {
    return runAction({
      apiUrl: emu.url,
      bundle: await freshActionBundle(),
      event: {
        name: 'workflow_run',
        payload: await webhookExample('workflow_run', 'completed', (p) => {
          p.workflow_run.head_sha = SHA;
          p.workflow_run.head_branch = 'more-packages';
          p.workflow_run.event = 'pull_request';
          p.workflow_run.pull_requests = [];
        }),
      },
      inputs: {
        mode: 'package-request-report',
        token: 'ghs_reporttoken',
        'head-sha': SHA,
        'head-label': 'alice:more-packages',
        'result-file': resultFile,
      },
    });
  }

  const packageChecks = () => emu.checkRuns.filter((r) => r.name === 'holdout / package-request');

  test('two runs leave one sticky comment, updated in place, next to the evaluation comment', async () => {
    packagePull();
    emu.comments.push({ id: 1, body: '<!-- holdout:evaluation -->\nThe evaluation comment', login: emu.botLogin });
    const first = await report(await writeResult(result()));
    assert.equal(first.code, 0, first.stdout);
    assert.equal(first.outputs.verdict, 'pass');
    assert.equal(first.outputs.conclusion, 'success');
    const ours = () => emu.comments.filter((c) => c.body.startsWith('<!-- holdout:package-request -->'));
    assert.equal(ours().length, 1);
    const id = ours()[0]!.id;
    assert.match(ours()[0]!.body, /### ✅ Package request: passed/);
    assert.match(
      md.render(ours()[0]!.body),
      /<td><code>pandas<\/code><\/td>\n<td>cpu<\/td>\n<td>— → <code>pandas=2\.2\.2<\/code><\/td>\n<td>✅ solved \(3 packages\)<\/td>/,
    );

    const second = await report(
      await writeResult(
        result({ verdict: 'fail', summary: '2 package changes; but runtime/tests failed in the cpu image' }),
      ),
    );
    assert.equal(second.code, 0, second.stdout);
    assert.deepEqual(
      ours().map((c) => c.id),
      [id],
    );
    assert.match(ours()[0]!.body, /### ❌ Package request: changes needed/);
    assert.equal(emu.calls('issues/update-comment').length, 1);
    assert.equal(
      emu.comments.find((c) => c.id === 1)!.body,
      '<!-- holdout:evaluation -->\nThe evaluation comment',
      'the evaluation comment is left alone',
    );
    assert.match(second.summary, /Package request: changes needed/);

    // Before: no check of its own, so the request's verdict gated nothing (the evaluation check is "skipped").
    assert.deepEqual(
      packageChecks().map((r) => [r.head_sha, r.conclusion, r.output.title, r.details_url]),
      [
        [SHA, 'success', 'Package request: passed', 'https://github.com/octo-org/competition/actions/runs/4242'],
        [
          SHA,
          'failure',
          'Package request: changes needed',
          'https://github.com/octo-org/competition/actions/runs/4242',
        ],
      ],
    );
    assert.match(packageChecks()[1]!.output.summary!, /### ❌ Package request: changes needed/);
    assert.equal(
      emu.calls('checks/list-for-ref').length + emu.calls('checks/update').length,
      0,
      'a run of its own each time, never one found by name',
    );
  });

  test('two report jobs at once still leave exactly one comment', async () => {
    packagePull();
    emu.barrier('issues/list-comments', 2);
    const file = await writeResult(result());
    const [a, b] = await Promise.all([report(file), report(file)]);
    assert.equal(a.code, 0, a.stdout);
    assert.equal(b.code, 0, b.stdout);
    assert.equal(emu.calls('issues/create-comment').length, 2, 'the race really happened');
    assert.equal(emu.comments.length, 1);
  });

  test('hostile result files: oversized, off-schema, for another commit, missing → "could not be checked (not your fault)"', async () => {
    packagePull();
    const cases: [string, RegExp][] = [
      [await writeResult('x'.repeat(3 * 1024 * 1024)), /larger than 2097152 bytes/],
      [
        await writeResult({ ...result(), markdown: '# I passed' }),
        /does not match its schema \(\(root\): Unrecognized key/,
      ],
      [await writeResult(result({ verdict: 'great' as never })), /does not match its schema \(verdict:/],
      [await writeResult(result({ head_sha: 'b'.repeat(40) })), /is for commit bbbbbbbbbbbb, not 5a1e2d4c5b6a/],
      ['/nonexistent/holdout-package-request.json', /left no result file/],
    ];
    for (const [file, message] of cases) {
      const run = await report(file);
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.verdict, 'error');
      const body = emu.comments[0]!.body;
      assert.match(body, /could not be checked \(not your fault\)/);
      assert.match(md.render(body), message);
      assert.match(md.render(body), /this is on our side, not yours — an organizer will re-run it/);
      // Our side blocks the merge: never a passing conclusion.
      assert.deepEqual(
        [packageChecks().at(-1)!.conclusion, packageChecks().at(-1)!.output.title],
        ['action_required', 'Package request: could not be checked (our side, not yours)'],
      );
    }
    assert.equal(emu.comments.length, 1);
  });

  test('a package name full of Markdown, HTML and mentions renders as text', async () => {
    packagePull();
    const evil = '<img src=x onerror=alert(1)>@octo-org/admins|[x](javascript:alert(1))';
    const run = await report(await writeResult(result({}, evil)));
    assert.equal(run.code, 0, run.stdout);
    const html = md.render(emu.comments[0]!.body);
    assert.doesNotMatch(html, /<img|href="javascript|<a /);
    assert.equal((html.match(/<tr>/g) ?? []).length, 3, 'the pipe did not add a column or row');
  });

  test('a huge request still fits in one comment', async () => {
    packagePull();
    const many = result();
    many.analysis.changes = Array.from({ length: 1000 }, (_, i) => ({
      ...many.analysis.changes[0]!,
      name: `package-number-${i}-${'x'.repeat(150)}`,
    }));
    const run = await report(await writeResult(many));
    assert.equal(run.code, 0, run.stdout);
    const body = emu.comments[0]!.body;
    assert.ok(body.length <= 65_536, `comment is ${body.length} characters`);
    assert.match(body, /more rows and findings are left out to fit GitHub's comment limit/);
  });

  test('a submission pull request gets no package-request comment', async () => {
    emu.addPull({
      number: 8,
      authorLogin: 'alice',
      headSha: SHA,
      headRef: 'more-packages',
      files: [{ filename: 'submissions/alice/main.py', status: 'added' }],
    });
    const run = await report(await writeResult(result()));
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.kind, 'submission');
    assert.equal(emu.comments.length, 0);
    assert.equal(emu.checkRuns.length, 0, "its package-request check is the evaluation report's (skipped)");
    assert.match(run.stdout, /::notice::Pull request #8 is a submission, not a package request/);
  });

  test("a participant's pull request mixing the environment files with other files fails the package-request check, and gets no table", async () => {
    packagePull([
      { filename: 'environment-cpu.yml', status: 'modified' },
      { filename: 'README.md', status: 'modified' },
    ]);
    const run = await report(await writeResult(result()));
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.kind, 'rejected');
    assert.deepEqual(
      packageChecks().map((r) => [r.conclusion, r.output.title]),
      [['failure', 'Not a package request']],
    );
    assert.match(packageChecks()[0]!.output.summary!, /changes files outside submissions\\\/alice\\\//);
    assert.equal(emu.comments.length, 0);
  });

  test('a comment GitHub refuses still leaves the check concluded; the job fails naming the comment', async () => {
    packagePull();
    emu.fault('issues/create-comment', {
      status: 422,
      body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' },
    });
    const run = await report(await writeResult(result()));
    assert.equal(run.code, 1);
    assert.deepEqual(
      packageChecks().map((r) => r.conclusion),
      ['success'],
    );
    assert.match(
      run.stdout,
      /::error::The package-request result could not be published completely \(write the package-request comment: GitHub answered 422: Validation Failed/,
    );
  });
});
