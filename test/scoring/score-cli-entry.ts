/** `holdout score` alone, wired like src/cli/program.ts's runCli (used by cli.test.ts as a real process). */
import { Command, CommanderError } from 'commander';
import { registerScore } from '../../src/cli/commands/score.js';

const program = new Command('holdout').exitOverride();
registerScore(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  process.exitCode = e.exitCode === 0 ? 0 : 2;
}
