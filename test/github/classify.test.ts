import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyPullRequest, touchesRuntime, type ChangedFile } from '../../src/github/classify.js';
import { grantsWrite } from '../../src/github/permission.js';

const f = (filename: string, status = 'added', previous_filename?: string): ChangedFile => ({
  filename,
  status,
  previous_filename,
});
const participant = (files: ChangedFile[], login = 'alice') => classifyPullRequest({ files, login, maintainer: false });

test('only files under submissions/<author>/ is a submission (login case-insensitive)', () => {
  assert.deepEqual(participant([f('submissions/Alice/main.py'), f('submissions/Alice/model/w.bin')]), {
    kind: 'submission',
    login: 'alice',
    folder: 'submissions/Alice',
  });
});

test('only the environment files is a package request', () => {
  assert.deepEqual(participant([f('environment-cpu.yml', 'modified'), f('environment-gpu.yml', 'modified')]), {
    kind: 'package-request',
    files: ['environment-cpu.yml', 'environment-gpu.yml'],
  });
});

test("another participant's folder is rejected with the folder named", () => {
  const c = participant([f('submissions/bob/main.py', 'modified')]);
  assert.equal(c.kind, 'rejected');
  assert.deepEqual(c.kind === 'rejected' && c.problems, [
    {
      file: 'submissions/bob/main.py',
      message:
        "changes another participant's folder (submissions/bob/); a submission may only change submissions/alice/",
    },
  ]);
});

test('a rename out of another folder touches that folder too', () => {
  const c = participant([f('submissions/alice/main.py', 'renamed', 'submissions/bob/main.py')]);
  assert.equal(c.kind, 'rejected');
});

test('a workflow edit, a mixed PR, a file directly in submissions/, an empty PR', () => {
  const wf = participant([f('.github/workflows/holdout-evaluation.yml', 'modified')]);
  assert.equal(
    wf.kind === 'rejected' && wf.problems[0]!.message,
    "changes the repository's automation (.github/); participants may not edit workflows: remove this file from the pull request",
  );
  const mixed = participant([f('submissions/alice/main.py'), f('environment-cpu.yml', 'modified')]);
  assert.equal(
    mixed.kind === 'rejected' && mixed.summary,
    'This pull request mixes your submission with other changes: a submission pull request may only change files under submissions/alice/.',
  );
  assert.equal(participant([f('submissions/alice.py')]).kind, 'rejected');
  assert.deepEqual(participant([]), { kind: 'rejected', summary: 'This pull request changes no files.', problems: [] });
});

test('a maintainer changing anything else is maintenance; a maintainer may still submit; a participant may not', () => {
  assert.deepEqual(
    classifyPullRequest({ files: [f('src/x.ts'), f('submissions/bob/x')], login: 'carol', maintainer: true }),
    { kind: 'maintenance' },
  );
  assert.deepEqual(classifyPullRequest({ files: [], login: 'carol', maintainer: true }), { kind: 'maintenance' });
  assert.equal(
    classifyPullRequest({ files: [f('submissions/carol/main.py')], login: 'carol', maintainer: true }).kind,
    'submission',
  );
  assert.equal(classifyPullRequest({ files: [f('README.md')], login: 'eve', maintainer: false }).kind, 'rejected');
});

test('write access is admin, maintain or write (also a custom role built on write); read, triage and none are participants', () => {
  const writes = [
    { permission: 'admin', role_name: 'admin' },
    { permission: 'write', role_name: 'maintain' },
    { permission: 'write', role_name: 'write' },
    { permission: 'write', role_name: 'competition-staff' }, // a custom role inheriting write
  ];
  for (const w of writes) assert.equal(grantsWrite(w), true, JSON.stringify(w));
  const reads = [
    { permission: 'read', role_name: 'read' },
    { permission: 'read', role_name: 'triage' },
    { permission: 'none', role_name: '' },
    { permission: 'read', role_name: 'MEMBER' },
    {},
  ];
  for (const r of reads) assert.equal(grantsWrite(r), false, JSON.stringify(r));
});

test('touchesRuntime: the environment files and runtime/ (also as a rename source), nothing else', () => {
  assert.equal(touchesRuntime([f('environment-cpu.yml', 'modified')]), true);
  assert.equal(touchesRuntime([f('runtime/Dockerfile', 'modified')]), true);
  assert.equal(touchesRuntime([f('submissions/alice/env.yml', 'renamed', 'environment-gpu.yml')]), true);
  assert.equal(touchesRuntime([f('submissions/alice/runtime/x.py'), f('docs/environment-cpu.yml')]), false);
});
