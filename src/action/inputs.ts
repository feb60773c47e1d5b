/** The action's inputs (action.yml), read once and checked. */
import * as core from '@actions/core';
import { z } from 'zod';
import { DEFAULT_CHECK_NAME, DEFAULT_PACKAGE_CHECK_NAME } from '../github/check-run.js';
import { DEFAULT_BOT_LOGIN } from '../github/sticky-comment.js';

export const MODES = [
  'pr-check',
  'prepare',
  'evaluate',
  'report',
  'package-request',
  'package-request-report',
  'publish-images',
  'record',
  'rescore-plan',
  'rescore-shard',
  'rescore-record',
  'reveal',
] as const;
export type Mode = (typeof MODES)[number];

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit SHA');
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const inputsSchema = z.object({
  mode: z.enum(MODES),
  token: z.string(),
  competitionDir: z.string().min(1),
  checkName: z.string().min(1).max(100),
  /** The package-request check (package-request-report concludes it; report marks it skipped on other pull requests). */
  packageCheckName: z.string().min(1).max(100),
  /** The check run prepare created (its output check-run-id), which report concludes. */
  checkRunId: z.union([
    z.literal(''),
    z.string().regex(/^[1-9]\d*$/, "must be a check run id (prepare's output check-run-id)"),
  ]),
  /** The GitHub App whose token this job holds (create-github-app-token's app-slug); '' for GITHUB_TOKEN. */
  appSlug: z.union([z.literal(''), z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a GitHub App slug')]),
  headSha: z.union([sha, z.literal('')]),
  headLabel: z.string().max(300),
  pullRequest: z.union([z.literal(''), z.string().regex(/^[1-9]\d*$/, 'must be a pull request number')]),
  resultDir: z.string(),
  resultFile: z.string(),
  evaluationJob: z.enum(['', 'success', 'failure', 'cancelled', 'skipped']),
  showPrivateScores: flag,
  showPrivateLogs: flag,
  botLogin: z.string().min(1),
  /** report: prepare's submission-limit output (JSON, trusted: made by the prepare job); '' when the limit allowed it. */
  submissionLimit: z.string().max(2000),
  /** record: prepare's started-at output, when the evaluation started (ISO 8601). */
  startedAt: z.union([z.literal(''), z.iso.datetime({ offset: true })]),
  /** record: the evaluate job's kind output ('submission' when it evaluated). */
  evaluateKind: z.string().max(40),
  /** record: where LEADERBOARD.md, leaderboard.json and the Pages site (site/) are written. */
  leaderboardDir: z.string().min(1),
});

export type Inputs = z.output<typeof inputsSchema>;

/** Thrown for inputs that make no sense: the organizer's workflow needs fixing. */
export class InputError extends Error {
  override name = 'InputError';
}

export function readInputs(): Inputs {
  const get = (name: string, fallback = '') => core.getInput(name) || fallback;
  const parsed = inputsSchema.safeParse({
    mode: get('mode'),
    token: get('token'),
    competitionDir: get('competition-dir', '.'),
    checkName: get('check-name', DEFAULT_CHECK_NAME),
    packageCheckName: get('package-check-name', DEFAULT_PACKAGE_CHECK_NAME),
    checkRunId: get('check-run-id'),
    appSlug: get('app-slug'),
    headSha: get('head-sha'),
    headLabel: get('head-label'),
    pullRequest: get('pull-request'),
    resultDir: get('result-dir', 'holdout-result'),
    resultFile: get('result-file'),
    evaluationJob: get('evaluation-job'),
    showPrivateScores: get('show-private-scores', 'false'),
    showPrivateLogs: get('show-private-logs', 'false'),
    botLogin: get('bot-login', DEFAULT_BOT_LOGIN),
    submissionLimit: get('submission-limit'),
    startedAt: get('started-at'),
    evaluateKind: get('evaluate-kind'),
    leaderboardDir: get('leaderboard-dir', 'holdout-leaderboard'),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `input "${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}": ${i.message}`,
    );
    throw new InputError(`${problems.join('; ')}. Fix the step's "with:" block in the workflow.`);
  }
  return parsed.data;
}
