import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  planRuntimeTests,
  runRuntimeTests
} from "./chunk-N5LPLZGW.js";
import {
  ensureImage
} from "./chunk-PUXRQOEZ.js";
import {
  formatDuration,
  loadCompetition
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
import {
  EXIT
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/build.ts
import path from "node:path";
async function run(flags) {
  const { dir, config } = await loadCompetition(flags.competition);
  const flavors = flags.flavor ? [flags.flavor] : config.runtime.gpu ? ["cpu", "gpu"] : ["cpu"];
  const results = [];
  let exit = EXIT.success;
  const say = (line) => process.stderr.write(`${line}
`);
  for (const flavor of flavors) {
    const buildLogPath = path.join(dir, ".holdout", `build-${flavor}.log`);
    say(`holdout: ${flavor} image`);
    let streamed = false;
    const image = await ensureImage({
      competitionDir: dir,
      runtime: config.runtime,
      flavor,
      buildLogPath,
      onProgress: (l) => {
        streamed = true;
        say(`  \u2502 ${l}`);
      }
    });
    if (!image.ok) {
      const tail = streamed ? "" : image.logTail.map((l) => `  \u2502 ${l}
`).join("");
      process.stderr.write(`holdout: ${image.message}
${tail}hint: ${image.hint}
`);
      results.push({ flavor, ...image });
      exit = Math.max(exit, image.reason === "image_build_failed" ? EXIT.failed : EXIT.error);
      continue;
    }
    if (!flags.json)
      process.stdout.write(
        `${flavor}: ${image.tag} (${image.built ? `built in ${formatDuration(image.seconds)}` : "unchanged, not rebuilt"})
`
      );
    let tests;
    if (flags.test) {
      const plan = await planRuntimeTests(dir, config.runtime, flavor);
      if (!plan.run) {
        tests = { ok: false, reason: "nothing_to_test", message: plan.message, hint: plan.hint };
        say(`holdout: ${flavor}: ${plan.message}
hint: ${plan.hint}`);
        exit = Math.max(exit, EXIT.usage);
      } else {
        tests = await runRuntimeTests({
          image: image.tag,
          flavor,
          testsDir: plan.testsDir,
          environmentFile: plan.environmentFile,
          gpus: flavor === "gpu" && flags.gpus === true,
          user: config.container.user
        });
        if (!flags.json) process.stdout.write(tests.output.map((l) => `  \u2502 ${l}
`).join(""));
        if (!tests.ok) {
          say(`holdout: ${tests.message}
hint: ${tests.hint}`);
          exit = Math.max(exit, tests.reason === "engine_unavailable" ? EXIT.error : EXIT.failed);
        } else if (!flags.json) process.stdout.write(`${flavor}: runtime/tests passed
`);
      }
    }
    results.push({ flavor, ...image, tests });
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}
`);
  process.exitCode = exit;
}
export {
  run
};
