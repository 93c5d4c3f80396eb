/**
 * Cookies without a dependency: reading the `Cookie` header and writing `Set-Cookie` values
 * (RFC 6265). Only what the console's session needs: httpOnly, SameSite, Secure, Path, Max-Age.
 * @see https://www.rfc-editor.org/rfc/rfc6265
 */

/** The cookies of a `Cookie` header; the first of a repeated name wins (the most specific path, as browsers send it). */
export function parseCookies(header: string | undefined): Record<string, string> {
  // No prototype: a cookie named __proto__ is just a name.
  const out = Object.create(null) as Record<string, string>;
  if (!header) return out;
  for (const raw of header.split(';')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (Object.hasOwn(out, name)) continue;
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** What a `Set-Cookie` carries besides the name and value. */
export interface CookieOptions {
  path: string;
  /** Seconds; 0 deletes the cookie. Absent: a browser-session cookie. */
  maxAge?: number;
  httpOnly: boolean;
  sameSite: 'Lax' | 'Strict';
  secure: boolean;
}

/** A `Set-Cookie` header value. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  if (options.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${options.sameSite}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
