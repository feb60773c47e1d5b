import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  checkCompetitionData,
  mismatch
} from "./chunk-A7NWLLFP.js";
import {
  loadCompetition,
  resultsWarnings
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
import {
  EXIT
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/check-config.ts
async function run(flags) {
  const competition = await loadCompetition(flags.competition);
  const check = await checkCompetitionData(competition);
  const warnings = resultsWarnings(competition.config.results);
  if (flags.json) {
    const checked2 = Object.keys(check.ready);
    process.stdout.write(
      `${JSON.stringify({ ok: check.problems.length === 0, problems: check.problems, notes: check.notes, warnings, checked: checked2 }, null, 2)}
`
    );
    if (check.problems.length > 0) process.exitCode = EXIT.usage;
    return;
  }
  for (const note of check.notes) process.stderr.write(`note: ${note}
`);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}
`);
  if (check.problems.length > 0) throw mismatch(check.problems);
  const checked = Object.keys(check.ready);
  process.stdout.write(
    `${competition.configPath} is valid and matches the data of ${checked.map((d) => `datasets.${d}`).join(" and ") || "no dataset"} on this machine.
`
  );
}
export {
  run
};
