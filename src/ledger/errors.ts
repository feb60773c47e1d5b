/** The ledger's own error: our fault or the repository's settings; the message says what to change. */
export class LedgerError extends Error {
  override name = 'LedgerError';
}
