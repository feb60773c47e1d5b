/**
 * `holdout build [--flavor cpu|gpu]`: build the competition's runtime images (both
 * flavors unless one is named), showing the build output live and keeping the full
 * log in .holdout/build-<flavor>.log. An image whose content tag already exists is
 * not rebuilt. With --test, runtime/tests run inside each image (network off).
 *
 * Exit code: 0 built (and tested, with --test) · 1 the build or runtime/tests failed ·
 * 2 usage or configuration, and --test when a flavor has no runtime/tests to run ·
 * 3 the machine: no engine, a base image it cannot get.
 *
 * Why 2 when --test finds nothing to run: whoever passes --test (a CI step, a person
 * before a release) asks for the images to be checked; a 0 would read as "checked"
 * when nothing was. It is not a failed test (1) nor the machine (3): competition.yml
 * and the command line disagree, fixed by dropping --test or adding the tests.
 */
import path from 'node:path';
import { loadCompetition } from '../../config/load.js';
import type { Flavor } from '../../config/runtime.js';
import { formatDuration } from '../../config/units.js';
import { ensureImage } from '../../runtime/image/image.js';
import { planRuntimeTests, runRuntimeTests, type RuntimeTestResult } from '../../runtime/image/runtime-tests.js';
import { EXIT } from '../../errors.js';

interface BuildFlags {
  flavor?: Flavor;
  competition: string;
  test?: boolean;
  gpus?: boolean;
  json?: boolean;
}

/** `holdout build`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(flags: BuildFlags): Promise<void> {
  const { dir, config } = await loadCompetition(flags.competition);
  const flavors: Flavor[] = flags.flavor ? [flags.flavor] : config.runtime.gpu ? ['cpu', 'gpu'] : ['cpu'];
  const results = [];
  let exit: number = EXIT.success;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  for (const flavor of flavors) {
    const buildLogPath = path.join(dir, '.holdout', `build-${flavor}.log`);
    say(`holdout: ${flavor} image`);
    let streamed = false;
    const image = await ensureImage({
      competitionDir: dir,
      runtime: config.runtime,
      flavor,
      buildLogPath,
      onProgress: (l) => {
        streamed = true;
        say(`  │ ${l}`);
      },
    });
    if (!image.ok) {
      // The build's lines were shown as they came (and are in the log): not again here.
      const tail = streamed ? '' : image.logTail.map((l) => `  │ ${l}\n`).join('');
      process.stderr.write(`holdout: ${image.message}\n${tail}hint: ${image.hint}\n`);
      results.push({ flavor, ...image });
      exit = Math.max(exit, image.reason === 'image_build_failed' ? EXIT.failed : EXIT.error);
      continue;
    }
    if (!flags.json)
      process.stdout.write(
        `${flavor}: ${image.tag} (${image.built ? `built in ${formatDuration(image.seconds)}` : 'unchanged, not rebuilt'})\n`,
      );
    let tests: RuntimeTestResult | { ok: false; reason: 'nothing_to_test'; message: string; hint: string } | undefined;
    if (flags.test) {
      const plan = await planRuntimeTests(dir, config.runtime, flavor);
      if (!plan.run) {
        tests = { ok: false, reason: 'nothing_to_test', message: plan.message, hint: plan.hint };
        say(`holdout: ${flavor}: ${plan.message}\nhint: ${plan.hint}`);
        exit = Math.max(exit, EXIT.usage);
      } else {
        tests = await runRuntimeTests({
          image: image.tag,
          flavor,
          testsDir: plan.testsDir,
          environmentFile: plan.environmentFile,
          gpus: flavor === 'gpu' && flags.gpus === true,
          user: config.container.user,
        });
        if (!flags.json) process.stdout.write(tests.output.map((l) => `  │ ${l}\n`).join(''));
        if (!tests.ok) {
          say(`holdout: ${tests.message}\nhint: ${tests.hint}`);
          exit = Math.max(exit, tests.reason === 'engine_unavailable' ? EXIT.error : EXIT.failed);
        } else if (!flags.json) process.stdout.write(`${flavor}: runtime/tests passed\n`);
      }
    }
    results.push({ flavor, ...image, tests });
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = exit;
}
