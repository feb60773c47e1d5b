/**
 * The words of a crash verdict, in one place: judge.ts writes them, markdown.ts reads the
 * exception back out to quote it at the top of the pull-request comment. Pure.
 *
 *   The submission exited with code 1 after an uncaught exception:
 *     KeyError: 'diagnosis'
 *   Last output:
 *   Traceback (most recent call last):
 *   …
 *
 * Without a recognisable exception (a segfault, `sys.exit(3)`, not Python) the second line
 * is left out. The private run never carries these words (src/action/private-run.ts
 * replaces them with a fixed sentence unless the organizer lets the private log out).
 */

const EXCEPTION_LEAD = ' after an uncaught exception:';
const QUOTE_INDENT = '  ';
export const LAST_OUTPUT = 'Last output:';

export function crashMessage(exitCode: number, exception: string | undefined, lastOutput: string[]): string {
  const lines = exception
    ? [`The submission exited with code ${exitCode}${EXCEPTION_LEAD}`, `${QUOTE_INDENT}${exception}`]
    : [`The submission exited with code ${exitCode}.`];
  if (lastOutput.length > 0) lines.push(LAST_OUTPUT, ...lastOutput);
  return lines.join('\n');
}

export interface CrashWords {
  /** The first line, a sentence of our own. */
  sentence: string;
  /** The exception as the program printed it, when one was recognised. */
  exception?: string;
}

/** Read a message made by crashMessage back; undefined for any other message. */
export function parseCrashMessage(message: string): CrashWords | undefined {
  const [first, second] = message.split('\n', 2);
  if (!first || !/^The submission exited with code -?\d+(\.| after an uncaught exception:)$/.test(first))
    return undefined;
  if (first.endsWith(EXCEPTION_LEAD) && second?.startsWith(QUOTE_INDENT)) {
    return { sentence: first, exception: second.slice(QUOTE_INDENT.length) };
  }
  return { sentence: first };
}
