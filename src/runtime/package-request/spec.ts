/**
 * One line of an environment file's `dependencies:` (a conda match spec) or of its
 * `pip:` list (a PEP 508 requirement), split into name and version and judged:
 * is it valid, and is it an exact pin? Conda syntax is checked by rattler, conda's
 * own spec parser compiled to WebAssembly, so we accept exactly what conda accepts.
 */
import { isPackageName, VersionSpec } from '@conda-org/rattler';

export type Manager = 'conda' | 'pip';

export type ParsedSpec =
  | {
      ok: true;
      manager: Manager;
      /** Normalized name: lower case; for pip, runs of -_. folded to "-" (PEP 503). */
      name: string;
      /** The version written after the operator, when there is one. */
      version: string | undefined;
      /**
       * True when the spec names exactly one version: for conda `=x.y.z` (three release
       * parts or more: `=1.26` is `1.26.*` to conda) or `==v`; for pip `==v`.
       */
      exact: boolean;
      /** Channel written as `channel::name`, for conda. */
      channel: string | undefined;
    }
  | { ok: false; manager: Manager; name: string | undefined; problem: string };

const CONDA_SPEC = /^(?:([^\s:]+)::)?([^\s=<>!~*,|[\]]+)\s*(.*)$/;
/**
 * `=1.2.3`, `=1.2.3=build`, `==1.2.3`, `==1.2.3=build`: one version, no wildcard or
 * range; a trailing `=build` (a build string, globs allowed) is split off here.
 */
const CONDA_VERSION_BUILD = /^(==?)([^\s=<>!~*,|][^\s=<>~*,|]*)(?:=([^\s=]+))?$/;
/** `name 1.2.3 build`: the space-separated form; the build string is the second word. */
const CONDA_SPACED_BUILD = /^(\S+)\s+([^\s=]+)$/;
/**
 * Keys rattler accepts in brackets (`numpy=1.26.4[md5=…]`). `channel` and `url` are
 * refused separately: they bypass the allowed channels (and `channel=` crashes
 * rattler 0.3.5's WebAssembly parser).
 */
const BRACKET_KEYS = new Set(['version', 'build', 'build_number', 'md5', 'sha256', 'fn', 'subdir', 'license']);

/**
 * Conda reads `=1.26` as `1.26.*` (any 1.26.x), so `=` pins one version only with at
 * least three release parts (`=1.26.4`, `=2024.1.1`); `==` always names one version.
 */
function isExactPin(operator: string, version: string): boolean {
  if (version.includes('*')) return false;
  if (operator === '==') return true;
  const release = version.replace(/^\d+!/, '').split('+')[0]!.split('.');
  let parts = 0;
  for (const part of release) {
    if (!/^\d/.test(part)) break;
    parts++;
    if (!/^\d+$/.test(part)) break; // "4rc1": the release ends here, a pre-release follows
  }
  return parts >= 3;
}

export function parseCondaSpec(text: string): ParsedSpec {
  const spec = text.trim();
  const match = CONDA_SPEC.exec(spec);
  if (!match) return { ok: false, manager: 'conda', name: undefined, problem: `"${spec}" is not a conda package spec` };
  const [, channel, rawName = '', rest = ''] = match;
  if (!isPackageName(rawName)) {
    return {
      ok: false,
      manager: 'conda',
      name: undefined,
      problem: `"${rawName}" is not a valid conda package name (letters, digits, "-", "_" and "." only)`,
    };
  }
  const name = rawName.toLowerCase();
  const bad = (problem: string): ParsedSpec => ({
    ok: false,
    manager: 'conda',
    name,
    problem: `"${spec}": ${problem}`,
  });

  // A trailing bracket section ([md5=…, build=…]) is split off before the version check.
  let versionPart = rest.trim();
  let bracketVersion: string | undefined;
  if (versionPart.includes('[') || versionPart.includes(']')) {
    const open = versionPart.indexOf('[');
    if (
      open < 0 ||
      !versionPart.endsWith(']') ||
      versionPart.indexOf(']') !== versionPart.length - 1 ||
      versionPart.lastIndexOf('[') !== open
    ) {
      return bad('brackets must come once, at the end of the spec, as in name=x.y.z[md5=…]');
    }
    const fields = parseBracket(versionPart.slice(open + 1, -1));
    if (typeof fields === 'string') return bad(fields);
    if ('channel' in fields)
      return bad(
        `a channel in brackets ([channel=${fields.channel}]) is not supported; write ${fields.channel}::${rawName}=x.y.z`,
      );
    if ('url' in fields)
      return bad('a package URL in brackets ([url=…]) is not allowed; only packages from the channels are');
    const unknown = Object.keys(fields).find((k) => !BRACKET_KEYS.has(k));
    if (unknown !== undefined) return bad(`invalid bracket key: ${unknown}`);
    for (const [key, length] of [
      ['md5', 32],
      ['sha256', 64],
    ] as const) {
      const value = fields[key];
      if (value !== undefined && !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value))
        return bad(`${key} must be ${length} hexadecimal digits`);
    }
    if (fields.build_number !== undefined && !/^(?:[<>]=?|==?|!=)?\d+$/.test(fields.build_number))
      return bad(`"${fields.build_number}" is not a build number`);
    bracketVersion = fields.version;
    versionPart = versionPart.slice(0, open).trim();
  }

  let operator = '';
  let version: string | undefined;
  let versionSpec: string | undefined;
  if (versionPart !== '') {
    const pinned = CONDA_VERSION_BUILD.exec(versionPart);
    const spaced = pinned ? null : CONDA_SPACED_BUILD.exec(versionPart);
    if (pinned) [operator, version, versionSpec] = [pinned[1]!, pinned[2]!, `${pinned[1]}${pinned[2]}`];
    else versionSpec = spaced ? spaced[1]! : versionPart;
    const problem = versionSpecProblem(versionSpec);
    if (problem) return bad(problem);
  }
  if (bracketVersion !== undefined) {
    // rattler (like conda) lets [version=…] override the version written before the brackets.
    const problem = versionSpecProblem(bracketVersion);
    if (problem) return bad(problem);
    const pinned = /^(==?)([^\s=<>!~*,|]+)$/.exec(bracketVersion.trim());
    [operator, version] = pinned ? [pinned[1]!, pinned[2]!] : ['', undefined];
  }
  const exact = version !== undefined && isExactPin(operator, version);
  return { ok: true, manager: 'conda', name, version, exact, channel };
}

/** `key=value, key="value"` → fields, or a problem. */
function parseBracket(body: string): Record<string, string> | string {
  const fields: Record<string, string> = {};
  const field = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("[^"]*"|'[^']*'|[^,"']*?)\s*(?:,|$)/y;
  let at = 0;
  while (at < body.length && body.slice(at).trim() !== '') {
    field.lastIndex = at;
    const m = field.exec(body);
    if (!m || m[0] === '') return `"[${body}]" is not a list of key=value pairs`;
    const raw = m[2]!;
    fields[m[1]!] = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
    at = field.lastIndex;
  }
  return fields;
}

function versionSpecProblem(text: string): string | undefined {
  try {
    new VersionSpec(text, 'lenient').free();
    return undefined;
  } catch (e) {
    const detail = String(e).split('\n')[0]!.trim();
    // rattler's parser traces ("0: at line 1, in Tag:") say nothing to a person; keep only plain messages.
    return /^\d+: at line/.test(detail) || detail === '' ? `"${text}" is not a valid conda version spec` : detail;
  }
}

const PIP_REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$/;
const PIP_VERSION_CLAUSE = /^(===|==|~=|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+$/;
const PIP_EXACT = /^==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$/;

export function parsePipSpec(text: string): ParsedSpec {
  const spec = text.trim();
  if (spec.startsWith('-')) {
    return {
      ok: false,
      manager: 'pip',
      name: undefined,
      problem: `"${spec}" is a pip option; options (index URLs, -e, -r) are not allowed, list packages as name==x.y.z`,
    };
  }
  const match = PIP_REQUIREMENT.exec(spec);
  if (!match)
    return {
      ok: false,
      manager: 'pip',
      name: undefined,
      problem: `"${spec}" is not a pip requirement (write name==x.y.z)`,
    };
  const [, rawName = '', , versionPart = ''] = match;
  const name = rawName.toLowerCase().replace(/[-_.]+/g, '-');
  if (versionPart.startsWith('@')) {
    return {
      ok: false,
      manager: 'pip',
      name,
      problem: `"${spec}" installs from a URL; only packages from the index are allowed, pinned as ${rawName}==x.y.z`,
    };
  }
  if (versionPart === '')
    return { ok: true, manager: 'pip', name, version: undefined, exact: false, channel: undefined };
  const clauses = versionPart.split(',').map((c) => c.trim());
  if (!clauses.every((c) => PIP_VERSION_CLAUSE.test(c))) {
    return {
      ok: false,
      manager: 'pip',
      name,
      problem: `"${spec}": "${versionPart}" is not a valid pip version specifier (write ${rawName}==x.y.z)`,
    };
  }
  const exact = clauses.length === 1 ? PIP_EXACT.exec(clauses[0]!) : null;
  const pinned = exact !== null && !exact[1]!.includes('*');
  return { ok: true, manager: 'pip', name, version: exact?.[1], exact: pinned, channel: undefined };
}
