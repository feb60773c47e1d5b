/**
 * The one way Holdout talks to GitHub: Octokit with the retry and throttling
 * plugins, so transient trouble (5xx, rate limits with `retry-after`) is waited
 * out, and what is left is a clear error for the caller to turn into an outcome.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

const HoldoutOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof HoldoutOctokit>;

/** How many times a rate-limited request is retried before the error reaches the caller. */
const RATE_LIMIT_RETRIES = 3;

export interface ClientOptions {
  /** A token, or undefined for anonymous reads of a public repository. */
  token: string | undefined;
  /** e.g. https://api.github.com, or GITHUB_API_URL on GitHub Enterprise. */
  baseUrl: string;
  /** Where retry and rate-limit notices go (the action's warning log). */
  warn: (message: string) => void;
}

export function createClient({ token, baseUrl, warn }: ClientOptions): GitHubClient {
  return new HoldoutOctokit({
    ...(token ? { auth: token } : {}),
    baseUrl,
    userAgent: 'holdout-action',
    // Octokit logs every 4xx at error level by itself; the caller reports what matters.
    log: { debug: () => {}, info: () => {}, warn, error: () => {} },
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        warn(
          `GitHub API rate limit reached on ${options.method} ${options.url}; retrying in ${retryAfter}s (attempt ${retryCount + 1}).`,
        );
        return retryCount < RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        warn(
          `GitHub API secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s (attempt ${retryCount + 1}).`,
        );
        return retryCount < RATE_LIMIT_RETRIES;
      },
    },
  });
}

/** The HTTP status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return undefined;
}

export interface RepoRef {
  owner: string;
  repo: string;
}
