import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  leaderboardFor,
  writeLeaderboard
} from "./chunk-CFUOL6DV.js";
import "./chunk-GSB6SWAA.js";
import {
  readLedgerFromDir
} from "./chunk-ZQBCEF5P.js";
import "./chunk-L27JFKJL.js";
import "./chunk-5FGKKWHU.js";
import "./chunk-PUXRQOEZ.js";
import "./chunk-4YXF5IZ3.js";
import "./chunk-A7NWLLFP.js";
import "./chunk-QCHIEEKV.js";
import "./chunk-2K3E4IZL.js";
import "./chunk-CDMN7PQF.js";
import {
  loadCompetition
} from "./chunk-JQKPXPDF.js";
import "./chunk-S5Y5YSSY.js";
import "./chunk-W3WMPUYC.js";
import "./chunk-IO3NW777.js";
import {
  UsageError
} from "./chunk-XY6EIFX3.js";
import {
  LedgerError
} from "./chunk-IMGGS7FH.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/leaderboard.ts
import path from "node:path";
async function run(flags) {
  const competition = await loadCompetition(flags.competition);
  let ledger;
  try {
    ledger = await readLedgerFromDir(flags.ledger);
  } catch (e) {
    if (e instanceof LedgerError) throw new UsageError(e.message);
    throw e;
  }
  for (const p of ledger.problems) process.stderr.write(`skipped ${p.file}: ${p.problem}
`);
  const notes = ledger.problems.length > 0 ? [
    `${ledger.problems.length} ledger file${ledger.problems.length === 1 ? " was" : "s were"} skipped as not valid records; run holdout ledger verify to see which and why.`
  ] : [];
  const data = await leaderboardFor(ledger.records, competition.config, {
    submissionsDir: path.resolve(flags.submissions ?? path.join(competition.dir, "submissions")),
    ...flags.dataset ? { dataset: flags.dataset } : {},
    notes
  });
  const written = await writeLeaderboard(path.resolve(flags.out), data);
  const summary = {
    records: ledger.records.length,
    skipped: ledger.problems.length,
    ranked: data.leaderboard.ranked,
    rows: data.leaderboard.public.length,
    markdown: written.markdown,
    json: written.json,
    site: written.site,
    notes: data.leaderboard.notes
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}
`);
    return;
  }
  for (const note of data.leaderboard.notes) process.stderr.write(`note: ${note}
`);
  process.stdout.write(
    `Leaderboard of ${summary.records} record${summary.records === 1 ? "" : "s"}: ${summary.ranked} ranked (rule ${data.leaderboard.rule}).
  ${written.markdown}
  ${written.json}
  ${written.site}${path.sep}index.html (open it, or publish the folder to GitHub Pages)
`
  );
}
export {
  run
};
