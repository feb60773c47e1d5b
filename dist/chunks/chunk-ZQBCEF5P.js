import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  require_yauzl
} from "./chunk-2K3E4IZL.js";
import {
  httpStatus
} from "./chunk-CDMN7PQF.js";
import {
  external_exports
} from "./chunk-S5Y5YSSY.js";
import {
  messageOf
} from "./chunk-XY6EIFX3.js";
import {
  LedgerError
} from "./chunk-IMGGS7FH.js";
import {
  __toESM
} from "./chunk-2JER24KG.js";

// src/ledger/read.ts
var import_yauzl = __toESM(require_yauzl(), 1);
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { inflateRawSync } from "node:zlib";

// src/ledger/record.ts
import { createHash } from "node:crypto";
var RECORD_VERSION = 1;
var RECORD_STATUSES = ["success", "failed", "error", "cancelled", "refused"];
var RECORD_KINDS = ["submission", "baseline"];
var EVALUATION_ID = /^[0-9a-f]{32}$/;
var evaluationIdField = external_exports.string().regex(EVALUATION_ID, "must be 32 lowercase hex digits (evaluationId())").describe("The evaluation: stable across retries of the same job (see evaluationId()).");
var instant = external_exports.iso.datetime({ offset: true });
var metricName = external_exports.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a metric name (letters, digits, _ . : -)");
var scores = external_exports.record(metricName, external_exports.number().finite()).refine((s) => Object.keys(s).length <= 64, "holds more than 64 metrics");
var login = external_exports.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, "must be a GitHub login");
var SEALED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
var MAX_SEALED_CHARS = 16384;
var ledgerRecordSchema = external_exports.object({
  version: external_exports.literal(RECORD_VERSION).describe("Schema version of this record."),
  evaluation_id: evaluationIdField,
  rerun_of: evaluationIdField.nullable().describe("The evaluation this one re-runs (a re-score), or null for a first evaluation."),
  kind: external_exports.enum(RECORD_KINDS).describe("submission: a participant's pull request; baseline: the organizer's."),
  participant: external_exports.object({
    id: external_exports.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe("Numeric GitHub user id: the identity (logins change)."),
    login: login.describe("The login at evaluation time, for display.")
  }).strict(),
  pull_request: external_exports.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe("Pull request number."),
  head_sha: external_exports.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, "must be a full lowercase commit SHA").describe("The head commit that was evaluated."),
  submission_hash: external_exports.string().regex(/^sha256:[0-9a-f]{64}$/, "must be sha256:<64 hex digits>").nullable().describe(
    "Content hash of the submission files (path and bytes; src/ledger/hash.ts), or null when refused before fetching."
  ),
  dataset: external_exports.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a dataset name").describe("The dataset evaluated on (smoke, test)."),
  workflow_run: external_exports.object({
    id: external_exports.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    attempt: external_exports.number().int().positive().max(1e3)
  }).strict().nullable().describe("The GitHub Actions run (and attempt) that made the evaluation, or null outside Actions."),
  started_at: instant.describe("When the evaluation started (the runner clock; may jump)."),
  finished_at: instant.describe("When it reached its verdict. Readers never assume these increase."),
  status: external_exports.enum(RECORD_STATUSES).describe("The verdict."),
  reason: external_exports.string().max(500).nullable().describe("Why it failed, erred, was cancelled or refused (e.g. timeout, oom, limit), or null."),
  public_scores: scores.describe("Scores on the public split, by metric; empty unless success."),
  primary_metric: metricName.describe("The metric the leaderboard ranks by (scoring.primary)."),
  sealed_private: external_exports.string().max(MAX_SEALED_CHARS).regex(SEALED_BASE64, "must be base64").nullable().describe(
    "Private scores as a base64 sealed box for the organizer's public key (results.public_key), or null: no private scores, or no key configured."
  ),
  duration_s: external_exports.number().finite().min(0).max(1e7).nullable().describe("Seconds the run took, or null if it never ran."),
  peak_memory_bytes: external_exports.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().describe("Peak memory of the run in bytes, or null when unknown."),
  image: external_exports.string().max(300).nullable().describe("The runtime image the submission ran in, or null if it never ran."),
  holdout_version: external_exports.string().min(1).max(64).describe("The Holdout version that evaluated.")
}).strict();
function evaluationId(key) {
  const parts = [
    "holdout-evaluation-v1",
    key.repository.toLowerCase(),
    String(key.pull_request),
    key.head_sha.toLowerCase(),
    key.dataset,
    String(key.run_id),
    key.salt ?? ""
  ];
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);
}
function recordPath(record) {
  const when = new Date(record.finished_at);
  const yyyy = String(when.getUTCFullYear()).padStart(4, "0");
  const mm = String(when.getUTCMonth() + 1).padStart(2, "0");
  return `records/${yyyy}/${mm}/${record.evaluation_id}.json`;
}
function serializeRecord(record) {
  return `${JSON.stringify(ledgerRecordSchema.parse(record), null, 2)}
`;
}
var MAX_RECORD_BYTES = 64 * 1024;
function parseRecord(text) {
  if (text.length > MAX_RECORD_BYTES) {
    return { ok: false, problem: `is larger than ${MAX_RECORD_BYTES} bytes; a record is never this big` };
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `is not JSON (${messageOf(e)})` };
  }
  if (typeof json === "object" && json !== null && "version" in json && json.version !== RECORD_VERSION) {
    return {
      ok: false,
      problem: `has version ${JSON.stringify(json.version)}, this Holdout reads version ${RECORD_VERSION}; upgrade Holdout`
    };
  }
  const parsed = ledgerRecordSchema.safeParse(json);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`);
  const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : "";
  return { ok: false, problem: `does not match the record schema: ${issues.join("; ")}${more}` };
}

// src/ledger/read.ts
var RECORDS_DIR = "records";
var REVEAL_FILE = "reveal.json";
var RECORD_FILE = /^records\/\d{4}\/\d{2}\/[^/]+\.json$/;
function assembleLedger(files, revealed = false) {
  const sorted = [...files].sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const problems = [];
  const entries = [];
  const byId = /* @__PURE__ */ new Map();
  for (const f of sorted) {
    if ("unreadable" in f) {
      problems.push({ file: f.file, problem: f.unreadable });
      continue;
    }
    if (!RECORD_FILE.test(f.file)) {
      problems.push({
        file: f.file,
        problem: "is not where records are kept (records/<yyyy>/<mm>/<evaluation-id>.json); it is not read"
      });
      continue;
    }
    const parsed = parseRecord(f.text);
    if (!parsed.ok) {
      problems.push({ file: f.file, problem: parsed.problem });
      continue;
    }
    const expected = recordPath(parsed.record);
    if (expected !== f.file) {
      problems.push({
        file: f.file,
        problem: `holds evaluation ${parsed.record.evaluation_id} finished ${parsed.record.finished_at}, which belongs at ${expected}: the file was moved or edited by hand`
      });
      continue;
    }
    const seen = byId.get(parsed.record.evaluation_id);
    if (seen) {
      seen.push(f.file);
      problems.push({
        file: f.file,
        problem: `repeats evaluation ${parsed.record.evaluation_id} already recorded in ${seen[0]}; the first record stands`
      });
      continue;
    }
    byId.set(parsed.record.evaluation_id, [f.file]);
    entries.push({ file: f.file, record: parsed.record });
  }
  const duplicates = [...byId].filter(([, fileList]) => fileList.length > 1).map(([evaluation_id, fileList]) => ({ evaluation_id, files: fileList }));
  return { records: entries.map((e) => e.record), entries, problems, duplicates, revealed };
}
async function readLedgerFromDir(dir) {
  const root = path.resolve(dir);
  try {
    if (!(await lstat(root)).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new LedgerError(
      `${root} is not a folder; give a checkout of the results branch (git clone --branch holdout-results --single-branch <repository>).`
    );
  }
  const files = [];
  const walk = async (rel) => {
    let names;
    try {
      names = await readdir(path.join(root, rel));
    } catch (e) {
      if (rel === RECORDS_DIR && e.code === "ENOENT") return;
      files.push({ file: rel, unreadable: `cannot be listed (${messageOf(e)})` });
      return;
    }
    for (const name of names.sort()) {
      const relPath = `${rel}/${name}`;
      const stat = await lstat(path.join(root, relPath));
      if (stat.isDirectory()) await walk(relPath);
      else if (!stat.isFile()) {
        files.push({ file: relPath, unreadable: "is not a plain file (a link or a special file); it is not read" });
      } else if (stat.size > MAX_RECORD_BYTES) {
        files.push({
          file: relPath,
          unreadable: `is ${stat.size} bytes, larger than a record can be (${MAX_RECORD_BYTES}); it is not read`
        });
      } else {
        reads.push(relPath);
      }
    }
  };
  const reads = [];
  await walk(RECORDS_DIR);
  const texts = new Array(reads.length);
  let next = 0;
  const reader = async () => {
    while (next < reads.length) {
      const i = next++;
      texts[i] = await readFile(path.join(root, reads[i]), "utf8");
    }
  };
  await Promise.all(Array.from({ length: Math.min(DIR_READS_AT_ONCE, reads.length) }, reader));
  for (const [i, file] of reads.entries()) files.push({ file, text: texts[i] });
  const revealed = await lstat(path.join(root, REVEAL_FILE)).then(
    (s) => s.isFile(),
    () => false
  );
  return assembleLedger(files, revealed);
}
var DEFAULT_MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
var DEFAULT_MAX_ARCHIVE_ENTRIES = 3e5;
var DIR_READS_AT_ONCE = 64;
var S_IFMT = 61440;
var S_IFREG = 32768;
var S_IFDIR = 16384;
async function readLedgerFromApi(client, repo, branch, options = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ARCHIVE_ENTRIES;
  let commit;
  try {
    const { data } = await client.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    commit = data.object.sha;
  } catch (e) {
    if (httpStatus(e) === 404 || httpStatus(e) === 409) return assembleLedger([]);
    throw e;
  }
  const where = `the results branch "${branch}" of ${repo.owner}/${repo.repo}`;
  const tooBig = (what) => new LedgerError(
    `${where} is too big to read through the API (${what}); read a clone of it instead (holdout ledger verify <folder>), and check that nothing but records was committed to it.`
  );
  const { data: body } = await client.rest.repos.downloadZipballArchive({
    ...repo,
    ref: commit,
    // The body as a stream, so the download stops at the cap instead of filling memory first.
    request: { parseSuccessResponseBody: false }
  });
  const archive = await readCapped(body, maxBytes, () => tooBig(`its archive is over ${maxBytes} bytes`));
  let zip;
  try {
    zip = await import_yauzl.default.fromBufferPromise(archive, {
      lazyEntries: true,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: false
    });
  } catch (e) {
    throw new LedgerError(`GitHub's archive of ${where} is not a readable zip (${messageOf(e)}); run again later.`);
  }
  if (zip.entryCount > maxEntries) throw tooBig(`${zip.entryCount} entries, over ${maxEntries}`);
  const files = [];
  let unpacked = 0;
  let revealed = false;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName.replace(/^[^/]*\//, "");
      if (name === REVEAL_FILE) revealed = true;
      if (!name.startsWith(`${RECORDS_DIR}/`) || name.endsWith("/")) continue;
      if (name.split("/").some((part) => part === "" || part === "." || part === ".." || part.includes("\\"))) {
        files.push({ file: name, unreadable: "has a malformed path; it is not read" });
        continue;
      }
      const type = entry.externalFileAttributes >>> 16 & S_IFMT;
      if (type !== 0 && type !== S_IFREG) {
        files.push({
          file: name,
          unreadable: type === S_IFDIR ? "is a folder where a record file belongs; it is not read" : "is not a plain file (a link or a special file); it is not read"
        });
        continue;
      }
      if (entry.uncompressedSize > MAX_RECORD_BYTES) {
        files.push({
          file: name,
          unreadable: `is ${entry.uncompressedSize} bytes, larger than a record can be (${MAX_RECORD_BYTES}); it is not read`
        });
        continue;
      }
      unpacked += entry.uncompressedSize;
      if (unpacked > maxBytes) throw tooBig(`its records unpack to over ${maxBytes} bytes`);
      const unpackedEntry = await unpackEntry(zip, entry);
      files.push(
        typeof unpackedEntry === "string" ? { file: name, text: unpackedEntry } : {
          file: name,
          unreadable: `cannot be unpacked from the archive (${unpackedEntry.problem}); it is not read`
        }
      );
    }
  } catch (e) {
    if (e instanceof LedgerError) throw e;
    throw new LedgerError(`GitHub's archive of ${where} is damaged (${messageOf(e)}); run again later.`);
  } finally {
    zip.close();
  }
  return assembleLedger(files, revealed);
}
async function unpackEntry(zip, entry) {
  try {
    const chunks = [];
    for await (const chunk of await zip.openReadStreamPromise(entry, { decompress: false }))
      chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    let data;
    if (entry.compressionMethod === 0) data = raw;
    else if (entry.compressionMethod === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_RECORD_BYTES + 1 });
    else return { problem: `compression method ${entry.compressionMethod}, which GitHub does not use` };
    if (data.length !== entry.uncompressedSize) {
      return { problem: `it unpacks to ${data.length} bytes, not the ${entry.uncompressedSize} the archive declares` };
    }
    return data.toString("utf8");
  } catch (e) {
    return { problem: messageOf(e) };
  }
}
async function readCapped(body, max, overCap) {
  if (body instanceof ArrayBuffer || Buffer.isBuffer(body)) {
    const buf = Buffer.from(body);
    if (buf.length > max) throw overCap();
    return buf;
  }
  if (!body || typeof body.getReader !== "function") {
    throw new LedgerError("GitHub answered the archive request without a body; run again later.");
  }
  const reader = body.getReader();
  const chunks = [];
  let total = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {
      });
      throw overCap();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export {
  RECORD_VERSION,
  evaluationId,
  recordPath,
  serializeRecord,
  RECORDS_DIR,
  REVEAL_FILE,
  assembleLedger,
  readLedgerFromDir,
  DEFAULT_MAX_ARCHIVE_BYTES,
  DEFAULT_MAX_ARCHIVE_ENTRIES,
  readLedgerFromApi
};
