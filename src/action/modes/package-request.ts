/**
 * Package request, on `pull_request` (hosted runner, `contents: read`, no
 * secrets): the pull request edits environment-cpu.yml / environment-gpu.yml
 * (or runtime/). In order:
 *
 *   1. the analysis (src/runtime/package-request/analysis.ts) of the checked-out files against
 *      the same files at the PR's base SHA: diff, policy, solve — seconds;
 *   2. only if it passes: both images built and runtime/tests run inside each,
 *      network off (src/runtime/package-request/image-check.ts);
 *   3. the result (JSON + Markdown) written to `result-dir` for
 *      actions/upload-artifact, and the table in the job summary.
 *
 * The step fails on `fail` (something in the request to fix). On `error` (a
 * channel down, no Docker) it passes with a warning: that is not the
 * participant's fault. This job can write nothing on GitHub; the comment comes
 * from `package-request-report` in a trusted workflow_run job.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import type { Flavor, RuntimeSection } from '../../config/runtime.js';
import type { GitHubClient } from '../../github/octokit.js';
import { isMaintainer } from '../../github/permission.js';
import { analyzePackageRequest } from '../../runtime/package-request/analysis.js';
import { formatFinding } from '../../runtime/package-request/findings.js';
import { environmentVersions, GitBaseError } from '../../runtime/package-request/git-base.js';
import { checkImages, type ImageCheck } from '../../runtime/package-request/image-check.js';
import { field, type ActionContext } from '../context.js';
import { InputError, type Inputs } from '../inputs.js';
import { openLogStream } from '../log-stream.js';
import { renderPackageResult, writePackageResult, type PackageRequestResult } from '../package-request-result.js';

/** What this mode needs from the pull_request payload (GitHub's, not the participant's). */
interface PullRequestEvent {
  number: number;
  baseSha: string;
  headSha: string;
  login: string;
}

function pullRequestEvent(payload: unknown): PullRequestEvent {
  const number = field(payload, 'pull_request', 'number');
  const baseSha = field(payload, 'pull_request', 'base', 'sha');
  const headSha = field(payload, 'pull_request', 'head', 'sha');
  const login = field(payload, 'pull_request', 'user', 'login');
  const isSha = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{40}$/.test(v);
  if (typeof number !== 'number' || !isSha(baseSha) || !isSha(headSha)) {
    throw new InputError(
      'mode "package-request" runs on pull_request events only (it compares the pull request with its base commit)',
    );
  }
  return { number, baseSha, headSha, login: typeof login === 'string' ? login : 'ghost' };
}

export async function packageRequest(client: GitHubClient, ctx: ActionContext, inputs: Inputs): Promise<void> {
  const pr = pullRequestEvent(ctx.payload);
  core.setOutput('kind', 'package-request');
  core.setOutput('pull-request', String(pr.number));
  core.setOutput('head-sha', pr.headSha);

  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const { dir, config } = await loadCompetition(path.resolve(workspace, inputs.competitionDir));

  // 1. The analysis: the checked-out files against the same files at the base commit.
  let env: Awaited<ReturnType<typeof environmentVersions>>;
  try {
    env = await environmentVersions(dir, config.runtime, pr.baseSha);
  } catch (e) {
    if (e instanceof GitBaseError)
      throw new InputError(`${e.message}. Check out the repository with "fetch-depth: 0" so the base commit is there.`);
    throw e;
  }
  if (!env)
    throw new InputError(
      'competition.yml sets no runtime.cpu.environment or runtime.gpu.environment: there is no package list to check',
    );
  const { flavors, files, versions } = env;
  core.startGroup(`Package request: checking ${files.join(' and ')} against ${pr.baseSha.slice(0, 12)}`);
  const analyze = (removalsAllowed: boolean) =>
    analyzePackageRequest({ ...versions, policy: config.runtime.packages, removalsAllowed });
  // Removals are for organizers: the listed logins, or anyone who may push. GitHub is asked
  // only when the request removes something (any failure: a participant, removals refused).
  let analysis = await analyze(config.runtime.packages.organizers.includes(pr.login));
  if (analysis.findings.some((f) => f.rule === 'removal') && (await isMaintainer(client, ctx.repo, pr.login)))
    analysis = await analyze(true);
  // Findings quote the pull request's own lines (and the solver's, over several lines): keep them inert.
  const findingsLog = openLogStream();
  for (const f of analysis.findings) for (const line of formatFinding(f).split('\n')) findingsLog.line(line);
  findingsLog.close();
  core.info(`${analysis.verdict}: ${analysis.summary} (${analysis.seconds.toFixed(1)} s)`);
  core.endGroup();
  // Annotations on the offending lines (each finding has a file and a line).
  for (const f of analysis.findings)
    core.error(f.message.split('\n')[0]!, {
      file: f.file,
      startLine: Math.max(1, f.line),
      title: `Package request: ${f.rule}`,
    });

  // 2. The images, only for a request that passed: a build takes minutes, the analysis seconds.
  const resultDir = path.resolve(workspace, inputs.resultDir);
  let images: ImageCheck | undefined;
  if (analysis.verdict === 'pass')
    images = await buildAndTest(dir, config.runtime, flavors, config.container.user, resultDir);

  // 3. The result.
  const result: PackageRequestResult = {
    format: 'holdout-package-request',
    version: 1,
    head_sha: pr.headSha,
    base_sha: pr.baseSha,
    verdict: images ? images.verdict : analysis.verdict,
    summary:
      images && images.verdict !== 'pass' ? `${analysis.summary}; but ${images.problems.join('; ')}` : analysis.summary,
    analysis,
    images: images?.images ?? [],
  };
  const file = await writePackageResult(resultDir, result);
  core.setOutput('result-file', file);
  core.setOutput('verdict', result.verdict);
  core.setOutput('status', result.verdict === 'pass' ? 'success' : result.verdict === 'fail' ? 'failed' : 'error');
  await core.summary.addRaw(renderPackageResult(result)).write();

  if (result.verdict === 'fail') core.setFailed(`Package request: changes needed. ${result.summary}`);
  else if (result.verdict === 'error')
    core.warning(
      `Package request could not be checked, and this is not your fault: ${result.summary}. An organizer can re-run this job.`,
    );
  else core.info(`Package request passed: ${result.summary}`);
}

/** Build and test both flavors, their output streamed so nothing printed is taken as a workflow command. */
async function buildAndTest(
  dir: string,
  runtime: RuntimeSection,
  flavors: Flavor[],
  user: string,
  logDir: string,
): Promise<ImageCheck> {
  core.startGroup(`Package request: building and testing the ${flavors.join(' and ')} images`);
  // A RUN step of the pull request's Dockerfile prints what it likes: keep it inert.
  const stream = openLogStream();
  try {
    return await checkImages({
      competitionDir: dir,
      runtime,
      flavors,
      user,
      logDir,
      onProgress: (flavor, line) => stream.line(`[${flavor}] ${line}`),
    });
  } finally {
    stream.close();
    core.endGroup();
  }
}
