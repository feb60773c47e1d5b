/**
 * Reading the results ledger, from a local checkout of the results branch or through the API.
 *
 * Every reader (limits, leaderboard, re-score, reveal, verify) goes through here, so one rule
 * holds everywhere: every record file is parsed by the strict schema, and a file that fails
 * (hand-edited, truncated, planted) is reported with its path and skipped — never a crash,
 * never trusted. A second record with an evaluation id already seen is reported and skipped
 * too (the first, in path order, stands). Records come back in path order; no reader may
 * assume times increase (runner clocks jump), so each sorts by what it needs.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { messageOf } from '../errors.js';
import type { GitHubClient, RepoRef } from '../github/octokit.js';
import { httpStatus } from '../github/octokit.js';
import { type LedgerRecord, MAX_RECORD_BYTES, parseRecord, recordPath } from './record.js';
import { LedgerError } from './errors.js';

/** Records live under this folder of the branch; other files (README.md, LEADERBOARD.md) are not records. */
export const RECORDS_DIR = 'records';

export interface LedgerProblem {
  /** Path of the file on the results branch, e.g. records/2026/12/<id>.json. */
  file: string;
  problem: string;
}

export interface LedgerEntry {
  file: string;
  record: LedgerRecord;
}

export interface Ledger {
  /** The valid records, one per evaluation id, in path order. */
  records: LedgerRecord[];
  /** The same with the file each came from. */
  entries: LedgerEntry[];
  /** Files skipped, each with why (corrupt, not matching its path, duplicate id…). */
  problems: LedgerProblem[];
  /** Evaluation ids found in more than one file, with every file (the first one is kept). */
  duplicates: { evaluation_id: string; files: string[] }[];
  /**
   * The reveal has been committed (reveal.json at the branch's root): the final board stands, and
   * a later record job must not replace it with a public-only one.
   */
  revealed: boolean;
}

/** Written by the reveal next to records/; its presence is all a reader needs to know. */
export const REVEAL_FILE = 'reveal.json';

/** A file of the branch under records/, as read (text), or why it could not be read. */
export type LedgerFile = { file: string; text: string } | { file: string; unreadable: string };

const RECORD_FILE = /^records\/\d{4}\/\d{2}\/[^/]+\.json$/;

/**
 * Builds the ledger from the files under records/: a pure function every source ends in.
 * Files are taken in path order, so which of two duplicates is kept does not depend on how
 * they were listed.
 */
export function assembleLedger(files: readonly LedgerFile[], revealed = false): Ledger {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const problems: LedgerProblem[] = [];
  const entries: LedgerEntry[] = [];
  const byId = new Map<string, string[]>();
  for (const f of sorted) {
    if ('unreadable' in f) {
      problems.push({ file: f.file, problem: f.unreadable });
      continue;
    }
    if (!RECORD_FILE.test(f.file)) {
      problems.push({
        file: f.file,
        problem: 'is not where records are kept (records/<yyyy>/<mm>/<evaluation-id>.json); it is not read',
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
        problem: `holds evaluation ${parsed.record.evaluation_id} finished ${parsed.record.finished_at}, which belongs at ${expected}: the file was moved or edited by hand`,
      });
      continue;
    }
    const seen = byId.get(parsed.record.evaluation_id);
    if (seen) {
      seen.push(f.file);
      problems.push({
        file: f.file,
        problem: `repeats evaluation ${parsed.record.evaluation_id} already recorded in ${seen[0]}; the first record stands`,
      });
      continue;
    }
    byId.set(parsed.record.evaluation_id, [f.file]);
    entries.push({ file: f.file, record: parsed.record });
  }
  const duplicates = [...byId]
    .filter(([, fileList]) => fileList.length > 1)
    .map(([evaluation_id, fileList]) => ({ evaluation_id, files: fileList }));
  return { records: entries.map((e) => e.record), entries, problems, duplicates, revealed };
}

/**
 * The ledger in a local folder: a clone or worktree of the results branch (or a copy of its
 * records/ folder's parent). A folder without records/ is an empty ledger; a missing folder
 * is a LedgerError.
 */
export async function readLedgerFromDir(dir: string): Promise<Ledger> {
  const root = path.resolve(dir);
  try {
    if (!(await lstat(root)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new LedgerError(
      `${root} is not a folder; give a checkout of the results branch (git clone --branch holdout-results --single-branch <repository>).`,
    );
  }
  const files: LedgerFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(path.join(root, rel));
    } catch (e) {
      if (rel === RECORDS_DIR && (e as NodeJS.ErrnoException).code === 'ENOENT') return;
      files.push({ file: rel, unreadable: `cannot be listed (${messageOf(e)})` });
      return;
    }
    for (const name of names.sort()) {
      const relPath = `${rel}/${name}`;
      const stat = await lstat(path.join(root, relPath));
      if (stat.isDirectory()) await walk(relPath);
      else if (!stat.isFile()) {
        // A link could point anywhere on this machine: a record is a plain file or nothing.
        files.push({ file: relPath, unreadable: 'is not a plain file (a link or a special file); it is not read' });
      } else if (stat.size > MAX_RECORD_BYTES) {
        files.push({
          file: relPath,
          unreadable: `is ${stat.size} bytes, larger than a record can be (${MAX_RECORD_BYTES}); it is not read`,
        });
      } else {
        reads.push(relPath);
      }
    }
  };
  const reads: string[] = [];
  await walk(RECORDS_DIR);
  // Many small files: read them several at a time (one after another, 100,000 records took minutes).
  const texts = new Array<string>(reads.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < reads.length) {
      const i = next++;
      texts[i] = await readFile(path.join(root, reads[i]!), 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(DIR_READS_AT_ONCE, reads.length) }, reader));
  for (const [i, file] of reads.entries()) files.push({ file, text: texts[i]! });
  const revealed = await lstat(path.join(root, REVEAL_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );
  return assembleLedger(files, revealed);
}

export interface ApiReadOptions {
  /**
   * Most bytes read through the API: the archive as downloaded, and again the record files
   * unpacked from it (default 512 MiB, several hundred thousand records; held in memory while
   * read). A larger branch is a LedgerError.
   */
  maxBytes?: number;
  /** Most entries (files and folders) in the archive (default 300,000). */
  maxEntries?: number;
}

export const DEFAULT_MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_ARCHIVE_ENTRIES = 300_000;
/** Files of a local ledger read at once. */
const DIR_READS_AT_ONCE = 64;

/** The unix file type bits zip tools keep in the top of the external attributes. */
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * The ledger at the tip of `branch`, through the API, in O(1) requests whatever its size: the
 * ref, then the branch as one zip archive (GitHub answers the zipball request with a redirect
 * to codeload, which fetch follows). Reading record by record cost one request per record,
 * three times per evaluation: hundreds of records outran GITHUB_TOKEN's 1,000 requests an hour.
 *
 * The archive is unpacked in memory, bounded: the download and the unpacked records each stop
 * at `maxBytes`, the entry count at `maxEntries` — past either the whole read is a LedgerError
 * (callers fail closed) rather than a guess from part of the ledger. Only plain files under
 * records/ are read; links and special files are reported and skipped, like a corrupt record.
 * A missing branch is an empty ledger (nothing recorded yet).
 */
export async function readLedgerFromApi(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  options: ApiReadOptions = {},
): Promise<Ledger> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ARCHIVE_ENTRIES;
  let commit: string;
  try {
    const { data } = await client.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    commit = data.object.sha;
  } catch (e) {
    if (httpStatus(e) === 404 || httpStatus(e) === 409) return assembleLedger([]);
    throw e;
  }
  const where = `the results branch "${branch}" of ${repo.owner}/${repo.repo}`;
  const tooBig = (what: string) =>
    new LedgerError(
      `${where} is too big to read through the API (${what}); read a clone of it instead (holdout ledger verify <folder>), and check that nothing but records was committed to it.`,
    );
  // By commit, not by name: the archive is the tip the ref named, even if a writer moves it meanwhile.
  const { data: body } = await client.rest.repos.downloadZipballArchive({
    ...repo,
    ref: commit,
    // The body as a stream, so the download stops at the cap instead of filling memory first.
    request: { parseSuccessResponseBody: false },
  });
  const archive = await readCapped(body, maxBytes, () => tooBig(`its archive is over ${maxBytes} bytes`));

  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(archive, {
      lazyEntries: true,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (e) {
    throw new LedgerError(`GitHub's archive of ${where} is not a readable zip (${messageOf(e)}); run again later.`);
  }
  if (zip.entryCount > maxEntries) throw tooBig(`${zip.entryCount} entries, over ${maxEntries}`);

  const files: LedgerFile[] = [];
  let unpacked = 0;
  let revealed = false;
  try {
    for await (const entry of zip.eachEntry()) {
      // GitHub puts everything under one folder named <owner>-<repo>-<short sha>/.
      const name = entry.fileName.replace(/^[^/]*\//, '');
      if (name === REVEAL_FILE) revealed = true;
      if (!name.startsWith(`${RECORDS_DIR}/`) || name.endsWith('/')) continue;
      // yauzl refuses absolute paths and ".." itself; this keeps a reader to records/ whatever.
      if (name.split('/').some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) {
        files.push({ file: name, unreadable: 'has a malformed path; it is not read' });
        continue;
      }
      const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (type !== 0 && type !== S_IFREG) {
        files.push({
          file: name,
          unreadable:
            type === S_IFDIR
              ? 'is a folder where a record file belongs; it is not read'
              : 'is not a plain file (a link or a special file); it is not read',
        });
        continue;
      }
      if (entry.uncompressedSize > MAX_RECORD_BYTES) {
        files.push({
          file: name,
          unreadable: `is ${entry.uncompressedSize} bytes, larger than a record can be (${MAX_RECORD_BYTES}); it is not read`,
        });
        continue;
      }
      unpacked += entry.uncompressedSize;
      if (unpacked > maxBytes) throw tooBig(`its records unpack to over ${maxBytes} bytes`);
      const unpackedEntry = await unpackEntry(zip, entry);
      files.push(
        typeof unpackedEntry === 'string'
          ? { file: name, text: unpackedEntry }
          : {
              file: name,
              unreadable: `cannot be unpacked from the archive (${unpackedEntry.problem}); it is not read`,
            },
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

/**
 * One entry's text, inflated in one synchronous call: a zlib stream per entry cost ~1 ms each,
 * seconds for a season's ledger. Bounded all the same: the entry was checked against
 * MAX_RECORD_BYTES, inflating stops past it (maxOutputLength), and the result must be exactly
 * the size the archive declares.
 */
async function unpackEntry(zip: ZipFile, entry: Entry): Promise<string | { problem: string }> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry, { decompress: false }))
      chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let data: Buffer;
    if (entry.compressionMethod === 0) data = raw;
    else if (entry.compressionMethod === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_RECORD_BYTES + 1 });
    else return { problem: `compression method ${entry.compressionMethod}, which GitHub does not use` };
    if (data.length !== entry.uncompressedSize) {
      return { problem: `it unpacks to ${data.length} bytes, not the ${entry.uncompressedSize} the archive declares` };
    }
    return data.toString('utf8');
  } catch (e) {
    return { problem: messageOf(e) };
  }
}

/**
 * The response body, read up to `max` bytes. Octokit hands over the fetch body as a web
 * stream when parseSuccessResponseBody is false; a buffer (another fetch) is taken as is.
 */
async function readCapped(body: unknown, max: number, overCap: () => Error): Promise<Buffer> {
  if (body instanceof ArrayBuffer || Buffer.isBuffer(body)) {
    const buf = Buffer.from(body as ArrayBuffer);
    if (buf.length > max) throw overCap();
    return buf;
  }
  if (!body || typeof (body as ReadableStream).getReader !== 'function') {
    throw new LedgerError('GitHub answered the archive request without a body; run again later.');
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw overCap();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
