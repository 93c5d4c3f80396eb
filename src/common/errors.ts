/**
 * Every error Gatehouse throws extends {@link GatehouseError} and carries a stable `code`
 * (CONVENTIONS 3). Codes are listed in docs/errors.md; a test keeps the two in step.
 */
export const errorCodes = [
  'CONFIG_INVALID',
  'EMULATOR_SEED_INVALID',
  'EMULATOR_OPTIONS_INVALID',
  'OKTA_API_ERROR',
  'OKTA_RATE_LIMITED',
  'OKTA_AUTH_FAILED',
  'OKTA_NETWORK_ERROR',
  'OKTA_TIMEOUT',
  'OKTA_RESPONSE_INVALID',
  'CONNECTION_MISSING',
  'CONNECTION_FIELD_INVALID',
  'CONNECTION_INVALID',
  'VAULT_DECRYPT_FAILED',
  'VAULT_KEY_INVALID',
  'STORE_OPEN_FAILED',
  'STORE_DATA_INVALID',
  'AUDIT_ENTRY_INVALID',
  'RUN_LEASE_LOST',
  'RUN_NOT_FOUND',
  'WORKFLOW_NOT_FOUND',
  'WORKFLOW_NONDETERMINISTIC',
  'WORKFLOW_STEP_FAILED',
  'WORKFLOW_NON_RETRIABLE',
  'WORKFLOW_RETRY_AFTER',
  'WORKFLOW_OUTPUT_INVALID',
  'SCHEDULE_INVALID',
  'ENGINE_OPTIONS_INVALID',
  'RUN_CANCELLED',
  'WORKFLOW_INPUT_INVALID',
  'WORKFLOW_UNKNOWN',
  'APPROVAL_REFUSED',
  'WORKFLOW_INSTALL_FAILED',
  'REQUEST_INVALID',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'WEBHOOK_REFUSED',
  'CLI_USAGE_INVALID',
  'ACCESS_CONFIG_INVALID',
  'ACCESS_DENIED_BY_POLICY',
  'ACCESS_REQUEST_CONFLICT',
  'DIRECTORY_SYNC_FAILED',
  'DIRECTORY_READ_ONLY',
  'REVIEW_INVALID',
  'REVIEW_REFUSED',
  'SLACK_AUTH_FAILED',
] as const;

/** A stable error code. Never renamed or reused once shipped. */
export type ErrorCode = (typeof errorCodes)[number];

/** Base class of all Gatehouse errors. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Options given to an embedded component were invalid; the message says which and how to fix them. */
export class InvalidOptionsError extends GatehouseError {}
