import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  formatFinding
} from "./chunk-TXPZCR5H.js";
import {
  loadCompetition
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
import {
  ConfigError,
  EXIT,
  UsageError
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/check-env.ts
async function run(flags) {
  const { analyzePackageRequest } = await import("./analysis-MDVHWQZS.js");
  const { environmentVersions, GitBaseError } = await import("./git-base-V4TVX4YQ.js");
  const { dir, config } = await loadCompetition(flags.competition);
  let env;
  try {
    env = await environmentVersions(dir, config.runtime, flags.base);
  } catch (e) {
    if (e instanceof GitBaseError) throw new UsageError(e.message);
    throw e;
  }
  if (!env) {
    throw new ConfigError(
      "competition.yml sets no runtime.cpu.environment or runtime.gpu.environment, so there are no environment files to check"
    );
  }
  const { ref, files, versions } = env;
  if (!flags.json) process.stderr.write(`holdout: checking ${files.join(" and ")} against ${ref}
`);
  const analysis = await analyzePackageRequest({
    ...versions,
    policy: config.runtime.packages,
    removalsAllowed: flags.organizer === true,
    solve: flags.solve ? void 0 : false
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ base: ref, ...analysis }, null, 2)}
`);
  } else {
    process.stdout.write(formatCheckEnv(analysis, flags.base));
  }
  process.exitCode = analysis.verdict === "pass" ? EXIT.success : analysis.verdict === "fail" ? EXIT.failed : EXIT.error;
}
function formatCheckEnv(analysis, base) {
  const out = [];
  if (analysis.changes.length > 0) {
    out.push("changes:");
    for (const c of analysis.changes)
      out.push(`  ${c.flavor}  ${c.kind.padEnd(7)}  ${c.before ?? "\u2014"} \u2192 ${c.after ?? "\u2014"}`);
  }
  for (const f of analysis.findings) out.push(formatFinding(f));
  const byDetail = /* @__PURE__ */ new Map();
  for (const [flavor, solve] of Object.entries(analysis.solves)) {
    const detail = solve.verdict === "solved" ? `solved (${solve.packages.length} packages)` : solve.verdict === "skipped" ? `skipped: ${solve.reason}` : solve.verdict === "error" ? `error: ${solve.message}` : "conflict (see the finding above)";
    byDetail.set(detail, [...byDetail.get(detail) ?? [], flavor]);
  }
  for (const [detail, flavors] of byDetail) out.push(`solver ${flavors.join(" and ")}: ${detail}`);
  const seconds = `(${analysis.seconds.toFixed(1)} s)`;
  const solverDown = Object.values(analysis.solves).some((s) => s.verdict === "error");
  if (analysis.verdict === "error") {
    const what = `${analysis.changes.length} package change${analysis.changes.length === 1 ? "" : "s"}`;
    out.push(`error: ${what}; the policy checks passed, but the environments could not be solved ${seconds}`);
  } else {
    out.push(`${analysis.verdict}: ${analysis.summary} ${seconds}`);
  }
  if (solverDown) {
    out.push(
      `hint: the solver needs the conda channels, and they did not answer here: run holdout check-env --no-solve${base === void 0 ? "" : ` --base ${base}`} to check syntax and policy only (the pull request's check solves again where the channels answer)`
    );
  }
  return `${out.join("\n")}
`;
}
export {
  formatCheckEnv,
  run
};
