import { oktaErrors } from '../state/errors.ts';

/** Okta's `limit` rules for one endpoint (reference §3.2). */
export interface LimitRule {
  default: number;
  max: number;
  min?: number;
}

/** Reads `limit`: absent → default; below the minimum → minimum; above max → max (Okta clamps); not a positive integer → 400. */
export function readLimit(raw: string | undefined, rule: LimitRule): number {
  if (raw === undefined || raw === '') return rule.default === -1 ? rule.max : rule.default;
  if (!/^-?\d{1,9}$/.test(raw)) throw oktaErrors.validation('limit', [`limit: '${raw}' is not a number`]);
  const n = Number(raw);
  if (n === -1 && rule.default === -1) return rule.max;
  if (n < 1) throw oktaErrors.validation('limit', [`limit: must be between 1 and ${rule.max}`]);
  return Math.min(Math.max(n, rule.min ?? 1), rule.max);
}

/**
 * Where a page starts after the cursor `after` (the last id of the previous page). If that item has gone
 * meanwhile (deleted, or no longer matching the search), a list in id order resumes at the first id after
 * it, and a list in another order ends with an empty page: starting over would hand the client page 1
 * again and can loop a client that pages while the org changes.
 */
export function cursorStart<T>(items: readonly T[], after: string | undefined, idOf: (item: T) => string, idOrdered: boolean): number {
  if (after === undefined || after === '') return 0;
  const at = items.findIndex((item) => idOf(item) === after);
  if (at >= 0) return at + 1;
  if (!idOrdered) return items.length;
  const next = items.findIndex((item) => idOf(item) > after);
  return next === -1 ? items.length : next;
}

/** One page of a sorted id list, and the cursor for the next page (the last id) when there is more. */
export function pageOf<T>(items: readonly T[], start: number, limit: number, cursorOf: (item: T) => string): { page: T[]; next: string | undefined } {
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return { page, next: start + limit < items.length && last !== undefined ? cursorOf(last) : undefined };
}

/**
 * Okta's separate `Link` headers: `self` (the request as made) and `next` (same query, new `after`),
 * absolute on the org origin (reference §3.2).
 */
export function linkHeaders(origin: string, path: string, query: Record<string, string | undefined>, next: string | undefined, nextParam = 'after'): string[] {
  const build = (q: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, v);
    const s = params.toString();
    return `${origin}${path}${s ? '?' + s : ''}`;
  };
  const links = [`<${build(query)}>; rel="self"`];
  if (next !== undefined) links.push(`<${build({ ...query, [nextParam]: next })}>; rel="next"`);
  return links;
}
