/**
 * The repository's settings, for `holdout doctor`'s tests: branch protection,
 * rulesets, fork approval, the workflow token, runners and the organization's
 * runner groups (the organization is the emulator's owner). It answers reads
 * and the writes the doctor prints as fixes, so a test can apply a printed fix
 * and see the finding go. Bodies are built on the OpenAPI description's own
 * examples; server.ts validates every request and response against it.
 *
 * The state is per emulator (so per test): `emu.settings = new RepoSettings(emu.owner, emu.repo)`.
 * An emulator without settings answers none of these operations.
 */
import { exampleResponse, type Operation } from './openapi.js';

// biome-ignore lint/suspicious/noExplicitAny: request and response bodies are checked against GitHub's OpenAPI description at run time, not by types
type Json = any;
type Answer = [number, Json, Record<string, string>?];

export interface EmuRunner {
  id: number;
  name: string;
  labels: string[];
  ephemeral?: boolean;
}

export interface EmuRunnerGroup {
  id: number;
  name: string;
  visibility: 'all' | 'selected' | 'private';
  /** Repository names that may use a `selected` group. */
  repositories: string[];
  allowsPublicRepositories: boolean;
  restrictedToWorkflows: boolean;
  selectedWorkflows: string[];
  inherited?: boolean;
  runners: EmuRunner[];
}

export interface EmuProtection {
  /** null: "Require status checks to pass" is off. app_id null: any source. */
  checks: { context: string; app_id: number | null }[] | null;
  enforceAdmins: boolean;
  pullRequest: boolean;
}

export type ApprovalPolicy =
  | 'first_time_contributors_new_to_github'
  | 'first_time_contributors'
  | 'all_external_contributors';

const notFound = (message = 'Not Found'): Answer => [
  404,
  { message, documentation_url: 'https://docs.github.com/rest' },
];

export class RepoSettings {
  repoId = 4242;
  ownerType: 'Organization' | 'User' = 'Organization';
  visibility: 'public' | 'private' = 'public';
  defaultBranch = 'main';
  /** Classic branch protection by branch name; a branch not here is "not protected". */
  protection = new Map<string, EmuProtection>();
  /** Rules (as GET /rules/branches/{branch} lists them) that apply to every branch. */
  rules: Json[] = [];
  forkApproval: ApprovalPolicy = 'first_time_contributors';
  privateForks = {
    run_workflows_from_fork_pull_requests: true,
    send_write_tokens_to_workflows: false,
    send_secrets_and_variables: false,
    require_approval_for_fork_pr_workflows: true,
  };
  workflowPermissions: { default_workflow_permissions: 'read' | 'write'; can_approve_pull_request_reviews: boolean } = {
    default_workflow_permissions: 'read',
    can_approve_pull_request_reviews: false,
  };
  repoRunners: EmuRunner[] = [];
  /** GitHub makes a "Default" group for every organization: open to all repositories and all workflows. */
  runnerGroups: EmuRunnerGroup[] = [
    {
      id: 1,
      name: 'Default',
      visibility: 'all',
      repositories: [],
      allowsPublicRepositories: true,
      restrictedToWorkflows: false,
      selectedWorkflows: [],
      runners: [],
    },
  ];
  /** Operation ids answered 404 "Not Found", as GitHub answers a token that may not see the setting. */
  hidden = new Set<string>();

  constructor(
    readonly owner: string,
    readonly repo: string,
  ) {}

  group(name: string): EmuRunnerGroup {
    const g = this.runnerGroups.find((x) => x.name === name);
    if (!g) throw new Error(`no runner group ${name}`);
    return g;
  }
}

/** A ruleset rule requiring status checks, as the rules API lists it. */
export function statusChecksRule(rulesetId: number, checks: { context: string; integration_id?: number }[]): Json {
  return {
    type: 'required_status_checks',
    ruleset_source_type: 'Repository',
    ruleset_source: 'octo-org/competition',
    ruleset_id: rulesetId,
    parameters: { required_status_checks: checks, strict_required_status_checks_policy: false },
  };
}

/** A ruleset rule requiring a pull request, as the rules API lists it. */
export function pullRequestRule(rulesetId: number): Json {
  return {
    type: 'pull_request',
    ruleset_source_type: 'Repository',
    ruleset_source: 'octo-org/competition',
    ruleset_id: rulesetId,
    parameters: {
      dismiss_stale_reviews_on_push: false,
      require_code_owner_review: false,
      require_last_push_approval: false,
      required_approving_review_count: 0,
      required_review_thread_resolution: false,
    },
  };
}

const REPO_OPS = new Set([
  'repos/get',
  'repos/get-branch-protection',
  'repos/update-branch-protection',
  'repos/update-status-check-protection',
  'repos/set-admin-branch-protection',
  'repos/get-branch-rules',
  'actions/get-fork-pr-contributor-approval-permissions-repository',
  'actions/set-fork-pr-contributor-approval-permissions-repository',
  'actions/get-github-actions-default-workflow-permissions-repository',
  'actions/set-github-actions-default-workflow-permissions-repository',
  'actions/get-private-repo-fork-pr-workflows-settings-repository',
  'actions/set-private-repo-fork-pr-workflows-settings-repository',
  'actions/list-self-hosted-runners-for-repo',
]);

const ORG_OPS = new Set([
  'actions/list-self-hosted-runner-groups-for-org',
  'actions/list-self-hosted-runners-in-group-for-org',
  'actions/update-self-hosted-runner-group-for-org',
  'actions/set-repo-access-to-self-hosted-runner-group-in-org',
]);

/** The answer to a settings operation, or undefined for any other operation (server.ts answers those). */
export function routeSettings(
  s: RepoSettings | undefined,
  op: Operation,
  q: URLSearchParams,
  body: Json,
): Answer | undefined {
  if (!s) return undefined;
  const p = op.params;
  if (REPO_OPS.has(op.operationId)) {
    if (p.owner !== s.owner || p.repo !== s.repo) return notFound();
  } else if (ORG_OPS.has(op.operationId)) {
    if (s.ownerType !== 'Organization' || p.org !== s.owner) return notFound();
  } else {
    return undefined;
  }
  if (s.hidden.has(op.operationId)) return notFound();
  const repoPath = `https://api.github.com/repos/${s.owner}/${s.repo}`;
  switch (op.operationId) {
    case 'repos/get': {
      const t = exampleResponse(op.template, op.method, 200);
      // The example is a fork whose parent/source lack required fields; ours is no fork.
      delete t.parent;
      delete t.source;
      delete t.template_repository;
      t.fork = false;
      return [
        200,
        {
          ...t,
          id: s.repoId,
          name: s.repo,
          full_name: `${s.owner}/${s.repo}`,
          owner: { ...t.owner, login: s.owner, type: s.ownerType },
          organization:
            s.ownerType === 'Organization' ? { ...t.organization, login: s.owner, type: 'Organization' } : undefined,
          language: 'Python',
          private: s.visibility === 'private',
          visibility: s.visibility,
          default_branch: s.defaultBranch,
        },
      ];
    }
    case 'repos/get-branch-protection': {
      const pr = s.protection.get(p.branch!);
      if (!pr) return notFound('Branch not protected');
      return [200, protectionBody(s, p.branch!, pr)];
    }
    case 'repos/update-branch-protection': {
      const rsc = body.required_status_checks;
      const pr: EmuProtection = {
        checks: rsc
          ? (rsc.checks ?? rsc.contexts.map((c: string) => ({ context: c }))).map((c: Json) => ({
              context: c.context,
              app_id: c.app_id ?? null,
            }))
          : null,
        enforceAdmins: body.enforce_admins === true,
        pullRequest: body.required_pull_request_reviews !== null,
      };
      s.protection.set(p.branch!, pr);
      return [200, protectionBody(s, p.branch!, pr)];
    }
    case 'repos/update-status-check-protection': {
      const pr = s.protection.get(p.branch!);
      if (!pr?.checks) return notFound(pr ? 'Required status checks not enabled' : 'Branch not protected');
      if (body.checks) pr.checks = body.checks.map((c: Json) => ({ context: c.context, app_id: c.app_id ?? null }));
      else if (body.contexts) pr.checks = body.contexts.map((c: string) => ({ context: c, app_id: null }));
      return [200, statusChecksBody(s, p.branch!, pr.checks!)];
    }
    case 'repos/set-admin-branch-protection': {
      const pr = s.protection.get(p.branch!);
      if (!pr) return notFound('Branch not protected');
      pr.enforceAdmins = true;
      return [200, { url: `${repoPath}/branches/${p.branch}/protection/enforce_admins`, enabled: true }];
    }
    case 'repos/get-branch-rules':
      return [200, s.rules];
    case 'actions/get-fork-pr-contributor-approval-permissions-repository':
      return [200, { approval_policy: s.forkApproval }];
    case 'actions/set-fork-pr-contributor-approval-permissions-repository':
      s.forkApproval = body.approval_policy;
      return [204, undefined];
    case 'actions/get-github-actions-default-workflow-permissions-repository':
      return [200, { ...s.workflowPermissions }];
    case 'actions/set-github-actions-default-workflow-permissions-repository':
      s.workflowPermissions = { ...s.workflowPermissions, ...body };
      return [204, undefined];
    case 'actions/get-private-repo-fork-pr-workflows-settings-repository':
      // The setting exists for private repositories only.
      return s.visibility === 'private' ? [200, { ...s.privateForks }] : notFound();
    case 'actions/set-private-repo-fork-pr-workflows-settings-repository':
      if (s.visibility !== 'private') return notFound();
      s.privateForks = { ...s.privateForks, ...body };
      return [204, undefined];
    case 'actions/list-self-hosted-runners-for-repo':
      return [200, { total_count: s.repoRunners.length, runners: s.repoRunners.map(runnerBody) }];
    case 'actions/list-self-hosted-runner-groups-for-org': {
      const repo = q.get('visible_to_repository');
      const groups = s.runnerGroups.filter((g) => !repo || (repo === s.repo && visibleToRepo(s, g)));
      return [200, { total_count: groups.length, runner_groups: groups.map((g) => groupBody(s, g)) }];
    }
    case 'actions/list-self-hosted-runners-in-group-for-org': {
      const g = s.runnerGroups.find((x) => x.id === Number(p.runner_group_id));
      if (!g) return notFound();
      return [200, { total_count: g.runners.length, runners: g.runners.map(runnerBody) }];
    }
    case 'actions/update-self-hosted-runner-group-for-org': {
      const g = s.runnerGroups.find((x) => x.id === Number(p.runner_group_id));
      if (!g) return notFound();
      g.name = body.name;
      if (body.visibility) {
        g.visibility = body.visibility;
        if (body.visibility === 'selected') g.repositories = [];
      }
      if (body.allows_public_repositories !== undefined) g.allowsPublicRepositories = body.allows_public_repositories;
      if (body.restricted_to_workflows !== undefined) g.restrictedToWorkflows = body.restricted_to_workflows;
      if (body.selected_workflows !== undefined) g.selectedWorkflows = body.selected_workflows;
      return [200, groupBody(s, g)];
    }
    case 'actions/set-repo-access-to-self-hosted-runner-group-in-org': {
      const g = s.runnerGroups.find((x) => x.id === Number(p.runner_group_id));
      if (!g) return notFound();
      g.repositories = (body.selected_repository_ids as number[]).map((id) =>
        id === s.repoId ? s.repo : `repository-${id}`,
      );
      return [204, undefined];
    }
  }
  return undefined;
}

function visibleToRepo(s: RepoSettings, g: EmuRunnerGroup): boolean {
  return (
    g.visibility === 'all' ||
    (g.visibility === 'selected' && g.repositories.includes(s.repo)) ||
    (g.visibility === 'private' && s.visibility === 'private')
  );
}

function statusChecksBody(s: RepoSettings, branch: string, checks: { context: string; app_id: number | null }[]): Json {
  const t = exampleResponse('/repos/{owner}/{repo}/branches/{branch}/protection', 'get', 200).required_status_checks;
  const url = `https://api.github.com/repos/${s.owner}/${s.repo}/branches/${branch}/protection/required_status_checks`;
  return {
    ...t,
    url,
    contexts_url: `${url}/contexts`,
    strict: false,
    contexts: checks.map((c) => c.context),
    checks: checks.map((c) => ({ context: c.context, app_id: c.app_id })),
  };
}

function protectionBody(s: RepoSettings, branch: string, pr: EmuProtection): Json {
  const t = exampleResponse('/repos/{owner}/{repo}/branches/{branch}/protection', 'get', 200);
  const url = `https://api.github.com/repos/${s.owner}/${s.repo}/branches/${branch}/protection`;
  const out: Json = {
    ...t,
    url,
    enforce_admins: { url: `${url}/enforce_admins`, enabled: pr.enforceAdmins },
    restrictions: undefined,
  };
  if (pr.checks) out.required_status_checks = statusChecksBody(s, branch, pr.checks);
  else delete out.required_status_checks;
  if (pr.pullRequest)
    out.required_pull_request_reviews = {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: false,
      require_code_owner_reviews: false,
      required_approving_review_count: 0,
      require_last_push_approval: false,
    };
  else delete out.required_pull_request_reviews;
  delete out.restrictions;
  return out;
}

function runnerBody(r: EmuRunner): Json {
  return {
    id: r.id,
    name: r.name,
    os: 'linux',
    status: 'online',
    busy: false,
    ...(r.ephemeral !== undefined ? { ephemeral: r.ephemeral } : {}),
    version: '2.323.0',
    labels: r.labels.map((name, i) => ({
      id: r.id * 100 + i,
      name,
      type: ['self-hosted', 'Linux', 'X64'].includes(name) ? 'read-only' : 'custom',
    })),
  };
}

function groupBody(s: RepoSettings, g: EmuRunnerGroup): Json {
  const base = `https://api.github.com/orgs/${s.owner}/actions/runner-groups/${g.id}`;
  return {
    id: g.id,
    name: g.name,
    visibility: g.visibility,
    default: g.name === 'Default',
    ...(g.visibility === 'selected' ? { selected_repositories_url: `${base}/repositories` } : {}),
    runners_url: `${base}/runners`,
    inherited: g.inherited === true,
    allows_public_repositories: g.allowsPublicRepositories,
    restricted_to_workflows: g.restrictedToWorkflows,
    selected_workflows: g.selectedWorkflows,
    workflow_restrictions_read_only: false,
  };
}
