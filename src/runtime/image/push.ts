/**
 * Push a runtime image to the organizer's registry under its content tag and a
 * moving `<flavor>-latest` tag. Only the default branch's workflow does this
 * (publish-images mode): it is logged in to the registry, pull requests never are.
 * The registry is whatever the repository part of the tag names
 * (runtime.repository in competition.yml, e.g. ghcr.io/octo-org/competition-runtime).
 */
import { docker } from '../../engine/gateway.js';

export type PushResult = { ok: true; pushed: string[] } | { ok: false; message: string; output: string[] };

/** `docker tag` the image as each alias, then `docker push` the image and every alias. */
export async function pushImage(tag: string, aliases: string[], onLine?: (line: string) => void): Promise<PushResult> {
  for (const alias of aliases) {
    const tagged = await docker(['tag', tag, alias], { reject: false, all: true, stdin: 'ignore' });
    if (tagged.exitCode !== 0)
      return { ok: false, message: `docker tag ${tag} ${alias} failed`, output: lines(tagged.all) };
  }
  const pushed: string[] = [];
  for (const ref of [tag, ...aliases]) {
    onLine?.(`holdout: pushing ${ref}`);
    const push = await docker(['push', ref], { reject: false, all: true, stdin: 'ignore' });
    for (const line of lines(push.all)) onLine?.(line);
    if (push.exitCode !== 0) {
      return {
        ok: false,
        message: `docker push ${ref} failed (exit code ${push.exitCode ?? 'none'}); check the registry login (HOLDOUT_REGISTRY, HOLDOUT_REGISTRY_USERNAME, HOLDOUT_REGISTRY_PASSWORD) and that runtime.repository names a repository it may push to`,
        output: lines(push.all).slice(-20),
      };
    }
    pushed.push(ref);
  }
  return { ok: true, pushed };
}

function lines(text: string | undefined): string[] {
  return (text ?? '').split('\n').filter(Boolean);
}
