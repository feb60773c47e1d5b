/**
 * `holdout build [--flavor cpu|gpu]`: build the competition's runtime images (both
 * flavors unless one is named), showing the build output live and keeping the full
 * log in .holdout/build-<flavor>.log. An image whose content tag already exists is
 * not rebuilt. With --test, runtime/tests run inside each image (network off).
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadCompetition } from '../../config/load.js';
import type { Flavor } from '../../config/runtime.js';
import { formatDuration } from '../../config/units.js';
import { ensureImage, runtimeTestPaths } from '../../runtime/image.js';
import { runRuntimeTests } from '../../runtime/runtime-tests.js';

interface BuildFlags {
  flavor?: Flavor;
  competition: string;
  test?: boolean;
  gpus?: boolean;
  json?: boolean;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description("build the competition's runtime images (skipped when the content is unchanged)")
    .addOption(new Option('--flavor <flavor>', 'build only this flavor').choices(['cpu', 'gpu']))
    .option('--competition <dir>', 'competition folder (holds competition.yml)', '.')
    .option('--test', 'run runtime/tests inside each image afterwards')
    .option('--gpus', 'run the GPU image tests with --gpus all and require CUDA')
    .option('--json', 'print the results as one JSON object on stdout')
    .action(async (flags: BuildFlags) => {
      const { dir, config } = await loadCompetition(flags.competition);
      const flavors: Flavor[] = flags.flavor ? [flags.flavor] : config.runtime.gpu ? ['cpu', 'gpu'] : ['cpu'];
      const results = [];
      let exit = 0;
      for (const flavor of flavors) {
        const buildLogPath = path.join(dir, '.holdout', `build-${flavor}.log`);
        process.stderr.write(`holdout: ${flavor} image\n`);
        const image = await ensureImage({ competitionDir: dir, runtime: config.runtime, flavor, buildLogPath, onProgress: (l) => process.stderr.write(`  │ ${l}\n`) });
        if (!image.ok) {
          process.stderr.write(`holdout: ${image.message}\n${image.logTail.map((l) => `  │ ${l}\n`).join('')}hint: ${image.hint}\n`);
          results.push({ flavor, ...image });
          exit = Math.max(exit, image.reason === 'image_build_failed' ? 1 : 3);
          continue;
        }
        process.stdout.write(flags.json ? '' : `${flavor}: ${image.tag} (${image.built ? `built in ${formatDuration(image.seconds)}` : 'unchanged, not rebuilt'})\n`);
        let tests;
        const paths = runtimeTestPaths(dir, config.runtime, flavor);
        if (flags.test && paths) {
          tests = await runRuntimeTests({
            image: image.tag,
            flavor,
            ...paths,
            gpus: flavor === 'gpu' && flags.gpus === true,
            user: config.container.user,
          });
          if (!flags.json) process.stdout.write(tests.output.map((l) => `  │ ${l}\n`).join(''));
          if (!tests.ok) {
            process.stderr.write(`holdout: ${tests.message}\nhint: ${tests.hint}\n`);
            exit = Math.max(exit, tests.reason === 'tests_failed' ? 1 : 3);
          } else if (!flags.json) process.stdout.write(`${flavor}: runtime/tests passed\n`);
        }
        results.push({ flavor, ...image, tests });
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      process.exitCode = exit;
    });
}
