import { Agent, request as undiciRequest, type Dispatcher } from 'undici';

/**
 * The `fetch` the Okta client sends with by default: undici's `request()` behind the `fetch` shape
 * oauth4webapi and the requester expect. Node 20's global `fetch` (undici's WHATWG layer: a Request
 * object, web streams for every body, an abort signal per call) cost about twice the SDK's
 * node-fetch per call in `bench:client`; on `request()` the same call costs about what the SDK's
 * does, which matters in the window's last seconds when a bulk job is CPU-bound.
 *
 * What it supports is what Okta's API needs: string and URL inputs; headers as a record, pairs or
 * `Headers`; string, `URLSearchParams` and byte bodies; `signal`. The answer is buffered (Okta's API
 * answers are JSON of bounded size) and redirects are returned, not followed, as with
 * `redirect: 'manual'` (Okta's API does not redirect). Anything else — a `Request` object, a stream
 * or form body — goes to the global `fetch` unchanged. Failures reject like `fetch` does: the
 * signal's reason when aborted, otherwise `TypeError('fetch failed', { cause })`, so the callers'
 * DNS/TLS/network translation reads the same causes.
 */
export function createOktaTransport(options: { dispatcher?: Dispatcher } = {}): typeof fetch {
  const dispatcher = options.dispatcher ?? sharedAgent();
  return async function oktaFetch(input, init = {}) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    const body = requestBody(init.body);
    if (url === undefined || body === unsupported) return globalThis.fetch(input, init);
    const headers = headerRecord(init.headers);
    if (init.body instanceof URLSearchParams && headers['content-type'] === undefined) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    const signal = init.signal ?? undefined;
    let status: number;
    let received: Record<string, string | string[] | undefined>;
    let bytes: ArrayBuffer;
    try {
      signal?.throwIfAborted();
      const answer = await undiciRequest(url, { method: (init.method ?? 'GET') as Dispatcher.HttpMethod, headers, body, dispatcher, ...(signal ? { signal } : {}) });
      status = answer.statusCode;
      received = answer.headers;
      bytes = await answer.body.arrayBuffer();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new TypeError('fetch failed', { cause: error });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(received)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const empty = status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
    const response = new Response(empty ? null : bytes, { status, headers: responseHeaders });
    // `fetch` answers carry the URL they came from (a Response built here would have '').
    Object.defineProperty(response, 'url', { value: url });
    return response;
  };
}

let agent: Agent | undefined;
/** One connection pool for every client in the process, as the global `fetch` has (idle sockets don't keep it alive). */
function sharedAgent(): Agent {
  return (agent ??= new Agent());
}

const unsupported = Symbol('unsupported body');

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined | typeof unsupported {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return unsupported;
}

/** Headers as one lower-cased record; a name given twice is joined with ", " as `Headers` does. */
function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const pairs = headers instanceof Headers ? headers.entries() : Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of pairs) {
    const key = String(name).toLowerCase();
    record[key] = record[key] === undefined ? String(value) : `${record[key]}, ${String(value)}`;
  }
  return record;
}
