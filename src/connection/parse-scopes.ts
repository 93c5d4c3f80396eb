import { ConnectionFieldError } from './errors.ts';
import { cleanPaste } from './internal/clean-paste.ts';
import { closest } from './internal/edit-distance.ts';
import { knownOktaScopes } from './internal/okta-scopes.ts';
import { looksLikeSecret, recognize, scopeTokens } from './internal/recognize.ts';

/** The Scopes field, parsed. */
export interface ParsedScopes {
  /** Known Okta API scopes, de-duplicated, in the order given. */
  scopes: string[];
  /** Things worth fixing that do not stop the connection (short sentences). */
  warnings: string[];
}

const known: ReadonlySet<string> = new Set(knownOktaScopes);
const knownByLowerCase: ReadonlyMap<string, string> = new Map(knownOktaScopes.map((s) => [s.toLowerCase(), s]));
const oidcScopes: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access', 'address', 'phone', 'groups']);
const oktaDomain = /\.(okta|oktapreview|okta-emea|okta-gov)\.com\.?$|\.okta\.mil\.?$/i;
const expected = "Scopes are the Okta API scopes granted to the app on its \"Okta API Scopes\" tab, separated by commas or spaces, like okta.users.read, okta.groups.manage";
const maxProblemsShown = 5;

const fail = (message: string) => new ConnectionFieldError('scopes', message);

/**
 * Parses the Scopes field: Okta API scope names separated by commas, spaces or new lines (a JSON list
 * is fine too), trimmed and de-duplicated in order. Every name must be a known Okta API scope; a
 * misspelt one gets a "did you mean …?". Warns about a `.manage` scope without its `.read` and a
 * missing `okta.logs.read`.
 *
 * @throws {ConnectionFieldError} (field `scopes`) listing every bad name at once.
 * @example
 * parseScopes('okta.users.read, okta.groups.manage okta.groups.read\nokta.logs.read');
 * // → { scopes: ['okta.users.read', 'okta.groups.manage', 'okta.groups.read', 'okta.logs.read'], warnings: [] }
 */
export function parseScopes(input: string): ParsedScopes {
  const text = cleanPaste(input);
  switch (recognize(text)) {
    case 'empty':
      throw fail(`Scopes is empty. ${expected}. Gatehouse needs at least one; okta.users.read, okta.groups.read and okta.logs.read let it read the directory.`);
    case 'json':
      throw fail(`This looks like the key JSON, which belongs in Client Secret. ${expected}.`);
    case 'pem':
      throw fail(`This looks like a key (PEM), which belongs in Client Secret. ${expected}.`);
    case 'client_id':
      throw fail(`This is a Client ID (0oa…), which belongs in Client ID. ${expected}.`);
    case 'client_secret':
      throw fail(`This looks like a client secret or key, which belongs in Client Secret. ${expected}.`);
    case 'email':
      throw fail(`This looks like an e-mail address or user name. ${expected}.`);
    default:
      break;
  }

  const scopes: string[] = [];
  const problems: string[] = [];
  for (const token of scopeTokens(text)) {
    if (known.has(token)) {
      if (!scopes.includes(token)) scopes.push(token);
      continue;
    }
    const problem = describeUnknown(token);
    if (!problems.includes(problem)) problems.push(problem);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, maxProblemsShown);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    throw fail(`${shown.join(' ')}${more} ${expected}.`);
  }
  if (scopes.length === 0) throw fail(`Scopes holds no scope names. ${expected}.`);
  return { scopes, warnings: warningsFor(scopes) };
}

function describeUnknown(token: string): string {
  if (token.includes('://') || oktaDomain.test(token)) {
    return 'A web address or domain is listed; it belongs in Instance ID.';
  }
  if (!safeToShow(token)) return 'A value that is not a scope name is listed (perhaps a secret pasted into the wrong field).';
  const name = token;
  if (/^okta\.myAccount\./i.test(name)) {
    return `${name} is a MyAccount scope, for apps acting for a signed-in user; an API Services app cannot use it (Okta refuses it with client credentials). Remove it.`;
  }
  if (/\.self$/i.test(name)) {
    const base = knownByLowerCase.get(name.replace(/\.self$/i, '').toLowerCase());
    const instead = base === undefined ? 'Remove it.' : `Use ${base} instead.`;
    return `${name} is a user-level (.self) scope, for apps acting for a signed-in user; Okta refuses .self scopes with client credentials. ${instead}`;
  }
  if (oidcScopes.has(name.toLowerCase())) {
    return `${name} is an OpenID Connect sign-in scope; Okta refuses it with client credentials. Remove it: Gatehouse needs only okta.* scopes.`;
  }
  const suggestion = suggest(name);
  if (suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase()) {
    return `${name} is not an Okta API scope: did you mean ${suggestion}? Scope names are case-sensitive.`;
  }
  if (suggestion !== undefined) return `${name} is not an Okta API scope: did you mean ${suggestion}?`;
  if (!/^(okta|ssf)\./i.test(name)) return `${name} is not an Okta API scope (they start with okta.); Gatehouse calls only the Okta Management API.`;
  return `${name} is not an Okta API scope Gatehouse knows; copy the exact name from the app's "Okta API Scopes" tab.`;
}

/**
 * Scope-like names (dotted, or a plain word like `openid`) may be shown back; anything random-looking,
 * such as a secret pasted into the wrong field, may not.
 */
function safeToShow(token: string): boolean {
  if (looksLikeSecret(token)) return false;
  // Scope names are words: dotted segments in lower or camel case (okta.userTypes.read, okta.Users.Read),
  // or one lower-case word (openid, offline_access). Random letters of a key ("ZNReXvAVaTkf") are neither.
  const segment = '[A-Za-z][a-z0-9_-]*(?:[A-Z][a-z0-9_-]+)*';
  if (new RegExp(`^${segment}(?:[.:]${segment})+$`).test(token)) return token.length <= 80;
  return /^[A-Za-z]?[a-z_]{1,29}$/.test(token);
}

/** The known scope the user most probably meant. */
function suggest(token: string): string | undefined {
  const exact = knownByLowerCase.get(token.toLowerCase());
  if (exact !== undefined) return exact;
  let guess = token.replace(/[:/_]+/g, '.').replace(/^\.+|\.+$/g, '');
  if (!/^(okta|ssf)\./i.test(guess)) guess = `okta.${guess}`;
  guess = guess
    .replace(/\.(write|admin|edit|update|create|delete|all|full|rw)$/i, '.manage')
    .replace(/\.(readonly|read-only|view|get|list|ro)$/i, '.read');
  const direct = knownByLowerCase.get(guess.toLowerCase());
  if (direct !== undefined) return direct;
  const lower = guess.toLowerCase();
  const match = closest(lower, [...knownByLowerCase.keys()], Math.max(2, Math.floor(lower.length / 6)));
  return match === undefined ? undefined : knownByLowerCase.get(match);
}

function warningsFor(scopes: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const scope of scopes) {
    if (!scope.endsWith('.manage')) continue;
    const read = `${scope.slice(0, -'.manage'.length)}.read`;
    if (known.has(read) && !scopes.includes(read)) {
      warnings.push(`${scope} is listed without ${read}: manage covers reads, but list ${read} too (granted in Okta) so reads keep working if manage is ever revoked.`);
    }
  }
  if (!scopes.includes('okta.logs.read')) {
    warnings.push('okta.logs.read is not listed: event triggers and directory sync read the System Log and need it.');
  }
  return warnings;
}
