/**
 * Folder mode (container.output_dir): the output folder arrives from the sandbox as the tar
 * stream of GNU tar (`--format=gnu`), read back after every process of the submission was
 * killed (run.ts). This module writes it into a fresh host folder, trusting nothing in it:
 *
 *  - only regular files and folders: a symbolic link, a hard link, a device, a FIFO is refused
 *    (the sandbox-side check refuses them first; this is the host's own check);
 *  - names: relative, no "..", valid UTF-8, at most MAX_NAME_BYTES in all and MAX_DEPTH deep —
 *    anything else could make the host's own write fail (ENAMETOOLONG), which must be the
 *    participant's invalid_output, never our error;
 *  - sizes: a header announcing more bytes than the budget left ends the read-back there
 *    (a sparse file can claim a terabyte); entries are counted against the limit too;
 *  - files are created exclusively (never through something already there), modes are ours.
 *
 * The parser is a small state machine fed chunk by chunk; it never buffers a file's content.
 */
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

const BLOCK = 512;
export const MAX_NAME_BYTES = 1024;
export const MAX_DEPTH = 32;

export type FolderProblem = 'symlink' | 'not_regular' | 'bad_name' | 'oversize' | 'malformed';

export type FolderResult =
  | {
      ok: true;
      files: number;
      bytes: number;
      /** Relative paths ("/"-separated) of the files, and of the folders with a trailing "/", in stream order. */
      entries: { name: string; size: number; folder: boolean }[];
    }
  | { ok: false; problem: FolderProblem; detail: string };

export interface FolderLimits {
  maxBytes: number;
  maxEntries: number;
}

type State =
  | { kind: 'header' }
  | { kind: 'file'; left: number; pad: number; handle: FileHandle }
  | { kind: 'longname'; left: number; pad: number; parts: Buffer[] }
  | { kind: 'skip'; left: number }
  | { kind: 'end' };

export class TarFolderWriter {
  private state: State = { kind: 'header' };
  private pending = Buffer.alloc(0);
  private longName: string | undefined;
  private zeroBlocks = 0;
  private bytes = 0;
  private readonly entries: { name: string; size: number; folder: boolean }[] = [];
  private failure: { problem: FolderProblem; detail: string } | undefined;

  private constructor(
    private readonly dest: string,
    private readonly limits: FolderLimits,
  ) {}

  /** A writer into `dest`, emptied first (a retried read-back starts again from nothing). */
  static async create(dest: string, limits: FolderLimits): Promise<TarFolderWriter> {
    await rm(dest, { recursive: true, force: true });
    await mkdir(dest, { recursive: true, mode: 0o755 });
    return new TarFolderWriter(dest, limits);
  }

  /** True once the stream was refused or ended: the rest of it may be dropped unread. */
  get done(): boolean {
    return this.failure !== undefined || this.state.kind === 'end';
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.done) return;
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0 && !this.done) {
      const s = this.state;
      if (s.kind === 'header') {
        if (data.length < BLOCK) {
          this.pending = Buffer.from(data);
          return;
        }
        await this.header(data.subarray(0, BLOCK));
        data = data.subarray(BLOCK);
      } else if (s.kind === 'file' || s.kind === 'longname') {
        if (s.left > 0) {
          const piece = data.subarray(0, Math.min(s.left, data.length));
          if (s.kind === 'file') await s.handle.write(piece);
          else s.parts.push(Buffer.from(piece));
          s.left -= piece.length;
          data = data.subarray(piece.length);
        }
        if (s.left === 0) {
          const pad = Math.min(s.pad, data.length);
          s.pad -= pad;
          data = data.subarray(pad);
          if (s.pad === 0) await this.finishEntry(s);
        }
      } else if (s.kind === 'skip') {
        const n = Math.min(s.left, data.length);
        s.left -= n;
        data = data.subarray(n);
        if (s.left === 0) this.state = { kind: 'header' };
      }
    }
  }

  /** The stream ended: what was written, or why it was refused. */
  async end(): Promise<FolderResult> {
    const s = this.state;
    if (s.kind === 'file') await s.handle.close();
    if (this.failure) return { ok: false, ...this.failure };
    if (s.kind !== 'end' && !(s.kind === 'header' && this.pending.length === 0 && this.zeroBlocks > 0)) {
      return { ok: false, problem: 'malformed', detail: "the output folder's archive ended early" };
    }
    return { ok: true, files: this.entries.filter((e) => !e.folder).length, bytes: this.bytes, entries: this.entries };
  }

  private fail(problem: FolderProblem, detail: string): void {
    this.failure ??= { problem, detail };
  }

  private async header(block: Buffer): Promise<void> {
    if (block.every((b) => b === 0)) {
      if (++this.zeroBlocks >= 2) this.state = { kind: 'end' };
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(block)) return this.fail('malformed', "a header of the output folder's archive is damaged");
    const type = String.fromCharCode(block[156] || 0x30);
    const size = parseSize(block.subarray(124, 136));
    if (size === undefined) return this.fail('malformed', "a size in the output folder's archive cannot be read");
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const rawName = this.longName ?? cString(block.subarray(0, 100));
    this.longName = undefined;

    switch (type) {
      case 'L': {
        // GNU long name: the next entry's name is this entry's content.
        if (size > MAX_NAME_BYTES * 4)
          return this.fail('bad_name', `a name in the output folder is longer than ${MAX_NAME_BYTES} bytes`);
        this.state = { kind: 'longname', left: size, pad: padded - size, parts: [] };
        if (size === 0) await this.finishEntry(this.state);
        return;
      }
      case 'x':
      case 'g':
        // pax extended headers: GNU format does not write them; skip their records if it does.
        this.state = { kind: 'skip', left: padded };
        if (padded === 0) this.state = { kind: 'header' };
        return;
      case '2':
        return this.fail('symlink', 'the output folder holds a symbolic link');
      case '0':
      case '7':
      case '5':
        break;
      default:
        return this.fail(
          'not_regular',
          'the output folder holds something that is neither a file nor a folder (a link, a pipe, a device)',
        );
    }

    const name = safeName(rawName);
    if (typeof name !== 'string') return this.fail('bad_name', name.why);
    if (name === '') {
      // The folder itself ("./").
      if (type !== '5') return this.fail('malformed', "the output folder's archive has a file without a name");
      return;
    }
    if (this.entries.length + 1 > this.limits.maxEntries) {
      return this.fail('oversize', `the output folder holds more than ${this.limits.maxEntries} files and folders`);
    }
    const target = path.join(this.dest, ...name.split('/'));
    if (type === '5') {
      this.entries.push({ name, size: 0, folder: true });
      await mkdir(target, { recursive: true, mode: 0o755 });
      return;
    }
    if (this.bytes + size > this.limits.maxBytes) {
      return this.fail('oversize', `the output folder holds more than ${this.limits.maxBytes} bytes`);
    }
    this.bytes += size;
    this.entries.push({ name, size, folder: false });
    await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    let handle: FileHandle;
    try {
      // 'wx': never through a file or link already there (a name given twice).
      handle = await open(target, 'wx', 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR')
        return this.fail('bad_name', "the output folder's archive names one file twice");
      throw e;
    }
    this.state = { kind: 'file', left: size, pad: padded - size, handle };
    if (size === 0) await this.finishEntry(this.state);
  }

  private async finishEntry(s: Extract<State, { kind: 'file' | 'longname' }>): Promise<void> {
    if (s.kind === 'file') await s.handle.close();
    else this.longName = cString(Buffer.concat(s.parts));
    this.state = { kind: 'header' };
  }
}

/** A NUL-terminated field as latin1 (bytes kept one to one; safeName decodes them). */
function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('latin1');
}

/** Octal (ustar) or base-256 (GNU, for sizes of 8 GiB and more). */
function parseSize(field: Buffer): number | undefined {
  if (field[0]! & 0x80) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return Number.isSafeInteger(n) ? n : undefined;
  }
  const text = cString(field).trim();
  if (!/^[0-7]*$/.test(text)) return undefined;
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = parseInt(cString(block.subarray(148, 156)).trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return stored === sum;
}

/**
 * The entry's name as a relative "/"-separated path ("" for the folder itself), or why it is
 * refused. Bytes arrive as latin1 and must decode as UTF-8.
 */
export function safeName(raw: string): string | { why: string } {
  const bytes = Buffer.from(raw, 'latin1');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { why: 'a file name in the output folder is not valid UTF-8' };
  }
  if (bytes.length > MAX_NAME_BYTES)
    return { why: `a path in the output folder is longer than ${MAX_NAME_BYTES} bytes` };
  const parts = text.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || text.startsWith('/'))
    return { why: "a name in the output folder's archive leaves the folder" };
  if (parts.length > MAX_DEPTH) return { why: `the output folder is nested more than ${MAX_DEPTH} levels deep` };
  return parts.join('/');
}
