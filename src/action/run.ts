/**
 * The action: read inputs and context, make the API client, run one mode.
 * An unexpected error fails the step with a message an organizer can act on.
 */
import * as core from '@actions/core';
import { messageOf } from '../errors.js';
import { createClient } from '../github/octokit.js';
import { readContext } from './context.js';
import { readInputs, type Inputs, type Mode } from './inputs.js';
import { evaluateMode } from './modes/evaluate.js';
import { packageRequestReport } from './modes/package-request-report.js';
import { packageRequest } from './modes/package-request.js';
import { prepare } from './modes/prepare.js';
import { prCheck } from './modes/pr-check.js';
import { publishImages } from './modes/publish-images.js';
import { report } from './modes/report.js';
import { recordMode } from './modes/record.js';
import { rescorePlan } from './modes/rescore-plan.js';
import { rescoreRecordMode } from './modes/rescore-record.js';
import { rescoreShard } from './modes/rescore-shard.js';
import { revealMode } from './modes/reveal.js';
import type { GitHubClient } from '../github/octokit.js';
import type { ActionContext } from './context.js';

const MODES: Record<Mode, (client: GitHubClient, ctx: ActionContext, inputs: Inputs) => Promise<void>> = {
  'pr-check': prCheck,
  prepare,
  evaluate: evaluateMode,
  report,
  'package-request': packageRequest,
  'package-request-report': packageRequestReport,
  'publish-images': publishImages,
  record: recordMode,
  'rescore-plan': rescorePlan,
  'rescore-shard': rescoreShard,
  'rescore-record': rescoreRecordMode,
  reveal: revealMode,
};

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    if (inputs.token) core.setSecret(inputs.token);
    const ctx = await readContext();
    const client = createClient({
      token: inputs.token || undefined,
      baseUrl: ctx.apiUrl,
      warn: (m) => core.warning(m),
    });
    await MODES[inputs.mode](client, ctx, inputs);
  } catch (e) {
    const status = (e as { status?: number }).status;
    const message = messageOf(e);
    core.setFailed(
      status
        ? `GitHub API request failed (${status}): ${message}. If this repeats, check the job's permissions and GitHub's status page, then re-run the job.`
        : `Holdout action failed: ${message}`,
    );
  }
}
