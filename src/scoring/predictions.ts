/**
 * Check a tabular predictions file against the labels, streaming, and collect its values.
 *
 * Rows are matched to labels by id, never by position: the value for label row r lands
 * in values[column][r]. Every problem is counted and the first few of each kind are
 * named by line and column, with what to do about it.
 */
import { fieldBytes, fieldText, recordFields, recordStart, scanCsv, type CsvRecord } from './csv-scanner.js';
import type { Labels } from './labels.js';
import { classifyNonNumber, parseNumberBytes } from './parse-number.js';
import { ProblemLog, show } from './problems.js';

export interface TabularFormat {
  idColumn: string;
  columns: string[];
  /** Inclusive bounds for every value, or null for any finite number. */
  range: [number, number] | null;
}

export type PredictionCheck =
  | { ok: true; values: Float64Array[] }
  | { ok: false; message: string; hint: string; problems: string[] };

export function expectedHeader(format: TabularFormat): string {
  return [format.idColumn, ...format.columns].join(',');
}

/** A number as written, cut short when a participant wrote a very long one. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Largest magnitude accepted when the competition declares no range. */
export const MAX_MAGNITUDE = 1e100;

function rangeText(range: [number, number]): string {
  return `[${range[0]}, ${range[1]}]`;
}

/** The hint for a file with row problems: what the file must look like. */
function formatHint(format: TabularFormat, rows: number): string {
  const values = format.range ? `numbers in ${rangeText(format.range)}` : 'finite numbers';
  return `Write the header "${expectedHeader(format)}", then exactly one row for each of the ${rows.toLocaleString('en-US')} ids of the test data (any order), with ${values} in ${format.columns.length === 1 ? `column ${format.columns[0]}` : `columns ${format.columns.join(', ')}`}.`;
}

export async function checkPredictions(path: string, labels: Labels, format: TabularFormat): Promise<PredictionCheck> {
  const width = format.columns.length + 1;
  const header = expectedHeader(format);
  const values = format.columns.map(() => new Float64Array(labels.rows));
  // Line of each id's row, 0 while not seen: tells duplicates from first sightings, and names both.
  const lineOfRow = new Uint32Array(labels.rows);
  const problems = new ProblemLog();
  // Without a declared range, still bound the magnitude: squaring 1e200 overflows a metric
  // to Infinity, which would look like the organizers' error instead of the participant's.
  const bounds: [number, number] = format.range ?? [-MAX_MAGNITUDE, MAX_MAGNITUDE];
  const [low, high] = bounds;
  let headerProblem: string | undefined;
  let headerSeen = false;
  let dataRows = 0;

  const checkHeader = (r: CsvRecord): boolean => {
    const got = recordFields(r).join(',');
    if (got !== header) headerProblem = `line 1: the header is ${show(got)} but must be exactly ${show(header)}`;
    return headerProblem === undefined;
  };

  // Look-ahead (see IdIndex.warm): every LOOKAHEAD_LINES rows, touch the memory the coming
  // rows will need (table slots, label ids, and here lineOfRow and values) in tight loops,
  // so that the cache misses of many rows overlap. Pure speed: results do not depend on it.
  let aheadBuf: Uint8Array | undefined;
  let aheadTo = 0;
  // The touched values are summed here only so that the compiler keeps the loads.
  let _sink = 0;
  const lookAhead = (r: CsvRecord) => {
    aheadBuf = r.buf;
    const ahead = labels.ids.warm(r.buf, recordStart(r), r.buf.length, 0);
    aheadTo = ahead.to;
    const rows = labels.ids.aheadRows;
    for (let i = 0; i < ahead.lines; i++) {
      const row = rows[i]!;
      if (row < 0) continue;
      _sink += lineOfRow[row]!;
      for (let c = 0; c < values.length; c++) _sink += values[c]![row]!;
    }
  };

  const end = await scanCsv(path, (r) => {
    if (!headerSeen) {
      headerSeen = true;
      return checkHeader(r);
    }
    dataRows++;
    const line = r.line;
    if (r.count !== width) {
      problems.add('field_count', () =>
        r.complete
          ? `line ${line}: ${r.count} field${r.count === 1 ? '' : 's'} where the header has ${width} (${header}); put quotes around values that contain commas`
          : `line ${line}: ${r.count} field${r.count === 1 ? '' : 's'} where the header has ${width} (${header}); this last line has no line end, so the file looks cut off: write the whole file`,
      );
      return;
    }
    if (r.buf !== aheadBuf || r.starts[0]! >= aheadTo) lookAhead(r);
    // The id's bytes, in place unless it holds doubled quotes (then a copy without them).
    let idBuf = r.buf;
    let idStart = r.starts[0]!;
    let idEnd = r.ends[0]!;
    if (r.escaped[0]) {
      idBuf = fieldBytes(r, 0);
      idStart = 0;
      idEnd = idBuf.length;
    }
    let row = -1;
    if (idEnd === idStart) {
      problems.add('empty_id', () => `line ${line}: the ${format.idColumn} is empty`);
    } else {
      row = labels.ids.find(idBuf, idStart, idEnd);
      if (row === -1) {
        problems.add(
          'unknown_id',
          () =>
            `line ${line}: ${format.idColumn} ${show(fieldText(r, 0))} is not in the test data; remove the row (ids are compared exactly, spaces and case included)`,
        );
      } else if (lineOfRow[row] !== 0) {
        const first = lineOfRow[row];
        problems.add(
          'duplicate_id',
          () =>
            `line ${line}: ${format.idColumn} ${show(fieldText(r, 0))} appears again (first on line ${first}); keep one row per id`,
        );
        row = -1;
      } else {
        lineOfRow[row] = line;
      }
    }
    for (let c = 1; c < width; c++) {
      const value = parseNumberBytes(r.buf, r.starts[c]!, r.ends[c]!);
      const column = format.columns[c - 1]!;
      if (Number.isNaN(value)) {
        const text = fieldText(r, c);
        const kind = classifyNonNumber(text);
        problems.add(kind, () => {
          const where = `line ${line}, column ${column}`;
          switch (kind) {
            case 'empty_value':
              return `${where}: the value is empty; write a number`;
            case 'nan':
              return `${where}: ${show(text)} is NaN; write a number (replace missing predictions, e.g. with a default value)`;
            case 'infinite':
              return `${where}: ${show(text)} is infinite; write a finite number`;
            case 'not_a_number':
              return `${where}: ${show(text)} is not a number; write a plain decimal such as 0.25 or 2.5e-3`;
          }
        });
      } else if (value < low || value > high) {
        problems.add(
          'out_of_range',
          () =>
            `line ${line}, column ${column}: ${clip(fieldText(r, c).trim())} is outside ${rangeText(bounds)}; clip predictions to that range`,
        );
      } else if (row !== -1) {
        values[c - 1]![row] = value;
      }
    }
    return;
  });

  if (end.kind === 'unterminated_quote') {
    return {
      ok: false,
      message: `The predictions file has a quoted field that never closes (opened on line ${end.line}).`,
      hint: 'Close every quote ("), or write the file with a CSV library (pandas to_csv, csv.writer) and make sure it is written completely.',
      problems: [`line ${end.line}: a quoted field starts here and never closes`],
    };
  }
  if (!headerSeen) {
    return {
      ok: false,
      message: 'The predictions file is empty.',
      hint: `Write the header "${header}", then one row per id. ${formatHint(format, labels.rows)}`,
      problems: ['the file has no lines'],
    };
  }
  if (headerProblem) {
    return {
      ok: false,
      message: `The predictions file has the wrong header.`,
      hint: `The first line must be exactly "${header}": these columns, in this order, with no spaces.`,
      problems: [headerProblem],
    };
  }
  if (dataRows === 0) {
    return {
      ok: false,
      message: `The predictions file has a header but no rows; ${labels.rows.toLocaleString('en-US')} were expected, one per id.`,
      hint: formatHint(format, labels.rows),
      problems: [`no rows after the header; expected ${labels.rows.toLocaleString('en-US')}`],
    };
  }
  for (let row = 0; row < labels.rows; row++) {
    if (lineOfRow[row] === 0) {
      problems.add('missing_id', () => `${format.idColumn} ${show(labels.ids.idAt(row))} has no row; add one`);
    }
  }
  if (problems.empty) return { ok: true, values };
  return {
    ok: false,
    message: `The predictions file has ${problems.summary()}.`,
    hint: formatHint(format, labels.rows),
    problems: problems.list(),
  };
}
