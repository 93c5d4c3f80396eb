/** The CLI's exit codes (documented in README.md). */
export const exitCodes = {
  ok: 0,
  /** Okta or the operation failed (an API error, a failed row in bulk work). */
  failed: 1,
  /** The command line or a value given was invalid. */
  usage: 2,
  /** Not connected, or Okta refused the credentials. */
  auth: 3,
  /** `okta test` found capabilities that do not work. */
  checkFailed: 4,
} as const;
