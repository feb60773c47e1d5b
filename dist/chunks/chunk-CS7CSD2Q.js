import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);

// src/cli/progress.ts
var CLEAR_LINE = "\r\x1B[2K";
function createProgress(out, options = {}) {
  const tty = options.tty ?? out.isTTY === true;
  const t0 = Date.now();
  let heartbeat;
  let live = "";
  let drawn = false;
  let printedLive = "";
  const elapsed = () => `${Math.round((Date.now() - t0) / 1e3)}s`;
  const statusLine = () => {
    const room = Math.max(10, (out.columns || 80) - 5);
    const text = printable(live);
    return `  \u2506 ${text.length > room ? `${text.slice(0, room - 1)}\u2026` : text}`;
  };
  const clear = () => {
    if (drawn) out.write(CLEAR_LINE);
    drawn = false;
  };
  const draw = () => {
    if (!tty || live === "") return;
    out.write(`${CLEAR_LINE}${statusLine()}`);
    drawn = true;
  };
  const writeLine = (line) => {
    clear();
    out.write(`${line}
`);
    draw();
  };
  const beat = () => {
    writeLine(`[${elapsed()}] still running\u2026`);
    if (!tty && live !== "" && live !== printedLive) {
      printedLive = live;
      writeLine(`  \u2506 ${printable(live)} (unfinished line, as it stands)`);
    }
  };
  return {
    step(step, detail) {
      if (step === "image" && !detail.startsWith("runtime image")) {
        writeLine(`  ${printable(detail)}`);
        return;
      }
      if (step === "score") {
        if (heartbeat) clearInterval(heartbeat);
        heartbeat = void 0;
        live = "";
      }
      writeLine(`[${elapsed()}] ${step}: ${printable(detail)}`);
      if (step === "run" && !heartbeat) {
        heartbeat = setInterval(beat, options.heartbeatMs ?? 15e3);
        heartbeat.unref();
      }
    },
    log(line) {
      live = "";
      writeLine(`  \u2502 ${printable(line)}`);
    },
    partial(text) {
      live = text;
      if (!tty) return;
      if (text === "") clear();
      else draw();
    },
    done() {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = void 0;
      live = "";
      clear();
    }
  };
}
function printable(text) {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "\uFFFD");
}

export {
  createProgress,
  printable
};
