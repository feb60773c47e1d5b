/**
 * `holdout doctor` as an organizer runs it: the real CLI entry point against the
 * GitHub emulator, whose settings (branch protection, fork approval, workflow
 * token, runners, runner groups) each test sets. The fixes the doctor prints as
 * API calls are applied to the emulator, which validates them against GitHub's
 * description, and the doctor is run again.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { execa } from 'execa';
import type { Finding } from '../../src/doctor/finding.js';
import { GitHubEmulator } from './emulator/server.js';
import { pullRequestRule, RepoSettings, statusChecksRule } from './emulator/settings.js';

const CLI = path.resolve('src/cli/index.ts');
const APP_ID = 777;
const TOKEN = 'ghp_doctor_test_token';
const EVALUATION = 'octo-org/competition/.github/workflows/holdout-evaluation.yml@refs/heads/main';

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, []);
});

function doctor(args: string[], env: Record<string, string> = {}) {
  return execa('node', ['--import', 'tsx', CLI, 'doctor', '--repo', 'octo-org/competition', ...args], {
    reject: false,
    stdin: 'ignore',
    env: { GITHUB_TOKEN: TOKEN, GH_TOKEN: '', GITHUB_API_URL: emu.url, ...env },
  });
}

interface JsonReport {
  repository: string;
  branch: string;
  findings: Finding[];
  summary: { errors: number; warnings: number; ok: number; unchecked: number };
  exit_code: number;
}

async function doctorJson(
  args: string[] = [],
): Promise<{ exitCode: number | undefined; report: JsonReport; stderr: string }> {
  const r = await doctor([...args, '--json']);
  assert.equal(r.stderr, '', r.stderr);
  return { exitCode: r.exitCode, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const byId = (report: JsonReport, id: string) => report.findings.filter((f) => f.id === id);
const one = (report: JsonReport, id: string) => {
  const list = byId(report, id);
  assert.equal(list.length, 1, `one finding ${id}: ${JSON.stringify(report.findings, null, 1)}`);
  return list[0]!;
};

/** The workflows on the default branch, as the template ships them. */
function workflowsOnMain(files: string[] = ['holdout-pr.yml', 'holdout-evaluation.yml']) {
  emu.addCommit('main', Object.fromEntries(files.map((f) => [`.github/workflows/${f}`, `name: ${f}\n`])));
}

/** A repository set up as docs/organizers.md says. */
function wellSet(): RepoSettings {
  const s = new RepoSettings(emu.owner, emu.repo);
  s.protection.set('main', {
    checks: [
      { context: 'holdout / evaluation', app_id: APP_ID },
      { context: 'holdout / package-request', app_id: null },
    ],
    enforceAdmins: true,
    pullRequest: true,
  });
  s.forkApproval = 'all_external_contributors';
  s.workflowPermissions = { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false };
  // A CPU runner for other work may stay in the default group: it lacks the evaluation labels.
  s.group('Default').runners.push({ id: 30, name: 'cpu-1', labels: ['self-hosted', 'Linux', 'X64'], ephemeral: false });
  s.runnerGroups.push({
    id: 7,
    name: 'holdout-gpu',
    visibility: 'selected',
    repositories: ['competition'],
    allowsPublicRepositories: true,
    restrictedToWorkflows: true,
    selectedWorkflows: [EVALUATION],
    runners: [{ id: 31, name: 'gpu-1', labels: ['self-hosted', 'Linux', 'X64', 'gpu'], ephemeral: true }],
  });
  emu.settings = s;
  workflowsOnMain();
  return s;
}

/** Send each API call the doctor printed to the emulator, as `gh api` would. */
async function applyFixes(findings: Finding[]): Promise<number> {
  let applied = 0;
  for (const f of findings) {
    for (const call of f.fix?.api ?? []) {
      const res = await fetch(`${emu.url}${call.path}`, {
        method: call.method,
        headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      });
      assert.ok(res.status < 300, `${call.method} ${call.path} → ${res.status} ${await res.text()}`);
      applied++;
    }
  }
  return applied;
}

describe('holdout doctor on a well-set repository', () => {
  test('results of holdout doctor on a well-set repository are clean', async () => {
    wellSet();
    const r = await doctor(['--app-id', String(APP_ID)]);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /^(ERROR|WARN)/m);
    assert.match(r.stdout, /^holdout doctor: octo-org\/competition, branch main$/m);
    assert.match(r.stdout, /^ok +main requires "holdout \/ evaluation" from the Holdout app \(id 777\)$/m);
    assert.match(
      r.stdout,
      /^ok +runners with the labels self-hosted, gpu \(gpu-1\) are in the group "holdout-gpu", restricted to the evaluation workflow$/m,
    );
    assert.match(r.stdout, /^0 errors, 0 warnings, 8 ok: clean\.$/m);
    // Every request carried the token from the environment; nothing was written.
    assert.ok(emu.requests.every((q) => q.authorization === `token ${TOKEN}`));
    assert.ok(emu.requests.every((q) => q.method === 'GET'));

    const { exitCode, report } = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(exitCode, 0);
    assert.deepEqual(report.summary, { errors: 0, warnings: 0, ok: 8, unchecked: 0 });
    assert.deepEqual(report.findings.map((f) => f.id).sort(), [
      'enforce-admins',
      'fork-approval',
      'package-check',
      'pull-request',
      'required-check',
      'runner-group',
      'workflow-files',
      'workflow-token',
    ]);
  });

  test('a repository gated by a ruleset, from the app, is clean too', async () => {
    const s = wellSet();
    s.protection.clear();
    s.rules = [
      statusChecksRule(42, [
        { context: 'holdout / evaluation', integration_id: APP_ID },
        { context: 'holdout / package-request' },
      ]),
      pullRequestRule(42),
    ];
    const { exitCode, report } = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(exitCode, 0, JSON.stringify(report.findings, null, 1));
    assert.equal(report.summary.errors + report.summary.warnings, 0);
    assert.equal(one(report, 'required-check').found, 'required by ruleset 42, from app 777');

    // A competition without package requests says so, and the package check is not asked for.
    s.rules = [
      statusChecksRule(42, [{ context: 'holdout / evaluation', integration_id: APP_ID }]),
      pullRequestRule(42),
    ];
    const without = await doctorJson(['--app-id', String(APP_ID), '--no-package-check']);
    assert.equal(without.exitCode, 0);
    assert.equal(byId(without.report, 'package-check').length, 0);
  });

  test('without --app-id the check from the workflow token is a warning, not an error', async () => {
    const s = wellSet();
    s.protection.get('main')!.checks![0]!.app_id = 15368;
    const { exitCode, report } = await doctorJson();
    assert.equal(exitCode, 0);
    const f = one(report, 'required-check-app');
    assert.equal(f.level, 'warning');
    assert.equal(f.title, '"holdout / evaluation" is required, but not from a GitHub App of its own');
    assert.equal(f.found, 'required by branch protection, from the GitHub Actions app (15368)');
    assert.match(
      f.why!,
      /every approved workflow job holds too — a fork's included — so a job named like the check can turn it green/,
    );
    assert.match(f.fix!.where, /run holdout doctor --app-id <the app's id>/);
  });
});

describe('holdout doctor on a badly set repository', () => {
  function badlySet(): RepoSettings {
    const s = new RepoSettings(emu.owner, emu.repo);
    // Required, but from the GitHub Actions app — which a fork's job also writes as.
    s.protection.set('main', {
      checks: [
        { context: 'ci / build', app_id: null },
        { context: 'holdout / evaluation', app_id: 15368 },
      ],
      enforceAdmins: false,
      pullRequest: false,
    });
    s.forkApproval = 'first_time_contributors';
    s.workflowPermissions = { default_workflow_permissions: 'write', can_approve_pull_request_reviews: true };
    s.repoRunners = [{ id: 5, name: 'lab-gpu', labels: ['self-hosted', 'Linux', 'gpu'], ephemeral: false }];
    s.group('Default').runners.push({ id: 6, name: 'gpu-2', labels: ['self-hosted', 'GPU'], ephemeral: true });
    s.runnerGroups.push({
      id: 8,
      name: 'holdout-gpu',
      visibility: 'selected',
      repositories: ['competition'],
      allowsPublicRepositories: false,
      restrictedToWorkflows: true,
      selectedWorkflows: [
        'octo-org/competition/.github/workflows/holdout-evaluation.yml@refs/heads/feature',
        'octo-org/other/.github/workflows/deploy.yml@refs/heads/main',
      ],
      runners: [{ id: 9, name: 'gpu-3', labels: ['self-hosted', 'gpu'], ephemeral: true }],
    });
    emu.settings = s;
    workflowsOnMain(['holdout-pr.yml']);
    return s;
  }

  test('each finding is reported with why and its exact fix; exit 1', async () => {
    badlySet();
    const { exitCode, report } = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(exitCode, 1);
    assert.equal(report.exit_code, 1);

    const check = one(report, 'required-check');
    assert.equal(check.level, 'error');
    assert.equal(check.title, 'main requires "holdout / evaluation" from another source than the Holdout app (id 777)');
    assert.equal(check.found, 'required by branch protection, from the GitHub Actions app (15368)');
    assert.equal(
      check.why,
      "a fork's workflow could publish a check with the same name, and only the app it comes from tells the two apart.",
    );
    assert.match(
      check.fix!.where,
      /^Settings → Branches → Add branch protection rule \(or edit the rule for main\) → tick "Require status checks to pass before merging" → search for "holdout \/ evaluation" and add it, then choose your Holdout app \(id 777\) as its source instead of "Any source"\./,
    );
    const patch = {
      method: 'PATCH',
      path: '/repos/octo-org/competition/branches/main/protection/required_status_checks',
      body: {
        checks: [
          { context: 'ci / build' },
          { context: 'holdout / evaluation', app_id: 777 },
          { context: 'holdout / package-request' },
        ],
      },
    };
    assert.deepEqual(check.fix!.api, [patch]);

    const pkg = one(report, 'package-check');
    assert.equal(pkg.level, 'error');
    assert.equal(pkg.title, 'main does not require the check "holdout / package-request"');
    assert.equal(pkg.found, 'the branch protection of main requires "ci / build", "holdout / evaluation"');
    assert.deepEqual(pkg.fix!.api, [patch], 'one list for both: the fixes can be applied in any order');

    const pr = one(report, 'pull-request');
    assert.equal(pr.level, 'warning');
    assert.equal(
      pr.fix!.where,
      'Settings → Branches → edit the rule for main → tick "Require a pull request before merging".',
    );

    const admins = one(report, 'enforce-admins');
    assert.equal(admins.level, 'warning');
    assert.deepEqual(admins.fix!.api, [
      { method: 'POST', path: '/repos/octo-org/competition/branches/main/protection/enforce_admins' },
    ]);

    const approval = one(report, 'fork-approval');
    assert.equal(approval.level, 'error');
    assert.equal(
      approval.found,
      'the repository asks for approval only for first-time contributors (approval_policy first_time_contributors)',
    );
    assert.equal(
      approval.fix!.where,
      'Settings → Actions → General → "Approval for running fork pull request workflows from contributors" → "Require approval for all external contributors" → Save.',
    );
    assert.deepEqual(approval.fix!.api, [
      {
        method: 'PUT',
        path: '/repos/octo-org/competition/actions/permissions/fork-pr-contributor-approval',
        body: { approval_policy: 'all_external_contributors' },
      },
    ]);

    const token = one(report, 'workflow-token');
    assert.equal(token.level, 'error');
    assert.equal(
      token.found,
      'the token may write to the repository by default (default_workflow_permissions: write); workflows may create and approve pull requests (can_approve_pull_request_reviews: true)',
    );
    assert.deepEqual(token.fix!.api, [
      {
        method: 'PUT',
        path: '/repos/octo-org/competition/actions/permissions/workflow',
        body: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
      },
    ]);

    const files = one(report, 'workflow-files');
    assert.equal(files.level, 'error');
    assert.equal(files.title, '.github/workflows/holdout-evaluation.yml is not on the default branch (main)');
    assert.equal(files.found, '.github/workflows on main holds holdout-pr.yml');

    const repoRunners = one(report, 'repo-runners');
    assert.equal(repoRunners.level, 'error');
    assert.equal(repoRunners.found, 'lab-gpu (repository runners)');
    assert.match(
      repoRunners.fix!.where,
      /^Settings → Actions → Runners → each of lab-gpu → Remove; then register it again in the organization: Organization settings → Actions → Runner groups → New runner group \(Repository access: competition only; Workflow access: "Selected workflows": octo-org\/competition\/\.github\/workflows\/holdout-evaluation\.yml@refs\/heads\/main\)/,
    );

    const groups = byId(report, 'runner-group');
    assert.deepEqual(
      groups.map((g) => [g.level, g.title]),
      [
        ['error', 'the runner group "Default" holding gpu-2 is not limited to the evaluation workflow'],
        ['error', 'the runner group "holdout-gpu" holding gpu-3 is not limited to the evaluation workflow'],
      ],
    );
    assert.equal(groups[0]!.found, 'any workflow may use it (restricted_to_workflows: false)');
    assert.equal(
      groups[0]!.why,
      "a fork's approved workflow that asks for runs-on: [self-hosted, gpu] would run its own code on the machine that holds the private data, outside any sandbox.",
    );
    assert.equal(
      groups[1]!.found,
      'it also admits octo-org/competition/.github/workflows/holdout-evaluation.yml@refs/heads/feature, octo-org/other/.github/workflows/deploy.yml@refs/heads/main; it does not admit octo-org/competition/.github/workflows/holdout-evaluation.yml@refs/heads/main, whose jobs will wait for a runner; it refuses public repositories (allows_public_repositories: false), so the evaluation job never gets its runners',
    );
    assert.equal(
      groups[1]!.fix!.where,
      `Organization settings → Actions → Runner groups → "holdout-gpu" → Workflow access → "Selected workflows" → exactly ${EVALUATION} → tick "Allow public repositories" → Save.`,
    );
    assert.deepEqual(groups[1]!.fix!.api, [
      {
        method: 'PATCH',
        path: '/orgs/octo-org/actions/runner-groups/8',
        body: {
          name: 'holdout-gpu',
          restricted_to_workflows: true,
          selected_workflows: [EVALUATION],
          allows_public_repositories: true,
        },
      },
    ]);

    const visibility = one(report, 'runner-group-visibility');
    assert.equal(visibility.level, 'warning');
    assert.equal(visibility.title, 'the runner group "Default" is open to every repository of the organization');
    assert.deepEqual(visibility.fix!.api, [
      {
        method: 'PATCH',
        path: '/orgs/octo-org/actions/runner-groups/1',
        body: { name: 'Default', visibility: 'selected' },
      },
      {
        method: 'PUT',
        path: '/orgs/octo-org/actions/runner-groups/1/repositories',
        body: { selected_repository_ids: [4242] },
      },
    ]);

    const ephemeral = one(report, 'ephemeral-runners');
    assert.equal(ephemeral.level, 'warning');
    assert.equal(ephemeral.title, 'evaluation runners are not ephemeral: lab-gpu');

    assert.deepEqual(report.summary, { errors: 8, warnings: 4, ok: 0, unchecked: 0 });
  });

  test('the text output shows each fix with its gh command', async () => {
    badlySet();
    const r = await doctor(['--app-id', String(APP_ID)]);
    assert.equal(r.exitCode, 1);
    assert.match(
      r.stdout,
      /^ERROR {2}workflows from forks do not need approval for every outside contributor\n {7}found: the repository asks for approval only for first-time contributors \(approval_policy first_time_contributors\)\n {7}why: {3}a fork's pull request may change the workflows it runs/m,
    );
    assert.ok(
      r.stdout.includes(
        `       gh api -X PUT /repos/octo-org/competition/actions/permissions/workflow --input - <<'JSON'\n              {"default_workflow_permissions":"read","can_approve_pull_request_reviews":false}\n              JSON\n`,
      ),
      r.stdout,
    );
    // The call both check findings share is printed once.
    assert.equal(
      r.stdout.split('gh api -X PATCH /repos/octo-org/competition/branches/main/protection/required_status_checks')
        .length,
      2,
    );
    assert.match(
      r.stdout,
      /^ {14}\(the same PATCH \/repos\/octo-org\/competition\/branches\/main\/protection\/required_status_checks as above\)$/m,
    );
    assert.match(r.stdout, /^WARN {3}administrators can bypass the branch protection of main$/m);
    assert.match(
      r.stdout,
      /^ {14}gh api -X POST \/repos\/octo-org\/competition\/branches\/main\/protection\/enforce_admins$/m,
    );
    assert.match(r.stdout, /^8 errors, 4 warnings, 0 ok\. Fix the errors above, then run holdout doctor again\.$/m);
  });

  test('the printed API fixes are valid requests, and applying them clears their findings', async () => {
    const s = badlySet();
    const before = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(await applyFixes(before.report.findings), 9);
    assert.deepEqual(s.protection.get('main')!.checks, [
      { context: 'ci / build', app_id: null },
      { context: 'holdout / evaluation', app_id: APP_ID },
      { context: 'holdout / package-request', app_id: null },
    ]);
    const after = await doctorJson(['--app-id', String(APP_ID)]);
    // Left: what only a person can do (move runners, commit the workflow, tick "require a pull request").
    assert.deepEqual(
      after.report.findings
        .filter((f) => f.level !== 'ok')
        .map((f) => `${f.level} ${f.id}`)
        .sort(),
      ['error repo-runners', 'error workflow-files', 'warning ephemeral-runners', 'warning pull-request'],
    );
    assert.equal(after.exitCode, 1);
  });

  test('a personal repository without branch protection: the protection to create, and runners that must move to an organization', async () => {
    const s = new RepoSettings(emu.owner, emu.repo);
    s.ownerType = 'User';
    s.forkApproval = 'all_external_contributors';
    s.repoRunners = [{ id: 5, name: 'home-gpu', labels: ['self-hosted', 'gpu'] }];
    emu.settings = s;
    workflowsOnMain();
    const { exitCode, report } = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(exitCode, 1);
    const check = one(report, 'required-check');
    assert.equal(check.found, 'main has no branch protection');
    assert.deepEqual(check.fix!.api, [
      {
        method: 'PUT',
        path: '/repos/octo-org/competition/branches/main/protection',
        body: {
          required_status_checks: { strict: false, contexts: ['holdout / evaluation', 'holdout / package-request'] },
          enforce_admins: true,
          required_pull_request_reviews: { required_approving_review_count: 0 },
          restrictions: null,
        },
      },
      {
        method: 'PATCH',
        path: '/repos/octo-org/competition/branches/main/protection/required_status_checks',
        body: { checks: [{ context: 'holdout / evaluation', app_id: 777 }, { context: 'holdout / package-request' }] },
      },
    ]);
    assert.match(
      one(report, 'repo-runners').fix!.where,
      /^Workflow restrictions exist only for organization runner groups: transfer the repository to an organization/,
    );
    assert.equal(
      emu.calls('actions/list-self-hosted-runner-groups-for-org').length,
      0,
      'a personal account has no runner groups to ask for',
    );
    assert.equal(byId(report, 'ephemeral-runners').length, 0, 'the API did not say whether the runner is ephemeral');

    // Applying the same printed call twice (from two findings) ends in the same state.
    await applyFixes([check, one(report, 'package-check')]);
    const after = await doctorJson(['--app-id', String(APP_ID)]);
    for (const id of ['required-check', 'package-check', 'pull-request', 'enforce-admins'])
      assert.equal(one(after.report, id).level, 'ok', id);
  });

  test('a private repository: fork workflows must not get write tokens or secrets', async () => {
    const s = wellSet();
    s.visibility = 'private';
    s.group('holdout-gpu').allowsPublicRepositories = false;
    s.privateForks = {
      run_workflows_from_fork_pull_requests: true,
      send_write_tokens_to_workflows: true,
      send_secrets_and_variables: true,
      require_approval_for_fork_pr_workflows: false,
    };
    const { exitCode, report } = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(exitCode, 1);
    const f = one(report, 'private-fork-workflows');
    assert.equal(
      f.found,
      'fork workflows get a write token (send_write_tokens_to_workflows: true); fork workflows get the secrets and variables (send_secrets_and_variables: true); fork workflows run without approval (require_approval_for_fork_pr_workflows: false)',
    );
    await applyFixes([f]);
    const after = await doctorJson(['--app-id', String(APP_ID)]);
    assert.equal(after.exitCode, 0);
    assert.equal(one(after.report, 'private-fork-workflows').level, 'ok');
  });
});

describe('holdout doctor when it cannot see everything', () => {
  test('a token lacking permissions: "could not check", with the permission it needs; no crash', async () => {
    const s = wellSet();
    for (const op of [
      'repos/get-branch-protection',
      'actions/get-fork-pr-contributor-approval-permissions-repository',
      'actions/get-github-actions-default-workflow-permissions-repository',
      'actions/list-self-hosted-runner-groups-for-org',
    ])
      s.hidden.add(op);
    emu.fault('actions/list-self-hosted-runners-for-repo', {
      status: 403,
      body: {
        message: 'Resource not accessible by personal access token',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    const r = await doctor(['--app-id', String(APP_ID)]);
    assert.equal(r.stderr, '');
    assert.equal(r.exitCode, 0, 'nothing found wrong; the summary says what was not checked');
    const admin =
      'the token needs the "Administration" repository permission (read) — a classic token needs the repo scope and admin rights on the repository';
    assert.ok(
      r.stdout.includes(
        `WARN   could not check the branch protection of main: ${admin}\n       found: GitHub answered 404: Not Found\n`,
      ),
      r.stdout,
    );
    assert.ok(r.stdout.includes(`WARN   could not check who must approve workflows from forks: ${admin}\n`));
    assert.ok(r.stdout.includes(`WARN   could not check the default permissions of the workflow token: ${admin}\n`));
    assert.ok(
      r.stdout.includes(
        `WARN   could not check the repository's own self-hosted runners: ${admin}\n       found: GitHub answered 403: Resource not accessible by personal access token\n`,
      ),
    );
    assert.ok(
      r.stdout.includes(
        'WARN   could not check the organization\'s runner groups: the token needs the "Self-hosted runners" organization permission (read) — a classic token needs the admin:org scope and an organization owner\n',
      ),
    );
    assert.match(
      r.stdout,
      /^0 errors, 5 warnings, 1 ok; 5 settings could not be checked: run again with a token that has the permissions named above\.$/m,
    );
    // What could be read was still judged: the workflow file is there.
    assert.match(r.stdout, /^ok +\.github\/workflows\/holdout-evaluation\.yml is on the default branch \(main\)$/m);
    // Nothing is claimed about what could not be read.
    assert.doesNotMatch(r.stdout, /does not require|no self-hosted runner/);
  });

  test('GitHub unreachable: exit 3 with what to check', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await doctor([], { GITHUB_API_URL: `http://127.0.0.1:${port}` });
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      new RegExp(
        `^holdout: could not reach the GitHub API at http://127\\.0\\.0\\.1:${port} \\(.+\\): check GITHUB_API_URL and the network, then run holdout doctor again$`,
      ),
    );
  });

  test('usage: no token, a malformed --repo, a repository the token cannot see, a refused token', async () => {
    wellSet();
    let r = await doctor([], { GITHUB_TOKEN: '', GH_TOKEN: '' });
    assert.equal(r.exitCode, 2);
    assert.match(
      r.stderr,
      /^holdout: no token: set GITHUB_TOKEN or GH_TOKEN to a token that may read the repository's administration settings/,
    );
    assert.equal(emu.requests.length, 0);

    r = await doctor(['--repo', 'competition']);
    assert.equal(r.exitCode, 2);
    assert.equal(r.stderr.trim(), 'holdout: --repo: "competition" is not owner/name (e.g. octo-org/competition)');

    r = await doctor(['--app-id', 'abc']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /--app-id: "abc" is not an app id/);

    r = await doctor(['--repo', 'octo-org/other']);
    assert.equal(r.exitCode, 2);
    assert.equal(
      r.stderr.trim(),
      'holdout: octo-org/other was not found, or the token cannot see it (404): check --repo and the repositories the token may access',
    );

    emu.fault('repos/get', {
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
    });
    r = await doctor([], { GH_TOKEN: 'expired', GITHUB_TOKEN: '' });
    assert.equal(r.exitCode, 2);
    assert.match(
      r.stderr,
      /^holdout: GitHub refused the token \(401 Bad credentials\): set GITHUB_TOKEN or GH_TOKEN to a valid token$/m,
    );
    assert.equal(emu.requests.at(-1)!.authorization, 'token expired', 'GH_TOKEN is used when GITHUB_TOKEN is empty');
  });
});
