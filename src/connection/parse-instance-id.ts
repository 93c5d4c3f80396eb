import { isIP } from 'node:net';
import { ConnectionFieldError } from './errors.ts';
import { cleanPaste } from './internal/clean-paste.ts';
import { recognize } from './internal/recognize.ts';

/** An Okta org's address: `host` is stored, `orgUrl` is what the Okta client calls. */
export interface InstanceId {
  /** The bare, lower-case domain (`mycompany.okta.com`); for an allowed local base URL, host and port (`127.0.0.1:8080`). */
  host: string;
  /** `https://<host>`, or the local base URL as given (`http://127.0.0.1:8080`). */
  orgUrl: string;
}

/** Options of {@link parseInstanceId}. */
export interface ParseInstanceIdOptions {
  /**
   * Accept an explicit `http(s)://localhost` or `http(s)://127.0.0.1` base URL with a port (the emulator,
   * tests), like openid-client's `allowInsecureRequests`. Never allows http for any other host.
   */
  allowInsecure?: boolean;
}

// Ref: https://help.okta.com/en-us/content/topics/settings/settings-customization-domain.htm
// (an org is <subdomain>.<one of these>; custom domains are any other name).
const oktaSuffixes = ['okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com', 'okta.mil'] as const;
// Names under okta.com that are Okta's own sites, never an org.
const oktaOwnSites: ReadonlySet<string> = new Set(['www', 'developer', 'help', 'support', 'login', 'status', 'trust', 'community', 'devforum']);
const localHosts: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const topLevel = /^[a-z][a-z0-9-]*[a-z0-9]$|^xn--[a-z0-9-]+$/;

const expected = "Instance ID is your Okta org's domain, like mycompany.okta.com";
const fail = (message: string) => new ConnectionFieldError('instanceId', message);

/**
 * Parses the Instance ID field: an org domain (`mycompany.okta.com`, `*.oktapreview.com`, `*.okta-emea.com`,
 * `*.okta-gov.com`, `*.okta.mil` or a custom domain such as `login.acme.com`), alone or inside a URL
 * pasted from the browser. Refuses the Admin Console's `-admin` domain, naming the one to use.
 *
 * @throws {ConnectionFieldError} with an actionable message (field `instanceId`).
 * @example
 * parseInstanceId('https://MyCompany.okta.com/app/UserHome?x=1');
 * // → { host: 'mycompany.okta.com', orgUrl: 'https://mycompany.okta.com' }
 */
export function parseInstanceId(input: string, options: ParseInstanceIdOptions = {}): InstanceId {
  const text = cleanPaste(input);
  const kind = recognize(text);
  switch (kind) {
    case 'empty':
      throw fail(`Instance ID is empty. Enter your Okta org's domain, like mycompany.okta.com: the address of your Okta sign-in page, without -admin.`);
    case 'json':
      throw fail(`This looks like the key JSON, which belongs in Client Secret. ${expected}.`);
    case 'pem':
      throw fail(`This looks like a key (PEM), which belongs in Client Secret. ${expected}.`);
    case 'client_id':
      throw fail(`This is a Client ID (0oa…), which belongs in Client ID. ${expected}.`);
    case 'other_okta_id':
      throw fail(`This is an Okta object ID, not a domain. ${expected}.`);
    case 'scopes':
      throw fail(`These look like scopes, which belong in Scopes. ${expected}.`);
    case 'email':
      throw fail(`This looks like an e-mail address or user name. ${expected}: what follows https:// in your Okta sign-in page's address.`);
    case 'client_secret':
      throw fail(`This looks like a client secret or key, which belongs in Client Secret. ${expected}.`);
    case 'url':
    case 'other':
      return parseAddress(text, options);
  }
}

function parseAddress(text: string, options: ParseInstanceIdOptions): InstanceId {
  if (/\s/.test(text)) throw fail(`Instance ID cannot contain spaces. ${expected}, and nothing else.`);
  if (/[^\x21-\x7e]/.test(text)) {
    throw fail(`Instance ID contains characters other than letters, digits, dots and hyphens (perhaps a look-alike letter). ${expected}; type it rather than pasting if in doubt.`);
  }
  if (text.includes('@')) throw fail(`Instance ID cannot contain '@' (a user name or password is not part of it). ${expected}.`);

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    throw fail(`Instance ID must be an https:// address or just a domain; this is ${scheme.length <= 10 ? `a ${scheme}:// address` : 'another kind of address'}. ${expected}.`);
  }
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `https://${text.replace(/^\/\//, '')}` : text);
  } catch {
    throw fail(`This is not a valid web address. ${expected}.`);
  }

  const hostname = url.hostname.replace(/\.$/, '');
  if (localHosts.has(hostname)) return local(url, scheme !== undefined, options);
  if (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) {
    throw fail(`This is an IP address. Okta orgs are reached by name (Okta serves many orgs on one address and picks yours by its domain). ${expected}.`);
  }

  const labels = hostname.split('.');
  if (labels.length === 1) {
    const only = labels[0] ?? '';
    // Echo only what reads like an org name ("mycompany"), typed in lower case: never random text.
    const hint = label.test(only) && only.length <= 30 && text.replace(/^https?:\/\//i, '').startsWith(only) ? ` If your org is ${only}.okta.com, enter that.` : '';
    throw fail(`Instance ID must be a full domain with dots; this is a single name.${hint} ${expected}.`);
  }
  if (!labels.every((l) => label.test(l)) || !topLevel.test(labels[labels.length - 1] ?? '') || hostname.length > 253) {
    throw fail(`Instance ID is not a valid domain: a domain is names of letters, digits and hyphens joined by dots. ${expected}.`);
  }

  const suffix = oktaSuffixes.find((s) => hostname === s || hostname.endsWith(`.${s}`));
  if (suffix !== undefined) {
    const sub = hostname.slice(0, -suffix.length - 1);
    const admin = /^(.+)-admin$/.exec(sub);
    if (admin) {
      throw fail(`Instance ID must be your org's domain, not its Admin Console's: use ${admin[1]}.${suffix}, without -admin.`);
    }
    if (sub === '' || oktaOwnSites.has(sub)) {
      throw fail(`${hostname} is Okta's own site, not an org. ${expected}: the address of your Okta sign-in page.`);
    }
  }
  if (url.port !== '') {
    throw fail(`Okta orgs use the standard HTTPS port: remove ':${url.port}' and enter only the domain, ${hostname}.`);
  }
  if (url.protocol === 'http:') {
    const why = options.allowInsecure ? ' Allowing insecure requests only covers localhost and 127.0.0.1 (the emulator).' : '';
    throw fail(`Okta is reached over https only: use https://${hostname}, or just ${hostname}.${why}`);
  }
  return { host: hostname, orgUrl: `https://${hostname}` };
}

function local(url: URL, explicitScheme: boolean, options: ParseInstanceIdOptions): InstanceId {
  if (!options.allowInsecure) {
    throw fail(
      `localhost and 127.0.0.1 are for the Okta emulator and tests only. To use one, allow insecure requests (--allow-insecure in the CLI, allowInsecure: true in code) and give the base URL, like http://127.0.0.1:8080. For a real org, ${expected}.`,
    );
  }
  if (!explicitScheme) throw fail(`Give the emulator's full base URL with its scheme, like http://127.0.0.1:8080.`);
  const host = url.host.replace(/\.(?=:|$)/, '');
  return { host, orgUrl: `${url.protocol}//${host}` };
}
