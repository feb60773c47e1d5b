/**
 * `holdout pack <dir>`: zip a submission folder with the competition's rules
 * (exclude globs, size and file limits, no links, entry point at the top), so the
 * zip it writes is one the competition accepts.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, UsageError } from '../../errors.js';
import { CONFIG_FILE, loadCompetition } from '../../config/load.js';
import { competitionSchema } from '../../config/schema.js';
import { formatBytes } from '../../config/units.js';
import { packSubmission, PackUsageError } from '../../submission/pack.js';
import { reservedRootNames, submissionRules, type SubmissionRules } from '../../submission/rules.js';
import { setupConfigExclude } from '../../submission/setup-config-apply.js';
import type { SubmissionKind } from '../../config/kinds.js';

interface PackFlags {
  output: string;
  competition: string;
}

/** `holdout pack`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(dir: string, flags: PackFlags): Promise<void> {
  const { rules, kind } = await rulesFor(flags.competition);
  if (kind === 'handler') {
    // Dynalab's setup_config.json `exclude`: left out of the zip, as dynalab-cli leaves it out of its upload.
    const setup = await setupConfigExclude(dir);
    if (!setup.ok) {
      const [first] = setup.problems;
      process.stderr.write(`holdout: setup_config.json is refused: ${first!.text}\nhint: ${first!.hint}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    rules.exclude.push(...setup.globs);
  }
  let result: Awaited<ReturnType<typeof packSubmission>>;
  try {
    result = await packSubmission(dir, flags.output, rules);
  } catch (e) {
    if (e instanceof PackUsageError) throw new UsageError(e.message);
    throw e;
  }
  if (result.ok) {
    const relative = path.relative(process.cwd(), result.out) || result.out;
    process.stdout.write(
      `packed ${result.files} file${result.files === 1 ? '' : 's'} (${formatBytes(result.bytes)}) into ${relative}\n`,
    );
    for (const warning of result.warnings) process.stderr.write(`holdout: warning: ${warning}\n`);
    return;
  }
  const details = result.problems.length > 1 ? result.problems.map((p) => `\n  - ${p}`).join('') : '';
  process.stderr.write(`holdout: ${result.message}${details}\nhint: ${result.hint}\n`);
  process.exitCode = EXIT.failed;
}

/**
 * The competition's submission rules; without a competition.yml (a participant
 * packing outside the competition repository) the defaults, said on stderr.
 */
async function rulesFor(competitionDir: string): Promise<{ rules: SubmissionRules; kind: SubmissionKind }> {
  const configPath = path.join(competitionDir, CONFIG_FILE);
  const exists = await access(configPath).then(
    () => true,
    () => false,
  );
  if (exists) {
    const { config } = await loadCompetition(competitionDir);
    return {
      rules: submissionRules(config.submission, reservedRootNames(config.container)),
      kind: config.submission.kind,
    };
  }
  const submission = competitionSchema.shape.submission.parse(undefined);
  const container = competitionSchema.shape.container.parse(undefined);
  process.stderr.write(
    `holdout: no ${CONFIG_FILE} in ${path.resolve(competitionDir)}: packing with the default rules ` +
      `(${submission.entry_point} at the top, at most ${formatBytes(submission.max_size)} and ${submission.max_files} files and folders); ` +
      `pass --competition DIR to use your competition's rules\n`,
  );
  return { rules: submissionRules(submission, reservedRootNames(container)), kind: submission.kind };
}
