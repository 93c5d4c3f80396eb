import type { Clock } from '../common/clock.ts';
import type { OktaCredentials } from './auth/credentials.ts';
import { createTokenProvider, type TokenProvider } from './auth/token-provider.ts';
import { createGovernor, type Governor } from './http/governor.ts';
import { createRequester, type Requester, type RequesterOptions } from './http/request.ts';
import { createOktaTransport } from './http/transport.ts';
import { createAppsResource } from './resources/apps.ts';
import { createGroupsResource } from './resources/groups.ts';
import { createLogsResource } from './resources/logs.ts';
import { createUsersResource } from './resources/users.ts';

export interface OktaClientOptions {
  /** `https://mycompany.okta.com` (or the emulator's `http://127.0.0.1:PORT` with allowInsecureRequests). */
  orgUrl: string;
  credentials: OktaCredentials;
  scopes: readonly string[];
  clock: Clock;
  /** How requests are sent (default: the Okta transport on undici's `request()`; tests wrap or replace it). */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  allowInsecureRequests?: boolean;
  /** Concurrent requests at most (default 10). */
  maxConcurrency?: number;
  timeoutMs?: number;
  onRetry?: RequesterOptions['onRetry'];
  /** Share one governor between clients of the same org (sync, workflows and CLI work share its budget). */
  governor?: Governor;
}

let transport: typeof fetch | undefined;
/** The process's Okta transport, made on first use. */
export function defaultTransport(): typeof fetch {
  return (transport ??= createOktaTransport());
}

/** Sleeps `ms` on the real timer, or rejects when the signal aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Creates the Okta Management API client: typed resources over one governed, authenticated requester.
 * @example
 * const okta = createOktaClient({ orgUrl, credentials, scopes: ['okta.users.read'], clock: systemClock });
 * for await (const user of okta.users.list({ search: 'profile.department eq "Engineering"' })) console.log(user.profile.login);
 */
export function createOktaClient(options: OktaClientOptions) {
  const fetchImpl = options.fetch ?? defaultTransport();
  const sleep = options.sleep ?? realSleep;
  const tokens: TokenProvider = createTokenProvider({
    orgUrl: options.orgUrl,
    credentials: options.credentials,
    scopes: options.scopes,
    fetch: fetchImpl,
    clock: options.clock,
    allowInsecureRequests: options.allowInsecureRequests ?? false,
  });
  const governor = options.governor ?? createGovernor({ clock: options.clock, sleep, maxConcurrency: options.maxConcurrency ?? 10 });
  const request: Requester = createRequester({
    orgUrl: options.orgUrl,
    tokens,
    governor,
    clock: options.clock,
    sleep,
    fetch: fetchImpl,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  return {
    orgUrl: options.orgUrl,
    tokens,
    governor,
    request,
    users: createUsersResource(request),
    groups: createGroupsResource(request),
    apps: createAppsResource(request),
    logs: createLogsResource(request),
  };
}

/** The Okta client's type. */
export type OktaClient = ReturnType<typeof createOktaClient>;
