/**
 * Okta's request ids for the audit log, without the Okta client knowing about audits: a `fetch`
 * wrapper notes each response's `X-Okta-Request-Id` into the async context of the step that made the
 * call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultTransport } from '../../okta/index.ts';

/** Records request ids of the Okta calls made inside `capture`. */
export function createRequestIdRecorder(base: typeof fetch = defaultTransport()) {
  const storage = new AsyncLocalStorage<string[]>();
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await base(input, init);
    const id = response.headers.get('x-okta-request-id');
    const ids = storage.getStore();
    // The token endpoint's ids are not changes; only Management API calls are kept.
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (id && ids && !url.includes('/oauth2/v1/token')) ids.push(id);
    return response;
  };
  return {
    fetch: recordingFetch,
    /** Runs `fn` and returns its result with the request ids of the calls it made. */
    async capture<T>(fn: () => Promise<T>): Promise<{ result: T; requestIds: string[] }> {
      const ids: string[] = [];
      const result = await storage.run(ids, fn);
      return { result, requestIds: ids };
    },
  };
}

export type RequestIdRecorder = ReturnType<typeof createRequestIdRecorder>;
