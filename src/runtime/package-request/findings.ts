/** A problem in a package request, pinned to a file and line so a participant can fix it. */

export const FINDING_RULES = [
  /** The file is not a conda environment file we can read (YAML error, not a mapping, wrong types). */
  'invalid_file',
  /** The file is larger than an environment file ever needs to be. */
  'too_large',
  /** A spec that conda (or pip) cannot parse. */
  'bad_spec',
  /** A spec that does not name exactly one version. */
  'unpinned',
  /** The same package listed twice. */
  'duplicate',
  /** A channel outside runtime.packages.allowed_channels. */
  'channel_not_allowed',
  /** CPU and GPU files disagree on a package that is not GPU-only. */
  'drift',
  /** A GPU-only package in the CPU file. */
  'gpu_only_in_cpu',
  /** A package removed by someone who is not an organizer. */
  'removal',
  /** The solver found no set of packages that satisfies the file. */
  'conflict',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export interface Finding {
  rule: FindingRule;
  /** The file, as named in competition.yml (e.g. environment-cpu.yml). */
  file: string;
  /** 1-based line; for a removal, the line on the base branch. */
  line: number;
  /** What is wrong and what to do, in one or two sentences. */
  message: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.message} [${f.rule}]`;
}
