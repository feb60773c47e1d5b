/**
 * The check runs branch protection requires (default names `holdout / evaluation`
 * and `holdout / package-request`).
 *
 * The evaluation check lives on the pull request's head SHA and goes queued →
 * in_progress → completed. The conclusion says whose problem it is: `failure`
 * and `timed_out` are the participant's; `action_required` is ours (an
 * organizer re-runs it) and is never blamed on them. Branch protection lets
 * `success`, `neutral` and `skipped` through, so our errors must never conclude
 * `neutral`: `action_required` blocks the merge like a failure does.
 *
 * A check run is only ever updated by the id its creator handed on (prepare →
 * report), checked here to be on this commit under this name (and, with a
 * GitHub App, made by that app): never "the newest run with that name", which
 * any workflow job named `holdout / evaluation` could be.
 */
import { httpStatus, type GitHubClient, type RepoRef } from './octokit.js';

export { DEFAULT_CHECK_NAME, DEFAULT_PACKAGE_CHECK_NAME } from './check-names.js';

export type CheckConclusion = 'success' | 'failure' | 'timed_out' | 'skipped' | 'action_required';

/** What branch protection accepts as passing (GitHub's rule, for tests and docs). */
export const PASSING_CONCLUSIONS: readonly string[] = ['success', 'neutral', 'skipped'];

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

/** GitHub's limits on a check run's output. */
export const CHECK_TEXT_LIMIT = 65_535;
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;

export interface CheckTarget extends RepoRef {
  name: string;
  headSha: string;
  detailsUrl?: string;
}

function boundedOutput(o: CheckOutput): CheckOutput {
  const cut = (s: string) =>
    s.length > CHECK_TEXT_LIMIT ? `${s.slice(0, CHECK_TEXT_LIMIT - 40)}\n\n… (cut to fit GitHub's limit)` : s;
  return {
    title: o.title.slice(0, 250),
    summary: cut(o.summary),
    ...(o.text !== undefined ? { text: cut(o.text) } : {}),
    ...(o.annotations?.length ? { annotations: o.annotations.slice(0, CHECK_ANNOTATIONS_PER_REQUEST) } : {}),
  };
}

export type HandedCheck = { ok: true; id: number } | { ok: false; why: string };

/**
 * The check run prepare created and handed on, if it is what it should be: on
 * this head SHA, under this name, and made by `appSlug` when one is given (the
 * GitHub App whose token this job holds). Anything else (gone, another commit,
 * another name, another app) is refused with the reason: the caller then
 * creates a check run of its own instead of writing on someone else's.
 */
export async function verifyHandedCheckRun(
  client: GitHubClient,
  t: CheckTarget,
  id: number,
  appSlug?: string,
): Promise<HandedCheck> {
  let run: Awaited<ReturnType<typeof client.rest.checks.get>>['data'];
  try {
    ({ data: run } = await client.rest.checks.get({ owner: t.owner, repo: t.repo, check_run_id: id }));
  } catch (e) {
    if (httpStatus(e) === 404) return { ok: false, why: `check run ${id} does not exist` };
    throw e;
  }
  if (run.head_sha !== t.headSha)
    return {
      ok: false,
      why: `check run ${id} is on commit ${run.head_sha.slice(0, 12)}, not ${t.headSha.slice(0, 12)}`,
    };
  if (run.name !== t.name) return { ok: false, why: `check run ${id} is named "${run.name}", not "${t.name}"` };
  if (appSlug && run.app?.slug !== appSlug)
    return { ok: false, why: `check run ${id} was made by the app "${run.app?.slug ?? 'unknown'}", not "${appSlug}"` };
  return { ok: true, id };
}

export async function queueCheckRun(client: GitHubClient, t: CheckTarget, output: CheckOutput): Promise<number> {
  const { data } = await client.rest.checks.create({
    owner: t.owner,
    repo: t.repo,
    name: t.name,
    head_sha: t.headSha,
    status: 'queued',
    ...(t.detailsUrl ? { details_url: t.detailsUrl } : {}),
    output: boundedOutput(output),
  });
  return data.id;
}

export async function startCheckRun(
  client: GitHubClient,
  t: CheckTarget,
  id: number,
  output: CheckOutput,
): Promise<void> {
  await client.rest.checks.update({
    owner: t.owner,
    repo: t.repo,
    check_run_id: id,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: boundedOutput(output),
  });
}

/**
 * Conclude the check run: update the one handed on (and verified), or create it
 * completed when there is none, or when GitHub refuses the update because it
 * vanished (404) or belongs to another app (403).
 */
export async function completeCheckRun(
  client: GitHubClient,
  t: CheckTarget,
  id: number | null,
  conclusion: CheckConclusion,
  output: CheckOutput,
): Promise<number> {
  // GitHub: with action_required, "additional details should be provided on the site specified by details_url".
  if (conclusion === 'action_required' && !t.detailsUrl)
    throw new Error('a check concluded action_required needs a details URL (the workflow run)');
  const fields = {
    status: 'completed' as const,
    conclusion,
    completed_at: new Date().toISOString(),
    ...(t.detailsUrl ? { details_url: t.detailsUrl } : {}),
    output: boundedOutput(output),
  };
  if (id !== null) {
    try {
      await client.rest.checks.update({ owner: t.owner, repo: t.repo, check_run_id: id, ...fields });
      return id;
    } catch (e) {
      const status = httpStatus(e);
      if (status !== 404 && status !== 403) throw e;
    }
  }
  const { data } = await client.rest.checks.create({
    owner: t.owner,
    repo: t.repo,
    name: t.name,
    head_sha: t.headSha,
    ...fields,
  });
  return data.id;
}
