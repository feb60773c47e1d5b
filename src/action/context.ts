/**
 * What the runner tells the action through its environment: the repository,
 * the API address, the run's address, and the event payload. Read here once so
 * the modes get plain values and tests can set them like the runner does.
 */
import { readFile } from 'node:fs/promises';
import type { RepoRef } from '../github/octokit.js';

export interface ActionContext {
  repo: RepoRef;
  apiUrl: string;
  /** Link to this workflow run. */
  runUrl: string | undefined;
  eventName: string;
  /** GITHUB_REF: the branch or tag the run is for (refs/heads/main), '' when unset. */
  ref: string;
  /** The parsed webhook payload (untrusted shape: read fields through guards). */
  payload: Record<string, unknown>;
}

export async function readContext(env: NodeJS.ProcessEnv = process.env): Promise<ActionContext> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set: this action runs inside GitHub Actions');
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    const parsed: unknown = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
    if (parsed && typeof parsed === 'object') payload = parsed as Record<string, unknown>;
  }
  return {
    repo: { owner, repo },
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runUrl: env.GITHUB_RUN_ID ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    payload,
  };
}

/** payload.a.b.c if it is a string/number, else undefined. */
export function field(payload: unknown, ...keys: string[]): unknown {
  let v: unknown = payload;
  for (const k of keys) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}
