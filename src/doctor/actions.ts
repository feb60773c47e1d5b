/**
 * The repository's Actions settings Holdout depends on: who must approve a
 * fork's workflows, what the default workflow token may do, what fork runs of a
 * private repository receive, and that the evaluation workflow is where
 * `workflow_run` looks for it (the default branch).
 */
import type { GitHubClient } from '../github/octokit.js';
import { EVALUATION_WORKFLOWS, WORKFLOW_DIR, type DoctorContext } from './context.js';
import { ok, type Finding } from './finding.js';
import { cannotCheck, NEEDS, probe, type Probe } from './probe.js';

type ApprovalPolicy = 'first_time_contributors_new_to_github' | 'first_time_contributors' | 'all_external_contributors';

export interface ActionsState {
  approval: Probe<ApprovalPolicy>;
  token: Probe<{ default_workflow_permissions: 'read' | 'write'; can_approve_pull_request_reviews: boolean }>;
  /** Only read for a private repository (the setting does not exist for public ones). */
  privateForks?: Probe<{
    run_workflows_from_fork_pull_requests: boolean;
    send_write_tokens_to_workflows: boolean;
    send_secrets_and_variables: boolean;
    require_approval_for_fork_pr_workflows: boolean;
  }>;
  /** File names in .github/workflows on the default branch. */
  workflows: Probe<string[]>;
}

export async function readActions(client: GitHubClient, ctx: DoctorContext): Promise<ActionsState> {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const approval = await probe(
    async () =>
      (await client.request('GET /repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval', repo)).data
        .approval_policy,
  );
  const token = await probe(
    async () => (await client.request('GET /repos/{owner}/{repo}/actions/permissions/workflow', repo)).data,
  );
  const privateForks = ctx.isPrivate
    ? await probe(
        async () =>
          (await client.request('GET /repos/{owner}/{repo}/actions/permissions/fork-pr-workflows-private-repos', repo))
            .data,
      )
    : undefined;
  const workflows = await probe(async () => {
    const { data } = await client.rest.repos.getContent({ ...repo, path: WORKFLOW_DIR, ref: ctx.defaultBranch });
    return Array.isArray(data) ? data.filter((e) => e.type === 'file').map((e) => e.name) : [];
  });
  return { approval, token, ...(privateForks ? { privateForks } : {}), workflows };
}

const APPROVAL_WORDS: Record<ApprovalPolicy, string> = {
  first_time_contributors_new_to_github: 'approval only for first-time contributors who are new to GitHub',
  first_time_contributors: 'approval only for first-time contributors',
  all_external_contributors: 'approval for all external contributors',
};

/** The evaluation workflows this repository has (the rescoring one is optional). */
export function evaluationWorkflows(state: ActionsState): string[] {
  const present = state.workflows.ok ? state.workflows.data : [];
  return EVALUATION_WORKFLOWS.filter((w, i) => i === 0 || present.includes(w));
}

export function judgeActions(ctx: DoctorContext, state: ActionsState): Finding[] {
  const findings: Finding[] = [];
  const base = `/repos/${ctx.owner}/${ctx.repo}/actions/permissions`;

  if (!state.approval.ok)
    findings.push(
      cannotCheck('fork-approval', 'who must approve workflows from forks', state.approval, NEEDS.administration),
    );
  else if (state.approval.data === 'all_external_contributors')
    findings.push(ok('fork-approval', 'workflows from forks wait for approval for every outside contributor'));
  else {
    findings.push({
      id: 'fork-approval',
      level: 'error',
      title: 'workflows from forks do not need approval for every outside contributor',
      found: `the repository asks for ${APPROVAL_WORDS[state.approval.data]} (approval_policy ${state.approval.data})`,
      why: "a fork's pull request may change the workflows it runs (add a job named like the required check, ask for the GPU runners); with approval for everyone, none of it runs before you have read it.",
      fix: {
        where:
          'Settings → Actions → General → "Approval for running fork pull request workflows from contributors" → "Require approval for all external contributors" → Save.',
        api: [
          {
            method: 'PUT',
            path: `${base}/fork-pr-contributor-approval`,
            body: { approval_policy: 'all_external_contributors' },
          },
        ],
      },
    });
  }

  if (!state.token.ok)
    findings.push(
      cannotCheck('workflow-token', 'the default permissions of the workflow token', state.token, NEEDS.administration),
    );
  else {
    const t = state.token.data;
    const wrong = [
      ...(t.default_workflow_permissions === 'write'
        ? ['the token may write to the repository by default (default_workflow_permissions: write)']
        : []),
      ...(t.can_approve_pull_request_reviews
        ? ['workflows may create and approve pull requests (can_approve_pull_request_reviews: true)']
        : []),
    ];
    if (wrong.length === 0)
      findings.push(ok('workflow-token', 'the default workflow token is read-only and cannot approve pull requests'));
    else {
      findings.push({
        id: 'workflow-token',
        level: 'error',
        title: 'the default workflow token is not read-only',
        found: wrong.join('; '),
        why: 'a job without its own permissions: block would get a token that can push code, write the required check or approve a pull request.',
        fix: {
          where:
            'Settings → Actions → General → Workflow permissions → "Read repository contents and packages permissions", untick "Allow GitHub Actions to create and approve pull requests" → Save (if the choice is greyed out, the organization sets it: Organization settings → Actions → General).',
          api: [
            {
              method: 'PUT',
              path: `${base}/workflow`,
              body: { default_workflow_permissions: 'read', can_approve_pull_request_reviews: false },
            },
          ],
        },
      });
    }
  }

  if (state.privateForks) {
    const p = state.privateForks;
    if (!p.ok)
      findings.push(
        cannotCheck(
          'private-fork-workflows',
          'what fork pull request workflows receive in this private repository',
          p,
          NEEDS.administration,
        ),
      );
    else {
      const wrong = [
        ...(p.data.send_write_tokens_to_workflows
          ? ['fork workflows get a write token (send_write_tokens_to_workflows: true)']
          : []),
        ...(p.data.send_secrets_and_variables
          ? ['fork workflows get the secrets and variables (send_secrets_and_variables: true)']
          : []),
        ...(p.data.run_workflows_from_fork_pull_requests && !p.data.require_approval_for_fork_pr_workflows
          ? ['fork workflows run without approval (require_approval_for_fork_pr_workflows: false)']
          : []),
      ];
      if (wrong.length === 0)
        findings.push(
          ok(
            'private-fork-workflows',
            'fork workflows of this private repository get no write token and no secret, and wait for approval',
          ),
        );
      else {
        findings.push({
          id: 'private-fork-workflows',
          level: 'error',
          title: 'fork pull request workflows of this private repository get more than they should',
          found: wrong.join('; '),
          why: "a fork's workflow would hold what the organizer's jobs hold (a write token, the registry password) or run before anyone read it.",
          fix: {
            where:
              'Settings → Actions → General → "Fork pull request workflows in private repositories": untick "Send write tokens to workflows from pull requests" and "Send secrets and variables to workflows from pull requests", tick "Require approval for fork pull request workflows" → Save.',
            api: [
              {
                method: 'PUT',
                path: `${base}/fork-pr-workflows-private-repos`,
                body: {
                  run_workflows_from_fork_pull_requests: p.data.run_workflows_from_fork_pull_requests,
                  send_write_tokens_to_workflows: false,
                  send_secrets_and_variables: false,
                  require_approval_for_fork_pr_workflows: true,
                },
              },
            ],
          },
        });
      }
    }
  }

  if (!state.workflows.ok && state.workflows.status !== 404)
    findings.push(
      cannotCheck('workflow-files', `the workflows on ${ctx.defaultBranch}`, state.workflows, NEEDS.contents),
    );
  else {
    const present = state.workflows.ok ? state.workflows.data : [];
    const missing = EVALUATION_WORKFLOWS[0];
    if (present.includes(missing))
      findings.push(ok('workflow-files', `${WORKFLOW_DIR}/${missing} is on the default branch (${ctx.defaultBranch})`));
    else {
      findings.push({
        id: 'workflow-files',
        level: 'error',
        title: `${WORKFLOW_DIR}/${missing} is not on the default branch (${ctx.defaultBranch})`,
        found:
          present.length > 0
            ? `${WORKFLOW_DIR} on ${ctx.defaultBranch} holds ${present.join(', ')}`
            : `${ctx.defaultBranch} has no ${WORKFLOW_DIR} folder`,
        why: 'GitHub runs workflow_run workflows only from the default branch, so no submission would be evaluated and the required check would never be concluded.',
        fix: { where: `Commit ${WORKFLOW_DIR}/${missing} from the Holdout template to ${ctx.defaultBranch}.` },
      });
    }
  }
  return findings;
}
