/**
 * Recognizes what kind of value was pasted, so that each field can say "this belongs in another
 * field" instead of a generic "invalid". Only the kind is reported, never the value.
 */

/** What a pasted value looks like. */
export type PasteKind =
  | 'empty'
  | 'json'
  | 'pem'
  | 'client_id'
  | 'other_okta_id'
  | 'client_secret'
  | 'scopes'
  | 'url'
  | 'email'
  | 'other';

const clientIdPattern = /^0oa[0-9A-Za-z]{17}$/;
const otherOktaIds: Readonly<Record<string, string>> = { '00u': 'a user ID', '00g': 'a group ID', aus: 'an authorization server ID', '0ua': 'an app user ID' };
const scopeLike = /^(okta|ssf)(\.[A-Za-z]+)+$/;
const scopeVerb = /\.(read|manage|register|self)$/;
const oidcScopes: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access', 'address', 'phone', 'groups']);
// A domain with a dot, optionally a scheme, port and path: what a browser's address bar holds.
const urlLike = /^([a-z][a-z0-9+.-]*:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z][a-z0-9-]*\.?(:\d+)?([/?#]\S*)?$/i;

/** Okta's 20-character Client ID shape: 0oa and 17 letters and digits. */
export function isClientIdShape(text: string): boolean {
  return clientIdPattern.test(text);
}

/** The words a scope list is made of (commas, spaces, newlines; brackets and quotes of a JSON list dropped). */
export function scopeTokens(text: string): string[] {
  return text
    .replace(/[[\]"'`\u201C\u201D\u2018\u2019]/g, ' ')
    .split(/[\s,;]+/)
    .filter((t) => t.length > 0);
}

/** True for text that is a list of scope names rather than a single value of another field. */
export function looksLikeScopes(text: string): boolean {
  const tokens = scopeTokens(text);
  return (
    tokens.length > 0 &&
    tokens.some((t) => scopeLike.test(t) && scopeVerb.test(t)) &&
    tokens.every((t) => (scopeLike.test(t) && scopeVerb.test(t)) || oidcScopes.has(t.toLowerCase()))
  );
}

/** Random-looking text of letters, digits, - and _ mixing cases and digits: a client secret, a kid or a token. */
export function looksLikeSecret(text: string): boolean {
  return /^[A-Za-z0-9_-]{30,100}$/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text);
}

/** What `text` (already cleaned, see cleanPaste) looks like. */
export function recognize(text: string): PasteKind {
  if (text.length === 0) return 'empty';
  if (text.startsWith('{') || text.startsWith('[{') || /^\[\s*\{/.test(text)) return 'json';
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(text) || /^(ssh-(rsa|ed25519)|ecdsa-sha2-)/.test(text)) return 'pem';
  if (isClientIdShape(text)) return 'client_id';
  if (otherOktaIdKind(text)) return 'other_okta_id';
  if (looksLikeScopes(text)) return 'scopes';
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) return 'email';
  if (text.includes('://') || urlLike.test(text)) return 'url';
  if (looksLikeSecret(text)) return 'client_secret';
  return 'other';
}

/** "a user ID" for 00u…, and so on, for other Okta object ids pasted as a Client ID. */
export function otherOktaIdKind(text: string): string | undefined {
  if (!/^[0-9a-z]{3}[0-9A-Za-z]{17}$/.test(text)) return undefined;
  return otherOktaIds[text.slice(0, 3)];
}
