/** Finds the `rel="next"` target among `Link` header values (Okta sends separate Link headers). */
export function nextLink(linkHeader: string | null): string | undefined {
  if (!linkHeader) return undefined;
  // Headers joined by fetch arrive as one comma-separated string; URLs may contain commas only percent-encoded.
  for (const part of linkHeader.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (m && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}
