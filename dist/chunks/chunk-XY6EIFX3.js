import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);

// src/errors.ts
var EXIT = { success: 0, failed: 1, usage: 2, error: 3 };
var UsageError = class extends Error {
  name = "UsageError";
};
var ConfigError = class extends Error {
  constructor(message, problems = [message]) {
    super(message);
    this.problems = problems;
    this.name = "ConfigError";
  }
  problems;
};
function exitCodeOfStatus(status) {
  return EXIT[status === "success" ? "success" : status === "failed" ? "failed" : "error"];
}
function exitForError(e) {
  if (e instanceof UsageError || e instanceof ConfigError) return { code: EXIT.usage, text: e.message };
  const detail = e instanceof Error ? e.stack ?? e.message : String(e);
  return {
    code: EXIT.error,
    text: `internal error: ${detail}
hint: this is a bug in holdout, not your doing: report it with the lines above`
  };
}
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

export {
  EXIT,
  UsageError,
  ConfigError,
  exitCodeOfStatus,
  exitForError,
  messageOf
};
