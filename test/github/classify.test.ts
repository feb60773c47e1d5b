import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyPullRequest, type ChangedFile } from '../../src/github/classify.js';

const f = (filename: string, status = 'added', previous_filename?: string): ChangedFile => ({ filename, status, previous_filename });
const participant = (files: ChangedFile[], login = 'alice') => classifyPullRequest({ files, login, authorAssociation: 'CONTRIBUTOR' });

test('only files under submissions/<author>/ is a submission (login case-insensitive)', () => {
  assert.deepEqual(participant([f('submissions/Alice/main.py'), f('submissions/Alice/model/w.bin')]), { kind: 'submission', login: 'alice', folder: 'submissions/Alice' });
});

test('only the environment files is a package request', () => {
  assert.deepEqual(participant([f('environment-cpu.yml', 'modified'), f('environment-gpu.yml', 'modified')]), { kind: 'package-request', files: ['environment-cpu.yml', 'environment-gpu.yml'] });
});

test("another participant's folder is rejected with the folder named", () => {
  const c = participant([f('submissions/bob/main.py', 'modified')]);
  assert.equal(c.kind, 'rejected');
  assert.deepEqual(c.kind === 'rejected' && c.problems, [{ file: 'submissions/bob/main.py', message: "changes another participant's folder (submissions/bob/); a submission may only change submissions/alice/" }]);
});

test('a rename out of another folder touches that folder too', () => {
  const c = participant([f('submissions/alice/main.py', 'renamed', 'submissions/bob/main.py')]);
  assert.equal(c.kind, 'rejected');
});

test('a workflow edit, a mixed PR, a file directly in submissions/, an empty PR', () => {
  const wf = participant([f('.github/workflows/holdout-evaluation.yml', 'modified')]);
  assert.equal(wf.kind === 'rejected' && wf.problems[0]!.message, "changes the repository's automation (.github/); participants may not edit workflows: remove this file from the pull request");
  const mixed = participant([f('submissions/alice/main.py'), f('environment-cpu.yml', 'modified')]);
  assert.equal(mixed.kind === 'rejected' && mixed.summary, 'This pull request mixes your submission with other changes: a submission pull request may only change files under submissions/alice/.');
  assert.equal(participant([f('submissions/alice.py')]).kind, 'rejected');
  assert.deepEqual(participant([]), { kind: 'rejected', summary: 'This pull request changes no files.', problems: [] });
});

test('a writer changing anything else is maintenance; a writer may still submit', () => {
  for (const a of ['OWNER', 'MEMBER', 'COLLABORATOR']) {
    assert.deepEqual(classifyPullRequest({ files: [f('src/x.ts'), f('submissions/bob/x')], login: 'carol', authorAssociation: a }), { kind: 'maintenance' });
  }
  assert.equal(classifyPullRequest({ files: [f('submissions/carol/main.py')], login: 'carol', authorAssociation: 'OWNER' }).kind, 'submission');
  assert.equal(classifyPullRequest({ files: [f('README.md')], login: 'eve', authorAssociation: 'FIRST_TIME_CONTRIBUTOR' }).kind, 'rejected');
});
