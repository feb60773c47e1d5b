/**
 * The images a runtime's Dockerfile builds FROM, made present before `docker build`
 * starts. docker build would pull a missing one itself, but then a machine without a
 * registry fails *inside* the build, at step "FROM …", and the only advice left to give
 * is "fix the Dockerfile" — wrong when the Dockerfile is fine and the machine cannot
 * get the image. Pulling first, outside the build, tells apart:
 *
 *   - `registry_unreachable`: the registry did not answer (no DNS, no route, refused);
 *   - `not_in_registry`:      the registry answered that it has no such image;
 *   - `local_only`:           the image is one Holdout's scripts make on the machine
 *                             (holdout/base, scripts/build-base-image.sh): never pulled —
 *                             a registry could serve anyone's image under that name.
 *
 * Nothing of the build has run at that point, so none of these can be the doing of a
 * package request's author: they are the machine's (reason `image_missing`, an error).
 */
import type { Flavor } from '../../config/runtime.js';
import { inspectImage, inspectImageIds, pullImage } from './docker.js';

/** The repository scripts/build-base-image.sh tags its image in (default tag holdout/base:bookworm). */
export const LOCAL_BASE_REPOSITORY = 'holdout/base';
export const DEFAULT_BASE_IMAGE = `${LOCAL_BASE_REPOSITORY}:bookworm`;
/** Where docs/runtime.md explains how a runtime builds without a registry. */
export const OFFLINE_RUNTIME_DOC = 'docs/runtime.md, "A runtime without a registry"';

export type BaseImageCause = 'registry_unreachable' | 'not_in_registry' | 'local_only' | 'pull_failed';

export interface BaseImageProblem {
  cause: BaseImageCause;
  ref: string;
  /** The engine's own words (the last line of `docker pull`), when it pulled. */
  detail: string;
}

export type BaseImagesResult =
  /** ids: every base's image ID (undefined when the engine did not answer: the caller finds out next). */
  { ok: true; ids: Map<string, string> | undefined } | { ok: false; problem: BaseImageProblem };

/**
 * Pull each of `refs` the engine does not have, one at a time, stopping at the
 * first that cannot be had. Costs one `docker image inspect` when all are present.
 */
export async function ensureBaseImages(refs: string[], onProgress?: (line: string) => void): Promise<BaseImagesResult> {
  const ids = await inspectImageIds(refs);
  if (!ids) return { ok: true, ids: undefined };
  for (const ref of refs.filter((r) => !ids.has(r))) {
    if (isLocalOnly(ref)) return { ok: false, problem: { cause: 'local_only', ref, detail: '' } };
    onProgress?.(`holdout: the base image ${ref} is not on this machine: pulling it`);
    const pulled = await pullImage(ref);
    if (!pulled.ok) {
      const detail = pulled.message.replace(/^Error response from daemon:\s*/i, '');
      return { ok: false, problem: { cause: classifyPullError(detail), ref, detail } };
    }
    const found = await inspectImage(ref);
    if (found.state === 'present') ids.set(ref, found.id);
  }
  return { ok: true, ids };
}

/** Made on the machine by scripts/build-base-image.sh, whatever its tag: `holdout/base:*` (Docker Hub's namespace). */
export function isLocalOnly(ref: string): boolean {
  const name = ref.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return name === LOCAL_BASE_REPOSITORY || name === `docker.io/${LOCAL_BASE_REPOSITORY}`;
}

/** What the last line of a failed `docker pull` says about the registry. Pure. */
export function classifyPullError(text: string): BaseImageCause {
  if (
    /no such host|dial tcp|connect: |connection refused|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|Client\.Timeout|context deadline exceeded|server misbehaving|temporary failure in name resolution|timed out/i.test(
      text,
    )
  ) {
    return 'registry_unreachable';
  }
  if (/pull access denied|repository does not exist|manifest unknown|not found|name unknown/i.test(text))
    return 'not_in_registry';
  return 'pull_failed';
}

/** The registry a reference is pulled from, as a person names it. */
export function registryOf(ref: string): string {
  const first = ref.split('/')[0]!;
  const hasHost = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasHost && first !== 'docker.io' ? first : 'Docker Hub';
}

/**
 * What the organizer reads when a base image cannot be had: the message says what is
 * missing and why, the hint what to do — never "fix the Dockerfile" for a machine
 * that lacks a registry. Pure.
 */
export function describeBaseImageProblem(
  p: BaseImageProblem,
  dockerfile: string,
  flavor: Flavor,
): { message: string; hint: string } {
  const where = `the base image ${p.ref} (FROM in ${dockerfile})`;
  const retry = `then run holdout build --flavor ${flavor}`;
  switch (p.cause) {
    case 'local_only': {
      const env = p.ref === DEFAULT_BASE_IMAGE ? '' : `HOLDOUT_BASE_IMAGE=${p.ref} `;
      return {
        message: `${where} is not on this machine; it is made here, not pulled from a registry`,
        hint: `build it with ${env}scripts/build-base-image.sh (as root; it needs a Debian mirror, no registry), or docker load it from a machine that has it; ${retry}`,
      };
    }
    case 'registry_unreachable':
      return {
        message: `${where} is not on this machine, and ${registryOf(p.ref)} cannot be reached to pull it (${p.detail})`,
        hint:
          `${dockerfile} is not at fault: this machine cannot get the image. Build where ${registryOf(p.ref)} is reachable (GitHub-hosted runners are), ` +
          `or bring the image here (on a connected machine: docker pull ${p.ref} && docker save -o base.tar ${p.ref}; here: docker load -i base.tar), ` +
          `or use a runtime on a local base image (${OFFLINE_RUNTIME_DOC}); ${retry}`,
      };
    case 'not_in_registry':
      return {
        message: `${where} is not on this machine, and ${registryOf(p.ref)} has no such image (${p.detail})`,
        hint: `check the name and tag in the FROM line of ${dockerfile} (and runtime.${flavor}.build_args); an image you make yourself must be built or docker load-ed on this machine first; ${retry}`,
      };
    case 'pull_failed':
      return {
        message: `${where} is not on this machine, and pulling it failed (${p.detail})`,
        hint: `pull it by hand (docker pull ${p.ref}) to see why, or docker load it from a machine that has it; ${retry}`,
      };
  }
}
