/**
 * `holdout check-env [--base REF]`: the package-request verdict on this machine,
 * before a pull request is opened. Compares the environment files on disk with
 * those on the base ref (default: the default branch), applies the competition's
 * package policy and solves both environments. Exit code: 0 pass, 1 something to
 * fix, 2 usage or configuration, 3 could not be judged (e.g. a channel is down).
 *
 * The output is in the order a person acts on it: what changed, what to fix (file:line),
 * then the solver's status, the verdict, and — when the solver could not run — how to
 * check without it. A flavor whose file is the base's is not solved (nothing new).
 */
import { loadCompetition } from '../../config/load.js';
import { ConfigError, EXIT, UsageError } from '../../errors.js';
import type { PackageRequestAnalysis } from '../../runtime/package-request/analysis.js';
import { formatFinding } from '../../runtime/package-request/findings.js';

interface CheckEnvFlags {
  base?: string;
  competition: string;
  json?: boolean;
  solve: boolean;
  organizer?: boolean;
}

/** `holdout check-env`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(flags: CheckEnvFlags): Promise<void> {
  // Loaded here: the analysis brings the conda solver (WebAssembly), which other commands never need.
  const { analyzePackageRequest } = await import('../../runtime/package-request/analysis.js');
  const { environmentVersions, GitBaseError } = await import('../../runtime/package-request/git-base.js');

  const { dir, config } = await loadCompetition(flags.competition);
  let env: Awaited<ReturnType<typeof environmentVersions>>;
  try {
    env = await environmentVersions(dir, config.runtime, flags.base);
  } catch (e) {
    if (e instanceof GitBaseError) throw new UsageError(e.message);
    throw e;
  }
  if (!env) {
    throw new ConfigError(
      'competition.yml sets no runtime.cpu.environment or runtime.gpu.environment, so there are no environment files to check',
    );
  }
  const { ref, files, versions } = env;

  if (!flags.json) process.stderr.write(`holdout: checking ${files.join(' and ')} against ${ref}\n`);
  const analysis = await analyzePackageRequest({
    ...versions,
    policy: config.runtime.packages,
    removalsAllowed: flags.organizer === true,
    solve: flags.solve ? undefined : false,
  });

  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ base: ref, ...analysis }, null, 2)}\n`);
  } else {
    process.stdout.write(formatCheckEnv(analysis, flags.base));
  }
  process.exitCode =
    analysis.verdict === 'pass' ? EXIT.success : analysis.verdict === 'fail' ? EXIT.failed : EXIT.error;
}

/** The human form of the analysis, ending with a newline. Pure. */
export function formatCheckEnv(analysis: PackageRequestAnalysis, base?: string): string {
  const out: string[] = [];
  if (analysis.changes.length > 0) {
    out.push('changes:');
    for (const c of analysis.changes)
      out.push(`  ${c.flavor}  ${c.kind.padEnd(7)}  ${c.before ?? '—'} → ${c.after ?? '—'}`);
  }
  for (const f of analysis.findings) out.push(formatFinding(f));
  // Both flavors usually end the same way (one channel down): one line for both.
  const byDetail = new Map<string, string[]>();
  for (const [flavor, solve] of Object.entries(analysis.solves)) {
    const detail =
      solve.verdict === 'solved'
        ? `solved (${solve.packages.length} packages)`
        : solve.verdict === 'skipped'
          ? `skipped: ${solve.reason}`
          : solve.verdict === 'error'
            ? `error: ${solve.message}`
            : 'conflict (see the finding above)';
    byDetail.set(detail, [...(byDetail.get(detail) ?? []), flavor]);
  }
  for (const [detail, flavors] of byDetail) out.push(`solver ${flavors.join(' and ')}: ${detail}`);
  const seconds = `(${analysis.seconds.toFixed(1)} s)`;
  const solverDown = Object.values(analysis.solves).some((s) => s.verdict === 'error');
  if (analysis.verdict === 'error') {
    // The reason is on the solver line just above: not a third time.
    const what = `${analysis.changes.length} package change${analysis.changes.length === 1 ? '' : 's'}`;
    out.push(`error: ${what}; the policy checks passed, but the environments could not be solved ${seconds}`);
  } else {
    out.push(`${analysis.verdict}: ${analysis.summary} ${seconds}`);
  }
  if (solverDown) {
    out.push(
      `hint: the solver needs the conda channels, and they did not answer here: run holdout check-env --no-solve${base === undefined ? '' : ` --base ${base}`} to check syntax and policy only ` +
        `(the pull request's check solves again where the channels answer)`,
    );
  }
  return `${out.join('\n')}\n`;
}
