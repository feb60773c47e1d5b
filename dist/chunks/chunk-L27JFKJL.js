import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  HARNESS_COMMAND,
  HARNESS_MOUNT,
  harnessDir
} from "./chunk-5FGKKWHU.js";
import {
  ensureImage
} from "./chunk-PUXRQOEZ.js";
import {
  scorePredictions
} from "./chunk-4YXF5IZ3.js";
import {
  prepareDataset
} from "./chunk-A7NWLLFP.js";
import {
  flattenSetupConfig,
  mountsInsideWorkdir,
  reservedRootNames,
  stageSubmission,
  submissionRules
} from "./chunk-QCHIEEKV.js";
import {
  RESERVED_ROOT,
  formatBytes,
  formatDuration,
  functionsSettings,
  loadCompetition,
  outputFileRequired,
  outputFolderOf,
  pickleSettings
} from "./chunk-JQKPXPDF.js";
import {
  call,
  docker,
  engineUnavailableLine,
  execAttached,
  inspectContainer,
  killContainer,
  lastLine,
  managedLabelArgs,
  ownerId,
  removeTracked,
  runDetached,
  startTracked,
  unlessInterrupted
} from "./chunk-IO3NW777.js";
import {
  ConfigError,
  UsageError,
  messageOf
} from "./chunk-XY6EIFX3.js";

// src/pipeline/run-folder.ts
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
var KEEP_RUNS = 10;
var MARKER = ".running";
function runsRoot(env = process.env) {
  if (env.HOLDOUT_RUNS_DIR) return path.resolve(env.HOLDOUT_RUNS_DIR);
  const uid = typeof process.getuid === "function" ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `holdout-runs-${uid}`);
}
async function createRunFolder(root = runsRoot(), keep = KEEP_RUNS) {
  await mkdir(root, { recursive: true, mode: 448 });
  await chmod(root, 448).catch(() => {
  });
  if (!await ownPrivateFolder(root)) return mkdtemp(path.join(os.tmpdir(), "holdout-run-"));
  await pruneRuns(root, keep);
  const stamp = (/* @__PURE__ */ new Date()).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const dir = await mkdtemp(path.join(root, `${stamp}-`));
  await writeFile(path.join(dir, MARKER), `${process.pid}
`);
  return dir;
}
async function ownPrivateFolder(dir) {
  const st = await lstat(dir).catch(() => void 0);
  if (!st?.isDirectory()) return false;
  const uid = typeof process.getuid === "function" ? process.getuid() : st.uid;
  return st.uid === uid && (st.mode & 63) === 0;
}
async function finishRunFolder(dir) {
  await rm(path.join(dir, MARKER), { force: true });
}
async function pruneRuns(root, keep = KEEP_RUNS) {
  let names;
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && /^\d{8}-\d{6}-/.test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  names.sort().reverse();
  const removed = [];
  for (const name of names.slice(keep)) {
    const dir = path.join(root, name);
    if (await stillRunning(dir)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
async function stillRunning(dir) {
  let pid;
  try {
    pid = Number((await readFile(path.join(dir, MARKER), "utf8")).trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
async function runFolderText(dir, keep = KEEP_RUNS) {
  let names;
  try {
    names = await readdir(dir);
  } catch {
    return "";
  }
  const what = [];
  if (names.includes("submission.log")) what.push("the full log (submission.log)");
  if (names.includes("output")) what.push("the output folder (output/)");
  for (const n of names.filter((n2) => /\.(csv|json|txt|parquet|npy)$/.test(n2) && n2 !== "submission.log"))
    what.push(`the output (${n})`);
  if (names.includes("code")) what.push("the staged submission the docker line mounts (code/)");
  if (names.includes("scorer.log")) what.push("the scorer's log (scorer.log)");
  if (names.includes("image-build.log")) what.push("the image build log (image-build.log)");
  if (what.length === 0) return "";
  return `Run folder: ${dir}
  ${what.join(", ")}; Holdout keeps the last ${keep} runs (older run folders are removed by later runs).
`;
}

// src/pipeline/evaluate.ts
import { mkdir as mkdir4, rm as rm4, writeFile as writeFile2 } from "node:fs/promises";
import path7 from "node:path";
import { randomBytes as randomBytes2 } from "node:crypto";

// src/report/verdict.ts
var FAILURE_REASONS = [
  "invalid_submission",
  "crash",
  "timeout",
  "oom",
  "no_output",
  "invalid_output",
  "output_too_large"
];
var ERROR_REASONS = [
  "engine_unavailable",
  "image_missing",
  "image_build_failed",
  /** An image under the runtime's content tag that Holdout did not build or pull for that content. */
  "image_untrusted",
  "isolation_failed",
  "gpu_unavailable",
  "scorer_failed",
  /** The submission harness (harness/) failed before any of the participant's code ran. */
  "harness_failed",
  "internal_error"
];
function failed(reason, message, hint) {
  return { status: "failed", reason, message, hint };
}
function errored(reason, message, hint) {
  return { status: "error", reason, message, hint };
}

// src/report/report.ts
function verdictFields(v) {
  return v.status === "success" ? { status: "success", reason: null, message: "The submission ran and was scored.", hint: "" } : { status: v.status, reason: v.reason, message: v.message, hint: v.hint };
}
function emptyRunReport(dataset, limits, holdoutCommand2) {
  return {
    version: 1,
    status: "error",
    reason: null,
    message: "",
    hint: "",
    dataset,
    scores: {},
    primary_metric: null,
    duration_s: 0,
    exit_code: null,
    peak_memory_bytes: null,
    limits,
    image: null,
    log: { lines: 0, truncated: false, head: [], tail: [] },
    reproduce: { holdout: holdoutCommand2, docker: null },
    problems: []
  };
}

// src/sandbox/engine.ts
import { readdir as readdir2 } from "node:fs/promises";
async function detectGpuAccess(count) {
  const nodes = await nvidiaDeviceNodes();
  const gpus = nodes.filter((n) => /^\/dev\/nvidia\d+$/.test(n));
  if (gpus.length === 0) return void 0;
  const info = await call("GET", "/info", void 0, 2e4).catch(() => void 0);
  const runtimes = info?.body?.Runtimes ?? {};
  if (info?.status === 200 && "nvidia" in runtimes) return { kind: "toolkit", count };
  return { kind: "devices", devices: devicesFor(nodes, count) };
}
function devicesFor(nodes, count) {
  const control = nodes.filter((n) => /^\/dev\/nvidia(ctl|-uvm|-uvm-tools|-modeset)$/.test(n)).sort();
  const gpus = nodes.filter((n) => /^\/dev\/nvidia\d+$/.test(n)).sort((a, b) => Number(a.slice(11)) - Number(b.slice(11))).slice(0, count);
  return [...control, ...gpus];
}
async function nvidiaDeviceNodes() {
  try {
    return (await readdir2("/dev")).filter((n) => n.startsWith("nvidia")).map((n) => `/dev/${n}`);
  } catch {
    return [];
  }
}

// src/sandbox/environment.ts
function sandboxEnvironment(input) {
  const threads = String(Math.max(1, Math.floor(input.cpus)));
  return {
    HOME: "/tmp",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    TMPDIR: "/tmp",
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    MPLCONFIGDIR: "/tmp/matplotlib",
    // Numeric libraries size their thread pools by the host's cores, not the --cpus limit.
    OMP_NUM_THREADS: threads,
    OPENBLAS_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    HOLDOUT_DATASET: input.dataset,
    HOLDOUT_DATA_DIR: input.dataDir,
    HOLDOUT_OUTPUT_FILE: input.outputFile,
    ...input.outputDir ? { HOLDOUT_OUTPUT_DIR: input.outputDir } : {},
    ...input.organizerEnv,
    ...input.datasetEnv
  };
}

// src/report/crash-message.ts
var EXCEPTION_LEAD = " after an uncaught exception:";
var QUOTE_INDENT = "  ";
var LAST_OUTPUT = "Last output:";
function crashMessage(exitCode, exception, lastOutput) {
  const lines = exception ? [`The submission exited with code ${exitCode}${EXCEPTION_LEAD}`, `${QUOTE_INDENT}${exception}`] : [`The submission exited with code ${exitCode}.`];
  if (lastOutput.length > 0) lines.push(LAST_OUTPUT, ...lastOutput);
  return lines.join("\n");
}
function parseCrashMessage(message) {
  const [first, second] = message.split("\n", 2);
  if (!first || !/^The submission exited with code -?\d+(\.| after an uncaught exception:)$/.test(first))
    return void 0;
  if (first.endsWith(EXCEPTION_LEAD) && second?.startsWith(QUOTE_INDENT)) {
    return { sentence: first, exception: second.slice(QUOTE_INDENT.length) };
  }
  return { sentence: first };
}

// src/sandbox/crash-hints.ts
import { opendir } from "node:fs/promises";
import path3 from "node:path/posix";

// src/sandbox/spec.ts
import path2 from "node:path/posix";
var KEEPALIVE_USER = "65534:65534";
var RUN_LABEL = "holdout.run";
var SUBMISSION_SOURCE = `${RESERVED_ROOT}/submission`;
function outputDir(spec) {
  return spec.outputFolder ?? path2.dirname(spec.outputFile);
}
var WORKDIR_SPARE_INODES = 8;
var DEFAULT_WORKDIR_FILES = 300 + 1e4;
function hasWorkingCopy(spec) {
  return spec.limits.workdir_bytes > 0;
}
function writablePlaces(spec) {
  const places = hasWorkingCopy(spec) ? [spec.workdir] : [];
  const out = outputDir(spec);
  if (!places.includes(out)) places.push(out);
  return [...places, "/tmp", "/dev/shm"];
}
function workingCopyCommand(spec) {
  return `cp -R ${SUBMISSION_SOURCE}/. ${shellQuote([spec.workdir === "/" ? "/" : `${spec.workdir}/`])}`;
}
function isolationArgs(spec) {
  const l = spec.limits;
  const args = [
    "--network",
    "none",
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--ipc",
    "private",
    "--memory",
    String(l.memory_bytes),
    "--memory-swap",
    String(l.memory_bytes),
    "--cpus",
    String(l.cpus),
    "--pids-limit",
    String(l.pids),
    "--shm-size",
    String(l.shm_bytes),
    "--ulimit",
    "core=0",
    "--log-driver",
    "none",
    "--hostname",
    "sandbox",
    "--tmpfs",
    `/tmp:rw,nosuid,nodev,size=${l.tmp_bytes},mode=1777`,
    ...workdirArgs(spec),
    "--mount",
    `type=bind,source=${spec.dataDir},target=${spec.dataMount},readonly`,
    ...(spec.mounts ?? []).flatMap((m) => ["--mount", `type=bind,source=${m.source},target=${m.target},readonly`]),
    ...gpuArgs(spec.gpu)
  ];
  for (const [key, value] of Object.entries(spec.env)) {
    args.push("--env", `${key}=${value}`);
  }
  return args;
}
function workdirArgs(spec) {
  const l = spec.limits;
  const owner = `uid=${spec.uid},gid=${spec.gid},mode=0755`;
  const out = outputDir(spec);
  const args = [];
  if (hasWorkingCopy(spec)) {
    args.push(
      "--tmpfs",
      `${spec.workdir}:rw,exec,nosuid,nodev,size=${l.workdir_bytes},nr_inodes=${(l.workdir_files ?? DEFAULT_WORKDIR_FILES) + WORKDIR_SPARE_INODES},${owner}`
    );
    args.push("--mount", `type=bind,source=${spec.codeDir},target=${SUBMISSION_SOURCE},readonly`);
  } else {
    args.push("--mount", `type=bind,source=${spec.codeDir},target=${spec.workdir},readonly`);
  }
  if (out !== spec.workdir) {
    args.push("--tmpfs", `${out}:rw,nosuid,nodev,size=${l.output_bytes},nr_inodes=${l.output_files + 1},${owner}`);
  }
  return args;
}
function gpuArgs(gpu) {
  switch (gpu.kind) {
    case "none":
      return [];
    case "toolkit":
      return ["--gpus", String(gpu.count)];
    case "devices":
      return gpu.devices.flatMap((d) => ["--device", d]);
  }
}
function collectTimeoutS(limits) {
  return 5 + Math.ceil(limits.output_bytes / (8 * 1024 * 1024));
}
function sandboxDeadlineS(limits) {
  return Math.ceil(limits.time_s) + 20 + copyTimeS(limits.workdir_bytes ?? 0) + 2 * collectTimeoutS(limits);
}
function copyTimeS(workdirBytes) {
  return Math.ceil(workdirBytes / (100 * 1024 * 1024));
}
function keepaliveRunArgs(spec, owner = ownerId()) {
  return [
    "run",
    "--detach",
    "--rm",
    "--pull",
    "never",
    "--name",
    spec.name,
    "--label",
    `${RUN_LABEL}=${spec.name}`,
    ...managedLabelArgs(owner),
    ...isolationArgs(spec),
    "--user",
    KEEPALIVE_USER,
    "--init",
    "--entrypoint",
    "sleep",
    spec.image,
    String(sandboxDeadlineS(spec.limits))
  ];
}
function killerRunArgs(spec, name, owner = ownerId()) {
  return [
    "run",
    "--rm",
    "--pull",
    "never",
    "--name",
    name,
    ...managedLabelArgs(owner),
    "--pid",
    `container:${spec.name}`,
    "--network",
    "none",
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--memory",
    String(64 * 1024 * 1024),
    "--pids-limit",
    "8",
    "--log-driver",
    "none",
    "--user",
    `${spec.uid}:${spec.gid}`,
    "--entrypoint",
    "/bin/sh",
    spec.image,
    "-c",
    "kill -9 -1 2>/dev/null; exit 0"
  ];
}
function commandExecArgs(spec, wrapper = []) {
  return [
    "exec",
    "--interactive",
    "--user",
    `${spec.uid}:${spec.gid}`,
    "--workdir",
    spec.workdir,
    spec.name,
    ...wrapper,
    ...spec.command
  ];
}
function reproduceRunArgs(spec) {
  const command = hasWorkingCopy(spec) ? ["/bin/sh", "-c", `${workingCopyCommand(spec)} && exec "$@"`, "sh", ...spec.command] : spec.command;
  return [
    "run",
    "--rm",
    ...isolationArgs(spec),
    "--user",
    `${spec.uid}:${spec.gid}`,
    "--workdir",
    spec.workdir,
    "--stop-timeout",
    "1",
    spec.image,
    ...command
  ];
}
function shellQuote(args) {
  return args.map((a) => /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
}

// src/sandbox/crash-hints.ts
var TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
var FRAME = /^\s*File "([^"]*)", line \d+(, in .*)?$/;
var SYNTAX_FRAME = /^ {2}File "[^"]*", line \d+$/;
var EXCEPTION = /^[A-Za-z_][\w.]*(:\s.*|:)?$/;
var MAX_AFTER_EXCEPTION = 20;
var MAX_EXCERPT = 16;
var MAX_QUOTED_LINE = 300;
var LAST_LINES = 10;
function lastLinesOf(log) {
  return log.head.length + log.tail.length >= log.lines ? [...log.head, ...log.tail] : [...log.tail];
}
function readCrash(lines, exitCode, workdir) {
  const last = lines.slice(-LAST_LINES).map(clip);
  const start = tracebackStart(lines);
  if (start === -1) return { excerpt: last, searched: last };
  const block = lines.slice(start);
  const at = block.findIndex((l, i) => i > 0 && l.trim() !== "" && !/^\s/.test(l));
  const exceptionLine = at === -1 ? void 0 : block[at];
  if (at === -1 || block.length - at - 1 > MAX_AFTER_EXCEPTION) return { excerpt: last, searched: last };
  const searched = block.map(clip);
  const exception = exitCode === 1 && EXCEPTION.test(exceptionLine) ? clip(exceptionLine) : void 0;
  return { ...exception ? { exception } : {}, excerpt: excerptOf(block, at, workdir), searched };
}
function tracebackStart(lines) {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (TRACEBACK.test(lines[i])) return i;
  }
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - LAST_LINES); i--) {
    if (SYNTAX_FRAME.test(lines[i])) return i;
  }
  return -1;
}
function excerptOf(block, exceptionAt, workdir) {
  if (block.length <= MAX_EXCERPT) return block.map(clip);
  const end = Math.min(block.length, exceptionAt + 1 + 5);
  const keep = block.map(() => false);
  keep[0] = true;
  const frames = block.map((l, i) => i < exceptionAt && FRAME.test(l) ? i : -1).filter((i) => i >= 0);
  frames.forEach((f, k) => {
    const next = frames[k + 1] ?? exceptionAt;
    const file = FRAME.exec(block[f])[1];
    if (isOwnFile(file, workdir) || k === frames.length - 1) for (let i = f; i < next; i++) keep[i] = true;
  });
  for (let i = exceptionAt; i < end; i++) keep[i] = true;
  const out = [];
  let dropped = 0;
  for (let i = 0; i < block.length; i++) {
    if (keep[i]) {
      if (dropped) out.push(`  [holdout: ${dropped} line${dropped === 1 ? "" : "s"} of library frames left out]`);
      dropped = 0;
      out.push(clip(block[i]));
    } else if (i < exceptionAt) {
      dropped++;
    }
  }
  if (block.length > end)
    out.push(`[holdout: ${block.length - end} more line${block.length - end === 1 ? "" : "s"} in the log]`);
  return out.length > MAX_EXCERPT ? [out[0], ...out.slice(-(MAX_EXCERPT - 1))] : out;
}
function isOwnFile(file, workdir) {
  if (file.startsWith("<")) return false;
  return !file.startsWith("/") || file.startsWith(`${workdir}/`);
}
function clip(line) {
  return line.length > MAX_QUOTED_LINE ? `${line.slice(0, MAX_QUOTED_LINE)}\u2026` : line;
}
var GENERIC_HINT = "Read the log for the error, fix it and run `holdout test` locally until it passes.";
function crashHint(reading, spec, context = {}) {
  const lines = reading.exception ? [reading.exception, ...reading.searched] : reading.searched;
  for (const cause of CAUSES) {
    for (const line of lines) {
      const hint = cause(line, spec, context);
      if (hint) return hint;
    }
  }
  return GENERIC_HINT;
}
var NO_NETWORK = /Temporary failure in name resolution|Name or service not known|No address associated with hostname|nodename nor servname provided|getaddrinfo (failed|ENOTFOUND|EAI_AGAIN)|Network is unreachable|No route to host|Connection refused|Failed to establish a new connection|NameResolutionError|couldn't connect to '?https?:|ENETUNREACH|ECONNREFUSED/;
var network = (line) => NO_NETWORK.test(line) ? 'The sandbox has no network: nothing can be downloaded or called while the submission runs (no model hub, no pip install, no web API). Download what it needs (model weights, tokenizers, data) beforehand, put the files in your submission folder and load them from there by a relative path (e.g. from_pretrained("./model")).' : void 0;
var missingModule = (line, _spec, context) => {
  const m = /^(?:ModuleNotFoundError|ImportError): No module named '([A-Za-z_][\w.]*)'/.exec(line);
  if (!m) return void 0;
  const top = m[1].split(".")[0];
  const own = `If ${top} is your own code, put ${top}.py (or the ${top}/ folder) in your submission next to your entry point.`;
  const files = context.environmentFiles ?? [];
  const ask = files.length > 0 ? `If it is a package, use one the runtime has (${files[0]} lists them) or ask for it: add it to ${files.join(" and ")} in a pull request of its own (a package request; \`holdout check-env\` checks it before you open it).` : "If it is a package, use one the runtime has, or ask the organizers to add it to the runtime image.";
  return `The runtime has no module "${top}", and nothing can be installed while the submission runs. ${own} ${ask}`;
};
var readOnly = (line, spec) => {
  const m = /\[Errno 30\] Read-only file system(?:: '([^']*)')?|EROFS: read-only file system(?:, \w+ '([^']*)')?/.exec(
    line
  );
  if (!m) return void 0;
  const file = m[1] ?? m[2];
  const absolute = file === void 0 ? void 0 : path3.resolve(spec.workdir, file);
  const shown = file === void 0 ? "" : `"${file}"${file.startsWith("/") ? "" : ` (${absolute})`}`;
  const inData = absolute !== void 0 && (absolute === spec.dataMount || absolute.startsWith(`${spec.dataMount}/`));
  const where = file === void 0 ? "It wrote to a read-only file system" : inData ? `${shown} is in the data folder, which is read-only` : `${shown} is on a read-only file system`;
  const predictions = spec.outputFolder ? `${spec.outputFolder}/` : spec.outputFile;
  return `${where}: in the sandbox only ${placesInWords(spec)} can be written. Write the predictions to ${predictions}, and temporary files under /tmp ($TMPDIR and tempfile.gettempdir() point there).`;
};
function placesInWords(spec) {
  const l = spec.limits;
  const out = outputDir(spec);
  const words = writablePlaces(spec).map((place) => {
    if (place === spec.workdir && place === out)
      return `${place}/ (the working folder, also the output folder, at most ${formatBytes(l.workdir_bytes)})`;
    if (place === spec.workdir) return `${place}/ (the working folder, at most ${formatBytes(l.workdir_bytes)})`;
    if (place === out) return `${place}/ (the output folder, at most ${formatBytes(l.output_bytes)})`;
    if (place === "/tmp") return `/tmp (at most ${formatBytes(l.tmp_bytes)})`;
    if (place === "/dev/shm") return `/dev/shm (at most ${formatBytes(l.shm_bytes)})`;
    return place;
  });
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}` : words.join("");
}
var missingFile = (line, spec, context) => {
  const m = /^FileNotFoundError: \[Errno 2\] No such file or directory: '([^']*)'/.exec(line);
  if (!m) return void 0;
  const file = m[1];
  const absolute = path3.resolve(spec.workdir, file);
  const shown = `"${file}"${file.startsWith("/") ? "" : ` (${absolute})`}`;
  if (absolute === spec.dataMount || absolute.startsWith(`${spec.dataMount}/`)) {
    const dataset = spec.env.HOLDOUT_DATASET ?? "this";
    const listing = context.dataFiles ? ` (${context.dataFiles.length === 0 ? "empty" : `${context.dataFiles.join(", ")}${context.moreDataFiles ? ", \u2026" : ""}`})` : "";
    const local = dataset === "smoke" ? " On your machine `holdout test` mounts only this public sample; the evaluation mounts the private test data at the same place." : "";
    return `${shown} is not in the data of this run: ${spec.dataMount} holds the ${dataset} dataset${listing}.${local} Open the files the competition describes, under $HOLDOUT_DATA_DIR, and list the folder rather than guess the names.`;
  }
  if (absolute.startsWith(`${spec.workdir}/`)) {
    return `${shown} is not in your submission: the working folder ${spec.workdir} holds only the files you submitted. Add the file to your submission folder (models and other assets too), or create it before reading it.`;
  }
  return void 0;
};
var CAUSES = [network, missingModule, readOnly, missingFile];
var MAX_LISTED = 12;
async function crashContext(facts, dataDir, runtime, flavor) {
  if (facts.kind !== "ran" || !facts.exitCode) return {};
  const ordered = flavor === "gpu" ? [runtime.gpu?.environment, runtime.cpu.environment] : [runtime.cpu.environment, runtime.gpu?.environment];
  const environmentFiles = ordered.filter((f) => !!f);
  const names = [];
  let more = false;
  try {
    for await (const entry of await opendir(dataDir)) {
      if (names.length === MAX_LISTED) {
        more = true;
        break;
      }
      names.push(entry.isDirectory() ? `${entry.name}/` : entry.name);
    }
  } catch {
    return { environmentFiles };
  }
  return { dataFiles: names.sort(), moreDataFiles: more, environmentFiles };
}

// src/sandbox/output-words.ts
function noOutputWords(facts, spec) {
  const folder = outputDir(spec);
  const shownFolder = `${relativeTo(spec.workdir, folder)}/`;
  const file = relativeTo(spec.workdir, spec.outputFile);
  const held = facts.outputHeld ? `
${heldSentence(facts.outputHeld, folder === spec.workdir && hasWorkingCopy(spec) ? "The working folder" : `The output folder ${shownFolder}`)}` : "";
  if (spec.outputFolder && spec.outputFileRequired === false) {
    return {
      message: `The submission exited normally but wrote nothing to the output folder ${spec.outputFolder}.${held}`,
      hint: `Write your predictions (one file per item is fine) into ${spec.outputFolder}/ (relative to the working folder: ${shownFolder}).`
    };
  }
  return {
    message: `The submission exited normally but did not write ${spec.outputFile}.${held}`,
    hint: `Write your predictions to ${spec.outputFile} (relative to the working folder: ${file}).`
  };
}
function heldSentence(held, what) {
  if (held.count === 0) return `${what} is empty.`;
  const names = held.names.map(printable);
  const more = held.count > names.length ? `, and ${held.count - names.length} more` : "";
  return `${what} holds ${held.count === 1 ? "1 entry" : `${held.count} entries`}: ${names.join(", ")}${more}.`;
}
function printable(name) {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}\u2026` : clean;
}
function relativeTo(dir, file) {
  if (file === dir) return ".";
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}
function outputFullWords(spec, formatBytes2) {
  const l = spec.limits;
  if (spec.outputFolder) {
    return {
      message: `The output folder filled up: it holds at most ${formatBytes2(l.output_bytes)} in ${l.output_files} files and folders.`,
      hint: `Write only your predictions into ${spec.outputFolder}/ (one file per item), nothing else: temporary files go to /tmp.`
    };
  }
  return {
    message: `The output folder filled up: it holds at most ${formatBytes2(l.output_bytes)}.`,
    hint: "Write only the predictions file, in the format of submission_format.csv, and nothing else in the output folder."
  };
}

// src/sandbox/judge.ts
function judgeRun(facts, spec, lastLines, context = {}) {
  const limits = spec.limits;
  switch (facts.kind) {
    case "image_missing":
      return {
        verdict: errored(
          "image_missing",
          `The runtime image is missing: ${facts.message}.`,
          "Build it with `holdout build`, or ask the organizers to publish it. This is not your fault and is not counted against you."
        )
      };
    case "engine_error":
      return {
        verdict: errored(
          "engine_unavailable",
          `${facts.message}.`,
          "Check that the Docker engine is running (`docker info`), then run again. This is not your fault."
        )
      };
    case "isolation_failed":
      return {
        verdict: errored(
          "isolation_failed",
          `The sandbox failed its isolation check: ${facts.message}.`,
          "The runner is misconfigured; organizers must fix it. Nothing of the submission was run."
        )
      };
    case "ran":
      break;
  }
  if (facts.readBack === "engine_unavailable") {
    return {
      verdict: errored(
        "engine_unavailable",
        "The Docker engine stopped answering while the submission ran, so its results could not be read.",
        "This is on our side, not yours: check the engine (`docker info`) and run it again."
      )
    };
  }
  if (facts.readBack === "failed" || facts.exitCode === null && !facts.timedOut) {
    return {
      verdict: errored(
        "internal_error",
        "The run ended, but Holdout could not read its results back from the sandbox.",
        "This is on our side, not yours; run it again. If it keeps happening, the runner's Docker engine needs attention."
      )
    };
  }
  if (facts.timedOut) {
    return {
      verdict: failed(
        "timeout",
        `The submission was still running after the ${formatDuration(limits.time_s)} time limit and was stopped.`,
        "Make it faster (sample less, use fewer iterations, load a pretrained model) or check for a loop that never ends; test it with `holdout test --time-limit`."
      )
    };
  }
  if (facts.readBack === "survivors") {
    return {
      verdict: failed(
        "crash",
        "The submission left processes running after it exited that could not be stopped, even with SIGKILL, so its output could not be read safely.",
        "Wait for every process and thread you start (join them, close pools) before the program exits, and do not start background daemons."
      )
    };
  }
  if (facts.readBack === "sandbox_stopped") {
    return {
      verdict: failed(
        "oom",
        `The sandbox stopped before Holdout could read the output: the submission used up its ${formatBytes(limits.memory_bytes)} of memory, which also holds the files written to /tmp and /dev/shm, and the kernel ended the sandbox.`,
        "Use less memory and write less to /tmp (delete temporary files when done). Reproduce with `holdout test --memory`."
      )
    };
  }
  if (facts.oomKilled && (facts.exitCode !== 0 || facts.outputBytes === null)) {
    return {
      verdict: failed(
        "oom",
        `The submission ran out of memory: the kernel killed it at the ${formatBytes(limits.memory_bytes)} limit.`,
        "Use less memory: read data in chunks, use smaller dtypes (float32), free what you no longer need. Reproduce with `holdout test --memory`."
      )
    };
  }
  if (facts.outputFull || facts.outputOversize) {
    const { message, hint } = outputFullWords(spec, formatBytes);
    return { verdict: failed("output_too_large", message, hint) };
  }
  if (facts.exitCode !== null && facts.exitCode !== 0) {
    const crash = readCrash(lastLines, facts.exitCode, spec.workdir);
    return {
      verdict: failed(
        "crash",
        crashMessage(facts.exitCode, crash.exception, crash.excerpt),
        crashHint(crash, spec, context)
      )
    };
  }
  if (facts.outputProblem) {
    const { message, hint } = outputProblemWords(facts.outputProblem, spec);
    return { verdict: failed("invalid_output", message, hint) };
  }
  if (facts.outputBytes === null) {
    const { message, hint } = noOutputWords(facts, spec);
    return { verdict: failed("no_output", message, hint) };
  }
  return { score: true };
}
function outputProblemWords(problem, spec) {
  const file = relativeTo2(spec.workdir, spec.outputFile);
  const folder = relativeTo2(spec.workdir, outputDir(spec));
  const write = `Write the predictions with a plain open("${file}", "w") and leave the file as it is`;
  switch (problem) {
    case "symlink":
      return {
        message: `The submission's output ${file} is a symbolic link; Holdout never follows links out of the sandbox.`,
        hint: `${write}: a regular file, not a link to another file.`
      };
    case "not_regular":
      return {
        message: `The submission's output ${file} is not a regular file (it is a folder, a pipe or a socket).`,
        hint: `${write}: one regular CSV file.`
      };
    case "unreadable":
      return {
        message: `The submission's output ${file} cannot be read: its permissions were changed so that its owner cannot read it.`,
        hint: `${write}: do not chmod it.`
      };
    case "folder_blocked":
      return {
        message: `The output folder ${folder}/ was made unreadable (its permissions were changed), so ${file} could not be read.`,
        hint: `${write}, and do not chmod the output folder.`
      };
    case "bad_name":
      return {
        message: `The output folder ${folder}/ holds a file whose name is not valid UTF-8, is longer than 1024 bytes or is nested more than 32 folders deep.`,
        hint: "Name the output files with plain UTF-8 names (e.g. the item ids) in at most a few levels of folders."
      };
  }
}
function relativeTo2(dir, file) {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

// src/sandbox/log-collector.ts
import { closeSync, openSync, writeSync } from "node:fs";
var NEWLINE = 10;
var CARRIAGE_RETURN = 13;
var LogCollector = class {
  constructor(options) {
    this.options = options;
    this.headMax = Math.ceil(options.reportLines / 2);
    this.tailMax = Math.floor(options.reportLines / 2);
    this.maxLineBytes = options.maxLineBytes ?? 4096;
    this.liveLines = options.liveLines ?? options.reportLines;
    if (options.filePath) this.fd = openSync(options.filePath, "w", 420);
  }
  options;
  headMax;
  tailMax;
  maxLineBytes;
  liveLines;
  head = [];
  tail = [];
  tailStart = 0;
  count = 0;
  fd;
  fileBytes = 0;
  fileTruncated = false;
  liveNoticeGiven = false;
  splitters = /* @__PURE__ */ new Map();
  /** The stream written last: its unfinished line is the one a terminal would show. */
  lastSplitter;
  partialTimer;
  lastPartial = "";
  /** Feed a chunk from one stream ("stdout", "stderr", …). */
  write(stream, chunk) {
    let splitter = this.splitters.get(stream);
    if (!splitter) {
      splitter = new LineSplitter(this.maxLineBytes, (line) => this.addLine(line));
      this.splitters.set(stream, splitter);
    }
    splitter.push(chunk);
    this.lastSplitter = splitter;
    if (this.options.onPartial && !this.partialTimer && splitter.hasPartial()) {
      this.partialTimer = setTimeout(() => this.emitPartial(), this.options.partialIntervalMs ?? 250);
      this.partialTimer.unref();
    }
  }
  /** What is kept so far, the run going on (a phase's crash is judged before the next phase runs). */
  snapshot() {
    const tail = [...this.tail.slice(this.tailStart), ...this.tail.slice(0, this.tailStart)];
    const kept = this.head.length + tail.length;
    return {
      lines: this.count,
      truncated: kept < this.count || this.fileTruncated,
      head: [...this.head],
      tail,
      ...this.options.filePath ? { file: this.options.filePath } : {},
      fileTruncated: this.fileTruncated
    };
  }
  /** Flush partial lines and close the file. Returns what was kept. */
  finish() {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = void 0;
    this.endLines();
    if (this.fd !== void 0) {
      closeSync(this.fd);
      this.fd = void 0;
    }
    return this.snapshot();
  }
  emitPartial() {
    this.partialTimer = void 0;
    const text2 = this.lastSplitter?.partial() ?? "";
    if (text2 === "" || text2 === this.lastPartial) return;
    this.lastPartial = text2;
    this.options.onPartial?.(text2);
  }
  addLine(raw) {
    const kept = this.options.intercept ? this.options.intercept(raw) : [raw];
    for (const line of kept) this.keepLine(line);
  }
  /**
   * End every stream's unfinished line (it becomes a line): what one run left without a newline
   * must not run into the next run's first line (a functions competition's two phases share a log).
   */
  endLines() {
    for (const splitter of this.splitters.values()) splitter.end();
  }
  keepLine(line) {
    this.count++;
    if (this.lastPartial !== "") {
      this.lastPartial = "";
      this.options.onPartial?.("");
    }
    if (this.head.length < this.headMax) {
      this.head.push(line);
    } else if (this.tailMax > 0) {
      if (this.tail.length < this.tailMax) {
        this.tail.push(line);
      } else {
        this.tail[this.tailStart] = line;
        this.tailStart = (this.tailStart + 1) % this.tailMax;
      }
    }
    this.writeToFile(line);
    this.emitLive(line);
  }
  writeToFile(line) {
    if (this.fd === void 0 || this.fileTruncated) return;
    const bytes = Buffer.byteLength(line) + 1;
    if (this.fileBytes + bytes > this.options.maxFileBytes) {
      this.fileTruncated = true;
      writeSync(
        this.fd,
        `[holdout: log file cut here at ${this.options.maxFileBytes} bytes; the submission printed more]
`
      );
      return;
    }
    this.fileBytes += bytes;
    writeSync(this.fd, `${line}
`);
  }
  emitLive(line) {
    if (!this.options.onLine) return;
    if (this.count <= this.liveLines) {
      this.options.onLine(line);
    } else if (!this.liveNoticeGiven) {
      this.liveNoticeGiven = true;
      this.options.onLine(
        `[holdout: ${this.liveLines} lines shown live; further output is kept in the log file and the last lines appear in the report]`
      );
    }
  }
};
var emptySegment = () => ({ parts: [], bytes: 0, cut: false });
var isEmpty = (s) => s.bytes === 0 && !s.cut;
var LineSplitter = class {
  constructor(maxBytes, emit) {
    this.maxBytes = maxBytes;
    this.emit = emit;
  }
  maxBytes;
  emit;
  current = emptySegment();
  previous = emptySegment();
  push(chunk) {
    let start = 0;
    let prevStart = -1;
    let prevEnd = -1;
    let nl = chunk.indexOf(NEWLINE, start);
    let cr = chunk.indexOf(CARRIAGE_RETURN, start);
    while (start < chunk.length) {
      if (nl !== -1 && nl < start) nl = chunk.indexOf(NEWLINE, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(CARRIAGE_RETURN, start);
      const end = nl === -1 ? cr === -1 ? chunk.length : cr : cr === -1 ? nl : Math.min(nl, cr);
      if (end === chunk.length) break;
      const fresh = isEmpty(this.current);
      if (end === nl) {
        let line;
        if (!fresh) {
          this.append(chunk.subarray(start, end));
          line = text(this.current, this.maxBytes);
        } else if (end > start) {
          line = this.decode(chunk, start, end);
        } else if (prevStart !== -1) {
          line = this.decode(chunk, prevStart, prevEnd);
        } else {
          line = text(this.previous, this.maxBytes);
        }
        if (!fresh) this.current = emptySegment();
        if (!isEmpty(this.previous)) this.previous = emptySegment();
        prevStart = -1;
        this.emit(line);
      } else if (!fresh) {
        this.append(chunk.subarray(start, end));
        this.previous = this.current;
        this.current = emptySegment();
        prevStart = -1;
      } else if (end > start) {
        prevStart = start;
        prevEnd = end;
        if (!isEmpty(this.previous)) this.previous = emptySegment();
      }
      start = end + 1;
    }
    if (prevStart !== -1) {
      this.previous = emptySegment();
      this.appendTo(this.previous, chunk.subarray(prevStart, prevEnd));
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }
  end() {
    if (this.hasPartial()) {
      const line = this.partial();
      this.current = emptySegment();
      this.previous = emptySegment();
      this.emit(line);
    }
  }
  hasPartial() {
    return !isEmpty(this.current) || !isEmpty(this.previous);
  }
  /** The unfinished line as a terminal shows it now; '' when there is none. */
  partial() {
    return text(isEmpty(this.current) ? this.previous : this.current, this.maxBytes);
  }
  decode(chunk, from, to) {
    if (to - from <= this.maxBytes) return chunk.toString("utf8", from, to);
    return `${chunk.toString("utf8", from, from + utf8Boundary(chunk.subarray(from, to), this.maxBytes))} [holdout: line cut at ${this.maxBytes} bytes]`;
  }
  append(piece) {
    this.appendTo(this.current, piece);
  }
  /** Add a copy of `piece`, up to `maxBytes` in all. */
  appendTo(s, piece) {
    if (s.cut || piece.length === 0) return;
    const room = this.maxBytes - s.bytes;
    if (piece.length > room) {
      const kept = utf8Boundary(piece, room);
      s.parts.push(Buffer.from(piece.subarray(0, kept)));
      s.bytes += kept;
      s.cut = true;
      return;
    }
    s.parts.push(Buffer.from(piece));
    s.bytes += piece.length;
  }
};
function text(s, maxBytes) {
  const line = Buffer.concat(s.parts, s.bytes).toString("utf8");
  return s.cut ? `${line} [holdout: line cut at ${maxBytes} bytes]` : line;
}
function utf8Boundary(buf, max) {
  let end = max;
  while (end > 0 && end > max - 3 && (buf[end] & 192) === 128) end--;
  return end;
}

// src/sandbox/run.ts
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { randomBytes } from "node:crypto";

// src/sandbox/output-folder.ts
import { mkdir as mkdir2, open, rm as rm2 } from "node:fs/promises";
import path4 from "node:path";
var BLOCK = 512;
var MAX_NAME_BYTES = 1024;
var MAX_DEPTH = 32;
var TarFolderWriter = class _TarFolderWriter {
  constructor(dest, limits) {
    this.dest = dest;
    this.limits = limits;
  }
  dest;
  limits;
  state = { kind: "header" };
  pending = Buffer.alloc(0);
  longName;
  zeroBlocks = 0;
  bytes = 0;
  entries = [];
  failure;
  /** A writer into `dest`, emptied first (a retried read-back starts again from nothing). */
  static async create(dest, limits) {
    await rm2(dest, { recursive: true, force: true });
    await mkdir2(dest, { recursive: true, mode: 493 });
    return new _TarFolderWriter(dest, limits);
  }
  /** True once the stream was refused or ended: the rest of it may be dropped unread. */
  get done() {
    return this.failure !== void 0 || this.state.kind === "end";
  }
  async write(chunk) {
    if (this.done) return;
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0 && !this.done) {
      const s = this.state;
      if (s.kind === "header") {
        if (data.length < BLOCK) {
          this.pending = Buffer.from(data);
          return;
        }
        await this.header(data.subarray(0, BLOCK));
        data = data.subarray(BLOCK);
      } else if (s.kind === "file" || s.kind === "longname") {
        if (s.left > 0) {
          const piece = data.subarray(0, Math.min(s.left, data.length));
          if (s.kind === "file") await s.handle.write(piece);
          else s.parts.push(Buffer.from(piece));
          s.left -= piece.length;
          data = data.subarray(piece.length);
        }
        if (s.left === 0) {
          const pad = Math.min(s.pad, data.length);
          s.pad -= pad;
          data = data.subarray(pad);
          if (s.pad === 0) await this.finishEntry(s);
        }
      } else if (s.kind === "skip") {
        const n = Math.min(s.left, data.length);
        s.left -= n;
        data = data.subarray(n);
        if (s.left === 0) this.state = { kind: "header" };
      }
    }
  }
  /** The stream ended: what was written, or why it was refused. */
  async end() {
    const s = this.state;
    if (s.kind === "file") await s.handle.close();
    if (this.failure) return { ok: false, ...this.failure };
    if (s.kind !== "end" && !(s.kind === "header" && this.pending.length === 0 && this.zeroBlocks > 0)) {
      return { ok: false, problem: "malformed", detail: "the output folder's archive ended early" };
    }
    return { ok: true, files: this.entries.filter((e) => !e.folder).length, bytes: this.bytes, entries: this.entries };
  }
  fail(problem, detail) {
    this.failure ??= { problem, detail };
  }
  async header(block) {
    if (block.every((b) => b === 0)) {
      if (++this.zeroBlocks >= 2) this.state = { kind: "end" };
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(block)) return this.fail("malformed", "a header of the output folder's archive is damaged");
    const type = String.fromCharCode(block[156] || 48);
    const size = parseSize(block.subarray(124, 136));
    if (size === void 0) return this.fail("malformed", "a size in the output folder's archive cannot be read");
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const rawName = this.longName ?? cString(block.subarray(0, 100));
    this.longName = void 0;
    switch (type) {
      case "L": {
        if (size > MAX_NAME_BYTES * 4)
          return this.fail("bad_name", `a name in the output folder is longer than ${MAX_NAME_BYTES} bytes`);
        this.state = { kind: "longname", left: size, pad: padded - size, parts: [] };
        if (size === 0) await this.finishEntry(this.state);
        return;
      }
      case "x":
      case "g":
        this.state = { kind: "skip", left: padded };
        if (padded === 0) this.state = { kind: "header" };
        return;
      case "2":
        return this.fail("symlink", "the output folder holds a symbolic link");
      case "0":
      case "7":
      case "5":
        break;
      default:
        return this.fail(
          "not_regular",
          "the output folder holds something that is neither a file nor a folder (a link, a pipe, a device)"
        );
    }
    const name = safeName(rawName);
    if (typeof name !== "string") return this.fail("bad_name", name.why);
    if (name === "") {
      if (type !== "5") return this.fail("malformed", "the output folder's archive has a file without a name");
      return;
    }
    if (this.entries.length + 1 > this.limits.maxEntries) {
      return this.fail("oversize", `the output folder holds more than ${this.limits.maxEntries} files and folders`);
    }
    const target = path4.join(this.dest, ...name.split("/"));
    if (type === "5") {
      this.entries.push({ name, size: 0, folder: true });
      await mkdir2(target, { recursive: true, mode: 493 });
      return;
    }
    if (this.bytes + size > this.limits.maxBytes) {
      return this.fail("oversize", `the output folder holds more than ${this.limits.maxBytes} bytes`);
    }
    this.bytes += size;
    this.entries.push({ name, size, folder: false });
    await mkdir2(path4.dirname(target), { recursive: true, mode: 493 });
    let handle;
    try {
      handle = await open(target, "wx", 420);
    } catch (e) {
      const code = e.code;
      if (code === "EEXIST" || code === "ENOTDIR" || code === "EISDIR")
        return this.fail("bad_name", "the output folder's archive names one file twice");
      throw e;
    }
    this.state = { kind: "file", left: size, pad: padded - size, handle };
    if (size === 0) await this.finishEntry(this.state);
  }
  async finishEntry(s) {
    if (s.kind === "file") await s.handle.close();
    else this.longName = cString(Buffer.concat(s.parts));
    this.state = { kind: "header" };
  }
};
function cString(field) {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString("latin1");
}
function parseSize(field) {
  if (field[0] & 128) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return Number.isSafeInteger(n) ? n : void 0;
  }
  const text2 = cString(field).trim();
  if (!/^[0-7]*$/.test(text2)) return void 0;
  return text2 === "" ? 0 : parseInt(text2, 8);
}
function checksumOk(block) {
  const stored = parseInt(cString(block.subarray(148, 156)).trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  return stored === sum;
}
function safeName(raw) {
  const bytes = Buffer.from(raw, "latin1");
  let text2;
  try {
    text2 = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { why: "a file name in the output folder is not valid UTF-8" };
  }
  if (bytes.length > MAX_NAME_BYTES)
    return { why: `a path in the output folder is longer than ${MAX_NAME_BYTES} bytes` };
  const parts = text2.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..") || text2.startsWith("/"))
    return { why: "a name in the output folder's archive leaves the folder" };
  if (parts.length > MAX_DEPTH) return { why: `the output folder is nested more than ${MAX_DEPTH} levels deep` };
  return parts.join("/");
}

// src/sandbox/run.ts
async function runSandbox(spec, options) {
  const started = await startTracked(spec.name, () => runDetached(keepaliveRunArgs(spec)));
  if (!started.ok) {
    await removeTracked(spec.name);
    const why = lastLine(started.message);
    if (started.unavailable) return { kind: "engine_error", message: engineUnavailableLine(started) };
    if (/No such image|Unable to find image|pull access denied/i.test(started.message)) {
      return { kind: "image_missing", message: `the image ${spec.image} is not on this machine (${why})` };
    }
    return {
      kind: "engine_error",
      message: `the Docker engine could not start the sandbox: ${why || "no reason given"}`
    };
  }
  try {
    return await runCommand(spec, options);
  } finally {
    const removal = removeTracked(spec.name);
    if (options.deferRemoval) options.deferRemoval(removal);
    else await removal;
  }
}
function isolationProblem(procText) {
  const statusAt = procText.search(/^Name:/m);
  const netDev = statusAt === -1 ? procText : procText.slice(0, statusAt);
  const interfaces = [...netDev.matchAll(/^\s*([^\s:|]+):\s*\d/gm)].map((m) => m[1]);
  const foreign = interfaces.filter((i) => i !== "lo");
  if (interfaces.length === 0) return "could not list the network interfaces inside the sandbox";
  if (foreign.length > 0)
    return `the sandbox has network interfaces besides loopback (${foreign.join(", ")}); refusing to run`;
  const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(procText);
  if (!uid) return "could not read the uid inside the sandbox";
  if (uid[1] === "0" || uid[2] === "0") return "the submission would run as root inside the sandbox; refusing to run";
  return void 0;
}
var HANDSHAKE = 'cat /proc/net/dev /proc/self/status; echo @ready; read -r go; [ "$go" = run ] || exit 125; exec "$@" </dev/null 2>&1';
var READY_MARKER = Buffer.from("@ready\n");
function splitProbe(stdout, onOutput) {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0);
    let probing = true;
    stdout.on("data", (chunk) => {
      if (!probing) return onOutput(chunk);
      seen = Buffer.concat([seen, chunk]);
      const at = seen.indexOf(READY_MARKER);
      if (at !== -1) {
        probing = false;
        resolve(seen.subarray(0, at).toString("utf8"));
        const rest = seen.subarray(at + READY_MARKER.length);
        if (rest.length > 0) onOutput(rest);
      } else if (seen.length > 256 * 1024) {
        probing = false;
        resolve(void 0);
      }
    });
    stdout.on("end", () => probing && resolve(void 0));
  });
}
function handshakeScript(spec) {
  if (!hasWorkingCopy(spec)) return HANDSHAKE;
  const copy = `if ! err=$(${workingCopyCommand(spec)} 2>&1); then printf '@copyfail %.300s\\n' "$(printf '%s' "$err" | tr '\\n' ' ')"; fi; `;
  return copy + HANDSHAKE;
}
async function runCommand(spec, options) {
  const attached = await execAttached(commandExecArgs(spec, ["/bin/sh", "-c", handshakeScript(spec), "sh"]));
  if (!attached.ok) {
    if (attached.unavailable) return { kind: "engine_error", message: engineUnavailableLine(attached) };
    options.collector.write("docker", Buffer.from(`Error response from daemon: ${attached.message}
`));
    return { kind: "isolation_failed", message: "the sandbox did not answer the isolation check" };
  }
  const child = attached.session;
  child.stderr.on("data", (chunk) => options.collector.write("docker", chunk));
  const probe = await splitProbe(child.stdout, (chunk) => options.collector.write("output", chunk));
  const problem = probe !== void 0 ? isolationProblem(probe) : "the sandbox did not answer the isolation check";
  if (problem) {
    child.stdin.end();
    await child.done;
    return { kind: "isolation_failed", message: problem };
  }
  const copyFailure = probe === void 0 ? void 0 : /^@copyfail ?(.*)$/m.exec(probe);
  if (copyFailure) {
    child.stdin.end();
    await child.done;
    return { kind: "copy_failed", message: copyFailure[1].trim() };
  }
  const t0 = performance.now();
  child.stdin.end("run\n");
  let timerFired = false;
  const timer = setTimeout(() => {
    timerFired = true;
    void killContainer(spec.name);
  }, spec.limits.time_s * 1e3);
  const result = await child.done;
  clearTimeout(timer);
  await unlessInterrupted();
  const durationS = (performance.now() - t0) / 1e3;
  const timedOut = timerFired || durationS >= spec.limits.time_s;
  const nothingCollected = {
    peakMemoryBytes: null,
    outputFull: false,
    outputBytes: null,
    outputOversize: false,
    outputProblem: null
  };
  if (timedOut) {
    return { kind: "ran", durationS, timedOut, exitCode: null, oomKilled: false, ...nothingCollected, readBack: "ok" };
  }
  const back = await readBack(spec, options.outputHostPath);
  const exitCode = typeof result.exitCode === "number" ? result.exitCode : null;
  if (back.state !== "ok") {
    return {
      kind: "ran",
      durationS,
      timedOut,
      exitCode,
      oomKilled: back.oomKilled,
      ...nothingCollected,
      readBack: back.state,
      readBackDetail: back.detail
    };
  }
  const c = back.collected;
  const ownOutputFolder = !(hasWorkingCopy(spec) && outputDir(spec) === spec.workdir);
  return {
    kind: "ran",
    durationS,
    timedOut,
    exitCode,
    // The kernel's OOM counter for the container's cgroup is the record (the engine's own
    // flag only covers the container's main process, which is ours).
    oomKilled: c.oomKills > 0,
    peakMemoryBytes: c.peakMemoryBytes,
    outputFull: ownOutputFolder && (c.outputFree === 0 || c.outputInodesFree === 0),
    outputBytes: c.outputBytes,
    outputOversize: c.outputOversize === true || c.outputBytes !== null && c.outputBytes > spec.limits.output_bytes,
    outputProblem: c.outputProblem,
    ...c.outputBytes === null && c.held ? { outputHeld: c.held } : {},
    ...c.folder ? { outputFolder: c.folder } : {},
    readBack: "ok"
  };
}
var HELD_SHOWN = 20;
var COLLECT_PREFIX = `
kill -9 -1 2>/dev/null
me=$$
myuid=
while read -r k v _; do [ "$k" = Uid: ] && myuid=$v; done </proc/self/status
alone() {
  for d in /proc/[0-9]*; do
    [ "\${d#/proc/}" = "$me" ] && continue
    u=; s=
    { while read -r k v _; do case $k in State:) s=$v;; Uid:) u=$v; break;; esac; done <"$d/status"; } 2>/dev/null
    [ "$u" = "$myuid" ] && [ "$s" != Z ] && [ "$s" != X ] && return 1
  done
  return 0
}
i=0
until alone; do
  i=$((i + 1)); [ $i -ge 40 ] && exit 3
  kill -9 -1 2>/dev/null; sleep 0.05
done
echo "@oom"; cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events 2>/dev/null
echo "@peak $(cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak 2>/dev/null)"
echo "@outfree $(stat -f -c '%a %d' "$2" 2>/dev/null)"
`;
var COLLECT_SCRIPT = `${COLLECT_PREFIX}
nl='
'
held() {
  n=0
  for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    n=$((n + 1))
    [ $n -le ${HELD_SHOWN} ] || continue
    name=\${f##*/}
    case $name in *"$nl"*) name='(a name with a line break)';; esac
    [ -d "$f" ] && [ ! -L "$f" ] && name="$name/"
    printf '@held %s\\n' "$name"
  done
  echo "@heldcount $n"
}
if [ ! -d "$2" ] || [ ! -x "$2" ] || [ ! -r "$2" ]; then echo "@output folder_blocked"
elif [ -L "$1" ]; then echo "@output symlink"
elif [ ! -e "$1" ]; then echo "@output none"; held "$2"
elif [ ! -f "$1" ]; then echo "@output not_regular"
elif [ ! -r "$1" ]; then echo "@output unreadable"
else
  size=$(stat -c %s "$1") && [ -n "$size" ] || exit 4
  echo "@output $size"; echo "@end"
  [ "$size" -le "$3" ] && exec head -c "$3" "$1"
  exit 0
fi
echo "@end"
`;
var COLLECT_FOLDER_SCRIPT = `${COLLECT_PREFIX}
command -v find >/dev/null && command -v tar >/dev/null || exit 5
if [ ! -d "$2" ] || [ ! -x "$2" ] || [ ! -r "$2" ]; then echo "@output folder_blocked"; echo "@end"; exit 0; fi
bad=$(find "$2" -mindepth 1 \\( -type l -printf 'symlink\\n' -quit \\) -o \\( ! -type f ! -type d -printf 'not_regular\\n' -quit \\) -o \\( ! -readable -printf 'unreadable\\n' -quit \\) -o \\( -type d ! -executable -printf 'unreadable\\n' -quit \\) 2>/dev/null) || bad=unreadable
if [ -n "$bad" ]; then echo "@output $bad"; echo "@end"; exit 0; fi
echo "@output folder"; echo "@end"
exec tar -c -f - --format=gnu --one-file-system --hard-dereference --numeric-owner -C "$2" .
`;
var END_MARKER = Buffer.from("@end\n");
var END_LINE = Buffer.from("\n@end\n");
var SURVIVORS = 3;
var SYSTEM_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
var GONE = /No such container|is not running|not running|cannot join PID of a non running container|No such object/i;
async function readBack(spec, outputHostPath) {
  const first = await collectOnce(spec, outputHostPath);
  if (first.ok) return { state: "ok", collected: first.collected };
  let last = first;
  if (!first.gone) {
    await escalate(spec);
    for (const pause of [0, 300, 1e3]) {
      if (pause) await sleep(pause);
      last = await collectOnce(spec, outputHostPath);
      if (last.ok) return { state: "ok", collected: last.collected };
      if (last.gone) break;
    }
  }
  const diagnosed = await diagnose(spec.name, first.why);
  if (diagnosed.state === "failed" && !last.ok && last.survivors) {
    return { state: "survivors", oomKilled: false, detail: last.why };
  }
  return diagnosed;
}
async function collectOnce(spec, outputHostPath) {
  const limit = spec.limits.output_bytes;
  const timeoutMs = collectTimeoutS(spec.limits) * 1e3;
  const exec = ["exec", "--user", `${spec.uid}:${spec.gid}`, "--env", SYSTEM_PATH, spec.name, "/bin/sh", "-c"];
  if (!spec.outputFolder) {
    const args = [...exec, COLLECT_SCRIPT, "sh", spec.outputFile, outputDir(spec), String(limit)];
    return streamCollect(args, fileSink(outputHostPath, limit), timeoutMs);
  }
  const writer = await TarFolderWriter.create(outputHostPath, {
    maxBytes: limit,
    maxEntries: spec.limits.output_files
  });
  const attempt = await streamCollect([...exec, COLLECT_FOLDER_SCRIPT, "sh", "", spec.outputFolder], writer, timeoutMs);
  if (!attempt.ok || !attempt.collected.folderStream) return attempt;
  const result = await writer.end();
  if (!result.ok && result.problem === "malformed" && !attempt.collected.outputProblem)
    return { ok: false, why: result.detail, gone: false };
  return {
    ok: true,
    collected: { ...attempt.collected, ...folderFacts(spec, result, attempt.collected.outputProblem) }
  };
}
async function escalate(spec) {
  const opts = { reject: false, stdin: "ignore", timeout: 6e4 };
  const paused = await docker(["pause", spec.name], opts);
  const killer = `${spec.name}-killer-${randomBytes(3).toString("hex")}`;
  await startTracked(killer, () => docker(killerRunArgs(spec, killer), opts));
  void removeTracked(killer);
  const memory = String(spec.limits.memory_bytes + 64 * 1024 * 1024);
  await docker(
    ["update", "--pids-limit", String(spec.limits.pids + 64), "--memory", memory, "--memory-swap", memory, spec.name],
    opts
  );
  if (paused.exitCode === 0) await docker(["unpause", spec.name], opts);
}
async function diagnose(name, why) {
  const r = await inspectContainer(name);
  if (r.ok) {
    if (r.state.Running !== true)
      return {
        state: "sandbox_stopped",
        oomKilled: r.state.OOMKilled === true,
        detail: `the sandbox container stopped (${why})`
      };
    return { state: "failed", oomKilled: false, detail: why };
  }
  if (r.gone || GONE.test(r.message))
    return { state: "sandbox_stopped", oomKilled: false, detail: `the sandbox container is gone (${why})` };
  return {
    state: "engine_unavailable",
    oomKilled: false,
    detail: r.unavailable ? engineUnavailableLine(r) : lastLine(r.message) || why
  };
}
function folderFacts(spec, result, streamProblem) {
  if (!result.ok) {
    if (streamProblem) return { outputProblem: streamProblem, outputBytes: null };
    if (result.problem === "oversize") return { outputOversize: true, outputBytes: null };
    if (result.problem === "malformed") return { outputProblem: "unreadable", outputBytes: null };
    return { outputProblem: result.problem, outputBytes: null };
  }
  if (streamProblem) return { outputProblem: streamProblem, outputBytes: null };
  const folder = { files: result.files, bytes: result.bytes };
  const expected = spec.outputFile.slice(spec.outputFolder.length + 1);
  const found = result.entries.find((e) => e.name === expected && !e.folder);
  const required = spec.outputFileRequired !== false;
  const outputBytes = required ? found ? found.size : null : result.files > 0 ? result.bytes : null;
  if (outputBytes !== null) return { folder, outputBytes };
  const top = result.entries.filter((e) => !e.name.includes("/"));
  return {
    folder,
    outputBytes,
    held: { names: top.slice(0, HELD_SHOWN).map((e) => e.folder ? `${e.name}/` : e.name), count: top.length }
  };
}
function fileSink(hostPath, limit) {
  const out = createWriteStream(hostPath);
  let written = 0;
  return {
    done: false,
    async write(chunk) {
      const room = limit - written;
      if (room <= 0) return;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      written += piece.length;
      if (!out.write(piece)) await once(out, "drain");
    },
    async close() {
      out.end();
      await once(out, "close");
    }
  };
}
async function streamCollect(args, sink, timeoutMs) {
  const attached = await execAttached(args, timeoutMs);
  if (!attached.ok) {
    await sink.close?.();
    return {
      ok: false,
      why: attached.unavailable ? engineUnavailableLine(attached) : lastLine(attached.message),
      gone: attached.unavailable || GONE.test(attached.message),
      survivors: false
    };
  }
  const child = attached.session;
  let stderr = "";
  child.stderr.on("data", (c) => {
    if (stderr.length < 64 * 1024) stderr += c.toString("utf8");
  });
  let header = Buffer.alloc(0);
  let headerText;
  let stoppedEarly = false;
  try {
    for await (const chunk of child.stdout) {
      if (headerText !== void 0) {
        await sink.write(chunk);
      } else {
        header = Buffer.concat([header, chunk]);
        const at = header.indexOf(END_LINE);
        const end = at === -1 ? -1 : at + 1;
        if (end === -1) {
          if (header.length > 64 * 1024) break;
          continue;
        }
        headerText = header.subarray(0, end).toString("utf8");
        const rest = header.subarray(end + END_MARKER.length);
        if (rest.length > 0) await sink.write(rest);
      }
      if (sink.done) {
        stoppedEarly = true;
        child.abort();
        break;
      }
    }
  } finally {
    await sink.close?.();
  }
  if (headerText === void 0) child.abort();
  const result = await child.done;
  const parsed = headerText === void 0 ? void 0 : parseCollectHeader(headerText);
  if (parsed && (result.exitCode === 0 || stoppedEarly && parsed.folderStream))
    return { ok: true, collected: parsed };
  if (parsed?.folderStream && !result.timedOut && /^tar: /m.test(stderr))
    return { ok: true, collected: { ...parsed, outputProblem: "unreadable" } };
  const why = result.timedOut ? `the read-back took longer than ${Math.round(timeoutMs / 1e3)}s` : result.exitCode === SURVIVORS ? "processes of the submission survived being killed" : lastLine(stderr) || `the read-back exited with code ${result.exitCode ?? "?"}`;
  return { ok: false, why, gone: GONE.test(stderr), survivors: result.exitCode === SURVIVORS };
}
function parseCollectHeader(text2) {
  const oom = /^oom_kill\s+(\d+)/m.exec(text2);
  const peak = /^@peak (\d+)/m.exec(text2);
  const free = /^@outfree (\d+)(?: (\d+))?/m.exec(text2);
  const output = /^@output (\d+|none|folder|symlink|not_regular|unreadable|folder_blocked)$/m.exec(text2);
  if (!output) return void 0;
  const value = output[1];
  const bytes = /^\d+$/.test(value) ? Number(value) : null;
  const collected = {
    oomKills: oom ? Number(oom[1]) : 0,
    peakMemoryBytes: peak ? Number(peak[1]) : null,
    outputFree: free ? Number(free[1]) : null,
    outputInodesFree: free?.[2] !== void 0 ? Number(free[2]) : null,
    outputBytes: bytes,
    outputProblem: bytes === null && value !== "none" && value !== "folder" ? value : null
  };
  if (value === "folder") collected.folderStream = true;
  if (value === "none") {
    const names = [...text2.slice(output.index).matchAll(/^@held (.*)$/gm)].map((m) => m[1]);
    const count = /^@heldcount (\d+)$/m.exec(text2.slice(output.index));
    collected.held = { names, count: count ? Number(count[1]) : names.length };
  }
  return collected;
}

// src/harness/protocol.ts
var FAILURE_REASONS2 = /* @__PURE__ */ new Set(["invalid_submission", "crash", "invalid_output"]);
var MAX_TEXT = 2e3;
var HarnessListener = class {
  constructor(nonce) {
    this.nonce = nonce;
    this.marker = `::holdout:${nonce}:: `;
  }
  nonce;
  marker;
  events = [];
  handedOver = false;
  heldEmpty = false;
  /**
   * A log line → the lines to keep in its place. The harness starts each of its lines with a
   * newline, so a participant's unfinished line can never swallow one (a line is cut at 4 KiB); the
   * empty line that newline makes when nothing was unfinished is held back here and dropped when a
   * protocol line follows it.
   */
  take = (line) => {
    const held = this.heldEmpty ? [""] : [];
    this.heldEmpty = false;
    const at = line.indexOf(this.marker);
    if (at === -1) {
      if (line === "") {
        this.heldEmpty = true;
        return held;
      }
      return [...held, line];
    }
    const event = parseEvent(line.slice(at + this.marker.length));
    if (event) {
      this.events.push({ event, beforeHandover: !this.handedOver });
      if (event.event === "handover") this.handedOver = true;
    }
    return at > 0 ? [line.slice(0, at)] : [];
  };
  /** What the harness's lines decide, if anything (see harnessVerdict). */
  outcome() {
    return harnessOutcome(this.events);
  }
};
function parseEvent(text2) {
  let raw;
  try {
    raw = JSON.parse(text2);
  } catch {
    return void 0;
  }
  if (typeof raw !== "object" || raw === null) return void 0;
  const r = raw;
  const str = (v) => typeof v === "string" ? v.slice(0, MAX_TEXT) : "";
  switch (r.event) {
    case "handover":
    case "done":
      return { event: r.event };
    case "error":
      return { event: "error", message: str(r.message), hint: str(r.hint) };
    case "failed":
      if (typeof r.reason !== "string" || !FAILURE_REASONS2.has(r.reason)) return void 0;
      return {
        event: "failed",
        reason: r.reason,
        message: str(r.message),
        hint: str(r.hint)
      };
    default:
      return void 0;
  }
}
function harnessOutcome(events) {
  for (const { event, beforeHandover } of events) {
    if (event.event === "error") {
      if (beforeHandover) {
        return {
          kind: "verdict",
          verdict: errored(
            "harness_failed",
            event.message,
            event.hint || "This is not the submission's fault: report it to the organizers with the log."
          )
        };
      }
      return {
        kind: "verdict",
        verdict: failed("crash", event.message, "Fix the error shown in the log above, then run holdout test again.")
      };
    }
    if (event.event === "failed") {
      return { kind: "verdict", verdict: failed(event.reason, event.message, event.hint) };
    }
    if (event.event === "done") return { kind: "done" };
  }
  return { kind: "unfinished" };
}
function unfinishedVerdict(what) {
  return failed(
    "crash",
    `The submission ended before the harness finished ${what}: its code exited the process (sys.exit or os._exit) or was killed, so no output was checked.`,
    "Return from your functions instead of exiting the process, and do not start processes that kill it; the harness writes the output after they return. Likely also: running out of memory."
  );
}

// src/pipeline/phases.ts
import { createHash as createHash2 } from "node:crypto";
import { cp, lstat as lstat2, mkdir as mkdir3, mkdtemp as mkdtemp2, readdir as readdir4, rename, rm as rm3, stat, utimes } from "node:fs/promises";

// src/ledger/hash.ts
import { createHash } from "node:crypto";
import { readdir as readdir3, readFile as readFile2 } from "node:fs/promises";
import path5 from "node:path";
function submissionHash(files) {
  const hash = createHash("sha256").update("holdout-submission-v1\0");
  const sorted = [...files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (const file of sorted) {
    hash.update(`${file.path}\0${file.bytes.byteLength}\0`);
    hash.update(file.bytes);
  }
  return `sha256:${hash.digest("hex")}`;
}
async function hashSubmissionFolder(dir) {
  const files = [];
  const walk = async (rel) => {
    for (const entry of await readdir3(path5.join(dir, rel), { withFileTypes: true })) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) files.push({ path: child, bytes: await readFile2(path5.join(dir, child)) });
    }
  };
  await walk("");
  return submissionHash(files);
}

// src/pipeline/phases.ts
import path6 from "node:path";

// src/harness/settings.ts
function harnessSettings(input) {
  const { config } = input;
  const s = config.submission;
  return JSON.stringify({
    version: 1,
    nonce: input.nonce,
    kind: input.kind,
    phase: input.phase,
    entry: s.entry_point,
    resources_dir: input.resourcesDir,
    has_trained: input.hasTrained,
    has_gpu: input.hasGpu,
    output: { id_column: config.scoring.id_column, columns: config.scoring.columns },
    ...input.kind === "functions" ? { functions: functionsSettings(s) } : {},
    ...input.kind === "pickle" ? { pickle: pickleSettings(s) } : {},
    ...input.kind === "handler" ? { handler: s.handler } : {}
  });
}

// src/pipeline/phases.ts
var RESOURCES = "resources";
async function planPhases(config, codeDir, choice = "both") {
  const s = config.submission;
  switch (s.kind) {
    case "script": {
      const harness = !await isFile(path6.join(codeDir, s.entry_point));
      return { ok: true, kind: "script", steps: [{ phase: null, harness }], shippedResources: false, trains: false };
    }
    case "pickle":
    case "handler":
      return {
        ok: true,
        kind: s.kind,
        steps: [{ phase: null, harness: true }],
        shippedResources: false,
        trains: false
      };
    case "functions": {
      const f = functionsSettings(s);
      const entry = await lstat2(path6.join(codeDir, RESOURCES)).catch(() => void 0);
      if (entry && !entry.isDirectory()) {
        return {
          ok: false,
          message: `The submission holds a file named ${RESOURCES}: that name is the folder of trained resources (model_directory_path).`,
          hint: `Rename the file, or make ${RESOURCES}/ a folder.`
        };
      }
      const shipped = entry !== void 0;
      if (shipped && !f.resources.shipped && f.train !== null) {
        return {
          ok: false,
          message: `The submission ships a ${RESOURCES}/ folder, but this competition trains every submission: ${RESOURCES}/ is what its train phase writes.`,
          hint: `Leave ${RESOURCES}/ out of the submission (the train function fills it through model_directory_path), or rename the folder.`
        };
      }
      const train = f.train !== null && !(shipped && f.resources.shipped);
      const phases = choice === "train" ? train ? ["train"] : [] : choice === "infer" || !train ? ["infer"] : ["train", "infer"];
      if (phases.length === 0) {
        return {
          ok: false,
          message: "There is no train phase to run: the competition has none (submission.functions.train is null) or the submission ships its resources/.",
          hint: "Run holdout test without --phase."
        };
      }
      return {
        ok: true,
        kind: "functions",
        steps: phases.map((phase) => ({ phase, harness: true })),
        shippedResources: shipped && f.resources.shipped,
        trains: train
      };
    }
  }
}
function resourcesRoot(env = process.env) {
  return env.HOLDOUT_RESOURCES_DIR ? path6.resolve(env.HOLDOUT_RESOURCES_DIR) : `${runsRoot(env)}-resources`;
}
async function contentKey(codeDir, scope) {
  const content = await hashSubmissionFolder(codeDir);
  return createHash2("sha256").update(`${scope}\0${content}`).digest("hex").slice(0, 32);
}
var KEEP_RESOURCES = 20;
var DAY_MS = 24 * 3600 * 1e3;
async function ownRoot(root) {
  await mkdir3(root, { recursive: true, mode: 448 }).catch(() => {
  });
  return ownPrivateFolder(root);
}
async function keptResources(key, root = resourcesRoot()) {
  if (!await ownRoot(root)) return void 0;
  const dir = path6.join(root, key);
  if (!await isDirectory(dir)) return void 0;
  const now = /* @__PURE__ */ new Date();
  await utimes(dir, now, now).catch(() => {
  });
  return dir;
}
async function keepResources(key, from, root = resourcesRoot()) {
  if (!await ownRoot(root)) return false;
  const dir = path6.join(root, key);
  if (await isDirectory(dir)) return true;
  const partial = await mkdtemp2(path6.join(root, `.partial-${key}-`));
  try {
    await cp(from, partial, { recursive: true });
    await rename(partial, dir);
  } catch {
    await rm3(partial, { recursive: true, force: true });
    return isDirectory(dir);
  }
  await pruneResources(root);
  return true;
}
async function pruneResources(root, keep = KEEP_RESOURCES, now = Date.now()) {
  const entries = await readdir4(root, { withFileTypes: true }).catch(() => []);
  const kept = await Promise.all(
    entries.filter((e) => e.isDirectory() && /^[0-9a-f]{32}$/.test(e.name)).map(async (e) => ({ dir: path6.join(root, e.name), mtime: (await stat(path6.join(root, e.name))).mtimeMs }))
  );
  kept.sort((a, b) => b.mtime - a.mtime);
  for (const { dir, mtime } of kept.slice(keep)) {
    if (now - mtime > DAY_MS) await rm3(dir, { recursive: true, force: true });
  }
}
async function isFile(p) {
  return (await lstat2(p).catch(() => void 0))?.isFile() ?? false;
}
async function isDirectory(p) {
  return (await lstat2(p).catch(() => void 0))?.isDirectory() ?? false;
}
function withHarness(spec, hostHarness, input) {
  return {
    ...spec,
    command: HARNESS_COMMAND,
    env: { ...spec.env, HOLDOUT_HARNESS: harnessSettings(input) },
    mounts: [...spec.mounts ?? [], { source: hostHarness, target: HARNESS_MOUNT }]
  };
}
function forPhase(spec, config, phase, overrides = {}, resourcesHost) {
  const f = functionsSettings(config.submission);
  const resources = path6.posix.join(spec.workdir, RESOURCES);
  const time_s = overrides.time_s ?? (phase === "train" ? f.train_time : f.infer_time) ?? spec.limits.time_s;
  if (phase === "train") {
    return {
      ...spec,
      outputFolder: resources,
      outputFile: path6.posix.join(resources, ".holdout-none"),
      outputFileRequired: false,
      limits: { ...spec.limits, time_s, output_bytes: f.resources.max_size, output_files: f.resources.max_files }
    };
  }
  return {
    ...spec,
    limits: { ...spec.limits, time_s },
    ...resourcesHost ? { mounts: [...spec.mounts ?? [], { source: resourcesHost, target: resources }] } : {}
  };
}
function judgeHarnessed(judged, outcome, what, training) {
  const hostFirst = "verdict" in judged && (judged.verdict.status !== "failed" || !["crash", "invalid_output", "no_output"].includes(judged.verdict.reason));
  if (hostFirst) return judged;
  if (outcome.kind === "verdict") return { verdict: outcome.verdict };
  if (outcome.kind === "unfinished") {
    if ("verdict" in judged && judged.verdict.status === "failed" && judged.verdict.reason === "crash") return judged;
    return {
      verdict: unfinishedVerdict(what === "train" || what === "infer" ? `the ${what} phase` : `running the ${what}`)
    };
  }
  if (training && "verdict" in judged && judged.verdict.status === "failed" && judged.verdict.reason === "no_output") {
    return { score: true };
  }
  return judged;
}
function inPhase(verdict, phase, steps) {
  if (verdict.status === "success" || phase === null || steps < 2) return verdict;
  return { ...verdict, message: `The ${phase} phase: ${verdict.message}` };
}

// src/pipeline/evaluate.ts
async function evaluate(options) {
  const competition = await loadCompetition(options.competitionDir);
  const limits = effectiveLimits(competition.config, options.overrides);
  const dataset = await prepareDataset(competition, options.dataset);
  const wantGpu = options.overrides?.gpu ?? competition.config.limits.gpus > 0;
  const flavor = wantGpu ? "gpu" : competition.config.runtime.flavor;
  if (flavor === "gpu" && !competition.config.runtime.gpu) {
    throw new ConfigError(
      "a GPU run was asked for (--gpu or limits.gpus), but competition.yml has no runtime.gpu image"
    );
  }
  const ownFolder = options.workDir === void 0;
  const workDir = options.workDir ?? await createRunFolder();
  await mkdir4(workDir, { recursive: true });
  options.onWorkDir?.(workDir);
  const codeDir = path7.join(workDir, "code");
  const progress = options.onProgress ?? (() => {
  });
  const t0 = performance.now();
  const base = reportBase(competition, options, limits);
  const removals = [];
  const finish = (verdict, extra = {}) => ({
    ...base,
    ...verdictFields(verdict),
    duration_s: round((performance.now() - t0) / 1e3),
    ...extra
  });
  try {
    progress("validate", `checking ${options.submission}`);
    await rm4(codeDir, { recursive: true, force: true });
    await mkdir4(codeDir, { recursive: true });
    const { config } = competition;
    const staged = await stageSubmission(
      options.submission,
      codeDir,
      submissionRules(config.submission, reservedRootNames(config.container))
    );
    if (!staged.ok) {
      return finish(failed("invalid_submission", staged.message, staged.hint), {
        problems: staged.problems.slice(0, 20)
      });
    }
    for (const warning of staged.warnings) progress("validate", `warning: ${warning}`);
    if (config.submission.kind === "handler") {
      const flat = await flattenSetupConfig(
        codeDir,
        config.submission.handler?.file ?? "handler.py",
        reservedRootNames(config.container)
      );
      if (!flat.ok) {
        const [first] = flat.problems;
        return finish(
          failed("invalid_submission", `The submission's setup_config.json is refused: ${first.text}.`, first.hint),
          { problems: flat.problems.slice(0, 20).map((p) => p.text) }
        );
      }
      for (const warning of flat.warnings) progress("validate", `warning: ${warning}`);
    }
    if (config.limits.workdir === 0) await createMountPoints(codeDir, config);
    let gpu = { kind: "none" };
    if (wantGpu) {
      const access = await detectGpuAccess(Math.max(1, config.limits.gpus));
      if (!access) {
        return finish(
          errored(
            "gpu_unavailable",
            "A GPU run was asked for, but this machine has no NVIDIA GPU (no /dev/nvidia* device).",
            "Run on a machine with a GPU and the NVIDIA driver, or drop --gpu. This is not the submission's fault."
          )
        );
      }
      gpu = access;
    }
    progress("image", `runtime image (${flavor})`);
    const image = await ensureImage({
      competitionDir: competition.dir,
      runtime: config.runtime,
      flavor,
      onProgress: (line) => progress("image", line),
      buildLogPath: path7.join(workDir, "image-build.log")
    });
    if (!image.ok) {
      const streamed = options.onProgress !== void 0;
      const tail = !streamed && image.logTail.length ? `
${image.logTail.join("\n")}` : "";
      const where = image.logTail.length ? ` (the build log: ${path7.join(workDir, "image-build.log")})` : "";
      const hint = `${image.hint}. This is not the submission's fault.`;
      return finish(errored(image.reason, `${image.message}${where}${tail}`, hint), {
        problems: streamed ? [] : image.logTail
      });
    }
    base.image = image.tag;
    const plan = await planPhases(config, codeDir, options.phase);
    if (!plan.ok) return finish(failed("invalid_submission", plan.message, plan.hint));
    base.kind = plan.kind;
    let steps = plan.steps;
    let resourcesHost;
    const key = plan.kind === "functions" ? await contentKey(
      codeDir,
      JSON.stringify([competition.dir, options.dataset, config.submission, dataset.data, image.tag])
    ) : "";
    if (plan.trains && (options.phase === "infer" || options.reuseResources)) {
      resourcesHost = await keptResources(key);
      if (resourcesHost) steps = steps.filter((step) => step.phase !== "train");
      else if (options.phase === "infer") {
        throw new UsageError(
          `this submission has not been trained on this machine (no resources kept for it in ${resourcesRoot()}): run holdout test without --phase (or with --phase train) first`
        );
      }
    }
    if (plan.kind === "functions" && config.limits.workdir === 0) {
      await mkdir4(path7.join(codeDir, RESOURCES), { recursive: true, mode: 493 });
    }
    const collector = new LogCollector({
      reportLines: config.limits.log_lines,
      maxFileBytes: config.limits.log_file,
      filePath: path7.join(workDir, "submission.log"),
      ...options.onLog ? { onLine: options.onLog } : {},
      ...options.onPartialLine ? { onPartial: options.onPartialLine } : {},
      intercept: (line) => listener ? listener.take(line) : [line]
    });
    let listener;
    let logClosed = false;
    const closeLog = () => {
      if (logClosed) return;
      logClosed = true;
      base.log = toLogSummary(collector.finish());
    };
    const runFields = {};
    let last;
    try {
      for (const step of steps) {
        let spec = sandboxSpec(competition, options.dataset, codeDir, dataset.data, image.tag, limits, gpu);
        const phase = step.phase;
        listener = step.harness ? new HarnessListener(randomBytes2(16).toString("hex")) : void 0;
        if (step.harness) {
          spec = withHarness(spec, harnessDir(), {
            config,
            kind: plan.kind,
            phase,
            nonce: listener.nonce,
            resourcesDir: plan.kind === "functions" ? path7.posix.join(spec.workdir, RESOURCES) : null,
            hasTrained: plan.shippedResources || resourcesHost !== void 0 || steps.some((s) => s.phase === "train"),
            hasGpu: gpu.kind !== "none"
          });
        }
        if (phase) spec = forPhase(spec, config, phase, options.overrides, resourcesHost);
        base.reproduce.docker = `docker ${shellQuote(reproduceRunArgs(spec))}`;
        if (steps.length > 1) collector.write("holdout", Buffer.from(`[holdout: ${phase} phase]
`));
        const outputFolderPath2 = spec.outputFolder ? path7.join(workDir, phase === "train" ? RESOURCES : "output") : void 0;
        const outputPath2 = spec.outputFolder ? path7.join(outputFolderPath2, ...path7.posix.relative(spec.outputFolder, spec.outputFile).split("/")) : path7.join(workDir, path7.posix.basename(spec.outputFile));
        progress(
          "run",
          `running ${phase ? `the ${phase} phase` : step.harness ? `the ${plan.kind} harness` : spec.command.join(" ")} (limit ${spec.limits.time_s}s)`
        );
        const started = performance.now();
        const facts = await runSandbox(spec, {
          collector,
          outputHostPath: outputFolderPath2 ?? outputPath2,
          deferRemoval: (p) => removals.push(p)
        });
        collector.endLines();
        if (facts.kind === "copy_failed") {
          closeLog();
          return finish(
            failed(
              "invalid_submission",
              `The submission could not be copied into its writable working folder ${spec.workdir} (at most ${formatBytes(spec.limits.workdir_bytes)}, held in memory with everything else under the ${formatBytes(limits.memory_bytes)} limit)${facts.message ? `: ${facts.message}` : "."}`,
              "Make the submission smaller: leave out files it does not need at run time (training data, checkpoints you do not load), or compress large model files."
            )
          );
        }
        const ranFields = {
          exit_code: facts.kind === "ran" ? facts.exitCode : null,
          peak_memory_bytes: facts.kind === "ran" ? facts.peakMemoryBytes : null
        };
        if (phase) {
          base.phases = [
            ...base.phases ?? [],
            { name: phase, duration_s: round((performance.now() - started) / 1e3), ...ranFields }
          ];
        }
        runFields.exit_code = ranFields.exit_code;
        runFields.peak_memory_bytes = ranFields.peak_memory_bytes === null ? runFields.peak_memory_bytes ?? null : Math.max(ranFields.peak_memory_bytes, runFields.peak_memory_bytes ?? 0);
        const snapshot = toLogSummary(collector.snapshot());
        let judged = judgeRun(
          facts,
          spec,
          lastLinesOf(snapshot),
          await crashContext(facts, dataset.data, config.runtime, flavor)
        );
        if (listener) judged = judgeHarnessed(judged, listener.outcome(), phase ?? plan.kind, phase === "train");
        if ("verdict" in judged) {
          closeLog();
          return finish(inPhase(judged.verdict, phase, steps.length), runFields);
        }
        if (phase === "train") {
          await mkdir4(outputFolderPath2, { recursive: true });
          resourcesHost = outputFolderPath2;
          if (!await keepResources(key, outputFolderPath2).catch(() => false))
            progress("run", "the trained resources could not be kept for later runs (holdout test --phase infer)");
        }
        if (facts.kind === "ran") last = { facts, spec, outputPath: outputPath2, outputFolderPath: outputFolderPath2 };
      }
    } finally {
      closeLog();
    }
    if (!last || steps[steps.length - 1].phase === "train") {
      return finish(
        { status: "success" },
        { ...runFields, message: `The train phase ran; its resources are kept for holdout test --phase infer.` }
      );
    }
    const { outputPath, outputFolderPath } = last;
    progress("score", `checking ${path7.basename(outputPath)} against the labels`);
    const scored = await scorePredictions({
      predictionsPath: outputPath,
      predictionsDir: outputFolderPath,
      labelsPath: dataset.labels,
      // Without the split on a smoke dataset whose labels have no split column (prepareDataset).
      scoring: dataset.scoring,
      competitionDir: competition.dir,
      runtime: config.runtime
    });
    switch (scored.kind) {
      case "invalid":
        return finish(failed("invalid_output", scored.message, scored.hint), {
          ...runFields,
          problems: scored.problems.slice(0, 20)
        });
      case "error":
        if (scored.detail) {
          await writeFile2(path7.join(workDir, "scorer.log"), `${scored.detail}
`);
          options.onScorerDetail?.(scored.detail);
        }
        return finish(errored("scorer_failed", scored.message, scored.hint), runFields);
      case "scored":
        if (options.showHidden)
          return finish(
            { status: "success" },
            { ...runFields, scores: scored.scores, hidden: scored.hidden, primary_metric: scored.primary }
          );
        return finish(
          { status: "success" },
          { ...runFields, scores: visibleScores(scored.scores, scored.hidden), primary_metric: scored.primary }
        );
      default:
        throw new Error(`unexpected scoring result ${JSON.stringify(scored)}`);
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError) throw e;
    const message = messageOf(e);
    return finish(
      errored(
        "internal_error",
        `Holdout hit an internal error: ${message}`,
        "This is not the submission's fault. Please report it with the log above."
      )
    );
  } finally {
    await Promise.all(removals);
    if (ownFolder) await finishRunFolder(workDir);
  }
}
function effectiveLimits(config, overrides = {}) {
  const l = config.limits;
  return {
    time_s: overrides.time_s ?? l.time,
    memory_bytes: overrides.memory_bytes ?? l.memory,
    cpus: overrides.cpus ?? l.cpus,
    gpus: overrides.gpu ? Math.max(1, l.gpus) : overrides.gpu === false ? 0 : l.gpus,
    pids: overrides.pids ?? l.pids,
    shm_bytes: l.shm,
    tmp_bytes: l.tmp,
    output_bytes: l.output
  };
}
async function createMountPoints(codeDir, config) {
  for (const inside of mountsInsideWorkdir(config.container)) {
    await mkdir4(path7.join(codeDir, inside), { recursive: true, mode: 493 });
  }
}
function sandboxSpec(competition, dataset, codeDir, dataDir, image, limits, gpu) {
  const { config } = competition;
  const c = config.container;
  const [uid, gid] = c.user.split(":").map(Number);
  return {
    image,
    name: `holdout-run-${randomBytes2(6).toString("hex")}`,
    codeDir,
    dataDir: path7.resolve(dataDir),
    workdir: c.workdir,
    dataMount: c.data_dir,
    outputFile: c.output_file,
    ...c.output_dir ? { outputFolder: c.output_dir, outputFileRequired: outputFileRequired(config) } : {},
    command: c.command,
    uid,
    gid,
    env: sandboxEnvironment({
      cpus: limits.cpus,
      dataset,
      dataDir: c.data_dir,
      outputFile: c.output_file,
      outputDir: outputFolderOf(c),
      organizerEnv: c.env,
      datasetEnv: config.datasets[dataset]?.env ?? {}
    }),
    // The working copy holds the submission's files and what it writes (as many as the output folder may hold).
    limits: {
      ...limits,
      workdir_bytes: config.limits.workdir,
      workdir_files: config.submission.max_files + config.limits.output_files,
      output_files: config.limits.output_files
    },
    gpu
  };
}
function reportBase(competition, options, limits) {
  return emptyRunReport(options.dataset, limits, holdoutCommand(competition.dir, options));
}
function holdoutCommand(competitionDir, options) {
  const args = [
    "holdout",
    "test",
    options.submissionLabel ?? options.submission,
    "--competition",
    competitionDir,
    "--dataset",
    options.dataset
  ];
  const o = options.overrides ?? {};
  if (o.time_s !== void 0) args.push("--time-limit", `${o.time_s}s`);
  if (o.memory_bytes !== void 0) args.push("--memory", String(o.memory_bytes));
  if (o.cpus !== void 0) args.push("--cpus", String(o.cpus));
  if (o.pids !== void 0) args.push("--pids", String(o.pids));
  if (o.gpu) args.push("--gpu");
  return shellQuote(args);
}
function toLogSummary(log) {
  return {
    lines: log.lines,
    truncated: log.truncated,
    head: log.head,
    tail: log.tail,
    ...log.file ? { file: log.file } : {}
  };
}
function visibleScores(scores, hidden) {
  return Object.fromEntries(Object.entries(scores).filter(([name]) => !hidden.includes(name)));
}
function round(n) {
  return Math.round(n * 1e3) / 1e3;
}

export {
  SUBMISSION_SOURCE,
  shellQuote,
  FAILURE_REASONS,
  ERROR_REASONS,
  emptyRunReport,
  parseCrashMessage,
  runFolderText,
  hashSubmissionFolder,
  evaluate,
  effectiveLimits
};
