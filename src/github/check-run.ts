/**
 * The check run branch protection requires (default name `holdout / evaluation`).
 *
 * It lives on the pull request's head SHA and goes queued → in_progress →
 * completed. The conclusion says whose problem it is: `failure` and `timed_out`
 * are the participant's, `neutral` is ours and never blamed on them.
 */
import type { GitHubClient, RepoRef } from './octokit.js';

export const DEFAULT_CHECK_NAME = 'holdout / evaluation';

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'timed_out' | 'cancelled' | 'skipped';

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
  const cut = (s: string) => (s.length > CHECK_TEXT_LIMIT ? `${s.slice(0, CHECK_TEXT_LIMIT - 40)}\n\n… (cut to fit GitHub's limit)` : s);
  return {
    title: o.title.slice(0, 250),
    summary: cut(o.summary),
    ...(o.text !== undefined ? { text: cut(o.text) } : {}),
    ...(o.annotations?.length ? { annotations: o.annotations.slice(0, CHECK_ANNOTATIONS_PER_REQUEST) } : {}),
  };
}

/** The newest check run of this name on the head SHA, if any. */
export async function findCheckRun(client: GitHubClient, t: CheckTarget): Promise<number | null> {
  const { data } = await client.rest.checks.listForRef({ owner: t.owner, repo: t.repo, ref: t.headSha, check_name: t.name, per_page: 100 });
  const runs = data.check_runs.filter((r) => r.name === t.name && r.head_sha === t.headSha).sort((a, b) => b.id - a.id);
  return runs[0]?.id ?? null;
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

export async function startCheckRun(client: GitHubClient, t: CheckTarget, id: number, output: CheckOutput): Promise<void> {
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
 * Conclude the check run: update the one queued earlier, or create it completed
 * when there is none (or it vanished: a 404 on update is not an error here).
 */
export async function completeCheckRun(
  client: GitHubClient,
  t: CheckTarget,
  id: number | null,
  conclusion: CheckConclusion,
  output: CheckOutput,
): Promise<number> {
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
      if ((e as { status?: number }).status !== 404) throw e;
    }
  }
  const { data } = await client.rest.checks.create({ owner: t.owner, repo: t.repo, name: t.name, head_sha: t.headSha, ...fields });
  return data.id;
}
