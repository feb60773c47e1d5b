/**
 * `holdout convert main.ipynb`: the script a notebook submission becomes, before it runs.
 *
 * The converter is harness/holdout_harness/notebook.py, the very file the sandbox uses (imports, functions and
 * classes kept, everything else commented out; see docs). It runs where the submission will
 * run — the competition's runtime image with --competition, else the base image — so the host
 * needs no Python, and what it prints is what runs: `docker run --rm -i --network none
 * --read-only`, the notebook on stdin, harness/ mounted read-only. Converting runs none of the
 * notebook's code; the container is locked down all the same, since the notebook is untrusted.
 *
 * Exit codes (src/errors.ts): 0 converted · 1 the notebook must be fixed (cell named) ·
 * 2 usage or configuration · 3 ours or the machine's (engine, image).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import {
  docker,
  ENGINE_HINT,
  engineUnavailableMessage,
  isEngineUnavailable,
  lastLine,
  removeContainers,
} from '../../engine/gateway.js';
import { EXIT, UsageError } from '../../errors.js';
import { HARNESS_MOUNT, harnessDir } from '../../harness/location.js';
import { DEFAULT_BASE_IMAGE } from '../../runtime/image/base-images.js';
import { inspectImage } from '../../runtime/image/docker.js';
import { printable } from '../progress.js';
import { ensureImage } from '../../runtime/image/image.js';

interface ConvertFlags {
  out?: string;
  competition?: string;
  json?: boolean;
}

/** What harness/holdout_harness/notebook.py --json prints. */
export type ConverterAnswer =
  | {
      ok: true;
      source: string;
      files: Record<string, string>;
      requirements: { name: string; specifier: string; where: string }[];
      warnings: string[];
    }
  | { ok: false; error: { message: string; hint: string; cell: number | null } };

/** A failure that is not the notebook's: what happened and what to do. */
interface Trouble {
  message: string;
  hint: string;
}

/** A notebook bigger than this is refused before Docker sees it (notebooks with outputs run to a few MiB). */
const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;
/** Parsing even a large notebook takes a second or two; anything near this is stuck. */
const TIMEOUT_MS = 120_000;

/** `docker run` of the converter: locked down like the sandbox (no network, read-only, no root, no capabilities). */
export function converterArgs(image: string, harness: string, name: string): string[] {
  return [
    'run',
    '--rm',
    '-i',
    '--name',
    name,
    '--network',
    'none',
    '--read-only',
    '--user',
    '65534:65534',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    '1g',
    '--pids-limit',
    '32',
    '--volume',
    `${harness}:${HARNESS_MOUNT}:ro`,
    '--entrypoint',
    'python3',
    image,
    // -I: nothing from the image's environment or the working folder on sys.path; -S: no site
    // packages (the converter is standard library only).
    '-I',
    '-S',
    `${HARNESS_MOUNT}/holdout_harness/notebook.py`,
    '-',
    '--json',
  ];
}

/** The converter's JSON line (its last line of stdout), or undefined when it printed none. */
export function readAnswer(stdout: string): ConverterAnswer | undefined {
  try {
    const answer = JSON.parse(lastLine(stdout)) as ConverterAnswer;
    return answer && typeof answer === 'object' && typeof answer.ok === 'boolean' ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** What the participant reads on stderr beside the script: embedded files, version specifiers, warnings. */
export function summaryText(answer: Extract<ConverterAnswer, { ok: true }>, notebook: string, image: string): string {
  const lines = [`Converted ${notebook} in ${image}.`];
  for (const [name, text] of Object.entries(answer.files))
    lines.push(`  embedded file ${name} (${text.length} characters): written beside main.py when it runs`);
  for (const r of answer.requirements)
    lines.push(
      `  version specifier ${r.name}${r.specifier || ' (any version)'} at ${r.where}: checked against the runtime image when it runs`,
    );
  for (const w of answer.warnings) lines.push(`  warning: ${w}`);
  // Only comments left: a notebook whose work is all at the top level, none of it kept.
  if (answer.source.split('\n').every((line) => line.trim() === '' || line.trimStart().startsWith('#')))
    lines.push(
      '  warning: nothing of the notebook runs (no imports, functions or classes were kept); keep code with # @crunch/keep:on',
    );
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}

/** `holdout convert`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(notebook: string, flags: ConvertFlags): Promise<void> {
  const notebookPath = path.resolve(notebook);
  const data = await readNotebook(notebookPath);
  const image = await imageFor(flags.competition);
  if ('hint' in image) return trouble(image);

  const name = `holdout-convert-${process.pid}-${randomBytes(4).toString('hex')}`;
  const r = await docker(converterArgs(image.tag, harnessDir(), name), {
    input: data,
    reject: false,
    timeout: TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
  // A timed-out CLI may leave its container behind: it is ours, by name.
  if (r.timedOut) await removeContainers([name]);
  const answer = r.exitCode === 0 || r.exitCode === 1 ? readAnswer(String(r.stdout ?? '')) : undefined;
  if (!answer) return trouble(converterTrouble(r, image.tag));

  if (!answer.ok) {
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...answer, image: image.tag }, null, 2)}\n`);
    else
      process.stderr.write(
        `The notebook cannot run: ${printable(answer.error.message)}\nWhat to do: ${printable(answer.error.hint)}\n`,
      );
    process.exitCode = EXIT.failed;
    return;
  }
  if (flags.out) await writeFile(path.resolve(flags.out), answer.source);
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...answer, image: image.tag }, null, 2)}\n`);
  else {
    // Exact when redirected (it is the script); on a terminal, control characters are shown, not
    // obeyed: an organizer may inspect a hostile notebook.
    if (!flags.out) process.stdout.write(process.stdout.isTTY ? printable(answer.source) : answer.source);
    process.stderr.write(summaryText(answer, path.basename(notebookPath), image.tag));
    if (flags.out) process.stderr.write(`Wrote ${path.resolve(flags.out)}.\n`);
  }
  process.exitCode = EXIT.success;
}

async function readNotebook(file: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`the notebook ${file} does not exist: give the path of a .ipynb file`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder: give the path of a .ipynb file`);
    throw new UsageError(`cannot read ${file} (${code ?? String(e)}): check its permissions`);
  }
  if (data.length > MAX_NOTEBOOK_BYTES)
    throw new UsageError(
      `${file} is ${Math.round(data.length / 1024 / 1024)} MiB: clear the notebook's outputs (Edit > Clear all outputs), save, and try again`,
    );
  return data;
}

/** The image the converter runs in: the competition's runtime image (built when missing, as holdout test does), else the base image. */
async function imageFor(competition: string | undefined): Promise<{ tag: string } | Trouble> {
  if (competition !== undefined) {
    const { dir, config } = await loadCompetition(competition);
    const runtime = config.runtime;
    const flavor = runtime.flavor === 'gpu' && runtime.gpu ? 'gpu' : 'cpu';
    const image = await ensureImage({ competitionDir: dir, runtime, flavor });
    return image.ok ? { tag: image.tag } : { message: image.message, hint: image.hint };
  }
  const found = await inspectImage(DEFAULT_BASE_IMAGE);
  if (found.state === 'present') return { tag: DEFAULT_BASE_IMAGE };
  if (found.state === 'engine_unavailable') return { message: found.message, hint: ENGINE_HINT };
  return {
    message: `the base image ${DEFAULT_BASE_IMAGE} is not on this machine`,
    hint: "build it with scripts/build-base-image.sh, or pass --competition DIR to convert in the competition's runtime image",
  };
}

function converterTrouble(
  r: { exitCode?: number; timedOut?: boolean; stderr?: unknown; stdout?: unknown; code?: string },
  image: string,
): Trouble {
  if (isEngineUnavailable(r)) return { message: engineUnavailableMessage(r), hint: ENGINE_HINT };
  if (r.timedOut)
    return {
      message: `the converter took more than ${TIMEOUT_MS / 1000} s`,
      hint: 'clear the notebook outputs (Edit > Clear all outputs), save, and try again',
    };
  const said = lastLine(String(r.stderr ?? '')) || 'no output';
  if (r.exitCode === 127 || /executable file not found|python3.*not found/i.test(said))
    return {
      message: `the image ${image} has no python3 (${said})`,
      hint: 'use a runtime image built FROM holdout/base (or one with python3 on its PATH)',
    };
  return {
    message: `the converter failed in ${image} (exit ${r.exitCode ?? '?'}: ${said})`,
    hint: 'this is a bug in holdout, not the notebook: report it with the notebook and the lines above',
  };
}

/** Ours or the machine's: said on stderr, exit 3. */
function trouble(t: Trouble): void {
  process.stderr.write(`holdout: ${t.message}\nWhat to do: ${t.hint}\n`);
  process.exitCode = EXIT.error;
}
