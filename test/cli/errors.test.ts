/** The errors module both front doors share: exit codes, and the words of anything thrown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, EXIT, exitCodeOfStatus, exitForError, messageOf, UsageError } from '../../src/errors.js';
import { ConfigError as ConfigErrorOfLoad } from '../../src/config/load.js';

test('usage and configuration problems exit 2 with their message alone', () => {
  assert.deepEqual(exitForError(new UsageError('--memory: "lots" is not a size')), {
    code: 2,
    text: '--memory: "lots" is not a size',
  });
  assert.deepEqual(exitForError(new ConfigError('competition.yml:3: name: required')), {
    code: 2,
    text: 'competition.yml:3: name: required',
  });
  // config/load.ts re-exports the same class: what it throws maps to 2 as well.
  assert.equal(ConfigErrorOfLoad, ConfigError);
});

test('anything else is ours: exit 3, the stack, and what to do', () => {
  const e = new TypeError('x is undefined');
  const { code, text } = exitForError(e);
  assert.equal(code, EXIT.error);
  assert.ok(text.startsWith(`internal error: ${e.stack}`), text);
  assert.match(text, /\nhint: this is a bug in holdout, not your doing: report it with the lines above$/);
  assert.deepEqual(exitForError('a string'), {
    code: 3,
    text: 'internal error: a string\nhint: this is a bug in holdout, not your doing: report it with the lines above',
  });
});

test('a status maps to 0, 1 or 3', () => {
  assert.deepEqual((['success', 'failed', 'error'] as const).map(exitCodeOfStatus), [0, 1, 3]);
});

test('messageOf: an Error gives its message, anything else its string', () => {
  assert.equal(messageOf(new Error('disk full')), 'disk full');
  assert.equal(messageOf('plain'), 'plain');
  assert.equal(messageOf(42), '42');
  assert.equal(messageOf(undefined), 'undefined');
});
