import type { z } from 'zod';
import { OktaResponseError } from '../errors.ts';
import { nextLink } from './link-header.ts';
import type { OktaResponse, Requester } from './request.ts';

/** Parses a body with a schema, or throws OktaResponseError naming the call. */
export function parseAs<S extends z.ZodType>(schema: S, response: OktaResponse, what: string): z.infer<S> {
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new OktaResponseError(
    `Okta's answer to ${what} is not what its API documents (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}; request id ${response.requestId ?? 'none'}).`,
    { cause: result.error },
  );
}

/**
 * Iterates every item of a list endpoint, page by page, following `Link: rel="next"` (CONVENTIONS;
 * reference §3.2). Items are parsed one by one so a page is validated as it arrives.
 */
export async function* paginate<S extends z.ZodType>(request: Requester, path: string, itemSchema: S, what: string, signal?: AbortSignal): AsyncGenerator<z.infer<S>> {
  const fetchPage = (pagePath: string) => request({ method: 'GET', path: pagePath, ...(signal ? { signal } : {}) });
  let pending: Promise<OktaResponse> | undefined = fetchPage(path);
  try {
    while (pending !== undefined) {
      const response: OktaResponse = await pending;
      pending = undefined;
      if (!Array.isArray(response.body)) throw new OktaResponseError(`Okta's answer to ${what} is not a list (request id ${response.requestId ?? 'none'}).`);
      // Okta's SDKs stop at the first empty page even if a next link is present.
      const next = response.body.length > 0 ? nextLink(response.headers.get('link')) : undefined;
      // Cursor pages are sequential, so ask for the next one now: its round trip overlaps parsing and
      // the caller's work on this page. A caller that stops early costs at most this one extra request.
      if (next !== undefined) pending = fetchPage(next);
      for (const item of response.body) {
        const parsed = itemSchema.safeParse(item);
        if (!parsed.success) throw new OktaResponseError(`An item of ${what} is not what Okta's API documents (request id ${response.requestId ?? 'none'}).`, { cause: parsed.error });
        yield parsed.data;
      }
    }
  } finally {
    // Stopped early (break, error): nobody will read the prefetched page; keep its failure from going unhandled.
    pending?.catch(() => undefined);
  }
}

/** Builds `path?query` leaving out undefined values. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Encodes an id or login for a path segment, keeping `@` literal (Okta compares DPoP htu percent-decoded: reference §1.8). */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}
