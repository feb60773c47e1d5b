/**
 * The jobs of both workflows end to end with the committed bundle and a real engine:
 * `evaluate` fetches the PR head's submission from the emulator AS DATA, runs it
 * on the demo competition's public sample and private test data, writes the
 * result file; `report` turns it into the comment and the check. Also
 * `pr-check` on a pull_request event that touches another participant's folder.
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { needsEngine } from '../support/docker.js';
import { GitHubEmulator } from '../github/emulator/server.js';
import { MAX_RESULT_BYTES } from '../../src/action/result-file.js';
import { runAction, webhookExample } from './support/run-action.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const SHA = '9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3';

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

/**
 * alice's folder in the PR head commit: the demo submission `name`, or the files
 * given (name → content). `fork`: the head exists only in alice's fork, so GitHub's
 * commits/{sha}/pulls does not find the pull request from the SHA.
 */
async function pushSubmission(submission: string | Record<string, string>, opts: { fork?: boolean } = {}) {
  const files: Record<string, Buffer> = { 'README.md': Buffer.from('competition') };
  if (typeof submission === 'string') {
    const dir = path.join(DEMO, 'submissions', submission);
    for (const f of await readdir(dir)) files[`submissions/alice/${f}`] = await readFile(path.join(dir, f));
  } else {
    for (const [f, content] of Object.entries(submission)) files[`submissions/alice/${f}`] = Buffer.from(content);
  }
  emu.addCommit(SHA, files);
  emu.addPull({
    number: 3,
    authorLogin: 'alice',
    headSha: SHA,
    headInFork: opts.fork ?? false,
    files: Object.keys(files)
      .filter((f) => f.startsWith('submissions/'))
      .map((filename) => ({ filename, status: 'added' })),
  });
}

/** evaluate then report, as holdout-evaluation.yml runs them (`target`: what prepare hands on). */
async function evaluateAndReport(
  submission: string | Record<string, string>,
  opts: { fork?: boolean; target?: Record<string, string> } = {},
) {
  await pushSubmission(submission, opts);
  const target = opts.target ?? { 'head-sha': SHA };
  const event = {
    name: 'workflow_run',
    payload: await webhookExample('workflow_run', 'completed', (p) => (p.workflow_run.head_sha = SHA)),
  };
  const evaluation = await runAction({
    apiUrl: emu.url,
    event,
    inputs: { mode: 'evaluate', token: '', ...target, 'competition-dir': DEMO, 'result-dir': 'result' },
  });
  assert.equal(evaluation.code, 0, evaluation.stdout);
  const evaluationRequests = [...emu.requests];
  const report = await runAction({
    apiUrl: emu.url,
    event,
    inputs: {
      mode: 'report',
      token: 't',
      ...target,
      'evaluation-job': 'success',
      'result-file': evaluation.outputs['result-file']!,
    },
  });
  assert.equal(report.code, 0, report.stdout);
  return { evaluation, report, evaluationRequests };
}

/** Predicts 0.5 everywhere on the public sample (50 rows); `onTest` runs on the private data (150 rows) instead. */
const privateOnly = (onTest: string) => ({
  'main.py': [
    'import pandas as pd',
    'features = pd.read_csv("data/features.csv")',
    'if len(features) > 100:',
    ...onTest.split('\n').map((l) => `    ${l}`),
    'else:',
    '    pd.DataFrame({"id": features["id"], "malignant": 0.5}).to_csv("submission/submission.csv", index=False)',
    '',
  ].join('\n'),
});

describe('evaluate → report on the demo competition', engine, () => {
  test('a good submission: scored on both datasets, private log kept on the runner, check success', async () => {
    const { evaluation, evaluationRequests } = await evaluateAndReport('benchmark');
    assert.equal(evaluation.outputs.status, 'success');
    assert.ok(
      evaluationRequests.length > 0 && evaluationRequests.every((r) => r.authorization === undefined),
      'the evaluate job uses no token',
    );
    assert.ok(
      evaluationRequests.some((r) => r.operationId === 'git/get-blob'),
      'the files came through the API',
    );
    const result = JSON.parse(await readFile(evaluation.outputs['result-file']!, 'utf8'));
    assert.equal(result.smoke.status, 'success');
    assert.equal(result.test.status, 'success');
    assert.deepEqual([result.test.log.head, result.test.log.tail], [[], []], 'private log stays on the runner');
    assert.deepEqual(result.test.scores, {}, 'private scores stay on the runner (show-private-scores is false)');
    assert.ok(Object.keys(result.smoke.scores).length > 0, 'public scores go out');
    assert.equal(emu.checkRuns[0]!.conclusion, 'success');
    assert.match(emu.comments[0]!.body, /Holdout evaluation passed/);
    // The submission's output went through stop-commands.
    const token = /::stop-commands::(holdout-[0-9a-f]{32})/.exec(evaluation.stdout)?.[1];
    assert.ok(token, evaluation.stdout.slice(0, 2000));
    assert.ok(evaluation.stdout.indexOf('predicted 50 rows') > evaluation.stdout.indexOf(`::stop-commands::${token}`));
    assert.ok(evaluation.stdout.indexOf('predicted 50 rows') < evaluation.stdout.indexOf(`::${token}::`));
  });

  test('a crash: failure on the public sample, the private data never touched, traceback in the comment', async () => {
    const { evaluation } = await evaluateAndReport('broken-crash');
    const result = JSON.parse(await readFile(evaluation.outputs['result-file']!, 'utf8'));
    assert.equal(result.smoke.reason, 'crash');
    assert.equal(result.test, undefined);
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    assert.match(emu.comments[0]!.body, /KeyError: 'diagnosis'/);
  });

  test('a crash printing huge lines: the result still fits its schema, so the check is failure (not neutral) with a valid comment', async () => {
    // Control characters are 6 bytes each in JSON: 200 kept lines of 4 KiB come to ~5 MB, over MAX_RESULT_BYTES.
    const { evaluation, report } = await evaluateAndReport({
      'main.py': [
        'for i in range(400):',
        '    print(i, "\\x01" * 4090)',
        'raise SystemExit("boom " + "\\x01" * 20000)',
        '',
      ].join('\n'),
    });
    // What the file would hold unfitted (the demo keeps 100 head + 100 tail lines) is over the cap.
    const full = (await readFile(path.join(path.dirname(evaluation.outputs['result-file']!), 'smoke.log'), 'utf8'))
      .split('\n')
      .filter(Boolean);
    assert.ok(Buffer.byteLength(JSON.stringify([...full.slice(0, 100), ...full.slice(-100)])) > MAX_RESULT_BYTES);
    const raw = await readFile(evaluation.outputs['result-file']!, 'utf8');
    assert.ok(Buffer.byteLength(raw) <= MAX_RESULT_BYTES / 2, `${Buffer.byteLength(raw)} bytes`);
    const result = JSON.parse(raw);
    assert.deepEqual([result.smoke.status, result.smoke.reason], ['failed', 'crash']);
    assert.equal(result.smoke.log.tail.at(-1).length <= 1024, true);
    assert.equal(report.outputs.conclusion, 'failure');
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    const body = emu.comments[0]!.body;
    assert.match(body, /Holdout evaluation failed: crash/);
    assert.doesNotMatch(body, /could not be read|our side/);
    assert.ok(body.length <= 65_536);
  });

  test('a crash on the private data: only a fixed sentence leaves the runner (no exit code, no output)', async () => {
    const { evaluation } = await evaluateAndReport(
      privateOnly('print("PRIVATE", features.iloc[0].tolist())\nraise SystemExit(3)'),
    );
    const raw = await readFile(evaluation.outputs['result-file']!, 'utf8');
    const result = JSON.parse(raw);
    assert.deepEqual([result.smoke.status, result.test.status, result.test.reason], ['success', 'failed', 'crash']);
    // A fixed sentence per reason: not even the exit code leaves the runner (src/action/private-run.ts).
    assert.equal(result.test.message, 'The submission failed on the private test data (it crashed).');
    assert.equal(result.test.exit_code, null);
    assert.doesNotMatch(raw, /PRIVATE/);
    assert.doesNotMatch(evaluation.stdout, /PRIVATE/, 'nor in the job log, which is public on a public repository');
    assert.match(evaluation.stdout, /the submission's output on this dataset stays on the runner/);
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    assert.doesNotMatch(emu.comments[0]!.body, /PRIVATE/);
    assert.match(emu.comments[0]!.body, /\nThe submission failed on the private test data \\\(it crashed\\\)\\\.\n/); // Markdown-escaped
    assert.doesNotMatch(emu.comments[0]!.body, /code 3/);
  });

  test('invalid predictions on the private data: the problems (which quote them) stay on the runner, not even their count leaves', async () => {
    const { evaluation } = await evaluateAndReport(
      privateOnly(
        'pd.DataFrame({"id": features["id"], "malignant": "PRIVATE-" + features["mean_radius"].astype(str)}).to_csv("submission/submission.csv", index=False)',
      ),
    );
    const raw = await readFile(evaluation.outputs['result-file']!, 'utf8');
    const result = JSON.parse(raw);
    assert.deepEqual([result.smoke.status, result.test.status], ['success', 'failed']);
    assert.deepEqual(result.test.problems, []);
    assert.doesNotMatch(raw, /PRIVATE/);
    assert.doesNotMatch(emu.comments[0]!.body, /PRIVATE/);
  });

  test("a 300-byte file name is the participant's invalid_submission, decided before any download (it used to kill the job: ENAMETOOLONG)", async () => {
    const long = `${'n'.repeat(297)}.py`;
    const { evaluation, report, evaluationRequests } = await evaluateAndReport({
      'main.py': 'print(1)\n',
      [long]: 'x = 1\n',
    });
    assert.equal(evaluation.outputs.status, 'failed');
    const result = JSON.parse(await readFile(evaluation.outputs['result-file']!, 'utf8'));
    assert.deepEqual(
      [result.smoke.status, result.smoke.reason, result.test],
      ['failed', 'invalid_submission', undefined],
    );
    assert.equal(
      result.smoke.message,
      `submissions/alice/ was refused: "${'n'.repeat(59)}…" has a file or folder name of 300 bytes (at most 255)`,
    );
    assert.match(result.smoke.hint, /at most 255 bytes per file or folder name/);
    assert.equal(
      evaluationRequests.filter((r) => r.operationId === 'git/get-blob').length,
      0,
      'nothing was downloaded',
    );
    assert.equal(report.outputs.conclusion, 'failure');
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    assert.match(emu.comments[0]!.body, /Holdout evaluation failed: invalid submission/);
  });

  test("a fork's head, which commits/{sha}/pulls does not list, is evaluated through the PR number prepare found", async () => {
    // Before: with the head SHA alone the evaluation finds no pull request and runs nothing.
    await pushSubmission('benchmark', { fork: true });
    const event = {
      name: 'workflow_run',
      payload: await webhookExample('workflow_run', 'completed', (p) => (p.workflow_run.head_sha = SHA)),
    };
    const alone = await runAction({
      apiUrl: emu.url,
      event,
      inputs: { mode: 'evaluate', token: '', 'head-sha': SHA, 'competition-dir': DEMO, 'result-dir': 'result' },
    });
    assert.equal(alone.code, 0, alone.stdout);
    assert.equal(alone.outputs.kind, 'none');
    assert.deepEqual(emu.calls('repos/list-pull-requests-associated-with-commit').length, 1);
    emu.pulls.length = 0;

    const { evaluation } = await evaluateAndReport('benchmark', {
      fork: true,
      target: { 'head-sha': SHA, 'pull-request': '3' },
    });
    assert.equal(evaluation.outputs.status, 'success');
    assert.equal(emu.checkRuns[0]!.conclusion, 'success');
    assert.match(emu.comments[0]!.body, /Holdout evaluation passed/);
  });
});

test("pr-check on a pull_request touching another participant's folder fails with annotations and runs nothing", async () => {
  emu.addPull({
    number: 5,
    authorLogin: 'alice',
    headSha: SHA,
    files: [
      { filename: 'submissions/alice/main.py', status: 'added' },
      { filename: 'submissions/bob/main.py', status: 'modified' },
    ],
  });
  const payload = await webhookExample('pull_request', 'opened', (p) => {
    p.pull_request.number = 5;
    p.number = 5;
    p.pull_request.title = '$(id) <img src=x> @everyone';
  });
  const run = await runAction({
    apiUrl: emu.url,
    event: { name: 'pull_request', payload },
    inputs: { mode: 'pr-check', token: 'ghs_readonly' },
  });
  assert.equal(run.code, 1);
  assert.equal(run.outputs.kind, 'rejected');
  assert.match(
    run.stdout,
    /::error title=Not allowed in a submission pull request,file=submissions\/bob\/main\.py,line=1::changes another participant's folder/,
  );
  assert.match(run.summary, /mixes your submission with other changes/);
  assert.equal(emu.comments.length + emu.checkRuns.length, 0, 'the pr-check job writes nothing on GitHub');
});
