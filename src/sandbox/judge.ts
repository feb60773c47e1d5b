/**
 * Turn what happened in the sandbox into a verdict, before scoring. Pure.
 * Order matters: a timeout or an OOM kill also ends in a non-zero exit code, and
 * a full output folder often ends in a crash (ENOSPC); the specific reason is the
 * one a participant can act on.
 */
import { errored, failed, type Verdict } from '../report/outcome.js';
import { formatBytes, formatDuration } from '../config/units.js';
import type { RunFacts } from './run.js';
import type { SandboxSpec } from './spec.js';

/** A verdict, or 'score' when the run produced an output file worth checking. */
export type Judgement = { verdict: Verdict } | { score: true };

export function judgeRun(facts: RunFacts, spec: SandboxSpec, lastLines: string[]): Judgement {
  const limits = spec.limits;
  switch (facts.kind) {
    case 'image_missing':
      return {
        verdict: errored('image_missing', `The runtime image is missing: ${facts.message}.`, 'Build it with `holdout build`, or ask the organizers to publish it. This is not your fault and is not counted against you.'),
      };
    case 'engine_error':
      return { verdict: errored('engine_unavailable', `${facts.message}.`, 'Check that the Docker engine is running (`docker info`), then run again. This is not your fault.') };
    case 'isolation_failed':
      return { verdict: errored('isolation_failed', `The sandbox failed its isolation check: ${facts.message}.`, 'The runner is misconfigured; organizers must fix it. Nothing of the submission was run.') };
    case 'ran':
      break;
  }
  if (facts.collectFailed || (facts.exitCode === null && !facts.timedOut)) {
    return {
      verdict: errored('internal_error', 'The run ended, but Holdout could not read its results back from the sandbox.', 'This is not the submission\'s fault; run it again. If it keeps happening, the runner\'s Docker engine needs attention.'),
    };
  }
  if (facts.timedOut) {
    return {
      verdict: failed('timeout', `The submission was still running after the ${formatDuration(limits.time_s)} time limit and was stopped.`, 'Make it faster (sample less, use fewer iterations, load a pretrained model) or check for a loop that never ends; test it with `holdout test --time-limit`.'),
    };
  }
  // An OOM kill of a helper process the submission survived (exit 0, output written) is not a failure.
  if (facts.oomKilled && (facts.exitCode !== 0 || facts.outputBytes === null)) {
    return {
      verdict: failed('oom', `The submission ran out of memory: the kernel killed it at the ${formatBytes(limits.memory_bytes)} limit.`, 'Use less memory: read data in chunks, use smaller dtypes (float32), free what you no longer need. Reproduce with `holdout test --memory`.'),
    };
  }
  if (facts.outputFull || facts.outputOversize) {
    return {
      verdict: failed('output_too_large', `The output folder filled up: it holds at most ${formatBytes(limits.output_bytes)}.`, 'Write only the predictions file, in the format of submission_format.csv, and nothing else in the output folder.'),
    };
  }
  if (facts.exitCode !== 0) {
    return {
      // The first line never holds output: the action may keep only that line when logs are private.
      verdict: failed('crash', `The submission exited with code ${facts.exitCode}.${lastOutput(lastLines)}`, 'Read the log for the error, fix it and run `holdout test` locally until it passes.'),
    };
  }
  if (facts.outputBytes === null) {
    return {
      verdict: failed('no_output', `The submission exited normally but did not write ${spec.outputFile}.`, `Write your predictions to ${spec.outputFile} (relative to the working folder: ${relativeTo(spec.workdir, spec.outputFile)}).`),
    };
  }
  return { score: true };
}

/** The last lines of the log, each clipped, for the crash message. */
function lastOutput(lines: string[]): string {
  if (lines.length === 0) return '';
  const clipped = lines.slice(-10).map((l) => (l.length > MAX_QUOTED_LINE ? `${l.slice(0, MAX_QUOTED_LINE)}…` : l));
  return `\nLast output:\n${clipped.join('\n')}`;
}
const MAX_QUOTED_LINE = 300;

function relativeTo(dir: string, file: string): string {
  return file.startsWith(dir + '/') ? file.slice(dir.length + 1) : file;
}
