/**
 * The holdout CLI with only this stage's commands, for the tests to run as a real
 * process (exit code, stdout, stderr) with the same error mapping as src/cli/program.ts.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../src/config/load.js';
import { registerBuild } from '../../src/cli/commands/build.js';
import { registerCheckEnv } from '../../src/cli/commands/check-env.js';
import { UsageError } from '../../src/cli/program.js';

const program = new Command('holdout').exitOverride();
registerCheckEnv(program);
registerBuild(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
  else if (e instanceof ConfigError || e instanceof UsageError) {
    process.stderr.write(`holdout: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`holdout: internal error: ${String(e)}\n`);
    process.exitCode = 3;
  }
}
