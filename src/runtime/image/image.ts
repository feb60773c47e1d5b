/**
 * ensureImage: the runtime image a run needs, built only when its content changed.
 *
 *  - runtime.<flavor>.image set → that image is used as it is; it must exist locally
 *    (no registry is pulled from here), else `image_missing`.
 *  - otherwise the tag is derived from the content (build-context.ts); when the engine
 *    already has it, nothing is built (one `docker image inspect`); when it does not,
 *    `docker build --network <build_network> --build-arg FLAVOR=<flavor>` makes it —
 *    after trying `docker pull` of the same tag when runtime.pull is set (the
 *    default-branch workflow pushes every content tag it builds).
 *
 * Before any of this, the images the Dockerfile builds FROM are pulled when missing
 * (base-images.ts): a machine that cannot get one is told why and what to do, as
 * `image_missing`, without starting a build that could only fail at its first step.
 *
 * A content tag is only a name: before an image under it is used, image-trust.ts
 * checks that it is the one Holdout built or pulled for this content (its content
 * label, and the image ID recorded when it was made). Another image is refused as
 * `image_untrusted`; one with no label is built over, never run.
 */
import { cp, mkdtemp, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Flavor, RuntimeSection } from '../../config/runtime.js';
import { describeBaseImageProblem, ensureBaseImages, OFFLINE_RUNTIME_DOC } from './base-images.js';
import {
  baseImagesOf,
  BuildInputError,
  collectBuildInputs,
  contentHash,
  imageSourceFor,
  tagFor,
  type BuildInputs,
} from './build-context.js';
import { dockerBuild, ENGINE_HINT, inspectImage, pullImage } from './docker.js';
import { CONTENT_LABEL, contentOf, recordMade, refused, vouchFor, type Refused } from './image-trust.js';

export interface EnsureImageRequest {
  competitionDir: string;
  runtime: RuntimeSection;
  flavor: Flavor;
  /** Build output lines, for live progress. */
  onProgress?: (line: string) => void;
  /** Where to keep the full build log. */
  buildLogPath?: string;
}

export type EnsureImageResult =
  | {
      ok: true;
      tag: string;
      /** The image ID checked against the content (content tags only). */
      id?: string;
      built: boolean;
      seconds: number;
      /** The image's size as the engine reports it (undefined if it could not be read after a pull or build). */
      sizeBytes: number | undefined;
    }
  | {
      ok: false;
      reason: 'image_missing' | 'image_build_failed' | 'engine_unavailable' | 'image_untrusted';
      message: string;
      hint: string;
      logTail: string[];
    };

export interface ImageTagRequest {
  competitionDir: string;
  runtime: RuntimeSection;
  flavor: Flavor;
}

/** Label every built runtime image carries, so organizers can list and prune them. */
export const RUNTIME_LABEL = 'holdout.runtime';

/**
 * The tag the image of this flavor has: runtime.<flavor>.image when set, else
 * `<repository>:<flavor>-<content hash>`. Throws BuildInputError when files are missing.
 */
export async function imageTagFor(req: ImageTagRequest): Promise<string> {
  const source = imageSourceFor(req.runtime, req.flavor);
  if (!source) throw missingFlavor(req.flavor);
  if (source.image) return source.image;
  const inputs = await collectBuildInputs(req.competitionDir, source, req.flavor);
  return tagFor(req.runtime.repository, req.flavor, await contentHash(inputs));
}

export async function ensureImage(req: EnsureImageRequest): Promise<EnsureImageResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const source = imageSourceFor(req.runtime, req.flavor);
  if (!source) {
    const e = missingFlavor(req.flavor);
    return { ok: false, reason: 'image_missing', message: e.message, hint: e.hint, logTail: [] };
  }

  if (source.image) {
    const found = await inspectImage(source.image);
    if (found.state === 'present')
      return { ok: true, tag: source.image, built: false, seconds: seconds(), sizeBytes: found.sizeBytes };
    if (found.state === 'engine_unavailable') return engineUnavailable(found.message);
    return {
      ok: false,
      reason: 'image_missing',
      message: `the image ${source.image} (runtime.${req.flavor}.image) is not on this machine`,
      hint: `pull or load it first (docker pull ${source.image}), or remove runtime.${req.flavor}.image from competition.yml to build it from the Dockerfile`,
      logTail: [],
    };
  }

  let inputs: BuildInputs;
  try {
    inputs = await collectBuildInputs(req.competitionDir, source, req.flavor);
  } catch (e) {
    if (!(e instanceof BuildInputError)) throw e;
    return { ok: false, reason: 'image_build_failed', message: e.message, hint: e.hint, logTail: [] };
  }
  const dockerfileName = path.relative(req.competitionDir, inputs.dockerfile) || inputs.dockerfile;
  // The FROM images first, outside the build: a machine that cannot get one is told so
  // (and what to do) instead of "fix the Dockerfile", and the content hash sees their IDs.
  const bases = await ensureBaseImages(await baseImagesOf(inputs), req.onProgress);
  if (!bases.ok)
    return {
      ok: false,
      reason: 'image_missing',
      ...describeBaseImageProblem(bases.problem, dockerfileName, req.flavor),
      logTail: [],
    };
  const content = await contentHash(inputs, bases.ids);
  const tag = tagFor(req.runtime.repository, req.flavor, content);

  const found = await inspectImage(tag);
  if (found.state === 'engine_unavailable') return engineUnavailable(found.message);
  if (found.state === 'present') {
    const vouched = await vouchFor(tag, { id: found.id, content: contentOf(found) }, content);
    if (vouched.ok)
      return { ok: true, tag, id: vouched.id, built: false, seconds: seconds(), sizeBytes: found.sizeBytes };
    if (vouched.reason !== 'unlabelled') return untrusted(vouched);
    req.onProgress?.(
      `holdout: ${tag} carries no ${CONTENT_LABEL} label (made by an older Holdout, or not by Holdout): building it anew instead of running it`,
    );
  }

  if (req.runtime.pull) {
    req.onProgress?.(`holdout: pulling ${tag}`);
    if ((await pullImage(tag, req.onProgress)).ok) {
      const made = await recordMade(tag, content);
      if (made.ok) return { ok: true, tag, id: made.id, built: false, seconds: seconds(), sizeBytes: made.sizeBytes };
      if (made.reason !== 'unlabelled') return untrusted(made);
      req.onProgress?.(
        `holdout: the pulled ${tag} carries no ${CONTENT_LABEL} label (pushed by an older Holdout?): building it instead`,
      );
    }
  }
  req.onProgress?.(`holdout: building ${tag} (the runtime changed or was never built here)`);
  const staged = inputs.needsStaging ? await stageContext(inputs) : undefined;
  try {
    const build = await dockerBuild({
      tag,
      dockerfile: inputs.dockerfile,
      contextDir: staged ?? inputs.contextDir,
      buildArgs: inputs.buildArgs,
      network: req.runtime.build_network,
      // The full content hash, which the tag holds only 12 hex of: checked before every use (image-trust.ts).
      labels: { [RUNTIME_LABEL]: 'true', [`${RUNTIME_LABEL}.flavor`]: req.flavor, [CONTENT_LABEL]: content },
      cacheFrom: req.runtime.cache_from,
      onLine: req.onProgress,
      logPath: req.buildLogPath,
    });
    if (build.notStarted) return engineUnavailable('the docker command could not be started');
    if (build.exitCode !== 0) {
      const where = build.lastStep ? ` at step "${build.lastStep}"` : '';
      return {
        ok: false,
        reason: 'image_build_failed',
        message: `building the ${req.flavor} runtime image ${tag} failed${where} (docker build exit code ${build.exitCode})`,
        hint: buildFailureHint({
          tail: build.tail,
          logPath: req.buildLogPath,
          dockerfile: dockerfileName,
          environment: source.environment,
          flavor: req.flavor,
          buildNetwork: req.runtime.build_network,
        }),
        logTail: build.tail,
      };
    }
    const elapsed = seconds();
    const made = await recordMade(tag, content);
    if (!made.ok)
      return untrusted(
        made.reason === 'unlabelled'
          ? refused(tag, `it came out of the build without its ${CONTENT_LABEL} label`)
          : made,
      );
    return { ok: true, tag, id: made.id, built: true, seconds: elapsed, sizeBytes: made.sizeBytes };
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
  }
}

/**
 * Lines of build output that say a step could not reach the network: a package
 * channel, PyPI or a Debian mirror that does not answer, or a build with
 * build_network: none. (Said as a likely cause only: the verdict stays a failed build,
 * since a step's output is whatever the packages it installs print.)
 */
const NETWORK_TROUBLE =
  /could not resolve host|temporary failure (?:in name resolution|resolving)|name or service not known|network is unreachable|no route to host|failed to establish a new connection|connection refused|could not connect to|connection timed out|name resolution/i;

/** What to do about a failed build, from its last lines. Pure. */
export function buildFailureHint(o: {
  tail: string[];
  logPath: string | undefined;
  dockerfile: string;
  environment: string | undefined;
  flavor: Flavor;
  buildNetwork: RuntimeSection['build_network'];
}): string {
  const log = o.logPath ? `the full log is ${o.logPath}` : 'its last lines are with this message';
  const rerun = `run holdout build --flavor ${o.flavor}`;
  const files = `${o.dockerfile}${o.environment ? ` or ${o.environment}` : ''}`;
  // The last such line: the error itself, after any traceback frames that name the call.
  const trouble = [...o.tail].reverse().find((l) => NETWORK_TROUBLE.test(l));
  if (trouble) {
    const why =
      o.buildNetwork === 'none'
        ? 'the build has no network (runtime.build_network: none), so a step that downloads packages cannot work'
        : 'this machine could not reach what a step downloads from (a package channel, PyPI, a Debian mirror)';
    return (
      `a step could not reach the network ("${stripVTControlCharacters(trouble).trim().slice(0, 200)}"): ${why}. ` +
      `If ${files} is right, build where the network is reachable (GitHub-hosted runners), ` +
      `${o.buildNetwork === 'none' ? 'set runtime.build_network to default, ' : ''}or use a runtime that downloads nothing (${OFFLINE_RUNTIME_DOC}); ${log}; then ${rerun}`
    );
  }
  return `${log}; fix ${files} and ${rerun}`;
}

/**
 * Where runtime/tests of a flavor are and the environment file they check, as
 * runRuntimeTests takes them; undefined when the flavor names no environment file
 * (there is no package list to test).
 */
export function runtimeTestPaths(
  competitionDir: string,
  runtime: RuntimeSection,
  flavor: Flavor,
): { testsDir: string; environmentFile: string } | undefined {
  const source = runtime[flavor];
  if (!source?.environment) return undefined;
  return {
    testsDir: path.join(competitionDir, source.context, 'tests'),
    environmentFile: path.join(competitionDir, source.environment),
  };
}

/** Copy the context and the environment file into a temporary folder docker build can read. */
async function stageContext(inputs: BuildInputs): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-context-'));
  for (const entry of inputs.entries) {
    const target = path.join(dir, ...entry.relPath.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    if (entry.kind === 'symlink') await symlink(await readlink(entry.source), target);
    else await cp(entry.source, target, { preserveTimestamps: true });
  }
  return dir;
}

function missingFlavor(flavor: Flavor): BuildInputError {
  return new BuildInputError(
    `competition.yml has no runtime.${flavor} section, so there is no ${flavor} image`,
    flavor === 'gpu'
      ? 'add runtime.gpu to competition.yml (Dockerfile, context, environment) or run with the CPU flavor'
      : 'add runtime.cpu to competition.yml',
  );
}

function untrusted(refusal: Refused): EnsureImageResult {
  if (refusal.reason === 'engine_unavailable') return engineUnavailable(refusal.message);
  return { ok: false, reason: 'image_untrusted', message: refusal.message, hint: refusal.hint, logTail: [] };
}

function engineUnavailable(message: string): EnsureImageResult {
  return { ok: false, reason: 'engine_unavailable', message, hint: ENGINE_HINT, logTail: [] };
}
