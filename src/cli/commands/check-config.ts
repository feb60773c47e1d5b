/**
 * `holdout check-config`: competition.yml against its schema and against the data on this
 * machine (data folders, labels headers, split names), with nothing run. An organizer runs it
 * after editing competition.yml, and on the evaluation runner that holds the private data.
 * Exit codes: 0 consistent (notes allowed) · 2 a problem to fix.
 */
import { checkCompetitionData, mismatch } from '../../config/consistency.js';
import { loadCompetition } from '../../config/load.js';
import { resultsWarnings } from '../../config/results.js';
import { EXIT } from '../../errors.js';

interface CheckConfigFlags {
  competition: string;
  json?: boolean;
}

/** `holdout check-config`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(flags: CheckConfigFlags): Promise<void> {
  // A schema problem throws ConfigError here: runCli prints it and exits 2.
  const competition = await loadCompetition(flags.competition);
  const check = await checkCompetitionData(competition);
  // Valid, but the season would lose something (no public key: no private scores recorded).
  const warnings = resultsWarnings(competition.config.results);
  if (flags.json) {
    const checked = Object.keys(check.ready);
    process.stdout.write(
      `${JSON.stringify({ ok: check.problems.length === 0, problems: check.problems, notes: check.notes, warnings, checked }, null, 2)}\n`,
    );
    if (check.problems.length > 0) process.exitCode = EXIT.usage;
    return;
  }
  for (const note of check.notes) process.stderr.write(`note: ${note}\n`);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (check.problems.length > 0) throw mismatch(check.problems);
  const checked = Object.keys(check.ready);
  process.stdout.write(
    `${competition.configPath} is valid and matches the data of ${checked.map((d) => `datasets.${d}`).join(' and ') || 'no dataset'} on this machine.\n`,
  );
}
