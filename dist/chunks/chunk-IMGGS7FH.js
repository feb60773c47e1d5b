import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);

// src/ledger/errors.ts
var LedgerError = class extends Error {
  name = "LedgerError";
};

export {
  LedgerError
};
