/**
 * Bounded log capture. Whatever a submission prints (a 1 GB flood, a 1 GB line
 * with no newline, a progress bar redrawn a million times with `\r`), memory and
 * disk stay bounded:
 *  - memory: the first `headLines` and a ring of the last `tailLines` lines, each cut at
 *            `maxLineBytes`; per stream, at most two unfinished line states of that size;
 *  - disk:   the full log is written to `filePath` until `maxFileBytes`, then one marker line;
 *  - live:   `onLine` sees the first `liveLines` lines as they come, then a notice, then
 *            nothing more (a terminal flooded with a gigabyte helps nobody); `onPartial`
 *            sees the unfinished last line (a progress bar's current state) at most once
 *            per `partialIntervalMs`.
 *
 * Carriage returns: a line is kept as a terminal would leave it after its last `\r`, i.e.
 * `\r 10%|█ |\r 20%|██|\r100%|███|\n` becomes one line, `100%|███|`. A `\r` that ends a line
 * (CRLF, or a bar that ends with `\r` before its newline) leaves the state before it. This is
 * what keeps a bar from growing into one garbled 4 KiB line, and a `\r` flood with no newline
 * from holding more than one line's worth of bytes.
 *
 * The sandbox merges the submission's stdout and stderr into one stream (run.ts, HANDSHAKE),
 * so lines arrive in the order written. Other streams (the docker client's own stderr) get
 * their own line splitter, so partial lines of different streams never mix.
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
  /**
   * The unfinished last line as it stands (a progress bar's current state, or text printed
   * without a newline yet), at most once per `partialIntervalMs` and only when it changed;
   * '' once that line is finished (it then comes as a line).
   */
  onPartial?: (text: string) => void;
  partialIntervalMs?: number;
  /**
   * Sees every finished line first: returns the lines to keep in its place (none: dropped; it may
   * give back a line it held). The submission harness's protocol lines are taken out of the log
   * this way (src/harness/protocol.ts).
   */
  intercept?: (line: string) => string[];
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
const CARRIAGE_RETURN = 0x0d;

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
  /** The stream written last: its unfinished line is the one a terminal would show. */
  private lastSplitter: LineSplitter | undefined;
  private partialTimer: NodeJS.Timeout | undefined;
  private lastPartial = '';

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
    this.lastSplitter = splitter;
    if (this.options.onPartial && !this.partialTimer && splitter.hasPartial()) {
      // A timer, not a call per chunk: a bar redrawn a million times costs a few calls a second.
      this.partialTimer = setTimeout(() => this.emitPartial(), this.options.partialIntervalMs ?? 250);
      this.partialTimer.unref();
    }
  }

  /** What is kept so far, the run going on (a phase's crash is judged before the next phase runs). */
  snapshot(): CollectedLog {
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

  /** Flush partial lines and close the file. Returns what was kept. */
  finish(): CollectedLog {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
    this.endLines();
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    return this.snapshot();
  }

  private emitPartial(): void {
    this.partialTimer = undefined;
    const text = this.lastSplitter?.partial() ?? '';
    if (text === '' || text === this.lastPartial) return;
    this.lastPartial = text;
    this.options.onPartial?.(text);
  }

  private addLine(raw: string): void {
    const kept = this.options.intercept ? this.options.intercept(raw) : [raw];
    for (const line of kept) this.keepLine(line);
  }

  /**
   * End every stream's unfinished line (it becomes a line): what one run left without a newline
   * must not run into the next run's first line (a functions competition's two phases share a log).
   */
  endLines(): void {
    for (const splitter of this.splitters.values()) splitter.end();
  }

  private keepLine(line: string): void {
    this.count++;
    // A finished line ends the unfinished one that was shown (and the same text is news again).
    if (this.lastPartial !== '') {
      this.lastPartial = '';
      this.options.onPartial?.('');
    }
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
      writeSync(
        this.fd,
        `[holdout: log file cut here at ${this.options.maxFileBytes} bytes; the submission printed more]\n`,
      );
      return;
    }
    this.fileBytes += bytes;
    writeSync(this.fd, `${line}\n`);
  }

  private emitLive(line: string): void {
    if (!this.options.onLine) return;
    if (this.count <= this.liveLines) {
      this.options.onLine(line);
    } else if (!this.liveNoticeGiven) {
      this.liveNoticeGiven = true;
      this.options.onLine(
        `[holdout: ${this.liveLines} lines shown live; further output is kept in the log file and the last lines appear in the report]`,
      );
    }
  }
}

/** The bytes of one line state: at most `maxBytes`, and whether more were dropped. */
interface Segment {
  parts: Buffer[];
  bytes: number;
  cut: boolean;
}

const emptySegment = (): Segment => ({ parts: [], bytes: 0, cut: false });
const isEmpty = (s: Segment) => s.bytes === 0 && !s.cut;

/**
 * Splits a byte stream into lines of at most `maxBytes`, collapsing carriage returns,
 * without holding more than two line states (the one being written, and the one before
 * the last `\r`, kept for a line that ends right after a `\r`).
 *
 * Speed matters (a flood arrives at hundreds of MiB/s): a line or a `\r` state that lies
 * within one chunk is decoded from the chunk or remembered as a range of it; bytes are
 * copied only for what is still unfinished when the chunk ends (the chunk's buffer must not
 * be retained beyond the call).
 */
class LineSplitter {
  private current = emptySegment();
  private previous = emptySegment();

  constructor(
    private readonly maxBytes: number,
    private readonly emit: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    /** The state before the last \r, when it is a range of this chunk (it then stands for `previous`). */
    let prevStart = -1;
    let prevEnd = -1;
    // Both positions are looked up once and reused until passed: linear in the chunk's length.
    let nl = chunk.indexOf(NEWLINE, start);
    let cr = chunk.indexOf(CARRIAGE_RETURN, start);
    while (start < chunk.length) {
      if (nl !== -1 && nl < start) nl = chunk.indexOf(NEWLINE, start);
      if (cr !== -1 && cr < start) cr = chunk.indexOf(CARRIAGE_RETURN, start);
      const end = nl === -1 ? (cr === -1 ? chunk.length : cr) : cr === -1 ? nl : Math.min(nl, cr);
      if (end === chunk.length) break;
      const fresh = isEmpty(this.current);
      if (end === nl) {
        let line: string;
        if (!fresh) {
          this.append(chunk.subarray(start, end));
          line = text(this.current, this.maxBytes);
        } else if (end > start) {
          line = this.decode(chunk, start, end);
        } else if (prevStart !== -1) {
          line = this.decode(chunk, prevStart, prevEnd);
        } else {
          line = text(this.previous, this.maxBytes);
        }
        if (!fresh) this.current = emptySegment();
        if (!isEmpty(this.previous)) this.previous = emptySegment();
        prevStart = -1;
        this.emit(line);
      } else if (!fresh) {
        // \r: what follows overwrites the line; keep the state it had in case nothing does.
        this.append(chunk.subarray(start, end));
        this.previous = this.current;
        this.current = emptySegment();
        prevStart = -1;
      } else if (end > start) {
        prevStart = start;
        prevEnd = end;
        if (!isEmpty(this.previous)) this.previous = emptySegment();
      }
      start = end + 1;
    }
    if (prevStart !== -1) {
      this.previous = emptySegment();
      this.appendTo(this.previous, chunk.subarray(prevStart, prevEnd));
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  end(): void {
    if (this.hasPartial()) {
      const line = this.partial();
      this.current = emptySegment();
      this.previous = emptySegment();
      this.emit(line);
    }
  }

  hasPartial(): boolean {
    return !isEmpty(this.current) || !isEmpty(this.previous);
  }

  /** The unfinished line as a terminal shows it now; '' when there is none. */
  partial(): string {
    return text(isEmpty(this.current) ? this.previous : this.current, this.maxBytes);
  }

  private decode(chunk: Buffer, from: number, to: number): string {
    if (to - from <= this.maxBytes) return chunk.toString('utf8', from, to);
    return `${chunk.toString('utf8', from, from + utf8Boundary(chunk.subarray(from, to), this.maxBytes))} [holdout: line cut at ${this.maxBytes} bytes]`;
  }

  private append(piece: Buffer): void {
    this.appendTo(this.current, piece);
  }

  /** Add a copy of `piece`, up to `maxBytes` in all. */
  private appendTo(s: Segment, piece: Buffer): void {
    if (s.cut || piece.length === 0) return;
    const room = this.maxBytes - s.bytes;
    if (piece.length > room) {
      const kept = utf8Boundary(piece, room);
      s.parts.push(Buffer.from(piece.subarray(0, kept)));
      s.bytes += kept;
      s.cut = true;
      return;
    }
    s.parts.push(Buffer.from(piece));
    s.bytes += piece.length;
  }
}

function text(s: Segment, maxBytes: number): string {
  const line = Buffer.concat(s.parts, s.bytes).toString('utf8');
  return s.cut ? `${line} [holdout: line cut at ${maxBytes} bytes]` : line;
}

/** The largest length ≤ `max` that does not end inside a UTF-8 character. */
function utf8Boundary(buf: Buffer, max: number): number {
  let end = max;
  // Step back over continuation bytes (10xxxxxx) to the start of the character `max` falls in.
  while (end > 0 && end > max - 3 && (buf[end]! & 0xc0) === 0x80) end--;
  return end;
}
