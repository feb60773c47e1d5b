/**
 * A pull request into the results branch is refused (issue 10): the ledger is written only by
 * the record job, so nothing may reach it by merge — not a participant's clean submission, not
 * a maintainer's change. The bundle in prepare and report mode against the GitHub emulator
 * (HOLDOUT_TEST_FRESH_BUNDLE=1 to test the sources); the branch is competition.yml's
 * results.branch, or holdout-results when competition.yml does not load.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { GitHubEmulator } from '../github/emulator/server.js';
import { runAction, webhookExample } from './support/run-action.js';

const SHA = '3f1e2d4c5b6a79880716253443526170f9e8d7c6';
const REFUSAL = (branch: string) =>
  `This pull request targets ${branch}, the results branch: it holds the competition's results ledger, which only Holdout's record job writes, so no pull request may change it.`;
const WHAT_TO_DO =
  'Close this pull request and open it against the default branch (for a submission, change only submissions/<your login>/).';

let emu: GitHubEmulator;
beforeEach(async () => {
  emu = await new GitHubEmulator().start();
});
afterEach(async () => {
  await emu.stop();
  assert.deepEqual(emu.violations, [], 'every call must be one the OpenAPI description allows');
});

/** A competition folder; `results` lines go under `results:`, none leaves the section out. */
async function competition(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-results-branch-'));
  await writeFile(path.join(dir, 'competition.yml'), text);
  return dir;
}

const validConfig = (results: string[]) =>
  [
    'name: Results branch test',
    ...(results.length > 0 ? ['results:', ...results.map((l) => `  ${l}`)] : []),
    'datasets:',
    '  smoke: { data: data/smoke, labels: data/smoke_labels.csv }',
    '  test: { data: /srv/holdout/test/data, labels: /srv/holdout/test/labels.csv }',
    'scoring:',
    '  id_column: id',
    '  columns: [target]',
    '  metric: log_loss',
  ].join('\n');

async function action(mode: 'prepare' | 'report', competitionDir: string) {
  const payload = await webhookExample('workflow_run', 'completed', (p) => {
    p.workflow_run.head_sha = SHA;
    p.workflow_run.head_branch = 'submission';
    p.workflow_run.event = 'pull_request';
    p.workflow_run.pull_requests = [];
  });
  return runAction({
    apiUrl: emu.url,
    event: { name: 'workflow_run', payload },
    inputs: {
      mode,
      token: `ghs_${mode}token`,
      'head-sha': SHA,
      'head-label': 'alice:submission',
      'competition-dir': competitionDir,
      ...(mode === 'report' ? { 'evaluation-job': 'skipped', 'result-file': '/nonexistent' } : {}),
    },
  });
}

/** Alice's clean submission — but opened against `base`. */
const pullInto = (base: string, over: Partial<Parameters<GitHubEmulator['addPull']>[0]> = {}) =>
  emu.addPull({
    number: 12,
    authorLogin: 'alice',
    headSha: SHA,
    baseRef: base,
    files: [{ filename: 'submissions/alice/main.py', status: 'added' }],
    ...over,
  });

/** What a reader of the comment sees: Markdown rendered, tags and entities gone. */
const md = new MarkdownIt({ html: true });
const shown = (markdown: string) =>
  md
    .render(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const evaluationChecks = () => emu.checkRuns.filter((r) => r.name === 'holdout / evaluation');

test('a clean submission opened against holdout-results is refused: nothing queued, check failure, the comment says why', async () => {
  pullInto('holdout-results');
  const dir = await competition(validConfig([]));
  const prepared = await action('prepare', dir);
  assert.equal(prepared.code, 0, prepared.stdout);
  assert.equal(prepared.outputs.kind, 'rejected');
  assert.equal(evaluationChecks().length, 0, 'prepare queues nothing for a refused pull request');

  const reported = await action('report', dir);
  assert.equal(reported.code, 0, reported.stdout);
  assert.equal(reported.outputs.kind, 'rejected');
  const check = evaluationChecks().at(-1)!;
  assert.equal(check.conclusion, 'failure');
  assert.equal(emu.comments.length, 1);
  assert.ok(
    shown(emu.comments[0]!.body).includes(REFUSAL('holdout-results')),
    `the comment gives the refusal:\n${shown(emu.comments[0]!.body)}`,
  );
  // What to do is this refusal's own, not the usual "only touch your folder".
  assert.ok(shown(emu.comments[0]!.body).includes(WHAT_TO_DO), shown(emu.comments[0]!.body));
  assert.ok(!shown(emu.comments[0]!.body).includes('only touches your own submission folder'));
  assert.ok(check.output.summary?.includes('the results branch'), String(check.output.summary));
});

test('results.branch from competition.yml is the refused base; the default name is then an ordinary branch', async () => {
  const dir = await competition(validConfig(['branch: season-ledger']));
  pullInto('season-ledger');
  const refused = await action('prepare', dir);
  assert.equal(refused.code, 0, refused.stdout);
  assert.equal(refused.outputs.kind, 'rejected');

  emu.pulls = [];
  pullInto('main');
  const ordinary = await action('prepare', dir);
  assert.equal(ordinary.code, 0, ordinary.stdout);
  assert.equal(ordinary.outputs.kind, 'submission');
});

test('a maintainer cannot merge into the results branch either, and a competition.yml that does not load still refuses holdout-results', async () => {
  pullInto('holdout-results', {
    authorLogin: 'carol',
    authorAssociation: 'MEMBER',
    files: [{ filename: 'records/2026/12/0123456789abcdef0123456789abcdef.json', status: 'added' }],
  });
  emu.setPermission('carol', 'admin');
  const broken = await competition('name: [this is not: valid yaml');
  const run = await action('report', broken);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(run.outputs.kind, 'rejected');
  assert.equal(evaluationChecks().at(-1)!.conclusion, 'failure');
  assert.ok(shown(emu.comments[0]!.body).includes(REFUSAL('holdout-results')), shown(emu.comments[0]!.body));
});
