/**
 * Progress on stderr while a run goes on: one line per stage, the submission's
 * log lines (control characters made visible, so a log cannot rewrite the
 * terminal), and a heartbeat with the elapsed time every 15 seconds of the run.
 */
import type { Stage } from '../pipeline/evaluate.js';

export interface Progress {
  stage: (stage: Stage, detail: string) => void;
  log: (line: string) => void;
  done: () => void;
}

export function createProgress(out: NodeJS.WritableStream): Progress {
  const t0 = Date.now();
  let heartbeat: NodeJS.Timeout | undefined;
  const elapsed = () => `${Math.round((Date.now() - t0) / 1000)}s`;
  return {
    stage(stage, detail) {
      if (stage === 'image' && !detail.startsWith('runtime image')) {
        out.write(`  ${printable(detail)}\n`);
        return;
      }
      out.write(`[${elapsed()}] ${stage}: ${printable(detail)}\n`);
      if (stage === 'run' && !heartbeat) {
        heartbeat = setInterval(() => out.write(`[${elapsed()}] still running…\n`), 15_000);
        heartbeat.unref();
      }
      if (stage === 'score' && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = undefined;
      }
    },
    log(line) {
      out.write(`  │ ${printable(line)}\n`);
    },
    done() {
      if (heartbeat) clearInterval(heartbeat);
    },
  };
}

/** Replace control characters (escape sequences included) with a visible placeholder. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '�');
}
