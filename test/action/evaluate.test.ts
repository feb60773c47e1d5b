/**
 * The two-stage flow end to end with the committed bundle and a real engine:
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

/** The demo submission `name` as alice's folder in the PR head commit. */
async function pushSubmission(name: string) {
  const dir = path.join(DEMO, 'submissions', name);
  const files: Record<string, Buffer> = { 'README.md': Buffer.from('competition') };
  for (const f of await readdir(dir)) files[`submissions/alice/${f}`] = await readFile(path.join(dir, f));
  emu.addCommit(SHA, files);
  emu.addPull({ number: 3, authorLogin: 'alice', headSha: SHA, files: Object.keys(files).filter((f) => f.startsWith('submissions/')).map((filename) => ({ filename, status: 'added' })) });
}

async function stage2(name: string) {
  await pushSubmission(name);
  const event = { name: 'workflow_run', payload: await webhookExample('workflow_run', 'completed', (p) => (p.workflow_run.head_sha = SHA)) };
  const evaluation = await runAction({ apiUrl: emu.url, event, inputs: { mode: 'evaluate', token: '', 'head-sha': SHA, 'competition-dir': DEMO, 'result-dir': 'result' } });
  assert.equal(evaluation.code, 0, evaluation.stdout);
  const evaluationRequests = [...emu.requests];
  const report = await runAction({ apiUrl: emu.url, event, inputs: { mode: 'report', token: 't', 'head-sha': SHA, 'evaluation-job': 'success', 'result-file': evaluation.outputs['result-file']! } });
  assert.equal(report.code, 0, report.stdout);
  return { evaluation, report, evaluationRequests };
}

describe('evaluate → report on the demo competition', engine, () => {
  test('a good submission: scored on both datasets, private log kept on the runner, check success', async () => {
    const { evaluation, evaluationRequests } = await stage2('benchmark');
    assert.equal(evaluation.outputs.status, 'success');
    assert.ok(evaluationRequests.length > 0 && evaluationRequests.every((r) => r.authorization === undefined), 'the evaluate job uses no token');
    assert.ok(evaluationRequests.some((r) => r.operationId === 'git/get-blob'), 'the files came through the API');
    const result = JSON.parse(await readFile(evaluation.outputs['result-file']!, 'utf8'));
    assert.equal(result.smoke.status, 'success');
    assert.equal(result.test.status, 'success');
    assert.deepEqual([result.test.log.head, result.test.log.tail], [[], []], 'private log stays on the runner');
    assert.equal(emu.checkRuns[0]!.conclusion, 'success');
    assert.match(emu.comments[0]!.body, /Holdout evaluation passed/);
    // The submission's output went through stop-commands.
    const token = /::stop-commands::(holdout-[0-9a-f]{32})/.exec(evaluation.stdout)?.[1];
    assert.ok(token, evaluation.stdout.slice(0, 2000));
    assert.ok(evaluation.stdout.indexOf('predicted 50 rows') > evaluation.stdout.indexOf(`::stop-commands::${token}`));
    assert.ok(evaluation.stdout.indexOf('predicted 50 rows') < evaluation.stdout.indexOf(`::${token}::`));
  });

  test('a crash: failure on the public sample, the private data never touched, traceback in the comment', async () => {
    const { evaluation } = await stage2('broken-crash');
    const result = JSON.parse(await readFile(evaluation.outputs['result-file']!, 'utf8'));
    assert.equal(result.smoke.reason, 'crash');
    assert.equal(result.test, undefined);
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    assert.match(emu.comments[0]!.body, /KeyError: 'diagnosis'/);
  });
});

test('pr-check on a pull_request touching another participant\'s folder fails with annotations and runs nothing', async () => {
  emu.addPull({ number: 5, authorLogin: 'alice', headSha: SHA, files: [{ filename: 'submissions/alice/main.py', status: 'added' }, { filename: 'submissions/bob/main.py', status: 'modified' }] });
  const payload = await webhookExample('pull_request', 'opened', (p) => {
    p.pull_request.number = 5;
    p.number = 5;
    p.pull_request.title = '$(id) <img src=x> @everyone';
  });
  const run = await runAction({ apiUrl: emu.url, event: { name: 'pull_request', payload }, inputs: { mode: 'pr-check', token: 'ghs_readonly' } });
  assert.equal(run.code, 1);
  assert.equal(run.outputs.kind, 'rejected');
  assert.match(run.stdout, /::error title=Not allowed in a submission pull request,file=submissions\/bob\/main\.py,line=1::changes another participant's folder/);
  assert.match(run.summary, /mixes your submission with other changes/);
  assert.equal(emu.comments.length + emu.checkRuns.length, 0, 'stage 1 writes nothing on GitHub');
});
