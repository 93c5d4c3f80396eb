import * as oauth from 'oauth4webapi';
import type { Clock } from '../../common/clock.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import { OktaApiError, OktaAuthError, OktaRateLimitError, OktaResponseError } from '../errors.ts';
import type { Governor } from './governor.ts';
import { translateFetchFailure } from './network-error.ts';

/** One Management API call. `path` may carry a query string; absolute URLs must be on the org's origin. */
export interface OktaRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Safe to repeat after a 5xx or a dropped connection. Default: true for GET/PUT/DELETE, false for POST/PATCH. */
  idempotent?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A successful answer. */
export interface OktaResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  requestId: string | undefined;
  url: URL;
}

export interface RequesterOptions {
  orgUrl: string;
  tokens: TokenProvider;
  governor: Governor;
  clock: Clock;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch: typeof fetch;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** Retries of 429 answers (default 8) and of safe requests after 5xx/network failures (default 4). */
  maxRateLimitRetries?: number;
  maxErrorRetries?: number;
  random?: () => number;
  userAgent?: string;
  /** Told about each retry (for logs and progress displays). Never given secrets. */
  onRetry?: (event: { reason: 'rate_limited' | 'server_error' | 'network' | 'token_refresh' | 'dpop_nonce'; method: string; path: string; attempt: number; waitMs: number }) => void;
}

export type Requester = (request: OktaRequest) => Promise<OktaResponse>;

interface Challenge {
  scheme: string;
  parameters: Record<string, string | undefined>;
}

function challengeParam(challenges: readonly Challenge[] | undefined, name: string): string | undefined {
  for (const c of challenges ?? []) if (c.parameters[name] !== undefined) return c.parameters[name];
  return undefined;
}

/**
 * The one place that sends Management API requests and turns answers into results or typed errors
 * (CONVENTIONS 5): auth and DPoP proofs, the governor, 429 waits, safe retries, one token refresh on 401.
 */
export function createRequester(options: RequesterOptions): Requester {
  const origin = new URL(options.orgUrl).origin;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 8;
  const maxErrorRetries = options.maxErrorRetries ?? 4;
  const random = options.random ?? Math.random;
  const userAgent = options.userAgent ?? 'gatehouse/0.1';

  return async function request(req) {
    const url = new URL(req.path, options.orgUrl);
    if (url.origin !== origin) throw new OktaResponseError(`Refusing to send the Okta token to ${url.origin}: links must stay on ${origin}.`);
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE');
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let rateLimitRetries = 0;
    let errorRetries = 0;
    let refreshed = false;
    let nonceRetries = 0;

    for (let attempt = 1; ; attempt++) {
      const token = await options.tokens.getToken();
      const release = await options.governor.acquire(req.method, url.pathname, req.signal);
      const headers = new Headers({ accept: 'application/json', 'user-agent': userAgent, ...(req.headers ?? {}) });
      // Okta wants JSON on every write, an empty PUT/POST included (with Content-Length: 0).
      if (body !== undefined || req.method === 'POST' || req.method === 'PUT') headers.set('content-type', 'application/json');
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let response: Response;
      let challenges: Challenge[] | undefined;
      try {
        const dpop = options.tokens.dpop();
        response = await oauth.protectedResourceRequest(token.value, req.method, url, headers, body ?? (req.method === 'POST' || req.method === 'PUT' ? '' : null), {
          ...options.tokens.requestOptions(),
          ...(token.type === 'DPoP' && dpop ? { DPoP: dpop } : {}),
          signal,
        });
      } catch (error) {
        if (error instanceof oauth.WWWAuthenticateChallengeError) {
          response = error.response;
          challenges = error.cause as unknown as Challenge[];
        } else {
          release();
          req.signal?.throwIfAborted();
          const failure = translateFetchFailure(error, url, timeout.aborted);
          if (idempotent && errorRetries < maxErrorRetries) {
            errorRetries++;
            const waitMs = backoff(errorRetries, random);
            options.onRetry?.({ reason: 'network', method: req.method, path: url.pathname, attempt, waitMs });
            await options.sleep(waitMs, req.signal);
            continue;
          }
          throw failure;
        }
      }
      release(response.headers);
      const requestId = response.headers.get('x-okta-request-id') ?? undefined;

      if (response.status >= 200 && response.status < 300) {
        const text = await response.text();
        let parsed: unknown;
        if (text.length > 0) {
          try {
            parsed = JSON.parse(text);
          } catch (error) {
            throw new OktaResponseError(`Okta answered ${req.method} ${url.pathname} with a body that is not JSON (request id ${requestId ?? 'none'}).`, { cause: error });
          }
        }
        return { status: response.status, headers: response.headers, body: parsed, requestId, url };
      }

      const error = challengeParam(challenges, 'error');
      if (error === 'use_dpop_nonce' && nonceRetries < 2) {
        nonceRetries++;
        await response.body?.cancel();
        options.onRetry?.({ reason: 'dpop_nonce', method: req.method, path: url.pathname, attempt, waitMs: 0 });
        continue;
      }
      if (response.status === 401 && !refreshed) {
        // A revoked or expired token: drop it and get a new one, once.
        refreshed = true;
        options.tokens.invalidate(token.value);
        await response.body?.cancel();
        options.onRetry?.({ reason: 'token_refresh', method: req.method, path: url.pathname, attempt, waitMs: 0 });
        continue;
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const resetAt = resetTime(response.headers, options.clock.now());
        options.governor.exhaust(req.method, url.pathname, resetAt);
        if (rateLimitRetries < maxRateLimitRetries) {
          rateLimitRetries++;
          const waitMs = Math.max(0, resetAt - options.clock.now()) + Math.floor(random() * 500);
          options.onRetry?.({ reason: 'rate_limited', method: req.method, path: url.pathname, attempt, waitMs });
          await options.sleep(waitMs, req.signal);
          continue;
        }
        throw new OktaRateLimitError(`Okta kept answering 429 to ${req.method} ${url.pathname}; its window reopens at ${new Date(resetAt).toISOString()}.`, resetAt, requestId);
      }
      if (response.status >= 500 && idempotent && errorRetries < maxErrorRetries) {
        await response.body?.cancel();
        errorRetries++;
        const waitMs = backoff(errorRetries, random);
        options.onRetry?.({ reason: 'server_error', method: req.method, path: url.pathname, attempt, waitMs });
        await options.sleep(waitMs, req.signal);
        continue;
      }
      throw await apiError(response, req.method, url, requestId, challenges);
    }
  };
}

function backoff(retry: number, random: () => number): number {
  return Math.min(10_000, 250 * 2 ** (retry - 1)) + Math.floor(random() * 250);
}

function resetTime(headers: Headers, now: number): number {
  const raw = headers.get('x-rate-limit-reset');
  const seconds = raw && !raw.includes(',') ? Number(raw) : NaN;
  // Okta's reset is epoch seconds; without one, wait a conservative second.
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : now + 1000;
}

async function apiError(response: Response, method: string, url: URL, requestId: string | undefined, challenges: Challenge[] | undefined): Promise<Error> {
  const text = await response.text().catch(() => '');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  const error = challengeParam(challenges, 'error') ?? (typeof body.error === 'string' ? body.error : undefined);
  const description = challengeParam(challenges, 'error_description') ?? (typeof body.error_description === 'string' ? body.error_description : undefined);
  if (error === 'insufficient_scope') {
    const scope = challengeParam(challenges, 'scope') ?? 'the required scope';
    return new OktaApiError({
      status: response.status,
      method,
      path: url.pathname,
      errorCode: 'insufficient_scope',
      errorSummary: `the token lacks ${scope}: grant it on the app's "Okta API Scopes" tab and add it to the connection's scopes`,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (response.status === 401) {
    return new OktaAuthError('token_invalid', `Okta refused the access token for ${method} ${url.pathname}: ${description ?? String(body.errorSummary ?? 'invalid token')}.`, { ...(error ? { error } : {}), ...(description ? { description } : {}) });
  }
  if (error && !body.errorCode) {
    return new OktaApiError({ status: response.status, method, path: url.pathname, errorCode: error, errorSummary: description ?? error, ...(requestId ? { requestId } : {}) });
  }
  const causes = Array.isArray(body.errorCauses)
    ? body.errorCauses.map((c) => (c && typeof c === 'object' && typeof (c as { errorSummary?: unknown }).errorSummary === 'string' ? String((c as { errorSummary: string }).errorSummary) : '')).filter(Boolean)
    : body.errorCauses && typeof body.errorCauses === 'object'
      ? [String((body.errorCauses as { errorSummary?: unknown }).errorSummary ?? '')]
      : [];
  return new OktaApiError({
    status: response.status,
    method,
    path: url.pathname,
    ...(typeof body.errorCode === 'string' ? { errorCode: body.errorCode } : {}),
    ...(typeof body.errorSummary === 'string' ? { errorSummary: body.errorSummary } : {}),
    errorCauses: causes,
    ...(typeof body.errorId === 'string' ? { errorId: body.errorId } : {}),
    ...(requestId ? { requestId } : {}),
    ...(text && !body.errorCode ? { detail: `non-Okta body of ${text.length} bytes` } : {}),
  });
}
