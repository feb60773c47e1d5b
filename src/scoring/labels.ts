/**
 * Load the labels file (organizer data, never seen by the submission) into columns:
 * an id index, one Float64Array per target column, and the split and group of each row.
 *
 * Problems here are the organizer's, not the participant's: they throw LabelsError,
 * which scoring turns into an `error` (never charged to the participant).
 */
import { open, stat } from 'node:fs/promises';
import { fieldBytes, fieldText, recordFields, recordStart, scanCsv, type CsvRecord } from './csv-scanner.js';
import { IdIndex } from './id-index.js';
import { parseNumberBytes } from './parse-number.js';
import { show } from './problems.js';

export class LabelsError extends Error {
  override name = 'LabelsError';
}

/** A categorical labels column (split or group): its distinct values and each row's value. */
export interface Category {
  names: string[];
  ofRow: Int32Array;
}

export interface Labels {
  rows: number;
  ids: IdIndex;
  /** One array per target column, in the order asked for. */
  targets: Float64Array[];
  split: Category | undefined;
  /** By labels column name. */
  groups: Map<string, Category>;
}

export interface LabelsLayout {
  idColumn: string;
  targetColumns: string[];
  splitColumn?: string | undefined;
  groupColumns: string[];
}

/** Upper bound on the number of records: line ends + 1 (quoted line ends only make it looser). */
export async function countLineEnds(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let count = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return count;
      let at = chunk.indexOf(0x0a, 0);
      while (at !== -1 && at < bytesRead) {
        count++;
        at = chunk.indexOf(0x0a, at + 1);
      }
    }
  } finally {
    await handle.close();
  }
}

function categoryBuilder(maxRows: number) {
  const byName = new Map<string, number>();
  const names: string[] = [];
  const ofRow = new Int32Array(maxRows);
  return {
    set(row: number, name: string) {
      let index = byName.get(name);
      if (index === undefined) {
        index = names.length;
        byName.set(name, index);
        names.push(name);
      }
      ofRow[row] = index;
    },
    done(rows: number): Category {
      return { names, ofRow: ofRow.subarray(0, rows) };
    },
  };
}

export async function loadLabels(path: string, layout: LabelsLayout): Promise<Labels> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new LabelsError(
      `the labels file ${path} cannot be read: check datasets.<name>.labels in competition.yml and that the file is on this machine`,
    );
  }
  const maxRows = (await countLineEnds(path)) + 1;
  const ids = new IdIndex(maxRows, size);
  const targets = layout.targetColumns.map(() => new Float64Array(maxRows));
  const split = layout.splitColumn ? categoryBuilder(maxRows) : undefined;
  const groups = new Map(layout.groupColumns.map((c) => [c, categoryBuilder(maxRows)] as const));

  let idAt = -1;
  let splitAt = -1;
  let targetAt: number[] = [];
  let groupAt: number[] = [];
  let width = 0;
  let problem: string | undefined;
  let headerSeen = false;

  const readHeader = (r: CsvRecord): boolean => {
    const header = recordFields(r);
    const indexOf = (column: string) => {
      const at = header.indexOf(column);
      if (at === -1)
        problem = `the labels file ${path} has no column "${column}" (its header: ${header.join(',')}); fix the labels file or scoring: in competition.yml`;
      return at;
    };
    idAt = indexOf(layout.idColumn);
    targetAt = layout.targetColumns.map(indexOf);
    splitAt = layout.splitColumn ? indexOf(layout.splitColumn) : -1;
    groupAt = layout.groupColumns.map(indexOf);
    width = r.count;
    return problem === undefined;
  };

  let aheadBuf: Uint8Array | undefined;
  let aheadTo = 0;
  const end = await scanCsv(path, (r) => {
    if (!headerSeen) {
      headerSeen = true;
      return readHeader(r);
    }
    if (r.count !== width) {
      problem = `labels file ${path}, line ${r.line}: ${r.count} fields where the header has ${width}`;
      return false;
    }
    // Look-ahead (see IdIndex.warm): touch the table slots of the coming rows in one tight
    // loop, so that their cache misses overlap. Pure speed: results do not depend on it.
    if (r.buf !== aheadBuf || r.starts[0]! >= aheadTo) {
      aheadBuf = r.buf;
      aheadTo = ids.warm(r.buf, recordStart(r), r.buf.length, idAt).to;
    }
    // The id's bytes, in place unless it holds doubled quotes (then a copy without them).
    let idBuf = r.buf;
    let idStart = r.starts[idAt]!;
    let idEnd = r.ends[idAt]!;
    if (r.escaped[idAt]) {
      idBuf = fieldBytes(r, idAt);
      idStart = 0;
      idEnd = idBuf.length;
    }
    if (idEnd === idStart) {
      problem = `labels file ${path}, line ${r.line}: empty id`;
      return false;
    }
    const row = ids.add(idBuf, idStart, idEnd);
    if (row < 0) {
      problem = `labels file ${path}, line ${r.line}: id ${show(fieldText(r, idAt))} appears twice; every id must be unique in the labels`;
      return false;
    }
    for (let t = 0; t < targetAt.length; t++) {
      const at = targetAt[t]!;
      const value = parseNumberBytes(r.buf, r.starts[at]!, r.ends[at]!);
      if (Number.isNaN(value)) {
        problem = `labels file ${path}, line ${r.line}, column ${layout.targetColumns[t]}: ${show(fieldText(r, at))} is not a finite number`;
        return false;
      }
      targets[t]![row] = value;
    }
    if (split) {
      const name = fieldText(r, splitAt);
      if (name === '') {
        problem = `labels file ${path}, line ${r.line}: the split column ${layout.splitColumn} is empty; every row needs a split`;
        return false;
      }
      split.set(row, name);
    }
    for (let g = 0; g < groupAt.length; g++) groups.get(layout.groupColumns[g]!)!.set(row, fieldText(r, groupAt[g]!));
    return true;
  });
  if (end.kind === 'unterminated_quote')
    throw new LabelsError(`labels file ${path}, line ${end.line}: a quoted field never closes`);
  if (problem) throw new LabelsError(problem);
  if (!headerSeen) throw new LabelsError(`the labels file ${path} is empty`);
  const rows = ids.size;
  if (rows === 0) throw new LabelsError(`the labels file ${path} has a header but no rows`);
  return {
    rows,
    ids,
    targets: targets.map((t) => t.subarray(0, rows)),
    split: split?.done(rows),
    groups: new Map([...groups].map(([c, b]) => [c, b.done(rows)])),
  };
}
