import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PackagePolicy } from '../../src/config/runtime.js';
import { analyzePackageRequest, type PackageRequestInput } from '../../src/runtime/package-request/analysis.js';
import { formatFinding } from '../../src/runtime/package-request/findings.js';
import { runtime } from './helpers.js';
import { startChannel, type TestChannel } from './channel.js';

const CPU = 'environment-cpu.yml';
const GPU = 'environment-gpu.yml';

function envFile(deps: string[], pip: string[] = [], channels = ['conda-forge']): string {
  const lines = [
    'name: holdout',
    'channels:',
    ...channels.map((c) => `  - ${c}`),
    'dependencies:',
    ...deps.map((d) => `  - ${d}`),
  ];
  if (pip.length > 0) lines.push('  - pip:', ...pip.map((p) => `    - ${p}`));
  return `${lines.join('\n')}\n`;
}

const BASE_DEPS = ['python=3.11.9', 'numpy=1.26.4'];
const BASE_PIP = ['tqdm==4.66.4'];
const BASE = envFile(BASE_DEPS, BASE_PIP);
const BASE_GPU = envFile([...BASE_DEPS, 'pytorch-cuda==12.1'], BASE_PIP);

describe('package-request analysis', () => {
  let channel: TestChannel;
  let policy: (alias?: string, extra?: object) => PackagePolicy;

  before(async () => {
    channel = await startChannel();
    policy = (alias = 'good', extra = {}) =>
      runtime({ packages: { channel_alias: `${channel.url}/${alias}`, solve_timeout: 2, ...extra } }).packages;
  });
  after(() => channel.close());

  function request(
    cpuHead: string | undefined,
    gpuHead: string | undefined,
    more: Partial<PackageRequestInput> = {},
  ): PackageRequestInput {
    return {
      cpu: { file: CPU, base: BASE, head: cpuHead },
      gpu: { file: GPU, base: BASE_GPU, head: gpuHead },
      policy: policy(),
      removalsAllowed: false,
      ...more,
    };
  }
  const findingsOf = async (input: PackageRequestInput) =>
    (await analyzePackageRequest(input)).findings.map(formatFinding);

  it('passes a pinned package added to both files, and lists the change per flavor', async () => {
    const result = await analyzePackageRequest(
      request(
        envFile([...BASE_DEPS, 'pandas=2.2.2'], BASE_PIP),
        envFile([...BASE_DEPS, 'pytorch-cuda==12.1', 'pandas=2.2.2'], BASE_PIP),
      ),
    );
    assert.deepEqual(result.findings, []);
    assert.equal(result.verdict, 'pass');
    assert.deepEqual(
      result.changes.map((c) => [c.flavor, c.name, c.kind, c.before, c.after, c.line]),
      [
        ['cpu', 'pandas', 'added', undefined, 'pandas=2.2.2', 7],
        ['gpu', 'pandas', 'added', undefined, 'pandas=2.2.2', 8],
      ],
    );
    const cpu = result.solves.cpu;
    assert.equal(cpu?.verdict, 'solved');
    assert.deepEqual(cpu?.verdict === 'solved' && cpu.packages, [
      { name: 'numpy', version: '1.26.4' },
      { name: 'pandas', version: '2.2.2' },
      { name: 'python', version: '3.11.9' },
    ]);
    assert.equal(result.summary, '2 package changes; policy checks passed and the environments solve');
  });

  it('lists changed and pip packages', async () => {
    const head = envFile(['python=3.11.9', 'numpy=2.0.0'], ['tqdm==4.66.5']);
    const headGpu = envFile(['python=3.11.9', 'numpy=2.0.0', 'pytorch-cuda==12.1'], ['tqdm==4.66.5']);
    const result = await analyzePackageRequest(request(head, headGpu));
    assert.equal(result.verdict, 'pass');
    assert.deepEqual(
      result.changes.filter((c) => c.flavor === 'cpu').map((c) => [c.manager, c.name, c.kind, c.before, c.after]),
      [
        ['conda', 'numpy', 'changed', 'numpy=1.26.4', 'numpy=2.0.0'],
        ['pip', 'tqdm', 'changed', 'tqdm==4.66.4', 'tqdm==4.66.5'],
      ],
    );
  });

  it('reports an unpinned conda spec and an unpinned pip spec', async () => {
    const head = envFile([...BASE_DEPS, 'pandas>=2'], ['tqdm==4.66.4', 'rich']);
    const headGpu = envFile([...BASE_DEPS, 'pytorch-cuda==12.1', 'pandas>=2'], ['tqdm==4.66.4', 'rich']);
    const found = await findingsOf(request(head, headGpu));
    assert.deepEqual(found, [
      'environment-cpu.yml:7: "pandas>=2" is not pinned to one version; write pandas=x.y.z with the exact version you tested [unpinned]',
      'environment-cpu.yml:10: "rich" is not pinned to one version; write rich==x.y.z with the exact version you tested [unpinned]',
      'environment-gpu.yml:8: "pandas>=2" is not pinned to one version; write pandas=x.y.z with the exact version you tested [unpinned]',
      'environment-gpu.yml:11: "rich" is not pinned to one version; write rich==x.y.z with the exact version you tested [unpinned]',
    ]);
  });

  it('reports conda prefix pins (=1, =1.26: conda reads 1.*, 1.26.*) as unpinned, even when both files agree', async () => {
    const cpuHead = envFile(['python=3.11.9', 'numpy=1', 'pandas=2.2'], BASE_PIP);
    const gpuHead = envFile(['python=3.11.9', 'numpy=1', 'pytorch-cuda==12.1', 'pandas=2.2'], BASE_PIP);
    const result = await analyzePackageRequest(request(cpuHead, gpuHead));
    assert.deepEqual(
      result.findings.map((f) => [f.file, f.line, f.message]),
      [
        [CPU, 6, '"numpy=1" is not pinned to one version; write numpy=x.y.z with the exact version you tested'],
        [CPU, 7, '"pandas=2.2" is not pinned to one version; write pandas=x.y.z with the exact version you tested'],
        [GPU, 6, '"numpy=1" is not pinned to one version; write numpy=x.y.z with the exact version you tested'],
        [GPU, 8, '"pandas=2.2" is not pinned to one version; write pandas=x.y.z with the exact version you tested'],
      ],
    );
    assert.equal(result.verdict, 'fail');
  });

  it('accepts numpy=1.26.4=py311h_0 as an exact pin, and hands the build string to the solver', async () => {
    const head = envFile(['python=3.11.9', 'numpy=1.26.4=py311h_0'], BASE_PIP);
    const result = await analyzePackageRequest(request(head, undefined, { gpu: undefined }));
    // No bad_spec, no unpinned: the only finding is the solver's (the test channel has build h0_0 only).
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.file, f.line, f.message]),
      [
        [
          'conflict',
          CPU,
          6,
          'no set of packages satisfies this file (look at numpy); change the versions the solver names below:\nCannot solve the request because of: No candidates were found for numpy ==1.26.4 py311h_0.',
        ],
      ],
    );
    assert.deepEqual(
      result.changes.map((c) => [c.name, c.kind, c.before, c.after]),
      [['numpy', 'changed', 'numpy=1.26.4', 'numpy=1.26.4=py311h_0']],
    );
  });

  it('passes =x.y.z and ==v pins with a build string or brackets after the version', async () => {
    // The test channel's records have build h0_0 and an all-zero md5: both reach the solver and match.
    const deps = [
      'python==3.11.9',
      'numpy=1.26.4=h0_0',
      `pandas=2.2.2[md5=${'0'.repeat(32)}]`,
      'scikit-learn=1.5.0=h0*[build_number=0]',
    ];
    const result = await analyzePackageRequest(
      request(envFile(deps, BASE_PIP), envFile([...deps, 'pytorch-cuda==12.1'], BASE_PIP)),
    );
    assert.deepEqual(result.findings, []);
    assert.equal(result.verdict, 'pass');
    assert.deepEqual(result.solves.gpu?.verdict === 'solved' && result.solves.gpu.packages.map((p) => p.name), [
      'numpy',
      'pandas',
      'python',
      'pytorch-cuda',
      'scikit-learn',
    ]);
  });

  it('reads brackets: [version=…] overrides the pin, and channel, url, unknown keys and bad hashes are refused', async () => {
    const head = envFile([
      'python=3.11.9',
      "numpy=1.26.4[version='>=1']",
      'pandas=2.2.2[channel=bioconda]',
      'scikit-learn=1.5.0[url=https://evil.example/sklearn.conda]',
      'oldlib=1.0.0[foo=bar]',
      'newlib=1.0.0[md5=abc]',
      'cudalib=1.0.0[build=h0',
    ]);
    const result = await analyzePackageRequest(request(head, undefined, { gpu: undefined }));
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.file, f.line, f.message]),
      [
        [
          'unpinned',
          CPU,
          6,
          `"numpy=1.26.4[version='>=1']" is not pinned to one version; write numpy=x.y.z with the exact version you tested`,
        ],
        [
          'bad_spec',
          CPU,
          7,
          '"pandas=2.2.2[channel=bioconda]": a channel in brackets ([channel=bioconda]) is not supported; write bioconda::pandas=x.y.z',
        ],
        [
          'bad_spec',
          CPU,
          8,
          '"scikit-learn=1.5.0[url=https://evil.example/sklearn.conda]": a package URL in brackets ([url=…]) is not allowed; only packages from the channels are',
        ],
        ['bad_spec', CPU, 9, '"oldlib=1.0.0[foo=bar]": invalid bracket key: foo'],
        ['bad_spec', CPU, 10, '"newlib=1.0.0[md5=abc]": md5 must be 32 hexadecimal digits'],
        [
          'bad_spec',
          CPU,
          11,
          '"cudalib=1.0.0[build=h0": brackets must come once, at the end of the spec, as in name=x.y.z[md5=…]',
        ],
      ],
    );
  });

  it('reports bad spec syntax with the parser’s reason, and pip options', async () => {
    const head = envFile(
      [...BASE_DEPS, 'pandas=2.2.', 'scikit-learn=>=1.5'],
      ['tqdm==4.66.4', '--index-url https://evil.example/simple'],
    );
    const result = await analyzePackageRequest(request(head, BASE_GPU));
    assert.deepEqual(result.findings.filter((f) => f.rule === 'bad_spec').map(formatFinding), [
      `environment-cpu.yml:7: "pandas=2.2.": malformed version string '2.2.': encountered more characters but expected none [bad_spec]`,
      'environment-cpu.yml:8: "scikit-learn=>=1.5": "=>=1.5" is not a valid conda version spec [bad_spec]',
      'environment-cpu.yml:11: "--index-url https://evil.example/simple" is a pip option; options (index URLs, -e, -r) are not allowed, list packages as name==x.y.z [bad_spec]',
    ]);
    assert.equal(result.verdict, 'fail');
    assert.deepEqual(result.solves.cpu, {
      verdict: 'skipped',
      reason: 'the file has problems to fix first (see the findings)',
    });
  });

  it('reports a channel that is not allowed, in the channel list and in a spec', async () => {
    const head = envFile([...BASE_DEPS, 'bioconda::samtools=1.20'], BASE_PIP, [
      'conda-forge',
      'https://evil.example/channel',
    ]);
    const found = await findingsOf(request(head, BASE_GPU));
    assert.deepEqual(
      found.filter((f) => f.endsWith('[channel_not_allowed]')),
      [
        'environment-cpu.yml:4: channel "https://evil.example/channel" is not allowed; this competition takes packages only from conda-forge [channel_not_allowed]',
        'environment-cpu.yml:8: "bioconda::samtools=1.20" asks for channel "bioconda", which is not allowed; this competition takes packages only from conda-forge [channel_not_allowed]',
      ],
    );
  });

  it('reports CPU/GPU drift, but not for GPU-only packages; a GPU-only package in the CPU file is reported', async () => {
    const cpuHead = envFile([...BASE_DEPS, 'pandas=2.2.2', 'pytorch-cuda==12.1'], BASE_PIP);
    const gpuHead = envFile(['python=3.11.9', 'numpy=2.0.0', 'pytorch-cuda==12.1', 'scikit-learn=1.5.0'], BASE_PIP);
    const found = await findingsOf(request(cpuHead, gpuHead));
    assert.deepEqual(found, [
      'environment-cpu.yml:4: scikit-learn is in environment-gpu.yml (line 8) but not in environment-cpu.yml; add "scikit-learn=1.5.0" to environment-cpu.yml too, or ask the organizers to declare it GPU-only (runtime.packages.gpu_only) [drift]',
      'environment-cpu.yml:8: pytorch-cuda is a GPU-only package (runtime.packages.gpu_only); list it only in the GPU environment file [gpu_only_in_cpu]',
      'environment-gpu.yml:4: pandas is in environment-cpu.yml (line 7) but not in environment-gpu.yml; add "pandas=2.2.2" to environment-gpu.yml too (only runtime.packages.gpu_only packages may differ) [drift]',
      'environment-gpu.yml:6: numpy is 1.26.4 in environment-cpu.yml (line 6) but 2.0.0 here; use the same version in both files [drift]',
    ]);
  });

  it('refuses a removal by a participant and accepts it from an organizer', async () => {
    const cpuHead = envFile(['python=3.11.9'], BASE_PIP);
    const gpuHead = envFile(['python=3.11.9', 'pytorch-cuda==12.1'], BASE_PIP);
    assert.deepEqual(await findingsOf(request(cpuHead, gpuHead)), [
      'environment-cpu.yml:6: numpy was removed (it is on line 6 of the base version); only organizers may remove packages, since other submissions may use it. Put the line back [removal]',
      'environment-gpu.yml:6: numpy was removed (it is on line 6 of the base version); only organizers may remove packages, since other submissions may use it. Put the line back [removal]',
    ]);
    const byOrganizer = await analyzePackageRequest(request(cpuHead, gpuHead, { removalsAllowed: true }));
    assert.equal(byOrganizer.verdict, 'pass');
    assert.deepEqual(
      byOrganizer.changes.map((c) => [c.flavor, c.name, c.kind]),
      [
        ['cpu', 'numpy', 'removed'],
        ['gpu', 'numpy', 'removed'],
      ],
    );
  });

  it('reports a duplicate package', async () => {
    const head = envFile([...BASE_DEPS, 'NumPy=1.26.4'], BASE_PIP);
    assert.deepEqual(await findingsOf(request(head, BASE_GPU)), [
      'environment-cpu.yml:7: numpy is already listed on line 6; keep one line per package [duplicate]',
    ]);
  });

  it('reports YAML that is not a mapping, invalid YAML and a missing dependencies list', async () => {
    assert.deepEqual(await findingsOf(request('- numpy=1.26.4\n- pandas=2.2.2\n', BASE_GPU)), [
      'environment-cpu.yml:1: the file must be a mapping with "channels:" and "dependencies:" keys, like the conda environment files in this repository [invalid_file]',
    ]);
    assert.deepEqual(await findingsOf(request('channels: [conda-forge\n', BASE_GPU)), [
      'environment-cpu.yml:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] [invalid_file]',
    ]);
    assert.deepEqual(await findingsOf(request('name: x\nchannels: [conda-forge]\ndependencies: numpy\n', BASE_GPU)), [
      'environment-cpu.yml:3: "dependencies:" must be a list of packages, one "- name=x.y.z" per line [invalid_file]',
    ]);
  });

  it('refuses a 5 MB environment file without parsing it', async () => {
    const huge = `${envFile(BASE_DEPS)}# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    const result = await analyzePackageRequest(request(huge, BASE_GPU));
    assert.deepEqual(result.findings.map(formatFinding), [
      'environment-cpu.yml:1: the file is 5.0 MiB; an environment file may be at most 256 KiB. List only the packages you need, one per line [too_large]',
    ]);
    assert.equal(result.verdict, 'fail');
  });

  it('reports a conflict found by the solver, at the line of the package that causes it', async () => {
    const cpuHead = envFile([...BASE_DEPS, 'oldlib=1.0.0', 'newlib=1.0.0'], BASE_PIP);
    const gpuHead = envFile([...BASE_DEPS, 'pytorch-cuda==12.1', 'oldlib=1.0.0', 'newlib=1.0.0'], BASE_PIP);
    const result = await analyzePackageRequest(request(cpuHead, gpuHead));
    assert.equal(result.verdict, 'fail');
    assert.equal(result.solves.cpu?.verdict, 'conflict');
    const conflicts = result.findings.filter((f) => f.rule === 'conflict');
    assert.deepEqual(
      conflicts.map((f) => [f.file, f.line]),
      [
        [CPU, 8],
        [GPU, 9],
      ],
    );
    assert.match(
      conflicts[0]!.message,
      /^no set of packages satisfies this file \(look at newlib\); change the versions the solver names below:\nCannot solve the request because of: newlib 1\.0\.0\.\* cannot be installed because there are no viable options:\n/,
    );
    assert.match(conflicts[0]!.message, /numpy >=2/);
  });

  it('solves a CUDA package in the GPU file against the GPU runners’ virtual packages', async () => {
    const gpuHead = envFile([...BASE_DEPS, 'pytorch-cuda==12.1', 'cudalib=1.0.0'], BASE_PIP);
    const gpuOnly = { gpu_only: ['pytorch-cuda', 'cudalib'] };
    const ok = await analyzePackageRequest({ ...request(BASE, gpuHead), policy: policy('good', gpuOnly) });
    assert.equal(ok.verdict, 'pass', JSON.stringify(ok.findings));
    assert.deepEqual(ok.solves.gpu?.verdict === 'solved' && ok.solves.gpu.packages.map((p) => p.name), [
      'cudalib',
      'numpy',
      'python',
      'pytorch-cuda',
    ]);
    const oldDriver = await analyzePackageRequest({
      ...request(BASE, gpuHead),
      policy: policy('good', { ...gpuOnly, cuda_version: '11.8' }),
    });
    assert.deepEqual(
      oldDriver.findings.map((f) => [f.rule, f.file, f.line]),
      [['conflict', GPU, 8]],
    );
    assert.match(oldDriver.findings[0]!.message, /__cuda >=12/);
  });

  it("does not solve a file whose packages and channels are the base's, and solves one whose channels changed", async () => {
    const asked = channel.requests.length;
    const same = await analyzePackageRequest(request(BASE, BASE_GPU));
    assert.equal(same.verdict, 'pass');
    const skipped = {
      verdict: 'skipped',
      reason: 'no package or channel changed against the base, so there is nothing new to solve',
    };
    assert.deepEqual(same.solves, { cpu: skipped, gpu: skipped });
    assert.equal(
      same.summary,
      '0 package changes; policy checks passed; not solved: no package or channel changed against the base, so there is nothing new to solve',
    );
    assert.equal(channel.requests.length, asked, 'the channel was not asked');

    // Only a channel changed (no package): that changes what the solver sees.
    const channels = await analyzePackageRequest(
      request(envFile(BASE_DEPS, BASE_PIP, ['conda-forge', 'nodefaults']), BASE_GPU),
    );
    assert.equal(channels.solves.cpu?.verdict, 'solved');
    assert.deepEqual(channels.solves.gpu, skipped);
    assert.equal(channels.summary, '0 package changes; policy checks passed and the changed environment solves');
  });

  it('says error (not fail) when the channel answers 500', async () => {
    const changed = envFile([...BASE_DEPS, 'pandas=2.2.2'], BASE_PIP);
    const result = await analyzePackageRequest({
      ...request(changed, envFile([...BASE_DEPS, 'pytorch-cuda==12.1', 'pandas=2.2.2'], BASE_PIP)),
      policy: policy('broken'),
    });
    assert.equal(result.verdict, 'error');
    assert.deepEqual(result.findings, []);
    const cpu = result.solves.cpu;
    assert.equal(cpu?.verdict, 'error');
    assert.match(
      cpu?.verdict === 'error' ? cpu.message : '',
      new RegExp(
        `^the channel answered HTTP 500 for ${channel.url}/broken/conda-forge/\\S+, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel$`,
      ),
    );
  });

  it('says error within the solve timeout when the channel never answers', async () => {
    const head = envFile([...BASE_DEPS, 'pandas=2.2.2'], BASE_PIP);
    const result = await analyzePackageRequest({
      cpu: { file: CPU, base: BASE, head },
      policy: policy('silent', { solve_timeout: 1 }),
      removalsAllowed: false,
    });
    assert.equal(result.verdict, 'error');
    assert.deepEqual(result.solves.cpu, {
      verdict: 'error',
      message: `the channels (${channel.url}/silent/conda-forge) did not answer within 1 s, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel`,
      seconds: (result.solves.cpu as { seconds: number }).seconds,
    });
  });
});
