import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  EXIT,
  UsageError
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/doctor.ts
async function run(flags) {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(flags.repo);
  if (!m) throw new UsageError(`--repo: "${flags.repo}" is not owner/name (e.g. octo-org/competition)`);
  let appId;
  if (flags.appId !== void 0) {
    appId = Number(flags.appId);
    if (!/^[1-9][0-9]*$/.test(flags.appId))
      throw new UsageError(
        `--app-id: "${flags.appId}" is not an app id (a positive number, shown in the app's settings under About)`
      );
  }
  const runnerLabels = flags.runnerLabels.split(",").map((l) => l.trim()).filter(Boolean);
  if (runnerLabels.length === 0)
    throw new UsageError("--runner-labels: give at least one label (e.g. self-hosted,gpu)");
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token)
    throw new UsageError(
      `no token: set GITHUB_TOKEN or GH_TOKEN to a token that may read the repository's administration settings (see docs/organizers.md, "holdout doctor")`
    );
  const apiUrl = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const { createClient } = await import("./octokit-IMLPDAEB.js");
  const { runDoctor, DoctorUnreachableError, DoctorUsageError } = await import("./doctor-JRQY5JF4.js");
  const { counts, exitCodeOf, formatReport } = await import("./finding-AMCQI7RS.js");
  const client = createClient({
    token,
    baseUrl: apiUrl,
    warn: (message) => process.stderr.write(`holdout: ${message}
`)
  });
  let report;
  try {
    report = await runDoctor(
      client,
      {
        owner: m[1],
        repo: m[2],
        ...flags.branch ? { branch: flags.branch } : {},
        checkName: flags.check,
        packageCheck: flags.packageCheck,
        ...appId !== void 0 ? { appId } : {},
        runnerLabels
      },
      apiUrl
    );
  } catch (e) {
    if (e instanceof DoctorUsageError) throw new UsageError(e.message);
    if (e instanceof DoctorUnreachableError) {
      process.stderr.write(`holdout: ${e.message}
`);
      process.exitCode = EXIT.error;
      return;
    }
    throw e;
  }
  const exitCode = exitCodeOf(report.findings);
  if (flags.json)
    process.stdout.write(
      `${JSON.stringify({ ...report, summary: counts(report.findings), exit_code: exitCode }, null, 2)}
`
    );
  else process.stdout.write(formatReport(report));
  process.exitCode = exitCode;
}
export {
  run
};
