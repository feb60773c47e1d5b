/**
 * `holdout check-config`: competition.yml against its schema and against the data on this
 * machine (data folders, labels headers, split names), with nothing run. An organizer runs it
 * after editing competition.yml, and on the evaluation runner that holds the private data.
 * Exit codes: 0 consistent (notes allowed) · 2 a problem to fix.
 */
import type { Command } from 'commander';
import { checkCompetitionData, mismatch } from '../../config/consistency.js';
import { loadCompetition } from '../../config/load.js';

interface CheckConfigFlags {
  competition: string;
  json?: boolean;
}

export function registerCheckConfig(program: Command): void {
  program
    .command('check-config')
    .description(
      'check competition.yml against its schema and the data on this machine (labels headers, split names, folders), running nothing',
    )
    .option('--competition <dir>', 'competition folder (holds competition.yml)', '.')
    .option('--json', 'print the findings as one JSON object on stdout')
    .action(async (flags: CheckConfigFlags) => {
      // A schema problem throws ConfigError here: runCli prints it and exits 2.
      const competition = await loadCompetition(flags.competition);
      const check = await checkCompetitionData(competition);
      if (flags.json) {
        const checked = Object.keys(check.ready);
        process.stdout.write(
          `${JSON.stringify({ ok: check.problems.length === 0, problems: check.problems, notes: check.notes, checked }, null, 2)}\n`,
        );
        if (check.problems.length > 0) process.exitCode = 2;
        return;
      }
      for (const note of check.notes) process.stderr.write(`note: ${note}\n`);
      if (check.problems.length > 0) throw mismatch(check.problems);
      const checked = Object.keys(check.ready);
      process.stdout.write(
        `${competition.configPath} is valid and matches the data of ${checked.map((d) => `datasets.${d}`).join(' and ') || 'no dataset'} on this machine.\n`,
      );
    });
}
