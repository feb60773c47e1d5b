/**
 * The committed bundle in `report` (and `prepare`) mode against the GitHub
 * emulator: the sticky comment, the check run, the job summary, hostile result
 * files, racing jobs and API faults.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { GitHubEmulator } from '../github/emulator/server.js';
import { crashReport, resultFile, runReport } from './support/fixtures.js';
import { runAction, webhookExample } from './support/run-action.js';

const SHA = '3f1e2d4c5b6a79880716253443526170f9e8d7c6';
const md = new MarkdownIt({ html: true, linkify: true });

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, [], 'every call must be one the OpenAPI description allows');
});

function submissionPull(over: Parameters<GitHubEmulator['addPull']>[0] | object = {}) {
  return emu.addPull({ number: 12, authorLogin: 'alice', headSha: SHA, files: [{ filename: 'submissions/alice/main.py', status: 'added' }], ...over });
}

async function workflowRunEvent() {
  return webhookExample('workflow_run', 'completed', (p) => {
    p.workflow_run.head_sha = SHA;
    p.workflow_run.head_branch = 'submission';
    p.workflow_run.event = 'pull_request';
    p.workflow_run.pull_requests = []; // what GitHub sends for a fork
  });
}

async function report(inputs: Record<string, string>) {
  return runAction({
    apiUrl: emu.url,
    event: { name: 'workflow_run', payload: await workflowRunEvent() },
    inputs: { mode: 'report', token: 'ghs_reporttoken', 'head-sha': SHA, 'head-label': 'alice:submission', 'evaluation-job': 'success', ...inputs },
  });
}

const result = (runs: object) => ({ format: 'holdout-result', version: 1, head_sha: SHA, ...runs });

describe('report mode', () => {
  test('a good submission: check queued → in_progress → success, one comment with the public score, private score hidden', async () => {
    submissionPull();
    const prep = await runAction({
      apiUrl: emu.url,
      event: { name: 'workflow_run', payload: await workflowRunEvent() },
      inputs: { mode: 'prepare', token: 'ghs_preparetoken', 'head-sha': SHA, 'head-label': 'alice:submission' },
    });
    assert.equal(prep.code, 0, prep.stdout);
    assert.equal(prep.outputs.kind, 'submission');
    assert.equal(prep.outputs['pull-request'], '12');

    const file = await resultFile(result({ smoke: runReport(), test: runReport({ dataset: 'test', scores: { log_loss: 0.3917 } }) }));
    const run = await report({ 'result-file': file });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conclusion, 'success');

    assert.equal(emu.checkRuns.length, 1);
    const check = emu.checkRuns[0]!;
    assert.deepEqual([check.name, check.head_sha, check.conclusion], ['holdout / evaluation', SHA, 'success']);
    assert.deepEqual(check.history, ['queued', 'in_progress', 'completed']);

    assert.equal(emu.comments.length, 1);
    const body = emu.comments[0]!.body;
    assert.ok(body.startsWith('<!-- holdout:evaluation -->'));
    assert.match(body, /Holdout evaluation passed/);
    assert.match(md.render(body), /<td>log_loss<\/td>\n<td>0\.4213<\/td>\n<td>hidden until the organizer publishes it<\/td>/);
    assert.doesNotMatch(body, /0\.3917/);
    assert.match(body, /holdout test submissions\/alice/);
    assert.match(body, /docker run --rm --network none/);
    assert.match(body, /\[workflow run\]\(https:\/\/github\.com\/octo-org\/competition\/actions\/runs\/4242\)/);
    assert.match(run.summary, /Holdout evaluation passed/);
    // The evaluation is resolved through the API from the head SHA.
    assert.ok(emu.calls('pulls/list').length >= 1);
  });

  test('private scores show when the organizer allows it', async () => {
    submissionPull();
    const file = await resultFile(result({ smoke: runReport(), test: runReport({ dataset: 'test', scores: { log_loss: 0.3917 } }) }));
    const run = await report({ 'result-file': file, 'show-private-scores': 'true' });
    assert.equal(run.code, 0, run.stdout);
    assert.match(md.render(emu.comments[0]!.body), /<td>log_loss<\/td>\n<td>0\.4213<\/td>\n<td>0\.3917<\/td>/);
  });

  test('a crash: failure, the reason in a sentence, the traceback in a collapsed code block', async () => {
    submissionPull();
    const run = await report({ 'result-file': await resultFile(result({ smoke: crashReport() })) });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    const body = emu.comments[0]!.body;
    assert.match(body, /Holdout evaluation failed: crash/);
    assert.match(md.render(body), /<p>main\.py exited with code 1 before writing submission\.csv\.<\/p>/);
    assert.match(body, /<details><summary>Log \(public sample, 4 lines\)<\/summary>\n\n```text\nTraceback/);
  });

  test('a timeout concludes timed_out; our error concludes neutral, never failure', async () => {
    submissionPull();
    await report({ 'result-file': await resultFile(result({ smoke: runReport({ status: 'failed', reason: 'timeout', message: 'Ran past 30m.', hint: 'Make it faster.', scores: {}, primary_metric: null }) })) });
    assert.equal(emu.checkRuns.at(-1)!.conclusion, 'timed_out');
    await report({ 'result-file': await resultFile(result({ smoke: runReport({ status: 'error', reason: 'engine_unavailable', message: 'Docker is down.', hint: 'Nothing to do.', scores: {}, primary_metric: null }) })) });
    assert.equal(emu.checkRuns.at(-1)!.conclusion, 'neutral');
    assert.match(emu.comments[0]!.body, /could not be judged \(our side, not yours\)/);
  });

  test('a PR touching someone else\'s folder fails with annotations, whatever the artifact says', async () => {
    submissionPull({ files: [{ filename: 'submissions/alice/main.py', status: 'added' }, { filename: 'submissions/bob/main.py', status: 'modified' }] });
    const run = await report({ 'result-file': await resultFile(result({ smoke: runReport() })) });
    assert.equal(run.code, 0, run.stdout);
    const check = emu.checkRuns[0]!;
    assert.equal(check.conclusion, 'failure');
    assert.deepEqual(check.output.annotations?.map((a) => [a.path, a.annotation_level]), [['submissions/bob/main.py', 'failure']]);
    assert.match(check.output.annotations![0].message, /changes another participant's folder \(submissions\/bob\/\); a submission may only change submissions\/alice\//);
    assert.match(emu.comments[0]!.body, /mixes your submission with other changes/);
  });

  test('a PR editing a workflow fails and says participants may not edit workflows', async () => {
    submissionPull({ files: [{ filename: '.github/workflows/holdout-evaluation.yml', status: 'modified' }] });
    const run = await report({ 'result-file': '/nonexistent' });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(emu.checkRuns[0]!.conclusion, 'failure');
    assert.match(emu.checkRuns[0]!.output.annotations![0].message, /participants may not edit workflows/);
  });

  test('a maintainer\'s ordinary change: check skipped, no comment', async () => {
    submissionPull({ authorAssociation: 'MEMBER', files: [{ filename: 'README.md', status: 'modified' }] });
    const run = await report({});
    assert.equal(run.code, 0, run.stdout);
    assert.equal(emu.checkRuns[0]!.conclusion, 'skipped');
    assert.equal(emu.comments.length, 0);
  });

  test('title and branch full of shell and Markdown injection reach nothing', async () => {
    const evil = '$(touch /tmp/holdout-test-pwned)`id`"; rm -rf ~ # <img src=x onerror=alert(1)> @octo-org/admins [x](javascript:alert(1))';
    submissionPull({ title: evil, headRef: 'main;$(id)`whoami`' });
    const run = await runAction({
      apiUrl: emu.url,
      event: { name: 'workflow_run', payload: await webhookExample('workflow_run', 'completed', (p) => { p.workflow_run.head_sha = SHA; p.workflow_run.head_branch = 'main;$(id)`whoami`'; p.workflow_run.display_title = evil; }) },
      inputs: { mode: 'report', token: 't', 'head-sha': SHA, 'head-label': 'alice:main;$(id)`whoami`', 'evaluation-job': 'success', 'result-file': await resultFile(result({ smoke: crashReport() })) },
    });
    assert.equal(run.code, 0, run.stdout);
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync('/tmp/holdout-test-pwned'), false);
    const html = md.render(emu.comments[0]!.body);
    assert.doesNotMatch(html, /<img|javascript:|@octo-org\/admins/);
  });

  test('a hostile log: workflow commands, mentions, HTML and 200,000 lines stay inert and under 65,536 characters', async () => {
    submissionPull();
    const nasty = ['::set-output name=score::1.0', '::add-mask::hunter2', '@octocat @octo-org/admins please look', '<img src="https://evil.example/x.png">', '![x](https://evil.example/x.png)', '```', '</details><script>alert(1)</script>', '# heading', '\u001b[31mred\u001b[0m', '\u202Ereversed'];
    const lines = Array.from({ length: 750 }, (_, i) => `${nasty[i % nasty.length]} ${'x'.repeat(150)} line ${i}`);
    const smoke = crashReport();
    smoke.log = { lines: 200_000, truncated: true, head: lines, tail: lines };
    const run = await report({ 'result-file': await resultFile(result({ smoke })) });
    assert.equal(run.code, 0, run.stdout);
    const body = emu.comments[0]!.body;
    assert.ok(body.length <= 65_536, `comment is ${body.length} characters`);
    assert.match(body, /last \d+ of 200000 lines/);
    const html = md.render(body);
    assert.doesNotMatch(html, /<img|<script|<h1/);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(links, ['https://github.com/octo-org/competition/actions/runs/4242#artifacts', 'https://github.com/octo-org/competition/actions/runs/4242']);
    assert.match(html, /::set-output name=score::1\.0/); // shown, as text, inside the code block
    assert.doesNotMatch(run.stdout, /hunter2/);
    assert.equal((html.match(/<\/details>/g) ?? []).length, 2, 'only our own two <details> blocks close');
  });

  test('hostile result files: oversized, off-schema, for another commit, missing → neutral, and said so', async () => {
    submissionPull();
    const cases: [string, RegExp][] = [
      [await resultFile('x'.repeat(5 * 1024 * 1024)), /larger than 4194304 bytes/],
      [await resultFile(result({ smoke: { ...runReport(), admin: true } })), /does not match its schema \(smoke: Unrecognized key/],
      [await resultFile(result({ smoke: runReport({ status: 'success', reason: 'crash' }) })), /does not match its schema/],
      [await resultFile({ ...result({ smoke: runReport() }), head_sha: 'b'.repeat(40) }), /is for commit bbbbbbbbbbbb, not 3f1e2d4c5b6a/],
      ['/nonexistent/holdout-result.json', /left no result file/],
    ];
    for (const [file, message] of cases) {
      const run = await report({ 'result-file': file });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(emu.checkRuns.at(-1)!.conclusion, 'neutral');
      assert.match(md.render(emu.comments[0]!.body), message);
    }
    assert.equal(emu.comments.length, 1);
  });

  test('a cancelled evaluation concludes cancelled', async () => {
    submissionPull();
    await report({ 'evaluation-job': 'cancelled', 'result-file': '/nonexistent' });
    assert.equal(emu.checkRuns[0]!.conclusion, 'cancelled');
  });

  test('two report jobs at once leave exactly one comment', async () => {
    submissionPull();
    emu.barrier('issues/list-comments', 2); // both list before either writes
    const file = await resultFile(result({ smoke: runReport() }));
    const [a, b] = await Promise.all([report({ 'result-file': file }), report({ 'result-file': file })]);
    assert.equal(a.code, 0, a.stdout);
    assert.equal(b.code, 0, b.stdout);
    assert.equal(emu.calls('issues/create-comment').length, 2, 'the race really happened');
    assert.equal(emu.comments.length, 1);
  });

  test('a comment someone deleted is recreated; an existing one is updated in place', async () => {
    submissionPull();
    const file = await resultFile(result({ smoke: runReport() }));
    await report({ 'result-file': file });
    const first = emu.comments[0]!.id;
    await report({ 'result-file': file });
    assert.deepEqual(emu.comments.map((c) => c.id), [first]);
    assert.equal(emu.calls('issues/update-comment').length, 1);
    emu.comments.length = 0; // someone deletes it
    await report({ 'result-file': file });
    assert.equal(emu.comments.length, 1);
    assert.notEqual(emu.comments[0]!.id, first);
  });

  test('a marker comment written by someone else is left alone', async () => {
    submissionPull();
    emu.comments.push({ id: 1, body: '<!-- holdout:evaluation -->\nI passed, trust me', login: 'mallory' });
    await report({ 'result-file': await resultFile(result({ smoke: runReport() })) });
    assert.equal(emu.comments.length, 2);
    assert.equal(emu.comments[0]!.body, '<!-- holdout:evaluation -->\nI passed, trust me');
  });

  test('a fork\'s head (commits/{sha}/pulls lists nothing): prepare finds the PR by its label, report by the number prepare hands on', async () => {
    submissionPull({ headInFork: true });
    const event = { name: 'workflow_run', payload: await workflowRunEvent() };
    const prep = await runAction({ apiUrl: emu.url, event, inputs: { mode: 'prepare', token: 't', 'head-sha': SHA, 'head-label': 'alice:submission' } });
    assert.equal(prep.code, 0, prep.stdout);
    assert.deepEqual([prep.outputs.kind, prep.outputs['pull-request']], ['submission', '12']);
    const file = await resultFile(result({ smoke: crashReport() }));

    // The head SHA alone, as the report job used to get it: GitHub finds no pull request.
    const alone = await runAction({ apiUrl: emu.url, event, inputs: { mode: 'report', token: 't', 'head-sha': SHA, 'evaluation-job': 'success', 'result-file': file } });
    assert.equal(alone.code, 0, alone.stdout);
    assert.match(alone.stdout, /::notice::No open pull request has this commit as its head/);
    assert.deepEqual(alone.outputs.conclusion, undefined);

    // With needs.prepare.outputs.pull-request: reported on the head SHA.
    const run = await runAction({ apiUrl: emu.url, event, inputs: { mode: 'report', token: 't', 'head-sha': SHA, 'pull-request': prep.outputs['pull-request']!, 'evaluation-job': 'success', 'result-file': file } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.deepEqual([emu.checkRuns.at(-1)!.head_sha, emu.checkRuns.at(-1)!.conclusion], [SHA, 'failure']);
    assert.equal(emu.comments.length, 1);

    // A number whose PR has moved on to another head is not reported on for this SHA.
    emu.pulls[0]!.headSha = 'e'.repeat(40);
    const moved = await runAction({ apiUrl: emu.url, event, inputs: { mode: 'report', token: 't', 'head-sha': SHA, 'pull-request': '12', 'evaluation-job': 'success', 'result-file': file } });
    assert.equal(moved.code, 0, moved.stdout);
    assert.match(moved.stdout, /No open pull request has this commit as its head/);
  });
});

describe('report mode under API faults', () => {
  test('a 5xx and a secondary rate limit with retry-after are waited out', async () => {
    submissionPull();
    emu.fault('issues/create-comment', { status: 502 });
    emu.fault('issues/list-comments', { status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest' } });
    const run = await report({ 'result-file': await resultFile(result({ smoke: runReport() })) });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(emu.comments.length, 1);
    assert.equal(emu.calls('issues/create-comment').length, 2);
    assert.match(run.stdout, /secondary rate limit/);
  });

  test('a 404 on updating the comment (deleted meanwhile) creates a new one', async () => {
    submissionPull();
    const file = await resultFile(result({ smoke: runReport() }));
    await report({ 'result-file': file });
    emu.fault('issues/update-comment', { status: 404, effect: () => (emu.comments.length = 0) });
    const run = await report({ 'result-file': file });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(emu.comments.length, 1);
    assert.equal(emu.calls('issues/create-comment').length, 2);
  });

  test('a 422 on the comment still concludes the check, then fails the job saying what did not go through', async () => {
    submissionPull();
    emu.fault('issues/create-comment', { status: 422, body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' } });
    const run = await report({ 'result-file': await resultFile(result({ smoke: runReport() })) });
    assert.equal(run.code, 1);
    assert.equal(emu.checkRuns[0]!.conclusion, 'success');
    assert.match(run.stdout, /::error::The result could not be published completely \(write the pull request comment: GitHub answered 422: Validation Failed/);
  });

  test('no open pull request for the SHA: nothing written, a notice', async () => {
    const run = await report({ 'result-file': '/nonexistent' });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /::notice::No open pull request has this commit as its head/);
    assert.equal(emu.comments.length + emu.checkRuns.length, 0);
  });
});
