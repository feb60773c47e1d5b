/**
 * Read competition.yml, validate it, and resolve its paths against the
 * competition directory. Errors name the key and the line, e.g.
 *   competition.yml:12: limits.memory: "4 gigs" is not a size; write e.g. 512MiB, 2GB …
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { applyPreset } from './preset.js';
import { competitionSchema, type Competition } from './schema.js';

export const CONFIG_FILE = 'competition.yml';

// Defined in the leaf errors module, so the CLI maps it to exit code 2 without loading this one.
export { ConfigError } from '../errors.js';

export interface LoadedCompetition {
  /** Absolute competition directory; relative paths in the config are resolved against it. */
  dir: string;
  configPath: string;
  config: Competition;
  /**
   * "competition.yml:12: datasets.smoke.labels: " for a key path: where a message about that
   * key points (the line of the deepest part of the path that is written in the file).
   */
  at: (keyPath: readonly (string | number)[]) => string;
}

export async function loadCompetition(dir: string): Promise<LoadedCompetition> {
  const absDir = path.resolve(dir);
  const configPath = path.join(absDir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch {
    throw new ConfigError(
      `no ${CONFIG_FILE} in ${absDir}: run holdout from a competition folder or pass --competition DIR`,
    );
  }
  const parsed = parseCompetitionDocument(text, CONFIG_FILE);
  return { dir: absDir, configPath, ...parsed };
}

/** Parse and validate the text of competition.yml; `name` labels the messages. */
export function parseCompetition(text: string, name = CONFIG_FILE): Competition {
  return parseCompetitionDocument(text, name).config;
}

function parseCompetitionDocument(text: string, name: string): Pick<LoadedCompetition, 'config' | 'at'> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = lineCounter.linePos(e.pos[0]).line;
      return `${name}${line ? `:${line}` : ''}: ${e.message.split('\n')[0]}`;
    });
    throw new ConfigError(`${name} is not valid YAML:\n  ${problems.join('\n  ')}`, problems);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${name}: must be a mapping of keys (name, datasets, scoring, …)`);
  }
  // `preset:` fills in defaults under what the file says (src/config/preset.ts).
  const result = competitionSchema.safeParse(applyPreset(raw as Record<string, unknown>));
  if (result.success) {
    const at = (keyPath: readonly (string | number)[]) => {
      const line = lineOf(doc, lineCounter, keyPath.map(String));
      return `${name}${line ? `:${line}` : ''}: ${keyPath.length > 0 ? `${keyPath.join('.')}: ` : ''}`;
    };
    return { config: result.data, at };
  }

  const located = result.error.issues.map((issue) => {
    const keyPath = issue.path.map(String);
    // An unknown key is best shown on its own line, not on its parent's.
    const line = lineOf(doc, lineCounter, issue.code === 'unrecognized_keys' ? [...keyPath, issue.keys[0]!] : keyPath);
    const where = keyPath.length > 0 ? `${keyPath.join('.')}: ` : '';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see schema/competition.schema.json)`;
    } else if (issue.code === 'invalid_type' && /received undefined/.test(message)) {
      message = `is required`;
    }
    return { line: line ?? 0, text: `${name}${line ? `:${line}` : ''}: ${where}${message}` };
  });
  const problems = located.sort((a, b) => a.line - b.line).map((p) => p.text);
  throw new ConfigError(
    `${name} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  ${problems.join('\n  ')}`,
    problems,
  );
}

/** Line of the deepest node of `keyPath` that exists in the document. */
function lineOf(doc: Document, counter: LineCounter, keyPath: string[]): number | undefined {
  for (let depth = keyPath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(keyPath.slice(0, depth), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Resolve a path from competition.yml against the competition directory. */
export function resolveFromCompetition(dir: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(dir, p);
}
