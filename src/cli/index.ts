/**
 * Entry point of the `holdout` CLI (bundled to dist/cli.js). It loads only the command
 * declarations (program.ts); a command's code, and the signal clean-up that only a running
 * command needs, load when that command runs — so --version and --help start at once.
 */
import { enableCompileCache } from './compile-cache.js';
import { runCli } from './program.js';

// The command modules are imported from here on: Node 22.1+ caches them compiled on disk.
enableCompileCache();
process.exitCode = await runCli(process.argv.slice(2), async () => {
  // Ctrl-C or a SIGTERM removes the sandbox and scorer containers, then exits 130 / 143.
  const { installSignalCleanup } = await import('../sandbox/containers.js');
  installSignalCleanup();
});
