/**
 * One record of the results ledger: what one evaluation that reached a verdict left behind.
 *
 * The ledger is the competition's memory (limits, leaderboard, re-score and reveal all read
 * it), and it sits on a public branch anyone with write access could hand-edit: so every
 * record is parsed by this strict zod schema (unknown keys refused, every string bounded)
 * before any reader trusts it. Records are never changed: a re-run is a new record whose
 * `rerun_of` names the original. The schema is versioned (`version: 1`); a later version
 * adds a schema next to this one, it does not change this one.
 *
 * The same schema is written as JSON Schema to schema/ledger-record.schema.json (npm run
 * schema) for other tools.
 */
import { createHash } from 'node:crypto';
import { messageOf } from '../errors.js';
import { z } from 'zod';

export const RECORD_VERSION = 1;

/**
 * The verdicts an evaluation can end with. Which of them count against a participant's
 * submission limit, or are ranked, is season and leaderboard policy (src/season/,
 * src/leaderboard/), not the ledger's:
 *  - success:   ran and scored;
 *  - failed:    the participant's fault (crash, timeout, bad predictions…);
 *  - error:     ours (infrastructure, configuration) — never charged to the participant;
 *  - cancelled: stopped before a verdict (a newer push, a cancelled re-score);
 *  - refused:   never ran: over a submission limit, or an invalid submission refused
 *               before the sandbox was touched.
 */
export const RECORD_STATUSES = ['success', 'failed', 'error', 'cancelled', 'refused'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** submission: a participant's pull request; baseline: the organizer's reference entry. */
export const RECORD_KINDS = ['submission', 'baseline'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** 32 lowercase hex digits (128 bits of a SHA-256): see evaluationId(). */
export const EVALUATION_ID = /^[0-9a-f]{32}$/;

const evaluationIdField = z
  .string()
  .regex(EVALUATION_ID, 'must be 32 lowercase hex digits (evaluationId())')
  .describe('The evaluation: stable across retries of the same job (see evaluationId()).');

/** ISO 8601 date-time with an offset or Z, e.g. 2026-12-01T22:30:00.000Z. */
const instant = z.iso.datetime({ offset: true });

/** A metric name as competition.yml writes them (scoring.metrics). */
const metricName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be a metric name (letters, digits, _ . : -)');

/** Scores by metric: finite numbers only (NaN and Infinity have no JSON form anyway). */
const scores = z
  .record(metricName, z.number().finite())
  .refine((s) => Object.keys(s).length <= 64, 'holds more than 64 metrics');

/**
 * A GitHub login: 1–39 letters, digits and hyphens, or an app's "name[bot]". Kept for
 * display only: logins can be renamed and re-registered, so identity is `participant.id`.
 */
const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, 'must be a GitHub login');

/** Base64 of a libsodium sealed box (src/ledger/seal.ts): 48 bytes of overhead + the JSON. */
export const SEALED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_SEALED_CHARS = 16_384;

export const ledgerRecordSchema = z
  .object({
    version: z.literal(RECORD_VERSION).describe('Schema version of this record.'),
    evaluation_id: evaluationIdField,
    rerun_of: evaluationIdField
      .nullable()
      .describe('The evaluation this one re-runs (a re-score), or null for a first evaluation.'),
    kind: z.enum(RECORD_KINDS).describe("submission: a participant's pull request; baseline: the organizer's."),
    participant: z
      .object({
        id: z
          .number()
          .int()
          .positive()
          .max(Number.MAX_SAFE_INTEGER)
          .describe('Numeric GitHub user id: the identity (logins change).'),
        login: login.describe('The login at evaluation time, for display.'),
      })
      .strict(),
    pull_request: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('Pull request number.'),
    head_sha: z
      .string()
      .regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, 'must be a full lowercase commit SHA')
      .describe('The head commit that was evaluated.'),
    submission_hash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>')
      .nullable()
      .describe(
        'Content hash of the submission files (path and bytes; src/ledger/hash.ts), or null when refused before fetching.',
      ),
    dataset: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a dataset name')
      .describe('The dataset evaluated on (smoke, test).'),
    workflow_run: z
      .object({
        id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        attempt: z.number().int().positive().max(1000),
      })
      .strict()
      .nullable()
      .describe('The GitHub Actions run (and attempt) that made the evaluation, or null outside Actions.'),
    started_at: instant.describe('When the evaluation started (the runner clock; may jump).'),
    finished_at: instant.describe('When it reached its verdict. Readers never assume these increase.'),
    status: z.enum(RECORD_STATUSES).describe('The verdict.'),
    reason: z
      .string()
      .max(500)
      .nullable()
      .describe('Why it failed, erred, was cancelled or refused (e.g. timeout, oom, limit), or null.'),
    public_scores: scores.describe('Scores on the public split, by metric; empty unless success.'),
    primary_metric: metricName.describe('The metric the leaderboard ranks by (scoring.primary).'),
    sealed_private: z
      .string()
      .max(MAX_SEALED_CHARS)
      .regex(SEALED_BASE64, 'must be base64')
      .nullable()
      .describe(
        "Private scores as a base64 sealed box for the organizer's public key (results.public_key), or null: no private scores, or no key configured.",
      ),
    duration_s: z
      .number()
      .finite()
      .min(0)
      .max(1e7)
      .nullable()
      .describe('Seconds the run took, or null if it never ran.'),
    peak_memory_bytes: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .nullable()
      .describe('Peak memory of the run in bytes, or null when unknown.'),
    image: z.string().max(300).nullable().describe('The runtime image the submission ran in, or null if it never ran.'),
    holdout_version: z.string().min(1).max(64).describe('The Holdout version that evaluated.'),
  })
  .strict();

/** A record as stored on the results branch. */
export type LedgerRecord = z.output<typeof ledgerRecordSchema>;

export interface EvaluationKey {
  /** "owner/name" of the competition repository. */
  repository: string;
  pull_request: number;
  head_sha: string;
  dataset: string;
  /** github.run_id: the same across re-run attempts of a workflow run (run_attempt is not). */
  run_id: number;
  /** Set when one run evaluates the same PR, head and dataset more than once on purpose. */
  salt?: string;
}

/**
 * The evaluation id: SHA-256 of what every attempt of the same evaluation shares —
 * repository, pull request, head SHA, dataset and the workflow run id — truncated to 128
 * bits. NOT the run attempt: "Re-run failed jobs" makes a new attempt of the same run, and
 * a record job that already appended must not append again (the store skips an id that is
 * already there). A new push (new head SHA), a new dataset, or a re-score (a new workflow
 * run) gives a new id. Repository is lowercased: GitHub names are case-insensitive.
 */
export function evaluationId(key: EvaluationKey): string {
  const parts = [
    'holdout-evaluation-v1',
    key.repository.toLowerCase(),
    String(key.pull_request),
    key.head_sha.toLowerCase(),
    key.dataset,
    String(key.run_id),
    key.salt ?? '',
  ];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/**
 * Where a record lives on the results branch: records/<yyyy>/<mm>/<evaluation-id>.json, the
 * month of finished_at in UTC (folders keep each tree small; GitHub lists a tree of at most
 * 100,000 entries in one recursive read).
 */
export function recordPath(record: Pick<LedgerRecord, 'evaluation_id' | 'finished_at'>): string {
  const when = new Date(record.finished_at);
  const yyyy = String(when.getUTCFullYear()).padStart(4, '0');
  const mm = String(when.getUTCMonth() + 1).padStart(2, '0');
  return `records/${yyyy}/${mm}/${record.evaluation_id}.json`;
}

/** The file a record is stored as: stable key order, two-space indent, final newline. */
export function serializeRecord(record: LedgerRecord): string {
  return `${JSON.stringify(ledgerRecordSchema.parse(record), null, 2)}\n`;
}

export type ParsedRecord = { ok: true; record: LedgerRecord } | { ok: false; problem: string };

/** Bytes a record file may hold before it is refused unread (a sealed box is ≤ 16 KiB). */
export const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Parses a record file's text; never throws. A problem names the first few fields at fault
 * and ends with what to do, since it is shown to the organizer as is.
 */
export function parseRecord(text: string): ParsedRecord {
  if (text.length > MAX_RECORD_BYTES) {
    return { ok: false, problem: `is larger than ${MAX_RECORD_BYTES} bytes; a record is never this big` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `is not JSON (${messageOf(e)})` };
  }
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== RECORD_VERSION) {
    return {
      ok: false,
      problem: `has version ${JSON.stringify(json.version)}, this Holdout reads version ${RECORD_VERSION}; upgrade Holdout`,
    };
  }
  const parsed = ledgerRecordSchema.safeParse(json);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`);
  const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
  return { ok: false, problem: `does not match the record schema: ${issues.join('; ')}${more}` };
}

/** The record schema as JSON Schema (schema/ledger-record.schema.json). */
export function ledgerRecordJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ledgerRecordSchema, { io: 'output', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://github.com/holdout/holdout/schema/ledger-record.schema.json',
    title: 'Holdout results ledger record',
  };
}
