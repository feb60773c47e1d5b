/**
 * `holdout doctor --repo owner/name`: checks through the GitHub API the
 * repository settings the competition's gate depends on (branch protection,
 * fork approval, the workflow token, the runners that hold the private data)
 * and prints, for each, what to change. The token comes from GITHUB_TOKEN or
 * GH_TOKEN, the API from GITHUB_API_URL (GitHub Enterprise).
 * Exit code: 0 no error (warnings allowed), 1 settings to fix, 2 usage, 3 GitHub unreachable.
 */
import { EXIT, UsageError } from '../../errors.js';

interface DoctorFlags {
  repo: string;
  branch?: string;
  check: string;
  packageCheck: string | false;
  appId?: string;
  runnerLabels: string;
  json?: boolean;
}

/** `holdout doctor`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(flags: DoctorFlags): Promise<void> {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(flags.repo);
  if (!m) throw new UsageError(`--repo: "${flags.repo}" is not owner/name (e.g. octo-org/competition)`);
  let appId: number | undefined;
  if (flags.appId !== undefined) {
    appId = Number(flags.appId);
    if (!/^[1-9][0-9]*$/.test(flags.appId))
      throw new UsageError(
        `--app-id: "${flags.appId}" is not an app id (a positive number, shown in the app's settings under About)`,
      );
  }
  const runnerLabels = flags.runnerLabels
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  if (runnerLabels.length === 0)
    throw new UsageError('--runner-labels: give at least one label (e.g. self-hosted,gpu)');
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token)
    throw new UsageError(
      'no token: set GITHUB_TOKEN or GH_TOKEN to a token that may read the repository\'s administration settings (see docs/organizers.md, "holdout doctor")',
    );
  const apiUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');

  // Loaded here: only this command talks to GitHub.
  const { createClient } = await import('../../github/octokit.js');
  const { runDoctor, DoctorUnreachableError, DoctorUsageError } = await import('../../doctor/doctor.js');
  const { counts, exitCodeOf, formatReport } = await import('../../doctor/finding.js');

  const client = createClient({
    token,
    baseUrl: apiUrl,
    warn: (message) => process.stderr.write(`holdout: ${message}\n`),
  });
  let report: Awaited<ReturnType<typeof runDoctor>>;
  try {
    report = await runDoctor(
      client,
      {
        owner: m[1]!,
        repo: m[2]!,
        ...(flags.branch ? { branch: flags.branch } : {}),
        checkName: flags.check,
        packageCheck: flags.packageCheck,
        ...(appId !== undefined ? { appId } : {}),
        runnerLabels,
      },
      apiUrl,
    );
  } catch (e) {
    if (e instanceof DoctorUsageError) throw new UsageError(e.message);
    if (e instanceof DoctorUnreachableError) {
      process.stderr.write(`holdout: ${e.message}\n`);
      process.exitCode = EXIT.error;
      return;
    }
    throw e;
  }
  const exitCode = exitCodeOf(report.findings);
  if (flags.json)
    process.stdout.write(
      `${JSON.stringify({ ...report, summary: counts(report.findings), exit_code: exitCode }, null, 2)}\n`,
    );
  else process.stdout.write(formatReport(report));
  process.exitCode = exitCode;
}
