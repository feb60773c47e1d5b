import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  dockerBuild,
  inspectImage,
  inspectImageIds,
  pullImage
} from "./chunk-JQKPXPDF.js";
import {
  ENGINE_HINT
} from "./chunk-IO3NW777.js";

// src/runtime/image/base-images.ts
var LOCAL_BASE_REPOSITORY = "holdout/base";
var DEFAULT_BASE_IMAGE = `${LOCAL_BASE_REPOSITORY}:bookworm`;
var OFFLINE_RUNTIME_DOC = 'docs/runtime.md, "A runtime without a registry"';
async function ensureBaseImages(refs, onProgress) {
  const ids = await inspectImageIds(refs);
  if (!ids) return { ok: true, ids: void 0 };
  for (const ref of refs.filter((r) => !ids.has(r))) {
    if (isLocalOnly(ref)) return { ok: false, problem: { cause: "local_only", ref, detail: "" } };
    onProgress?.(`holdout: the base image ${ref} is not on this machine: pulling it`);
    const pulled = await pullImage(ref);
    if (!pulled.ok) {
      const detail = pulled.message.replace(/^Error response from daemon:\s*/i, "");
      return { ok: false, problem: { cause: classifyPullError(detail), ref, detail } };
    }
    const found = await inspectImage(ref);
    if (found.state === "present") ids.set(ref, found.id);
  }
  return { ok: true, ids };
}
function isLocalOnly(ref) {
  const name = ref.replace(/@.*$/, "").replace(/:[^/:]*$/, "");
  return name === LOCAL_BASE_REPOSITORY || name === `docker.io/${LOCAL_BASE_REPOSITORY}`;
}
function classifyPullError(text) {
  if (/no such host|dial tcp|connect: |connection refused|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|Client\.Timeout|context deadline exceeded|server misbehaving|temporary failure in name resolution|timed out/i.test(
    text
  )) {
    return "registry_unreachable";
  }
  if (/pull access denied|repository does not exist|manifest unknown|not found|name unknown/i.test(text))
    return "not_in_registry";
  return "pull_failed";
}
function registryOf(ref) {
  const first = ref.split("/")[0];
  const hasHost = ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasHost && first !== "docker.io" ? first : "Docker Hub";
}
function describeBaseImageProblem(p, dockerfile, flavor) {
  const where = `the base image ${p.ref} (FROM in ${dockerfile})`;
  const retry = `then run holdout build --flavor ${flavor}`;
  switch (p.cause) {
    case "local_only": {
      const env = p.ref === DEFAULT_BASE_IMAGE ? "" : `HOLDOUT_BASE_IMAGE=${p.ref} `;
      return {
        message: `${where} is not on this machine; it is made here, not pulled from a registry`,
        hint: `build it with ${env}scripts/build-base-image.sh (as root; it needs a Debian mirror, no registry), or docker load it from a machine that has it; ${retry}`
      };
    }
    case "registry_unreachable":
      return {
        message: `${where} is not on this machine, and ${registryOf(p.ref)} cannot be reached to pull it (${p.detail})`,
        hint: `${dockerfile} is not at fault: this machine cannot get the image. Build where ${registryOf(p.ref)} is reachable (GitHub-hosted runners are), or bring the image here (on a connected machine: docker pull ${p.ref} && docker save -o base.tar ${p.ref}; here: docker load -i base.tar), or use a runtime on a local base image (${OFFLINE_RUNTIME_DOC}); ${retry}`
      };
    case "not_in_registry":
      return {
        message: `${where} is not on this machine, and ${registryOf(p.ref)} has no such image (${p.detail})`,
        hint: `check the name and tag in the FROM line of ${dockerfile} (and runtime.${flavor}.build_args); an image you make yourself must be built or docker load-ed on this machine first; ${retry}`
      };
    case "pull_failed":
      return {
        message: `${where} is not on this machine, and pulling it failed (${p.detail})`,
        hint: `pull it by hand (docker pull ${p.ref}) to see why, or docker load it from a machine that has it; ${retry}`
      };
  }
}

// src/runtime/image/image.ts
import { cp, mkdtemp, mkdir as mkdir2, readlink as readlink2, rm, symlink } from "node:fs/promises";
import os2 from "node:os";
import path3 from "node:path";
import { stripVTControlCharacters } from "node:util";

// src/runtime/image/build-context.ts
import { createHash } from "node:crypto";
import { lstat, readFile, readdir, readlink, stat } from "node:fs/promises";
import path from "node:path";
var PERMISSION_BITS_HASHED = 365;
var CONTEXT_ENVIRONMENT_FILE = "environment.yml";
var BuildInputError = class extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
  hint;
  name = "BuildInputError";
};
function imageSourceFor(runtime, flavor) {
  return flavor === "cpu" ? runtime.cpu : runtime.gpu;
}
async function collectBuildInputs(competitionDir, source, flavor) {
  const dockerfile = path.resolve(competitionDir, source.dockerfile);
  const contextDir = path.resolve(competitionDir, source.context);
  if (!await isKind(dockerfile, "file")) {
    throw new BuildInputError(
      `the Dockerfile ${source.dockerfile} does not exist in ${competitionDir}`,
      `create it, or set runtime.${flavor}.dockerfile in competition.yml to the right path`
    );
  }
  if (!await isKind(contextDir, "dir")) {
    throw new BuildInputError(
      `the build context ${source.context} is not a folder in ${competitionDir}`,
      `create it, or set runtime.${flavor}.context in competition.yml to the right folder`
    );
  }
  const entries = await listFiles(contextDir);
  if (source.environment !== void 0) {
    const envPath = path.resolve(competitionDir, source.environment);
    if (!await isKind(envPath, "file")) {
      throw new BuildInputError(
        `the environment file ${source.environment} does not exist in ${competitionDir}`,
        `create it, or fix runtime.${flavor}.environment in competition.yml`
      );
    }
    if (entries.some((e) => e.relPath === CONTEXT_ENVIRONMENT_FILE)) {
      throw new BuildInputError(
        `the build context ${source.context} already holds ${CONTEXT_ENVIRONMENT_FILE}, and runtime.${flavor}.environment would replace it`,
        `remove ${source.context}/${CONTEXT_ENVIRONMENT_FILE} (the environment file is copied there at build time)`
      );
    }
    entries.push({
      relPath: CONTEXT_ENVIRONMENT_FILE,
      source: envPath,
      kind: "file",
      mode: (await stat(envPath)).mode & PERMISSION_BITS_HASHED
    });
    entries.sort((a, b) => a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);
  }
  return {
    flavor,
    dockerfile,
    contextDir,
    entries,
    buildArgs: { ...source.build_args, FLAVOR: flavor },
    needsStaging: source.environment !== void 0
  };
}
async function contentHash(inputs, knownBaseIds) {
  const hash = createHash("sha256");
  hash.update("holdout-runtime-v2\0");
  hash.update(`flavor\0${inputs.flavor}\0`);
  hash.update("dockerfile\0");
  const dockerfile = await readFile(inputs.dockerfile);
  hash.update(dockerfile);
  hash.update("\0");
  const bases = baseImageReferences(dockerfile.toString("utf8"), inputs.buildArgs);
  const ids = knownBaseIds ?? await inspectImageIds(bases);
  for (const ref of bases) hash.update(`from\0${ref}\0${ids?.get(ref) ?? "-"}\0`);
  for (const key of Object.keys(inputs.buildArgs).sort()) {
    hash.update(`arg\0${key}\0${inputs.buildArgs[key]}\0`);
  }
  for (const entry of inputs.entries) {
    const bytes = entry.kind === "symlink" ? Buffer.from(await readlink(entry.source)) : await readFile(entry.source);
    const digest = createHash("sha256").update(bytes).digest("hex");
    hash.update(`${entry.kind}\0${entry.relPath}\0${entry.mode.toString(8)}\0${digest}\0`);
  }
  return hash.digest("hex");
}
async function baseImagesOf(inputs) {
  return baseImageReferences(await readFile(inputs.dockerfile, "utf8"), inputs.buildArgs);
}
function tagFor(repository, flavor, hash) {
  return `${repository}:${flavor}-${hash.slice(0, 12)}`;
}
function baseImageReferences(dockerfile, buildArgs) {
  const escapeChar = /^#\s*escape\s*=\s*`/im.test(dockerfile.split(/\n(?!\s*#)/)[0] ?? "") ? "`" : "\\";
  const instructions = [];
  let current = "";
  for (const raw of dockerfile.split(/\r?\n/)) {
    if (/^\s*#/.test(raw)) continue;
    const line = raw.replace(/\s+$/, "");
    if (line.endsWith(escapeChar)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== "") instructions.push(current.trim());
    current = "";
  }
  if (current.trim() !== "") instructions.push(current.trim());
  const globalArgs = /* @__PURE__ */ new Map();
  const stages = /* @__PURE__ */ new Set();
  const refs = [];
  let seenFrom = false;
  for (const instruction of instructions) {
    const [keyword = "", ...words] = instruction.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === "ARG" && !seenFrom) {
      for (const word of words) {
        const eq = word.indexOf("=");
        const name = eq < 0 ? word : word.slice(0, eq);
        const fallback = eq < 0 ? void 0 : unquote(word.slice(eq + 1));
        const value = Object.hasOwn(buildArgs, name) ? buildArgs[name] : fallback;
        if (value !== void 0) globalArgs.set(name, value);
        else globalArgs.delete(name);
      }
    } else if (upper === "FROM") {
      seenFrom = true;
      const [image, as, stage] = words.filter((w) => !w.startsWith("--"));
      if (image === void 0) continue;
      const ref = substitute(image, globalArgs);
      const known = ref.toLowerCase() === "scratch" || stages.has(ref.toLowerCase());
      if (!known && ref !== "" && !refs.includes(ref)) refs.push(ref);
      if (as?.toUpperCase() === "AS" && stage) stages.add(stage.toLowerCase());
    }
  }
  return refs;
}
function unquote(text) {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}
function substitute(text, vars) {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced, op, word, bare) => {
      const name = braced ?? bare;
      const value = vars.get(name);
      const set = op?.startsWith(":") ? value !== void 0 && value !== "" : value !== void 0;
      if (op?.endsWith("-")) return set ? value : word ?? "";
      if (op?.endsWith("+")) return set ? word ?? "" : "";
      return value ?? "";
    }
  );
}
async function listFiles(root) {
  const entries = [];
  async function walk(dir) {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const relPath = path.relative(root, full).split(path.sep).join("/");
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isSymbolicLink()) entries.push({ relPath, source: full, kind: "symlink", mode: 0 });
      else if (info.isFile())
        entries.push({ relPath, source: full, kind: "file", mode: info.mode & PERMISSION_BITS_HASHED });
    }
  }
  await walk(root);
  return entries;
}
async function isKind(p, kind) {
  try {
    const info = await stat(p);
    return kind === "file" ? info.isFile() : info.isDirectory();
  } catch {
    return false;
  }
}

// src/runtime/image/image-trust.ts
import { createHash as createHash2 } from "node:crypto";
import { mkdir, readFile as readFile2, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path2 from "node:path";
var CONTENT_LABEL = "holdout.runtime.content";
function contentOf(found) {
  return found.labels[CONTENT_LABEL];
}
var short = (id) => id.replace(/^sha256:/, "").slice(0, 12);
function judgeImage(found, expectedContent, record) {
  if (record && record.id !== found.id) {
    return {
      kind: "untrusted",
      why: `Holdout recorded image ${short(record.id)} for it, and the engine now has ${short(found.id)} under that tag`
    };
  }
  if (found.content !== void 0 && found.content !== expectedContent) {
    return {
      kind: "untrusted",
      why: `its ${CONTENT_LABEL} label names other build inputs (${found.content.slice(0, 12)}\u2026, expected ${expectedContent.slice(0, 12)}\u2026)`
    };
  }
  if (found.content === void 0) return record ? { kind: "trusted" } : { kind: "unlabelled" };
  return { kind: "trusted" };
}
function recordsDir(env = process.env) {
  const state = env.HOLDOUT_STATE_DIR || path2.join(env.XDG_STATE_HOME || path2.join(env.HOME || os.homedir(), ".local", "state"), "holdout");
  return path2.join(state, "images");
}
function recordFile(dir, tag) {
  return path2.join(dir, `${createHash2("sha256").update(tag).digest("hex").slice(0, 32)}.json`);
}
async function readRecord(tag, dir = recordsDir()) {
  try {
    const parsed = JSON.parse(await readFile2(recordFile(dir, tag), "utf8"));
    return parsed.tag === tag && typeof parsed.id === "string" && typeof parsed.content === "string" ? parsed : void 0;
  } catch {
    return void 0;
  }
}
async function writeRecord(record, dir = recordsDir()) {
  await mkdir(dir, { recursive: true, mode: 448 });
  const file = recordFile(dir, record.tag);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(record)}
`, { mode: 384 });
  await rename(temp, file);
}
async function recordMade(tag, content, dir = recordsDir()) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await inspectImage(tag);
    if (found.state === "engine_unavailable")
      return { ok: false, reason: "engine_unavailable", message: found.message, hint: "" };
    if (found.state === "absent") return refused(tag, "it disappeared from the engine right after it was made");
    const label = contentOf(found);
    if (label === void 0) return { ok: false, reason: "unlabelled" };
    const verdict = judgeImage({ id: found.id, content: label }, content, void 0);
    if (verdict.kind === "untrusted") return refused(tag, verdict.why);
    try {
      await writeRecord({ tag, id: found.id, content }, dir);
    } catch {
      return { ok: true, id: found.id, sizeBytes: found.sizeBytes };
    }
    const again = await inspectImage(tag);
    if (again.state === "present" && again.id === found.id)
      return { ok: true, id: found.id, sizeBytes: found.sizeBytes };
  }
  return refused(tag, "it kept changing while Holdout recorded it (another build of the same tag at the same time?)");
}
async function vouchFor(tag, found, content, dir = recordsDir()) {
  const record = await readRecord(tag, dir);
  const verdict = judgeImage(found, content, record);
  if (verdict.kind === "unlabelled") return { ok: false, reason: "unlabelled" };
  if (verdict.kind === "untrusted") return refused(tag, verdict.why);
  if (!record) await writeRecord({ tag, id: found.id, content }, dir).catch(() => {
  });
  return { ok: true, id: found.id };
}
function refused(tag, why) {
  return {
    ok: false,
    reason: "image_untrusted",
    message: `the runtime image ${tag} is not the one Holdout built or pulled for these build inputs: ${why}`,
    hint: `if nobody on your side put it there, treat this runner as compromised and replace it (an ephemeral runner, which starts clean for every job, is the recommended setup); otherwise remove it (docker image rm ${tag}) and run again: Holdout builds it and records it`
  };
}

// src/runtime/image/image.ts
var RUNTIME_LABEL = "holdout.runtime";
async function ensureImage(req) {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1e3;
  const source = imageSourceFor(req.runtime, req.flavor);
  if (!source) {
    const e = missingFlavor(req.flavor);
    return { ok: false, reason: "image_missing", message: e.message, hint: e.hint, logTail: [] };
  }
  if (source.image) {
    const found2 = await inspectImage(source.image);
    if (found2.state === "present")
      return { ok: true, tag: source.image, built: false, seconds: seconds(), sizeBytes: found2.sizeBytes };
    if (found2.state === "engine_unavailable") return engineUnavailable(found2.message);
    return {
      ok: false,
      reason: "image_missing",
      message: `the image ${source.image} (runtime.${req.flavor}.image) is not on this machine`,
      hint: `pull or load it first (docker pull ${source.image}), or remove runtime.${req.flavor}.image from competition.yml to build it from the Dockerfile`,
      logTail: []
    };
  }
  let inputs;
  try {
    inputs = await collectBuildInputs(req.competitionDir, source, req.flavor);
  } catch (e) {
    if (!(e instanceof BuildInputError)) throw e;
    return { ok: false, reason: "image_build_failed", message: e.message, hint: e.hint, logTail: [] };
  }
  const dockerfileName = path3.relative(req.competitionDir, inputs.dockerfile) || inputs.dockerfile;
  const bases = await ensureBaseImages(await baseImagesOf(inputs), req.onProgress);
  if (!bases.ok)
    return {
      ok: false,
      reason: "image_missing",
      ...describeBaseImageProblem(bases.problem, dockerfileName, req.flavor),
      logTail: []
    };
  const content = await contentHash(inputs, bases.ids);
  const tag = tagFor(req.runtime.repository, req.flavor, content);
  const found = await inspectImage(tag);
  if (found.state === "engine_unavailable") return engineUnavailable(found.message);
  if (found.state === "present") {
    const vouched = await vouchFor(tag, { id: found.id, content: contentOf(found) }, content);
    if (vouched.ok)
      return { ok: true, tag, id: vouched.id, built: false, seconds: seconds(), sizeBytes: found.sizeBytes };
    if (vouched.reason !== "unlabelled") return untrusted(vouched);
    req.onProgress?.(
      `holdout: ${tag} carries no ${CONTENT_LABEL} label (made by an older Holdout, or not by Holdout): building it anew instead of running it`
    );
  }
  if (req.runtime.pull) {
    req.onProgress?.(`holdout: pulling ${tag}`);
    if ((await pullImage(tag, req.onProgress)).ok) {
      const made = await recordMade(tag, content);
      if (made.ok) return { ok: true, tag, id: made.id, built: false, seconds: seconds(), sizeBytes: made.sizeBytes };
      if (made.reason !== "unlabelled") return untrusted(made);
      req.onProgress?.(
        `holdout: the pulled ${tag} carries no ${CONTENT_LABEL} label (pushed by an older Holdout?): building it instead`
      );
    }
  }
  req.onProgress?.(`holdout: building ${tag} (the runtime changed or was never built here)`);
  const staged = inputs.needsStaging ? await stageContext(inputs) : void 0;
  try {
    const build = await dockerBuild({
      tag,
      dockerfile: inputs.dockerfile,
      contextDir: staged ?? inputs.contextDir,
      buildArgs: inputs.buildArgs,
      network: req.runtime.build_network,
      // The full content hash, which the tag holds only 12 hex of: checked before every use (image-trust.ts).
      labels: { [RUNTIME_LABEL]: "true", [`${RUNTIME_LABEL}.flavor`]: req.flavor, [CONTENT_LABEL]: content },
      cacheFrom: req.runtime.cache_from,
      onLine: req.onProgress,
      logPath: req.buildLogPath
    });
    if (build.notStarted) return engineUnavailable("the docker command could not be started");
    if (build.exitCode !== 0) {
      const where = build.lastStep ? ` at step "${build.lastStep}"` : "";
      return {
        ok: false,
        reason: "image_build_failed",
        message: `building the ${req.flavor} runtime image ${tag} failed${where} (docker build exit code ${build.exitCode})`,
        hint: buildFailureHint({
          tail: build.tail,
          logPath: req.buildLogPath,
          dockerfile: dockerfileName,
          environment: source.environment,
          flavor: req.flavor,
          buildNetwork: req.runtime.build_network
        }),
        logTail: build.tail
      };
    }
    const elapsed = seconds();
    const made = await recordMade(tag, content);
    if (!made.ok)
      return untrusted(
        made.reason === "unlabelled" ? refused(tag, `it came out of the build without its ${CONTENT_LABEL} label`) : made
      );
    return { ok: true, tag, id: made.id, built: true, seconds: elapsed, sizeBytes: made.sizeBytes };
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
  }
}
var NETWORK_TROUBLE = /could not resolve host|temporary failure (?:in name resolution|resolving)|name or service not known|network is unreachable|no route to host|failed to establish a new connection|connection refused|could not connect to|connection timed out|name resolution/i;
function buildFailureHint(o) {
  const log = o.logPath ? `the full log is ${o.logPath}` : "its last lines are with this message";
  const rerun = `run holdout build --flavor ${o.flavor}`;
  const files = `${o.dockerfile}${o.environment ? ` or ${o.environment}` : ""}`;
  const trouble = [...o.tail].reverse().find((l) => NETWORK_TROUBLE.test(l));
  if (trouble) {
    const why = o.buildNetwork === "none" ? "the build has no network (runtime.build_network: none), so a step that downloads packages cannot work" : "this machine could not reach what a step downloads from (a package channel, PyPI, a Debian mirror)";
    return `a step could not reach the network ("${stripVTControlCharacters(trouble).trim().slice(0, 200)}"): ${why}. If ${files} is right, build where the network is reachable (GitHub-hosted runners), ${o.buildNetwork === "none" ? "set runtime.build_network to default, " : ""}or use a runtime that downloads nothing (${OFFLINE_RUNTIME_DOC}); ${log}; then ${rerun}`;
  }
  return `${log}; fix ${files} and ${rerun}`;
}
function runtimeTestPaths(competitionDir, runtime, flavor) {
  const source = runtime[flavor];
  if (!source?.environment) return void 0;
  return {
    testsDir: path3.join(competitionDir, source.context, "tests"),
    environmentFile: path3.join(competitionDir, source.environment)
  };
}
async function stageContext(inputs) {
  const dir = await mkdtemp(path3.join(os2.tmpdir(), "holdout-context-"));
  for (const entry of inputs.entries) {
    const target = path3.join(dir, ...entry.relPath.split("/"));
    await mkdir2(path3.dirname(target), { recursive: true });
    if (entry.kind === "symlink") await symlink(await readlink2(entry.source), target);
    else await cp(entry.source, target, { preserveTimestamps: true });
  }
  return dir;
}
function missingFlavor(flavor) {
  return new BuildInputError(
    `competition.yml has no runtime.${flavor} section, so there is no ${flavor} image`,
    flavor === "gpu" ? "add runtime.gpu to competition.yml (Dockerfile, context, environment) or run with the CPU flavor" : "add runtime.cpu to competition.yml"
  );
}
function untrusted(refusal) {
  if (refusal.reason === "engine_unavailable") return engineUnavailable(refusal.message);
  return { ok: false, reason: "image_untrusted", message: refusal.message, hint: refusal.hint, logTail: [] };
}
function engineUnavailable(message) {
  return { ok: false, reason: "engine_unavailable", message, hint: ENGINE_HINT, logTail: [] };
}

export {
  DEFAULT_BASE_IMAGE,
  ensureImage,
  runtimeTestPaths
};
