import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  ok
} from "./chunk-2HCQX5F4.js";
import {
  httpStatus
} from "./chunk-CDMN7PQF.js";
import {
  messageOf
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/doctor/probe.ts
async function probe(read) {
  try {
    return { ok: true, data: await read() };
  } catch (e) {
    return { ok: false, status: httpStatus(e), message: messageOf2(e) };
  }
}
function messageOf2(e) {
  const data = e.response?.data;
  if (typeof data?.message === "string") return data.message;
  return messageOf(e);
}
var NEEDS = {
  administration: 'the "Administration" repository permission (read) \u2014 a classic token needs the repo scope and admin rights on the repository',
  contents: 'the "Contents" repository permission (read)',
  orgRunners: 'the "Self-hosted runners" organization permission (read) \u2014 a classic token needs the admin:org scope and an organization owner'
};
function cannotCheck(id, what, failed, needs) {
  const refused = failed.status === 403 || failed.status === 404;
  return {
    id,
    level: "warning",
    unchecked: true,
    title: refused ? `could not check ${what}: the token needs ${needs}` : `could not check ${what}: GitHub answered ${failed.status ?? "nothing"} (${failed.message}); run holdout doctor again later`,
    found: `GitHub answered ${failed.status ?? "nothing"}: ${failed.message}`
  };
}

// src/doctor/context.ts
var GITHUB_ACTIONS_APP_ID = 15368;
var EVALUATION_WORKFLOWS = ["holdout-evaluation.yml", "holdout-rescore.yml"];
var WORKFLOW_DIR = ".github/workflows";

// src/doctor/actions.ts
async function readActions(client, ctx) {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const approval = await probe(
    async () => (await client.request("GET /repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval", repo)).data.approval_policy
  );
  const token = await probe(
    async () => (await client.request("GET /repos/{owner}/{repo}/actions/permissions/workflow", repo)).data
  );
  const privateForks = ctx.isPrivate ? await probe(
    async () => (await client.request("GET /repos/{owner}/{repo}/actions/permissions/fork-pr-workflows-private-repos", repo)).data
  ) : void 0;
  const workflows = await probe(async () => {
    const { data } = await client.rest.repos.getContent({ ...repo, path: WORKFLOW_DIR, ref: ctx.defaultBranch });
    return Array.isArray(data) ? data.filter((e) => e.type === "file").map((e) => e.name) : [];
  });
  return { approval, token, ...privateForks ? { privateForks } : {}, workflows };
}
var APPROVAL_WORDS = {
  first_time_contributors_new_to_github: "approval only for first-time contributors who are new to GitHub",
  first_time_contributors: "approval only for first-time contributors",
  all_external_contributors: "approval for all external contributors"
};
function evaluationWorkflows(state) {
  const present = state.workflows.ok ? state.workflows.data : [];
  return EVALUATION_WORKFLOWS.filter((w, i) => i === 0 || present.includes(w));
}
function judgeActions(ctx, state) {
  const findings = [];
  const base = `/repos/${ctx.owner}/${ctx.repo}/actions/permissions`;
  if (!state.approval.ok)
    findings.push(
      cannotCheck("fork-approval", "who must approve workflows from forks", state.approval, NEEDS.administration)
    );
  else if (state.approval.data === "all_external_contributors")
    findings.push(ok("fork-approval", "workflows from forks wait for approval for every outside contributor"));
  else {
    findings.push({
      id: "fork-approval",
      level: "error",
      title: "workflows from forks do not need approval for every outside contributor",
      found: `the repository asks for ${APPROVAL_WORDS[state.approval.data]} (approval_policy ${state.approval.data})`,
      why: "a fork's pull request may change the workflows it runs (add a job named like the required check, ask for the GPU runners); with approval for everyone, none of it runs before you have read it.",
      fix: {
        where: 'Settings \u2192 Actions \u2192 General \u2192 "Approval for running fork pull request workflows from contributors" \u2192 "Require approval for all external contributors" \u2192 Save.',
        api: [
          {
            method: "PUT",
            path: `${base}/fork-pr-contributor-approval`,
            body: { approval_policy: "all_external_contributors" }
          }
        ]
      }
    });
  }
  if (!state.token.ok)
    findings.push(
      cannotCheck("workflow-token", "the default permissions of the workflow token", state.token, NEEDS.administration)
    );
  else {
    const t = state.token.data;
    const wrong = [
      ...t.default_workflow_permissions === "write" ? ["the token may write to the repository by default (default_workflow_permissions: write)"] : [],
      ...t.can_approve_pull_request_reviews ? ["workflows may create and approve pull requests (can_approve_pull_request_reviews: true)"] : []
    ];
    if (wrong.length === 0)
      findings.push(ok("workflow-token", "the default workflow token is read-only and cannot approve pull requests"));
    else {
      findings.push({
        id: "workflow-token",
        level: "error",
        title: "the default workflow token is not read-only",
        found: wrong.join("; "),
        why: "a job without its own permissions: block would get a token that can push code, write the required check or approve a pull request.",
        fix: {
          where: 'Settings \u2192 Actions \u2192 General \u2192 Workflow permissions \u2192 "Read repository contents and packages permissions", untick "Allow GitHub Actions to create and approve pull requests" \u2192 Save (if the choice is greyed out, the organization sets it: Organization settings \u2192 Actions \u2192 General).',
          api: [
            {
              method: "PUT",
              path: `${base}/workflow`,
              body: { default_workflow_permissions: "read", can_approve_pull_request_reviews: false }
            }
          ]
        }
      });
    }
  }
  if (state.privateForks) {
    const p = state.privateForks;
    if (!p.ok)
      findings.push(
        cannotCheck(
          "private-fork-workflows",
          "what fork pull request workflows receive in this private repository",
          p,
          NEEDS.administration
        )
      );
    else {
      const wrong = [
        ...p.data.send_write_tokens_to_workflows ? ["fork workflows get a write token (send_write_tokens_to_workflows: true)"] : [],
        ...p.data.send_secrets_and_variables ? ["fork workflows get the secrets and variables (send_secrets_and_variables: true)"] : [],
        ...p.data.run_workflows_from_fork_pull_requests && !p.data.require_approval_for_fork_pr_workflows ? ["fork workflows run without approval (require_approval_for_fork_pr_workflows: false)"] : []
      ];
      if (wrong.length === 0)
        findings.push(
          ok(
            "private-fork-workflows",
            "fork workflows of this private repository get no write token and no secret, and wait for approval"
          )
        );
      else {
        findings.push({
          id: "private-fork-workflows",
          level: "error",
          title: "fork pull request workflows of this private repository get more than they should",
          found: wrong.join("; "),
          why: "a fork's workflow would hold what the organizer's jobs hold (a write token, the registry password) or run before anyone read it.",
          fix: {
            where: 'Settings \u2192 Actions \u2192 General \u2192 "Fork pull request workflows in private repositories": untick "Send write tokens to workflows from pull requests" and "Send secrets and variables to workflows from pull requests", tick "Require approval for fork pull request workflows" \u2192 Save.',
            api: [
              {
                method: "PUT",
                path: `${base}/fork-pr-workflows-private-repos`,
                body: {
                  run_workflows_from_fork_pull_requests: p.data.run_workflows_from_fork_pull_requests,
                  send_write_tokens_to_workflows: false,
                  send_secrets_and_variables: false,
                  require_approval_for_fork_pr_workflows: true
                }
              }
            ]
          }
        });
      }
    }
  }
  if (!state.workflows.ok && state.workflows.status !== 404)
    findings.push(
      cannotCheck("workflow-files", `the workflows on ${ctx.defaultBranch}`, state.workflows, NEEDS.contents)
    );
  else {
    const present = state.workflows.ok ? state.workflows.data : [];
    const missing = EVALUATION_WORKFLOWS[0];
    if (present.includes(missing))
      findings.push(ok("workflow-files", `${WORKFLOW_DIR}/${missing} is on the default branch (${ctx.defaultBranch})`));
    else {
      findings.push({
        id: "workflow-files",
        level: "error",
        title: `${WORKFLOW_DIR}/${missing} is not on the default branch (${ctx.defaultBranch})`,
        found: present.length > 0 ? `${WORKFLOW_DIR} on ${ctx.defaultBranch} holds ${present.join(", ")}` : `${ctx.defaultBranch} has no ${WORKFLOW_DIR} folder`,
        why: "GitHub runs workflow_run workflows only from the default branch, so no submission would be evaluated and the required check would never be concluded.",
        fix: { where: `Commit ${WORKFLOW_DIR}/${missing} from the Holdout template to ${ctx.defaultBranch}.` }
      });
    }
  }
  return findings;
}

// src/doctor/branch.ts
async function readBranch(client, ctx) {
  const target = { owner: ctx.owner, repo: ctx.repo, branch: ctx.branch };
  const protection = await probe(async () => {
    try {
      const { data } = await client.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", target);
      const rsc = data.required_status_checks;
      const checks = rsc?.checks?.length ? rsc.checks.map((c) => ({ context: c.context, appId: c.app_id ?? null })) : (rsc?.contexts ?? []).map((c) => ({ context: c, appId: null }));
      return {
        statusChecksEnabled: rsc !== void 0 && rsc !== null,
        checks: checks.map((c) => ({ ...c, source: "branch protection" })),
        pullRequest: data.required_pull_request_reviews !== void 0 && data.required_pull_request_reviews !== null,
        enforceAdmins: data.enforce_admins?.enabled === true
      };
    } catch (e) {
      if (e.status === 404 && /Branch not protected/i.test(e.message)) return null;
      throw e;
    }
  });
  const rules = await probe(async () => {
    const list = await client.paginate("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
      ...target,
      per_page: 100
    });
    const checks = [];
    for (const rule of list) {
      if (rule.type !== "required_status_checks") continue;
      for (const c of rule.parameters?.required_status_checks ?? []) {
        checks.push({
          context: c.context,
          appId: c.integration_id ?? null,
          source: `ruleset ${rule.ruleset_id ?? "?"}${rule.ruleset_source_type === "Organization" ? ` of the organization ${rule.ruleset_source}` : ""}`
        });
      }
    }
    return { checks, pullRequest: list.some((r) => r.type === "pull_request") };
  });
  return { protection, rules };
}
var quote = (s) => `"${s}"`;
function describeSource(c) {
  const from = c.appId === null ? "any source" : c.appId === GITHUB_ACTIONS_APP_ID ? `the GitHub Actions app (${c.appId})` : `app ${c.appId}`;
  return `${c.source}, from ${from}`;
}
function wanted(ctx) {
  const list = [
    {
      name: ctx.checkName,
      id: "required-check",
      app: true,
      why: "without it, a pull request can be merged whatever Holdout decided, or before it decided."
    }
  ];
  if (ctx.packageCheck) {
    list.push({
      name: ctx.packageCheck,
      id: "package-check",
      app: false,
      why: "without it, a package request whose policy check, build or runtime tests failed can be merged into the image every submission runs in."
    });
  }
  return list;
}
function desiredChecks(ctx, existing) {
  const names2 = wanted(ctx);
  const kept = existing.filter((c) => !names2.some((w) => w.name === c.context)).map((c) => ({ context: c.context, ...c.appId !== null ? { app_id: c.appId } : {} }));
  const ours = names2.map((w) => {
    const current = existing.find((c) => c.context === w.name);
    const appId = w.app && ctx.appId !== void 0 ? ctx.appId : current?.appId ?? null;
    return { context: w.name, ...appId !== null ? { app_id: appId } : {} };
  });
  return [...kept, ...ours];
}
function protectionPath(ctx) {
  return `/repos/${ctx.owner}/${ctx.repo}/branches/${ctx.branch}/protection`;
}
function requireChecksCalls(ctx, protection) {
  const checks = desiredChecks(ctx, protection?.checks ?? []);
  if (protection === null) {
    const put = {
      method: "PUT",
      path: protectionPath(ctx),
      body: {
        required_status_checks: { strict: false, contexts: checks.map((c) => c.context) },
        enforce_admins: true,
        required_pull_request_reviews: { required_approving_review_count: 0 },
        restrictions: null
      }
    };
    return checks.some((c) => c.app_id !== void 0) ? [put, { method: "PATCH", path: `${protectionPath(ctx)}/required_status_checks`, body: { checks } }] : [put];
  }
  if (!protection.statusChecksEnabled) return void 0;
  return [{ method: "PATCH", path: `${protectionPath(ctx)}/required_status_checks`, body: { checks } }];
}
function judgeBranch(ctx, state) {
  const findings = [];
  const b = ctx.branch;
  const protection = state.protection.ok ? state.protection.data : void 0;
  const rules = state.rules.ok ? state.rules.data : void 0;
  if (!state.protection.ok)
    findings.push(
      cannotCheck("branch-protection", `the branch protection of ${b}`, state.protection, NEEDS.administration)
    );
  if (!state.rules.ok)
    findings.push(cannotCheck("branch-rules", `the rulesets that apply to ${b}`, state.rules, NEEDS.administration));
  const required = [...protection?.checks ?? [], ...rules?.checks ?? []];
  const checkWhere = (name, app) => `Settings \u2192 Branches \u2192 Add branch protection rule (or edit the rule for ${b}) \u2192 tick "Require status checks to pass before merging" \u2192 search for ${quote(name)} and add it` + (app && ctx.appId !== void 0 ? `, then choose your Holdout app (id ${ctx.appId}) as its source instead of "Any source"` : "") + `. A check is listed there once it has run on a pull request. With rulesets instead: Settings \u2192 Rules \u2192 Rulesets \u2192 the ruleset for ${b} \u2192 "Require status checks to pass".`;
  for (const w of wanted(ctx)) {
    const matches = required.filter((c) => c.context === w.name);
    if (matches.length === 0) {
      if (protection === void 0 || rules === void 0) continue;
      const found = protection === null ? `${b} has no branch protection` : `the branch protection of ${b} requires ${protection.checks.length > 0 ? protection.checks.map((c) => quote(c.context)).join(", ") : "no status check"}`;
      const ruleNote = rules.checks.length > 0 ? `; its rulesets require ${rules.checks.map((c) => quote(c.context)).join(", ")}` : "";
      const api = requireChecksCalls(ctx, protection);
      findings.push({
        id: w.id,
        level: "error",
        title: `${b} does not require the check ${quote(w.name)}`,
        found: `${found}${ruleNote}`,
        why: w.why,
        fix: { where: checkWhere(w.name, w.app), ...api ? { api } : {} }
      });
      continue;
    }
    const sources = matches.map(describeSource).join("; ");
    if (w.app && ctx.appId !== void 0 && !matches.some((c) => c.appId === ctx.appId)) {
      const api = matches.some((c) => c.source === "branch protection") && protection ? requireChecksCalls(ctx, protection) : void 0;
      findings.push({
        id: w.id,
        level: "error",
        title: `${b} requires ${quote(w.name)} from another source than the Holdout app (id ${ctx.appId})`,
        found: `required by ${sources}`,
        why: "a fork's workflow could publish a check with the same name, and only the app it comes from tells the two apart.",
        fix: { where: checkWhere(w.name, true), ...api ? { api } : {} }
      });
      continue;
    }
    if (w.app && ctx.appId === void 0) {
      findings.push({
        id: `${w.id}-app`,
        level: "warning",
        title: `${quote(w.name)} is required, but not from a GitHub App of its own`,
        found: `required by ${sources}`,
        why: "the workflow token writes the check as the GitHub Actions app, which every approved workflow job holds too \u2014 a fork's included \u2014 so a job named like the check can turn it green.",
        fix: {
          where: `Create the Holdout GitHub App and give the report job its credentials (docs/organizers.md), require ${quote(w.name)} from that app, then run holdout doctor --app-id <the app's id>.`
        }
      });
      continue;
    }
    findings.push(
      ok(
        w.id,
        `${b} requires ${quote(w.name)}${w.app && ctx.appId !== void 0 ? ` from the Holdout app (id ${ctx.appId})` : ""}`,
        `required by ${sources}`
      )
    );
  }
  if (protection !== void 0 && rules !== void 0) {
    if (protection?.pullRequest || rules.pullRequest) {
      findings.push(ok("pull-request", `${b} takes changes through pull requests only`));
    } else {
      findings.push({
        id: "pull-request",
        level: "warning",
        title: `${b} does not require a pull request before merging`,
        found: protection === null ? `${b} has no branch protection and no ruleset asks for a pull request` : `the branch protection of ${b} does not require a pull request`,
        why: "anyone with write access can push to the branch directly, around the check.",
        fix: {
          where: `Settings \u2192 Branches \u2192 edit the rule for ${b} \u2192 tick "Require a pull request before merging".`,
          ...protection === null ? { api: requireChecksCalls(ctx, null) } : {}
        }
      });
    }
  }
  if (protection?.checks.some((c) => c.context === ctx.checkName)) {
    if (protection.enforceAdmins)
      findings.push(ok("enforce-admins", `the branch protection of ${b} binds administrators too`));
    else {
      findings.push({
        id: "enforce-admins",
        level: "warning",
        title: `administrators can bypass the branch protection of ${b}`,
        found: "enforce_admins is off",
        why: "an administrator can merge a pull request whose check has not passed, by mistake as easily as on purpose.",
        fix: {
          where: `Settings \u2192 Branches \u2192 edit the rule for ${b} \u2192 tick "Do not allow bypassing the above settings".`,
          api: [{ method: "POST", path: `${protectionPath(ctx)}/enforce_admins` }]
        }
      });
    }
  }
  return findings;
}

// src/doctor/runners.ts
var toRunner = (r) => ({
  id: r.id,
  name: r.name,
  labels: r.labels.map((l) => l.name),
  ...typeof r.ephemeral === "boolean" ? { ephemeral: r.ephemeral } : {}
});
async function readRunners(client, ctx) {
  const repoRunners = await probe(
    async () => (await client.paginate("GET /repos/{owner}/{repo}/actions/runners", {
      owner: ctx.owner,
      repo: ctx.repo,
      per_page: 100
    })).map(toRunner)
  );
  if (ctx.ownerType !== "Organization") return { repoRunners };
  const groups = await probe(async () => {
    const list = await client.paginate("GET /orgs/{org}/actions/runner-groups", {
      org: ctx.owner,
      visible_to_repository: ctx.repo,
      per_page: 100
    });
    const out = [];
    for (const g of list) {
      const runners = await probe(
        async () => (await client.paginate("GET /orgs/{org}/actions/runner-groups/{runner_group_id}/runners", {
          org: ctx.owner,
          runner_group_id: g.id,
          per_page: 100
        })).map(toRunner)
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
        runners
      });
    }
    return out;
  });
  return { repoRunners, groups };
}
function hasLabels(r, wanted2) {
  const have = new Set(r.labels.map((l) => l.toLowerCase()));
  return wanted2.every((l) => have.has(l.toLowerCase()));
}
function workflowRef(ctx, file) {
  return `${ctx.owner}/${ctx.repo}/${WORKFLOW_DIR}/${file}@refs/heads/${ctx.defaultBranch}`;
}
function allowedEntry(ctx, workflows, entry) {
  const m = /^([^/]+)\/([^/]+)\/(.+)@(.+)$/.exec(entry);
  if (!m) return false;
  const [, owner, repo, file, ref] = m;
  if (owner.toLowerCase() !== ctx.owner.toLowerCase() || repo.toLowerCase() !== ctx.repo.toLowerCase()) return false;
  if (!workflows.some((w) => file === `${WORKFLOW_DIR}/${w}`)) return false;
  return ref === ctx.defaultBranch || ref === `refs/heads/${ctx.defaultBranch}` || /^[0-9a-f]{40}$/.test(ref);
}
var names = (rs) => rs.map((r) => r.name).join(", ");
function judgeRunners(ctx, state, workflows) {
  const findings = [];
  const labels = ctx.runnerLabels.join(", ");
  const desired = workflows.map((w) => workflowRef(ctx, w));
  const evalRunners = [];
  if (!state.repoRunners.ok)
    findings.push(
      cannotCheck("repo-runners", "the repository's own self-hosted runners", state.repoRunners, NEEDS.administration)
    );
  else {
    const exposed = state.repoRunners.data.filter((r) => hasLabels(r, ctx.runnerLabels));
    evalRunners.push(...exposed);
    if (exposed.length > 0) {
      const move = ctx.ownerType === "Organization" ? `Settings \u2192 Actions \u2192 Runners \u2192 each of ${names(exposed)} \u2192 Remove; then register it again in the organization: Organization settings \u2192 Actions \u2192 Runner groups \u2192 New runner group (Repository access: ${ctx.repo} only; Workflow access: "Selected workflows": ${desired.join(", ")}) \u2192 New runner, in that group (./config.sh --url https://github.com/${ctx.owner} --runnergroup <group> --labels ${ctx.runnerLabels.filter((l) => l !== "self-hosted").join(",")} --ephemeral).` : `Workflow restrictions exist only for organization runner groups: transfer the repository to an organization (Settings \u2192 General \u2192 Danger Zone \u2192 Transfer ownership; the Free plan is enough), remove ${names(exposed)} here (Settings \u2192 Actions \u2192 Runners \u2192 Remove) and register them in an organization runner group restricted to ${desired.join(", ")}.`;
      findings.push({
        id: "repo-runners",
        level: "error",
        title: `runners with the labels ${labels} are registered on the repository itself, where no workflow restriction applies`,
        found: `${names(exposed)} (repository runners)`,
        why: "any workflow of the repository that asks for these labels gets them \u2014 an approved fork's included \u2014 and runs its own code outside any sandbox on the machine that holds the private data.",
        fix: { where: move }
      });
    }
  }
  if (state.groups && !state.groups.ok)
    findings.push(cannotCheck("runner-groups", "the organization's runner groups", state.groups, NEEDS.orgRunners));
  for (const g of state.groups?.ok ? state.groups.data : []) {
    if (!g.runners.ok) {
      findings.push(cannotCheck("runner-groups", `the runners of the group "${g.name}"`, g.runners, NEEDS.orgRunners));
      continue;
    }
    const ours = g.runners.data.filter((r) => hasLabels(r, ctx.runnerLabels));
    if (ours.length === 0) continue;
    evalRunners.push(...ours);
    const where = g.inherited ? `Enterprise settings \u2192 Policies \u2192 Actions \u2192 Runner groups \u2192 "${g.name}"` : `Organization settings \u2192 Actions \u2192 Runner groups \u2192 "${g.name}"`;
    const problems = [];
    let level = "warning";
    if (!g.restrictedToWorkflows) {
      problems.push("any workflow may use it (restricted_to_workflows: false)");
      level = "error";
    } else {
      const foreign = g.selectedWorkflows.filter((e) => !allowedEntry(ctx, workflows, e));
      if (foreign.length > 0) {
        problems.push(`it also admits ${foreign.join(", ")}`);
        level = "error";
      }
      const missing = workflows.filter((w) => !g.selectedWorkflows.some((e) => allowedEntry(ctx, [w], e)));
      if (missing.length > 0)
        problems.push(
          `it does not admit ${missing.map((w) => workflowRef(ctx, w)).join(", ")}, whose jobs will wait for a runner`
        );
    }
    if (!ctx.isPrivate && !g.allowsPublicRepositories) {
      problems.push(
        "it refuses public repositories (allows_public_repositories: false), so the evaluation job never gets its runners"
      );
      level = "error";
    }
    if (problems.length === 0) {
      findings.push(
        ok(
          "runner-group",
          `runners with the labels ${labels} (${names(ours)}) are in the group "${g.name}", restricted to the evaluation workflow${workflows.length > 1 ? "s" : ""}`,
          `selected workflows: ${g.selectedWorkflows.join(", ")}`
        )
      );
    } else {
      const readOnly = g.workflowRestrictionsReadOnly ? " The workflow restriction is set by the enterprise (workflow_restrictions_read_only): ask an enterprise owner to change it there." : "";
      findings.push({
        id: "runner-group",
        level,
        title: `the runner group "${g.name}" holding ${names(ours)} is not limited to the evaluation workflow${workflows.length > 1 ? "s" : ""}`,
        found: problems.join("; "),
        why: "a fork's approved workflow that asks for runs-on: [" + labels + "] would run its own code on the machine that holds the private data, outside any sandbox.",
        fix: {
          where: `${where} \u2192 Workflow access \u2192 "Selected workflows" \u2192 exactly ${desired.join(", ")}${!ctx.isPrivate ? ' \u2192 tick "Allow public repositories"' : ""} \u2192 Save.${g.name === "Default" ? " If other workflows need this group, move the evaluation runners into a runner group of their own and restrict that one instead." : ""}${readOnly}`,
          ...g.inherited ? {} : {
            api: [
              {
                method: "PATCH",
                path: `/orgs/${ctx.owner}/actions/runner-groups/${g.id}`,
                body: {
                  name: g.name,
                  restricted_to_workflows: true,
                  selected_workflows: desired,
                  allows_public_repositories: !ctx.isPrivate || g.allowsPublicRepositories
                }
              }
            ]
          }
        }
      });
    }
    if (g.visibility === "all") {
      findings.push({
        id: "runner-group-visibility",
        level: "warning",
        title: `the runner group "${g.name}" is open to every repository of the organization`,
        found: "visibility: all",
        why: "every repository of the organization can queue jobs on the machines that hold the private data; keep it to this repository unless that is intended.",
        fix: {
          where: `${where} \u2192 Repository access \u2192 "Selected repositories" \u2192 ${ctx.repo} \u2192 Save.`,
          ...g.inherited ? {} : {
            api: [
              {
                method: "PATCH",
                path: `/orgs/${ctx.owner}/actions/runner-groups/${g.id}`,
                body: { name: g.name, visibility: "selected" }
              },
              {
                method: "PUT",
                path: `/orgs/${ctx.owner}/actions/runner-groups/${g.id}/repositories`,
                body: { selected_repository_ids: [ctx.repoId] }
              }
            ]
          }
        }
      });
    }
  }
  const lasting = evalRunners.filter((r) => r.ephemeral === false);
  if (lasting.length > 0) {
    findings.push({
      id: "ephemeral-runners",
      level: "warning",
      title: `evaluation runners are not ephemeral: ${names(lasting)}`,
      found: "ephemeral: false",
      why: "a runner that outlives its job keeps what one job left behind (an image planted under the expected tag, files in its temp folders) for the next one.",
      fix: {
        where: `Register the evaluation runners with ./config.sh --ephemeral (one job each, then a fresh machine or container), e.g. with Actions Runner Controller or a just-in-time configuration (POST /${ctx.ownerType === "Organization" ? `orgs/${ctx.owner}` : `repos/${ctx.owner}/${ctx.repo}`}/actions/runners/generate-jitconfig).`
      }
    });
  }
  const looked = state.repoRunners.ok && (!state.groups || state.groups.ok);
  if (looked && evalRunners.length === 0) {
    findings.push({
      id: "runners",
      level: "warning",
      title: `no self-hosted runner with the labels ${labels} is available to this repository`,
      found: `none among the repository runners${state.groups ? " and the runner groups this repository may use" : ""}`,
      why: "the evaluation job waits for such a runner, so no submission is evaluated until one is registered.",
      fix: {
        where: ctx.ownerType === "Organization" ? `Organization settings \u2192 Actions \u2192 Runner groups \u2192 New runner group (Repository access: ${ctx.repo} only; Workflow access: "Selected workflows": ${desired.join(", ")}) \u2192 New runner with the labels ${labels}, registered with --ephemeral.` : "Move the repository to an organization and register the runners in a runner group restricted to the evaluation workflow (see docs/organizers.md)."
      }
    });
  }
  return findings;
}

// src/doctor/doctor.ts
var DoctorUsageError = class extends Error {
  name = "DoctorUsageError";
};
var DoctorUnreachableError = class extends Error {
  name = "DoctorUnreachableError";
};
async function readRepository(client, options, apiUrl) {
  const full = `${options.owner}/${options.repo}`;
  try {
    const { data } = await client.request("GET /repos/{owner}/{repo}", {
      owner: options.owner,
      repo: options.repo,
      request: { retries: 0 }
    });
    return {
      ...options,
      owner: data.owner.login,
      repo: data.name,
      branch: options.branch ?? data.default_branch,
      defaultBranch: data.default_branch,
      repoId: Number(data.id),
      ownerType: data.owner.type === "Organization" ? "Organization" : "User",
      isPrivate: data.private || data.visibility === "internal"
    };
  } catch (e) {
    const status = httpStatus(e);
    const message = messageOf2(e);
    if (status === 401)
      throw new DoctorUsageError(
        `GitHub refused the token (401 ${message}): set GITHUB_TOKEN or GH_TOKEN to a valid token`
      );
    if (status === 403 || status === 404)
      throw new DoctorUsageError(
        `${full} was not found, or the token cannot see it (${status}): check --repo and the repositories the token may access`
      );
    throw new DoctorUnreachableError(
      `could not reach the GitHub API at ${apiUrl} (${message}): check GITHUB_API_URL and the network, then run holdout doctor again`
    );
  }
}
async function runDoctor(client, options, apiUrl) {
  const ctx = await readRepository(client, options, apiUrl);
  const branch = await readBranch(client, ctx);
  const actions = await readActions(client, ctx);
  const runners = await readRunners(client, ctx);
  return {
    repository: `${ctx.owner}/${ctx.repo}`,
    branch: ctx.branch,
    findings: [
      ...judgeBranch(ctx, branch),
      ...judgeActions(ctx, actions),
      ...judgeRunners(ctx, runners, evaluationWorkflows(actions))
    ]
  };
}
export {
  DoctorUnreachableError,
  DoctorUsageError,
  runDoctor
};
