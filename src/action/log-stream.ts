/**
 * Stream the submission's output into the Actions log so that nothing it prints
 * is taken as a workflow command (`::set-output`, `::add-mask::`, `::stop-commands::`…).
 *
 * The runner stops interpreting commands after `::stop-commands::<token>` until it
 * sees `::<token>::`. The token is random per stream, so the submission cannot
 * print it to end the quiet section early.
 */
import { randomBytes } from 'node:crypto';
import { stripControls } from '../report/markdown-escape.js';

export interface LogStream {
  line(text: string): void;
  close(): void;
}

export function openLogStream(write: (s: string) => void = (s) => process.stdout.write(s)): LogStream {
  const token = `holdout-${randomBytes(16).toString('hex')}`;
  write(`::stop-commands::${token}\n`);
  let open = true;
  return {
    line(text: string) {
      // A line is one line: an embedded newline must not start a fresh (command) line.
      if (open) write(`${stripControls(text).replace(/\n/g, ' ')}\n`);
    },
    close() {
      if (open) write(`::${token}::\n`);
      open = false;
    },
  };
}
