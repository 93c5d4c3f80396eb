import { GatehouseError } from '../common/errors.ts';

/** An error answer from the Okta Management API, with everything Okta said about it. */
export class OktaApiError extends GatehouseError {
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorSummary: string | undefined;
  readonly errorCauses: string[];
  readonly errorId: string | undefined;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(init: { status: number; method: string; path: string; errorCode?: string; errorSummary?: string; errorCauses?: string[]; errorId?: string; requestId?: string; detail?: string }) {
    const what = init.errorCode ? `${init.errorCode} ${init.errorSummary ?? ''}`.trim() : (init.detail ?? `HTTP ${init.status}`);
    const causes = init.errorCauses && init.errorCauses.length > 0 ? ` (${init.errorCauses.join('; ')})` : '';
    super('OKTA_API_ERROR', `Okta answered ${init.status} to ${init.method} ${init.path}: ${what}${causes}`);
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errorSummary = init.errorSummary;
    this.errorCauses = init.errorCauses ?? [];
    this.errorId = init.errorId;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
  }
}

/** Okta kept answering 429; `resetAt` (epoch ms) is when its window reopens. The engine treats it as retry-after. */
export class OktaRateLimitError extends GatehouseError {
  readonly resetAt: number;
  readonly requestId: string | undefined;

  constructor(message: string, resetAt: number, requestId?: string) {
    super('OKTA_RATE_LIMITED', message);
    this.resetAt = resetAt;
    this.requestId = requestId;
  }
}

/** Why getting a token failed, in terms an Okta admin can act on. */
export type OktaAuthReason =
  | 'invalid_client'
  | 'consent_required'
  | 'invalid_scope'
  | 'dpop'
  | 'unauthorized_client'
  | 'access_denied'
  | 'token_invalid'
  | 'other';

/** The token endpoint refused us, or the API refused our token; the message says what to change in Okta. */
export class OktaAuthError extends GatehouseError {
  readonly reason: OktaAuthReason;
  readonly oauthError: string | undefined;
  readonly oauthDescription: string | undefined;

  constructor(reason: OktaAuthReason, message: string, oauth?: { error?: string; description?: string }, options?: { cause?: unknown }) {
    super('OKTA_AUTH_FAILED', message, options);
    this.reason = reason;
    this.oauthError = oauth?.error;
    this.oauthDescription = oauth?.description;
  }
}

/** The request never got an HTTP answer: DNS, TLS, refused or dropped connection. Names the host. */
export class OktaNetworkError extends GatehouseError {
  readonly host: string;

  constructor(host: string, message: string, options?: { cause?: unknown }) {
    super('OKTA_NETWORK_ERROR', message, options);
    this.host = host;
  }
}

/** Okta did not answer within the request timeout. */
export class OktaTimeoutError extends GatehouseError {
  constructor(message: string) {
    super('OKTA_TIMEOUT', message);
  }
}

/** Okta answered 2xx with a body that is not what its API documents. */
export class OktaResponseError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OKTA_RESPONSE_INVALID', message, options);
  }
}
