/**
 * What the harness said during a run (harness/holdout_harness/protocol.py), and the verdict it
 * leads to. The harness prints `::holdout:<nonce>:: {json}` lines on the run's stdout; they are
 * taken out of the log here.
 *
 * Trust: before `handover` only harness code has run, so every event is believed. After it the
 * participant's code runs in the same process and can print anything (the nonce included), so
 * only what hurts its author is believed then: a failure, or `done` (which only hands the host an
 * output that it checks and scores itself). Our `error` is therefore never reachable from
 * participant code: after handover an `error` line counts as the participant's crash.
 */
import { errored, failed, type FailureReason, type Verdict } from '../report/verdict.js';

export type HarnessEvent =
  | { event: 'handover' }
  | { event: 'done' }
  | { event: 'error'; message: string; hint: string }
  | { event: 'failed'; reason: 'invalid_submission' | 'crash' | 'invalid_output'; message: string; hint: string };

const FAILURE_REASONS = new Set(['invalid_submission', 'crash', 'invalid_output']);
const MAX_TEXT = 2000;

/** Collects the harness's lines from the log stream, in order, with whether each came before handover. */
export class HarnessListener {
  private readonly marker: string;
  readonly events: { event: HarnessEvent; beforeHandover: boolean }[] = [];
  private handedOver = false;
  private heldEmpty = false;

  constructor(readonly nonce: string) {
    this.marker = `::holdout:${nonce}:: `;
  }

  /**
   * A log line → the lines to keep in its place. The harness starts each of its lines with a
   * newline, so a participant's unfinished line can never swallow one (a line is cut at 4 KiB); the
   * empty line that newline makes when nothing was unfinished is held back here and dropped when a
   * protocol line follows it.
   */
  take = (line: string): string[] => {
    const held = this.heldEmpty ? [''] : [];
    this.heldEmpty = false;
    const at = line.indexOf(this.marker);
    if (at === -1) {
      if (line === '') {
        this.heldEmpty = true;
        return held;
      }
      return [...held, line];
    }
    const event = parseEvent(line.slice(at + this.marker.length));
    if (event) {
      this.events.push({ event, beforeHandover: !this.handedOver });
      if (event.event === 'handover') this.handedOver = true;
    }
    // Text the submission printed before the marker on the same line stays in the log.
    return at > 0 ? [line.slice(0, at)] : [];
  };

  /** What the harness's lines decide, if anything (see harnessVerdict). */
  outcome(): HarnessOutcome {
    return harnessOutcome(this.events);
  }
}

function parseEvent(text: string): HarnessEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : '');
  switch (r.event) {
    case 'handover':
    case 'done':
      return { event: r.event };
    case 'error':
      return { event: 'error', message: str(r.message), hint: str(r.hint) };
    case 'failed':
      if (typeof r.reason !== 'string' || !FAILURE_REASONS.has(r.reason)) return undefined;
      return {
        event: 'failed',
        reason: r.reason as 'invalid_submission' | 'crash' | 'invalid_output',
        message: str(r.message),
        hint: str(r.hint),
      };
    default:
      return undefined;
  }
}

/**
 * - `verdict`: the harness decided (our error before handover, or the participant's failure);
 * - `done`: the harness finished and wrote the output (the host now checks it as for a script);
 * - `unfinished`: no verdict and no `done` (the process was killed or exited under the harness).
 */
export type HarnessOutcome = { kind: 'verdict'; verdict: Verdict } | { kind: 'done' } | { kind: 'unfinished' };

export function harnessOutcome(events: { event: HarnessEvent; beforeHandover: boolean }[]): HarnessOutcome {
  for (const { event, beforeHandover } of events) {
    if (event.event === 'error') {
      if (beforeHandover) {
        return {
          kind: 'verdict',
          verdict: errored(
            'harness_failed',
            event.message,
            event.hint || "This is not the submission's fault: report it to the organizers with the log.",
          ),
        };
      }
      // After handover it may be a forgery: the participant's crash, never our error.
      return {
        kind: 'verdict',
        verdict: failed('crash', event.message, 'Fix the error shown in the log above, then run holdout test again.'),
      };
    }
    if (event.event === 'failed') {
      return { kind: 'verdict', verdict: failed(event.reason as FailureReason, event.message, event.hint) };
    }
    if (event.event === 'done') return { kind: 'done' };
  }
  return { kind: 'unfinished' };
}

/** The words for a run whose harness never finished although the process exited 0. */
export function unfinishedVerdict(what: string): Verdict {
  return failed(
    'crash',
    `The submission ended before the harness finished ${what}: its code exited the process (sys.exit or os._exit) or was killed, so no output was checked.`,
    'Return from your functions instead of exiting the process, and do not start processes that kill it; the harness writes the output after they return. Likely also: running out of memory.',
  );
}
