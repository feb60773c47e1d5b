/**
 * What a crash log says, for the crash verdict (judge.ts): the exception, the part of the
 * log worth quoting, and the common sandbox causes, each with the specific thing to do.
 * Pure, but for crashContext, which looks at the data folder once a run has crashed.
 *
 * The causes are the sandbox's own rules meeting code written for a laptop: no network,
 * only the runtime's packages, a read-only file system but for a few places, and only the
 * data of the dataset being run (locally: the public sample).
 */
import { opendir } from 'node:fs/promises';
import path from 'node:path/posix';
import { formatBytes } from '../config/units.js';
import { outputDir, writablePlaces, type SandboxSpec } from './spec.js';

/** What the judge knows besides the log: found on the host after a crash. */
export interface CrashContext {
  /** The first few names at the top of the data folder of this run (folders end in "/"). */
  dataFiles?: string[];
  /** The data folder holds more entries than dataFiles lists. */
  moreDataFiles?: boolean;
  /** The runtime's conda environment files, the one of this run's flavor first (none for a plain Dockerfile). */
  environmentFiles?: string[];
}

export interface CrashReading {
  /** The exception line of the last traceback, when the program died of an uncaught one. */
  exception?: string;
  /** What the crash message quotes: the last traceback (library frames elided), or the last lines. */
  excerpt: string[];
  /** The lines the causes are looked for in: the last traceback, or the last lines. */
  searched: string[];
}

const TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
/** A frame line; the SyntaxError form (no "in <function>") heads a block of its own. */
const FRAME = /^\s*File "([^"]*)", line \d+(, in .*)?$/;
const SYNTAX_FRAME = /^ {2}File "[^"]*", line \d+$/;
/** Python's exception line: a dotted class name, then ": message" or nothing. */
const EXCEPTION = /^[A-Za-z_][\w.]*(:\s.*|:)?$/;
/** Lines a crash may still print after its exception (atexit handlers, a closing progress bar). */
const MAX_AFTER_EXCEPTION = 20;
const MAX_EXCERPT = 16;
const MAX_QUOTED_LINE = 300;
const LAST_LINES = 10;

/**
 * The lines of the kept log that end it, in order: the whole log when the report kept all
 * of it, else its tail (head and tail are not contiguous, and a traceback must not be read
 * across the gap).
 */
export function lastLinesOf(log: { lines: number; head: string[]; tail: string[] }): string[] {
  return log.head.length + log.tail.length >= log.lines ? [...log.head, ...log.tail] : [...log.tail];
}

/**
 * Find the last traceback and its exception. "Last output" starts at that traceback so that
 * the participant's own frame (`File "/code_execution/main.py", line 4`) is always in it.
 */
export function readCrash(lines: string[], exitCode: number | null, workdir: string): CrashReading {
  const last = lines.slice(-LAST_LINES).map(clip);
  const start = tracebackStart(lines);
  if (start === -1) return { excerpt: last, searched: last };
  const block = lines.slice(start);
  const at = block.findIndex((l, i) => i > 0 && l.trim() !== '' && !/^\s/.test(l));
  const exceptionLine = at === -1 ? undefined : block[at]!;
  // A traceback followed by much more output was handled (logged) and is not why the program ended.
  if (at === -1 || block.length - at - 1 > MAX_AFTER_EXCEPTION) return { excerpt: last, searched: last };
  const searched = block.map(clip);
  // Python ends with 1 on an uncaught exception; another code means something else ended it.
  const exception = exitCode === 1 && EXCEPTION.test(exceptionLine!) ? clip(exceptionLine!) : undefined;
  return { ...(exception ? { exception } : {}), excerpt: excerptOf(block, at, workdir), searched };
}

function tracebackStart(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (TRACEBACK.test(lines[i]!)) return i;
  }
  // A SyntaxError in the script itself has no "Traceback" line: it starts at its one frame.
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - LAST_LINES); i--) {
    if (SYNTAX_FRAME.test(lines[i]!)) return i;
  }
  return -1;
}

/**
 * The traceback as quoted: whole when short; else its first line, the participant's own
 * frames, the frame that raised, and the exception, with each run of left-out library
 * frames replaced by one line saying how many.
 */
function excerptOf(block: string[], exceptionAt: number, workdir: string): string[] {
  if (block.length <= MAX_EXCERPT) return block.map(clip);
  const end = Math.min(block.length, exceptionAt + 1 + 5);
  const keep = block.map(() => false);
  keep[0] = true;
  const frames = block.map((l, i) => (i < exceptionAt && FRAME.test(l) ? i : -1)).filter((i) => i >= 0);
  frames.forEach((f, k) => {
    const next = frames[k + 1] ?? exceptionAt;
    const file = FRAME.exec(block[f]!)![1]!;
    if (isOwnFile(file, workdir) || k === frames.length - 1) for (let i = f; i < next; i++) keep[i] = true;
  });
  for (let i = exceptionAt; i < end; i++) keep[i] = true;
  const out: string[] = [];
  let dropped = 0;
  for (let i = 0; i < block.length; i++) {
    if (keep[i]) {
      if (dropped) out.push(`  [holdout: ${dropped} line${dropped === 1 ? '' : 's'} of library frames left out]`);
      dropped = 0;
      out.push(clip(block[i]!));
    } else if (i < exceptionAt) {
      dropped++;
    }
  }
  if (block.length > end)
    out.push(`[holdout: ${block.length - end} more line${block.length - end === 1 ? '' : 's'} in the log]`);
  return out.length > MAX_EXCERPT ? [out[0]!, ...out.slice(-(MAX_EXCERPT - 1))] : out;
}

/** A frame of the participant's code: under the working folder, or a relative path (relative to it). */
function isOwnFile(file: string, workdir: string): boolean {
  if (file.startsWith('<')) return false; // <frozen runpy>, <string>
  return !file.startsWith('/') || file.startsWith(`${workdir}/`);
}

function clip(line: string): string {
  return line.length > MAX_QUOTED_LINE ? `${line.slice(0, MAX_QUOTED_LINE)}…` : line;
}

const GENERIC_HINT = 'Read the log for the error, fix it and run `holdout test` locally until it passes.';

/** The specific thing to do about a crash, or the general advice when no cause is recognised. */
export function crashHint(reading: CrashReading, spec: SandboxSpec, context: CrashContext = {}): string {
  const lines = reading.exception ? [reading.exception, ...reading.searched] : reading.searched;
  for (const cause of CAUSES) {
    for (const line of lines) {
      const hint = cause(line, spec, context);
      if (hint) return hint;
    }
  }
  return GENERIC_HINT;
}

type Cause = (line: string, spec: SandboxSpec, context: CrashContext) => string | undefined;

/** What a program sees when it reaches for the network from a sandbox that has none. */
const NO_NETWORK =
  /Temporary failure in name resolution|Name or service not known|No address associated with hostname|nodename nor servname provided|getaddrinfo (failed|ENOTFOUND|EAI_AGAIN)|Network is unreachable|No route to host|Connection refused|Failed to establish a new connection|NameResolutionError|couldn't connect to '?https?:|ENETUNREACH|ECONNREFUSED/;

const network: Cause = (line) =>
  NO_NETWORK.test(line)
    ? 'The sandbox has no network: nothing can be downloaded or called while the submission runs (no model hub, no pip install, no web API). ' +
      'Download what it needs (model weights, tokenizers, data) beforehand, put the files in your submission folder and load them from there by a relative path (e.g. from_pretrained("./model")).'
    : undefined;

const missingModule: Cause = (line, _spec, context) => {
  const m = /^(?:ModuleNotFoundError|ImportError): No module named '([A-Za-z_][\w.]*)'/.exec(line);
  if (!m) return undefined;
  const top = m[1]!.split('.')[0]!;
  const own = `If ${top} is your own code, put ${top}.py (or the ${top}/ folder) in your submission next to your entry point.`;
  const files = context.environmentFiles ?? [];
  const ask =
    files.length > 0
      ? `If it is a package, use one the runtime has (${files[0]} lists them) or ask for it: add it to ${files.join(' and ')} in a pull request of its own (a package request; \`holdout check-env\` checks it before you open it).`
      : 'If it is a package, use one the runtime has, or ask the organizers to add it to the runtime image.';
  return `The runtime has no module "${top}", and nothing can be installed while the submission runs. ${own} ${ask}`;
};

const readOnly: Cause = (line, spec) => {
  const m = /\[Errno 30\] Read-only file system(?:: '([^']*)')?|EROFS: read-only file system(?:, \w+ '([^']*)')?/.exec(
    line,
  );
  if (!m) return undefined;
  const file = m[1] ?? m[2];
  const absolute = file === undefined ? undefined : path.resolve(spec.workdir, file);
  const shown = file === undefined ? '' : `"${file}"${file.startsWith('/') ? '' : ` (${absolute})`}`;
  const inData = absolute !== undefined && (absolute === spec.dataMount || absolute.startsWith(`${spec.dataMount}/`));
  const where =
    file === undefined
      ? 'It wrote to a read-only file system'
      : inData
        ? `${shown} is in the data folder, which is read-only`
        : `${shown} is on a read-only file system`;
  const predictions = spec.outputFolder ? `${spec.outputFolder}/` : spec.outputFile;
  return `${where}: in the sandbox only ${placesInWords(spec)} can be written. Write the predictions to ${predictions}, and temporary files under /tmp ($TMPDIR and tempfile.gettempdir() point there).`;
};

/** The writable places (spec.ts, writablePlaces) with what each is for and its size. */
function placesInWords(spec: SandboxSpec): string {
  const l = spec.limits;
  const out = outputDir(spec);
  const words = writablePlaces(spec).map((place) => {
    if (place === spec.workdir && place === out)
      return `${place}/ (the working folder, also the output folder, at most ${formatBytes(l.workdir_bytes)})`;
    if (place === spec.workdir) return `${place}/ (the working folder, at most ${formatBytes(l.workdir_bytes)})`;
    if (place === out) return `${place}/ (the output folder, at most ${formatBytes(l.output_bytes)})`;
    if (place === '/tmp') return `/tmp (at most ${formatBytes(l.tmp_bytes)})`;
    if (place === '/dev/shm') return `/dev/shm (at most ${formatBytes(l.shm_bytes)})`;
    return place;
  });
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words.join('');
}

const missingFile: Cause = (line, spec, context) => {
  const m = /^FileNotFoundError: \[Errno 2\] No such file or directory: '([^']*)'/.exec(line);
  if (!m) return undefined;
  const file = m[1]!;
  const absolute = path.resolve(spec.workdir, file);
  const shown = `"${file}"${file.startsWith('/') ? '' : ` (${absolute})`}`;
  if (absolute === spec.dataMount || absolute.startsWith(`${spec.dataMount}/`)) {
    const dataset = spec.env.HOLDOUT_DATASET ?? 'this';
    const listing = context.dataFiles
      ? ` (${context.dataFiles.length === 0 ? 'empty' : `${context.dataFiles.join(', ')}${context.moreDataFiles ? ', …' : ''}`})`
      : '';
    const local =
      dataset === 'smoke'
        ? ' On your machine `holdout test` mounts only this public sample; the evaluation mounts the private test data at the same place.'
        : '';
    return `${shown} is not in the data of this run: ${spec.dataMount} holds the ${dataset} dataset${listing}.${local} Open the files the competition describes, under $HOLDOUT_DATA_DIR, and list the folder rather than guess the names.`;
  }
  if (absolute.startsWith(`${spec.workdir}/`)) {
    return `${shown} is not in your submission: the working folder ${spec.workdir} holds only the files you submitted. Add the file to your submission folder (models and other assets too), or create it before reading it.`;
  }
  return undefined;
};

/** In order: a refused connection is also an OSError, so the network comes first. */
const CAUSES: Cause[] = [network, missingModule, readOnly, missingFile];

/** Most data-folder names a hint lists. */
const MAX_LISTED = 12;

/**
 * What the crash hints need from the host: the top of the data folder (a few names, read
 * only when the run crashed) and the runtime's environment files.
 */
export async function crashContext(
  facts: { kind: string; exitCode?: number | null },
  dataDir: string,
  runtime: { cpu: { environment?: string | undefined }; gpu?: { environment?: string | undefined } | undefined },
  flavor: 'cpu' | 'gpu',
): Promise<CrashContext> {
  if (facts.kind !== 'ran' || !facts.exitCode) return {};
  const ordered =
    flavor === 'gpu'
      ? [runtime.gpu?.environment, runtime.cpu.environment]
      : [runtime.cpu.environment, runtime.gpu?.environment];
  const environmentFiles = ordered.filter((f): f is string => !!f);
  const names: string[] = [];
  let more = false;
  try {
    // Stop after a few entries: a data folder may hold a million files.
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
