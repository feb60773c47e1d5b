/**
 * The package-request result: what the `package-request` job (pull_request,
 * untrusted) hands to the `package-request-report` job (workflow_run, trusted)
 * through actions/upload-artifact, and the Markdown both of them show.
 *
 * For a fork's pull request, GitHub runs the FORK's copy of the workflow, so the
 * file is HOSTILE input for the report job: it is read with a size cap, checked
 * with zod (unknown keys refused, every string and list bounded), its head SHA
 * must be the one GitHub gave the report job, and it carries data, never
 * Markdown: the report job renders the comment itself, escaping every value.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readHostileJson, type HostileRead } from './hostile-json.js';
import { COMMENT_LIMIT } from '../report/markdown.js';
import type { PackageRequestAnalysis } from '../runtime/package-request/analysis.js';
import { FINDING_RULES } from '../runtime/package-request/findings.js';
import { renderPackageRequestMarkdown, type FlavorImageResult } from '../runtime/package-request/package-table.js';

export const PACKAGE_RESULT_FILE_NAME = 'holdout-package-request.json';
/** The Markdown next to it, for people browsing the artifact (never read back). */
export const PACKAGE_RESULT_MARKDOWN_NAME = 'holdout-package-request.md';
/** Far above a real result (a few hundred packages and two 40-line build tails). */
export const MAX_PACKAGE_RESULT_BYTES = 2 * 1024 * 1024;
/** What the writer keeps of long lists, so an honest result always passes the schema. */
const MAX_FINDINGS = 300;
const MAX_CHANGES = 1000;

export type Verdict = 'pass' | 'fail' | 'error';

export interface PackageRequestResult {
  format: 'holdout-package-request';
  version: 1;
  head_sha: string;
  base_sha: string;
  /** The request's verdict: the analysis, then the images. */
  verdict: Verdict;
  summary: string;
  analysis: PackageRequestAnalysis;
  images: FlavorImageResult[];
}

const text = (max: number) => z.string().max(max);
const flavor = z.enum(['cpu', 'gpu']);
const verdict = z.enum(['pass', 'fail', 'error']);
const seconds = z.number().nonnegative();
const bytes = z.number().int().nonnegative();

const findingSchema = z
  .object({ rule: z.enum(FINDING_RULES), file: text(500), line: z.number().int().nonnegative(), message: text(20_000) })
  .strict();

const changeSchema = z
  .object({
    flavor,
    file: text(500),
    manager: z.enum(['conda', 'pip']),
    name: text(300),
    kind: z.enum(['added', 'removed', 'changed']),
    before: text(1000).optional(),
    after: text(1000).optional(),
    line: z.number().int().nonnegative(),
  })
  .strict()
  // JSON has no `undefined`: an absent side comes back as an explicit undefined, as PackageChange has it.
  .transform((c) => ({ ...c, before: c.before, after: c.after }));

const solveSchema = z.discriminatedUnion('verdict', [
  z
    .object({
      verdict: z.literal('solved'),
      packages: z.array(z.object({ name: text(300), version: text(300) }).strict()).max(10_000),
      seconds,
    })
    .strict(),
  z.object({ verdict: z.literal('conflict'), message: text(20_000), seconds }).strict(),
  z.object({ verdict: z.literal('error'), message: text(4000), seconds }).strict(),
  z.object({ verdict: z.literal('skipped'), reason: text(1000) }).strict(),
]);

const imageSchema = z
  .object({
    flavor,
    tag: text(500).optional(),
    sizeBeforeBytes: bytes.optional(),
    sizeAfterBytes: bytes.optional(),
    buildSeconds: seconds.optional(),
    tests: z.enum(['passed', 'failed', 'not_run']),
    failure: z
      .object({ message: text(8000), logTail: z.array(text(2000)).max(200) })
      .strict()
      .optional(),
  })
  .strict();

export const packageResultSchema = z
  .object({
    format: z.literal('holdout-package-request'),
    version: z.literal(1),
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    base_sha: z.string().regex(/^[0-9a-f]{40}$/),
    verdict,
    summary: text(4000),
    analysis: z
      .object({
        verdict,
        summary: text(4000),
        findings: z.array(findingSchema).max(MAX_FINDINGS),
        changes: z.array(changeSchema).max(MAX_CHANGES),
        solves: z.object({ cpu: solveSchema.optional(), gpu: solveSchema.optional() }).strict(),
        seconds,
      })
      .strict(),
    images: z.array(imageSchema).max(2),
  })
  .strict();

/** Write the JSON (for the report job) and the Markdown (for people) into `dir`. */
export async function writePackageResult(dir: string, result: PackageRequestResult): Promise<string> {
  const bounded: PackageRequestResult = {
    ...result,
    analysis: {
      ...result.analysis,
      findings: result.analysis.findings.slice(0, MAX_FINDINGS),
      changes: result.analysis.changes.slice(0, MAX_CHANGES),
    },
  };
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, PACKAGE_RESULT_FILE_NAME);
  // JSON.stringify drops `undefined` fields, which the schema reads as absent.
  await writeFile(file, `${JSON.stringify(bounded, null, 2)}\n`);
  await writeFile(path.join(dir, PACKAGE_RESULT_MARKDOWN_NAME), renderPackageResult(bounded));
  return file;
}

export type ReadPackageResult = HostileRead<PackageRequestResult>;

/** Read and check a result file; never throws for what is (or is not) in the file. */
export async function readPackageResult(file: string, expectedHeadSha: string): Promise<ReadPackageResult> {
  return readHostileJson(file, {
    maxBytes: MAX_PACKAGE_RESULT_BYTES,
    schema: packageResultSchema,
    expectedHeadSha,
    missing: 'the package-request run left no result file (it was cancelled, or stopped before writing one)',
  });
}

/**
 * The table and findings (package-table.ts) under the request's own verdict,
 * at most `limit` characters: when a huge request does not fit, rows and
 * findings are halved until it does, and the comment says how many were left out.
 */
export function renderPackageResult(
  result: PackageRequestResult,
  opts: { prefix?: string; limit?: number } = {},
): string {
  const prefix = opts.prefix ? `${opts.prefix}\n` : '';
  const limit = (opts.limit ?? COMMENT_LIMIT) - prefix.length - 200;
  const { analysis } = result;
  let keep = Math.max(analysis.changes.length, analysis.findings.length);
  for (;;) {
    const shown = {
      ...analysis,
      verdict: result.verdict,
      summary: result.summary,
      changes: analysis.changes.slice(0, keep),
      findings: analysis.findings.slice(0, keep),
    };
    const images =
      keep >= Math.max(analysis.changes.length, analysis.findings.length)
        ? result.images
        : result.images.map(withShortTail);
    let body = renderPackageRequestMarkdown(shown, images);
    const left = analysis.changes.length - shown.changes.length + analysis.findings.length - shown.findings.length;
    if (left > 0)
      body += `\n… ${left} more rows and findings are left out to fit GitHub's comment limit; the workflow run's artifact holds them all.\n`;
    if (body.length <= limit || keep === 0) return `${prefix}${body}`;
    keep = Math.floor(keep / 2);
  }
}

function withShortTail(image: FlavorImageResult): FlavorImageResult {
  return image.failure
    ? {
        ...image,
        failure: { message: image.failure.message.slice(0, 1000), logTail: image.failure.logTail.slice(-10) },
      }
    : image;
}
