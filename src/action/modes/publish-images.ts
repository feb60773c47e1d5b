/**
 * Publish the runtime images, on `push` to the default branch (or
 * workflow_dispatch by an organizer, on the default branch; any other ref is refused): build both flavors (an unchanged one is
 * not rebuilt), run runtime/tests inside each with the network off, and only
 * when every flavor passed push `<repository>:<content tag>` and
 * `<repository>:<flavor>-latest`. The workflow logs in to the registry before
 * this step; pull-request runs never get here (their trigger has no secrets).
 */
import * as core from '@actions/core';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import type { GitHubClient } from '../../github/octokit.js';
import { checkImages, latestTag } from '../../runtime/package-request/image-check.js';
import { pushImage } from '../../runtime/image/push.js';
import { field, type ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';
import { openLogStream } from '../log-stream.js';

export async function publishImages(_client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  if (!['push', 'workflow_dispatch'].includes(ctx.eventName)) {
    // A registry login next to pull-request code is exactly what must never happen.
    throw new InputError(
      `mode "publish-images" runs on push and workflow_dispatch only, not on ${ctx.eventName || 'an unknown event'}`,
    );
  }
  // Only the default branch publishes: a push to any other branch (or a dispatch
  // on one) would replace the images every submission runs in with that branch's.
  const defaultBranch = field(ctx.payload, 'repository', 'default_branch');
  if (typeof defaultBranch !== 'string' || defaultBranch === '') {
    throw new InputError(
      'mode "publish-images" cannot tell the default branch: the event payload has no repository.default_branch',
    );
  }
  if (ctx.ref !== `refs/heads/${defaultBranch}`) {
    throw new InputError(
      `mode "publish-images" publishes from the default branch (refs/heads/${defaultBranch}) only, not from ${ctx.ref || 'an unknown ref'}: nothing was built or pushed. Run it on ${defaultBranch}.`,
    );
  }
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const { dir, config } = await loadCompetition(path.resolve(workspace, inputs.competitionDir));
  // A flavor with a ready-made image (runtime.<flavor>.image) has nothing to build or push.
  const flavors = (['cpu', 'gpu'] as const).filter((f) => config.runtime[f] && !config.runtime[f].image);
  if (flavors.length === 0) {
    core.notice('Every flavor uses a ready-made image (runtime.<flavor>.image): nothing to build or push.');
    return;
  }

  core.startGroup(`Building and testing the ${flavors.join(' and ')} images`);
  const stream = openLogStream();
  const resultDir = path.resolve(workspace, inputs.resultDir);
  const check = await checkImages({
    competitionDir: dir,
    runtime: config.runtime,
    flavors,
    user: config.container.user,
    logDir: resultDir,
    onProgress: (flavor, line) => stream.line(`[${flavor}] ${line}`),
  }).finally(() => {
    stream.close();
    core.endGroup();
  });
  if (check.verdict !== 'pass') {
    core.setOutput('status', check.verdict === 'fail' ? 'failed' : 'error');
    core.setFailed(`Nothing was pushed: ${check.problems.join('; ')}`);
    return;
  }

  const pushed: string[] = [];
  for (const image of check.images) {
    const result = await pushImage(image.tag!, [latestTag(config.runtime.repository, image.flavor)], (l) =>
      core.info(l),
    );
    if (!result.ok) {
      core.setOutput('images', pushed.join('\n'));
      core.setFailed(`${result.message}\n${result.output.join('\n')}`);
      return;
    }
    pushed.push(...result.pushed);
  }
  core.setOutput('images', pushed.join('\n'));
  core.setOutput('status', 'success');
  await core.summary
    .addHeading('Runtime images published', 3)
    .addList(pushed.map((p) => `<code>${p}</code>`))
    .write();
}
