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
      /** True when the spec names exactly one version (=x.y.z / ==x.y.z for conda, ==x.y.z for pip). */
      exact: boolean;
      /** Channel written as `channel::name`, for conda. */
      channel: string | undefined;
    }
  | { ok: false; manager: Manager; name: string | undefined; problem: string };

const CONDA_SPEC = /^(?:([^\s:]+)::)?([^\s=<>!~*,|[\]]+)\s*(.*)$/;
/** `=1.2.3`, `=1.2.3=build`, `==1.2.3`, `==1.2.3=build`: one version, no wildcard or range. */
const CONDA_EXACT = /^==?([^\s=<>!~*,|]+)(?:=([^\s=<>!~*,|]+))?$/;

export function parseCondaSpec(text: string): ParsedSpec {
  const spec = text.trim();
  const match = CONDA_SPEC.exec(spec);
  if (!match) return { ok: false, manager: 'conda', name: undefined, problem: `"${spec}" is not a conda package spec` };
  const [, channel, rawName = '', rest = ''] = match;
  if (!isPackageName(rawName)) {
    return { ok: false, manager: 'conda', name: undefined, problem: `"${rawName}" is not a valid conda package name (letters, digits, "-", "_" and "." only)` };
  }
  const name = rawName.toLowerCase();
  const versionPart = rest.trim();
  if (versionPart === '') return { ok: true, manager: 'conda', name, version: undefined, exact: false, channel };
  if (versionPart.startsWith('[')) {
    // Bracket syntax (name[version=…]) is valid conda but not a pin this policy can read.
    return { ok: true, manager: 'conda', name, version: undefined, exact: false, channel };
  }
  const exact = CONDA_EXACT.exec(versionPart);
  // A build string after the version ("=1.2.3=py311_0" or "1.2.3 py311_0") is not part of the version spec.
  const versionOnly = exact ? `${versionPart.startsWith('==') ? '==' : '='}${exact[1]}` : versionPart.split(/\s+/)[0]!;
  const problem = versionSpecProblem(versionOnly);
  if (problem) return { ok: false, manager: 'conda', name, problem: `"${spec}": ${problem}` };
  return { ok: true, manager: 'conda', name, version: exact?.[1] ?? undefined, exact: exact !== null, channel };
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
    return { ok: false, manager: 'pip', name: undefined, problem: `"${spec}" is a pip option; options (index URLs, -e, -r) are not allowed, list packages as name==x.y.z` };
  }
  const match = PIP_REQUIREMENT.exec(spec);
  if (!match) return { ok: false, manager: 'pip', name: undefined, problem: `"${spec}" is not a pip requirement (write name==x.y.z)` };
  const [, rawName = '', , versionPart = ''] = match;
  const name = rawName.toLowerCase().replace(/[-_.]+/g, '-');
  if (versionPart.startsWith('@')) {
    return { ok: false, manager: 'pip', name, problem: `"${spec}" installs from a URL; only packages from the index are allowed, pinned as ${rawName}==x.y.z` };
  }
  if (versionPart === '') return { ok: true, manager: 'pip', name, version: undefined, exact: false, channel: undefined };
  const clauses = versionPart.split(',').map((c) => c.trim());
  if (!clauses.every((c) => PIP_VERSION_CLAUSE.test(c))) {
    return { ok: false, manager: 'pip', name, problem: `"${spec}": "${versionPart}" is not a valid pip version specifier (write ${rawName}==x.y.z)` };
  }
  const exact = clauses.length === 1 ? PIP_EXACT.exec(clauses[0]!) : null;
  const pinned = exact !== null && !exact[1]!.includes('*');
  return { ok: true, manager: 'pip', name, version: exact?.[1], exact: pinned, channel: undefined };
}
