/**
 * docs/config.md, the reference of every key of competition.yml, written from the same JSON
 * Schema editors read (competitionJsonSchema), whose descriptions come from the zod schema's
 * `.describe()` calls: one source, so the reference cannot drift from what is validated.
 * `npm run schema` writes both files; test/config/reference.test.ts fails when either is stale
 * or a key has no description. Pure: returns the Markdown.
 */
import { competitionJsonSchema } from './json-schema.js';

type Json = Record<string, unknown>;

/** A table of keys, under a heading: one per section (an object with keys of its own). */
interface Section {
  path: string;
  description: string | undefined;
  /** For a section that may also be written as a plain value (a metric: `log_loss` or `{ name: … }`). */
  also: string | undefined;
  rows: string[];
}

const INTRO = `# competition.yml reference

<!-- Written by \`npm run schema\` from the zod schema in src/config/: edit the descriptions there, not here. -->

Every key of \`competition.yml\`, the competition's one config file. Editors that read the
\`# yaml-language-server: $schema=schema/competition.schema.json\` line at the top of the file
show the same descriptions on hover, and every section is strict: a misspelt key is an error
that names it and its line. \`holdout check-config\` checks the file against this schema and
against the data on this machine (labels headers, split names, data folders).

**Sizes** are written \`512MiB\`, \`2GB\`, \`1g\` or a number of bytes (KiB, MiB, GiB and Docker's
k, m, g are powers of 1024; kB, MB, GB powers of 1000). **Durations** are written \`90s\`, \`10m\`,
\`1h30m\` or a number of seconds. Relative paths are resolved against the folder that holds
\`competition.yml\`; container paths are absolute paths inside the sandbox.

A complete example that runs on any machine with Docker is \`examples/demo/competition.yml\`;
how a run is scored is in [scoring.md](scoring.md), what the sandbox allows in
[security.md](security.md), the runtime images in [runtime.md](runtime.md).
`;

export function configReference(): string {
  const schema = competitionJsonSchema();
  const sections: Section[] = [];
  const seen = new Map<string, string>();
  collect(schema, '', 'Top level', sections, seen);
  const out = [INTRO];
  for (const s of sections) {
    out.push(`## ${s.path === '' ? 'Top level' : s.path}`, '');
    if (s.description) out.push(oneLine(s.description), '');
    if (s.also) out.push(s.also, '');
    out.push('| key | type | default | description |', '|---|---|---|---|', ...s.rows, '');
  }
  return out.join('\n');
}

/** Every key of the schema with no description, as dotted paths (the test wants none). */
export function undescribedKeys(schema: Json = competitionJsonSchema()): string[] {
  const missing: string[] = [];
  const walk = (node: Json, at: string) => {
    for (const [key, child] of Object.entries(properties(node))) {
      const p = at ? `${at}.${key}` : key;
      if (!child.description) missing.push(p);
      for (const inner of objectsOf(child)) walk(inner.node, inner.suffix ? `${p}${inner.suffix}` : p);
    }
  };
  walk(schema, '');
  return missing;
}

function properties(node: Json): Record<string, Json> {
  return (node.properties as Record<string, Json> | undefined) ?? {};
}

function isSection(node: Json): boolean {
  return node.properties !== undefined;
}

/** The objects with keys of their own inside a property: itself, a variant of anyOf, the items of a list. */
function objectsOf(node: Json): { node: Json; suffix: string }[] {
  if (isSection(node)) return [{ node, suffix: '' }];
  const variants = (node.anyOf as Json[] | undefined) ?? [];
  const fromVariants = variants.flatMap((v) => objectsOf(v));
  const items = node.items as Json | undefined;
  const fromItems =
    items && typeof items === 'object' ? objectsOf(items).map((o) => ({ ...o, suffix: `[]${o.suffix}` })) : [];
  return [...fromVariants, ...fromItems];
}

function collect(
  node: Json,
  at: string,
  _title: string,
  sections: Section[],
  seen: Map<string, string>,
  also?: string,
): void {
  const section: Section = {
    path: at,
    description: at === '' ? undefined : (node.description as string | undefined),
    also,
    rows: [],
  };
  sections.push(section);
  const required = new Set((node.required as string[] | undefined) ?? []);
  const later: (() => void)[] = [];
  for (const [key, child] of Object.entries(properties(node))) {
    const p = at ? `${at}.${key}` : key;
    const inner = objectsOf(child);
    let type = typeOf(child);
    if (inner.length > 0) {
      // A section, or a value that may be written as one: documented under its own heading,
      // once (datasets.test has the keys of datasets.smoke, a secondary metric those of the metric).
      const obj = inner[0]!;
      const target = `${p}${obj.suffix}`;
      const fingerprint = JSON.stringify({ ...obj.node, description: undefined, default: undefined });
      const same = seen.get(fingerprint);
      const link = same ?? target;
      type = type.replace('section', `section ([${link}](#${anchor(link)})${same ? ', same keys' : ''})`);
      if (!same) {
        seen.set(fingerprint, target);
        const plain = isSection(child) ? undefined : alsoText(child, obj.suffix);
        later.push(() =>
          collect(
            { ...obj.node, description: child.description ?? obj.node.description },
            target,
            target,
            sections,
            seen,
            plain,
          ),
        );
      }
    }
    section.rows.push(
      `| \`${p.slice(at ? at.length + 1 : 0)}\` | ${type} | ${defaultOf(child, required.has(key))} | ${cell(oneLine((child.description as string | undefined) ?? ''))} |`,
    );
  }
  for (const f of later) f();
}

/** For a key that may be a plain value or a section: how the plain form is written. */
function alsoText(node: Json, suffix: string): string {
  const plain = (
    (node.anyOf as Json[] | undefined) ??
    ((node.items as Json | undefined)?.anyOf as Json[] | undefined) ??
    []
  ).filter((v) => !isSection(v));
  const forms = plain.map((v) => typeOf(v)).join(' or ');
  return `${suffix ? 'Each item is' : 'Written as'} ${forms}, or as a map with the keys below.`;
}

function typeOf(node: Json): string {
  if (node.anyOf) {
    const variants = node.anyOf as Json[];
    return variants.map((v) => typeOf(v)).join(' or ');
  }
  if (node.enum) return (node.enum as unknown[]).map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  const t = node.type;
  if (Array.isArray(t)) {
    const examples = node.examples as unknown[] | undefined;
    const base = t.map((x) => typeOf({ type: x })).join(' or ');
    return examples?.length ? `${base}, e.g. ${examples.map((e) => `\`${String(e)}\``).join(', ')}` : base;
  }
  switch (t) {
    case 'string':
      return 'text';
    case 'boolean':
      return '`true` \\| `false`';
    case 'null':
      return '`null`';
    case 'number':
    case 'integer':
      return `${t === 'integer' ? 'whole number' : 'number'}${bounds(node)}`;
    case 'array': {
      if (node.prefixItems) return `[${(node.prefixItems as Json[]).map((i) => typeOf(i)).join(', ')}]`;
      const items = node.items as Json | undefined;
      if (items && isSection(items)) return 'list of sections';
      if (items?.anyOf) return `list, each ${typeOf(items)}`;
      return `list of ${items ? plural(typeOf(items)) : 'values'}`;
    }
    case 'object': {
      if (isSection(node)) return 'section';
      const values = node.additionalProperties as Json | undefined;
      return `map: name → ${values && typeof values === 'object' ? typeOf(values) : 'value'}`;
    }
    default:
      return 'any';
  }
}

function plural(type: string): string {
  if (type.includes('section')) return type.replace('section', 'sections');
  return type === 'text' ? 'texts' : type;
}

function bounds(node: Json): string {
  const parts: string[] = [];
  if (typeof node.exclusiveMinimum === 'number') parts.push(`> ${node.exclusiveMinimum}`);
  if (typeof node.minimum === 'number' && node.minimum > Number.MIN_SAFE_INTEGER) parts.push(`≥ ${node.minimum}`);
  if (typeof node.exclusiveMaximum === 'number') parts.push(`< ${node.exclusiveMaximum}`);
  if (typeof node.maximum === 'number' && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${node.maximum}`);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

function defaultOf(node: Json, required: boolean): string {
  if (!('default' in node)) return required ? '**required**' : '—';
  const d = node.default;
  // A section's `{}` default only says "may be left out": its keys carry the real defaults.
  if (d !== null && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0 && isSection(node))
    return '—';
  return `\`${cell(flow(d))}\``;
}

/** A value as it is written in YAML's flow style: [a, b], { k: v }. */
function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }` : '{}';
  }
  // Quoted where YAML would read something else: a number, a boolean, a glob's leading "*".
  if (typeof v === 'string')
    return v === '' || /^[\s]|[\s]$|^[[{*&!|>'"%@`#]|: |^(\d+(\.\d*)?|true|false|null|~)$/.test(v)
      ? JSON.stringify(v)
      : v;
  return String(v);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Text safe in a Markdown table cell: "|" would end the cell, "<name>" would read as an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** GitHub's anchor for a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}
