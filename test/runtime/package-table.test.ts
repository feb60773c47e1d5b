import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PackageRequestAnalysis } from '../../src/runtime/package-request/analysis.js';
import { renderPackageRequestMarkdown } from '../../src/runtime/package-request/package-table.js';

const analysis: PackageRequestAnalysis = {
  verdict: 'fail',
  summary: '2 package changes; 1 problem to fix',
  findings: [
    {
      rule: 'conflict',
      file: 'environment-cpu.yml',
      line: 8,
      message:
        'no set of packages satisfies this file (look at newlib); change the versions the solver names below:\nCannot solve <b>x</b>\n``` close',
    },
  ],
  changes: [
    {
      flavor: 'cpu',
      file: 'environment-cpu.yml',
      manager: 'conda',
      name: 'newlib',
      kind: 'added',
      before: undefined,
      after: 'newlib=1.0.0',
      line: 8,
    },
    {
      flavor: 'gpu',
      file: 'environment-gpu.yml',
      manager: 'pip',
      name: 'tqdm',
      kind: 'changed',
      before: 'tqdm==4.66.4',
      after: 'tqdm==4.66.5|x',
      line: 9,
    },
  ],
  solves: {
    cpu: { verdict: 'conflict', message: 'x', seconds: 0.1 },
    gpu: { verdict: 'solved', packages: [{ name: 'a', version: '1' }], seconds: 0.1 },
  },
  seconds: 0.2,
};

describe('package-request comment', () => {
  it('renders one table row per change with solver, size, build time and tests, and the findings below', () => {
    const md = renderPackageRequestMarkdown(analysis, [
      { flavor: 'cpu', tests: 'not_run' },
      {
        flavor: 'gpu',
        sizeBeforeBytes: 2 * 1024 ** 3,
        sizeAfterBytes: 2.5 * 1024 ** 3,
        buildSeconds: 312,
        tests: 'failed',
        failure: { message: 'runtime/tests failed', logTail: ['FAILED import tqdm'] },
      },
    ]);
    const lines = md.split('\n');
    assert.equal(lines[0], '### ❌ Package request: changes needed');
    assert.equal(
      lines[4],
      '| Package | Flavor | Old → new | Solver | Image size (before → after) | Build time | Tests |',
    );
    assert.equal(lines[6], '| `newlib` | cpu | — → `newlib=1.0.0` | ❌ conflict | — | — | not run |');
    assert.equal(
      lines[7],
      '| `tqdm` (pip) | gpu | `tqdm==4.66.4` → `tqdm==4.66.5¦x` | not solved (pip: checked by the build) | 2.0 GiB → 2.5 GiB | 5m12s | ❌ failed |',
    );
    assert.ok(
      md.includes(
        '- `environment-cpu.yml:8` no set of packages satisfies this file \\(look at newlib\\); change the versions the solver names below\\: <sub>conflict</sub>',
      ),
    );
    // The solver's text is inside a fence longer than any backticks in it, so it cannot close the block.
    assert.ok(md.includes('  ````text\n  Cannot solve <b>x</b>\n  ``` close\n  ````'));
    assert.ok(md.includes('<details><summary>gpu: runtime\\/tests failed</summary>'));
    assert.ok(md.includes('```text\nFAILED import tqdm\n```'));
  });

  it('says when nothing changed', () => {
    const md = renderPackageRequestMarkdown({
      ...analysis,
      verdict: 'pass',
      findings: [],
      changes: [],
      summary: '0 package changes',
    });
    assert.match(md, /^\| \*no package changes\* \| — \| — \| — \| — \| — \| — \|$/m);
    assert.match(md, /^### ✅ Package request: passed$/m);
  });
});
