/**
 * The reveal job (hosted, in the `reveal` environment whose required reviewers approve it
 * and whose secret holds the private key; `contents: write`; runs no participant code).
 *
 * In this order, so that a wrong or missing key publishes NOTHING:
 *   1. read the ledger from the results branch (corrupt records named and skipped);
 *   2. open every sealed private score (src/season/reveal.ts: all or nothing) — a RevealError
 *      fails the job here, before any file is written;
 *   3. build the final leaderboard (private ranking, public rank beside it, each move);
 *   4. write the site into site-dir (the next step uploads it for Pages; the Pages job needs
 *      this job, so it runs only when everything here succeeded);
 *   5. commit LEADERBOARD.md, leaderboard.json and reveal.json (the reveal record) on the
 *      results branch, in one commit, never forced.
 */
import * as core from '@actions/core';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import type { GitHubClient } from '../../github/octokit.js';
import { leaderboardMarkdown, writeLeaderboard } from '../../leaderboard/index.js';
import { readLedgerFromApi } from '../../ledger/read.js';
import { writeBranchFiles } from '../../ledger/store.js';
import { prepareReveal, RevealError, type RevealOutcome, shakeUpLines } from '../../season/reveal.js';
import type { ActionContext } from '../context.js';
import type { Inputs } from '../inputs.js';

export async function revealMode(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const privateKey = core.getInput('results-private-key');
  if (privateKey) core.setSecret(privateKey);
  const siteDir = path.resolve(core.getInput('site-dir') || 'holdout-site');
  const competitionDir = path.resolve(inputs.competitionDir);
  const { config } = await loadCompetition(competitionDir);
  const branch = config.results.branch;
  const ledger = await readLedgerFromApi(client, ctx.repo, branch);
  const notes = ledger.problems.map((p) => `${p.file} was skipped: ${p.problem}`);
  for (const n of notes) core.warning(n);

  let outcome: RevealOutcome;
  try {
    outcome = await prepareReveal({
      records: ledger.records,
      config,
      privateKey,
      submissionsDir: path.join(competitionDir, 'submissions'),
      notes,
      workflowRun: process.env.GITHUB_RUN_ID
        ? { id: Number(process.env.GITHUB_RUN_ID), attempt: Number(process.env.GITHUB_RUN_ATTEMPT) || 1 }
        : null,
    });
  } catch (e) {
    if (!(e instanceof RevealError)) throw e;
    core.setFailed(e.message);
    return;
  }

  const out = await mkdtemp(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'holdout-reveal-'));
  try {
    const written = await writeLeaderboard(out, outcome.data);
    const markdown = leaderboardMarkdown(outcome.data.leaderboard);
    await writeBranchFiles(
      client,
      ctx.repo,
      branch,
      [
        { path: 'LEADERBOARD.md', content: markdown },
        { path: 'leaderboard.json', content: `${JSON.stringify(outcome.data.leaderboard, null, 2)}\n` },
        { path: 'reveal.json', content: `${JSON.stringify(outcome.reveal, null, 2)}\n` },
      ],
      `Reveal the private leaderboard: ${outcome.opened} private scores opened, ${outcome.reveal.ranked_private} participants ranked`,
      { log: (l) => core.info(l) },
    );
    // Last: the site the Pages upload takes exists only once the reveal is recorded.
    await rm(siteDir, { recursive: true, force: true });
    await cp(written.site, siteDir, { recursive: true });
    const moves = shakeUpLines(outcome.reveal);
    await core.summary
      .addRaw(
        `${markdown}\n\n### The shake-up\n\n${moves.length > 0 ? moves.map((m) => `- ${m}`).join('\n') : 'Nobody moved: the private ranking is the public one.'}\n`,
      )
      .write();
    core.setOutput('count', String(outcome.opened));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
