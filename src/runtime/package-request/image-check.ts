/**
 * The second half of a package request, after the analysis passed: build each
 * flavor's image (ensureImage) and run runtime/tests inside it with the network
 * off (runRuntimeTests). The result per flavor is a FlavorImageResult, which is
 * what the package-request table (package-table.ts) shows.
 *
 * Who is to blame decides the verdict, as in the analysis:
 *   - `fail`:  the request broke something (the build failed, a package does not import);
 *   - `error`: we could not tell (no Docker engine, an image competition.yml names is absent).
 * A `fail` wins over an `error`: there is something the participant can fix.
 *
 * Used by the action on pull requests (src/action/modes/package-request.ts) and
 * before images are pushed (src/action/modes/publish-images.ts); knows nothing of GitHub.
 */
import path from 'node:path';
import type { Flavor, RuntimeSection } from '../../config/runtime.js';
import { inspectImage } from '../image/docker.js';
import { ensureImage, runtimeTestPaths } from '../image/image.js';
import type { FlavorImageResult } from './package-table.js';
import { runRuntimeTests } from '../image/runtime-tests.js';

export type ImageVerdict = 'pass' | 'fail' | 'error';

export interface ImageCheckRequest {
  competitionDir: string;
  runtime: RuntimeSection;
  flavors: Flavor[];
  /** uid:gid the tests run as (container.user). */
  user?: string;
  /** Where build-<flavor>.log is written (uploaded with the result). */
  logDir?: string;
  /** Build and test output, line by line, for the job log. */
  onProgress?: (flavor: Flavor, line: string) => void;
}

export interface FlavorCheck {
  image: FlavorImageResult;
  verdict: ImageVerdict;
}

export interface ImageCheck {
  verdict: ImageVerdict;
  images: FlavorImageResult[];
  /** One sentence per flavor that did not pass (for the summary line). */
  problems: string[];
}

export async function checkImages(req: ImageCheckRequest): Promise<ImageCheck> {
  const checks: FlavorCheck[] = [];
  // One flavor after the other: two builds at once only fight for the same CPUs and disk.
  for (const flavor of req.flavors) checks.push(await checkFlavor(req, flavor));
  return {
    verdict: worst(checks.map((c) => c.verdict)),
    images: checks.map((c) => c.image),
    problems: checks.filter((c) => c.image.failure).map((c) => c.image.failure!.message),
  };
}

/** `fail` over `error` over `pass`. */
export function worst(verdicts: ImageVerdict[]): ImageVerdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('error')) return 'error';
  return 'pass';
}

async function checkFlavor(req: ImageCheckRequest, flavor: Flavor): Promise<FlavorCheck> {
  const progress = (line: string) => req.onProgress?.(flavor, line);
  // "Before" is the image the default branch last published, when this machine has it.
  const before = await inspectImage(latestTag(req.runtime.repository, flavor));
  const sizeBeforeBytes = before.state === 'present' ? before.sizeBytes : undefined;

  const built = await ensureImage({
    competitionDir: req.competitionDir,
    runtime: req.runtime,
    flavor,
    onProgress: progress,
    buildLogPath: req.logDir ? path.join(req.logDir, `build-${flavor}.log`) : undefined,
  });
  if (!built.ok) {
    return {
      verdict: built.reason === 'image_build_failed' ? 'fail' : 'error',
      image: {
        flavor,
        sizeBeforeBytes,
        tests: 'not_run',
        failure: { message: `${built.message}; ${built.hint}`, logTail: built.logTail },
      },
    };
  }
  const image: FlavorImageResult = {
    flavor,
    tag: built.tag,
    sizeBeforeBytes,
    sizeAfterBytes: built.sizeBytes,
    // An unchanged image was not built: no build time to show.
    buildSeconds: built.built ? built.seconds : undefined,
    tests: 'not_run',
  };

  const paths = runtimeTestPaths(req.competitionDir, req.runtime, flavor);
  if (!paths) {
    progress(`holdout: runtime.${flavor}.environment is not set, so there is no package list for runtime/tests`);
    return { verdict: 'pass', image };
  }
  progress(`holdout: running runtime/tests in ${built.tag} (network off)`);
  const tests = await runRuntimeTests({
    image: built.tag,
    flavor,
    ...paths,
    // Hosted runners have no GPU: the GPU image is checked for imports only.
    gpus: false,
    user: req.user,
  });
  for (const line of tests.output) progress(line);
  if (tests.ok) return { verdict: 'pass', image: { ...image, tests: 'passed' } };
  return {
    verdict: tests.reason === 'engine_unavailable' ? 'error' : 'fail',
    image: {
      ...image,
      tests: tests.reason === 'engine_unavailable' ? 'not_run' : 'failed',
      failure: { message: `${tests.message}; ${tests.hint}`, logTail: tests.output.slice(-40) },
    },
  };
}

/** `<repository>:<flavor>-latest`: what the default branch pushes next to the content tag. */
export function latestTag(repository: string, flavor: Flavor): string {
  return `${repository}:${flavor}-latest`;
}
