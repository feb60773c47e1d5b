/**
 * requirements.txt and a notebook's import-line specifiers (harness/holdout_harness/requirements.py),
 * checked for real in the base image: nothing is installed at run time, so every requirement must
 * be met by the image (PEP 440 / PEP 508 through `packaging`); unmet, contradictory or unreadable
 * ones are invalid_submission before any participant code runs.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { execa } from 'execa';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { eventNames, runHarness, type HarnessRun } from '../support/harness.js';

const engine = await needsEngine();
const HARNESS = path.join(import.meta.dirname, '../../harness');

type Event = { event: string; reason?: string; message?: string; hint?: string };

const PACKAGE_REQUEST_HINT =
  'Nothing is installed at run time (there is no network): use a version the runtime image has, or ask for it with a package-request pull request (docs/participants.md).';

const MAIN = `import pandas as pd

def infer(X_test):
    print("infer ran")
    return pd.DataFrame({"id": X_test["id"], "y": 0.5})
`;

/** The functions harness on a submission with this requirements.txt (and `more` files). */
async function withRequirements(requirements: string, more: Record<string, string> = {}): Promise<HarnessRun> {
  return runHarness({
    kind: 'functions',
    phase: 'infer',
    submission: { functions: { arguments: { X_test: { file: 'X_test.csv' } } } },
    idColumn: 'id',
    columns: ['y'],
    files: { 'main.py': MAIN, 'requirements.txt': requirements, ...more },
    data: { 'X_test.csv': 'id,a\nr1,1\n' },
  });
}

function logOf(result: HarnessRun): string {
  return result.log.join('\n');
}

function firstEvent(result: HarnessRun): Event {
  return (result.events[0]?.event as Event | undefined) ?? { event: '(none)' };
}

/** Refused before handover (trusted by the host): nothing of the submission ran. */
function assertRefused(result: HarnessRun, message: string, hint?: string) {
  assert.deepEqual(eventNames(result), ['failed'], logOf(result));
  assert.equal(result.events[0]?.beforeHandover, true);
  const failed = firstEvent(result);
  assert.equal(failed.reason, 'invalid_submission');
  assert.equal(failed.message, message);
  if (hint !== undefined) assert.equal(failed.hint, hint);
  assert.equal(result.exitCode, 1);
  assert.doesNotMatch(logOf(result), /infer ran/);
}

function warnings(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => l.startsWith('holdout: warning: '))
    .map((l) => l.slice('holdout: warning: '.length));
}

let versions: Promise<Record<string, string>> | undefined;

/** What the base image has, asked of the image itself (Debian's versions). */
function imageVersions(): Promise<Record<string, string>> {
  versions ??= execa('docker', [
    'run',
    '--rm',
    '--network',
    'none',
    BASE_IMAGE,
    'python3',
    '-c',
    'import json, importlib.metadata as m; print(json.dumps({n: m.version(n) for n in ("pandas", "numpy", "scikit-learn")}))',
  ]).then((r) => JSON.parse(r.stdout) as Record<string, string>);
  return versions;
}

describe('requirements.txt is checked against the runtime image', engine, () => {
  test('requirements the image meets pass; comments, markers, hashes and index options are fine', async () => {
    const { pandas, numpy } = await imageVersions();
    const result = await withRequirements(
      [
        '# pinned from the runtime image',
        `pandas==${pandas}  # the image's`,
        `numpy>=1.0,<=${numpy} \\`,
        '    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000',
        '--index-url https://pypi.org/simple',
        'Scikit_Learn',
        'pywin32==306 ; sys_platform == "win32"',
        'dataclasses',
        '',
      ].join('\n'),
    );
    assert.deepEqual(eventNames(result), ['handover', 'done'], logOf(result));
    assert.match(logOf(result), /^infer ran$/m);
    assert.deepEqual(warnings(logOf(result)), [
      'requirements.txt line 5: --index-url is skipped: nothing is downloaded at run time, every requirement is checked against the runtime image.',
      "requirements.txt line 8: dataclasses is part of Python's standard library, so it is not checked.",
    ]);
  });

  test('a version the image lacks: names the package, the specifier, the version the image has, a package request', async () => {
    const { pandas } = await imageVersions();
    assertRefused(
      await withRequirements('pandas==0.1.0\n'),
      `requirements.txt line 1: pandas==0.1.0 is not met: the runtime image has pandas ${pandas}.`,
      PACKAGE_REQUEST_HINT,
    );
  });

  test('a package the image lacks: "not installed"', async () => {
    assertRefused(
      await withRequirements('pandas\nholdout-no-such-package>=1\n'),
      'requirements.txt line 2: holdout-no-such-package>=1 is not met: the runtime image does not have holdout-no-such-package (not installed).',
      PACKAGE_REQUEST_HINT,
    );
  });

  test('several unmet requirements are listed together', async () => {
    const { numpy } = await imageVersions();
    assertRefused(
      await withRequirements('numpy<1.0\ntorch==2.3.1\n'),
      `2 requirements are not met: requirements.txt line 1: numpy<1.0 is not met: the runtime image has numpy ${numpy}; requirements.txt line 2: torch==2.3.1 is not met: the runtime image does not have torch (not installed).`,
    );
  });

  test('contradictory specifiers on one package are refused', async () => {
    assertRefused(
      await withRequirements('pandas>=2.0\nnumpy\nPandas<1.0\n'),
      'pandas is asked for as >=2.0 (requirements.txt line 1) and <1.0 (requirements.txt line 3), which no version satisfies.',
      'Keep one version specifier for pandas, then run holdout test again.',
    );
  });

  test('a line that is not a requirement is refused, naming the line', async () => {
    const result = await withRequirements('pandas\npandas ==> 2\n');
    const failed = firstEvent(result);
    assert.equal(failed?.reason, 'invalid_submission', logOf(result));
    assert.match(failed?.message ?? '', /^requirements\.txt line 2 cannot be read as a requirement: 'pandas ==> 2' \(/);
    assert.equal(
      failed?.hint,
      'Fix the line (one requirement per line, e.g. pandas>=2.0, PEP 508), then run holdout test again.',
    );
    assert.equal(result.exitCode, 1);
  });

  test('an editable install is refused', async () => {
    assertRefused(
      await withRequirements('-e .\n'),
      'requirements.txt line 1 asks for an editable install (-e .); nothing is installed at run time.',
      'Put that code in the submission folder instead and remove the line from requirements.txt.',
    );
  });

  test('-r follows a file inside the submission; one outside it is refused', async () => {
    assertRefused(
      await withRequirements('-r extra/more.txt\n', { 'extra/more.txt': 'pandas\nholdout-no-such-package\n' }),
      'extra/more.txt line 2: holdout-no-such-package is not met: the runtime image does not have holdout-no-such-package (not installed).',
    );
    assertRefused(
      await withRequirements('-r ../../etc/passwd\n'),
      'requirements.txt line 1 includes ../../etc/passwd, which is outside the submission.',
    );
  });
});

/** check_specifiers(pairs), as the notebook converter calls it, run in the base image. */
async function checkSpecifiers(pairs: [string, string, string][]) {
  const nonce = 'f'.repeat(32);
  const code = [
    'import json, sys',
    "sys.path.insert(0, '/h')",
    'from holdout_harness import protocol, requirements',
    `protocol.start(${JSON.stringify(nonce)})`,
    `requirements.check_specifiers([tuple(p) for p in json.loads(${JSON.stringify(JSON.stringify(pairs))})])`,
    "print('all met')",
  ].join('\n');
  const r = await execa(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--read-only',
      '-v',
      `${HARNESS}:/h:ro`,
      BASE_IMAGE,
      'python3',
      '-I',
      '-c',
      code,
    ],
    { reject: false, all: true },
  );
  const marker = `::holdout:${nonce}:: `;
  const events = r.all
    .split('\n')
    .filter((l) => l.startsWith(marker))
    .map((l) => JSON.parse(l.slice(marker.length)) as Event);
  return { exitCode: r.exitCode, events, log: r.all };
}

describe("a notebook's import-line specifiers (check_specifiers)", engine, () => {
  test('met specifiers pass; import names map to their distribution; standard library ignored', async () => {
    const { pandas } = await imageVersions();
    const r = await checkSpecifiers([
      ['pandas', `==${pandas}`, 'cell 1'],
      ['sklearn', '>=1.0', 'cell 2'],
      ['scikit-learn', '<99', 'cell 3'],
      ['os', '==1.0', 'cell 4'],
      ['numpy[extra]', '>=1', 'cell 5'],
    ]);
    assert.deepEqual(r.events, [], r.log);
    assert.equal(r.exitCode, 0);
    assert.match(r.log, /^all met$/m);
    assert.deepEqual(warnings(r.log), ["cell 4: os is part of Python's standard library, so it is not checked."]);
  });

  test('unmet: names the distribution and the version the image has', async () => {
    const sklearn = (await imageVersions())['scikit-learn'];
    const r = await checkSpecifiers([['sklearn', '>=99', 'cell 2, line 1']]);
    assert.deepEqual(r.events, [
      {
        event: 'failed',
        reason: 'invalid_submission',
        message: `cell 2, line 1: sklearn>=99 is not met: the runtime image has scikit-learn ${sklearn}.`,
        hint: PACKAGE_REQUEST_HINT,
      },
    ]);
    assert.equal(r.exitCode, 1);
  });

  test('contradictory specifiers on one package (by import or distribution name) are refused', async () => {
    const r = await checkSpecifiers([
      ['sklearn', '==1.0', 'cell 2'],
      ['scikit-learn', '==1.2', 'cell 5'],
    ]);
    assert.deepEqual(r.events, [
      {
        event: 'failed',
        reason: 'invalid_submission',
        message: 'sklearn is asked for as ==1.0 (cell 2) and ==1.2 (cell 5), which no version satisfies.',
        hint: 'Keep one version specifier for sklearn, then run holdout test again.',
      },
    ]);
  });

  test('a specifier that is not PEP 440 is refused, naming where', async () => {
    const r = await checkSpecifiers([['pandas', '>= two', 'cell 3']]);
    assert.deepEqual(r.events, [
      {
        event: 'failed',
        reason: 'invalid_submission',
        message: "cell 3: '>= two' is not a version specifier for pandas.",
        hint: 'Write a PEP 440 specifier such as ==2.2.2 or >=1.2,<2.0.',
      },
    ]);
  });
});
