/**
 * Progress on stderr while a run goes on: one line per step, the submission's
 * log lines (control characters made visible, so a log cannot rewrite the
 * terminal), a heartbeat with the elapsed time every 15 seconds of the run, and
 * the submission's unfinished last line (a `\r` progress bar's current state):
 *  - on a terminal, as a status line under the log, redrawn as it changes (the log
 *    collector hands it over at most four times a second);
 *  - otherwise (a file, CI), with the heartbeat: one plain line when it changed.
 */
import type { Step } from '../pipeline/evaluate.js';

export interface Progress {
  step: (step: Step, detail: string) => void;
  log: (line: string) => void;
  /** The submission's unfinished last line as it stands now; '' when there is none. */
  partial: (text: string) => void;
  done: () => void;
}

export interface ProgressOptions {
  /** Draw a status line (default: whether `out` is a terminal). */
  tty?: boolean;
  heartbeatMs?: number;
}

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const CLEAR_LINE = '\r\u001b[2K';

export function createProgress(out: Out, options: ProgressOptions = {}): Progress {
  const tty = options.tty ?? out.isTTY === true;
  const t0 = Date.now();
  let heartbeat: NodeJS.Timeout | undefined;
  /** The unfinished line, and whether it is on screen (tty) or was printed already (not tty). */
  let live = '';
  let drawn = false;
  let printedLive = '';
  const elapsed = () => `${Math.round((Date.now() - t0) / 1000)}s`;

  const statusLine = () => {
    // One screen row: a wrapped status line could not be cleared with \r.
    const room = Math.max(10, (out.columns || 80) - 5); // 0: a terminal that does not say
    const text = printable(live);
    return `  ┆ ${text.length > room ? `${text.slice(0, room - 1)}…` : text}`;
  };
  const clear = () => {
    if (drawn) out.write(CLEAR_LINE);
    drawn = false;
  };
  const draw = () => {
    if (!tty || live === '') return;
    out.write(`${CLEAR_LINE}${statusLine()}`);
    drawn = true;
  };
  /** Every whole line goes through here, so the status line stays the last one on screen. */
  const writeLine = (line: string) => {
    clear();
    out.write(`${line}\n`);
    draw();
  };
  const beat = () => {
    writeLine(`[${elapsed()}] still running…`);
    if (!tty && live !== '' && live !== printedLive) {
      printedLive = live;
      writeLine(`  ┆ ${printable(live)} (unfinished line, as it stands)`);
    }
  };

  return {
    step(step, detail) {
      if (step === 'image' && !detail.startsWith('runtime image')) {
        writeLine(`  ${printable(detail)}`);
        return;
      }
      if (step === 'score') {
        // The run is over: its unfinished line is in the log now.
        if (heartbeat) clearInterval(heartbeat);
        heartbeat = undefined;
        live = '';
      }
      writeLine(`[${elapsed()}] ${step}: ${printable(detail)}`);
      if (step === 'run' && !heartbeat) {
        heartbeat = setInterval(beat, options.heartbeatMs ?? 15_000);
        heartbeat.unref();
      }
    },
    log(line) {
      // A finished line ends the unfinished one it was.
      live = '';
      writeLine(`  │ ${printable(line)}`);
    },
    partial(text) {
      live = text;
      if (!tty) return;
      if (text === '') clear();
      else draw();
    },
    done() {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      live = '';
      clear();
    },
  };
}

/** Replace control characters (escape sequences included) with a visible placeholder. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point (a log must not drive the terminal)
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '�');
}
