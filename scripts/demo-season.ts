/**
 * A whole competition season in one run (npm run demo:season), on this machine: the GitHub
 * REST emulator stands in for GitHub (loopback only), the real Docker engine runs every
 * submission in the sandbox, and the action's own modes run as the workflows would run them.
 *
 *   1. the competition: examples/demo with a Kaggle-style Public/Private split, a results
 *      key pair, and a limit of 2 evaluations a day;
 *   2. submissions by four participants → the evaluate mode (private scores sealed on the
 *      "runner") → one ledger record each on the results branch;
 *   3. a participant's third push of the day: refused by the limit, nothing run;
 *   4. the public leaderboard: LEADERBOARD.md, leaderboard.json, the site (+ screenshot when
 *      Chromium is at /usr/bin/chromium);
 *   5. a re-score over two shards, one of whose "runners" dies: recorded what came back,
 *      named what is missing, finished by a second dispatch with only-missing;
 *   6. the reveal with the private key: the final leaderboard and its shake-up.
 *
 * Everything lands in one folder (the first argument, or a temp folder), printed at the end.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { readResultFile } from '../src/action/result-file.js';
import { loadCompetition } from '../src/config/load.js';
import { createClient } from '../src/github/octokit.js';
import { leaderboardFor, leaderboardMarkdown, writeLeaderboard } from '../src/leaderboard/index.js';
import { readLedgerFromApi } from '../src/ledger/read.js';
import type { LedgerRecord } from '../src/ledger/record.js';
import { generateKeyPair } from '../src/ledger/seal.js';
import { appendRecords } from '../src/ledger/store.js';
import { buildLedgerEntry } from '../src/season/ledger-entry.js';
import { checkLimit, limitMessage } from '../src/season/limits.js';
import { VERSION } from '../src/version.js';
import { freshActionBundle, runAction } from '../test/action/support/run-action.js';
import { GitHubEmulator } from '../test/github/emulator/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(process.argv[2] ?? (await mkdtemp(path.join(os.tmpdir(), 'holdout-season-'))));
const competitionDir = path.join(out, 'competition');
const BRANCH = 'holdout-results';
const say = (s: string) => console.log(s);
const step = (s: string) => console.log(`\n\u001b[1m== ${s}\u001b[0m`);

// 1. The competition -------------------------------------------------------------------------
step('1. The competition: the demo with a Public/Private split, a results key, 2 evaluations a day');
await mkdir(out, { recursive: true });
await cp(path.join(root, 'examples/demo'), competitionDir, { recursive: true });
// Even ids are Public, odd ids Private (the split column participants never see).
const labelsFile = path.join(competitionDir, 'private/test_labels.csv');
const [header, ...rows] = (await readFile(labelsFile, 'utf8')).trim().split('\n');
await writeFile(
  labelsFile,
  `${header},Usage\n${rows.map((r) => `${r},${Number(r.split(',')[0]!.slice(1)) % 2 === 0 ? 'Public' : 'Private'}`).join('\n')}\n`,
);
const keys = await generateKeyPair();
const doc = parseDocument(await readFile(path.join(competitionDir, 'competition.yml'), 'utf8'));
doc.setIn(['scoring', 'split'], doc.createNode({ column: 'Usage', show: ['Public'] }));
doc.setIn(['limits', 'submissions_per_day'], 2);
doc.set('results', doc.createNode({ branch: BRANCH, public_key: keys.publicKey }));
doc.set('leaderboard', doc.createNode({ title: 'Breast cancer diagnosis: season demo', baselines: ['organizer'] }));
await writeFile(path.join(competitionDir, 'competition.yml'), doc.toString());
await writeFile(path.join(out, 'private-key.txt'), `${keys.privateKey}\n`, { mode: 0o600 });
const { config } = await loadCompetition(competitionDir);
say(`competition: ${competitionDir}`);
say(`results.public_key: ${keys.publicKey} (the private key stays in ${path.join(out, 'private-key.txt')})`);

// Submissions: the benchmark, the random baseline, and two that each shine on one half only.
const bench = path.join(competitionDir, 'submissions/benchmark');
const benchFiles = Object.fromEntries(
  await Promise.all((await readdir(bench)).map(async (f) => [f, await readFile(path.join(bench, f))] as const)),
);
const benchMain = benchFiles['main.py']!.toString();
/** The benchmark, with its probabilities turned round on the rows where `flip(id number)` holds. */
const flipped = (rule: string) => ({
  ...benchFiles,
  'main.py': Buffer.from(
    benchMain.replace(
      'pd.DataFrame({"id"',
      `flip = features["id"].str[1:].astype(int).map(lambda n: ${rule}).to_numpy()\nprobabilities = (1 - probabilities) * flip + probabilities * ~flip\npd.DataFrame({"id"`,
    ),
  ),
});
const randomMain = await readFile(path.join(competitionDir, 'submissions/random-baseline/main.py'), 'utf8');
const random = (seed: number) => ({
  'main.py': Buffer.from(randomMain.replace('random.seed(0)', `random.seed(${seed})`)),
});

const participants: Record<string, number> = { organizer: 1, alice: 101, bob: 102, carol: 103, dave: 104 };
const pushes: { login: string; files: Record<string, Buffer>; what: string }[] = [
  { login: 'organizer', files: random(0), what: 'the random baseline' },
  { login: 'alice', files: benchFiles, what: 'the logistic-regression benchmark' },
  { login: 'bob', files: random(1), what: 'random guesses' },
  // carol's model happens to fit the Public rows and fails on the Private ones; dave the other way.
  { login: 'carol', files: flipped('n % 2 == 1'), what: 'right on Public rows, turned round on Private ones' },
  { login: 'dave', files: flipped('n % 2 == 0'), what: 'turned round on Public rows, right on Private ones' },
  { login: 'bob', files: random(2), what: 'random guesses again' },
  { login: 'bob', files: random(3), what: 'a third try the same day' },
];

// 2. Submissions → evaluations → ledger -------------------------------------------------------
step('2. Pull requests: each evaluated in the sandbox, its record appended to the results ledger');
const emu = await new GitHubEmulator().start();
const repo = { owner: emu.owner, repo: emu.repo };
const client = createClient({ token: 'ghs_record_job', baseUrl: emu.url, warn: () => {} });
const bundle = await freshActionBundle();
const action = (mode: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction({
    apiUrl: emu.url,
    bundle,
    inputs: { mode, 'competition-dir': competitionDir, ...inputs },
    event: { name: 'workflow_dispatch', payload: {} },
    env: { HOME: out, ...env },
  });
const records = async (): Promise<LedgerRecord[]> => (await readLedgerFromApi(client, repo, BRANCH)).records;
const policy = {
  perDay: config.limits.submissions_per_day,
  total: config.limits.submissions_total,
  window: config.limits.submissions_window,
};

let pr = 0;
for (const push of pushes) {
  pr += 1;
  const headSha = (0xc0ffee00 + pr).toString(16).padStart(40, '0');
  const files: Record<string, Buffer> = { 'README.md': Buffer.from('competition') };
  for (const [f, b] of Object.entries(push.files)) files[`submissions/${push.login}/${f}`] = b;
  emu.addCommit(headSha, files);
  emu.addPull({
    number: pr,
    authorLogin: push.login,
    headSha,
    files: Object.keys(files)
      .filter((f) => f.startsWith('submissions/'))
      .map((filename) => ({ filename, status: 'added' })),
  });
  const id = participants[push.login]!;
  // The prepare job's check, from the ledger, before any runner is touched.
  const decision = checkLimit(await records(), id, policy, new Date());
  if (!decision.allowed) {
    const words = limitMessage(decision, policy.window);
    say(`PR #${pr} by ${push.login} (${push.what}): NOT evaluated — ${words.title}`);
    say(`  ${words.message}`);
    continue;
  }
  const startedAt = new Date();
  const resultDir = path.join(out, 'evaluations', `pr-${pr}`);
  const evaluation = await action(
    'evaluate',
    {
      token: '',
      'pull-request': String(pr),
      'head-sha': headSha,
      'result-dir': resultDir,
      'show-private-scores': 'true',
    },
    { GITHUB_RUN_ID: String(1000 + pr) },
  );
  if (evaluation.code !== 0) throw new Error(`the evaluate mode failed:\n${evaluation.stdout}`);
  const read = await readResultFile(path.join(resultDir, 'holdout-result.json'), headSha);
  const record = buildLedgerEntry(
    read,
    {
      repository: `${emu.owner}/${emu.repo}`,
      participant: { id, login: push.login },
      pullRequest: pr,
      headSha,
      evaluationJob: 'success',
      evaluateKind: 'submission',
      runId: 1000 + pr,
      runAttempt: 1,
      startedAt,
      finishedAt: new Date(),
      holdoutVersion: VERSION,
    },
    config,
  )!;
  await appendRecords(client, repo, BRANCH, [record]);
  const score = record.public_scores[config.scoring.metric.key];
  say(
    `PR #${pr} by ${push.login} (${push.what}): ${record.status}${score !== undefined ? `, public ${config.scoring.metric.key} ${score}` : ''}; private scores sealed: ${record.sealed_private ? 'yes' : 'no'}`,
  );
}

// 4. The public leaderboard ------------------------------------------------------------------
step('4. The public leaderboard, built from the ledger');
const publicBoard = await leaderboardFor(await records(), config);
const publicOut = path.join(out, 'leaderboard-public');
const written = await writeLeaderboard(publicOut, publicBoard);
say(leaderboardMarkdown(publicBoard.leaderboard));

// 5. Re-score --------------------------------------------------------------------------------
step('5. Re-score (latest per participant) over 2 shards; shard 1\u2019s runner dies');
const rescore = async (onlyMissing: boolean, runId: string, shardsThatRun: (n: number) => boolean) => {
  const planDir = path.join(out, `rescore-${runId}`, 'plan');
  const resultsDir = path.join(out, `rescore-${runId}`, 'results');
  const plan = await action(
    'rescore-plan',
    {
      token: 'ghs_plan',
      scope: 'latest',
      dataset: 'test',
      'only-missing': String(onlyMissing),
      shards: '2',
      'result-dir': planDir,
    },
    { GITHUB_RUN_ID: runId },
  );
  if (plan.code !== 0) throw new Error(plan.stdout);
  say(plan.summary.trim());
  const matrix = JSON.parse(plan.outputs.matrix!) as { shard: number[] };
  for (const shard of matrix.shard) {
    if (!shardsThatRun(shard)) {
      say(`shard ${shard}: its runner died (nothing uploaded)`);
      continue;
    }
    const run = await action(
      'rescore-shard',
      {
        token: '',
        'plan-file': path.join(planDir, 'holdout-rescore-plan.json'),
        shard: String(shard),
        'result-dir': resultsDir,
        'show-private-scores': 'true',
      },
      { GITHUB_RUN_ID: runId },
    );
    say(`shard ${shard}: ${run.code === 0 ? 'done' : `failed\n${run.stdout}`}`);
  }
  const record = await action(
    'rescore-record',
    { token: 'ghs_record', 'plan-file': path.join(planDir, 'holdout-rescore-plan.json'), 'result-dir': resultsDir },
    { GITHUB_RUN_ID: runId },
  );
  say(record.summary.trim());
};
await rescore(false, '5001', (n) => n !== 1);
step('5b. Dispatch again with only-missing');
await rescore(true, '5002', () => true);

// 6. The reveal ------------------------------------------------------------------------------
step('6. The reveal: a wrong key first (nothing published), then the right one');
const wrong = await action('reveal', {
  token: 'ghs_reveal',
  'results-private-key': (await generateKeyPair()).privateKey,
  'site-dir': path.join(out, 'site-wrong-key'),
});
say(`wrong key: exit ${wrong.code}, site written: ${existsSync(path.join(out, 'site-wrong-key'))}`);
say(wrong.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '');
const siteDir = path.join(out, 'site-final');
const reveal = await action('reveal', {
  token: 'ghs_reveal',
  'results-private-key': keys.privateKey,
  'site-dir': siteDir,
});
if (reveal.code !== 0) throw new Error(reveal.stdout);
say(reveal.summary.trim());
const branchFiles = emu.branchFiles(BRANCH)!;
await writeFile(path.join(out, 'reveal.json'), branchFiles.get('reveal.json') ?? '');
await emu.stop();

// Screenshots --------------------------------------------------------------------------------
const chromium = '/usr/bin/chromium';
if (existsSync(chromium)) {
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    for (const [dir, png] of [
      [written.site, 'leaderboard-public.png'],
      [siteDir, 'leaderboard-final.png'],
    ] as const) {
      await page.goto(`file://${path.join(dir, 'index.html')}`);
      await page.waitForSelector('table');
      await page.screenshot({ path: path.join(out, png), fullPage: true });
      say(`screenshot: ${path.join(out, png)}`);
    }
  } finally {
    await browser.close();
  }
} else {
  say(`(no Chromium at ${chromium}: no screenshots; the sites are ${written.site} and ${siteDir})`);
}

step('Done');
say(`Everything is in ${out}: competition/, evaluations/, leaderboard-public/, rescore-*/, site-final/, reveal.json`);
