import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  VersionSpec,
  isPackageName
} from "./chunk-HM3TTN2Q.js";
import {
  require_dist
} from "./chunk-W3WMPUYC.js";
import {
  messageOf
} from "./chunk-XY6EIFX3.js";
import {
  __toESM
} from "./chunk-2JER24KG.js";

// src/runtime/package-request/environment-file.ts
var import_yaml = __toESM(require_dist(), 1);

// src/runtime/package-request/spec.ts
var CONDA_SPEC = /^(?:([^\s:]+)::)?([^\s=<>!~*,|[\]]+)\s*(.*)$/;
var CONDA_VERSION_BUILD = /^(==?)([^\s=<>!~*,|][^\s=<>~*,|]*)(?:=([^\s=]+))?$/;
var CONDA_SPACED_BUILD = /^(\S+)\s+([^\s=]+)$/;
var BRACKET_KEYS = /* @__PURE__ */ new Set(["version", "build", "build_number", "md5", "sha256", "fn", "subdir", "license"]);
function isExactPin(operator, version) {
  if (version.includes("*")) return false;
  if (operator === "==") return true;
  const release = version.replace(/^\d+!/, "").split("+")[0].split(".");
  let parts = 0;
  for (const part of release) {
    if (!/^\d/.test(part)) break;
    parts++;
    if (!/^\d+$/.test(part)) break;
  }
  return parts >= 3;
}
function parseCondaSpec(text) {
  const spec = text.trim();
  const match = CONDA_SPEC.exec(spec);
  if (!match) return { ok: false, manager: "conda", name: void 0, problem: `"${spec}" is not a conda package spec` };
  const [, channel, rawName = "", rest = ""] = match;
  if (!isPackageName(rawName)) {
    return {
      ok: false,
      manager: "conda",
      name: void 0,
      problem: `"${rawName}" is not a valid conda package name (letters, digits, "-", "_" and "." only)`
    };
  }
  const name = rawName.toLowerCase();
  const bad = (problem) => ({
    ok: false,
    manager: "conda",
    name,
    problem: `"${spec}": ${problem}`
  });
  let versionPart = rest.trim();
  let bracketVersion;
  if (versionPart.includes("[") || versionPart.includes("]")) {
    const open = versionPart.indexOf("[");
    if (open < 0 || !versionPart.endsWith("]") || versionPart.indexOf("]") !== versionPart.length - 1 || versionPart.lastIndexOf("[") !== open) {
      return bad("brackets must come once, at the end of the spec, as in name=x.y.z[md5=\u2026]");
    }
    const fields = parseBracket(versionPart.slice(open + 1, -1));
    if (typeof fields === "string") return bad(fields);
    if ("channel" in fields)
      return bad(
        `a channel in brackets ([channel=${fields.channel}]) is not supported; write ${fields.channel}::${rawName}=x.y.z`
      );
    if ("url" in fields)
      return bad("a package URL in brackets ([url=\u2026]) is not allowed; only packages from the channels are");
    const unknown = Object.keys(fields).find((k) => !BRACKET_KEYS.has(k));
    if (unknown !== void 0) return bad(`invalid bracket key: ${unknown}`);
    for (const [key, length] of [
      ["md5", 32],
      ["sha256", 64]
    ]) {
      const value = fields[key];
      if (value !== void 0 && !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value))
        return bad(`${key} must be ${length} hexadecimal digits`);
    }
    if (fields.build_number !== void 0 && !/^(?:[<>]=?|==?|!=)?\d+$/.test(fields.build_number))
      return bad(`"${fields.build_number}" is not a build number`);
    bracketVersion = fields.version;
    versionPart = versionPart.slice(0, open).trim();
  }
  let operator = "";
  let version;
  let versionSpec;
  if (versionPart !== "") {
    const pinned = CONDA_VERSION_BUILD.exec(versionPart);
    const spaced = pinned ? null : CONDA_SPACED_BUILD.exec(versionPart);
    if (pinned) [operator, version, versionSpec] = [pinned[1], pinned[2], `${pinned[1]}${pinned[2]}`];
    else versionSpec = spaced ? spaced[1] : versionPart;
    const problem = versionSpecProblem(versionSpec);
    if (problem) return bad(problem);
  }
  if (bracketVersion !== void 0) {
    const problem = versionSpecProblem(bracketVersion);
    if (problem) return bad(problem);
    const pinned = /^(==?)([^\s=<>!~*,|]+)$/.exec(bracketVersion.trim());
    [operator, version] = pinned ? [pinned[1], pinned[2]] : ["", void 0];
  }
  const exact = version !== void 0 && isExactPin(operator, version);
  return { ok: true, manager: "conda", name, version, exact, channel };
}
function parseBracket(body) {
  const fields = {};
  const field = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("[^"]*"|'[^']*'|[^,"']*?)\s*(?:,|$)/y;
  let at = 0;
  while (at < body.length && body.slice(at).trim() !== "") {
    field.lastIndex = at;
    const m = field.exec(body);
    if (!m || m[0] === "") return `"[${body}]" is not a list of key=value pairs`;
    const raw = m[2];
    fields[m[1]] = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
    at = field.lastIndex;
  }
  return fields;
}
function versionSpecProblem(text) {
  try {
    new VersionSpec(text, "lenient").free();
    return void 0;
  } catch (e) {
    const detail = String(e).split("\n")[0].trim();
    return /^\d+: at line/.test(detail) || detail === "" ? `"${text}" is not a valid conda version spec` : detail;
  }
}
var PIP_REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$/;
var PIP_VERSION_CLAUSE = /^(===|==|~=|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+$/;
var PIP_EXACT = /^==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$/;
function parsePipSpec(text) {
  const spec = text.trim();
  if (spec.startsWith("-")) {
    return {
      ok: false,
      manager: "pip",
      name: void 0,
      problem: `"${spec}" is a pip option; options (index URLs, -e, -r) are not allowed, list packages as name==x.y.z`
    };
  }
  const match = PIP_REQUIREMENT.exec(spec);
  if (!match)
    return {
      ok: false,
      manager: "pip",
      name: void 0,
      problem: `"${spec}" is not a pip requirement (write name==x.y.z)`
    };
  const [, rawName = "", , versionPart = ""] = match;
  const name = rawName.toLowerCase().replace(/[-_.]+/g, "-");
  if (versionPart.startsWith("@")) {
    return {
      ok: false,
      manager: "pip",
      name,
      problem: `"${spec}" installs from a URL; only packages from the index are allowed, pinned as ${rawName}==x.y.z`
    };
  }
  if (versionPart === "")
    return { ok: true, manager: "pip", name, version: void 0, exact: false, channel: void 0 };
  const clauses = versionPart.split(",").map((c) => c.trim());
  if (!clauses.every((c) => PIP_VERSION_CLAUSE.test(c))) {
    return {
      ok: false,
      manager: "pip",
      name,
      problem: `"${spec}": "${versionPart}" is not a valid pip version specifier (write ${rawName}==x.y.z)`
    };
  }
  const exact = clauses.length === 1 ? PIP_EXACT.exec(clauses[0]) : null;
  const pinned = exact !== null && !exact[1].includes("*");
  return { ok: true, manager: "pip", name, version: exact?.[1], exact: pinned, channel: void 0 };
}

// src/runtime/package-request/environment-file.ts
var MAX_ENVIRONMENT_FILE_BYTES = 256 * 1024;
function parseEnvironmentFile(text, file) {
  const findings = [];
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_ENVIRONMENT_FILE_BYTES) {
    findings.push({
      rule: "too_large",
      file,
      line: 1,
      message: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; an environment file may be at most ${MAX_ENVIRONMENT_FILE_BYTES / 1024} KiB. List only the packages you need, one per line`
    });
    return { env: void 0, findings };
  }
  const counter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node) => node?.range ? counter.linePos(node.range[0]).line : 1;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      findings.push({
        rule: "invalid_file",
        file,
        line: e.linePos?.[0]?.line ?? 1,
        message: `not valid YAML: ${e.message.split("\n")[0]}`
      });
    }
    return { env: void 0, findings };
  }
  const root = doc.contents;
  if (!(0, import_yaml.isMap)(root)) {
    findings.push({
      rule: "invalid_file",
      file,
      line: lineOf(root),
      message: 'the file must be a mapping with "channels:" and "dependencies:" keys, like the conda environment files in this repository'
    });
    return { env: void 0, findings };
  }
  const env = { file, channels: [], dependencies: [], dependenciesLine: 1, parsedCleanly: true };
  const invalid = (node, message) => {
    findings.push({ rule: "invalid_file", file, line: lineOf(node), message });
    env.parsedCleanly = false;
  };
  const channels = root.get("channels", true);
  if (channels !== void 0) {
    if (!(0, import_yaml.isSeq)(channels)) invalid(channels, '"channels:" must be a list of channel names');
    else
      for (const item of channels.items) {
        if ((0, import_yaml.isScalar)(item) && typeof item.value === "string")
          env.channels.push({ name: item.value.trim(), line: lineOf(item) });
        else invalid(item, "each channel must be a name such as conda-forge");
      }
  }
  const depsPair = root.items.find((pair) => (0, import_yaml.isScalar)(pair.key) && pair.key.value === "dependencies");
  const deps = depsPair?.value;
  env.dependenciesLine = lineOf(depsPair?.key ?? root);
  if (!depsPair) {
    invalid(root, 'the file has no "dependencies:" list');
  } else if (!(0, import_yaml.isSeq)(deps)) {
    invalid(deps, '"dependencies:" must be a list of packages, one "- name=x.y.z" per line');
  } else {
    for (const item of deps.items) {
      if ((0, import_yaml.isScalar)(item) && (typeof item.value === "string" || typeof item.value === "number")) {
        addDependency(String(item.value), "conda", lineOf(item));
      } else if ((0, import_yaml.isMap)(item) && item.items.length === 1 && (0, import_yaml.isScalar)(item.items[0].key) && item.items[0].key.value === "pip") {
        const pip = item.items[0].value;
        if (!(0, import_yaml.isSeq)(pip)) invalid(pip, '"pip:" must be a list of packages, one "- name==x.y.z" per line');
        else
          for (const p of pip.items) {
            if ((0, import_yaml.isScalar)(p) && typeof p.value === "string") addDependency(p.value, "pip", lineOf(p));
            else invalid(p, 'each pip package must be a line such as "- name==x.y.z"');
          }
      } else {
        invalid(item, 'each dependency must be a line such as "- name=x.y.z" (or a "- pip:" list)');
      }
    }
  }
  return { env, findings };
  function addDependency(spec, manager, line) {
    const parsed = manager === "conda" ? parseCondaSpec(spec) : parsePipSpec(spec);
    if (!parsed.ok) {
      findings.push({ rule: "bad_spec", file, line, message: `${parsed.problem}` });
      env.parsedCleanly = false;
      return;
    }
    const twin = env.dependencies.find((d) => d.manager === manager && d.name === parsed.name);
    if (twin) {
      findings.push({
        rule: "duplicate",
        file,
        line,
        message: `${parsed.name} is already listed on line ${twin.line}; keep one line per package`
      });
      env.parsedCleanly = false;
      return;
    }
    env.dependencies.push({
      manager,
      spec: spec.trim(),
      name: parsed.name,
      version: parsed.version,
      exact: parsed.exact,
      channel: parsed.channel,
      line
    });
  }
}

// src/runtime/package-request/package-diff.ts
function diffEnvironments(base, head, flavor) {
  const key = (d) => `${d.manager}:${d.name}`;
  const before = new Map((base?.dependencies ?? []).map((d) => [key(d), d]));
  const after = new Map(head.dependencies.map((d) => [key(d), d]));
  const changes = [];
  for (const d of head.dependencies) {
    const old = before.get(key(d));
    if (!old)
      changes.push({
        flavor,
        file: head.file,
        manager: d.manager,
        name: d.name,
        kind: "added",
        before: void 0,
        after: d.spec,
        line: d.line
      });
    else if (normalizeSpec(old.spec) !== normalizeSpec(d.spec)) {
      changes.push({
        flavor,
        file: head.file,
        manager: d.manager,
        name: d.name,
        kind: "changed",
        before: old.spec,
        after: d.spec,
        line: d.line
      });
    }
  }
  for (const d of base?.dependencies ?? []) {
    if (!after.has(key(d)))
      changes.push({
        flavor,
        file: head.file,
        manager: d.manager,
        name: d.name,
        kind: "removed",
        before: d.spec,
        after: void 0,
        line: d.line
      });
  }
  return changes;
}
function normalizeSpec(spec) {
  return spec.replace(/\s+/g, "").toLowerCase();
}

// src/runtime/package-request/policy.ts
var CHANNEL_DIRECTIVES = /* @__PURE__ */ new Set(["nodefaults"]);
function channelUrl(channel, policy) {
  const trimmed = channel.trim().replace(/\/+$/, "");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  return `${policy.channel_alias.replace(/\/+$/, "")}/${trimmed}`;
}
function isChannelAllowed(channel, policy) {
  const url = channelUrl(channel, policy);
  return policy.allowed_channels.some((allowed) => channelUrl(allowed, policy) === url);
}
function solverChannels(env, policy) {
  return env.channels.filter((c) => !CHANNEL_DIRECTIVES.has(c.name)).map((c) => channelUrl(c.name, policy));
}
function checkFile(env, flavor, policy) {
  const findings = [];
  const allowedList = policy.allowed_channels.join(", ");
  for (const channel of env.channels) {
    if (CHANNEL_DIRECTIVES.has(channel.name) || isChannelAllowed(channel.name, policy)) continue;
    findings.push({
      rule: "channel_not_allowed",
      file: env.file,
      line: channel.line,
      message: `channel "${channel.name}" is not allowed; this competition takes packages only from ${allowedList}`
    });
  }
  for (const dep of env.dependencies) {
    if (dep.channel && !isChannelAllowed(dep.channel, policy)) {
      findings.push({
        rule: "channel_not_allowed",
        file: env.file,
        line: dep.line,
        message: `"${dep.spec}" asks for channel "${dep.channel}", which is not allowed; this competition takes packages only from ${allowedList}`
      });
    }
    if (!dep.exact) {
      const example = dep.manager === "conda" ? `${dep.name}=x.y.z` : `${dep.name}==x.y.z`;
      findings.push({
        rule: "unpinned",
        file: env.file,
        line: dep.line,
        message: `"${dep.spec}" is not pinned to one version; write ${example} with the exact version you tested`
      });
    }
    if (flavor === "cpu" && dep.manager === "conda" && policy.gpu_only.includes(dep.name)) {
      findings.push({
        rule: "gpu_only_in_cpu",
        file: env.file,
        line: dep.line,
        message: `${dep.name} is a GPU-only package (runtime.packages.gpu_only); list it only in the GPU environment file`
      });
    }
  }
  return findings;
}
function checkParity(cpu, gpu, policy) {
  const findings = [];
  const key = (d) => `${d.manager}:${d.name}`;
  const gpuByKey = new Map(gpu.dependencies.map((d) => [key(d), d]));
  const cpuByKey = new Map(cpu.dependencies.map((d) => [key(d), d]));
  const gpuOnly = (d) => d.manager === "conda" && policy.gpu_only.includes(d.name);
  for (const c of cpu.dependencies) {
    if (gpuOnly(c)) continue;
    const g = gpuByKey.get(key(c));
    if (!g) {
      findings.push({
        rule: "drift",
        file: gpu.file,
        line: gpu.dependenciesLine,
        message: `${c.name} is in ${cpu.file} (line ${c.line}) but not in ${gpu.file}; add "${c.spec}" to ${gpu.file} too (only runtime.packages.gpu_only packages may differ)`
      });
    } else if (c.version !== g.version) {
      findings.push({
        rule: "drift",
        file: gpu.file,
        line: g.line,
        message: `${c.name} is ${c.version ?? "unpinned"} in ${cpu.file} (line ${c.line}) but ${g.version ?? "unpinned"} here; use the same version in both files`
      });
    }
  }
  for (const g of gpu.dependencies) {
    if (gpuOnly(g) || cpuByKey.has(key(g))) continue;
    findings.push({
      rule: "drift",
      file: cpu.file,
      line: cpu.dependenciesLine,
      message: `${g.name} is in ${gpu.file} (line ${g.line}) but not in ${cpu.file}; add "${g.spec}" to ${cpu.file} too, or ask the organizers to declare it GPU-only (runtime.packages.gpu_only)`
    });
  }
  return findings;
}
function checkRemovals(base, head, removalsAllowed) {
  if (removalsAllowed) return [];
  const headKeys = new Set(head.dependencies.map((d) => `${d.manager}:${d.name}`));
  return base.dependencies.filter((d) => !headKeys.has(`${d.manager}:${d.name}`)).map((d) => ({
    rule: "removal",
    file: head.file,
    line: d.line,
    message: `${d.name} was removed (it is on line ${d.line} of the base version); only organizers may remove packages, since other submissions may use it. Put the line back`
  }));
}

// src/runtime/package-request/solve.ts
var queue = Promise.resolve();
function solveEnvironment(req) {
  const next = queue.then(() => solveNow(req));
  queue = next.catch(() => void 0);
  return next;
}
async function solveNow(req) {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1e3;
  if (req.channels.length === 0) {
    return {
      verdict: "error",
      message: 'the environment file lists no channels, so there is nothing to solve against; add "channels: [conda-forge]"',
      seconds: 0
    };
  }
  const { simpleSolve, isPlatform } = await import("./rattler.bundler-AF2PEUDE.js");
  if (!isPlatform(req.platform)) {
    return {
      verdict: "error",
      message: `"${req.platform}" is not a conda platform (runtime.packages.platform); use e.g. linux-64`,
      seconds: 0
    };
  }
  const platforms = req.platform === "noarch" ? ["noarch"] : [req.platform, "noarch"];
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error("solve timed out")), req.timeoutSeconds * 1e3);
  const restoreFetch = bindFetchTo(deadline.signal);
  try {
    const solved = await simpleSolve(
      req.specs,
      req.channels,
      platforms,
      virtualRecords(req.virtualPackages ?? {}, req.platform)
    );
    const packages = solved.filter((p) => !String(p.packageName).startsWith("__")).map((p) => ({ name: String(p.packageName), version: String(p.version) }));
    for (const p of solved) p.free();
    return { verdict: "solved", packages: packages.sort((a, b) => a.name.localeCompare(b.name)), seconds: seconds() };
  } catch (e) {
    const text = messageOf(e).trim();
    if (deadline.signal.aborted) {
      return {
        verdict: "error",
        message: `the channels (${req.channels.join(", ")}) did not answer within ${req.timeoutSeconds} s, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel`,
        seconds: seconds()
      };
    }
    if (/^Cannot solve the request/.test(text)) return { verdict: "conflict", message: text, seconds: seconds() };
    const status = /HTTP status (?:client|server) error \((\d{3})[^)]*\) for url \(([^)]*)\)/.exec(text);
    const unreachable = /error sending request|failed to fetch|connection refused/i.test(text);
    const message = status ? `the channel answered HTTP ${status[1]} for ${status[2]}, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel` : unreachable ? `the channels (${req.channels.join(", ")}) could not be reached (${text.split("\n")[0]}), so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel` : `the solver could not run: ${text.split("\n")[0]}; tell the organizers`;
    return { verdict: "error", message, seconds: seconds() };
  } finally {
    clearTimeout(timer);
    restoreFetch();
  }
}
function virtualRecords(virtual, platform) {
  return Object.entries(virtual).map(([name, version]) => ({
    name,
    packageName: name,
    version,
    build: "0",
    build_number: 0,
    subdir: platform,
    depends: [],
    url: `virtual:///${name}-${version}-0.conda`,
    // Both spellings: the record and the solved-package readers of rattler's bindings each want one.
    fileName: `${name}-${version}-0.conda`,
    filename: `${name}-${version}-0.conda`,
    channel: "virtual"
  }));
}
function bindFetchTo(signal) {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => original(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  return () => {
    globalThis.fetch = original;
  };
}

// src/runtime/package-request/analysis.ts
async function analyzePackageRequest(input) {
  const started = performance.now();
  const findings = [];
  const changes = [];
  const heads = {};
  const unchanged = /* @__PURE__ */ new Set();
  const flavors = ["cpu", "gpu"].filter((f) => input[f] !== void 0);
  for (const flavor of flavors) {
    const versions = input[flavor];
    const head = read(versions.head, versions.file, findings, true);
    const base = read(versions.base, versions.file, [], false);
    if (!head) continue;
    heads[flavor] = head;
    findings.push(...checkFile(head, flavor, input.policy));
    if (base && head.parsedCleanly) findings.push(...checkRemovals(base, head, input.removalsAllowed));
    const diff = diffEnvironments(base, head, flavor);
    changes.push(...diff);
    if (base?.parsedCleanly && head.parsedCleanly && diff.length === 0 && sameChannels(base, head))
      unchanged.add(flavor);
  }
  if (heads.cpu?.parsedCleanly && heads.gpu?.parsedCleanly)
    findings.push(...checkParity(heads.cpu, heads.gpu, input.policy));
  const solves = {};
  const solveWanted = input.solve ?? input.policy.solve;
  for (const flavor of flavors) {
    const head = heads[flavor];
    solves[flavor] = unchanged.has(flavor) ? { verdict: "skipped", reason: NOTHING_CHANGED } : await solveFlavor(head, flavor, solveWanted, input.policy, findings);
    const solved = solves[flavor];
    if (head && solved.verdict === "conflict") findings.push(conflictFinding(head, solved.message, changes));
  }
  const ordered = findings.sort((a, b) => a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1);
  const errors = Object.values(solves).filter((s) => s.verdict === "error");
  const verdict = ordered.length > 0 ? "fail" : errors.length > 0 ? "error" : "pass";
  return {
    verdict,
    summary: summarize(verdict, ordered, changes, Object.values(solves)),
    findings: ordered,
    changes,
    solves,
    seconds: (performance.now() - started) / 1e3
  };
}
function read(text, file, findings, isHead) {
  if (text === void 0) {
    if (isHead)
      findings.push({
        rule: "invalid_file",
        file,
        line: 1,
        message: `${file} is missing; the competition's runtime needs it (restore it from the base branch)`
      });
    return void 0;
  }
  const parsed = parseEnvironmentFile(text, file);
  findings.push(...parsed.findings);
  return parsed.env;
}
async function solveFlavor(head, flavor, wanted, policy, findings) {
  if (!wanted)
    return { verdict: "skipped", reason: "the solver is turned off (runtime.packages.solve: false or --no-solve)" };
  if (!head?.parsedCleanly)
    return { verdict: "skipped", reason: "the file has problems to fix first (see the findings)" };
  if (findings.some((f) => f.file === head.file && f.rule === "channel_not_allowed")) {
    return { verdict: "skipped", reason: "the file names a channel that is not allowed" };
  }
  const specs = head.dependencies.filter((d) => d.manager === "conda").map((d) => d.spec);
  const virtualPackages = flavor === "gpu" ? { ...policy.virtual_packages, __cuda: policy.cuda_version } : policy.virtual_packages;
  return solveEnvironment({
    specs,
    channels: solverChannels(head, policy),
    platform: policy.platform,
    timeoutSeconds: policy.solve_timeout,
    virtualPackages
  });
}
function conflictFinding(head, message, changes) {
  const firstMention = (name) => {
    const m = new RegExp(`(^|[\\s\u2500:])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s`, "m").exec(message);
    return m ? m.index : Infinity;
  };
  const culprit = changes.filter((c) => c.file === head.file && c.kind !== "removed" && c.manager === "conda").map((c) => ({ change: c, at: firstMention(c.name) })).filter((c) => c.at !== Infinity).sort((a, b) => a.at - b.at)[0]?.change;
  const line = culprit?.line ?? head.dependenciesLine;
  return {
    rule: "conflict",
    file: head.file,
    line,
    message: `no set of packages satisfies this file${culprit ? ` (look at ${culprit.name})` : ""}; change the versions the solver names below:
${message}`
  };
}
var NOTHING_CHANGED = "no package or channel changed against the base, so there is nothing new to solve";
function summarize(verdict, findings, changes, solves) {
  const what = `${changes.length} package change${changes.length === 1 ? "" : "s"}`;
  if (verdict === "pass") {
    const skipped = [...new Set(solves.flatMap((s) => s.verdict === "skipped" ? [s.reason] : []))];
    if (skipped.length === 0) return `${what}; policy checks passed and the environments solve`;
    if (skipped.length === 1 && skipped[0] === NOTHING_CHANGED && solves.some((s) => s.verdict === "solved")) {
      return `${what}; policy checks passed and the changed environment solves`;
    }
    return `${what}; policy checks passed; not solved: ${skipped.join("; ")}`;
  }
  if (verdict === "fail") return `${what}; ${findings.length} problem${findings.length === 1 ? "" : "s"} to fix`;
  const reasons = [...new Set(solves.map((e) => e.verdict === "error" ? e.message : "").filter(Boolean))];
  return `${what}; could not be judged: ${reasons.join("; ")}`;
}
function sameChannels(a, b) {
  return a.channels.map((c) => c.name).join("\n") === b.channels.map((c) => c.name).join("\n");
}

export {
  analyzePackageRequest,
  NOTHING_CHANGED
};
