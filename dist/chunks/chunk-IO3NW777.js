import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  messageOf
} from "./chunk-XY6EIFX3.js";

// src/sandbox/containers.ts
import os2 from "node:os";

// src/engine/gateway.ts
import { spawnSync } from "node:child_process";

// src/engine/api.ts
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
var EngineUnreachable = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
    this.name = "EngineUnreachable";
  }
  code;
};
function engineSocket(env = process.env) {
  const host = env.DOCKER_HOST?.trim() || contextHost(env) || "unix:///var/run/docker.sock";
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  return {
    problem: `Holdout talks to the Docker engine through a unix socket, and ${host} is not one; set DOCKER_HOST=unix:///path/to/docker.sock`
  };
}
function contextHost(env) {
  const configDir = env.DOCKER_CONFIG || path.join(os.homedir(), ".docker");
  let name = env.DOCKER_CONTEXT?.trim();
  if (!name) {
    try {
      name = JSON.parse(readFileSync(path.join(configDir, "config.json"), "utf8")).currentContext;
    } catch {
      return void 0;
    }
  }
  if (!name || name === "default") return void 0;
  try {
    const id = createHash("sha256").update(name).digest("hex");
    const meta = JSON.parse(readFileSync(path.join(configDir, "contexts", "meta", id, "meta.json"), "utf8"));
    return meta.Endpoints?.docker?.Host;
  } catch {
    return void 0;
  }
}
function socketPath() {
  const where = engineSocket();
  if ("problem" in where) throw new EngineUnreachable(where.problem, "EPROTONOSUPPORT");
  return where.socketPath;
}
function unreachable(e, at) {
  if (e.code === "EACCES")
    return new EngineUnreachable(
      `permission denied while trying to connect to the Docker daemon socket at unix://${at}`,
      e.code
    );
  return new EngineUnreachable(
    `Cannot connect to the Docker daemon at unix://${at} (${e.code ?? e.message}). Is the docker daemon running?`,
    e.code
  );
}
function call(method, url, body, timeoutMs = 6e4) {
  return new Promise((resolve, reject) => {
    let at;
    try {
      at = socketPath();
    } catch (e) {
      reject(e);
      return;
    }
    const payload = body === void 0 ? void 0 : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        socketPath: at,
        method,
        path: url,
        headers: payload ? { "Content-Type": "application/json", "Content-Length": payload.length } : {},
        timeout: timeoutMs
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed;
          try {
            parsed = text ? JSON.parse(text) : void 0;
          } catch {
            parsed = void 0;
          }
          const said = parsed?.message;
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            message: typeof said === "string" ? said : text.trim()
          });
        });
        res.on("error", (e) => reject(unreachable(e, at)));
      }
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", (e) => reject(unreachable(e, at)));
    req.end(payload);
  });
}
function ref(name) {
  return name.replace(/[^A-Za-z0-9._/:@-]/g, (c) => encodeURIComponent(c));
}
var Demuxer = class {
  constructor(onFrame) {
    this.onFrame = onFrame;
  }
  onFrame;
  pending = Buffer.alloc(0);
  push(chunk) {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      const stream = buf[0] === 2 ? 2 : 1;
      if (size > 0) this.onFrame(stream, buf.subarray(8, 8 + size));
      buf = buf.subarray(8 + size);
    }
    this.pending = Buffer.from(buf);
  }
};
async function exec(container, o) {
  const created = await call("POST", `/containers/${ref(container)}/exec`, {
    AttachStdin: o.stdin === true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Cmd: o.cmd,
    ...o.user ? { User: o.user } : {},
    ...o.workdir ? { WorkingDir: o.workdir } : {},
    ...o.env ? { Env: o.env } : {}
  });
  const id = created.body?.Id;
  if (created.status !== 201 || !id) return { error: created.message || `the engine answered ${created.status}` };
  const at = socketPath();
  const socket = await new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify({ Detach: false, Tty: false }));
    const req = http.request({
      socketPath: at,
      method: "POST",
      path: `/exec/${id}/start`,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": payload.length,
        Connection: "Upgrade",
        Upgrade: "tcp"
      }
    });
    req.on("upgrade", (_res, s2, head) => resolve({ socket: s2, head }));
    req.on("response", (res) => {
      const chunks = [];
      let kept = 0;
      res.on("data", (c) => {
        if (kept >= 64 * 1024) return;
        chunks.push(c);
        kept += c.length;
      });
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let said = text.trim();
        try {
          said = JSON.parse(text).message ?? said;
        } catch {
        }
        resolve({ error: said || `the engine answered ${res.statusCode}` });
      });
    });
    req.on("error", (e) => reject(unreachable(e, at)));
    req.end(payload);
  });
  if ("error" in socket) return socket;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const demux = new Demuxer((stream, payload) => (stream === 2 ? stderr : stdout).write(payload));
  const s = socket.socket;
  let timedOut = false;
  let aborted = false;
  const timer = o.timeoutMs === void 0 ? void 0 : setTimeout(() => {
    timedOut = true;
    s.destroy();
  }, o.timeoutMs);
  const ended = new Promise((resolve) => {
    s.on("data", (c) => demux.push(c));
    s.on("error", () => {
    });
    s.on("close", () => resolve());
  });
  if (socket.head.length > 0) demux.push(socket.head);
  const done = ended.then(async () => {
    if (timer) clearTimeout(timer);
    stdout.end();
    stderr.end();
    if (timedOut || aborted) return { exitCode: null, timedOut };
    for (const pause of [0, 10, 25, 50, 100, 200, 400, 800, 1500]) {
      if (pause) await new Promise((r) => setTimeout(r, pause));
      const inspected = await call("GET", `/exec/${id}/json`).catch(() => void 0);
      if (!inspected) break;
      const state = inspected.body ?? {};
      if (!state.Running && typeof state.ExitCode === "number") return { exitCode: state.ExitCode, timedOut };
    }
    return { exitCode: null, timedOut };
  });
  return {
    stdout,
    stderr,
    stdin: {
      write: (data) => {
        if (!s.destroyed) s.write(data);
      },
      end: (data) => {
        if (s.destroyed) return;
        if (data === void 0) s.end();
        else s.end(data);
      }
    },
    abort: () => {
      aborted = true;
      s.destroy();
    },
    done
  };
}

// src/engine/run-args.ts
var UnknownRunFlag = class extends Error {
};
var BYTES = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
function bytes(value) {
  const m = /^(\d+)([bkmg]?)$/i.exec(value.trim());
  if (!m) throw new UnknownRunFlag(`not a size: ${value}`);
  return Number(m[1]) * BYTES[m[2].toLowerCase()];
}
function mount(value) {
  const fields = /* @__PURE__ */ new Map();
  for (const part of value.split(",")) {
    const at = part.indexOf("=");
    if (at === -1) fields.set(part, true);
    else fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const type = fields.get("type");
  const source = fields.get("source") ?? fields.get("src");
  const target = fields.get("target") ?? fields.get("dst") ?? fields.get("destination");
  if (type !== "bind" || typeof source !== "string" || typeof target !== "string")
    throw new UnknownRunFlag(`unsupported --mount ${value}`);
  for (const key of fields.keys())
    if (!["type", "source", "src", "target", "dst", "destination", "readonly", "ro"].includes(key))
      throw new UnknownRunFlag(`unsupported --mount option ${key}`);
  const ro = fields.get("readonly") ?? fields.get("ro");
  return { Type: "bind", Source: source, Target: target, ReadOnly: ro === true || ro === "true" || ro === "1" };
}
function createRequestFromRunArgs(args) {
  if (args[0] !== "run") throw new UnknownRunFlag(`not a docker run: ${args[0]}`);
  const host = {
    RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
    PortBindings: {},
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    Devices: [],
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: []
  };
  const body = {
    Image: "",
    Cmd: [],
    Env: [],
    Labels: {},
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: host
  };
  const list = (key) => {
    host[key] ??= [];
    return host[key];
  };
  let name;
  let detach = false;
  let i = 1;
  const value = () => {
    const v = args[++i];
    if (v === void 0) throw new UnknownRunFlag(`${args[i - 1]} needs a value`);
    return v;
  };
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const flag = args[i];
    switch (flag) {
      case "--detach":
      case "-d":
        detach = true;
        break;
      case "--rm":
        host.AutoRemove = true;
        break;
      case "--init":
        host.Init = true;
        break;
      case "--read-only":
        host.ReadonlyRootfs = true;
        break;
      case "--pull":
        if (value() !== "never") throw new UnknownRunFlag("only --pull never is supported");
        break;
      case "--name":
        name = value();
        break;
      case "--label": {
        const v = value();
        const at = v.indexOf("=");
        body.Labels[at === -1 ? v : v.slice(0, at)] = at === -1 ? "" : v.slice(at + 1);
        break;
      }
      case "--env":
      case "-e": {
        const v = value();
        if (!v.includes("=")) throw new UnknownRunFlag(`--env ${v} without a value`);
        body.Env.push(v);
        break;
      }
      case "--user":
      case "-u":
        body.User = value();
        break;
      case "--workdir":
      case "-w":
        body.WorkingDir = value();
        break;
      case "--hostname":
        body.Hostname = value();
        break;
      case "--entrypoint":
        body.Entrypoint = [value()];
        break;
      case "--network":
        host.NetworkMode = value();
        break;
      case "--ipc":
        host.IpcMode = value();
        break;
      case "--pid":
        host.PidMode = value();
        break;
      case "--cap-drop":
        list("CapDrop").push(value());
        break;
      case "--security-opt":
        list("SecurityOpt").push(value());
        break;
      case "--memory":
        host.Memory = bytes(value());
        break;
      case "--memory-swap":
        host.MemorySwap = bytes(value());
        break;
      case "--cpus":
        host.NanoCpus = Math.round(Number(value()) * 1e9);
        break;
      case "--pids-limit":
        host.PidsLimit = Number(value());
        break;
      case "--shm-size":
        host.ShmSize = bytes(value());
        break;
      case "--stop-timeout":
        body.StopTimeout = Number(value());
        break;
      case "--ulimit": {
        const [key, limits] = value().split("=");
        const [soft, hard = soft] = (limits ?? "").split(":");
        list("Ulimits").push({ Name: key, Soft: Number(soft), Hard: Number(hard) });
        break;
      }
      case "--log-driver":
        host.LogConfig = { Type: value(), Config: {} };
        break;
      case "--tmpfs": {
        const v = value();
        const at = v.indexOf(":");
        host.Tmpfs ??= {};
        const tmpfs = host.Tmpfs;
        tmpfs[at === -1 ? v : v.slice(0, at)] = at === -1 ? "" : v.slice(at + 1);
        break;
      }
      case "--mount":
        list("Mounts").push(mount(value()));
        break;
      case "--device": {
        const [onHost, inContainer = onHost, permissions = "rwm"] = value().split(":");
        list("Devices").push({ PathOnHost: onHost, PathInContainer: inContainer, CgroupPermissions: permissions });
        break;
      }
      case "--gpus": {
        const v = value();
        list("DeviceRequests").push({
          Driver: "",
          Count: v === "all" ? -1 : Number(v),
          DeviceIDs: null,
          Capabilities: [["gpu"]],
          Options: {}
        });
        break;
      }
      default:
        throw new UnknownRunFlag(`no Engine API translation for ${flag}`);
    }
  }
  const image = args[i];
  if (!image) throw new UnknownRunFlag("no image");
  body.Image = image;
  body.Cmd = args.slice(i + 1);
  if (detach) {
    body.AttachStdout = false;
    body.AttachStderr = false;
  }
  return { name, detach, body };
}
function execRequestFromExecArgs(args) {
  if (args[0] !== "exec") throw new UnknownRunFlag(`not a docker exec: ${args[0]}`);
  const request = { env: [], stdin: false };
  let i = 1;
  const value = () => {
    const v = args[++i];
    if (v === void 0) throw new UnknownRunFlag(`${args[i - 1]} needs a value`);
    return v;
  };
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const flag = args[i];
    switch (flag) {
      case "--interactive":
      case "-i":
        request.stdin = true;
        break;
      case "--user":
      case "-u":
        request.user = value();
        break;
      case "--workdir":
      case "-w":
        request.workdir = value();
        break;
      case "--env":
      case "-e": {
        const v = value();
        if (!v.includes("=")) throw new UnknownRunFlag(`--env ${v} without a value`);
        request.env.push(v);
        break;
      }
      default:
        throw new UnknownRunFlag(`no Engine API translation for docker exec ${flag}`);
    }
  }
  const container = args[i];
  if (!container) throw new UnknownRunFlag("no container");
  return { ...request, container, cmd: args.slice(i + 1) };
}

// src/engine/gateway.ts
var DOCKER = process.env.HOLDOUT_DOCKER || "docker";
async function docker(args, options) {
  return await (await dockerProcess(args, options)).subprocess;
}
async function dockerProcess(args, options) {
  const { execa } = await import("./execa-GZPNYPVI.js");
  return { subprocess: execa(DOCKER, args, options) };
}
function dockerSync(args, timeoutMs) {
  spawnSync(DOCKER, args, { stdio: "ignore", timeout: timeoutMs });
}
var UNAVAILABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connection refused|permission denied while trying to connect|cannot reach the Docker engine|through a unix socket/i;
function isEngineUnavailable(failure2) {
  if (failure2 instanceof EngineUnreachable) return true;
  const f = failure2 ?? {};
  if (f.code === "ENOENT") return true;
  return UNAVAILABLE.test(`${f.stderr ?? ""}
${f.all ?? ""}
${f.message ?? ""}`);
}
function engineUnavailableDetail(failure2) {
  const f = failure2 ?? {};
  if (f.code === "ENOENT" && !(failure2 instanceof EngineUnreachable))
    return `the ${DOCKER} command is not installed or not on PATH`;
  const text = `${f.stderr || f.all || f.message || ""}`.trim();
  return lastLine(text) || "no answer";
}
var ENGINE_HINT = "start Docker (on a shared machine: dockerd --bridge=none --iptables=false --ip6tables=false, or scripts/ensure-docker.sh) and try again";
function engineUnavailableMessage(failure2) {
  return `the Docker engine is not available (${engineUnavailableDetail(failure2)})`;
}
function engineUnavailableLine(failure2) {
  return `${engineUnavailableMessage(failure2)}; ${ENGINE_HINT}`;
}
function lastLine(text) {
  return text.trim().split("\n").pop()?.trim() ?? "";
}
function failure(e) {
  return { message: messageOf(e), unavailable: isEngineUnavailable(e) };
}
async function runDetached(args) {
  const request = createRequestFromRunArgs(args);
  try {
    const query = request.name ? `?name=${encodeURIComponent(request.name)}` : "";
    const created = await call("POST", `/containers/create${query}`, request.body);
    const id = created.body?.Id;
    if (created.status !== 201 || !id) return { ok: false, message: created.message, unavailable: false };
    const started = await call("POST", `/containers/${id}/start`);
    if (started.status !== 204 && started.status !== 304)
      return { ok: false, message: started.message, unavailable: false };
    return { ok: true, id };
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
}
async function killContainer(name) {
  await call("POST", `/containers/${ref(name)}/kill`).catch(() => void 0);
}
async function removeContainers(names, timeoutMs = 3e4) {
  await Promise.all(
    names.map((n) => call("DELETE", `/containers/${ref(n)}?force=1&v=1`, void 0, timeoutMs).catch(() => void 0))
  );
}
async function listContainers(labels) {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const r = await call("GET", `/containers/json?all=1&filters=${filters}`).catch(() => void 0);
  if (r?.status !== 200 || !Array.isArray(r.body)) return [];
  return r.body.map((c) => c.Id ?? "").filter(Boolean);
}
async function inspectContainer(name) {
  try {
    const r = await call("GET", `/containers/${ref(name)}/json`, void 0, 3e4);
    if (r.status === 200) return { ok: true, state: r.body?.State ?? {} };
    return { ok: false, gone: r.status === 404, message: r.message, unavailable: false };
  } catch (e) {
    return { ok: false, gone: false, ...failure(e) };
  }
}
async function inspectImageJson(image) {
  try {
    const r = await call("GET", `/images/${ref(image)}/json`);
    if (r.status === 200) return { ok: true, image: r.body };
    if (r.status === 404) return "absent";
    return { message: r.message || `the engine answered ${r.status}`, unavailable: false };
  } catch (e) {
    return failure(e);
  }
}
async function execAttached(args, timeoutMs) {
  const r = execRequestFromExecArgs(args);
  try {
    const session = await exec(r.container, {
      cmd: r.cmd,
      user: r.user,
      workdir: r.workdir,
      env: r.env.length > 0 ? r.env : void 0,
      stdin: r.stdin,
      timeoutMs
    });
    if ("error" in session) return { ok: false, message: session.error, unavailable: false };
    return { ok: true, session };
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
}

// src/sandbox/containers.ts
var MANAGED_LABEL = "holdout.managed";
var OWNER_LABEL = "holdout.owner";
function ownerId(env = process.env) {
  return env.RUNNER_NAME?.trim() || `local-${os2.hostname()}-${process.pid}`;
}
function managedLabelArgs(owner = ownerId()) {
  return ["--label", `${MANAGED_LABEL}=1`, "--label", `${OWNER_LABEL}=${owner}`];
}
var live = /* @__PURE__ */ new Set();
var starting = /* @__PURE__ */ new Set();
async function startTracked(name, start) {
  live.add(name);
  const p = start();
  starting.add(p);
  try {
    return await p;
  } finally {
    starting.delete(p);
  }
}
async function removeTracked(name) {
  await forceRemove([name]);
  live.delete(name);
}
function forceRemove(containers, timeout = 3e4) {
  return removeContainers(containers, timeout);
}
async function removeAllTracked(startWaitMs = 3e3) {
  const removed = new Set(live);
  if (removed.size > 0) await forceRemove([...removed]);
  if (starting.size > 0) {
    await Promise.race([Promise.allSettled([...starting]), new Promise((r) => setTimeout(r, startWaitMs).unref())]);
    for (const n of live) removed.add(n);
    if (removed.size > 0) await forceRemove([...removed]);
  }
  for (const n of removed) live.delete(n);
  return [...removed];
}
function removeAllTrackedNow() {
  if (live.size === 0) return;
  dockerSync(["rm", "--force", "--volumes", ...live], 5e3);
}
async function removeLeftovers(owner = ownerId()) {
  const ids = await listContainers([`${MANAGED_LABEL}=1`, `${OWNER_LABEL}=${owner}`]);
  if (ids.length === 0) return [];
  await forceRemove(ids, 6e4);
  return ids;
}
var SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
var installed = false;
var interrupted = false;
function unlessInterrupted() {
  return interrupted ? new Promise(() => {
  }) : Promise.resolve();
}
function installSignalCleanup(write = (l) => process.stderr.write(l)) {
  if (installed) return;
  installed = true;
  let exiting = false;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      const code = SIGNAL_EXIT[signal];
      if (exiting) {
        removeAllTrackedNow();
        process.exit(code);
      }
      exiting = true;
      interrupted = true;
      void removeAllTracked().then(
        (names) => {
          write(
            `holdout: ${signal}: stopped${names.length ? `; removed ${names.length === 1 ? "container" : "containers"} ${names.join(", ")}` : ""}
`
          );
          process.exit(code);
        },
        () => process.exit(code)
      );
    });
  }
}

export {
  call,
  docker,
  dockerProcess,
  isEngineUnavailable,
  ENGINE_HINT,
  engineUnavailableMessage,
  engineUnavailableLine,
  lastLine,
  runDetached,
  killContainer,
  removeContainers,
  inspectContainer,
  inspectImageJson,
  execAttached,
  MANAGED_LABEL,
  OWNER_LABEL,
  ownerId,
  managedLabelArgs,
  startTracked,
  removeTracked,
  removeAllTracked,
  removeLeftovers,
  unlessInterrupted,
  installSignalCleanup
};
