/**
 * Is the image under a runtime content tag the one Holdout built or pulled for
 * that content? A tag is only a name: anything that once reached the runner's
 * engine (`docker build -t`, `docker tag`, `docker load`) can put another image
 * under `<repository>:cpu-<hash12>`, and the next evaluation would run every
 * submission in it. Two checks, both cheap:
 *
 *  1. The label CONTENT_LABEL: every runtime image Holdout builds carries the
 *     full content hash (64 hex, where the tag holds 12). An image whose label
 *     names other content is refused; one with no label at all (built by an
 *     older Holdout, or not by Holdout) is never run: it is built over.
 *  2. A record kept OUTSIDE the engine, in the runner user's state folder: the
 *     image ID Holdout got when it built or pulled the tag. An image under the
 *     tag with another ID is refused, label or not. A tag with no record yet (a
 *     new machine, another user) is trusted on its label and recorded.
 *
 * What this does not do: whoever controls the engine is root on the machine
 * (`docker run -v /:/host`), so they can also rewrite the record, forge the
 * label, or poison the build cache. The checks catch a planted or swapped image
 * from anything that cannot write the runner's home; against an attacker with
 * the engine, only a runner that starts clean for every job (ephemeral) helps.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspectImage } from './docker.js';

/** The label that names the full content hash a runtime image was built from. */
export const CONTENT_LABEL = 'holdout.runtime.content';

/** The content hash an image says it was built for (its CONTENT_LABEL), if it says one. */
export function contentOf(found: { labels: Record<string, string> }): string | undefined {
  return found.labels[CONTENT_LABEL];
}

export interface ImageRecord {
  tag: string;
  id: string;
  content: string;
}

export type TrustVerdict =
  | { kind: 'trusted' }
  /** No label and no record: not an image Holdout made for this content. Build over it, never run it. */
  | { kind: 'unlabelled' }
  | { kind: 'untrusted'; why: string };

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** The decision, from what the engine says and what Holdout recorded. Pure. */
export function judgeImage(
  found: { id: string; content: string | undefined },
  expectedContent: string,
  record: ImageRecord | undefined,
): TrustVerdict {
  if (record && record.id !== found.id) {
    return {
      kind: 'untrusted',
      why: `Holdout recorded image ${short(record.id)} for it, and the engine now has ${short(found.id)} under that tag`,
    };
  }
  if (found.content !== undefined && found.content !== expectedContent) {
    return {
      kind: 'untrusted',
      why: `its ${CONTENT_LABEL} label names other build inputs (${found.content.slice(0, 12)}…, expected ${expectedContent.slice(0, 12)}…)`,
    };
  }
  if (found.content === undefined) return record ? { kind: 'trusted' } : { kind: 'unlabelled' };
  return { kind: 'trusted' };
}

/** Where the records live: $HOLDOUT_STATE_DIR, else $XDG_STATE_HOME/holdout, else ~/.local/state/holdout. */
export function recordsDir(env: NodeJS.ProcessEnv = process.env): string {
  const state =
    env.HOLDOUT_STATE_DIR ||
    path.join(env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state'), 'holdout');
  return path.join(state, 'images');
}

function recordFile(dir: string, tag: string): string {
  return path.join(dir, `${createHash('sha256').update(tag).digest('hex').slice(0, 32)}.json`);
}

/** The record of `tag`, or undefined when there is none (or it cannot be read). */
export async function readRecord(tag: string, dir = recordsDir()): Promise<ImageRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(recordFile(dir, tag), 'utf8')) as Partial<ImageRecord>;
    return parsed.tag === tag && typeof parsed.id === 'string' && typeof parsed.content === 'string'
      ? (parsed as ImageRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Write the record atomically (write, then rename), so a reader never sees half of one. */
export async function writeRecord(record: ImageRecord, dir = recordsDir()): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = recordFile(dir, record.tag);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

export interface Vouched {
  ok: true;
  id: string;
  /** From the same inspect (recordMade); the caller has it already otherwise. */
  sizeBytes?: number;
}
export interface Refused {
  ok: false;
  reason: 'image_untrusted' | 'engine_unavailable';
  message: string;
  hint: string;
}

/**
 * After Holdout built or pulled `tag` for `content`: check the label, record the
 * image ID. Another build of the same tag may finish between our build and this
 * check (two evaluations at once); the record is read back after it is written,
 * so the last writer leaves the tag's record matching the tag.
 */
export async function recordMade(
  tag: string,
  content: string,
  dir = recordsDir(),
): Promise<Vouched | Refused | { ok: false; reason: 'unlabelled' }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await inspectImage(tag);
    if (found.state === 'engine_unavailable')
      return { ok: false, reason: 'engine_unavailable', message: found.message, hint: '' };
    if (found.state === 'absent') return refused(tag, 'it disappeared from the engine right after it was made');
    const label = contentOf(found);
    if (label === undefined) return { ok: false, reason: 'unlabelled' };
    const verdict = judgeImage({ id: found.id, content: label }, content, undefined);
    if (verdict.kind === 'untrusted') return refused(tag, verdict.why);
    try {
      await writeRecord({ tag, id: found.id, content }, dir);
    } catch {
      // A home that cannot be written keeps the label check; the next run records it.
      return { ok: true, id: found.id, sizeBytes: found.sizeBytes };
    }
    const again = await inspectImage(tag);
    if (again.state === 'present' && again.id === found.id)
      return { ok: true, id: found.id, sizeBytes: found.sizeBytes };
  }
  return refused(tag, 'it kept changing while Holdout recorded it (another build of the same tag at the same time?)');
}

/** Before a run: may the image under `tag` be used for `content`? Records a labelled tag seen for the first time. */
export async function vouchFor(
  tag: string,
  found: { id: string; content: string | undefined },
  content: string,
  dir = recordsDir(),
): Promise<Vouched | Refused | { ok: false; reason: 'unlabelled' }> {
  const record = await readRecord(tag, dir);
  const verdict = judgeImage(found, content, record);
  if (verdict.kind === 'unlabelled') return { ok: false, reason: 'unlabelled' };
  if (verdict.kind === 'untrusted') return refused(tag, verdict.why);
  // First sight of a labelled tag on this machine (or for this user): trusted on its label, and recorded.
  if (!record) await writeRecord({ tag, id: found.id, content }, dir).catch(() => {});
  return { ok: true, id: found.id };
}

export function refused(tag: string, why: string): Refused {
  return {
    ok: false,
    reason: 'image_untrusted',
    message: `the runtime image ${tag} is not the one Holdout built or pulled for these build inputs: ${why}`,
    hint:
      `if nobody on your side put it there, treat this runner as compromised and replace it (an ephemeral runner, which starts clean for every job, is the recommended setup); ` +
      `otherwise remove it (docker image rm ${tag}) and run again: Holdout builds it and records it`,
  };
}
