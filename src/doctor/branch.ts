/**
 * Does the target branch make Holdout's verdict the gate? Classic branch
 * protection and repository rulesets can both require a check; either is
 * enough. Reading is separated from judging so the judgement is a pure function.
 */
import type { GitHubClient } from '../github/octokit.js';
import { GITHUB_ACTIONS_APP_ID, type DoctorContext } from './context.js';
import { ok, type ApiCall, type Finding } from './finding.js';
import { cannotCheck, NEEDS, probe, type Probe } from './probe.js';

export interface RequiredCheck {
  context: string;
  /** null: any source may set it. */
  appId: number | null;
  /** Where the requirement lives: `branch protection` or `ruleset 42`. */
  source: string;
}

export interface Protection {
  statusChecksEnabled: boolean;
  checks: RequiredCheck[];
  pullRequest: boolean;
  enforceAdmins: boolean;
}

export interface Rules {
  checks: RequiredCheck[];
  pullRequest: boolean;
}

export interface BranchState {
  /** null: the branch has no classic protection. */
  protection: Probe<Protection | null>;
  rules: Probe<Rules>;
}

export async function readBranch(client: GitHubClient, ctx: DoctorContext): Promise<BranchState> {
  const target = { owner: ctx.owner, repo: ctx.repo, branch: ctx.branch };
  const protection = await probe(async (): Promise<Protection | null> => {
    try {
      const { data } = await client.request('GET /repos/{owner}/{repo}/branches/{branch}/protection', target);
      const rsc = data.required_status_checks;
      const checks = rsc?.checks?.length
        ? rsc.checks.map((c) => ({ context: c.context, appId: c.app_id ?? null }))
        : (rsc?.contexts ?? []).map((c) => ({ context: c, appId: null }));
      return {
        statusChecksEnabled: rsc !== undefined && rsc !== null,
        checks: checks.map((c) => ({ ...c, source: 'branch protection' })),
        pullRequest: data.required_pull_request_reviews !== undefined && data.required_pull_request_reviews !== null,
        enforceAdmins: data.enforce_admins?.enabled === true,
      };
    } catch (e) {
      // GitHub says "Branch not protected" for a branch without protection, and a
      // bare "Not Found" when the token may not read it: only the first is an answer.
      if ((e as { status?: number }).status === 404 && /Branch not protected/i.test((e as Error).message)) return null;
      throw e;
    }
  });
  const rules = await probe(async (): Promise<Rules> => {
    const list = (await client.paginate('GET /repos/{owner}/{repo}/rules/branches/{branch}', {
      ...target,
      per_page: 100,
    })) as unknown as RuleEntry[];
    const checks: RequiredCheck[] = [];
    for (const rule of list) {
      if (rule.type !== 'required_status_checks') continue;
      for (const c of rule.parameters?.required_status_checks ?? []) {
        checks.push({
          context: c.context,
          appId: c.integration_id ?? null,
          source: `ruleset ${rule.ruleset_id ?? '?'}${rule.ruleset_source_type === 'Organization' ? ` of the organization ${rule.ruleset_source}` : ''}`,
        });
      }
    }
    return { checks, pullRequest: list.some((r) => r.type === 'pull_request') };
  });
  return { protection, rules };
}

interface RuleEntry {
  type: string;
  ruleset_id?: number;
  ruleset_source?: string;
  ruleset_source_type?: string;
  parameters?: { required_status_checks?: { context: string; integration_id?: number }[] };
}

const quote = (s: string) => `"${s}"`;

function describeSource(c: RequiredCheck): string {
  const from =
    c.appId === null
      ? 'any source'
      : c.appId === GITHUB_ACTIONS_APP_ID
        ? `the GitHub Actions app (${c.appId})`
        : `app ${c.appId}`;
  return `${c.source}, from ${from}`;
}

/** The checks the organizer wants required: the evaluation check always, the package check when there is one. */
function wanted(ctx: DoctorContext): { name: string; id: string; app: boolean; why: string }[] {
  const list = [
    {
      name: ctx.checkName,
      id: 'required-check',
      app: true,
      why: 'without it, a pull request can be merged whatever Holdout decided, or before it decided.',
    },
  ];
  if (ctx.packageCheck) {
    list.push({
      name: ctx.packageCheck,
      id: 'package-check',
      app: false,
      why: 'without it, a package request whose policy check, build or runtime tests failed can be merged into the image every submission runs in.',
    });
  }
  return list;
}

/**
 * The classic protection's full list of required checks once the wanted ones
 * are in: one list for every finding, so applying the fixes in any order (or
 * twice) ends in the same state.
 */
function desiredChecks(ctx: DoctorContext, existing: RequiredCheck[]): { context: string; app_id?: number }[] {
  const names = wanted(ctx);
  const kept = existing
    .filter((c) => !names.some((w) => w.name === c.context))
    .map((c) => ({ context: c.context, ...(c.appId !== null ? { app_id: c.appId } : {}) }));
  const ours = names.map((w) => {
    const current = existing.find((c) => c.context === w.name);
    const appId = w.app && ctx.appId !== undefined ? ctx.appId : (current?.appId ?? null);
    return { context: w.name, ...(appId !== null ? { app_id: appId } : {}) };
  });
  return [...kept, ...ours];
}

function protectionPath(ctx: DoctorContext): string {
  return `/repos/${ctx.owner}/${ctx.repo}/branches/${ctx.branch}/protection`;
}

/** API calls that make the classic protection require the wanted checks, or undefined where only the web page is safe. */
function requireChecksCalls(ctx: DoctorContext, protection: Protection | null): ApiCall[] | undefined {
  const checks = desiredChecks(ctx, protection?.checks ?? []);
  if (protection === null) {
    // PUT replaces the whole protection, so only where there is none yet. Its body
    // names checks the deprecated way (contexts); the PATCH after it binds the app.
    const put: ApiCall = {
      method: 'PUT',
      path: protectionPath(ctx),
      body: {
        required_status_checks: { strict: false, contexts: checks.map((c) => c.context) },
        enforce_admins: true,
        required_pull_request_reviews: { required_approving_review_count: 0 },
        restrictions: null,
      },
    };
    return checks.some((c) => c.app_id !== undefined)
      ? [put, { method: 'PATCH', path: `${protectionPath(ctx)}/required_status_checks`, body: { checks } }]
      : [put];
  }
  if (!protection.statusChecksEnabled) return undefined;
  return [{ method: 'PATCH', path: `${protectionPath(ctx)}/required_status_checks`, body: { checks } }];
}

export function judgeBranch(ctx: DoctorContext, state: BranchState): Finding[] {
  const findings: Finding[] = [];
  const b = ctx.branch;
  const protection = state.protection.ok ? state.protection.data : undefined;
  const rules = state.rules.ok ? state.rules.data : undefined;
  if (!state.protection.ok)
    findings.push(
      cannotCheck('branch-protection', `the branch protection of ${b}`, state.protection, NEEDS.administration),
    );
  if (!state.rules.ok)
    findings.push(cannotCheck('branch-rules', `the rulesets that apply to ${b}`, state.rules, NEEDS.administration));

  const required = [...(protection?.checks ?? []), ...(rules?.checks ?? [])];
  const checkWhere = (name: string, app: boolean) =>
    `Settings → Branches → Add branch protection rule (or edit the rule for ${b}) → tick "Require status checks to pass before merging" → search for ${quote(name)} and add it` +
    (app && ctx.appId !== undefined
      ? `, then choose your Holdout app (id ${ctx.appId}) as its source instead of "Any source"`
      : '') +
    `. A check is listed there once it has run on a pull request. With rulesets instead: Settings → Rules → Rulesets → the ruleset for ${b} → "Require status checks to pass".`;

  for (const w of wanted(ctx)) {
    const matches = required.filter((c) => c.context === w.name);
    if (matches.length === 0) {
      // Without the classic protection's answer, "not required" cannot be said.
      if (protection === undefined || rules === undefined) continue;
      const found =
        protection === null
          ? `${b} has no branch protection`
          : `the branch protection of ${b} requires ${protection.checks.length > 0 ? protection.checks.map((c) => quote(c.context)).join(', ') : 'no status check'}`;
      const ruleNote =
        rules.checks.length > 0 ? `; its rulesets require ${rules.checks.map((c) => quote(c.context)).join(', ')}` : '';
      const api = requireChecksCalls(ctx, protection);
      findings.push({
        id: w.id,
        level: 'error',
        title: `${b} does not require the check ${quote(w.name)}`,
        found: `${found}${ruleNote}`,
        why: w.why,
        fix: { where: checkWhere(w.name, w.app), ...(api ? { api } : {}) },
      });
      continue;
    }
    const sources = matches.map(describeSource).join('; ');
    if (w.app && ctx.appId !== undefined && !matches.some((c) => c.appId === ctx.appId)) {
      const api =
        matches.some((c) => c.source === 'branch protection') && protection
          ? requireChecksCalls(ctx, protection)
          : undefined;
      findings.push({
        id: w.id,
        level: 'error',
        title: `${b} requires ${quote(w.name)} from another source than the Holdout app (id ${ctx.appId})`,
        found: `required by ${sources}`,
        why: "a fork's workflow could publish a check with the same name, and only the app it comes from tells the two apart.",
        fix: { where: checkWhere(w.name, true), ...(api ? { api } : {}) },
      });
      continue;
    }
    if (w.app && ctx.appId === undefined) {
      findings.push({
        id: `${w.id}-app`,
        level: 'warning',
        title: `${quote(w.name)} is required, but not from a GitHub App of its own`,
        found: `required by ${sources}`,
        why: "the workflow token writes the check as the GitHub Actions app, which every approved workflow job holds too — a fork's included — so a job named like the check can turn it green.",
        fix: {
          where: `Create the Holdout GitHub App and give the report job its credentials (docs/organizers.md), require ${quote(w.name)} from that app, then run holdout doctor --app-id <the app's id>.`,
        },
      });
      continue;
    }
    findings.push(
      ok(
        w.id,
        `${b} requires ${quote(w.name)}${w.app && ctx.appId !== undefined ? ` from the Holdout app (id ${ctx.appId})` : ''}`,
        `required by ${sources}`,
      ),
    );
  }

  if (protection !== undefined && rules !== undefined) {
    if (protection?.pullRequest || rules.pullRequest) {
      findings.push(ok('pull-request', `${b} takes changes through pull requests only`));
    } else {
      findings.push({
        id: 'pull-request',
        level: 'warning',
        title: `${b} does not require a pull request before merging`,
        found:
          protection === null
            ? `${b} has no branch protection and no ruleset asks for a pull request`
            : `the branch protection of ${b} does not require a pull request`,
        why: 'anyone with write access can push to the branch directly, around the check.',
        fix: {
          where: `Settings → Branches → edit the rule for ${b} → tick "Require a pull request before merging".`,
          ...(protection === null ? { api: requireChecksCalls(ctx, null) } : {}),
        },
      });
    }
  }
  if (protection?.checks.some((c) => c.context === ctx.checkName)) {
    if (protection.enforceAdmins)
      findings.push(ok('enforce-admins', `the branch protection of ${b} binds administrators too`));
    else {
      findings.push({
        id: 'enforce-admins',
        level: 'warning',
        title: `administrators can bypass the branch protection of ${b}`,
        found: 'enforce_admins is off',
        why: 'an administrator can merge a pull request whose check has not passed, by mistake as easily as on purpose.',
        fix: {
          where: `Settings → Branches → edit the rule for ${b} → tick "Do not allow bypassing the above settings".`,
          api: [{ method: 'POST', path: `${protectionPath(ctx)}/enforce_admins` }],
        },
      });
    }
  }
  return findings;
}
