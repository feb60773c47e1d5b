/**
 * Turn what happened in the sandbox into a verdict, before scoring. Pure.
 * Order matters: a timeout or an OOM kill also ends in a non-zero exit code, and
 * a full output folder often ends in a crash (ENOSPC); the specific reason is the
 * one a participant can act on.
 */
import { errored, failed, type Verdict } from '../report/verdict.js';
import { formatBytes, formatDuration } from '../config/units.js';
import { crashMessage } from '../report/crash-message.js';
import { crashHint, readCrash, type CrashContext } from './crash-hints.js';
import type { OutputProblem, RunFacts } from './run.js';
import { outputDir, type SandboxSpec } from './spec.js';
import { noOutputWords, outputFullWords } from './output-words.js';

/** A verdict, or 'score' when the run produced an output file worth checking. */
export type Judgement = { verdict: Verdict } | { score: true };

/**
 * `lastLines`: the end of the log, in order (crash-hints.ts, lastLinesOf); `context`: what a
 * crash hint can name besides the log (crashContext).
 */
export function judgeRun(
  facts: RunFacts,
  spec: SandboxSpec,
  lastLines: string[],
  context: CrashContext = {},
): Judgement {
  const limits = spec.limits;
  switch (facts.kind) {
    case 'image_missing':
      return {
        verdict: errored(
          'image_missing',
          `The runtime image is missing: ${facts.message}.`,
          'Build it with `holdout build`, or ask the organizers to publish it. This is not your fault and is not counted against you.',
        ),
      };
    case 'engine_error':
      return {
        verdict: errored(
          'engine_unavailable',
          `${facts.message}.`,
          'Check that the Docker engine is running (`docker info`), then run again. This is not your fault.',
        ),
      };
    case 'isolation_failed':
      return {
        verdict: errored(
          'isolation_failed',
          `The sandbox failed its isolation check: ${facts.message}.`,
          'The runner is misconfigured; organizers must fix it. Nothing of the submission was run.',
        ),
      };
    case 'ran':
      break;
  }
  // Only failures on our side come before the participant's: the engine stopped answering,
  // or our docker client was killed (exitCode null without a timeout: only a signal to our
  // own process does that; the submission cannot reach processes on the host).
  if (facts.readBack === 'engine_unavailable') {
    return {
      verdict: errored(
        'engine_unavailable',
        'The Docker engine stopped answering while the submission ran, so its results could not be read.',
        'This is on our side, not yours: check the engine (`docker info`) and run it again.',
      ),
    };
  }
  if (facts.readBack === 'failed' || (facts.exitCode === null && !facts.timedOut)) {
    return {
      verdict: errored(
        'internal_error',
        'The run ended, but Holdout could not read its results back from the sandbox.',
        "This is on our side, not yours; run it again. If it keeps happening, the runner's Docker engine needs attention.",
      ),
    };
  }
  if (facts.timedOut) {
    return {
      verdict: failed(
        'timeout',
        `The submission was still running after the ${formatDuration(limits.time_s)} time limit and was stopped.`,
        'Make it faster (sample less, use fewer iterations, load a pretrained model) or check for a loop that never ends; test it with `holdout test --time-limit`.',
      ),
    };
  }
  if (facts.readBack === 'survivors') {
    return {
      verdict: failed(
        'crash',
        'The submission left processes running after it exited that could not be stopped, even with SIGKILL, so its output could not be read safely.',
        'Wait for every process and thread you start (join them, close pools) before the program exits, and do not start background daemons.',
      ),
    };
  }
  if (facts.readBack === 'sandbox_stopped') {
    // The sandbox's init and keepalive are ours and out of the submission's reach, except
    // through the memory they share: files in /tmp and /dev/shm stay in memory after the
    // processes that wrote them are killed, and then the kernel kills the container's init.
    return {
      verdict: failed(
        'oom',
        `The sandbox stopped before Holdout could read the output: the submission used up its ${formatBytes(limits.memory_bytes)} of memory, which also holds the files written to /tmp and /dev/shm, and the kernel ended the sandbox.`,
        'Use less memory and write less to /tmp (delete temporary files when done). Reproduce with `holdout test --memory`.',
      ),
    };
  }
  // An OOM kill of a helper process the submission survived (exit 0, output written) is not a failure.
  if (facts.oomKilled && (facts.exitCode !== 0 || facts.outputBytes === null)) {
    return {
      verdict: failed(
        'oom',
        `The submission ran out of memory: the kernel killed it at the ${formatBytes(limits.memory_bytes)} limit.`,
        'Use less memory: read data in chunks, use smaller dtypes (float32), free what you no longer need. Reproduce with `holdout test --memory`.',
      ),
    };
  }
  if (facts.outputFull || facts.outputOversize) {
    const { message, hint } = outputFullWords(spec, formatBytes);
    return { verdict: failed('output_too_large', message, hint) };
  }
  // (exitCode null was decided above: a timeout, or our docker client killed.)
  if (facts.exitCode !== null && facts.exitCode !== 0) {
    // The exception and the log are quoted for the participant; the private run replaces
    // these words with a fixed sentence (src/action/private-run.ts).
    const crash = readCrash(lastLines, facts.exitCode, spec.workdir);
    return {
      verdict: failed(
        'crash',
        crashMessage(facts.exitCode, crash.exception, crash.excerpt),
        crashHint(crash, spec, context),
      ),
    };
  }
  if (facts.outputProblem) {
    const { message, hint } = outputProblemWords(facts.outputProblem, spec);
    return { verdict: failed('invalid_output', message, hint) };
  }
  if (facts.outputBytes === null) {
    // The message lists what the output folder holds instead (output-words.ts).
    const { message, hint } = noOutputWords(facts, spec);
    return { verdict: failed('no_output', message, hint) };
  }
  return { score: true };
}

/**
 * Why the output path could not be read, in words that never carry a value the submission
 * chose (a mode, a link target): the message may be all that leaves a private run.
 */
function outputProblemWords(problem: OutputProblem, spec: SandboxSpec): { message: string; hint: string } {
  const file = relativeTo(spec.workdir, spec.outputFile);
  const folder = relativeTo(spec.workdir, outputDir(spec));
  const write = `Write the predictions with a plain open("${file}", "w") and leave the file as it is`;
  switch (problem) {
    case 'symlink':
      return {
        message: `The submission's output ${file} is a symbolic link; Holdout never follows links out of the sandbox.`,
        hint: `${write}: a regular file, not a link to another file.`,
      };
    case 'not_regular':
      return {
        message: `The submission's output ${file} is not a regular file (it is a folder, a pipe or a socket).`,
        hint: `${write}: one regular CSV file.`,
      };
    case 'unreadable':
      return {
        message: `The submission's output ${file} cannot be read: its permissions were changed so that its owner cannot read it.`,
        hint: `${write}: do not chmod it.`,
      };
    case 'folder_blocked':
      return {
        message: `The output folder ${folder}/ was made unreadable (its permissions were changed), so ${file} could not be read.`,
        hint: `${write}, and do not chmod the output folder.`,
      };
    case 'bad_name':
      // Folder mode (container.output_dir) only: names Holdout cannot write back on the host.
      return {
        message: `The output folder ${folder}/ holds a file whose name is not valid UTF-8, is longer than 1024 bytes or is nested more than 32 folders deep.`,
        hint: 'Name the output files with plain UTF-8 names (e.g. the item ids) in at most a few levels of folders.',
      };
  }
}

function relativeTo(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}
