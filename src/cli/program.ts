/**
 * The `holdout` command line: every command's name, arguments and options, and how an error
 * becomes an exit code (src/errors.ts: 0 success · 1 failed · 2 usage or configuration · 3 ours).
 *
 * Start-up time. `holdout --version`, `--help` and a mistyped flag must not load what the
 * commands run (zod, the sandbox, Octokit, the conda solver): that was most of a 0.35 s start.
 * So this file imports only commander and leaf modules, and every command is declared the
 * same way:
 *
 *   program
 *     .command('NAME')
 *     .description('…')
 *     .option('…')                                    // cheap: strings only
 *     .action(lazy(() => import('./commands/NAME.js')));
 *
 * src/cli/commands/NAME.ts exports `run(...arguments, flags)`, and its module (with all it
 * imports) is loaded only when NAME runs. A new command: declare it here like the others,
 * with its `run` in a module of its own; never import a command module statically here.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, exitForError } from '../errors.js';
import { DEFAULT_CHECK_NAME, DEFAULT_PACKAGE_CHECK_NAME } from '../github/check-names.js';
import { VERSION } from '../version.js';

/** A command's module: its `run` gets the command's arguments, then its flags. */
interface CommandModule<A extends unknown[]> {
  run: (...args: A) => Promise<void>;
}

/** The action of a command whose module is imported when the command runs, not before. */
export function lazy<A extends unknown[]>(load: () => Promise<CommandModule<A>>): (...args: A) => Promise<void> {
  return async (...args) => (await load()).run(...args);
}

const COMPETITION = ['--competition <dir>', 'competition folder (holds competition.yml)', '.'] as const;

export function buildProgram(): Command {
  const program = new Command('holdout')
    .description('Run, sandbox and score competition submissions exactly as the competition will.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('test')
    .description('run a submission (a folder or a .zip) in the sandbox and score it')
    .argument('<submission>', 'submission folder or .zip')
    .option(...COMPETITION)
    .addOption(new Option('--dataset <name>', 'dataset to run on').choices(['smoke', 'test']).default('smoke'))
    .option('--time-limit <duration>', 'override the time limit (e.g. 90s, 10m)')
    .option('--memory <size>', 'override the memory limit (e.g. 2GiB)')
    .option('--cpus <n>', 'override the CPU limit')
    .option('--pids <n>', 'override the process limit')
    .option('--gpu', 'run with the GPU image and GPUs')
    .addOption(
      new Option(
        '--phase <phase>',
        'functions competitions: train only (its resources are kept), or infer only with the resources kept from an earlier run',
      ).choices(['train', 'infer']),
    )
    .option('--json', 'print one JSON report on stdout')
    .action(lazy(() => import('./commands/test.js')));

  program
    .command('pack')
    .description("zip a submission folder, checked against the competition's rules")
    .argument('<dir>', 'submission folder (holds the entry point, e.g. main.py)')
    .option('-o, --output <file>', 'zip to write', 'submission.zip')
    .option(...COMPETITION)
    .action(lazy(() => import('./commands/pack.js')));

  program
    .command('convert')
    .description(
      'show the script a notebook submission (main.ipynb) becomes: what will run, converted in the runtime image',
    )
    .argument('<notebook>', 'the notebook (.ipynb)')
    .option('-o, --out <file>', 'write the script to this file instead of printing it')
    .option('--competition <dir>', "convert in this competition's runtime image (default: the base image)")
    .option('--json', 'print the script, embedded files, version specifiers and warnings as one JSON object')
    .action(lazy(() => import('./commands/convert.js')));

  program
    .command('score')
    .description("Check a predictions file and score it against a dataset's labels, exactly as the competition does.")
    .argument('<predictions>', 'the predictions CSV to score')
    .option('--competition <dir>', 'competition folder (the one holding competition.yml)', '.')
    .option('--dataset <name>', "which dataset's labels to score against: smoke or test", 'smoke')
    .option('--json', 'print the result as JSON')
    .action(lazy(() => import('./commands/score.js')));

  program
    .command('build')
    .description("build the competition's runtime images (skipped when the content is unchanged)")
    .addOption(new Option('--flavor <flavor>', 'build only this flavor').choices(['cpu', 'gpu']))
    .option(...COMPETITION)
    .option('--test', 'run runtime/tests inside each image afterwards')
    .option('--gpus', 'run the GPU image tests with --gpus all and require CUDA')
    .option('--json', 'print the results as one JSON object on stdout')
    .action(lazy(() => import('./commands/build.js')));

  program
    .command('check-env')
    .description(
      'check a package request (environment-cpu.yml / environment-gpu.yml) against the base branch, the policy and the solver',
    )
    .option('--base <ref>', 'git ref to compare with (default: the default branch)')
    .option(...COMPETITION)
    .option('--json', 'print the analysis as one JSON object on stdout')
    .option('--no-solve', 'skip the solver (policy and syntax checks only)')
    .option('--organizer', 'check as an organizer (removing packages is allowed)')
    .action(lazy(() => import('./commands/check-env.js')));

  program
    .command('doctor')
    .description(
      "check the repository's settings the competition depends on (branch protection, fork approval, workflow token, runner groups) and say what to change",
    )
    .requiredOption('--repo <owner/name>', 'the competition repository')
    .option('--branch <name>', 'the branch submissions merge into (default: the default branch)')
    .option('--check <name>', 'the required check Holdout concludes (action input check-name)', DEFAULT_CHECK_NAME)
    .option('--package-check <name>', 'the required check of package requests', DEFAULT_PACKAGE_CHECK_NAME)
    .option('--no-package-check', 'the competition takes no package requests')
    .option('--app-id <id>', 'the id of the GitHub App that writes the check (App settings → About → App ID)')
    .option('--runner-labels <labels>', 'the labels the evaluation job asks for, comma-separated', 'self-hosted,gpu')
    .option('--json', 'print the findings as one JSON object on stdout')
    .action(lazy(() => import('./commands/doctor.js')));

  program
    .command('check-config')
    .description(
      'check competition.yml against its schema and the data on this machine (labels headers, split names, folders), running nothing',
    )
    .option(...COMPETITION)
    .option('--json', 'print the findings as one JSON object on stdout')
    .action(lazy(() => import('./commands/check-config.js')));

  program
    .command('leaderboard')
    .description(
      "build the leaderboard of a results ledger under competition.yml's rules: LEADERBOARD.md, leaderboard.json and a static site",
    )
    .requiredOption('--ledger <dir>', 'a checkout of the results branch (the folder holding records/)')
    .option(...COMPETITION)
    .option('--submissions <dir>', 'the submissions folder, for rule selected (default: <competition>/submissions)')
    .option('--out <dir>', 'folder to write LEADERBOARD.md, leaderboard.json and site/ into', 'leaderboard')
    .addOption(
      new Option(
        '--dataset <name>',
        'the dataset whose records rank (default: test when competition.yml has one, else smoke — where verdicts are recorded)',
      ).choices(['smoke', 'test']),
    )
    .option('--json', 'print what was written as one JSON object on stdout')
    .action(lazy(() => import('./commands/leaderboard.js')));

  const ledger = program
    .command('ledger')
    .description('the results ledger: check it, and make the key pair that seals private scores');
  ledger
    .command('verify')
    .description(
      'check the results ledger (a checkout of the results branch, or --repo): schema, duplicates, re-run links and sealed private scores; exit 1 listing each bad file',
    )
    .argument('[dir]', 'a checkout of the results branch (the folder holding records/)')
    .option(
      '--private-key <file>',
      'file holding the private key (- for stdin; or set HOLDOUT_RESULTS_PRIVATE_KEY): every sealed private score must open',
    )
    .option('--competition <dir>', 'competition folder: the private key must match its results.public_key')
    .option('--repo <owner/name>', 'read the ledger through the GitHub API instead (GITHUB_TOKEN or GH_TOKEN)')
    .option('--branch <name>', 'the results branch, with --repo (default: results.branch, else holdout-results)')
    .option('--json', 'print the findings as one JSON object on stdout')
    .action(lazy(async () => ({ run: (await import('./commands/ledger.js')).verify })));
  ledger
    .command('keygen')
    .description(
      'make the key pair that seals private scores: the public key for competition.yml, the private key for the reveal environment',
    )
    .option('--private-key-file <file>', 'write the private key to this new file (mode 600) instead of printing it')
    .option('--json', 'print the keys as one JSON object on stdout')
    .action(lazy(async () => ({ run: (await import('./commands/ledger.js')).keygen })));

  return program;
}

/**
 * Run the CLI with `argv` and return the exit code (never calls process.exit itself).
 * `beforeCommand` runs once a command is about to run (not for --help, --version or a
 * usage error): where the entry point installs what only running commands need.
 */
export async function runCli(argv: string[], beforeCommand?: () => void | Promise<void>): Promise<number> {
  const program = buildProgram();
  if (beforeCommand) program.hook('preAction', beforeCommand);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.success;
  } catch (e) {
    // Commander has printed its own message; --help and --version end here too, with code 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.success : EXIT.usage;
    const { code, text } = exitForError(e);
    process.stderr.write(`holdout: ${text}\n`);
    return code;
  }
}
