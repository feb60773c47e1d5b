import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  createProgress
} from "./chunk-CS7CSD2Q.js";
import {
  scorerDetailText
} from "./chunk-SMPC6E7H.js";
import {
  evaluate,
  runFolderText
} from "./chunk-L27JFKJL.js";
import "./chunk-5FGKKWHU.js";
import "./chunk-PUXRQOEZ.js";
import "./chunk-4YXF5IZ3.js";
import "./chunk-A7NWLLFP.js";
import "./chunk-QCHIEEKV.js";
import "./chunk-2K3E4IZL.js";
import {
  formatBytes,
  formatDuration,
  parseDuration,
  parseSize
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
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
  if (report.kind && report.kind !== "script") {
    const phases = (report.phases ?? []).map(
      (p) => `${p.name} ${formatDuration(p.duration_s)}${p.peak_memory_bytes === null ? "" : ` (peak memory ${formatBytes(p.peak_memory_bytes)})`}`
    );
    lines.push(`Kind: ${report.kind}${phases.length ? ` \xB7 ${phases.join(" \xB7 ")}` : ""}`);
  }
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
    ...flags.phase ? { phase: flags.phase } : {},
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
