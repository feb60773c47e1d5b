/**
 * Reading one setting through the API without letting a refusal crash the
 * doctor: a setting the token may not read becomes a finding that says which
 * permission the token needs, and the other checks go on.
 */
import { httpStatus } from '../github/octokit.js';
import * as errors from '../errors.js';
import type { Finding } from './finding.js';

export type Probe<T> = { ok: true; data: T } | { ok: false; status: number | undefined; message: string };

export async function probe<T>(read: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, data: await read() };
  } catch (e) {
    return { ok: false, status: httpStatus(e), message: messageOf(e) };
  }
}

/** GitHub's own message (Octokit appends the documentation URL to it). */
export function messageOf(e: unknown): string {
  const data = (e as { response?: { data?: { message?: unknown } } }).response?.data;
  if (typeof data?.message === 'string') return data.message;
  return errors.messageOf(e);
}

/** What the token must hold, per kind of setting (fine-grained token / GitHub App, then classic token). */
export const NEEDS = {
  administration:
    'the "Administration" repository permission (read) — a classic token needs the repo scope and admin rights on the repository',
  contents: 'the "Contents" repository permission (read)',
  orgRunners:
    'the "Self-hosted runners" organization permission (read) — a classic token needs the admin:org scope and an organization owner',
} as const;

/**
 * GitHub answers 404 as well as 403 when the token may not see a setting, so both
 * mean "the token needs more"; anything else (5xx after the retries, no answer)
 * is GitHub's trouble and says to try again.
 */
export function cannotCheck(
  id: string,
  what: string,
  failed: { status: number | undefined; message: string },
  needs: string,
): Finding {
  const refused = failed.status === 403 || failed.status === 404;
  return {
    id,
    level: 'warning',
    unchecked: true,
    title: refused
      ? `could not check ${what}: the token needs ${needs}`
      : `could not check ${what}: GitHub answered ${failed.status ?? 'nothing'} (${failed.message}); run holdout doctor again later`,
    found: `GitHub answered ${failed.status ?? 'nothing'}: ${failed.message}`,
  };
}
