import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  scorerDetailText
} from "./chunk-FS4DL3G7.js";
import {
  evaluate,
  runFolderText
} from "./chunk-GD2LJ5AZ.js";
import "./chunk-6VDNRRW7.js";
import "./chunk-ZXJIUPXP.js";
import "./chunk-ZBCEN6L6.js";
import "./chunk-MSCNOT5H.js";
import "./chunk-2K3E4IZL.js";
import {
  formatBytes,
  formatDuration,
  parseDuration,
  parseSize
} from "./chunk-VH6XYX6R.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-ZBWCYUEC.js";
import {
  UsageError,
  exitCodeOfStatus
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/report/text.ts
var HEADLINE = {
  success: "PASSED",
  failed: "FAILED",
  error: "ERROR (not the submission's fault)"
};
function renderText(report) {
  const lines = [];
  const reason = report.reason ? ` \xB7 ${report.reason}` : "";
  const took = report.duration_s === null ? "" : ` \xB7 ${formatDuration(report.duration_s)}`;
  lines.push(`${HEADLINE[report.status]}${reason} \xB7 dataset ${report.dataset}${took}`);
  lines.push("");
  lines.push(report.message);
  if (report.hint) lines.push(...report.message.includes("\n") ? [""] : [], `What to do: ${report.hint}`);
  if (report.problems.length > 0) {
    lines.push("", "Problems:");
    for (const p of report.problems) lines.push(`  - ${p}`);
  }
  const scores = Object.entries(report.scores);
  if (scores.length > 0) {
    lines.push("", "Scores:");
    for (const [name, value] of scores) {
      lines.push(`  ${name}${name === report.primary_metric ? " (primary)" : ""}: ${formatScore(value)}`);
    }
  }
  const l = report.limits;
  lines.push("");
  lines.push(
    `Limits: time ${formatDuration(l.time_s)}, memory ${formatBytes(l.memory_bytes)}, cpus ${l.cpus}, gpus ${l.gpus}, pids ${l.pids}, output ${formatBytes(l.output_bytes)}` + (report.peak_memory_bytes !== null ? ` \xB7 peak memory ${formatBytes(report.peak_memory_bytes)}` : "")
  );
  if (report.exit_code !== null)
    lines.push(
      `Program's exit code: ${report.exit_code}${report.exit_code === 0 && report.status !== "success" ? " (it ended normally; the verdict is about what it wrote)" : ""}`
    );
  if (report.image) lines.push(`Image: ${report.image}`);
  lines.push(
    `Log: ${report.log.lines} line${report.log.lines === 1 ? "" : "s"}${report.log.truncated ? " (the report keeps the first and last ones)" : ""}${report.log.file ? `, full log in ${report.log.file}` : ""}`
  );
  if (report.status !== "success") {
    lines.push("", "Reproduce:", `  ${report.reproduce.holdout}`);
    if (report.reproduce.docker) lines.push(`  ${report.reproduce.docker}`);
  }
  return `${lines.join("\n")}
`;
}
function formatScore(value) {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

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

// src/cli/commands/test.ts
async function run(submission, flags) {
  const overrides = parseOverrides(flags);
  const progress = createProgress(process.stderr);
  let runDir;
  const report = await evaluate({
    competitionDir: flags.competition,
    submission,
    dataset: flags.dataset,
    overrides,
    onLog: progress.log,
    onPartialLine: progress.partial,
    onProgress: progress.step,
    // The organizer's scorer's own words stay on this machine: stderr, never the report.
    onScorerDetail: (detail) => process.stderr.write(`${scorerDetailText(detail)}
`),
    // Whoever runs this has the labels: every score is shown, and what participants never see is said.
    showHidden: true,
    // Where the log, the output and the staged submission of the docker line are kept.
    onWorkDir: (dir) => runDir = dir
  });
  progress.done();
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, hidden: report.hidden ?? [] }, null, 2)}
`);
  else process.stdout.write(`
${renderText(report)}${hiddenText(report)}${runDir ? await runFolderText(runDir) : ""}`);
  process.exitCode = exitCodeOfStatus(report.status);
}
function hiddenText(report) {
  if (!report.hidden?.length) return "";
  return `Hidden from participants: ${report.hidden.join(", ")}. Shown here because this machine has the labels; pull requests, artifacts and the leaderboard leave out the splits not in scoring.split.show (add a split there to reveal it).
`;
}
function parseOverrides(flags) {
  const o = {};
  if (flags.timeLimit !== void 0) {
    o.time_s = parseDuration(flags.timeLimit) ?? usage(`--time-limit: "${flags.timeLimit}" is not a duration (e.g. 90s, 10m, 1h)`);
  }
  if (flags.memory !== void 0) {
    const bytes = parseSize(flags.memory);
    if (bytes === void 0 || bytes < 6 * 1024 * 1024)
      usage(`--memory: "${flags.memory}" is not a size of at least 6MiB (e.g. 512MiB, 2GiB)`);
    o.memory_bytes = bytes;
  }
  if (flags.cpus !== void 0) {
    const n = Number(flags.cpus);
    if (!(n > 0) || !Number.isFinite(n)) usage(`--cpus: "${flags.cpus}" is not a positive number`);
    o.cpus = n;
  }
  if (flags.pids !== void 0) {
    const n = Number(flags.pids);
    if (!Number.isInteger(n) || n < 8) usage(`--pids: "${flags.pids}" must be a whole number of at least 8`);
    o.pids = n;
  }
  if (flags.gpu) o.gpu = true;
  return o;
}
function usage(message) {
  throw new UsageError(message);
}
export {
  hiddenText,
  parseOverrides,
  run
};
