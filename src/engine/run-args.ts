/**
 * `docker run` arguments → the Engine API's container-create request, for the flags Holdout
 * uses. Why translate rather than write the request directly: src/sandbox/spec.ts stays the one
 * description of the sandbox — the reproduce line printed in reports is the same arguments —
 * and a flag added there without a translation here fails loudly (UnknownRunFlag), never
 * silently dropped. test/engine/host-config.test.ts checks against the CLI that the engine
 * ends up with the same HostConfig either way. Pure.
 */

export class UnknownRunFlag extends Error {}

export interface CreateRequest {
  /** The container name (`--name`), a query parameter of the create call. */
  name: string | undefined;
  /** `--detach`: the CLI would not wait; the API never does, kept for the caller to check. */
  detach: boolean;
  body: {
    Image: string;
    Cmd: string[];
    Entrypoint?: string[];
    User?: string;
    WorkingDir?: string;
    Hostname?: string;
    Env: string[];
    Labels: Record<string, string>;
    AttachStdin: false;
    AttachStdout: boolean;
    AttachStderr: boolean;
    Tty: false;
    OpenStdin: false;
    HostConfig: Record<string, unknown>;
  };
}

const BYTES: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `--memory 1g` / `--shm-size 64m` / plain bytes. */
function bytes(value: string): number {
  const m = /^(\d+)([bkmg]?)$/i.exec(value.trim());
  if (!m) throw new UnknownRunFlag(`not a size: ${value}`);
  return Number(m[1]) * BYTES[m[2]!.toLowerCase()]!;
}

/** `--mount type=bind,source=…,target=…,readonly` (the only kind Holdout mounts). */
function mount(value: string): Record<string, unknown> {
  const fields = new Map<string, string | true>();
  for (const part of value.split(',')) {
    const at = part.indexOf('=');
    if (at === -1) fields.set(part, true);
    else fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const type = fields.get('type');
  const source = fields.get('source') ?? fields.get('src');
  const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
  if (type !== 'bind' || typeof source !== 'string' || typeof target !== 'string')
    throw new UnknownRunFlag(`unsupported --mount ${value}`);
  for (const key of fields.keys())
    if (!['type', 'source', 'src', 'target', 'dst', 'destination', 'readonly', 'ro'].includes(key))
      throw new UnknownRunFlag(`unsupported --mount option ${key}`);
  const ro = fields.get('readonly') ?? fields.get('ro');
  return { Type: 'bind', Source: source, Target: target, ReadOnly: ro === true || ro === 'true' || ro === '1' };
}

export function createRequestFromRunArgs(args: string[]): CreateRequest {
  if (args[0] !== 'run') throw new UnknownRunFlag(`not a docker run: ${args[0]}`);
  // What the docker CLI sends when the flags are absent, so the engine keeps the very same
  // HostConfig (the engine would store null where the CLI sends an empty list).
  const host: Record<string, unknown> = {
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    PortBindings: {},
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    Devices: [],
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
  };
  const body: CreateRequest['body'] = {
    Image: '',
    Cmd: [],
    Env: [],
    Labels: {},
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: host,
  };
  const list = (key: string): unknown[] => {
    host[key] ??= [];
    return host[key] as unknown[];
  };
  let name: string | undefined;
  let detach = false;
  let i = 1;
  const value = () => {
    const v = args[++i];
    if (v === undefined) throw new UnknownRunFlag(`${args[i - 1]} needs a value`);
    return v;
  };
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const flag = args[i]!;
    switch (flag) {
      case '--detach':
      case '-d':
        detach = true;
        break;
      case '--rm':
        host.AutoRemove = true;
        break;
      case '--init':
        host.Init = true;
        break;
      case '--read-only':
        host.ReadonlyRootfs = true;
        break;
      case '--pull':
        // The API's create never pulls: a missing image is "No such image", as with --pull never.
        if (value() !== 'never') throw new UnknownRunFlag('only --pull never is supported');
        break;
      case '--name':
        name = value();
        break;
      case '--label': {
        const v = value();
        const at = v.indexOf('=');
        body.Labels[at === -1 ? v : v.slice(0, at)] = at === -1 ? '' : v.slice(at + 1);
        break;
      }
      case '--env':
      case '-e': {
        const v = value();
        // Always KEY=VALUE (spec.ts): a bare KEY would mean "copy the host's value".
        if (!v.includes('=')) throw new UnknownRunFlag(`--env ${v} without a value`);
        body.Env.push(v);
        break;
      }
      case '--user':
      case '-u':
        body.User = value();
        break;
      case '--workdir':
      case '-w':
        body.WorkingDir = value();
        break;
      case '--hostname':
        body.Hostname = value();
        break;
      case '--entrypoint':
        body.Entrypoint = [value()];
        break;
      case '--network':
        host.NetworkMode = value();
        break;
      case '--ipc':
        host.IpcMode = value();
        break;
      case '--pid':
        host.PidMode = value();
        break;
      case '--cap-drop':
        list('CapDrop').push(value());
        break;
      case '--security-opt':
        list('SecurityOpt').push(value());
        break;
      case '--memory':
        host.Memory = bytes(value());
        break;
      case '--memory-swap':
        host.MemorySwap = bytes(value());
        break;
      case '--cpus':
        host.NanoCpus = Math.round(Number(value()) * 1e9);
        break;
      case '--pids-limit':
        host.PidsLimit = Number(value());
        break;
      case '--shm-size':
        host.ShmSize = bytes(value());
        break;
      case '--stop-timeout':
        (body as Record<string, unknown>).StopTimeout = Number(value());
        break;
      case '--ulimit': {
        const [key, limits] = value().split('=');
        const [soft, hard = soft] = (limits ?? '').split(':');
        list('Ulimits').push({ Name: key, Soft: Number(soft), Hard: Number(hard) });
        break;
      }
      case '--log-driver':
        host.LogConfig = { Type: value(), Config: {} };
        break;
      case '--tmpfs': {
        const v = value();
        const at = v.indexOf(':');
        host.Tmpfs ??= {};
        const tmpfs = host.Tmpfs as Record<string, string>;
        tmpfs[at === -1 ? v : v.slice(0, at)] = at === -1 ? '' : v.slice(at + 1);
        break;
      }
      case '--mount':
        list('Mounts').push(mount(value()));
        break;
      case '--device': {
        const [onHost, inContainer = onHost, permissions = 'rwm'] = value().split(':');
        list('Devices').push({ PathOnHost: onHost, PathInContainer: inContainer, CgroupPermissions: permissions });
        break;
      }
      case '--gpus': {
        const v = value();
        list('DeviceRequests').push({
          Driver: '',
          Count: v === 'all' ? -1 : Number(v),
          DeviceIDs: null,
          Capabilities: [['gpu']],
          Options: {},
        });
        break;
      }
      default:
        throw new UnknownRunFlag(`no Engine API translation for ${flag}`);
    }
  }
  const image = args[i];
  if (!image) throw new UnknownRunFlag('no image');
  body.Image = image;
  body.Cmd = args.slice(i + 1);
  if (detach) {
    body.AttachStdout = false;
    body.AttachStderr = false;
  }
  return { name, detach, body };
}

export interface ExecRequest {
  container: string;
  cmd: string[];
  user?: string;
  workdir?: string;
  env: string[];
  /** `--interactive`: the caller writes to the process's stdin. */
  stdin: boolean;
}

/** `docker exec` arguments → the Engine API's exec request, for the flags Holdout uses. Pure. */
export function execRequestFromExecArgs(args: string[]): ExecRequest {
  if (args[0] !== 'exec') throw new UnknownRunFlag(`not a docker exec: ${args[0]}`);
  const request: Omit<ExecRequest, 'container' | 'cmd'> = { env: [], stdin: false };
  let i = 1;
  const value = () => {
    const v = args[++i];
    if (v === undefined) throw new UnknownRunFlag(`${args[i - 1]} needs a value`);
    return v;
  };
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const flag = args[i]!;
    switch (flag) {
      case '--interactive':
      case '-i':
        request.stdin = true;
        break;
      case '--user':
      case '-u':
        request.user = value();
        break;
      case '--workdir':
      case '-w':
        request.workdir = value();
        break;
      case '--env':
      case '-e': {
        const v = value();
        if (!v.includes('=')) throw new UnknownRunFlag(`--env ${v} without a value`);
        request.env.push(v);
        break;
      }
      default:
        throw new UnknownRunFlag(`no Engine API translation for docker exec ${flag}`);
    }
  }
  const container = args[i];
  if (!container) throw new UnknownRunFlag('no container');
  return { ...request, container, cmd: args.slice(i + 1) };
}
