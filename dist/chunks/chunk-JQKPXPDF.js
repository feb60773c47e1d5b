import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-S5Y5YSSY.js";
import {
  require_dist
} from "./chunk-W3WMPUYC.js";
import {
  docker,
  dockerProcess,
  engineUnavailableLine,
  engineUnavailableMessage,
  inspectImageJson,
  isEngineUnavailable,
  lastLine,
  managedLabelArgs,
  removeTracked,
  startTracked,
  unlessInterrupted
} from "./chunk-IO3NW777.js";
import {
  ConfigError
} from "./chunk-XY6EIFX3.js";
import {
  __toESM
} from "./chunk-2JER24KG.js";

// src/config/load.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
import path4 from "node:path";

// src/config/preset.ts
var PRESET_NAMES = ["drivendata"];
var PRESETS = {
  drivendata: {
    limits: {
      shm: "8GiB",
      tmp: "64GiB",
      workdir: "64GiB",
      output: "4GiB",
      output_files: 1e5
    }
  }
};
function applyPreset(raw) {
  const name = raw.preset;
  if (typeof name !== "string" || !PRESET_NAMES.includes(name)) return raw;
  return fillMissing(raw, PRESETS[name]);
}
function isMapping(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function fillMissing(target, defaults) {
  const out = { ...target };
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in out) || out[key] === void 0) {
      out[key] = typeof value === "object" ? fillMissing({}, value) : value;
    } else if (typeof value === "object" && isMapping(out[key])) {
      out[key] = fillMissing(out[key], value);
    }
  }
  return out;
}

// src/config/fields.ts
import path from "node:path";

// src/config/units.ts
var SIZE_UNITS = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1e3,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1e3 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1e3 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1e3 ** 4,
  tib: 1024 ** 4
};
function parseSize(text) {
  if (typeof text === "number") return Number.isFinite(text) && text >= 0 ? Math.floor(text) : void 0;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) return void 0;
  const factor = SIZE_UNITS[match[2].toLowerCase()];
  if (factor === void 0) return void 0;
  return Math.floor(Number(match[1]) * factor);
}
var DURATION_UNITS = { ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
function parseDuration(text) {
  if (typeof text === "number") return Number.isFinite(text) && text > 0 ? text : void 0;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) || void 0;
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = part.exec(trimmed); m; m = part.exec(trimmed)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    consumed = part.lastIndex;
  }
  return consumed === trimmed.length && consumed > 0 && total > 0 ? total : void 0;
}
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
function formatDuration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return `${m}m${s ? `${s}s` : ""}`;
  return `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ""}`;
}

// src/config/fields.ts
var size = external_exports.union([external_exports.string(), external_exports.number()]).meta({ examples: ["512MiB", "2GB", "1g"] }).transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === void 0) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a size; write e.g. 512MiB, 2GB or a number of bytes`
    });
    return external_exports.NEVER;
  }
  return bytes;
});
var duration = external_exports.union([external_exports.string(), external_exports.number()]).meta({ examples: ["90s", "10m", "1h30m"] }).transform((value, ctx) => {
  const seconds = parseDuration(value);
  if (seconds === void 0) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a duration; write e.g. 90s, 10m or 1h30m` });
    return external_exports.NEVER;
  }
  return seconds;
});
var containerPath = external_exports.string().regex(/^\/(?!.*(^|\/)\.\.(\/|$)).*/, 'must be an absolute path inside the container, without ".."').transform((p) => path.posix.normalize(p).replace(/(.)\/+$/, "$1"));
var environmentVariables = external_exports.record(external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), external_exports.string(), {
  // Without this, zod reports a bad name only as "Invalid key in record".
  error: (issue) => issue.code === "invalid_key" ? "must be a variable name: letters, digits and _, not starting with a digit" : void 0
});

// src/config/layout.ts
import path2 from "node:path/posix";
var RESERVED_ROOT = "/.holdout";
var BLOCK = 4096;
function within(inner, outer) {
  return inner === outer || outer === "/" || inner.startsWith(`${outer}/`);
}
function outputFolderOf(container) {
  return container.output_dir ?? path2.dirname(container.output_file);
}
function outputFileRequired(c) {
  return c.container.output_dir === void 0 || c.scoring.columns.length > 0 || c.scoring.ranking !== void 0;
}
function layoutIssues(c) {
  const issues = [];
  const { workdir, data_dir: data, output_file: file, output_dir: dir } = c.container;
  const copy = c.limits.workdir > 0;
  const add = (key, message) => issues.push({ path: key, message });
  for (const [key, value] of [
    ["workdir", workdir],
    ["data_dir", data],
    ["output_file", file],
    ["output_dir", dir]
  ]) {
    if (value !== void 0 && within(value, RESERVED_ROOT))
      add(
        ["container", key],
        `${RESERVED_ROOT} is reserved for Holdout (the submission's originals are mounted there); pick another path`
      );
  }
  if (dir === void 0) {
    const folder = path2.dirname(file);
    if (folder === "/") {
      add(
        ["container", "output_file"],
        "must be in a folder (e.g. /code_execution/submission/submission.csv): that folder becomes writable"
      );
    } else if (folder === workdir && !copy) {
      add(
        ["container", "output_file"],
        "is in the working folder, which is read-only when limits.workdir is 0: give the submission a writable working copy (limits.workdir, e.g. 1GiB) or put the file in a folder of its own (e.g. /code_execution/submission/submission.csv)"
      );
    } else if (folder !== workdir && within(workdir, folder)) {
      add(
        ["container", "output_file"],
        `its folder ${folder} would contain the working folder ${workdir}: put the file in the working folder or in a folder of its own`
      );
    }
    if (within(folder, data) || folder !== workdir && within(data, folder)) {
      add(
        ["container", "output_file"],
        `its folder ${folder} and the data folder ${data} must be apart (neither inside the other): the output folder is collected after the run`
      );
    }
  } else {
    if (dir === "/" || within(workdir, dir)) {
      add(
        ["container", "output_dir"],
        `must be a folder of its own, not ${dir === "/" ? "/" : `the working folder or one holding it (${workdir})`}: e.g. ${workdir === "/" ? "/submission" : `${workdir}/submission`}`
      );
    }
    if (within(dir, data) || within(data, dir)) {
      add(
        ["container", "output_dir"],
        `and the data folder ${data} must be apart (neither inside the other): the output folder is collected and handed to the scorer`
      );
    }
    if (!file.startsWith(`${dir}/`)) {
      add(
        ["container", "output_file"],
        `must lie inside container.output_dir (${dir}), e.g. ${dir}/${path2.basename(file)}: it is the file built-in metrics score in the collected folder`
      );
    }
  }
  if (copy) {
    const needed = c.submission.max_size + c.submission.max_files * BLOCK;
    if (c.limits.workdir < needed) {
      add(
        ["limits", "workdir"],
        `is ${c.limits.workdir} bytes, too small for the working copy of a submission as large as submission.max_size and max_files allow (${needed} bytes): raise it, or lower submission.max_size`
      );
    }
  }
  return issues;
}

// src/config/private-run.ts
var DEFAULT_KEEP_DIR = "~/holdout-private";
var privateRunSection = external_exports.object({
  show: external_exports.object({
    exit_code: external_exports.boolean().default(false).describe(
      "Let out the exit code, when it is one of the common ones (0, 1, 2, 126, 127, 128+ILL/ABRT/BUS/FPE/KILL/SEGV); any other code stays hidden."
    ),
    duration: external_exports.boolean().default(false).describe("Let out the run's duration, rounded up to the whole minute."),
    memory: external_exports.boolean().default(false).describe("Let out the container's peak memory, rounded up to a power of two (at most the memory limit).")
  }).strict().prefault({}).describe(
    "Channels besides status and reason the organizer lets out of the private run, each coarsened: a submission can encode test labels in any of them."
  ),
  score_digits: external_exports.number().int().min(1).max(15).default(3).describe(
    "Significant digits of each private score that leaves the runner (when the workflow's show-private-scores is on). Each digit is about 3.3 bits a push can carry about the labels: keep it small."
  ),
  keep_dir: external_exports.string().regex(/^(\/|~\/|~$)/, "must be an absolute path on the runner, or start with ~/ (the runner user's home)").refine((p) => !p.split("/").includes(".."), 'must not contain ".."').default(DEFAULT_KEEP_DIR).describe(
    "Folder on the evaluation runner where the private run's full log, predictions and unfiltered report are kept after the job (the runner's temp folder is emptied when the job ends), as <keep_dir>/<owner>-<repo>/pr-<number>-<sha12>/. Absolute, or under the runner user's home with ~/."
  )
}).strict();

// src/config/runtime.ts
var imageSource = external_exports.object({
  dockerfile: external_exports.string().default("runtime/Dockerfile").describe("Dockerfile of this flavor's image, relative to the competition folder."),
  context: external_exports.string().default("runtime").describe("Build context folder of the image, relative to the competition folder."),
  environment: external_exports.string().optional().describe(
    "Conda environment file of this flavor (e.g. environment-cpu.yml), relative to the competition folder. It is placed at the root of the build context as environment.yml, so the Dockerfile can `COPY environment.yml \u2026` even though the file lives outside the context folder."
  ),
  build_args: external_exports.record(external_exports.string(), external_exports.string()).default({}).describe("Extra --build-arg values for docker build (FLAVOR is always set to the flavor name)."),
  image: external_exports.string().optional().describe(
    "A ready-made image to use instead of building one (e.g. from a registry): then nothing is built for this flavor."
  )
}).strict();
var channel = external_exports.string().min(1);
var packagePolicy = external_exports.object({
  allowed_channels: external_exports.array(channel).default(["conda-forge"]).describe("Conda channels an environment file may list; names are resolved with channel_alias."),
  channel_alias: external_exports.string().url().default("https://conda.anaconda.org").describe("Base URL that channel names are resolved against (as conda's channel_alias)."),
  gpu_only: external_exports.array(external_exports.string()).default(["pytorch-cuda", "cuda-version", "cudatoolkit", "cuda-toolkit", "cudnn", "nccl"]).describe("Packages only the GPU environment file may carry: the CPU/GPU parity check skips them."),
  organizers: external_exports.array(external_exports.string()).default([]).describe("GitHub logins allowed to remove packages, besides the repository's owners and members."),
  solve: external_exports.boolean().default(true).describe(
    "Solve both environments for `platform` before any build, so that a request that cannot install is refused with the solver's reason (holdout check-env --no-solve skips it locally)."
  ),
  platform: external_exports.string().default("linux-64").describe("Conda platform the environments are solved for."),
  virtual_packages: external_exports.record(external_exports.string().regex(/^__[a-z0-9_]+$/, "must be a virtual package name such as __glibc"), external_exports.string()).default({ __unix: "0", __linux: "5.15", __glibc: "2.35", __archspec: "1" }).describe("What the runners provide, as conda virtual packages (name \u2192 version), for the solver."),
  cuda_version: external_exports.string().default("12.4").describe("CUDA version the GPU runners' driver supports (the __cuda virtual package of the GPU solve)."),
  solve_timeout: external_exports.number().positive().default(120).describe("Most time the solve may take, channel downloads included, in seconds.")
}).strict();
var runtimeSection = external_exports.object({
  flavor: external_exports.enum(["cpu", "gpu"]).default("cpu").describe("Which flavor `holdout test` uses unless --gpu (or limits.gpus above 0) asks for the GPU one."),
  cpu: imageSource.prefault({}).describe("The CPU image: how it is built, or a ready-made one."),
  gpu: imageSource.optional().describe(
    "The GPU image, for runs with limits.gpus above 0 or `holdout test --gpu`; leave it out for a CPU-only competition."
  ),
  build_network: external_exports.enum(["default", "none", "host"]).default("default").describe(
    "Network of `docker build` (its RUN steps): none for air-gapped builds, whose base image and packages must then already be on the machine."
  ),
  repository: external_exports.string().regex(
    /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._/-][a-z0-9]+)*$/,
    "must be a lowercase image repository name, optionally behind a registry host (ghcr.io/org/runtime)"
  ).default("holdout/runtime").describe(
    "Repository part of the image tags, optionally behind a registry host (ghcr.io/org/runtime); the tag itself is derived from the content (<flavor>-<hash>)."
  ),
  pull: external_exports.boolean().default(false).describe(
    "Before building a content tag that is not on this machine, try `docker pull` of it: set this when `repository` names the registry the default-branch workflow pushes to."
  ),
  cache_from: external_exports.string().optional().describe("Registry image used as build cache (docker build --cache-from), when the organizer has one."),
  packages: packagePolicy.prefault({}).describe(
    "Rules for package-request pull requests (holdout check-env): channels, CPU/GPU parity, who may remove packages, the solve."
  )
}).strict();

// src/scoring/custom-scorer.ts
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";

// src/runtime/image/docker.ts
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path3 from "node:path";
async function inspectImage(ref) {
  const found = await inspectImageJson(ref);
  if (found === "absent") return { state: "absent" };
  if (!("ok" in found)) return { state: "engine_unavailable", message: engineUnavailableMessage(found) };
  const image = found.image;
  return {
    state: "present",
    id: image.Id ?? "",
    sizeBytes: Number(image.Size ?? 0),
    labels: stringRecord(image.Config?.Labels)
  };
}
function stringRecord(parsed) {
  if (!parsed || typeof parsed !== "object") return {};
  return Object.fromEntries(Object.entries(parsed).filter((e) => typeof e[1] === "string"));
}
async function inspectImageIds(refs) {
  const found = await Promise.all(refs.map((r) => inspectImage(r)));
  const ids = /* @__PURE__ */ new Map();
  for (const [i, one] of found.entries()) {
    if (one.state === "engine_unavailable") return void 0;
    if (one.state === "present") ids.set(refs[i], one.id);
  }
  return ids;
}
async function pullImage(ref, onLine, timeoutMs = 15 * 6e4) {
  const result = await docker(["pull", "--quiet", ref], { reject: false, stdin: "ignore", timeout: timeoutMs });
  if (result.exitCode === 0) return { ok: true, message: `pulled ${ref}` };
  const why = `${result.stderr ?? ""}`.trim().split("\n").pop() || (result.timedOut ? "timed out" : "no reason given");
  onLine?.(`holdout: could not pull ${ref} (${why}); building it instead`);
  return { ok: false, message: why };
}
function dockerBuildArgs(o) {
  const args = ["build", "--force-rm", "--tag", o.tag, "--file", o.dockerfile];
  if (o.network !== "default") args.push("--network", o.network);
  for (const [key, value] of Object.entries(o.buildArgs)) args.push("--build-arg", `${key}=${value}`);
  for (const [key, value] of Object.entries(o.labels)) args.push("--label", `${key}=${value}`);
  if (o.cacheFrom) args.push("--cache-from", o.cacheFrom);
  args.push(o.contextDir);
  return args;
}
async function dockerBuild(o) {
  const keep = o.tailLines ?? 40;
  const tail = [];
  const isNoise = legacyBuilderNotice();
  let lastStep;
  let stepIsFinal = false;
  let log;
  if (o.logPath) {
    await mkdir(path3.dirname(o.logPath), { recursive: true });
    log = createWriteStream(o.logPath, { flags: "w" });
  }
  const { subprocess: child } = await dockerProcess(dockerBuildArgs(o), {
    reject: false,
    all: true,
    stdin: "ignore",
    // A plain, line-by-line progress whichever builder (classic or BuildKit) the engine uses.
    env: { BUILDKIT_PROGRESS: "plain" }
  });
  for await (const raw of child.iterable({ from: "all" })) {
    const line = String(raw).split("\r").filter(Boolean).at(-1) ?? "";
    if (isNoise(line)) continue;
    log?.write(`${line}
`);
    tail.push(line);
    const step = stepOf(line);
    if (step && !stepIsFinal) [lastStep, stepIsFinal] = [step.step, step.failed];
    if (tail.length > keep) tail.shift();
    o.onLine?.(line);
  }
  const result = await child;
  if (log) await new Promise((resolve) => log.end(resolve));
  const notStarted = result.code === "ENOENT" || result.failed && result.exitCode === void 0;
  return { exitCode: result.exitCode ?? -1, tail, notStarted, lastStep };
}
function legacyBuilderNotice() {
  let inNotice = false;
  return (line) => {
    if (/^DEPRECATED: The legacy builder is deprecated/.test(line)) {
      inNotice = true;
      return true;
    }
    if (!inNotice) return false;
    if (/^\s+\S/.test(line)) return true;
    inNotice = false;
    return line.trim() === "";
  };
}
function stepOf(line) {
  const classic = /^Step \d+\/\d+ : (.*)$/.exec(line);
  if (classic) return { step: classic[1], failed: false };
  const buildkit = /^#\d+ \[[^\]]*\d+\/\d+\] (.*)$/.exec(line);
  if (buildkit) return { step: buildkit[1], failed: false };
  const summary = /^ > \[[^\]]*\] (.*):$/.exec(line);
  if (summary) return { step: summary[1], failed: true };
  return void 0;
}

// src/scoring/custom-scorer.ts
var LABELS_IN_CONTAINER = "/scoring/labels.csv";
var PREDICTIONS_IN_CONTAINER = "/scoring/predictions.csv";
var PREDICTIONS_DIR_IN_CONTAINER = "/scoring/predictions";
var COMPETITION_IN_CONTAINER = "/competition";
var DATA_IN_CONTAINER = "/scoring/data";
var MAX_LOG_BYTES = 64 * 1024 * 1024;
var MAX_OUTPUT_BYTES = 1024 * 1024;
var RUNTIME_IMAGE_LABEL = "holdout.runtime";
var SCORER_FAILED_MESSAGE = "The organizer's scorer failed, so this submission could not be scored.";
var SCORER_FAILED_HINT = "This is on our side, not yours \u2014 an organizer will re-run it. It is not counted against you.";
function scorerFailed(detail) {
  return { ok: false, message: SCORER_FAILED_MESSAGE, hint: SCORER_FAILED_HINT, detail };
}
var HEX64 = /^[0-9a-f]{64}$/;
function parseImageRef(ref) {
  const at = ref.indexOf("@");
  const digest = at === -1 ? void 0 : ref.slice(at + 1);
  const name = at === -1 ? ref : ref.slice(0, at);
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const registry = first && (first.includes(".") || first.includes(":") || first === "localhost") ? first : void 0;
  const colon = name.lastIndexOf(":");
  const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : void 0;
  const repository = tag === void 0 ? name : name.slice(0, colon);
  return { registry, repository, tag, digest };
}
function scorerImagePinProblem(ref) {
  if (/^sha256:/.test(ref))
    return HEX64.test(ref.slice(7)) ? void 0 : "an image ID must be sha256: followed by 64 hex digits";
  const { registry, digest } = parseImageRef(ref);
  if (digest !== void 0) {
    return /^sha256:[0-9a-f]{64}$/.test(digest) ? void 0 : "a digest must be @sha256: followed by 64 hex digits";
  }
  if (registry)
    return `names the registry ${registry} but no digest: pin it as ${ref.replace(/:[^/:]*$/, "")}@sha256:<digest> (docker buildx imagetools inspect or docker inspect --format '{{index .RepoDigests 0}}' prints it)`;
  return void 0;
}
function scorerImageRuntimeConflict(ref, runtime) {
  const repo = (r) => {
    const p = parseImageRef(r);
    return `${p.registry ? "" : "docker.io/"}${p.registry ? "" : p.repository.includes("/") ? "" : "library/"}${p.repository}`;
  };
  const mine = repo(ref);
  const runtimeRefs = [runtime.cpu.image, runtime.gpu?.image].filter((r) => !!r);
  if (mine === repo(runtime.repository) || runtimeRefs.some((r) => r === ref || repo(r) === mine)) {
    return `${ref} is the participants' runtime image (runtime.repository / runtime.<flavor>.image), whose packages come from package requests`;
  }
  return void 0;
}
async function resolveScorerImage(custom, runtime) {
  const ref = custom.image;
  const refuse = (why) => ({
    ok: false,
    message: "The organizer's scorer is not set up to run: its image is not pinned apart from the participants' runtime.",
    hint: SCORER_FAILED_HINT,
    detail: `scoring.custom.image: ${why}. Build the scorer's image from a base image of your own (not from the runtime) and set scoring.custom.image to its image ID, a local tag, or name@sha256:<digest>.`
  });
  const pin = scorerImagePinProblem(ref) ?? scorerImageRuntimeConflict(ref, runtime);
  if (pin) return refuse(pin);
  let scorer = await inspectImages([ref]);
  if (scorer.kind === "found" && !scorer.images[0] && parseImageRef(ref).digest !== void 0) {
    await pullImage(ref, void 0, 10 * 6e4);
    scorer = await inspectImages([ref]);
  }
  if (scorer.kind === "engine") {
    return {
      ok: false,
      message: SCORER_FAILED_MESSAGE,
      hint: SCORER_FAILED_HINT,
      detail: `the Docker engine did not answer about the scorer's image ${ref}: ${scorer.message}`
    };
  }
  const found = scorer.images[0];
  if (!found) {
    return {
      ok: false,
      message: "The organizer's scorer could not run: its image is not on this machine.",
      hint: SCORER_FAILED_HINT,
      detail: `scoring.custom.image ${ref} is not on this machine${parseImageRef(ref).digest !== void 0 ? ", and pulling it by its digest failed (is the registry reachable, and are you logged in?)" : ""}. Pull it by digest (docker pull name@sha256:\u2026) or build it here (docker build -t ${ref} \u2026); Holdout pulls only references pinned by digest.`
    };
  }
  if (RUNTIME_IMAGE_LABEL in found.labels)
    return refuse(
      `${ref} carries the ${RUNTIME_IMAGE_LABEL} label: it is a runtime image Holdout built, or an image built FROM one`
    );
  const runtimeRefs = [runtime.cpu.image, runtime.gpu?.image].filter((r) => !!r);
  if (runtimeRefs.length > 0) {
    const runtimes = await inspectImages(runtimeRefs);
    for (const r of runtimes.kind === "found" ? runtimes.images : []) {
      if (!r) continue;
      if (r.id === found.id || r.layers.length > 0 && r.layers.every((l, i) => found.layers[i] === l)) {
        return refuse(`${ref} is, or is built FROM, the runtime image runtime.<flavor>.image`);
      }
    }
  }
  return { ok: true, image: ref };
}
async function inspectImages(refs) {
  const answers = await Promise.all(refs.map((r) => inspectImageJson(r)));
  const images = [];
  for (const a of answers) {
    if (a === "absent") {
      images.push(void 0);
      continue;
    }
    if (!("ok" in a))
      return { kind: "engine", message: a.unavailable ? engineUnavailableLine(a) : lastLine(a.message) };
    const i = a.image;
    images.push({ id: i.Id, labels: i.Config?.Labels ?? {}, layers: i.RootFS?.Layers ?? [] });
  }
  return { kind: "found", images };
}
function customScorerArgs(run, containerName) {
  return [
    "run",
    "--rm",
    "--pull",
    "never",
    "--name",
    containerName,
    "--label",
    "holdout.role=scorer",
    ...managedLabelArgs(),
    "--network",
    "none",
    "--read-only",
    "--user",
    run.config.user,
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--memory",
    "2g",
    "--memory-swap",
    "2g",
    "--pids-limit",
    "256",
    "--log-driver",
    "none",
    "--tmpfs",
    "/tmp:rw,nosuid,nodev,size=256m",
    "--mount",
    `type=bind,source=${run.labelsPath},target=${LABELS_IN_CONTAINER},readonly`,
    "--mount",
    run.predictionsDir ? `type=bind,source=${run.predictionsDir},target=${PREDICTIONS_DIR_IN_CONTAINER},readonly` : `type=bind,source=${run.predictionsPath},target=${PREDICTIONS_IN_CONTAINER},readonly`,
    "--mount",
    `type=bind,source=${run.competitionDir},target=${COMPETITION_IN_CONTAINER},readonly`,
    ...run.dataset ? [
      "--mount",
      `type=bind,source=${run.dataset.data},target=${DATA_IN_CONTAINER},readonly`,
      "--env",
      `HOLDOUT_DATA=${DATA_IN_CONTAINER}`,
      "--env",
      `HOLDOUT_DATASET=${run.dataset.name}`
    ] : [],
    "--workdir",
    COMPETITION_IN_CONTAINER,
    "--env",
    `HOLDOUT_LABELS=${LABELS_IN_CONTAINER}`,
    "--env",
    `HOLDOUT_PREDICTIONS=${run.predictionsDir ? `${PREDICTIONS_DIR_IN_CONTAINER}/${predictionsInFolder(run.predictionsDir, run.predictionsPath)}` : PREDICTIONS_IN_CONTAINER}`,
    ...run.predictionsDir ? ["--env", `HOLDOUT_PREDICTIONS_DIR=${PREDICTIONS_DIR_IN_CONTAINER}`] : [],
    run.image,
    ...run.config.command
  ];
}
function predictionsInFolder(dir, file) {
  return file.slice(dir.length).split(/[\\/]+/).filter(Boolean).join("/");
}
var SCORER_FORMAT_HINT = 'Fix the custom scorer (scoring.custom in competition.yml): it must print its scores on stdout as a JSON object of finite numbers, {"<name>": <number>, \u2026} or {"scores": {"<name>": <number>, \u2026}} (the last JSON object printed counts), with every name listed in scoring.custom.metrics and no other.';
var MAX_CLOSING_TRIES = 1e3;
var MAX_OBJECT_CHARS = 64 * 1024;
function escapedAt(text, i) {
  let n = 0;
  while (i - 1 - n >= 0 && text[i - 1 - n] === "\\") n++;
  return n % 2 === 1;
}
function matchingOpen(text, end) {
  let depth = 0;
  let inString = false;
  for (let i = end; i >= 0 && end - i < MAX_OBJECT_CHARS; i--) {
    const c = text[i];
    if (inString) {
      if (c === "\n") return -1;
      if (c === '"' && !escapedAt(text, i)) inString = false;
    } else if (c === '"') inString = true;
    else if (c === "}") depth++;
    else if (c === "{" && --depth === 0) return i;
  }
  return -1;
}
function withNonFiniteAsNull(span) {
  let out = "";
  let found = false;
  let inString = false;
  for (let i = 0; i < span.length; i++) {
    const c = span[i];
    if (inString) {
      if (c === "\\") {
        out += c + (span[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c;
      continue;
    }
    if (c === '"') inString = true;
    const word = /^(?:-?Infinity|NaN)/.exec(span.slice(i, i + 9))?.[0];
    if (word) {
      out += "null";
      found = true;
      i += word.length - 1;
      continue;
    }
    out += c;
  }
  return { text: out, found };
}
function lastJsonObject(text) {
  let end = text.lastIndexOf("}");
  for (let tries = 0; end !== -1 && tries < MAX_CLOSING_TRIES; tries++) {
    const start = matchingOpen(text, end);
    if (start !== -1) {
      const span = text.slice(start, end + 1);
      let value;
      try {
        value = JSON.parse(span);
      } catch {
        const nulled = withNonFiniteAsNull(span);
        if (nulled.found) {
          try {
            JSON.parse(nulled.text);
            return { kind: "non_finite", text: span };
          } catch {
          }
        }
      }
      if (value !== null && typeof value === "object" && !Array.isArray(value))
        return { kind: "object", value, text: span };
    }
    end = end === 0 ? -1 : text.lastIndexOf("}", end - 1);
  }
  return { kind: "none" };
}
var isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function parseScorerOutput(stdout, expected) {
  const bad = (what) => scorerFailed(`${what}
${SCORER_FORMAT_HINT}`);
  const clip = (t) => t.length > 200 ? `${t.slice(0, 200)}\u2026` : t;
  if (stdout.trim() === "") return bad("The custom scorer printed nothing on stdout.");
  const found = lastJsonObject(stdout);
  if (found.kind === "none")
    return bad(
      `The custom scorer printed no JSON object on stdout; its last line: ${clip(stdout.trimEnd().split("\n").pop().trim())}`
    );
  if (found.kind === "non_finite")
    return bad(`The custom scorer printed a score that is not a finite number: ${clip(found.text)}`);
  const object = found.value;
  const wrapped = isPlainObject(object.scores);
  if (wrapped && Object.keys(object).length > 1) {
    return bad(
      `The custom scorer's output has keys next to "scores" (${Object.keys(object).filter((k) => k !== "scores").map((k) => `"${k}"`).join(", ")}): ${clip(found.text)}`
    );
  }
  const scores = wrapped ? object.scores : object;
  for (const [name, value] of Object.entries(scores)) {
    if (typeof value !== "number")
      return bad(
        `The custom scorer's score "${name}" is not a number (${clip(JSON.stringify(value) ?? String(value))}): ${clip(found.text)}`
      );
    if (!Number.isFinite(value))
      return bad(`The custom scorer printed a score that is not a finite number: ${clip(found.text)}`);
  }
  const missing = expected.filter((name) => !(name in scores));
  if (missing.length > 0)
    return bad(
      `The custom scorer did not print ${missing.map((m) => `"${m}"`).join(", ")}; the last JSON object it printed: ${clip(found.text)}`
    );
  const undeclared = Object.keys(scores).filter((name) => !expected.includes(name));
  if (undeclared.length > 0)
    return bad(
      `The custom scorer printed ${undeclared.map((m) => `"${m}"`).join(", ")}, not listed in scoring.custom.metrics: list ${undeclared.length > 1 ? "them" : "it"} there with a direction, or stop printing ${undeclared.length > 1 ? "them" : "it"}.`
    );
  return { ok: true, scores };
}
async function runCustomScorer(given) {
  const hasData = given.dataset ? await stat(given.dataset.data).then(
    (s) => s.isDirectory(),
    () => false
  ) : false;
  const run = hasData ? given : { ...given, dataset: void 0 };
  const containerName = `holdout-scorer-${randomBytes(6).toString("hex")}`;
  const debug = `Run it by hand to debug: docker ${customScorerArgs(run, "holdout-scorer-debug").join(" ")}`;
  const scorerRun = () => docker(customScorerArgs(run, containerName), {
    reject: false,
    timeout: run.config.time * 1e3,
    // stdout carries only the JSON scores; stderr is the scorer's log, allowed to be long.
    maxBuffer: { stdout: MAX_OUTPUT_BYTES, stderr: MAX_LOG_BYTES },
    stdin: "ignore"
  });
  let result;
  try {
    result = await startTracked(containerName, scorerRun);
  } finally {
    await removeTracked(containerName);
  }
  await unlessInterrupted();
  const stderrTail = `${result.stderr ?? ""}`.trim().split("\n").slice(-10).join("\n");
  const withLog = (what) => scorerFailed(`${what}${stderrTail ? `
Its last lines on stderr:
${stderrTail}` : ""}
${debug}`);
  if (result.timedOut)
    return withLog(`The custom scorer ran longer than ${run.config.time}s (scoring.custom.time) and was stopped.`);
  if (result.isMaxBuffer) {
    const onStderr = /stderr/.test(result.message ?? "");
    return onStderr ? scorerFailed(
      `The custom scorer printed more than ${MAX_LOG_BYTES / 1024 / 1024} MiB on stderr: log less from it.`
    ) : scorerFailed(
      `The custom scorer printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB on stdout: print logs to stderr and only the JSON scores on stdout.`
    );
  }
  if (isEngineUnavailable(result))
    return scorerFailed(`The custom scorer could not run: ${engineUnavailableLine(result)}.`);
  if (result.exitCode !== 0) return withLog(`The custom scorer exited with code ${result.exitCode}.`);
  return parseScorerOutput(`${result.stdout ?? ""}`, Object.keys(run.config.metrics));
}

// src/config/scoring.ts
var METRICS = [
  "log_loss",
  "roc_auc",
  "accuracy",
  "f1",
  "f1_macro",
  "rmse",
  "mae",
  "map_at_k",
  "pearson",
  "spearman"
];
var NATURAL_DIRECTION = {
  log_loss: "minimize",
  roc_auc: "maximize",
  accuracy: "maximize",
  f1: "maximize",
  f1_macro: "maximize",
  rmse: "minimize",
  mae: "minimize",
  map_at_k: "maximize",
  pearson: "maximize",
  spearman: "maximize"
};
var PROBABILITY_METRICS = /* @__PURE__ */ new Set([
  "log_loss",
  "roc_auc",
  "accuracy",
  "f1",
  "f1_macro",
  "map_at_k"
]);
var columnName = external_exports.string().min(1);
var metricObject = external_exports.object({
  name: external_exports.string().min(1).describe(
    "A built-in metric (log_loss, roc_auc, accuracy, f1, f1_macro, rmse, mae, map_at_k, pearson, spearman), or a name the custom scorer prints (declared in custom.metrics)."
  ),
  as: external_exports.string().regex(/^[A-Za-z0-9_]+$/, "must be letters, digits and underscores").optional().describe(
    "Key of this score in the report; defaults to the name (with _<aggregate>_by_<by> for grouped correlations). Needed when a metric appears twice."
  ),
  direction: external_exports.enum(["minimize", "maximize"]).optional().describe("Which way is better; built-in metrics know theirs, custom ones take it from custom.metrics."),
  eps: external_exports.number().gt(0).lt(0.5).default(1e-15).describe(
    "log_loss: probabilities are clipped to [eps, 1 - eps], so one confident mistake costs at most -ln(eps)."
  ),
  class_weights: external_exports.record(external_exports.string(), external_exports.number().positive()).optional().describe(
    'log_loss: the weight of each class ("0" and "1" for one column, the column names otherwise); rows count by the weight of their true class.'
  ),
  threshold: external_exports.number().default(0.5).describe("accuracy, f1, f1_macro with one column: a probability at or above this counts as class 1."),
  by: columnName.optional().describe("pearson, spearman: a labels column to group rows by (e.g. era); the metric is computed per group."),
  aggregate: external_exports.enum(["mean", "sharpe"]).default("mean").describe(
    "pearson, spearman with `by`: the mean of the per-group correlations, or their Sharpe ratio (mean / sample standard deviation)."
  ),
  ties: external_exports.enum(["grouped", "file_order"]).optional().describe(
    "map_at_k: how results with equal scores rank. grouped (the default) is scikit-learn's average_precision_score, which DrivenData's scorers use: a group of tied results counts as one step, at the precision of the whole group. file_order ranks them in the order of the file."
  )
}).strict();
var metricSpec = external_exports.union([external_exports.string().min(1), metricObject], {
  // A union reports "Invalid input" alone; a mistake inside the written-out form says which option.
  error: (issue) => {
    const inner = issue.code === "invalid_union" ? issue.errors[1]?.[0] : void 0;
    return inner ? `${inner.path.length > 0 ? `${inner.path.join(".")}: ` : ""}${inner.message}` : void 0;
  }
});
var splitSection = external_exports.object({
  column: columnName.describe(
    "Column of the labels file naming each row's split, e.g. Usage with the values Public and Private. Required in the test labels; optional in the smoke labels, which are then scored whole."
  ),
  show: external_exports.array(external_exports.string().min(1)).min(1).describe(
    "Splits whose scores participants see, as written in the split column (case counts); the first one carries the primary score. The other splits' scores never leave the runner; whoever runs holdout locally with the labels sees them, marked hidden."
  )
}).strict();
var rankingFilesShape = {
  queries: external_exports.string().min(1).optional().describe(
    "CSV with the columns <id_column>,database: which database each query searches (every query, even those with no match)."
  ),
  databases: external_exports.string().min(1).optional().describe("CSV with the columns database,<columns[0]>: the results each database allows. Needs queries."),
  scenarios: external_exports.string().min(1).optional().describe(
    "DrivenData's layout instead of queries/databases: their query_scenarios.csv (scenario_id,queries_path,database_path), each queries file <id_column>[,query_image_id], each database file <columns[0]>. Paths in it are relative to its own folder, or absolute under container.data_dir."
  )
};
function checkRankingFiles(files, ctx) {
  if (files.scenarios && (files.queries || files.databases)) {
    ctx.addIssue({
      code: "custom",
      path: ["scenarios"],
      message: "scenarios (a query_scenarios.csv) already names the queries and database file of each scenario: keep either scenarios or queries/databases"
    });
  }
  if (files.databases && !files.queries) {
    ctx.addIssue({
      code: "custom",
      path: ["databases"],
      message: "needs queries next to it (which database each query searches)"
    });
  }
}
var datasetRankingSection = external_exports.object(rankingFilesShape).strict().superRefine(checkRankingFiles);
var rankingSection = external_exports.object({
  k: external_exports.number().int().positive().default(20).describe("Most results per query."),
  exclude_self: external_exports.boolean().default(false).describe(
    "Reject a result equal to its query (leave-one-out: the query image sits in its own database). With scenarios, a result equal to the query's query_image_id is its own image too."
  ),
  ...rankingFilesShape
}).strict().superRefine(checkRankingFiles);
var customSection = external_exports.object({
  command: external_exports.union([external_exports.array(external_exports.string().min(1)).min(1), external_exports.string().min(1)]).transform((c) => typeof c === "string" ? c.trim().split(/\s+/) : c).describe(
    `The organizer's scoring command, as a list of arguments or a string split on spaces, run in its own container (network off, read-only) with the competition folder as working directory. It prints its scores on stdout as a JSON object of numbers, {"<name>": <number>, \u2026} or {"scores": {\u2026}}; the last one printed counts (docs/scoring.md).`
  ),
  image: external_exports.string({
    error: (issue) => issue.input === void 0 ? "is required: the scorer runs in an image you pin, never in the participants' runtime (see docs/scoring.md)" : void 0
  }).min(1).superRefine((ref, ctx) => {
    const problem = scorerImagePinProblem(ref);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).describe(
    "Image to run the scorer in, pinned by the organizer and never the participants' runtime (whose packages come from package requests): a local image ID (sha256:\u2026), a tag built or loaded on the runner (never pulled), or name@sha256:<digest> when the name has a registry host."
  ),
  metrics: external_exports.record(
    external_exports.string().regex(/^[A-Za-z0-9_.]+$/, 'must be letters, digits, "_" and "."'),
    external_exports.enum(["minimize", "maximize"])
  ).describe("Every score name the command prints, with its direction (minimize or maximize)."),
  time: duration.prefault("10m").describe("Most time the scorer may run; past it the run is our error (scorer_failed), never the participant's."),
  user: external_exports.string().regex(/^[1-9]\d*:[1-9]\d*$/, "must be uid:gid with both above 0").default("65534:65534").describe(
    "uid:gid the scorer runs as; never root. The labels and the competition folder must be readable by it."
  )
}).strict();
var rawScoringSection = external_exports.object({
  id_column: columnName.default("id").describe(
    "Column that identifies a row in the predictions and the labels (the query column for a ranking task)."
  ),
  // The CSV scanner keeps 64 fields a record: the id, the split and up to 62 prediction columns.
  columns: external_exports.array(columnName).min(1).max(62, "at most 62 prediction columns are supported").optional().describe(
    "Prediction columns, in order, after the id column; the labels carry the same columns (ranking: the result column, then the score column). Required unless a custom scorer reads the predictions itself."
  ),
  range: external_exports.tuple([external_exports.number(), external_exports.number()]).nullable().optional().describe(
    "Allowed range [low, high] of every prediction value; defaults to [0, 1] for probability metrics and to none otherwise; null turns it off."
  ),
  metric: metricSpec.default("log_loss").describe(
    "The primary metric, which ranks submissions: a name (log_loss, roc_auc, accuracy, f1, f1_macro, rmse, mae, map_at_k, pearson, spearman, or a custom one), or a map with the name and its options."
  ),
  secondary: external_exports.array(metricSpec).default([]).describe("More metrics, shown next to the primary one."),
  split: splitSection.optional().describe(
    "A Kaggle-style public/private split: every metric is computed per split of a labels column, and only the splits in show reach participants."
  ),
  ranking: rankingSection.optional().describe("A ranking task (metric map_at_k): each query lists up to k results with a score in [0, 1]."),
  custom: customSection.optional().describe("The organizer's own scorer, run in its own container after the built-in checks (docs/scoring.md).")
}).strict();
function normalizeMetric(spec, raw, path5, ctx) {
  const obj = typeof spec === "string" ? metricObject.parse({ name: spec }) : spec;
  const builtin = METRICS.includes(obj.name) ? obj.name : void 0;
  const issue = (message) => ctx.addIssue({ code: "custom", path: path5, message });
  if (!builtin) {
    const direction = raw.custom?.metrics[obj.name];
    if (!direction) {
      issue(
        raw.custom ? `"${obj.name}" is neither a built-in metric (${METRICS.join(", ")}) nor listed in custom.metrics` : `"${obj.name}" is not a built-in metric; use one of ${METRICS.join(", ")}, or add a custom scorer`
      );
      return void 0;
    }
    return { kind: "custom", name: obj.name, key: obj.as ?? obj.name, direction: obj.direction ?? direction };
  }
  const columns = raw.columns ?? [];
  if (columns.length === 0) {
    issue(`built-in metric ${builtin} needs scoring.columns (the prediction columns)`);
    return void 0;
  }
  if (builtin === "map_at_k" && !raw.ranking) issue("map_at_k needs a scoring.ranking section");
  if (builtin !== "map_at_k" && raw.ranking) issue(`${builtin} does not apply to a ranking task; use map_at_k`);
  if (raw.ranking && columns.length !== 2) {
    ctx.addIssue({
      code: "custom",
      path: ["columns"],
      message: "a ranking task has exactly two columns after the query id: the result id, then the score"
    });
  }
  if ((builtin === "roc_auc" || builtin === "f1" || builtin === "pearson" || builtin === "spearman") && columns.length !== 1) {
    issue(`${builtin} needs exactly one prediction column (found ${columns.length})`);
  }
  if (obj.by && builtin !== "pearson" && builtin !== "spearman") issue(`"by" applies to pearson and spearman only`);
  if (obj.class_weights && builtin !== "log_loss") issue(`"class_weights" applies to log_loss only`);
  if (obj.ties && builtin !== "map_at_k") issue(`"ties" applies to map_at_k only`);
  if (obj.class_weights) {
    const classes = columns.length === 1 ? ["0", "1"] : columns;
    for (const c of classes)
      if (!(c in obj.class_weights))
        issue(`class_weights has no weight for class "${c}" (classes: ${classes.join(", ")})`);
    for (const c of Object.keys(obj.class_weights))
      if (!classes.includes(c))
        issue(`class_weights names "${c}", which is not a class (classes: ${classes.join(", ")})`);
  }
  const defaultKey = obj.by ? `${builtin}_${obj.aggregate}_by_${obj.by}` : builtin;
  const { name: _n, as: _a, direction: _d, ...options } = obj;
  return {
    kind: "builtin",
    name: builtin,
    key: obj.as ?? defaultKey,
    direction: obj.direction ?? NATURAL_DIRECTION[builtin],
    ...options
  };
}
var scoringSection = rawScoringSection.transform((raw, ctx) => {
  if (!raw.columns && !raw.custom) {
    ctx.addIssue({
      code: "custom",
      path: ["columns"],
      message: "is required (the prediction columns after the id column), unless a custom scorer reads the predictions"
    });
  }
  const metric = normalizeMetric(raw.metric, raw, ["metric"], ctx);
  const secondary = raw.secondary.map((m, i) => normalizeMetric(m, raw, ["secondary", i], ctx));
  const all = [metric, ...secondary].filter((m) => m !== void 0);
  const keys = all.map((m) => m.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup)
    ctx.addIssue({
      code: "custom",
      path: ["secondary"],
      message: `metric "${dup}" appears twice; give one of them another name with "as"`
    });
  const columns = raw.columns ?? [];
  const reserved = [raw.id_column, raw.split?.column].filter(Boolean);
  for (const c of columns) {
    if (reserved.includes(c))
      ctx.addIssue({ code: "custom", path: ["columns"], message: `"${c}" is also the id or split column` });
  }
  if (new Set(columns).size !== columns.length)
    ctx.addIssue({ code: "custom", path: ["columns"], message: "lists a column twice" });
  const probabilities = all.some((m) => m.kind === "builtin" && PROBABILITY_METRICS.has(m.name));
  const range = raw.range === void 0 ? probabilities ? [0, 1] : null : raw.range;
  if (range && !(range[0] < range[1]))
    ctx.addIssue({ code: "custom", path: ["range"], message: "must be [low, high] with low below high" });
  return {
    id_column: raw.id_column,
    columns,
    range,
    metric: metric ?? { kind: "custom", name: "invalid", key: "invalid", direction: "minimize" },
    secondary: secondary.filter((m) => m !== void 0),
    split: raw.split,
    ranking: raw.ranking ? { ...raw.ranking, files_key: "scoring.ranking" } : void 0,
    custom: raw.custom
  };
});

// src/config/leaderboard.ts
var LEADERBOARD_RULES = ["best", "last", "selected"];
var when = external_exports.union([external_exports.iso.datetime({ offset: true }), external_exports.iso.date()]).describe("An ISO 8601 date-time with its offset (2026-12-01T00:00:00Z), or a date (2026-12-01, midnight UTC).");
var login = external_exports.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, "must be a GitHub login");
var leaderboardSection = external_exports.object({
  title: external_exports.string().min(1).max(200).optional().describe("Heading of LEADERBOARD.md and of the leaderboard page; defaults to the competition name."),
  rule: external_exports.enum(LEADERBOARD_RULES).default("best").describe(
    "Which submission of each participant is ranked: best (their best public score), last (their latest successful submission), or selected (up to selected_max submissions they list in their selection file; the best of those counts, on each split; with none listed, their selected_max best public submissions, as Kaggle auto-selects). On the private split, best and last rank the private score of that same submission."
  ),
  selected_max: external_exports.number().int().min(1).max(50).default(2).describe("rule selected: the most submissions a participant may select; later lines of the file are ignored."),
  selection_file: external_exports.string().regex(/^[^/\\]+$/, "must be a file name, without folders").default("selected.txt").describe(
    "rule selected: the file in a participant's own folder (submissions/<login>/<file>, on the default branch) listing the head commit SHAs they select, one a line (7 to 40 hex digits; # starts a comment)."
  ),
  baselines: external_exports.array(login).default([]).describe(
    "Logins of the organizer's baseline entries: shown on the leaderboard and marked, but given no rank and not counted in anyone's place (records of kind baseline are baselines too)."
  ),
  timeline: external_exports.object({
    start: when.optional().describe("When submissions open."),
    end: when.optional().describe("When submissions close."),
    reveal: when.optional().describe("When the private leaderboard is to be revealed.")
  }).strict().prefault({}).describe("Dates shown on the leaderboard page as the competition timeline; each is optional.")
}).strict();

// src/config/results.ts
var publicKey = external_exports.string().trim().refine(
  (k) => /^[A-Za-z0-9+/]{43}=$/.test(k) && Buffer.from(k, "base64").length === 32,
  "must be the base64 public key printed by holdout ledger keygen (44 characters ending in =)"
);
var branch = external_exports.string().regex(
  /^(?!\/|.*(?:\/\/|\/$|\.\.|@\{|\.lock$|\.$))[A-Za-z0-9._/-]{1,100}$/,
  "must be a branch name (letters, digits, . _ - /)"
).refine((b) => !["main", "master"].includes(b), "must be a branch of its own, not the default branch");
var resultsSection = external_exports.object({
  branch: branch.default("holdout-results").describe(
    "The branch the results ledger is committed on (one JSON record per evaluation, written only by the record job; created on first use). Pull requests that target it are refused; keep it out of branch protection rules that require pull requests."
  ),
  public_key: publicKey.optional().describe(
    "The organizer's public key (holdout ledger keygen) that seals each evaluation's private scores in the ledger; only the reveal, which holds the private key, opens them. Unset: private scores are not recorded at all (a warning says so), and the reveal has nothing to reveal."
  )
}).strict();
function resultsWarnings(results) {
  return results.public_key === void 0 ? [
    "results.public_key is not set: private scores are not recorded in the results ledger at all, so the final reveal will have no private scores. Run holdout ledger keygen and put the public key it prints in competition.yml (results.public_key) before the season starts."
  ] : [];
}

// src/config/kinds.ts
var SUBMISSION_KINDS = ["script", "functions", "pickle", "handler"];
var dataFile = external_exports.string().min(1).refine(
  (p) => !p.startsWith("/") && !p.split("/").includes(".."),
  'must be a path relative to the data folder, without ".."'
);
var pythonName = external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a Python identifier");
var argumentPhase = external_exports.enum(["train", "infer", "both"]).optional().describe(
  "Which phase gets it; default from the name: *_train \u2192 train, *_test \u2192 infer, else both (crunch-cli gives X_train to train only and X_test to infer only)."
);
var argumentSource = external_exports.union([
  external_exports.object({
    file: dataFile.describe("A file under the data folder, read with pandas (.csv or .parquet)."),
    phase: argumentPhase
  }).strict(),
  external_exports.object({
    path: dataFile.describe('A path under the data folder, given as a string (not read); "." is the data folder.'),
    phase: argumentPhase
  }).strict(),
  external_exports.object({
    scratch: external_exports.literal(true).describe("An empty writable folder made for this run (DrivenData's preprocessed_dir).")
  }).strict(),
  external_exports.object({
    value: external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean(), external_exports.array(external_exports.string()), external_exports.null()]).describe("A constant: a string, number, boolean, list of strings or null.")
  }).strict()
]);
var functionsSection = external_exports.object({
  module: pythonName.default("main").describe("The participant's module: <module>.py (or <module>.ipynb, converted) at the submission root."),
  train: pythonName.nullable().default("train").describe("The function of the train phase; null: no train phase (infer only)."),
  infer: pythonName.default("infer").describe("The function of the infer phase; it returns the predictions."),
  arguments: external_exports.record(pythonName, argumentSource).default({}).describe(
    "What each parameter name gets, in crunch-cli's names (X_train, y_train, X_test, id_column_name, \u2026): { file: path under the data folder } or { value: constant }. model_directory_path, data_directory_path, has_gpu and has_trained are always given. A name nobody gives gets None, with a warning; a parameter with a default keeps it."
  ),
  stream: pythonName.optional().describe(
    "The argument whose rows infer is fed one at a time, as a generator (it first yields None, then one prediction per row, never reading ahead). Unset: infer is called once and returns a DataFrame."
  ),
  items: pythonName.optional().describe(
    "The argument whose rows infer is called on one at a time, each column of the row passed by name (DrivenData's predict per item); each call returns that row's prediction: one value, a tuple in scoring.columns order, or a dict of them. Not with stream."
  ),
  prepare: pythonName.optional().describe(
    "A function called once at the start of the infer phase, before infer (DrivenData's preprocess()); what it returns is given to infer as the parameter named by prepare_as."
  ),
  prepare_as: pythonName.default("assets").describe("The parameter name that gets what prepare returned."),
  ids: pythonName.optional().describe(
    "The file argument whose id column lists the ids infer must return; default X_test when it is a file argument."
  ),
  train_time: duration.optional().describe("Time limit of the train phase; default limits.time."),
  infer_time: duration.optional().describe("Time limit of the infer phase; default limits.time."),
  resources: external_exports.object({
    max_size: size.prefault("1GiB").describe("Most bytes the train phase may leave in resources/ (model_directory_path)."),
    max_files: external_exports.number().int().positive().default(1e3).describe("Most files train may leave in resources/."),
    shipped: external_exports.boolean().default(false).describe("A submission that ships a resources/ folder (a pre-trained model) skips the train phase.")
  }).strict().prefault({}).describe("The folder the train phase writes its model into and the infer phase reads (read-only).")
}).strict().superRefine((f, ctx) => {
  if (f.stream && f.items) {
    ctx.addIssue({ code: "custom", path: ["items"], message: "use stream or items, not both" });
  }
  for (const key of ["stream", "items", "ids"]) {
    const name = f[key];
    if (name !== void 0 && !(f.arguments[name] && "file" in f.arguments[name])) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `names ${name}, which must be an argument with a file (arguments.${name}: { file: \u2026 })`
      });
    }
  }
});
var pickleSection = external_exports.object({
  file: external_exports.string().regex(/^[^/\\]+$/, "must be a file name at the submission root").default("model.pkl").describe("The cloudpickle file holding predict(live_features[, live_benchmark_models])."),
  features: dataFile.default("live_features.csv").describe(
    "The features, under the data folder (.csv or .parquet); its first column (or the scoring id column) is the index predict sees."
  ),
  benchmarks: dataFile.optional().describe(
    "The benchmark models' predictions, under the data folder: loaded only for a predict that takes two arguments."
  )
}).strict();
var fieldType = external_exports.enum(["str", "int", "float", "bool", "list", "dict"]);
var handlerSection = external_exports.object({
  file: external_exports.string().regex(/^[^/\\]+\.py$/, "must be a .py file name at the submission root").default("handler.py").describe("The handler module: handle(data, context), or a handler class (Dynalab / TorchServe)."),
  inputs: dataFile.default("inputs.jsonl").describe('The examples, under the data folder: JSON Lines, one object per line, each with a "uid".'),
  fields: external_exports.record(external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), fieldType).refine((f) => Object.keys(f).length > 0, "declare at least one output field").describe("The fields of one response besides id (which must echo the uid), with their types.")
}).strict();
function kindIssues(s) {
  const issues = [];
  for (const section of ["functions", "pickle", "handler"]) {
    if (s[section] !== void 0 && s.kind !== section) {
      issues.push({
        path: ["submission", section],
        message: `is set, but submission.kind is ${s.kind}: set kind: ${section}, or remove this section`
      });
    }
  }
  if (s.kind === "handler" && s.handler === void 0) {
    issues.push({
      path: ["submission", "handler"],
      message: "kind handler needs submission.handler.fields: the fields of one response and their types"
    });
  }
  return issues;
}
function functionsSettings(s) {
  return s.functions ?? functionsSection.parse({});
}
function pickleSettings(s) {
  return s.pickle ?? pickleSection.parse({});
}

// src/config/schema.ts
var submissionSection = external_exports.object({
  kind: external_exports.enum(SUBMISSION_KINDS, {
    error: (issue) => `must be one of ${SUBMISSION_KINDS.join(", ")} (got ${JSON.stringify(issue.input)})`
  }).default("script").describe(
    "How a submission is called: script (container.command runs it; a main.ipynb is converted and run), functions (train/infer functions, CrunchDAO's style), pickle (model.pkl's predict, Numerai's style), handler (handler.py's handle, Dynalab's style). Every kind but script runs through Holdout's harness (harness/README.md)."
  ),
  functions: functionsSection.optional().describe("kind functions: the module, the functions, what their parameters get."),
  pickle: pickleSection.optional().describe("kind pickle: the pickle file and the data predict gets."),
  handler: handlerSection.optional().describe("kind handler: the handler file, the inputs and the output fields."),
  entry_point: external_exports.string().regex(/^[^/\\]+$/, "must be a file name at the submission root, without folders").default("main.py").describe("The file the command runs; it must sit at the root of the submission."),
  max_size: size.prefault("500MiB").describe("Most bytes a submission may hold, unpacked."),
  max_files: external_exports.number().int().positive().default(300).describe(
    "Most files and folders a submission may hold. The evaluation job fetches each file with one API request (1,000 an hour per repository), so a bigger submission is packed into one submission.zip (holdout pack)."
  ),
  exclude: external_exports.array(external_exports.string()).default([".git/**", "**/__pycache__/**", "**/*.pyc", ".ipynb_checkpoints/**", ".DS_Store", "**/.DS_Store"]).describe(
    "Glob patterns of files left out by holdout pack, when a folder is tested, and when the evaluation job fetches a submission (neither counted nor downloaded)."
  )
}).strict();
var containerSection = external_exports.object({
  workdir: containerPath.default("/code_execution").describe(
    "Working directory: a writable copy of the submission (limits.workdir; the staged originals stay untouched), or the submission mounted read-only when limits.workdir is 0."
  ),
  data_dir: containerPath.default("/code_execution/data").describe("Where the dataset's data folder is mounted, read-only."),
  output_file: containerPath.default("/code_execution/submission/submission.csv").describe(
    "The file the submission must write (the one built-in metrics score). Its folder is writable; it may be the working folder itself (e.g. /code_execution/submission.csv) when limits.workdir is above 0."
  ),
  output_dir: containerPath.optional().describe(
    "Folder mode: every file the submission writes into this folder is collected (limits.output, limits.output_files; no links, no special files) and handed to the scorer as a folder. output_file must lie inside it; with only a custom scorer, any file in it will do."
  ),
  command: external_exports.union([external_exports.array(external_exports.string().min(1)).min(1), external_exports.string().min(1)]).transform((c) => typeof c === "string" ? c.trim().split(/\s+/) : c).default(["python", "main.py"]).describe("The command that runs the submission, as a list of arguments or a string split on spaces (no shell)."),
  user: external_exports.string().regex(/^[1-9]\d*:[1-9]\d*$/, "must be uid:gid with both above 0 (root is not allowed)").refine(
    (u) => u.split(":")[0] !== "65534",
    "uid 65534 is reserved for the sandbox itself; pick another (e.g. 1000)"
  ).default("1000:1000").describe("uid:gid the submission runs as: never root, and not uid 65534 (the sandbox's own idle process)."),
  env: environmentVariables.default({}).describe(
    "Environment variables the organizer sets: with Holdout's own, the only ones the submission sees (no variable of the host gets in). datasets.<name>.env adds per-dataset ones."
  )
}).strict();
var limitsSection = external_exports.object({
  time: duration.prefault("30m").describe("Wall-clock time a run may take; then it is stopped and fails with timeout."),
  memory: size.prefault("4GiB").describe(
    "Memory of the container, with no swap; /tmp, /dev/shm and the working copy live in memory and count against it. Past it the kernel kills the submission (oom)."
  ),
  cpus: external_exports.number().positive().default(2).describe("CPUs the container may use (fractions allowed, e.g. 1.5)."),
  gpus: external_exports.number().int().min(0).default(0).describe("GPUs a run gets; above 0 it needs runtime.gpu and a machine with NVIDIA GPUs."),
  pids: external_exports.number().int().positive().default(512).describe("Most processes and threads at once in the container."),
  shm: size.prefault("64MiB").describe(
    "Size of /dev/shm, the shared memory PyTorch's data loaders use; held in memory (counts against limits.memory)."
  ),
  tmp: size.prefault("1GiB").describe("Size of the writable /tmp; held in memory (counts against limits.memory)."),
  output: size.prefault("100MiB").describe("Size of the output folder: the predictions must fit, or the run fails with output_too_large."),
  output_files: external_exports.number().int().positive().default(1e4).describe("Most files and folders the output folder may hold."),
  workdir: size.prefault("1GiB").describe(
    "Size of the writable working copy at container.workdir: the submission's files plus what it writes next to them. Held in memory like /tmp (it counts against limits.memory); it holds at most submission.max_files + limits.output_files files and folders. 0: no copy, the submission is mounted read-only."
  ),
  log_lines: external_exports.number().int().positive().default(1500).describe(
    "Lines of the submission's output kept in the report and the pull request comment: the first half and the last half of this many. The log file keeps more (log_file)."
  ),
  log_file: size.prefault("50MiB").describe("Most bytes of the submission's output kept in the log file on disk, whatever it prints."),
  submissions_per_day: external_exports.number().int().positive().default(5).describe(
    "Evaluations a participant may have per day (see submissions_window), counted from the results ledger by numeric GitHub user id: success and failed count; error, cancelled and refused never do. Over it the evaluation does not run, the check fails and the comment names the UTC time the next slot opens. The evaluation workflow only; holdout test is never limited."
  ),
  submissions_total: external_exports.number().int().positive().optional().describe(
    "Evaluations a participant may have over the whole competition, counted like submissions_per_day; unset: no total limit."
  ),
  submissions_window: external_exports.enum(["rolling", "utc_day"]).default("rolling").describe(
    "How submissions_per_day counts: rolling, the 24 hours before the push (a slot opens 24 h after the evaluation it frees); utc_day, the calendar day in UTC (all slots open at 00:00 UTC)."
  )
}).strict();
var datasetSection = external_exports.object({
  data: external_exports.string().min(1).describe(
    "Folder of the dataset's files, mounted read-only at container.data_dir: relative to the competition folder, or absolute (the private test data on the runner)."
  ),
  labels: external_exports.string().min(1).describe(
    "Labels CSV, read by the scorer outside the container and never mounted, so never inside data: the id column, the columns the metrics compare, and the split column when scoring.split is set (required in the test labels, optional in the smoke labels)."
  ),
  ranking: datasetRankingSection.optional().describe(
    "Ranking tasks: this dataset's query and database files, replacing those of scoring.ranking (docs/scoring.md)."
  ),
  env: environmentVariables.default({}).describe(
    'Environment variables set on this dataset only (e.g. IS_SMOKE_TEST: "true" on smoke), over container.env.'
  )
}).strict();
var competitionSchema = external_exports.object({
  name: external_exports.string().min(1).describe("The competition's name, shown in reports and pull request comments."),
  description: external_exports.string().optional().describe("One sentence participants read about the competition."),
  preset: external_exports.enum(PRESET_NAMES).optional().describe(
    "Defaults of another platform's conventions, under what this file says: drivendata gives DrivenData's shared memory, /tmp, writable working copy and output sizes, so their participants' submissions run unchanged. Keys written here win."
  ),
  submission: submissionSection.prefault({}).describe("What a submission may hold: its entry point, size, file count, and what is left out."),
  container: containerSection.prefault({}).describe(
    "The layout inside the sandbox: where the code, the data and the output are, the command, the user and the environment."
  ),
  runtime: runtimeSection.prefault({}).describe(
    "How the runtime images are made (one per flavor) and the policy package requests are held to (docs/runtime.md)."
  ),
  limits: limitsSection.prefault({}).describe(
    "What one run may use, the same on a participant's laptop as on the runner; and how many evaluations a participant may have (submissions_*)."
  ),
  datasets: external_exports.object({
    smoke: datasetSection.describe(
      "The public sample, committed in the repository: every pull request runs on it, and participants run on it with holdout test. Its labels are public, so their split column is optional."
    ),
    test: datasetSection.optional().describe(
      "The private test data and labels: absolute paths on the evaluation runner, never committed. On other machines holdout check-config only notes that they are not there."
    )
  }).strict().describe(
    "The public smoke sample (in the repository) and the private test data (on the evaluation runner only)."
  ),
  scoring: scoringSection.describe("What the predictions must look like and how they score (docs/scoring.md)."),
  leaderboard: leaderboardSection.prefault({}).describe(
    "How holdout leaderboard ranks the results ledger (rule best, last or selected), the baselines, and the timeline its page shows."
  ),
  results: resultsSection.prefault({}).describe(
    "The results ledger: the branch every evaluation's record is committed on, and the public key that seals private scores there."
  ),
  private_run: privateRunSection.prefault({}).describe(
    "What of the run on the private test data leaves the runner, and where the rest is kept (docs/security.md)."
  )
}).strict().superRefine((c, ctx) => {
  for (const issue of layoutIssues(c)) ctx.addIssue({ code: "custom", ...issue });
  if (c.limits.gpus > 0 && !c.runtime.gpu) {
    ctx.addIssue({ code: "custom", path: ["limits", "gpus"], message: "asks for GPUs but runtime.gpu is not set" });
  }
  for (const issue of kindIssues(c.submission)) ctx.addIssue({ code: "custom", ...issue });
  if (c.submission.kind === "pickle" && c.scoring.columns.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["scoring", "columns"],
      message: "kind pickle scores one column (predict returns one prediction column): list exactly one"
    });
  }
  for (const name of ["smoke", "test"]) {
    if (c.datasets[name]?.ranking && !c.scoring.ranking) {
      ctx.addIssue({
        code: "custom",
        path: ["datasets", name, "ranking"],
        message: "applies to ranking tasks only: add scoring.ranking (with metric: map_at_k), or remove this key"
      });
    }
  }
});

// src/config/load.ts
var CONFIG_FILE = "competition.yml";
async function loadCompetition(dir) {
  const absDir = path4.resolve(dir);
  const configPath = path4.join(absDir, CONFIG_FILE);
  let text;
  try {
    text = await readFile(configPath, "utf8");
  } catch {
    throw new ConfigError(
      `no ${CONFIG_FILE} in ${absDir}: run holdout from a competition folder or pass --competition DIR`
    );
  }
  const parsed = parseCompetitionDocument(text, CONFIG_FILE);
  return { dir: absDir, configPath, ...parsed };
}
function parseCompetition(text, name = CONFIG_FILE) {
  return parseCompetitionDocument(text, name).config;
}
function parseCompetitionDocument(text, name) {
  const lineCounter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems2 = doc.errors.map((e) => {
      const line = lineCounter.linePos(e.pos[0]).line;
      return `${name}${line ? `:${line}` : ""}: ${e.message.split("\n")[0]}`;
    });
    throw new ConfigError(`${name} is not valid YAML:
  ${problems2.join("\n  ")}`, problems2);
  }
  const raw = doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError(`${name}: must be a mapping of keys (name, datasets, scoring, \u2026)`);
  }
  const result = competitionSchema.safeParse(applyPreset(raw));
  if (result.success) {
    const at = (keyPath) => {
      const line = lineOf(doc, lineCounter, keyPath.map(String));
      return `${name}${line ? `:${line}` : ""}: ${keyPath.length > 0 ? `${keyPath.join(".")}: ` : ""}`;
    };
    return { config: result.data, at };
  }
  const located = result.error.issues.map((issue) => {
    const keyPath = issue.path.map(String);
    const line = lineOf(doc, lineCounter, issue.code === "unrecognized_keys" ? [...keyPath, issue.keys[0]] : keyPath);
    const where = keyPath.length > 0 ? `${keyPath.join(".")}: ` : "";
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      message = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling; see schema/competition.schema.json)`;
    } else if (issue.code === "invalid_type" && /received undefined/.test(message)) {
      message = `is required`;
    }
    return { line: line ?? 0, text: `${name}${line ? `:${line}` : ""}: ${where}${message}` };
  });
  const problems = located.sort((a, b) => a.line - b.line).map((p) => p.text);
  throw new ConfigError(
    `${name} has ${problems.length} problem${problems.length > 1 ? "s" : ""}:
  ${problems.join("\n  ")}`,
    problems
  );
}
function lineOf(doc, counter, keyPath) {
  for (let depth = keyPath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(keyPath.slice(0, depth), true);
    if ((0, import_yaml.isNode)(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return void 0;
}
function resolveFromCompetition(dir, p) {
  return path4.isAbsolute(p) ? p : path4.join(dir, p);
}

export {
  parseSize,
  parseDuration,
  formatBytes,
  formatDuration,
  RESERVED_ROOT,
  outputFolderOf,
  outputFileRequired,
  runtimeSection,
  inspectImage,
  inspectImageIds,
  pullImage,
  dockerBuild,
  resolveScorerImage,
  runCustomScorer,
  resultsWarnings,
  SUBMISSION_KINDS,
  functionsSettings,
  pickleSettings,
  competitionSchema,
  CONFIG_FILE,
  loadCompetition,
  parseCompetition,
  resolveFromCompetition
};
