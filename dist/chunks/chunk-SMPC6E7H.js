import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  scorePredictions
} from "./chunk-4YXF5IZ3.js";
import {
  prepareDataset
} from "./chunk-A7NWLLFP.js";
import {
  loadCompetition
} from "./chunk-JQKPXPDF.js";
import {
  EXIT,
  UsageError
} from "./chunk-XY6EIFX3.js";

// src/cli/commands/score.ts
import { access } from "node:fs/promises";
import path from "node:path";
var EXIT_OF = {
  scored: EXIT.success,
  invalid: EXIT.failed,
  error: EXIT.error
};
function formatScoreResult(result) {
  switch (result.kind) {
    case "scored": {
      const width = Math.max(...Object.keys(result.scores).map((k) => k.length));
      const lines = Object.entries(result.scores).map(([key, value]) => {
        const notes = [
          key === result.primary ? "primary" : "",
          result.hidden.includes(key) ? "hidden from participants" : ""
        ].filter(Boolean);
        return `  ${key.padEnd(width)}  ${value.toPrecision(8)}${notes.length ? `  (${notes.join(", ")})` : ""}`;
      });
      return `Scored.
${lines.join("\n")}
`;
    }
    case "invalid":
      return `Invalid predictions: ${result.message}
${result.problems.map((p) => `  - ${p}`).join("\n")}
What to do: ${result.hint}
`;
    case "error":
      return `Scoring error (not the submission's fault): ${result.message}
What to do: ${result.hint}
`;
  }
}
function scorerDetailText(detail) {
  return `Organizer's detail (shown on this machine only, never in a report):
${detail.replace(/^/gm, "  ")}`;
}
async function run(predictions, options) {
  const usage = (message) => {
    throw new UsageError(message);
  };
  if (options.dataset !== "smoke" && options.dataset !== "test") {
    usage(`--dataset must be smoke or test, not "${options.dataset}"`);
  }
  const dataset = options.dataset;
  const predictionsPath = path.resolve(predictions);
  try {
    await access(predictionsPath);
  } catch {
    usage(`the predictions file ${predictionsPath} does not exist`);
  }
  const competition = await loadCompetition(options.competition);
  if (!competition.config.datasets[dataset]) usage(`competition.yml has no datasets.${dataset}; use --dataset smoke`);
  const ready = await prepareDataset(competition, dataset, { data: false });
  const result = await scorePredictions({
    predictionsPath,
    labelsPath: ready.labels,
    scoring: ready.scoring,
    competitionDir: competition.dir,
    // The same check `holdout test` and the action make (resolveScorerImage): the scorer's
    // image is scoring.custom.image, pinned, and never the participants' runtime.
    runtime: competition.config.runtime
  });
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}
` : formatScoreResult(result));
  if (!options.json && result.kind === "error" && result.detail)
    process.stderr.write(`${scorerDetailText(result.detail)}
`);
  process.exitCode = EXIT_OF[result.kind];
}

export {
  formatScoreResult,
  scorerDetailText,
  run
};
