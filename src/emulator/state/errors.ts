/**
 * An error the emulator answers with an Okta error object (reference §3.1). Thrown by state operations and
 * route handlers; `http/errors.ts` turns it into the response.
 */
export class OktaError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly errorCauses: string[];
  readonly headers: Record<string, string>;

  constructor(status: number, errorCode: string, errorSummary: string, errorCauses: string[] = [], headers: Record<string, string> = {}) {
    super(`${errorCode}: ${errorSummary}`);
    this.name = 'OktaError';
    this.status = status;
    this.errorCode = errorCode;
    this.errorSummary = errorSummary;
    this.errorCauses = errorCauses;
    this.headers = headers;
  }
}

/** An OAuth 2.0 error answer (`{error, error_description}`) from the org authorization server. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly headers: Record<string, string>;

  constructor(status: number, error: string, description: string, headers: Record<string, string> = {}) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.status = status;
    this.error = error;
    this.description = description;
    this.headers = headers;
  }
}

/** An answer with no body but a status and headers (e.g. 403 insufficient_scope, which Okta sends empty). */
export class BareError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;

  constructor(status: number, headers: Record<string, string>, body: unknown = undefined) {
    super(`HTTP ${status}`);
    this.name = 'BareError';
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/** The errors Okta answers most, with their exact summaries (reference §3.1). */
export const oktaErrors = {
  validation: (what: string, causes: string[] = []) => new OktaError(400, 'E0000001', `Api validation failed: ${what}`, causes),
  invalidRequest: (what: string) => new OktaError(400, 'E0000002', `The request was not valid: ${what}`),
  malformedBody: () => new OktaError(400, 'E0000003', 'The request body was not well-formed.'),
  forbidden: () => new OktaError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  notFound: (id: string, type: string) => new OktaError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`),
  noSuchPath: () => new OktaError(404, 'E0000008', 'The requested path was not found'),
  internal: () => new OktaError(500, 'E0000009', 'Internal Server Error'),
  invalidToken: () => new OktaError(401, 'E0000011', 'Invalid token provided'),
  alreadyActive: () => new OktaError(403, 'E0000016', 'Activation failed because the user is already active'),
  methodNotAllowed: () => new OktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
  missingParameter: (name: string) =>
    new OktaError(400, 'E0000028', 'The request is missing a required parameter.', [`${name}: The request is missing a required parameter.`]),
  invalidSearch: (cause: string) => new OktaError(400, 'E0000031', 'Invalid search criteria.', [cause]),
  unlockNotAllowed: () => new OktaError(403, 'E0000032', 'Unlock is not allowed for this user.'),
  wrongStatus: () => new OktaError(403, 'E0000038', "This operation is not allowed in the user's current status."),
  duplicateLabel: () => new OktaError(400, 'E0000040', 'Application label must not be the same as an existing application label.'),
  groupSourcedAppUser: () =>
    new OktaError(403, 'E0000046', 'Deactivate application for user forbidden.', [
      'The application cannot be unassigned from the user while their group memberships grant them access',
    ]),
  rateLimited: () => new OktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  logParameter: (message: string) => new OktaError(400, 'E0000053', message),
  deleteActiveApp: () =>
    new OktaError(403, 'E0000056', 'Delete application forbidden.', ['The application must be deactivated before deletion.']),
  roleAlreadyAssigned: () => new OktaError(409, 'E0000090', 'The role specified is already assigned to the user.'),
  targetCountExceeded: () => new OktaError(400, 'E0000093', 'Target count limit exceeded'),
  unsupportedFilter: () => new OktaError(400, 'E0000094', 'The provided filter is unsupported.'),
  inactiveUserApps: () => new OktaError(403, 'E0000117', 'Cannot assign apps or update app profiles for an inactive user.'),
  notAcceptable: () => new OktaError(406, 'E0000122', "Accept Header did not contain supported media type 'application/json'"),
  expirePasswordNeedsPassword: () =>
    new OktaError(400, 'E0000124', 'Could not create user. To create a user and expire their password immediately, a password must be specified'),
  expirePasswordNeedsActivate: () =>
    new OktaError(400, 'E0000125', 'Could not create user. To create a user and expire their password immediately, "activate" must be true'),
  ruleGroupRole: () => new OktaError(400, 'E0000192', 'Roles cannot be granted to groups with group membership rules.'),
  nonServiceClient: () => new OktaError(400, 'E0000227', 'Admin roles can only be assigned to service apps.'),
  unsupportedMediaType: () => new OktaError(415, 'E0000021', 'Bad request. Accept and/or Content-Type headers likely do not match supported values.'),
  lengthRequired: () => new OktaError(411, 'E0000002', 'The request was not valid: Content-Length required'),
  payloadTooLarge: () => new OktaError(413, 'E0000002', 'The request was not valid: request body too large'),
} as const;
