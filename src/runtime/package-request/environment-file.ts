/**
 * Read a conda environment file (environment-cpu.yml / environment-gpu.yml) into
 * its channels and dependencies, each with its line, reporting what is malformed
 * as findings instead of throwing: a package request gets every problem at once.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Finding } from './findings.js';
import { parseCondaSpec, parsePipSpec, type Manager } from './spec.js';

/** No real environment file comes near this; a larger one is refused before parsing. */
export const MAX_ENVIRONMENT_FILE_BYTES = 256 * 1024;

export interface Dependency {
  manager: Manager;
  /** The spec as written. */
  spec: string;
  name: string;
  version: string | undefined;
  exact: boolean;
  channel: string | undefined;
  line: number;
}

export interface EnvironmentFile {
  file: string;
  channels: { name: string; line: number }[];
  /** Conda dependencies then pip ones, in file order; only those that parsed. */
  dependencies: Dependency[];
  /** Line of the `dependencies:` key (where a problem with the whole list is reported). */
  dependenciesLine: number;
  /** True when every spec parsed, so the file can be handed to the solver. */
  parsedCleanly: boolean;
}

export function parseEnvironmentFile(
  text: string,
  file: string,
): { env: EnvironmentFile | undefined; findings: Finding[] } {
  const findings: Finding[] = [];
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_ENVIRONMENT_FILE_BYTES) {
    findings.push({
      rule: 'too_large',
      file,
      line: 1,
      message: `the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; an environment file may be at most ${MAX_ENVIRONMENT_FILE_BYTES / 1024} KiB. List only the packages you need, one per line`,
    });
    return { env: undefined, findings };
  }

  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number => (node?.range ? counter.linePos(node.range[0]).line : 1);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      findings.push({
        rule: 'invalid_file',
        file,
        line: e.linePos?.[0]?.line ?? 1,
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      });
    }
    return { env: undefined, findings };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    findings.push({
      rule: 'invalid_file',
      file,
      line: lineOf(root),
      message:
        'the file must be a mapping with "channels:" and "dependencies:" keys, like the conda environment files in this repository',
    });
    return { env: undefined, findings };
  }

  const env: EnvironmentFile = { file, channels: [], dependencies: [], dependenciesLine: 1, parsedCleanly: true };
  const invalid = (node: Node | null | undefined, message: string) => {
    findings.push({ rule: 'invalid_file', file, line: lineOf(node), message });
    env.parsedCleanly = false;
  };

  const channels = root.get('channels', true);
  if (channels !== undefined) {
    if (!isSeq(channels)) invalid(channels as Node, '"channels:" must be a list of channel names');
    else
      for (const item of channels.items) {
        if (isScalar(item) && typeof item.value === 'string')
          env.channels.push({ name: item.value.trim(), line: lineOf(item) });
        else invalid(item as Node, 'each channel must be a name such as conda-forge');
      }
  }

  const depsPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'dependencies');
  const deps = depsPair?.value;
  env.dependenciesLine = lineOf((depsPair?.key as Node | undefined) ?? root);
  if (!depsPair) {
    invalid(root, 'the file has no "dependencies:" list');
  } else if (!isSeq(deps)) {
    invalid(deps as Node, '"dependencies:" must be a list of packages, one "- name=x.y.z" per line');
  } else {
    for (const item of deps.items) {
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
        addDependency(String(item.value), 'conda', lineOf(item));
      } else if (
        isMap(item) &&
        item.items.length === 1 &&
        isScalar(item.items[0]!.key) &&
        item.items[0]!.key.value === 'pip'
      ) {
        const pip = item.items[0]!.value;
        if (!isSeq(pip)) invalid(pip as Node, '"pip:" must be a list of packages, one "- name==x.y.z" per line');
        else
          for (const p of pip.items) {
            if (isScalar(p) && typeof p.value === 'string') addDependency(p.value, 'pip', lineOf(p));
            else invalid(p as Node, 'each pip package must be a line such as "- name==x.y.z"');
          }
      } else {
        invalid(item as Node, 'each dependency must be a line such as "- name=x.y.z" (or a "- pip:" list)');
      }
    }
  }
  return { env, findings };

  function addDependency(spec: string, manager: Manager, line: number): void {
    const parsed = manager === 'conda' ? parseCondaSpec(spec) : parsePipSpec(spec);
    if (!parsed.ok) {
      findings.push({ rule: 'bad_spec', file, line, message: `${parsed.problem}` });
      env.parsedCleanly = false;
      return;
    }
    const twin = env.dependencies.find((d) => d.manager === manager && d.name === parsed.name);
    if (twin) {
      findings.push({
        rule: 'duplicate',
        file,
        line,
        message: `${parsed.name} is already listed on line ${twin.line}; keep one line per package`,
      });
      env.parsedCleanly = false;
      return;
    }
    env.dependencies.push({
      manager,
      spec: spec.trim(),
      name: parsed.name,
      version: parsed.version,
      exact: parsed.exact,
      channel: parsed.channel,
      line,
    });
  }
}
