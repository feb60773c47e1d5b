import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  ENGINE_HINT,
  docker,
  engineUnavailableMessage,
  isEngineUnavailable
} from "./chunk-IO3NW777.js";

// src/runtime/image/runtime-tests.ts
import { stat } from "node:fs/promises";
import path from "node:path";
var RUNTIME_TEST_SCRIPT = "test_environment.py";
var TESTS_MOUNT = "/opt/holdout/runtime-tests";
var ENVIRONMENT_MOUNT = "/opt/holdout/environment.yml";
async function planRuntimeTests(competitionDir, runtime, flavor) {
  const source = runtime[flavor];
  if (!source?.environment) {
    return {
      run: false,
      message: `runtime.${flavor}.environment is not set, so there is no package list for runtime/tests to check: nothing was tested`,
      hint: `runtime/tests import every package of a conda environment file, and a runtime without one (such as the Debian runtime in docs/runtime.md) has none to import: drop --test, or set runtime.${flavor}.environment`
    };
  }
  const testsDir = path.join(competitionDir, source.context, "tests");
  const script = path.posix.join(source.context, "tests", RUNTIME_TEST_SCRIPT);
  if (!await isFile(path.join(testsDir, RUNTIME_TEST_SCRIPT))) {
    return {
      run: false,
      message: `${script} does not exist, so runtime/tests could not run in the ${flavor} image: nothing was tested`,
      hint: `copy runtime/tests/ from the Holdout template into ${source.context}/ (it imports every package of ${source.environment}), or drop --test`
    };
  }
  return { run: true, testsDir, environmentFile: path.join(competitionDir, source.environment) };
}
function runtimeTestArgs(req) {
  const args = [
    "run",
    "--rm",
    "--network",
    "none",
    "--user",
    req.user ?? "1000:1000",
    "--read-only",
    "--tmpfs",
    "/tmp:rw,nosuid,nodev,size=256m",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--memory",
    "4g",
    "--memory-swap",
    "4g",
    "--pids-limit",
    "512",
    "--label",
    "holdout.runtime-tests=true",
    "--mount",
    `type=bind,source=${path.resolve(req.testsDir)},target=${TESTS_MOUNT},readonly`,
    "--mount",
    `type=bind,source=${path.resolve(req.environmentFile)},target=${ENVIRONMENT_MOUNT},readonly`,
    "--env",
    `HOLDOUT_FLAVOR=${req.flavor}`,
    "--env",
    `HOLDOUT_EXPECT_GPU=${req.gpus ? "1" : "0"}`
  ];
  if (req.gpus) args.push("--gpus", "all");
  args.push(req.image, "python3", `${TESTS_MOUNT}/${RUNTIME_TEST_SCRIPT}`, ENVIRONMENT_MOUNT);
  return args;
}
async function runRuntimeTests(req) {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1e3;
  const timeout = req.timeoutSeconds ?? 600;
  if (!await isFile(path.join(req.testsDir, RUNTIME_TEST_SCRIPT))) {
    return {
      ok: false,
      reason: "tests_missing",
      message: `there is no ${RUNTIME_TEST_SCRIPT} in ${req.testsDir}, so runtime/tests could not run in the ${req.flavor} image ${req.image}`,
      hint: "restore runtime/tests/ (copy it from the Holdout template): it imports every package of the environment file",
      output: [],
      seconds: seconds()
    };
  }
  const result = await docker(runtimeTestArgs(req), {
    reject: false,
    all: true,
    timeout: timeout * 1e3,
    stdin: "ignore"
  });
  const output = (result.all ?? "").split("\n").filter(Boolean).slice(-200);
  if (result.exitCode === 0) return { ok: true, seconds: seconds(), output };
  if (result.timedOut) {
    return {
      ok: false,
      reason: "timeout",
      message: `runtime/tests in ${req.image} did not finish within ${timeout} s`,
      hint: "an import hangs; look at the last lines of output",
      output,
      seconds: seconds()
    };
  }
  if (isEngineUnavailable(result)) {
    return {
      ok: false,
      reason: "engine_unavailable",
      message: `${engineUnavailableMessage(result)}, so runtime/tests could not run`,
      hint: ENGINE_HINT,
      output,
      seconds: seconds()
    };
  }
  const failed = output.filter((l) => l.startsWith("FAILED ")).map((l) => l.slice("FAILED ".length));
  return {
    ok: false,
    reason: "tests_failed",
    message: `runtime/tests failed in the ${req.flavor} image ${req.image}${failed.length > 0 ? `: ${failed.join("; ")}` : ` (exit code ${result.exitCode})`}`,
    hint: "check that each package in the environment file installs and imports (a wrong name or a missing dependency); the output is below",
    output,
    seconds: seconds()
  };
}
async function isFile(p) {
  return stat(p).then(
    (s) => s.isFile(),
    () => false
  );
}

export {
  planRuntimeTests,
  runRuntimeTests
};
