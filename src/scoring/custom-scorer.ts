/**
 * An organizer's own scoring command, run in a container of its own.
 *
 * It reads participant predictions, so it gets the sandbox treatment too: no network,
 * read-only root filesystem, non-root user, no capabilities, no privilege gain, memory,
 * PID and time limits. Labels and predictions are mounted read-only (and the competition
 * folder, for the script itself); their paths arrive in HOLDOUT_LABELS and HOLDOUT_PREDICTIONS.
 *
 * It prints its scores as JSON on the last line of stdout: {"scores": {"name": 0.93, ...}}.
 * Anything else (a crash, no JSON, NaN, a missing score, too slow) is an `error` of the
 * platform, never the participant's failure.
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { z } from 'zod';
import type { CustomScorerSection } from '../config/scoring.js';

export const LABELS_IN_CONTAINER = '/scoring/labels.csv';
export const PREDICTIONS_IN_CONTAINER = '/scoring/predictions.csv';
export const COMPETITION_IN_CONTAINER = '/competition';
/** Most bytes of stderr (the scorer's log) kept. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface CustomScorerRun {
  config: CustomScorerSection;
  image: string;
  competitionDir: string;
  labelsPath: string;
  predictionsPath: string;
}

export type CustomScorerResult = { ok: true; scores: Record<string, number> } | { ok: false; message: string; hint: string };

const outputSchema = z
  .object({ scores: z.record(z.string(), z.number().refine(Number.isFinite, 'must be a finite number')) })
  .strict();

/** The `docker run` arguments; exported so the report can show the exact command. */
export function customScorerArgs(run: CustomScorerRun, containerName: string): string[] {
  return [
    'run',
    '--rm',
    '--name',
    containerName,
    '--label',
    'holdout.role=scorer',
    '--network',
    'none',
    '--read-only',
    '--user',
    run.config.user,
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    '2g',
    '--memory-swap',
    '2g',
    '--pids-limit',
    '256',
    '--tmpfs',
    '/tmp:rw,nosuid,nodev,size=256m',
    '--mount',
    `type=bind,source=${run.labelsPath},target=${LABELS_IN_CONTAINER},readonly`,
    '--mount',
    `type=bind,source=${run.predictionsPath},target=${PREDICTIONS_IN_CONTAINER},readonly`,
    '--mount',
    `type=bind,source=${run.competitionDir},target=${COMPETITION_IN_CONTAINER},readonly`,
    '--workdir',
    COMPETITION_IN_CONTAINER,
    '--env',
    `HOLDOUT_LABELS=${LABELS_IN_CONTAINER}`,
    '--env',
    `HOLDOUT_PREDICTIONS=${PREDICTIONS_IN_CONTAINER}`,
    run.image,
    ...run.config.command,
  ];
}

/** Check the scorer's last stdout line; exported for unit tests of the schema. */
export function parseScorerOutput(stdout: string, expected: readonly string[]): CustomScorerResult {
  const hint = 'Fix the custom scorer (scoring.custom in competition.yml): it must print {"scores": {"<name>": <number>, …}} as the last line of stdout, with every name listed in scoring.custom.metrics.';
  const last = stdout.trimEnd().split('\n').pop()?.trim() ?? '';
  if (last === '') return { ok: false, message: 'The custom scorer printed nothing on stdout.', hint };
  if (/\b(-?Infinity|NaN)\b/.test(last)) return { ok: false, message: `The custom scorer printed a score that is not a finite number: ${last.slice(0, 200)}`, hint };
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    return { ok: false, message: `The custom scorer's last line of output is not JSON: ${last.slice(0, 200)}`, hint };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('scores' in json)) {
    return { ok: false, message: `The custom scorer's output has no "scores" object: ${last.slice(0, 200)}`, hint };
  }
  const parsed = outputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `The custom scorer's output does not match {"scores": {...}}: ${[...issue.path.map(String), issue.message].join(': ')}`, hint };
  }
  const missing = expected.filter((name) => !(name in parsed.data.scores));
  if (missing.length > 0) return { ok: false, message: `The custom scorer did not print ${missing.map((m) => `"${m}"`).join(', ')}.`, hint };
  return { ok: true, scores: parsed.data.scores };
}

export async function runCustomScorer(run: CustomScorerRun): Promise<CustomScorerResult> {
  const containerName = `holdout-scorer-${randomBytes(6).toString('hex')}`;
  let result;
  try {
    result = await execa('docker', customScorerArgs(run, containerName), {
      reject: false,
      timeout: run.config.time * 1000,
      // stdout carries only the JSON scores; stderr is the scorer's log, allowed to be long.
      maxBuffer: { stdout: MAX_OUTPUT_BYTES, stderr: MAX_LOG_BYTES },
      stdin: 'ignore',
    });
  } finally {
    // Killing the docker client (timeout, too much output) does not stop the container.
    await execa('docker', ['rm', '--force', containerName], { reject: false });
  }
  if (result.timedOut) {
    return { ok: false, message: `The custom scorer ran longer than ${run.config.time}s and was stopped.`, hint: 'Make the scorer faster or raise scoring.custom.time in competition.yml.' };
  }
  if (result.isMaxBuffer) {
    const onStderr = /stderr/.test(result.message ?? "");
    return onStderr
      ? { ok: false, message: `The custom scorer printed more than ${MAX_LOG_BYTES / 1024 / 1024} MiB on stderr.`, hint: 'Log less from the scorer.' }
      : { ok: false, message: `The custom scorer printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB on stdout.`, hint: 'Print logs to stderr and only the JSON scores on stdout.' };
  }
  if (result.code === 'ENOENT') return { ok: false, message: 'The docker command is not installed, so the custom scorer cannot run.', hint: 'Install Docker (Debian: apt-get install docker.io) and start the engine.' };
  if (result.exitCode !== 0) {
    const stderr = `${result.stderr ?? ''}`.trim().split('\n').slice(-10).join('\n');
    return {
      ok: false,
      message: `The custom scorer exited with code ${result.exitCode}${stderr ? `:\n${stderr}` : '.'}`,
      hint: `Run it by hand to debug: docker ${customScorerArgs(run, 'holdout-scorer-debug').join(' ')}`,
    };
  }
  return parseScorerOutput(`${result.stdout ?? ''}`, Object.keys(run.config.metrics));
}
