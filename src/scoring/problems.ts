/**
 * Problems found in a predictions file: every one counted, the first few of each
 * kind kept as examples (by line), so a file with a million bad rows gives a short,
 * complete answer ("1,000,000 missing ids; first: …") instead of a million lines.
 */

export const EXAMPLES_PER_KIND = 5;

/** Kinds of problem, with the words for one and for many. */
export const PROBLEM_KINDS = {
  field_count: ['row with the wrong number of fields', 'rows with the wrong number of fields'],
  empty_id: ['empty id', 'empty ids'],
  unknown_id: ['extra id (not in the test set)', 'extra ids (not in the test set)'],
  duplicate_id: ['duplicated id', 'duplicated ids'],
  missing_id: ['missing id', 'missing ids'],
  empty_value: ['empty value', 'empty values'],
  not_a_number: ['value that is not a number', 'values that are not numbers'],
  nan: ['NaN value', 'NaN values'],
  infinite: ['infinite value', 'infinite values'],
  out_of_range: ['value out of range', 'values out of range'],
  unknown_query: ['unknown query', 'unknown queries'],
  too_many_results: ['query with too many results', 'queries with too many results'],
  duplicate_result: ['duplicated result', 'duplicated results'],
  self_result: ['query that returns itself', 'results that are the query itself'],
  not_in_database: ["result outside the query's database", "results outside their query's database"],
} as const satisfies Record<string, readonly [string, string]>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export class ProblemLog {
  private readonly counts = new Map<ProblemKind, number>();
  private readonly examples: string[] = [];

  /** Count a problem; `describe` is called only for the first few of each kind. */
  add(kind: ProblemKind, describe: () => string): void {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= EXAMPLES_PER_KIND) this.examples.push(describe());
  }

  count(kind: ProblemKind): number {
    return this.counts.get(kind) ?? 0;
  }

  get empty(): boolean {
    return this.counts.size === 0;
  }

  /** "2 missing ids, 1 duplicated id" in the order the kinds are declared. */
  summary(): string {
    const parts: string[] = [];
    for (const kind of Object.keys(PROBLEM_KINDS) as ProblemKind[]) {
      const count = this.counts.get(kind);
      if (!count) continue;
      const [one, many] = PROBLEM_KINDS[kind];
      parts.push(`${count.toLocaleString('en-US')} ${count === 1 ? one : many}`);
    }
    return parts.join(', ');
  }

  /** The examples, each naming its line (first EXAMPLES_PER_KIND of each kind, with a note when more were left out). */
  list(): string[] {
    const more: string[] = [];
    for (const [kind, count] of this.counts) {
      if (count > EXAMPLES_PER_KIND)
        more.push(`… and ${(count - EXAMPLES_PER_KIND).toLocaleString('en-US')} more ${PROBLEM_KINDS[kind][1]}`);
    }
    return [...this.examples, ...more];
  }
}

/** Quote a value from a file for a message: visible whitespace, bounded length. */
export function show(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut);
}
