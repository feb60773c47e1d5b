/**
 * Package-request analysis: the base and head versions of both environment files
 * in, a verdict out, in seconds and without building anything.
 *
 *   parse (environment-file.ts) → diff (package-diff.ts) → policy (policy.ts) → solve (solve.ts)
 *
 * Verdict: `fail` when the request has something to fix (a finding, a conflict),
 * `error` when we could not judge it (a channel down), `pass` otherwise.
 */
import type { Flavor, PackagePolicy } from '../../config/runtime.js';
import { parseEnvironmentFile, type EnvironmentFile } from './environment-file.js';
import type { Finding } from './findings.js';
import { diffEnvironments, type PackageChange } from './package-diff.js';
import { checkFile, checkParity, checkRemovals, solverChannels } from './policy.js';
import { solveEnvironment, type SolveResult } from './solve.js';

/** One environment file on both sides; `undefined` text: the file does not exist there. */
export interface EnvironmentFileVersions {
  file: string;
  base: string | undefined;
  head: string | undefined;
}

export interface PackageRequestInput {
  cpu?: EnvironmentFileVersions;
  gpu?: EnvironmentFileVersions;
  policy: PackagePolicy;
  /** True when the author is an organizer (may remove packages). */
  removalsAllowed: boolean;
  /** Skip the solver (policy and syntax only). Default: runtime.packages.solve. */
  solve?: boolean;
}

export type FlavorSolve = SolveResult | { verdict: 'skipped'; reason: string };

export interface PackageRequestAnalysis {
  verdict: 'pass' | 'fail' | 'error';
  /** One line for a check run title or a CLI summary. */
  summary: string;
  findings: Finding[];
  changes: PackageChange[];
  solves: Partial<Record<Flavor, FlavorSolve>>;
  seconds: number;
}

export async function analyzePackageRequest(input: PackageRequestInput): Promise<PackageRequestAnalysis> {
  const started = performance.now();
  const findings: Finding[] = [];
  const changes: PackageChange[] = [];
  const heads: Partial<Record<Flavor, EnvironmentFile>> = {};
  /** Flavors whose packages and channels are those of the base: nothing new to solve. */
  const unchanged = new Set<Flavor>();
  const flavors = (['cpu', 'gpu'] as const).filter((f) => input[f] !== undefined);

  for (const flavor of flavors) {
    const versions = input[flavor]!;
    const head = read(versions.head, versions.file, findings, true);
    // Problems of the base version are not the author's: read it for the diff only.
    const base = read(versions.base, versions.file, [], false);
    if (!head) continue;
    heads[flavor] = head;
    findings.push(...checkFile(head, flavor, input.policy));
    // A file that did not parse fully would show its unreadable lines as removals: fix it first.
    if (base && head.parsedCleanly) findings.push(...checkRemovals(base, head, input.removalsAllowed));
    const diff = diffEnvironments(base, head, flavor);
    changes.push(...diff);
    if (base?.parsedCleanly && head.parsedCleanly && diff.length === 0 && sameChannels(base, head))
      unchanged.add(flavor);
  }
  if (heads.cpu?.parsedCleanly && heads.gpu?.parsedCleanly)
    findings.push(...checkParity(heads.cpu, heads.gpu, input.policy));

  const solves: Partial<Record<Flavor, FlavorSolve>> = {};
  const solveWanted = input.solve ?? input.policy.solve;
  for (const flavor of flavors) {
    const head = heads[flavor];
    solves[flavor] = unchanged.has(flavor)
      ? { verdict: 'skipped', reason: NOTHING_CHANGED }
      : await solveFlavor(head, flavor, solveWanted, input.policy, findings);
    const solved = solves[flavor];
    if (head && solved.verdict === 'conflict') findings.push(conflictFinding(head, solved.message, changes));
  }

  const ordered = findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const errors = Object.values(solves).filter((s) => s.verdict === 'error');
  const verdict = ordered.length > 0 ? 'fail' : errors.length > 0 ? 'error' : 'pass';
  return {
    verdict,
    summary: summarize(verdict, ordered, changes, Object.values(solves)),
    findings: ordered,
    changes,
    solves,
    seconds: (performance.now() - started) / 1000,
  };
}

function read(
  text: string | undefined,
  file: string,
  findings: Finding[],
  isHead: boolean,
): EnvironmentFile | undefined {
  if (text === undefined) {
    if (isHead)
      findings.push({
        rule: 'invalid_file',
        file,
        line: 1,
        message: `${file} is missing; the competition's runtime needs it (restore it from the base branch)`,
      });
    return undefined;
  }
  const parsed = parseEnvironmentFile(text, file);
  findings.push(...parsed.findings);
  return parsed.env;
}

async function solveFlavor(
  head: EnvironmentFile | undefined,
  flavor: Flavor,
  wanted: boolean,
  policy: PackagePolicy,
  findings: Finding[],
): Promise<FlavorSolve> {
  if (!wanted)
    return { verdict: 'skipped', reason: 'the solver is turned off (runtime.packages.solve: false or --no-solve)' };
  if (!head?.parsedCleanly)
    return { verdict: 'skipped', reason: 'the file has problems to fix first (see the findings)' };
  if (findings.some((f) => f.file === head.file && f.rule === 'channel_not_allowed')) {
    return { verdict: 'skipped', reason: 'the file names a channel that is not allowed' };
  }
  const specs = head.dependencies.filter((d) => d.manager === 'conda').map((d) => d.spec);
  const virtualPackages =
    flavor === 'gpu' ? { ...policy.virtual_packages, __cuda: policy.cuda_version } : policy.virtual_packages;
  return solveEnvironment({
    specs,
    channels: solverChannels(head, policy),
    platform: policy.platform,
    timeoutSeconds: policy.solve_timeout,
    virtualPackages,
  });
}

/** Point a conflict at the changed package the solver's explanation names first, else at `dependencies:`. */
function conflictFinding(head: EnvironmentFile, message: string, changes: PackageChange[]): Finding {
  const firstMention = (name: string) => {
    const m = new RegExp(`(^|[\\s─:])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`, 'm').exec(message);
    return m ? m.index : Infinity;
  };
  const culprit = changes
    .filter((c) => c.file === head.file && c.kind !== 'removed' && c.manager === 'conda')
    .map((c) => ({ change: c, at: firstMention(c.name) }))
    .filter((c) => c.at !== Infinity)
    .sort((a, b) => a.at - b.at)[0]?.change;
  const line = culprit?.line ?? head.dependenciesLine;
  return {
    rule: 'conflict',
    file: head.file,
    line,
    message: `no set of packages satisfies this file${culprit ? ` (look at ${culprit.name})` : ''}; change the versions the solver names below:\n${message}`,
  };
}

/** Why a flavor was not solved when its file is the base's. */
export const NOTHING_CHANGED = 'no package or channel changed against the base, so there is nothing new to solve';

function summarize(
  verdict: PackageRequestAnalysis['verdict'],
  findings: Finding[],
  changes: PackageChange[],
  solves: FlavorSolve[],
): string {
  const what = `${changes.length} package change${changes.length === 1 ? '' : 's'}`;
  if (verdict === 'pass') {
    const skipped = [...new Set(solves.flatMap((s) => (s.verdict === 'skipped' ? [s.reason] : [])))];
    if (skipped.length === 0) return `${what}; policy checks passed and the environments solve`;
    if (skipped.length === 1 && skipped[0] === NOTHING_CHANGED && solves.some((s) => s.verdict === 'solved')) {
      return `${what}; policy checks passed and the changed environment solves`;
    }
    // Say why nothing (or not everything) was solved, rather than claim it solves.
    return `${what}; policy checks passed; not solved: ${skipped.join('; ')}`;
  }
  if (verdict === 'fail') return `${what}; ${findings.length} problem${findings.length === 1 ? '' : 's'} to fix`;
  // Both flavors usually fail the same way (one unreachable channel): say it once.
  const reasons = [...new Set(solves.map((e) => (e.verdict === 'error' ? e.message : '')).filter(Boolean))];
  return `${what}; could not be judged: ${reasons.join('; ')}`;
}

function sameChannels(a: EnvironmentFile, b: EnvironmentFile): boolean {
  return a.channels.map((c) => c.name).join('\n') === b.channels.map((c) => c.name).join('\n');
}
