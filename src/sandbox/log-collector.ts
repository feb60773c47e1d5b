/**
 * Bounded log capture. Whatever a submission prints (a 1 GB flood, a 1 GB line
 * with no newline), memory and disk stay bounded:
 *  - memory: the first `headLines` and a ring of the last `tailLines` lines, each cut at `maxLineBytes`;
 *  - disk:   the full log is written to `filePath` until `maxFileBytes`, then one marker line;
 *  - live:   `onLine` sees the first `liveLines` lines as they come, then a notice, then
 *            nothing more (a terminal flooded with a gigabyte helps nobody).
 * stdout and stderr each get their own line splitter, so their partial lines never mix.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface LogCollectorOptions {
  /** Lines kept in the report: half from the start, half from the end. */
  reportLines: number;
  /** Most bytes of log written to `filePath`. */
  maxFileBytes: number;
  filePath?: string;
  /** Longest line kept, in bytes; the rest of a longer line is dropped. */
  maxLineBytes?: number;
  /** Lines passed to `onLine` live; after that only a one-time notice. */
  liveLines?: number;
  onLine?: (line: string) => void;
}

export interface CollectedLog {
  lines: number;
  truncated: boolean;
  head: string[];
  tail: string[];
  file?: string;
  fileTruncated: boolean;
}

const NEWLINE = 0x0a;

export class LogCollector {
  private readonly headMax: number;
  private readonly tailMax: number;
  private readonly maxLineBytes: number;
  private readonly liveLines: number;
  private readonly head: string[] = [];
  private readonly tail: string[] = [];
  private tailStart = 0;
  private count = 0;
  private fd: number | undefined;
  private fileBytes = 0;
  private fileTruncated = false;
  private liveNoticeGiven = false;
  private readonly splitters = new Map<string, LineSplitter>();

  constructor(private readonly options: LogCollectorOptions) {
    this.headMax = Math.ceil(options.reportLines / 2);
    this.tailMax = Math.floor(options.reportLines / 2);
    this.maxLineBytes = options.maxLineBytes ?? 4096;
    this.liveLines = options.liveLines ?? options.reportLines;
    if (options.filePath) this.fd = openSync(options.filePath, 'w', 0o644);
  }

  /** Feed a chunk from one stream ("stdout", "stderr", …). */
  write(stream: string, chunk: Buffer): void {
    let splitter = this.splitters.get(stream);
    if (!splitter) {
      splitter = new LineSplitter(this.maxLineBytes, (line) => this.addLine(line));
      this.splitters.set(stream, splitter);
    }
    splitter.push(chunk);
  }

  /** Flush partial lines and close the file. Returns what was kept. */
  finish(): CollectedLog {
    for (const splitter of this.splitters.values()) splitter.end();
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    const tail = [...this.tail.slice(this.tailStart), ...this.tail.slice(0, this.tailStart)];
    const kept = this.head.length + tail.length;
    return {
      lines: this.count,
      truncated: kept < this.count || this.fileTruncated,
      head: [...this.head],
      tail,
      ...(this.options.filePath ? { file: this.options.filePath } : {}),
      fileTruncated: this.fileTruncated,
    };
  }

  private addLine(line: string): void {
    this.count++;
    if (this.head.length < this.headMax) {
      this.head.push(line);
    } else if (this.tailMax > 0) {
      if (this.tail.length < this.tailMax) {
        this.tail.push(line);
      } else {
        this.tail[this.tailStart] = line;
        this.tailStart = (this.tailStart + 1) % this.tailMax;
      }
    }
    this.writeToFile(line);
    this.emitLive(line);
  }

  private writeToFile(line: string): void {
    if (this.fd === undefined || this.fileTruncated) return;
    const bytes = Buffer.byteLength(line) + 1;
    if (this.fileBytes + bytes > this.options.maxFileBytes) {
      this.fileTruncated = true;
      writeSync(this.fd, `[holdout: log file cut here at ${this.options.maxFileBytes} bytes; the submission printed more]\n`);
      return;
    }
    this.fileBytes += bytes;
    writeSync(this.fd, line + '\n');
  }

  private emitLive(line: string): void {
    if (!this.options.onLine) return;
    if (this.count <= this.liveLines) {
      this.options.onLine(line);
    } else if (!this.liveNoticeGiven) {
      this.liveNoticeGiven = true;
      this.options.onLine(`[holdout: ${this.liveLines} lines shown live; further output is kept in the log file and the last lines appear in the report]`);
    }
  }
}

/** Splits a byte stream into lines of at most `maxBytes`, without holding more than that. */
class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private cut = false;

  constructor(
    private readonly maxBytes: number,
    private readonly emit: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl === -1) return;
      this.flushLine();
      start = nl + 1;
    }
  }

  end(): void {
    if (this.pendingBytes > 0 || this.cut) this.flushLine();
  }

  private append(piece: Buffer): void {
    if (this.cut || piece.length === 0) return;
    const room = this.maxBytes - this.pendingBytes;
    if (piece.length > room) {
      // Copy: the chunk's buffer must not be retained beyond this call.
      this.pending.push(Buffer.from(piece.subarray(0, room)));
      this.pendingBytes += room;
      this.cut = true;
      return;
    }
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
  }

  private flushLine(): void {
    let line = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (this.cut) line += ` [holdout: line cut at ${this.maxBytes} bytes]`;
    this.pending = [];
    this.pendingBytes = 0;
    this.cut = false;
    this.emit(line);
  }
}
