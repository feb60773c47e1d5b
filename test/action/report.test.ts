/**
 * The committed bundle in `report` (and `prepare`) mode against the GitHub
 * emulator: the sticky comment, the check run, the job summary, hostile result
 * files, racing jobs and API faults; the gate failing closed (our errors block
 * the merge), the check run only ever concluded by the id prepare handed on,
 * maintainers decided by write permission, and a pull request on someone
 * else's head commit kept off that commit's check.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { PASSING_CONCLUSIONS } from '../../src/github/check-run.js';
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
  return emu.addPull({
    number: 12,
    authorLogin: 'alice',
    headSha: SHA,
    files: [{ filename: 'submissions/alice/main.py', status: 'added' }],
    ...over,
  });
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
    inputs: {
      mode: 'report',
      token: 'ghs_reporttoken',
      'head-sha': SHA,
      'head-label': 'alice:submission',
      'evaluation-job': 'success',
      ...inputs,
    },
  });
}

async function prepare(inputs: Record<string, string> = {}) {
  return runAction({
    apiUrl: emu.url,
    event: { name: 'workflow_run', payload: await workflowRunEvent() },
    inputs: {
      mode: 'prepare',
      token: 'ghs_preparetoken',
      'head-sha': SHA,
      'head-label': 'alice:submission',
      ...inputs,
    },
  });
}

/** The required check's runs (the package-request check, marked skipped, is another name). */
const evaluationChecks = () => emu.checkRuns.filter((r) => r.name === 'holdout / evaluation');
const packageChecks = () => emu.checkRuns.filter((r) => r.name === 'holdout / package-request');

const result = (runs: object) => ({ format: 'holdout-result', version: 1, head_sha: SHA, ...runs });

describe('report mode', () => {
  test('a good submission: check queued → in_progress → success, one comment with the public score, private score hidden', async () => {
    submissionPull();
    const prep = await prepare();
    assert.equal(prep.code, 0, prep.stdout);
    assert.equal(prep.outputs.kind, 'submission');
    assert.equal(prep.outputs['pull-request'], '12');
    assert.match(prep.outputs['check-run-id']!, /^\d+$/);

    const file = await resultFile(
      result({ smoke: runReport(), test: runReport({ dataset: 'test', scores: { log_loss: 0.3917 } }) }),
    );
    const run = await report({ 'result-file': file, 'check-run-id': prep.outputs['check-run-id']! });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conclusion, 'success');

    assert.equal(evaluationChecks().length, 1);
    const check = evaluationChecks()[0]!;
    assert.deepEqual(
      [check.id, check.name, check.head_sha, check.conclusion],
      [Number(prep.outputs['check-run-id']), 'holdout / evaluation', SHA, 'success'],
    );
    assert.deepEqual(check.history, ['queued', 'in_progress', 'completed']);
    // A submission never goes through the runtime workflow: its package-request check is skipped (passes).
    assert.deepEqual(
      packageChecks().map((r) => [r.head_sha, r.conclusion]),
      [[SHA, 'skipped']],
    );

    assert.equal(emu.comments.length, 1);
    const body = emu.comments[0]!.body;
    assert.ok(body.startsWith('<!-- holdout:evaluation -->'));
    assert.match(body, /Holdout evaluation passed/);
    assert.match(
      md.render(body),
      /<td>log_loss<\/td>\n<td>0\.4213<\/td>\n<td>hidden until the organizer publishes it<\/td>/,
    );
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
    const file = await resultFile(
      result({ smoke: runReport(), test: runReport({ dataset: 'test', scores: { log_loss: 0.3917 } }) }),
    );
    const run = await report({ 'result-file': file, 'show-private-scores': 'true' });
    assert.equal(run.code, 0, run.stdout);
    assert.match(md.render(emu.comments[0]!.body), /<td>log_loss<\/td>\n<td>0\.4213<\/td>\n<td>0\.3917<\/td>/);
  });

  test('a crash: failure, the reason in a sentence, the traceback in a collapsed code block', async () => {
    submissionPull();
    const run = await report({ 'result-file': await resultFile(result({ smoke: crashReport() })) });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(evaluationChecks()[0]!.conclusion, 'failure');
    const body = emu.comments[0]!.body;
    assert.match(body, /Holdout evaluation failed: crash/);
    assert.match(md.render(body), /<p>main\.py exited with code 1 before writing submission\.csv\.<\/p>/);
    assert.match(body, /<details><summary>Log \(public sample, 4 lines\)<\/summary>\n\n```text\nTraceback/);
  });

  test('a timeout concludes timed_out', async () => {
    submissionPull();
    await report({
      'result-file': await resultFile(
        result({
          smoke: runReport({
            status: 'failed',
            reason: 'timeout',
            message: 'Ran past 30m.',
            hint: 'Make it faster.',
            scores: {},
            primary_metric: null,
          }),
        }),
      ),
    });
    assert.equal(evaluationChecks().at(-1)!.conclusion, 'timed_out');
  });

  test("a PR touching someone else's folder fails with annotations, whatever the artifact says", async () => {
    submissionPull({
      files: [
        { filename: 'submissions/alice/main.py', status: 'added' },
        { filename: 'submissions/bob/main.py', status: 'modified' },
      ],
    });
    const run = await report({ 'result-file': await resultFile(result({ smoke: runReport() })) });
    assert.equal(run.code, 0, run.stdout);
    const check = evaluationChecks()[0]!;
    assert.equal(check.conclusion, 'failure');
    assert.deepEqual(
      check.output.annotations?.map((a) => [a.path, a.annotation_level]),
      [['submissions/bob/main.py', 'failure']],
    );
    assert.match(
      check.output.annotations![0].message,
      /changes another participant's folder \(submissions\/bob\/\); a submission may only change submissions\/alice\//,
    );
    assert.match(emu.comments[0]!.body, /mixes your submission with other changes/);
  });

  test('a PR editing a workflow fails and says participants may not edit workflows', async () => {
    submissionPull({ files: [{ filename: '.github/workflows/holdout-evaluation.yml', status: 'modified' }] });
    const run = await report({ 'result-file': '/nonexistent' });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(evaluationChecks()[0]!.conclusion, 'failure');
    assert.match(evaluationChecks()[0]!.output.annotations![0].message, /participants may not edit workflows/);
  });

  test("a maintainer's ordinary change (write permission): check skipped, no comment", async () => {
    submissionPull({
      authorLogin: 'carol',
      authorAssociation: 'MEMBER',
      files: [
        { filename: 'README.md', status: 'modified' },
        { filename: 'submissions/bob/main.py', status: 'modified' },
      ],
    });
    emu.setPermission('carol', 'write');
    const run = await report({});
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.kind, 'maintenance');
    assert.equal(evaluationChecks()[0]!.conclusion, 'skipped');
    assert.equal(emu.comments.length, 0);
    assert.deepEqual(
      emu.calls('repos/get-collaborator-permission-level').map((r) => r.path),
      ['/repos/octo-org/competition/collaborators/carol/permission'],
    );
  });

  test('maintainers are people with write access: an organization MEMBER with read permission is a participant, whose change outside their folder is rejected', async () => {
    // Before: author_association MEMBER made this a maintainer's change (skipped, no comment).
    submissionPull({
      authorLogin: 'mallory',
      authorAssociation: 'MEMBER',
      files: [
        { filename: 'submissions/bob/main.py', status: 'modified' },
        { filename: 'data/labels.csv', status: 'modified' },
      ],
    });
    emu.setPermission('mallory', 'read');
    const run = await report({});
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.kind, 'rejected');
    assert.equal(evaluationChecks()[0]!.conclusion, 'failure');
    assert.match(md.render(emu.comments[0]!.body), /changes files outside submissions\/mallory\//);

    // triage, or a COLLABORATOR with read: the same.
    for (const [role, association] of [
      ['triage', 'MEMBER'],
      ['read', 'COLLABORATOR'],
      ['read', 'OWNER'],
    ] as const) {
      emu.pulls[0]!.authorAssociation = association;
      emu.setPermission('mallory', role);
      assert.equal((await report({})).outputs.kind, 'rejected', `${role} ${association}`);
    }
    // maintain and admin (and a custom role built on write) are maintainers.
    for (const [role, base] of [
      ['maintain', undefined],
      ['admin', undefined],
      ['staff', 'write'],
    ] as const) {
      emu.setPermission('mallory', role, base);
      assert.equal((await report({})).outputs.kind, 'maintenance', role);
    }
  });

  test('when the permission cannot be read, the author is a participant (fail closed)', async () => {
    submissionPull({
      authorLogin: 'carol',
      authorAssociation: 'OWNER',
      files: [{ filename: 'README.md', status: 'modified' }],
    });
    emu.setPermission('carol', 'admin');
    emu.fault('repos/get-collaborator-permission-level', { status: 404 });
    const run = await report({});
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.kind, 'rejected');
    assert.equal(evaluationChecks()[0]!.conclusion, 'failure');
  });

  test('title and branch full of shell and Markdown injection reach nothing', async () => {
    const evil =
      '$(touch /tmp/holdout-test-pwned)`id`"; rm -rf ~ # <img src=x onerror=alert(1)> @octo-org/admins [x](javascript:alert(1))';
    submissionPull({ title: evil, headRef: 'main;$(id)`whoami`' });
    const run = await runAction({
      apiUrl: emu.url,
      event: {
        name: 'workflow_run',
        payload: await webhookExample('workflow_run', 'completed', (p) => {
          p.workflow_run.head_sha = SHA;
          p.workflow_run.head_branch = 'main;$(id)`whoami`';
          p.workflow_run.display_title = evil;
        }),
      },
      inputs: {
        mode: 'report',
        token: 't',
        'head-sha': SHA,
        'head-label': 'alice:main;$(id)`whoami`',
        'evaluation-job': 'success',
        'result-file': await resultFile(result({ smoke: crashReport() })),
      },
    });
    assert.equal(run.code, 0, run.stdout);
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync('/tmp/holdout-test-pwned'), false);
    const html = md.render(emu.comments[0]!.body);
    assert.doesNotMatch(html, /<img|javascript:|@octo-org\/admins/);
  });

  test('a hostile log: workflow commands, mentions, HTML and 200,000 lines stay inert and under 65,536 characters', async () => {
    submissionPull();
    const nasty = [
      '::set-output name=score::1.0',
      '::add-mask::hunter2',
      '@octocat @octo-org/admins please look',
      '<img src="https://evil.example/x.png">',
      '![x](https://evil.example/x.png)',
      '```',
      '</details><script>alert(1)</script>',
      '# heading',
      '\u001b[31mred\u001b[0m',
      '\u202Ereversed',
    ];
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
    assert.deepEqual(links, [
      'https://github.com/octo-org/competition/actions/runs/4242#artifacts',
      'https://github.com/octo-org/competition/actions/runs/4242',
    ]);
    assert.match(html, /::set-output name=score::1\.0/); // shown, as text, inside the code block
    assert.doesNotMatch(run.stdout, /hunter2/);
    assert.equal((html.match(/<\/details>/g) ?? []).length, 2, 'only our own two <details> blocks close');
  });

  test('hostile result files: oversized, off-schema, for another commit, missing → action_required (blocks the merge), and said so', async () => {
    submissionPull();
    const cases: [string, RegExp][] = [
      [await resultFile('x'.repeat(5 * 1024 * 1024)), /larger than 4194304 bytes/],
      [
        await resultFile(result({ smoke: { ...runReport(), admin: true } })),
        /does not match its schema \(smoke: Unrecognized key/,
      ],
      [
        await resultFile(result({ smoke: runReport({ status: 'success', reason: 'crash' }) })),
        /does not match its schema/,
      ],
      [
        await resultFile({ ...result({ smoke: runReport() }), head_sha: 'b'.repeat(40) }),
        /is for commit bbbbbbbbbbbb, not 3f1e2d4c5b6a/,
      ],
      ['/nonexistent/holdout-result.json', /left no result file/],
    ];
    for (const [file, message] of cases) {
      const run = await report({ 'result-file': file });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(evaluationChecks().at(-1)!.conclusion, 'action_required');
      assert.match(md.render(emu.comments[0]!.body), message);
      assert.match(md.render(emu.comments[0]!.body), /our side, not yours — an organizer will re-run it/);
    }
    assert.equal(emu.comments.length, 1);
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
    assert.deepEqual(
      emu.comments.map((c) => c.id),
      [first],
    );
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

  test("a fork's head (commits/{sha}/pulls lists nothing): prepare finds the PR by its label, report by the number prepare hands on", async () => {
    submissionPull({ headInFork: true });
    const event = { name: 'workflow_run', payload: await workflowRunEvent() };
    const prep = await runAction({
      apiUrl: emu.url,
      event,
      inputs: { mode: 'prepare', token: 't', 'head-sha': SHA, 'head-label': 'alice:submission' },
    });
    assert.equal(prep.code, 0, prep.stdout);
    assert.deepEqual([prep.outputs.kind, prep.outputs['pull-request']], ['submission', '12']);
    const file = await resultFile(result({ smoke: crashReport() }));

    // The head SHA alone, as the report job used to get it: GitHub finds no pull request.
    const alone = await runAction({
      apiUrl: emu.url,
      event,
      inputs: { mode: 'report', token: 't', 'head-sha': SHA, 'evaluation-job': 'success', 'result-file': file },
    });
    assert.equal(alone.code, 0, alone.stdout);
    assert.match(alone.stdout, /::notice::No open pull request has this commit as its head/);
    assert.deepEqual(alone.outputs.conclusion, undefined);

    // With needs.prepare.outputs.pull-request: reported on the head SHA.
    const run = await runAction({
      apiUrl: emu.url,
      event,
      inputs: {
        mode: 'report',
        token: 't',
        'head-sha': SHA,
        'pull-request': prep.outputs['pull-request']!,
        'check-run-id': prep.outputs['check-run-id']!,
        'evaluation-job': 'success',
        'result-file': file,
      },
    });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.deepEqual(
      evaluationChecks().map((r) => [r.head_sha, r.conclusion]),
      [[SHA, 'failure']],
    );
    assert.equal(emu.comments.length, 1);

    // A number whose PR has moved on to another head is not reported on for this SHA.
    emu.pulls[0]!.headSha = 'e'.repeat(40);
    const moved = await runAction({
      apiUrl: emu.url,
      event,
      inputs: {
        mode: 'report',
        token: 't',
        'head-sha': SHA,
        'pull-request': '12',
        'evaluation-job': 'success',
        'result-file': file,
      },
    });
    assert.equal(moved.code, 0, moved.stdout);
    assert.match(moved.stdout, /No open pull request has this commit as its head/);
  });
});

describe('report mode under API faults', () => {
  test('a 5xx and a secondary rate limit with retry-after are waited out', async () => {
    submissionPull();
    emu.fault('issues/create-comment', { status: 502 });
    emu.fault('issues/list-comments', {
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
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
    emu.fault('issues/create-comment', {
      status: 422,
      body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' },
    });
    const run = await report({ 'result-file': await resultFile(result({ smoke: runReport() })) });
    assert.equal(run.code, 1);
    assert.equal(evaluationChecks()[0]!.conclusion, 'success');
    assert.match(
      run.stdout,
      /::error::The result could not be published completely \(write the pull request comment: GitHub answered 422: Validation Failed/,
    );
  });

  test('no open pull request for the SHA: nothing written, a notice', async () => {
    const run = await report({ 'result-file': '/nonexistent' });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /::notice::No open pull request has this commit as its head/);
    assert.equal(emu.comments.length + emu.checkRuns.length, 0);
  });
});

describe('the gate fails closed: our errors block the merge and blame nobody', () => {
  const errorRun = (dataset: 'smoke' | 'test') =>
    runReport({
      status: 'error',
      reason: 'engine_unavailable',
      message: 'Docker is down.',
      hint: 'Start Docker on the runner.',
      dataset,
      scores: {},
      primary_metric: null,
    });
  /** Each route from "we could not judge it" to the check, with what the comment must say. */
  const routes = async (): Promise<[string, Record<string, string>, RegExp][]> => [
    [
      'an error in the result (public sample)',
      { 'result-file': await resultFile(result({ smoke: errorRun('smoke') })) },
      /Docker is down/,
    ],
    [
      'an error in the result (private run)',
      { 'result-file': await resultFile(result({ smoke: runReport(), test: errorRun('test') })) },
      /Docker is down/,
    ],
    ['no result file', { 'result-file': '/nonexistent/holdout-result.json' }, /left no result file/],
    [
      'a corrupt result file',
      { 'result-file': await resultFile('{"format": "holdout-result", "version": 1, "head_sha": "') },
      /is not valid JSON/,
    ],
    ['a result file with no run', { 'result-file': await resultFile(result({})) }, /holds no run/],
    [
      'an evaluation job that failed (even with a passing file)',
      { 'evaluation-job': 'failure', 'result-file': await resultFile(result({ smoke: runReport() })) },
      /did not finish \(it ended as failure\)/,
    ],
    [
      'an evaluation job that never ran',
      { 'evaluation-job': 'skipped', 'result-file': '/nonexistent/holdout-result.json' },
      /did not finish \(it ended as skipped\)/,
    ],
    [
      'a cancelled evaluation (even with a passing file)',
      { 'evaluation-job': 'cancelled', 'result-file': await resultFile(result({ smoke: runReport() })) },
      /was cancelled before it finished/,
    ],
  ];

  test('every route concludes action_required with a details link, never a passing conclusion, and says "our side, not yours"', async () => {
    submissionPull();
    for (const [what, inputs, message] of await routes()) {
      emu.checkRuns.length = 0;
      const prep = await prepare();
      const run = await report({ ...inputs, 'check-run-id': prep.outputs['check-run-id']! });
      assert.equal(run.code, 0, `${what}: ${run.stdout}`);
      assert.equal(run.outputs.conclusion, 'action_required', what);
      const [check] = evaluationChecks();
      assert.deepEqual(
        [check!.id, check!.conclusion, check!.details_url],
        [
          Number(prep.outputs['check-run-id']),
          'action_required',
          'https://github.com/octo-org/competition/actions/runs/4242',
        ],
        what,
      );
      assert.equal(
        PASSING_CONCLUSIONS.includes(check!.conclusion!),
        false,
        `${what}: branch protection must not pass it`,
      );
      assert.match(check!.output.title!, /could not be judged \(our side, not yours\)/, what);
      const html = md.render(emu.comments[0]!.body);
      assert.match(
        html,
        /Nothing to do on your side: this is on our side, not yours — an organizer will re-run it\./,
        what,
      );
      assert.match(html, message, what);
      assert.doesNotMatch(
        html,
        /evaluation failed|evaluation passed/,
        `${what}: never charged to the participant, never passed`,
      );
    }
  });

  test("a participant's failure on the private run is still a failure, and a pass a pass", async () => {
    submissionPull();
    await report({ 'result-file': await resultFile(result({ smoke: runReport(), test: crashReport('test') })) });
    assert.equal(evaluationChecks().at(-1)!.conclusion, 'failure');
    await report({
      'result-file': await resultFile(result({ smoke: runReport(), test: runReport({ dataset: 'test' }) })),
    });
    assert.equal(evaluationChecks().at(-1)!.conclusion, 'success');
  });
});

describe('only the check run prepare created is concluded', () => {
  const impostor = async (over: { head_sha?: string; name?: string; token?: string } = {}) => {
    // Another workflow job (a fork's, once approved) writing a check run of the required name.
    const { createClient } = await import('../../src/github/octokit.js');
    const client = createClient({ token: over.token ?? 'ghs_forkjobtoken', baseUrl: emu.url, warn: () => {} });
    const { data } = await client.rest.checks.create({
      owner: emu.owner,
      repo: emu.repo,
      name: over.name ?? 'holdout / evaluation',
      head_sha: over.head_sha ?? SHA,
      status: 'in_progress',
    });
    return data.id;
  };

  test('a newer run of the same name (a fork job named "holdout / evaluation") is left alone: the handed id is concluded', async () => {
    submissionPull();
    const prep = await prepare();
    const mine = Number(prep.outputs['check-run-id']);
    const theirs = await impostor();
    assert.ok(theirs > mine, 'the impostor is the newest run of that name');
    const run = await report({
      'result-file': await resultFile(result({ smoke: crashReport() })),
      'check-run-id': String(mine),
    });
    assert.equal(run.code, 0, run.stdout);
    const byId = new Map(evaluationChecks().map((r) => [r.id, r]));
    assert.deepEqual(
      [byId.get(mine)!.conclusion, byId.get(mine)!.history],
      ['failure', ['queued', 'in_progress', 'completed']],
    );
    assert.deepEqual(
      [byId.get(theirs)!.status, byId.get(theirs)!.conclusion, byId.get(theirs)!.history],
      ['in_progress', null, ['in_progress']],
      'the impostor run is not touched',
    );
    assert.equal(emu.calls('checks/list-for-ref').length, 0, 'no check run is ever looked up by name');
  });

  test('a handed id that is on another commit, under another name, or gone is not written: a new run is created', async () => {
    submissionPull();
    const file = await resultFile(result({ smoke: crashReport() }));
    const cases: [string, number, RegExp][] = [
      ['another commit', await impostor({ head_sha: 'a'.repeat(40) }), /is on commit aaaaaaaaaaaa, not 3f1e2d4c5b6a/],
      ['another name', await impostor({ name: 'lint' }), /is named "lint", not "holdout \/ evaluation"/],
      ['gone', 987654, /check run 987654 does not exist/],
    ];
    for (const [what, id, why] of cases) {
      const before = emu.checkRuns.length;
      const run = await report({ 'result-file': file, 'check-run-id': String(id) });
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, why, what);
      assert.match(
        run.stdout,
        /::warning::Not concluding the check run handed on: .* A new check run is created instead\./,
        what,
      );
      const made = emu.checkRuns.slice(before).filter((r) => r.name === 'holdout / evaluation');
      assert.deepEqual(
        made.map((r) => [r.head_sha, r.conclusion]),
        [[SHA, 'failure']],
        what,
      );
    }
    assert.deepEqual(
      emu.checkRuns.filter((r) => r.head_sha !== SHA || r.name === 'lint').map((r) => r.conclusion),
      [null, null],
      'the others are untouched',
    );
  });

  test('with a GitHub App: prepare and report act as the app, and a run another app made is never concluded', async () => {
    submissionPull();
    const app = { token: 'ghs_app_holdout-gate', 'app-slug': 'holdout-gate', 'bot-login': 'holdout-gate[bot]' };
    const prep = await prepare({ token: app.token });
    const mine = Number(prep.outputs['check-run-id']);
    assert.equal(emu.checkRuns.find((r) => r.id === mine)!.app, 'holdout-gate');
    const file = await resultFile(result({ smoke: runReport() }));
    const run = await report({ ...app, 'result-file': file, 'check-run-id': String(mine) });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(
      evaluationChecks().map((r) => [r.id, r.app, r.conclusion]),
      [[mine, 'holdout-gate', 'success']],
    );
    assert.equal(emu.comments[0]!.login, 'holdout-gate[bot]');

    // A run made with GITHUB_TOKEN (the github-actions app, which any workflow job acts as) is refused, even when handed on.
    const actions = await impostor({ token: 'ghs_githubtoken' });
    const again = await report({ ...app, 'result-file': file, 'check-run-id': String(actions) });
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /was made by the app "github-actions", not "holdout-gate"/);
    const byId = new Map(evaluationChecks().map((r) => [r.id, r]));
    assert.equal(byId.get(actions)!.conclusion, null);
    assert.deepEqual(
      evaluationChecks()
        .filter((r) => r.id > actions)
        .map((r) => [r.app, r.conclusion]),
      [['holdout-gate', 'success']],
    );
    assert.equal(emu.comments.length, 1, "the app's own comment is updated, not a second one");
  });

  test('when the check cannot be written, the comment still is, and the job fails naming the check', async () => {
    submissionPull();
    const prep = await prepare();
    emu.fault(
      'checks/update',
      { status: 422, body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' } },
      { status: 422, body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' } },
    );
    const run = await report({
      'result-file': await resultFile(result({ smoke: runReport() })),
      'check-run-id': prep.outputs['check-run-id']!,
    });
    assert.equal(run.code, 1);
    assert.equal(emu.comments.length, 1);
    assert.match(
      run.stdout,
      /::error::The result could not be published completely \(conclude the check run: GitHub answered 422: Validation Failed/,
    );
    assert.equal(evaluationChecks()[0]!.status, 'queued', 'the queued check still blocks the merge');
  });
});

describe("a pull request whose head commit is another author's", () => {
  const alicesFiles = [{ filename: 'submissions/alice/main.py', status: 'added' }];
  /** Mallory fetched refs/pull/12/head and opened #13 from it: the same head SHA, the same files. */
  const mallorysPull = (over: object = {}) =>
    emu.addPull({
      number: 13,
      authorLogin: 'mallory',
      headOwner: 'mallory',
      headRef: 'copy',
      headSha: SHA,
      files: alicesFiles,
      ...over,
    });
  const as = (who: 'alice' | 'mallory') =>
    who === 'alice' ? { 'head-label': 'alice:submission' } : { 'head-label': 'mallory:copy' };
  const prepareAndReport = async (who: 'alice' | 'mallory', file: string) => {
    const prep = await prepare(as(who));
    assert.equal(prep.code, 0, prep.stdout);
    const run = await report({
      ...as(who),
      'result-file': file,
      ...(prep.outputs['check-run-id'] ? { 'check-run-id': prep.outputs['check-run-id'] } : {}),
    });
    assert.equal(run.code, 0, run.stdout);
    return { prep, run };
  };
  const commentOn = (issue: number) => emu.comments.filter((c) => c.issue === issue).map((c) => c.body);

  test("Alice's verdict first, then Mallory's PR #13 on the same commit: Alice's check stays, #13 only gets a comment", async () => {
    submissionPull({ files: alicesFiles });
    await prepareAndReport('alice', await resultFile(result({ smoke: runReport() })));
    assert.deepEqual(
      evaluationChecks().map((r) => r.conclusion),
      ['success'],
    );

    mallorysPull();
    const { prep, run } = await prepareAndReport('mallory', await resultFile(result({ smoke: crashReport() })));
    assert.deepEqual(
      [prep.outputs.kind, prep.outputs['pull-request'], prep.outputs['check-run-id']],
      ['duplicate', '13', undefined],
    );
    assert.equal(run.outputs.kind, 'duplicate');
    assert.equal(run.outputs.conclusion, undefined);
    assert.deepEqual(
      evaluationChecks().map((r) => [r.conclusion, r.history]),
      [['success', ['queued', 'in_progress', 'completed']]],
      "Alice's check is untouched, no other written",
    );
    assert.equal(packageChecks().length, 1, 'nor the package-request check');
    const [mallorys] = commentOn(13);
    assert.match(
      md.render(mallorys!),
      /This commit is the head of #12 by @\u200balice; a pull request must carry your own commits\./,
    );
    assert.match(
      md.render(mallorys!),
      /Commit your own files under submissions\/&lt;your-login&gt;\/ on a branch of your own/,
    );
    assert.equal(commentOn(12).length, 1);
    assert.match(commentOn(12)[0]!, /Holdout evaluation passed/, "Alice's comment is left alone");
    assert.match(
      run.stdout,
      /::notice::Pull request #13 has the head commit of #12 by alice: commented, and no check run written/,
    );
  });

  test("Mallory's PR #13 reported first: nothing is written on the commit, then Alice's verdict is concluded as usual", async () => {
    submissionPull({ files: alicesFiles });
    mallorysPull();
    await prepareAndReport('mallory', await resultFile(result({ smoke: crashReport() })));
    assert.equal(emu.checkRuns.length, 0, "no check run on Alice's commit");
    assert.equal(commentOn(13).length, 1);
    const { run } = await prepareAndReport('alice', await resultFile(result({ smoke: runReport() })));
    assert.equal(run.outputs.kind, 'submission');
    assert.deepEqual(
      evaluationChecks().map((r) => r.conclusion),
      ['success'],
    );
  });

  test("even when Alice's PR is not a clean submission, or the copy comes from a maintainer, only the oldest PR on the commit concludes its check", async () => {
    submissionPull({ files: [...alicesFiles, { filename: 'README.md', status: 'modified' }] });
    emu.setPermission('mallory', 'write'); // a maintainer's change would conclude "skipped", which passes
    mallorysPull({ files: [...alicesFiles, { filename: 'README.md', status: 'modified' }] });
    await prepareAndReport('alice', '/nonexistent');
    assert.deepEqual(
      evaluationChecks().map((r) => r.conclusion),
      ['failure'],
    );
    const { run } = await prepareAndReport('mallory', '/nonexistent');
    assert.equal(run.outputs.kind, 'duplicate');
    assert.deepEqual(
      evaluationChecks().map((r) => r.conclusion),
      ['failure'],
      'still failure: not flipped to skipped',
    );
  });
});

describe('the package-request check', () => {
  test('a package request: the evaluation check is skipped and the package-request check is left to the runtime workflow', async () => {
    emu.addPull({
      number: 7,
      authorLogin: 'alice',
      headSha: SHA,
      files: [{ filename: 'environment-cpu.yml', status: 'modified' }],
    });
    const run = await report({});
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.kind, 'package-request');
    assert.deepEqual(
      evaluationChecks().map((r) => r.conclusion),
      ['skipped'],
    );
    assert.equal(packageChecks().length, 0);
  });

  test('pull requests the runtime workflow never sees get it skipped, so it can be required: rejected and maintenance alike', async () => {
    submissionPull({ files: [{ filename: 'README.md', status: 'modified' }] });
    await report({});
    assert.deepEqual(
      [evaluationChecks().at(-1)!.conclusion, packageChecks().at(-1)!.conclusion],
      ['failure', 'skipped'],
    );
    assert.equal(PASSING_CONCLUSIONS.includes('skipped'), true);
    emu.pulls[0]!.files = [{ filename: 'runtime/Dockerfile', status: 'modified' }];
    await report({});
    assert.equal(packageChecks().length, 1, 'one that touches runtime/ is left to the runtime workflow');
  });
});
