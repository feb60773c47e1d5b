/**
 * One comment per pull request, updated in place ("sticky").
 *
 * The comment is ours when it starts with a hidden marker AND was written by
 * the bot's own login: anyone can paste the marker into a comment of their own,
 * nobody else can post as the bot. Two report jobs racing can both create a
 * comment; each one therefore re-reads the list after writing, keeps the oldest
 * and deletes the rest, so the pair always ends with exactly one.
 */
import { httpStatus, type GitHubClient, type RepoRef } from './octokit.js';

export const STICKY_MARKER = '<!-- holdout:evaluation -->';

/** The login GITHUB_TOKEN posts as. */
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]';

export interface StickyTarget extends RepoRef {
  issueNumber: number;
  botLogin: string;
  marker?: string;
}

export interface StickyResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
  /** Duplicate comments (from a racing job) deleted. */
  removed: number;
}

interface ApiComment {
  id: number;
  html_url: string;
  body?: string;
  user: { login: string } | null;
}

async function findOurs(client: GitHubClient, t: StickyTarget): Promise<ApiComment[]> {
  const marker = t.marker ?? STICKY_MARKER;
  const comments = await client.paginate(client.rest.issues.listComments, {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issueNumber,
    per_page: 100,
  });
  return comments
    .filter((c) => c.user?.login === t.botLogin && (c.body ?? '').startsWith(marker))
    .sort((a, b) => a.id - b.id);
}

/** Create or update the sticky comment; `body` must already start with the marker. */
export async function upsertStickyComment(client: GitHubClient, t: StickyTarget, body: string): Promise<StickyResult> {
  const marker = t.marker ?? STICKY_MARKER;
  if (!body.startsWith(marker)) throw new Error('sticky comment body must start with its marker');
  const repo = { owner: t.owner, repo: t.repo };

  let result: StickyResult | undefined;
  const existing = (await findOurs(client, t))[0];
  if (existing) {
    try {
      const { data } = await client.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
      result = { action: 'updated', id: data.id, url: data.html_url, removed: 0 };
    } catch (e) {
      // Deleted between our list and our update: fall through and create a new one.
      if (httpStatus(e) !== 404) throw e;
    }
  }
  if (!result) {
    const { data } = await client.rest.issues.createComment({ ...repo, issue_number: t.issueNumber, body });
    result = { action: 'created', id: data.id, url: data.html_url, removed: 0 };
  }

  // Settle a race: the oldest comment wins and carries our body; the others go.
  const ours = await findOurs(client, t);
  const keeper = ours[0];
  if (keeper) {
    for (const extra of ours.slice(1)) {
      try {
        await client.rest.issues.deleteComment({ ...repo, comment_id: extra.id });
        result.removed++;
      } catch (e) {
        if (httpStatus(e) !== 404) throw e; // the other job deleted it first
      }
    }
    if (keeper.id !== result.id) {
      const { data } = await client.rest.issues.updateComment({ ...repo, comment_id: keeper.id, body });
      result = { action: 'updated', id: data.id, url: data.html_url, removed: result.removed };
    }
  }
  return result;
}
