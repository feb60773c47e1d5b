/**
 * No host path of the runner in what leaves it.
 *
 * The result file is a downloadable artifact and becomes a public comment. The
 * pipeline's reproduce lines name the runner's folders — the staged submission
 * under RUNNER_TEMP, the private data folder, the competition checkout — which
 * tell an outsider where the private data lives and how the runner is laid out,
 * and help nobody reproduce anything. Here they become placeholders:
 *
 *   docker run … --mount type=bind,source=<submission>,target=/code_execution,readonly
 *                --mount type=bind,source=<data>,target=/code_execution/data,readonly …
 *   holdout test submissions/alice --competition . --dataset test
 *
 * The folders are found in the report itself (the mounts' sources, the
 * --competition argument) and in the runner's environment (RUNNER_TEMP,
 * GITHUB_WORKSPACE, HOME); every string of the report is then rewritten, so a
 * message that quotes a path (an image build log's location) is covered too.
 * Pure, given the environment.
 */
import os from 'node:os';
import path from 'node:path';
import type { RunReport } from '../report/report.js';
import { shellQuote, SUBMISSION_SOURCE } from '../sandbox/spec.js';
import { HARNESS_MOUNT } from '../harness/location.js';

export const SUBMISSION_PLACEHOLDER = '<submission>';
export const DATA_PLACEHOLDER = '<data>';
export const COMPETITION_PLACEHOLDER = '<competition>';
/** Holdout's own harness/ folder (harnessed kinds): where the action is installed on the runner. */
export const HARNESS_PLACEHOLDER = '<harness>';

export interface HostPath {
  path: string;
  placeholder: string;
}

export interface HostEnvironment {
  runnerTemp?: string | undefined;
  workspace?: string | undefined;
  home?: string | undefined;
}

export function hostEnvironment(env: NodeJS.ProcessEnv = process.env): HostEnvironment {
  return { runnerTemp: env.RUNNER_TEMP, workspace: env.GITHUB_WORKSPACE, home: env.HOME || os.homedir() };
}

/** The report with every host path replaced by its placeholder. */
export function withoutHostPaths(report: RunReport, env: HostEnvironment = hostEnvironment()): RunReport {
  const docker = report.reproduce.docker === null ? null : rewriteDockerLine(report.reproduce.docker);
  const holdout = rewriteHoldoutLine(report.reproduce.holdout, env.workspace);
  const paths: HostPath[] = [...(docker?.paths ?? []), ...holdout.paths];
  if (env.runnerTemp) paths.push({ path: env.runnerTemp, placeholder: '<runner-temp>' });
  if (env.workspace) paths.push({ path: env.workspace, placeholder: '.' });
  if (env.home) paths.push({ path: env.home, placeholder: '~' });
  const scrub = scrubber(paths);
  return {
    ...report,
    message: scrub(report.message),
    hint: scrub(report.hint),
    image: report.image === null ? null : scrub(report.image),
    log: { ...report.log, head: report.log.head.map(scrub), tail: report.log.tail.map(scrub) },
    reproduce: { holdout: scrub(holdout.line), docker: docker === null ? null : scrub(docker.line) },
    problems: report.problems.map(scrub),
  };
}

/**
 * `docker run …` with each bind mount's source replaced: the one mounted at the
 * --workdir (or at SUBMISSION_SOURCE, beside a working copy) is the submission, the
 * next is the data (spec.ts's order), any other a host folder.
 */
export function rewriteDockerLine(line: string): { line: string; paths: HostPath[] } {
  const words = shellWords(line);
  if (!words) return { line, paths: [] };
  const workdir = words[words.indexOf('--workdir') + 1];
  const paths: HostPath[] = [];
  let others = 0;
  const out = words.map((word, i) => {
    if (words[i - 1] !== '--mount') return word;
    const parts = word.split(',');
    const source = parts.findIndex((p) => p.startsWith('source=') || p.startsWith('src='));
    if (source < 0) return word;
    const hostPath = parts[source]!.slice(parts[source]!.indexOf('=') + 1);
    const target = parts
      .find((p) => p.startsWith('target=') || p.startsWith('dst=') || p.startsWith('destination='))
      ?.split('=')[1];
    // The submission is mounted at the workdir, or beside a writable working copy (SUBMISSION_SOURCE).
    const placeholder =
      target !== undefined && (target === workdir || target === SUBMISSION_SOURCE)
        ? SUBMISSION_PLACEHOLDER
        : target === HARNESS_MOUNT
          ? HARNESS_PLACEHOLDER
          : others++ === 0
            ? DATA_PLACEHOLDER
            : '<host-folder>';
    paths.push({ path: hostPath, placeholder });
    parts[source] = `source=${placeholder}`;
    return parts.join(',');
  });
  return { line: shellQuote(out), paths };
}

/** `holdout test … --competition <dir>` with the folder made relative to the workspace (else a placeholder). */
export function rewriteHoldoutLine(line: string, workspace: string | undefined): { line: string; paths: HostPath[] } {
  const words = shellWords(line);
  const at = words ? words.indexOf('--competition') + 1 : 0;
  if (!words || at === 0 || at >= words.length) return { line, paths: [] };
  const dir = words[at]!;
  if (!path.isAbsolute(dir)) return { line, paths: [] };
  const relative = workspace ? path.relative(workspace, dir) : '..';
  const placeholder =
    relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? COMPETITION_PLACEHOLDER : relative;
  words[at] = placeholder;
  return { line: shellQuote(words), paths: [{ path: dir, placeholder }] };
}

/**
 * Replace each path where it stands as a whole path (not inside a longer name),
 * longest first so a folder inside another gets its own placeholder.
 */
export function scrubber(paths: HostPath[]): (text: string) => string {
  const usable = paths
    .map((p) => ({ ...p, path: p.path.replace(/(.)\/+$/, '$1') }))
    .filter((p) => path.isAbsolute(p.path) && p.path.length > 1);
  usable.sort((a, b) => b.path.length - a.path.length);
  if (usable.length === 0) return (text) => text;
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Not preceded by a path character, not followed by a name character: a whole path or a prefix folder of one.
  const pattern = new RegExp(`(?<![\\w./-])(${usable.map((p) => literal(p.path)).join('|')})(?![\\w.-])`, 'g');
  const byPath = new Map<string, string>();
  for (const p of usable) if (!byPath.has(p.path)) byPath.set(p.path, p.placeholder);
  return (text) => text.replace(pattern, (match) => byPath.get(match) ?? match);
}

/**
 * Split a line as a POSIX shell would, for the quoting shellQuote writes (bare
 * words, '…' with '\'' inside). undefined when the line is not of that form.
 */
export function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
