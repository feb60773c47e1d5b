/**
 * Who can send jobs to the machines that hold the private data. Labels are not
 * a boundary: any workflow that asks for `[self-hosted, gpu]` gets such a runner
 * unless the runner sits in an organization runner group restricted to the
 * evaluation workflow as it is on the default branch.
 */
import type { GitHubClient } from '../github/octokit.js';
import { WORKFLOW_DIR, type DoctorContext } from './context.js';
import { ok, type Finding } from './finding.js';
import { cannotCheck, NEEDS, probe, type Probe } from './probe.js';

export interface Runner {
  id: number;
  name: string;
  labels: string[];
  /** Absent when the API did not say. */
  ephemeral?: boolean;
}

export interface RunnerGroup {
  id: number;
  name: string;
  visibility: string;
  inherited: boolean;
  allowsPublicRepositories: boolean;
  restrictedToWorkflows: boolean;
  selectedWorkflows: string[];
  workflowRestrictionsReadOnly: boolean;
  runners: Probe<Runner[]>;
}

export interface RunnerState {
  repoRunners: Probe<Runner[]>;
  /** Only for an organization's repository: the groups this repository may use. */
  groups?: Probe<RunnerGroup[]>;
}

interface ApiRunner {
  id: number;
  name: string;
  labels: { name: string }[];
  ephemeral?: boolean;
}

const toRunner = (r: ApiRunner): Runner => ({
  id: r.id,
  name: r.name,
  labels: r.labels.map((l) => l.name),
  ...(typeof r.ephemeral === 'boolean' ? { ephemeral: r.ephemeral } : {}),
});

export async function readRunners(client: GitHubClient, ctx: DoctorContext): Promise<RunnerState> {
  const repoRunners = await probe(async () =>
    (
      (await client.paginate('GET /repos/{owner}/{repo}/actions/runners', {
        owner: ctx.owner,
        repo: ctx.repo,
        per_page: 100,
      })) as ApiRunner[]
    ).map(toRunner),
  );
  if (ctx.ownerType !== 'Organization') return { repoRunners };
  const groups = await probe(async () => {
    const list = await client.paginate('GET /orgs/{org}/actions/runner-groups', {
      org: ctx.owner,
      visible_to_repository: ctx.repo,
      per_page: 100,
    });
    const out: RunnerGroup[] = [];
    for (const g of list) {
      const runners = await probe(async () =>
        (
          (await client.paginate('GET /orgs/{org}/actions/runner-groups/{runner_group_id}/runners', {
            org: ctx.owner,
            runner_group_id: g.id,
            per_page: 100,
          })) as ApiRunner[]
        ).map(toRunner),
      );
      out.push({
        id: g.id,
        name: g.name,
        visibility: g.visibility,
        inherited: g.inherited,
        allowsPublicRepositories: g.allows_public_repositories,
        restrictedToWorkflows: g.restricted_to_workflows === true,
        selectedWorkflows: g.selected_workflows ?? [],
        workflowRestrictionsReadOnly: g.workflow_restrictions_read_only === true,
        runners,
      });
    }
    return out;
  });
  return { repoRunners, groups };
}

/** GitHub matches runner labels without regard to case. */
function hasLabels(r: Runner, wanted: string[]): boolean {
  const have = new Set(r.labels.map((l) => l.toLowerCase()));
  return wanted.every((l) => have.has(l.toLowerCase()));
}

/** `owner/repo/.github/workflows/x.yml@ref` as a runner group's workflow access list spells it. */
export function workflowRef(ctx: DoctorContext, file: string): string {
  return `${ctx.owner}/${ctx.repo}/${WORKFLOW_DIR}/${file}@refs/heads/${ctx.defaultBranch}`;
}

/**
 * An entry is ours when it names one of this repository's evaluation workflows
 * on the default branch (or at a full commit SHA): any other ref would admit a
 * copy of the workflow someone changed on another branch.
 */
function allowedEntry(ctx: DoctorContext, workflows: string[], entry: string): boolean {
  const m = /^([^/]+)\/([^/]+)\/(.+)@(.+)$/.exec(entry);
  if (!m) return false;
  const [, owner, repo, file, ref] = m as unknown as [string, string, string, string, string];
  if (owner.toLowerCase() !== ctx.owner.toLowerCase() || repo.toLowerCase() !== ctx.repo.toLowerCase()) return false;
  if (!workflows.some((w) => file === `${WORKFLOW_DIR}/${w}`)) return false;
  return ref === ctx.defaultBranch || ref === `refs/heads/${ctx.defaultBranch}` || /^[0-9a-f]{40}$/.test(ref);
}

const names = (rs: Runner[]) => rs.map((r) => r.name).join(', ');

export function judgeRunners(ctx: DoctorContext, state: RunnerState, workflows: string[]): Finding[] {
  const findings: Finding[] = [];
  const labels = ctx.runnerLabels.join(', ');
  const desired = workflows.map((w) => workflowRef(ctx, w));
  const evalRunners: Runner[] = [];

  if (!state.repoRunners.ok)
    findings.push(
      cannotCheck('repo-runners', "the repository's own self-hosted runners", state.repoRunners, NEEDS.administration),
    );
  else {
    const exposed = state.repoRunners.data.filter((r) => hasLabels(r, ctx.runnerLabels));
    evalRunners.push(...exposed);
    if (exposed.length > 0) {
      const move =
        ctx.ownerType === 'Organization'
          ? `Settings → Actions → Runners → each of ${names(exposed)} → Remove; then register it again in the organization: Organization settings → Actions → Runner groups → New runner group (Repository access: ${ctx.repo} only; Workflow access: "Selected workflows": ${desired.join(', ')}) → New runner, in that group (./config.sh --url https://github.com/${ctx.owner} --runnergroup <group> --labels ${ctx.runnerLabels.filter((l) => l !== 'self-hosted').join(',')} --ephemeral).`
          : `Workflow restrictions exist only for organization runner groups: transfer the repository to an organization (Settings → General → Danger Zone → Transfer ownership; the Free plan is enough), remove ${names(exposed)} here (Settings → Actions → Runners → Remove) and register them in an organization runner group restricted to ${desired.join(', ')}.`;
      findings.push({
        id: 'repo-runners',
        level: 'error',
        title: `runners with the labels ${labels} are registered on the repository itself, where no workflow restriction applies`,
        found: `${names(exposed)} (repository runners)`,
        why: "any workflow of the repository that asks for these labels gets them — an approved fork's included — and runs its own code outside any sandbox on the machine that holds the private data.",
        fix: { where: move },
      });
    }
  }

  if (state.groups && !state.groups.ok)
    findings.push(cannotCheck('runner-groups', "the organization's runner groups", state.groups, NEEDS.orgRunners));
  for (const g of state.groups?.ok ? state.groups.data : []) {
    if (!g.runners.ok) {
      findings.push(cannotCheck('runner-groups', `the runners of the group "${g.name}"`, g.runners, NEEDS.orgRunners));
      continue;
    }
    const ours = g.runners.data.filter((r) => hasLabels(r, ctx.runnerLabels));
    if (ours.length === 0) continue;
    evalRunners.push(...ours);
    const where = g.inherited
      ? `Enterprise settings → Policies → Actions → Runner groups → "${g.name}"`
      : `Organization settings → Actions → Runner groups → "${g.name}"`;
    const problems: string[] = [];
    let level: 'error' | 'warning' = 'warning';
    if (!g.restrictedToWorkflows) {
      problems.push('any workflow may use it (restricted_to_workflows: false)');
      level = 'error';
    } else {
      const foreign = g.selectedWorkflows.filter((e) => !allowedEntry(ctx, workflows, e));
      if (foreign.length > 0) {
        problems.push(`it also admits ${foreign.join(', ')}`);
        level = 'error';
      }
      const missing = workflows.filter((w) => !g.selectedWorkflows.some((e) => allowedEntry(ctx, [w], e)));
      if (missing.length > 0)
        problems.push(
          `it does not admit ${missing.map((w) => workflowRef(ctx, w)).join(', ')}, whose jobs will wait for a runner`,
        );
    }
    if (!ctx.isPrivate && !g.allowsPublicRepositories) {
      problems.push(
        'it refuses public repositories (allows_public_repositories: false), so the evaluation job never gets its runners',
      );
      level = 'error';
    }
    if (problems.length === 0) {
      findings.push(
        ok(
          'runner-group',
          `runners with the labels ${labels} (${names(ours)}) are in the group "${g.name}", restricted to the evaluation workflow${workflows.length > 1 ? 's' : ''}`,
          `selected workflows: ${g.selectedWorkflows.join(', ')}`,
        ),
      );
    } else {
      const readOnly = g.workflowRestrictionsReadOnly
        ? ' The workflow restriction is set by the enterprise (workflow_restrictions_read_only): ask an enterprise owner to change it there.'
        : '';
      findings.push({
        id: 'runner-group',
        level,
        title: `the runner group "${g.name}" holding ${names(ours)} is not limited to the evaluation workflow${workflows.length > 1 ? 's' : ''}`,
        found: problems.join('; '),
        why:
          "a fork's approved workflow that asks for runs-on: [" +
          labels +
          '] would run its own code on the machine that holds the private data, outside any sandbox.',
        fix: {
          where: `${where} → Workflow access → "Selected workflows" → exactly ${desired.join(', ')}${!ctx.isPrivate ? ' → tick "Allow public repositories"' : ''} → Save.${g.name === 'Default' ? ' If other workflows need this group, move the evaluation runners into a runner group of their own and restrict that one instead.' : ''}${readOnly}`,
          ...(g.inherited
            ? {}
            : {
                api: [
                  {
                    method: 'PATCH' as const,
                    path: `/orgs/${ctx.owner}/actions/runner-groups/${g.id}`,
                    body: {
                      name: g.name,
                      restricted_to_workflows: true,
                      selected_workflows: desired,
                      allows_public_repositories: !ctx.isPrivate || g.allowsPublicRepositories,
                    },
                  },
                ],
              }),
        },
      });
    }
    if (g.visibility === 'all') {
      findings.push({
        id: 'runner-group-visibility',
        level: 'warning',
        title: `the runner group "${g.name}" is open to every repository of the organization`,
        found: 'visibility: all',
        why: 'every repository of the organization can queue jobs on the machines that hold the private data; keep it to this repository unless that is intended.',
        fix: {
          where: `${where} → Repository access → "Selected repositories" → ${ctx.repo} → Save.`,
          ...(g.inherited
            ? {}
            : {
                api: [
                  {
                    method: 'PATCH' as const,
                    path: `/orgs/${ctx.owner}/actions/runner-groups/${g.id}`,
                    body: { name: g.name, visibility: 'selected' },
                  },
                  {
                    method: 'PUT' as const,
                    path: `/orgs/${ctx.owner}/actions/runner-groups/${g.id}/repositories`,
                    body: { selected_repository_ids: [ctx.repoId] },
                  },
                ],
              }),
        },
      });
    }
  }

  const lasting = evalRunners.filter((r) => r.ephemeral === false);
  if (lasting.length > 0) {
    findings.push({
      id: 'ephemeral-runners',
      level: 'warning',
      title: `evaluation runners are not ephemeral: ${names(lasting)}`,
      found: 'ephemeral: false',
      why: 'a runner that outlives its job keeps what one job left behind (an image planted under the expected tag, files in its temp folders) for the next one.',
      fix: {
        where: `Register the evaluation runners with ./config.sh --ephemeral (one job each, then a fresh machine or container), e.g. with Actions Runner Controller or a just-in-time configuration (POST /${ctx.ownerType === 'Organization' ? `orgs/${ctx.owner}` : `repos/${ctx.owner}/${ctx.repo}`}/actions/runners/generate-jitconfig).`,
      },
    });
  }

  const looked = state.repoRunners.ok && (!state.groups || state.groups.ok);
  if (looked && evalRunners.length === 0) {
    findings.push({
      id: 'runners',
      level: 'warning',
      title: `no self-hosted runner with the labels ${labels} is available to this repository`,
      found: `none among the repository runners${state.groups ? ' and the runner groups this repository may use' : ''}`,
      why: 'the evaluation job waits for such a runner, so no submission is evaluated until one is registered.',
      fix: {
        where:
          ctx.ownerType === 'Organization'
            ? `Organization settings → Actions → Runner groups → New runner group (Repository access: ${ctx.repo} only; Workflow access: "Selected workflows": ${desired.join(', ')}) → New runner with the labels ${labels}, registered with --ephemeral.`
            : 'Move the repository to an organization and register the runners in a runner group restricted to the evaluation workflow (see docs/organizers.md).',
      },
    });
  }
  return findings;
}
