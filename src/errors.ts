/**
 * The errors and exit codes both front doors share (the `holdout` CLI, the action), and the
 * one way to turn anything thrown into words.
 *
 * A leaf: it imports nothing. So the CLI maps an error to its exit code without loading the
 * module that threw it (start-up time: `holdout --version` loads only commander and this),
 * and no module that throws these depends back on the front door that catches them (the
 * import cycles program.ts ↔ commands/* are gone for that reason).
 */

/**
 * Exit codes of every `holdout` command:
 *   0 success · 1 failed (the participant's fault, or settings to fix) · 2 usage or configuration ·
 *   3 error (ours or the machine's: the engine, the network, a bug).
 */
export const EXIT = { success: 0, failed: 1, usage: 2, error: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown for bad flags or arguments: the CLI prints "holdout: <message>" and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A configuration problem (competition.yml, or the data it names): the CLI prints it and
 * exits 2; the action reports it to the organizer. `problems` lists each one for a JSON view.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The exit code of a run's status: a participant's fault is 1, ours is 3. */
export function exitCodeOfStatus(status: 'success' | 'failed' | 'error'): 0 | 1 | 3 {
  return EXIT[status === 'success' ? 'success' : status === 'failed' ? 'failed' : 'error'];
}

/**
 * What the CLI says and exits with for an error a command threw: usage and configuration
 * problems are the caller's to fix (2, the message alone); anything else is ours (3, with
 * the stack, which is what a bug report needs).
 */
export function exitForError(e: unknown): { code: ExitCode; text: string } {
  if (e instanceof UsageError || e instanceof ConfigError) return { code: EXIT.usage, text: e.message };
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return {
    code: EXIT.error,
    text: `internal error: ${detail}\nhint: this is a bug in holdout, not your doing: report it with the lines above`,
  };
}

/** The words of anything thrown: an Error's message, anything else as a string. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
