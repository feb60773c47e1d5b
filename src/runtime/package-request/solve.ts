/**
 * Solve a conda environment for one platform with rattler (conda's solver, as
 * WebAssembly), so a conflict shows up in seconds instead of after a 20-minute
 * image build. The channels' repodata is fetched over HTTP; the whole solve is
 * bounded in time, and a channel that fails or never answers is an `error` (the
 * platform's problem), not a `conflict` (the request's problem).
 */
import { messageOf } from '../../errors.js';

export type SolveResult =
  | { verdict: 'solved'; packages: { name: string; version: string }[]; seconds: number }
  | { verdict: 'conflict'; message: string; seconds: number }
  | { verdict: 'error'; message: string; seconds: number };

export interface SolveRequest {
  /** Conda match specs. */
  specs: string[];
  /** Channel URLs, in priority order. */
  channels: string[];
  /** e.g. linux-64; noarch is always added. */
  platform: string;
  timeoutSeconds: number;
  /** What the target machine provides (__glibc, __cuda …), by name → version. */
  virtualPackages?: Record<string, string>;
}

/** Solves run one at a time: each swaps the global fetch for the length of its solve. */
let queue: Promise<unknown> = Promise.resolve();

export function solveEnvironment(req: SolveRequest): Promise<SolveResult> {
  const next = queue.then(() => solveNow(req));
  queue = next.catch(() => undefined);
  return next;
}

async function solveNow(req: SolveRequest): Promise<SolveResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (req.channels.length === 0) {
    return {
      verdict: 'error',
      message:
        'the environment file lists no channels, so there is nothing to solve against; add "channels: [conda-forge]"',
      seconds: 0,
    };
  }
  // Loaded on first use: the solver is 4 MB of WebAssembly that most commands never need.
  const { simpleSolve, isPlatform } = await import('@conda-org/rattler');
  if (!isPlatform(req.platform)) {
    return {
      verdict: 'error',
      message: `"${req.platform}" is not a conda platform (runtime.packages.platform); use e.g. linux-64`,
      seconds: 0,
    };
  }
  const platforms = req.platform === 'noarch' ? ['noarch' as const] : [req.platform, 'noarch' as const];

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('solve timed out')), req.timeoutSeconds * 1000);
  const restoreFetch = bindFetchTo(deadline.signal);
  try {
    const solved = await simpleSolve(
      req.specs,
      req.channels,
      platforms,
      virtualRecords(req.virtualPackages ?? {}, req.platform),
    );
    const packages = solved
      .filter((p) => !String(p.packageName).startsWith('__'))
      .map((p) => ({ name: String(p.packageName), version: String(p.version) }));
    for (const p of solved) p.free();
    return { verdict: 'solved', packages: packages.sort((a, b) => a.name.localeCompare(b.name)), seconds: seconds() };
  } catch (e) {
    const text = messageOf(e).trim();
    if (deadline.signal.aborted) {
      return {
        verdict: 'error',
        message: `the channels (${req.channels.join(', ')}) did not answer within ${req.timeoutSeconds} s, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel`,
        seconds: seconds(),
      };
    }
    if (/^Cannot solve the request/.test(text)) return { verdict: 'conflict', message: text, seconds: seconds() };
    const status = /HTTP status (?:client|server) error \((\d{3})[^)]*\) for url \(([^)]*)\)/.exec(text);
    const unreachable = /error sending request|failed to fetch|connection refused/i.test(text);
    const message = status
      ? `the channel answered HTTP ${status[1]} for ${status[2]}, so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel`
      : unreachable
        ? `the channels (${req.channels.join(', ')}) could not be reached (${text.split('\n')[0]}), so the environment could not be solved; this is not your fault: try again later, or ask the organizers to check the channel`
        : `the solver could not run: ${text.split('\n')[0]}; tell the organizers`;
    return { verdict: 'error', message, seconds: seconds() };
  } finally {
    clearTimeout(timer);
    restoreFetch();
  }
}

/**
 * Virtual packages (__glibc, __cuda …) describe the machine, and packages depend on
 * them: a CUDA build of pytorch needs __cuda. rattler's JS solve takes no virtual
 * packages, so we hand them over as already-installed records, which the solver
 * treats the same way.
 */
function virtualRecords(virtual: Record<string, string>, platform: string): object[] {
  return Object.entries(virtual).map(([name, version]) => ({
    name,
    packageName: name,
    version,
    build: '0',
    build_number: 0,
    subdir: platform,
    depends: [],
    url: `virtual:///${name}-${version}-0.conda`,
    // Both spellings: the record and the solved-package readers of rattler's bindings each want one.
    fileName: `${name}-${version}-0.conda`,
    filename: `${name}-${version}-0.conda`,
    channel: 'virtual',
  }));
}

/**
 * rattler fetches through the global `fetch`, and has no timeout of its own. While a
 * solve runs, every fetch also listens to our deadline, so a channel that never
 * answers ends the solve instead of hanging it (and the process) for minutes.
 */
function bindFetchTo(signal: AbortSignal): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) =>
    original(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  return () => {
    globalThis.fetch = original;
  };
}
