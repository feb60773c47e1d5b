/**
 * competition.yml against the data on this machine, checked when the config loads and before
 * anything runs (`holdout check-config`, and `holdout test` / `holdout score` / the action for
 * the dataset they use). Without it, a labels file with no split column or a typo in
 * `scoring.split.show` is found only after a submission has run, as `scorer_failed`.
 *
 * What is checked, for each dataset whose files are on this machine:
 *  - the data folder and the labels file exist, and the labels are not inside the data folder
 *    (which is mounted into the sandbox);
 *  - the labels' header holds the id column, the prediction columns the built-in metrics
 *    compare, the `by:` group columns, and the split column;
 *  - every split named in `scoring.split.show` is a value of the split column.
 *
 * The split is optional on smoke: the smoke labels are public, so a smoke labels file without
 * the split column is scored on all its rows (no split). The test labels must carry it, or
 * the private split would be scored in the open.
 *
 * The private test data is normally not on a participant's laptop or the hosted runner: a
 * `datasets.test` with neither file here is a note, never a failure. Only the header and the
 * split column are read here (no label value reaches a message): the scorer checks the rest
 * after the run, as before.
 */
import { realpath, stat } from 'node:fs/promises';
import { messageOf } from '../errors.js';
import path from 'node:path';
import { ConfigError, resolveFromCompetition, type LoadedCompetition } from './load.js';
import type { DatasetName } from './schema.js';
import type { ScoringSection } from './scoring.js';
import { fieldText, recordFields, scanCsv } from '../scoring/csv-scanner.js';
import { rankingProblems, scoringForDataset } from '../scoring/dataset.js';

/** A dataset ready to run on: its host paths and the scoring section that applies to it. */
export interface ReadyDataset {
  name: DatasetName;
  data: string;
  labels: string;
  /** competition.yml's scoring, without `split` on a smoke dataset whose labels have no split column. */
  scoring: ScoringSection;
}

export interface DataCheck {
  /** Mismatches that stop a run: each names the key, its line, the file and what to write. */
  problems: string[];
  /** Things worth knowing that stop nothing (a dataset not on this machine, smoke scored whole). */
  notes: string[];
  /** The datasets whose files are here and match the config. */
  ready: Partial<Record<DatasetName, ReadyDataset>>;
}

/** Most split values named in a message; a split column with more is almost surely the wrong column, and is not listed. */
const SHOWN_VALUES = 10;
/** Distinct split values collected before the scan gives up listing them. */
const MAX_VALUES = 1000;

/** Check every dataset of competition.yml against this machine (holdout check-config). */
export async function checkCompetitionData(c: LoadedCompetition): Promise<DataCheck> {
  const out: DataCheck = { problems: [], notes: [], ready: {} };
  for (const name of ['smoke', 'test'] as const) {
    if (!c.config.datasets[name]) continue;
    const one = await checkDataset(c, name, { required: name === 'smoke', data: true });
    out.problems.push(...one.problems);
    out.notes.push(...one.notes);
    if (one.ready) out.ready[name] = one.ready;
  }
  return out;
}

/**
 * The dataset a run or a score is about to use, checked: throws ConfigError (exit 2) naming
 * every mismatch, before anything runs. `data: false` (holdout score): only the labels are
 * needed, so the data folder is not asked for.
 */
export async function prepareDataset(
  c: LoadedCompetition,
  name: DatasetName,
  opts: { data?: boolean } = {},
): Promise<ReadyDataset> {
  if (!c.config.datasets[name]) {
    throw new ConfigError(
      `competition.yml has no datasets.${name}; the datasets it has: ${Object.keys(c.config.datasets).join(', ')}. Use --dataset smoke, or add datasets.${name} (docs/config.md)`,
    );
  }
  const one = await checkDataset(c, name, { required: true, data: opts.data ?? true });
  if (one.problems.length > 0 || !one.ready) throw mismatch(one.problems);
  return one.ready;
}

/** The ConfigError for a list of mismatches. */
export function mismatch(problems: string[]): ConfigError {
  return new ConfigError(
    `competition.yml does not match the data on this machine (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}`,
    problems,
  );
}

interface DatasetCheck {
  problems: string[];
  notes: string[];
  ready?: ReadyDataset;
}

type Kind = 'folder' | 'file' | 'missing';

async function kindOf(p: string): Promise<Kind> {
  try {
    return (await stat(p)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/** "data/smoke (/abs/data/smoke)" for a relative path, the path alone for an absolute one. */
function shownPath(written: string, resolved: string): string {
  return path.isAbsolute(written) ? resolved : `${written} (${resolved})`;
}

/**
 * One dataset. `required`: its files must be here (smoke always; test when a run asks for it);
 * otherwise a dataset with neither file here is only a note. `data`: check the data folder too.
 */
async function checkDataset(
  c: LoadedCompetition,
  name: DatasetName,
  opts: { required: boolean; data: boolean },
): Promise<DatasetCheck> {
  const written = c.config.datasets[name]!;
  const data = resolveFromCompetition(c.dir, written.data);
  const labels = resolveFromCompetition(c.dir, written.labels);
  const dataKey = ['datasets', name, 'data'];
  const labelsKey = ['datasets', name, 'labels'];
  // Not asked for: taken as present, so that nothing is said about it.
  const [dataKind, labelsKind] = await Promise.all([opts.data ? kindOf(data) : ('folder' as const), kindOf(labels)]);
  const problems: string[] = [];
  const notes: string[] = [];

  if ((dataKind === 'missing' || !opts.data) && labelsKind === 'missing' && name === 'test') {
    const where = opts.data
      ? `${shownPath(written.data, data)} and ${shownPath(written.labels, labels)}`
      : shownPath(written.labels, labels);
    if (!opts.required) {
      notes.push(
        `datasets.test is not on this machine (${where}): it is checked where the private data lives; run holdout check-config on the evaluation runner`,
      );
      return { problems, notes };
    }
    problems.push(
      `${c.at(['datasets', 'test'])}the private test data is not on this machine (${where} ${opts.data ? 'do' : 'does'} not exist): run --dataset test on the evaluation runner that holds it, or use --dataset smoke here`,
    );
    return { problems, notes };
  }

  const sample = name === 'smoke' ? 'the public sample' : 'the private test data';
  if (dataKind === 'missing') {
    problems.push(
      `${c.at(dataKey)}the folder ${shownPath(written.data, data)} does not exist: put ${sample} there (it is mounted read-only at ${c.config.container.data_dir}), or write the folder that holds it`,
    );
  } else if (dataKind === 'file') {
    problems.push(
      `${c.at(dataKey)}${shownPath(written.data, data)} is a file, not a folder: write the folder that is mounted at ${c.config.container.data_dir}`,
    );
  }
  const header = neededHeader(c.config.scoring, name === 'test');
  if (labelsKind === 'missing') {
    problems.push(
      `${c.at(labelsKey)}the file ${shownPath(written.labels, labels)} does not exist: put the labels there (a CSV whose header holds ${header}), or write the path of the labels file`,
    );
  } else if (labelsKind === 'folder') {
    problems.push(
      `${c.at(labelsKey)}${shownPath(written.labels, labels)} is a folder: write the path of the labels CSV (its header holds ${header})`,
    );
  }
  if (opts.data && dataKind === 'folder' && labelsKind === 'file' && (await inside(labels, data))) {
    problems.push(
      `${c.at(labelsKey)}${written.labels} is inside datasets.${name}.data (${written.data}), which is mounted into the sandbox where the submission can read it: move the labels out of that folder and write their new path here`,
    );
  }
  if (problems.length > 0 || labelsKind !== 'file') return { problems, notes };

  const scoring = await checkLabels(c, name, labels, problems, notes);
  // A ranking task's query and database files (src/scoring/dataset.ts), with the same care.
  problems.push(...(await rankingProblems(c, name)));
  if (problems.length > 0 || !scoring) return { problems, notes };
  return { problems, notes, ready: { name, data, labels, scoring } };
}

/** `file` is `folder` or lies inside it, links followed (the mount follows them too). */
async function inside(file: string, folder: string): Promise<boolean> {
  const [f, d] = await Promise.all([realpath(file), realpath(folder)]);
  return f === d || f.startsWith(d + path.sep);
}

/** A labels column the built-in scorer reads, and the key of competition.yml that names it. */
interface NeededColumn {
  column: string;
  key: (string | number)[];
  why: string;
}

/** The columns the built-in scoring reads from the labels (none when a custom scorer reads them itself). */
function neededColumns(scoring: ScoringSection): NeededColumn[] {
  const id: NeededColumn = { column: scoring.id_column, key: ['scoring', 'id_column'], why: 'it identifies each row' };
  if (scoring.ranking) {
    return [
      { ...id, why: 'it names each query' },
      { column: scoring.columns[0]!, key: ['scoring', 'columns'], why: 'it holds the true results of each query' },
    ];
  }
  if (scoring.columns.length === 0) return [];
  const groups: NeededColumn[] = [];
  [scoring.metric, ...scoring.secondary].forEach((m, i) => {
    if (m.kind === 'builtin' && m.by && !groups.some((g) => g.column === m.by)) {
      groups.push({
        column: m.by,
        key: i === 0 ? ['scoring', 'metric', 'by'] : ['scoring', 'secondary', i - 1, 'by'],
        why: `${m.key} is computed per group of this column`,
      });
    }
  });
  return [
    id,
    ...scoring.columns.map((column) => ({
      column,
      key: ['scoring', 'columns'],
      why: 'the metrics compare the predictions with it',
    })),
    ...groups,
  ];
}

/** "id,target[,Usage]": what the labels' header must hold, for messages. */
function neededHeader(scoring: ScoringSection, withSplit: boolean): string {
  const columns = neededColumns(scoring).map((n) => n.column);
  if (scoring.split && columns.length > 0) columns.push(withSplit ? scoring.split.column : `[${scoring.split.column}]`);
  return columns.length > 0 ? columns.join(',').replace(',[', '[,') : 'the columns your scorer reads';
}

async function readHeader(file: string): Promise<string[] | undefined> {
  let header: string[] | undefined;
  await scanCsv(file, (r) => {
    header = recordFields(r);
    return false;
  });
  return header;
}

/** A column of `header` that differs from `column` only in case or spaces, to suggest. */
function nearMatch(column: string, header: string[]): string | undefined {
  const norm = (s: string) => s.trim().toLowerCase();
  return header.find((h) => h !== column && norm(h) === norm(column));
}

/** Check a labels file's header and split values; returns the scoring section for this dataset. */
async function checkLabels(
  c: LoadedCompetition,
  name: DatasetName,
  file: string,
  problems: string[],
  notes: string[],
): Promise<ScoringSection | undefined> {
  // This dataset's own ranking files, its data folder for a custom scorer (src/scoring/dataset.ts).
  const scoring = scoringForDataset(c, name);
  const labelsKey = ['datasets', name, 'labels'];
  const written = c.config.datasets[name]!.labels;
  const needed = neededColumns(scoring);
  if (needed.length === 0) return scoring;

  let header: string[] | undefined;
  try {
    header = await readHeader(file);
  } catch (e) {
    problems.push(
      `${c.at(labelsKey)}${written} cannot be read (${messageOf(e)}): make it readable by the user that runs holdout`,
    );
    return undefined;
  }
  if (!header) {
    problems.push(
      `${c.at(labelsKey)}${written} is empty: its first line must be the header ${neededHeader(scoring, name === 'test')}`,
    );
    return undefined;
  }
  const theFile = `the labels file ${written} (datasets.${name}.labels)`;
  const its = `its header: ${header.join(',')}`;
  for (const n of needed) {
    if (header.includes(n.column)) continue;
    const near = nearMatch(n.column, header);
    const key = n.key.join('.');
    const fix = near
      ? `rename that column to ${n.column}, or write ${n.key.at(-1) === 'id_column' ? `id_column: ${near}` : `${near} in ${key}`}`
      : `add the column to the labels, or write in ${key} the name of the labels column that holds it`;
    problems.push(`${c.at(n.key)}${theFile} has no column "${n.column}" (${its}); ${n.why}: ${fix}`);
  }
  if (problems.length > 0 || !scoring.split) return scoring;

  const split = scoring.split;
  const splitAt = header.indexOf(split.column);
  if (splitAt === -1) {
    const near = nearMatch(split.column, header);
    if (name === 'smoke') {
      notes.push(
        `${written} has no split column "${split.column}" (scoring.split.column): the smoke run is scored on all its rows, with no split${near ? ` (did you mean its column "${near}"?)` : ''}; the split applies to the test labels`,
      );
      return { ...scoring, split: undefined };
    }
    problems.push(
      `${c.at(['scoring', 'split', 'column'])}${theFile} has no column "${split.column}" (${its}); the test labels must name each row's split (e.g. Public or Private) there, or the hidden split would be scored in the open: ${near ? `rename that column to ${split.column}, or write column: ${near}` : `add the column, or write in scoring.split.column the labels column that holds the split`}`,
    );
    return undefined;
  }

  const values = await splitValues(file, splitAt, split.show);
  const unknown = split.show.filter((s) => !values.names.includes(s));
  if (unknown.length > 0) {
    // Many distinct values mean the wrong column (ids, targets): those are not listed, since this
    // message may reach a public job log and the values may be the private labels' own.
    const many = values.names.length > SHOWN_VALUES || values.more;
    const listed = many
      ? `more than ${SHOWN_VALUES} distinct values (is it the split column?)`
      : values.names.join(', ');
    const fixed = split.show.map((s) => (values.names.includes(s) ? s : (nearMatch(s, values.names) ?? s)));
    const fixable = fixed.every((s) => values.names.includes(s));
    problems.push(
      `${c.at(['scoring', 'split', 'show'])}${unknown.map((s) => `"${s}"`).join(', ')} ${unknown.length > 1 ? 'are not values' : 'is not a value'} of the split column ${split.column} in ${written} (datasets.${name}.labels), which holds ${listed}: ` +
        (fixable
          ? `write show: [${fixed.join(', ')}] (split names are case-sensitive)`
          : `write in show the splits participants may see, from those values`) +
        (name === 'smoke' ? `, or leave the column out of the smoke labels to score the smoke run whole` : ''),
    );
    return undefined;
  }
  return scoring;
}

/**
 * Distinct values of the split column, in order of first appearance. Stops early once every
 * shown split has been seen (a large test labels file need not be read to its end).
 */
async function splitValues(file: string, at: number, show: string[]): Promise<{ names: string[]; more: boolean }> {
  const seen = new Set<string>();
  const missing = new Set(show);
  let more = false;
  let first = true;
  await scanCsv(file, (r) => {
    if (first) {
      first = false;
      return true;
    }
    if (at >= r.count) return true;
    const value = fieldText(r, at);
    if (value === '' || seen.has(value)) return true;
    // A shown split is always kept, so that it is found even past the first MAX_VALUES.
    if (seen.size >= MAX_VALUES && !missing.has(value)) more = true;
    else seen.add(value);
    missing.delete(value);
    return missing.size > 0;
  });
  return { names: [...seen], more };
}
