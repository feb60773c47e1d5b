/** Entry point of the `holdout` CLI (bundled to dist/cli.js). */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
