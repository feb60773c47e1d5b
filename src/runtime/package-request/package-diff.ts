/** What a package request changes: packages added, removed or re-versioned, per flavor. */
import type { Flavor } from '../../config/runtime.js';
import type { EnvironmentFile } from './environment-file.js';
import type { Manager } from './spec.js';

export interface PackageChange {
  flavor: Flavor;
  file: string;
  manager: Manager;
  name: string;
  kind: 'added' | 'removed' | 'changed';
  /** Spec on the base branch (undefined when added). */
  before: string | undefined;
  /** Spec on the head (undefined when removed). */
  after: string | undefined;
  /** Line on the head, or on the base for a removal. */
  line: number;
}

export function diffEnvironments(
  base: EnvironmentFile | undefined,
  head: EnvironmentFile,
  flavor: Flavor,
): PackageChange[] {
  const key = (d: { manager: Manager; name: string }) => `${d.manager}:${d.name}`;
  const before = new Map((base?.dependencies ?? []).map((d) => [key(d), d]));
  const after = new Map(head.dependencies.map((d) => [key(d), d]));
  const changes: PackageChange[] = [];
  for (const d of head.dependencies) {
    const old = before.get(key(d));
    if (!old)
      changes.push({
        flavor,
        file: head.file,
        manager: d.manager,
        name: d.name,
        kind: 'added',
        before: undefined,
        after: d.spec,
        line: d.line,
      });
    else if (normalizeSpec(old.spec) !== normalizeSpec(d.spec)) {
      changes.push({
        flavor,
        file: head.file,
        manager: d.manager,
        name: d.name,
        kind: 'changed',
        before: old.spec,
        after: d.spec,
        line: d.line,
      });
    }
  }
  for (const d of base?.dependencies ?? []) {
    if (!after.has(key(d)))
      changes.push({
        flavor,
        file: head.file,
        manager: d.manager,
        name: d.name,
        kind: 'removed',
        before: d.spec,
        after: undefined,
        line: d.line,
      });
  }
  return changes;
}

function normalizeSpec(spec: string): string {
  return spec.replace(/\s+/g, '').toLowerCase();
}
