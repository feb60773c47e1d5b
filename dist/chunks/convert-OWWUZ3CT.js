import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  printable
} from "./chunk-CS7CSD2Q.js";
import {
  HARNESS_MOUNT,
  harnessDir
} from "./chunk-5FGKKWHU.js";
import {
  DEFAULT_BASE_IMAGE,
  ensureImage
} from "./chunk-PUXRQOEZ.js";
import {
  inspectImage,
  loadCompetition
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import {
  ENGINE_HINT,
  docker,
  engineUnavailableMessage,
  isEngineUnavailable,
  lastLine,
  removeContainers
} from "./chunk-IO3NW777.js";
import {
  EXIT,
  UsageError
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/convert.ts
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
var MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;
var TIMEOUT_MS = 12e4;
function converterArgs(image, harness, name) {
  return [
    "run",
    "--rm",
    "-i",
    "--name",
    name,
    "--network",
    "none",
    "--read-only",
    "--user",
    "65534:65534",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--memory",
    "1g",
    "--pids-limit",
    "32",
    "--volume",
    `${harness}:${HARNESS_MOUNT}:ro`,
    "--entrypoint",
    "python3",
    image,
    // -I: nothing from the image's environment or the working folder on sys.path; -S: no site
    // packages (the converter is standard library only).
    "-I",
    "-S",
    `${HARNESS_MOUNT}/holdout_harness/notebook.py`,
    "-",
    "--json"
  ];
}
function readAnswer(stdout) {
  try {
    const answer = JSON.parse(lastLine(stdout));
    return answer && typeof answer === "object" && typeof answer.ok === "boolean" ? answer : void 0;
  } catch {
    return void 0;
  }
}
function summaryText(answer, notebook, image) {
  const lines = [`Converted ${notebook} in ${image}.`];
  for (const [name, text] of Object.entries(answer.files))
    lines.push(`  embedded file ${name} (${text.length} characters): written beside main.py when it runs`);
  for (const r of answer.requirements)
    lines.push(
      `  version specifier ${r.name}${r.specifier || " (any version)"} at ${r.where}: checked against the runtime image when it runs`
    );
  for (const w of answer.warnings) lines.push(`  warning: ${w}`);
  if (answer.source.split("\n").every((line) => line.trim() === "" || line.trimStart().startsWith("#")))
    lines.push(
      "  warning: nothing of the notebook runs (no imports, functions or classes were kept); keep code with # @crunch/keep:on"
    );
  return `${lines.map((line) => printable(line)).join("\n")}
`;
}
async function run(notebook, flags) {
  const notebookPath = path.resolve(notebook);
  const data = await readNotebook(notebookPath);
  const image = await imageFor(flags.competition);
  if ("hint" in image) return trouble(image);
  const name = `holdout-convert-${process.pid}-${randomBytes(4).toString("hex")}`;
  const r = await docker(converterArgs(image.tag, harnessDir(), name), {
    input: data,
    reject: false,
    timeout: TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024
  });
  if (r.timedOut) await removeContainers([name]);
  const answer = r.exitCode === 0 || r.exitCode === 1 ? readAnswer(String(r.stdout ?? "")) : void 0;
  if (!answer) return trouble(converterTrouble(r, image.tag));
  if (!answer.ok) {
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...answer, image: image.tag }, null, 2)}
`);
    else
      process.stderr.write(
        `The notebook cannot run: ${printable(answer.error.message)}
What to do: ${printable(answer.error.hint)}
`
      );
    process.exitCode = EXIT.failed;
    return;
  }
  if (flags.out) await writeFile(path.resolve(flags.out), answer.source);
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...answer, image: image.tag }, null, 2)}
`);
  else {
    if (!flags.out) process.stdout.write(process.stdout.isTTY ? printable(answer.source) : answer.source);
    process.stderr.write(summaryText(answer, path.basename(notebookPath), image.tag));
    if (flags.out) process.stderr.write(`Wrote ${path.resolve(flags.out)}.
`);
  }
  process.exitCode = EXIT.success;
}
async function readNotebook(file) {
  let data;
  try {
    data = await readFile(file);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") throw new UsageError(`the notebook ${file} does not exist: give the path of a .ipynb file`);
    if (code === "EISDIR") throw new UsageError(`${file} is a folder: give the path of a .ipynb file`);
    throw new UsageError(`cannot read ${file} (${code ?? String(e)}): check its permissions`);
  }
  if (data.length > MAX_NOTEBOOK_BYTES)
    throw new UsageError(
      `${file} is ${Math.round(data.length / 1024 / 1024)} MiB: clear the notebook's outputs (Edit > Clear all outputs), save, and try again`
    );
  return data;
}
async function imageFor(competition) {
  if (competition !== void 0) {
    const { dir, config } = await loadCompetition(competition);
    const runtime = config.runtime;
    const flavor = runtime.flavor === "gpu" && runtime.gpu ? "gpu" : "cpu";
    const image = await ensureImage({ competitionDir: dir, runtime, flavor });
    return image.ok ? { tag: image.tag } : { message: image.message, hint: image.hint };
  }
  const found = await inspectImage(DEFAULT_BASE_IMAGE);
  if (found.state === "present") return { tag: DEFAULT_BASE_IMAGE };
  if (found.state === "engine_unavailable") return { message: found.message, hint: ENGINE_HINT };
  return {
    message: `the base image ${DEFAULT_BASE_IMAGE} is not on this machine`,
    hint: "build it with scripts/build-base-image.sh, or pass --competition DIR to convert in the competition's runtime image"
  };
}
function converterTrouble(r, image) {
  if (isEngineUnavailable(r)) return { message: engineUnavailableMessage(r), hint: ENGINE_HINT };
  if (r.timedOut)
    return {
      message: `the converter took more than ${TIMEOUT_MS / 1e3} s`,
      hint: "clear the notebook outputs (Edit > Clear all outputs), save, and try again"
    };
  const said = lastLine(String(r.stderr ?? "")) || "no output";
  if (r.exitCode === 127 || /executable file not found|python3.*not found/i.test(said))
    return {
      message: `the image ${image} has no python3 (${said})`,
      hint: "use a runtime image built FROM holdout/base (or one with python3 on its PATH)"
    };
  return {
    message: `the converter failed in ${image} (exit ${r.exitCode ?? "?"}: ${said})`,
    hint: "this is a bug in holdout, not the notebook: report it with the notebook and the lines above"
  };
}
function trouble(t) {
  process.stderr.write(`holdout: ${t.message}
What to do: ${t.hint}
`);
  process.exitCode = EXIT.error;
}
export {
  converterArgs,
  readAnswer,
  run,
  summaryText
};
