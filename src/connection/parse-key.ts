import { cleanPaste } from './internal/clean-paste.ts';
import { parseKeyJson } from './internal/jwk.ts';
import { accepted, secretError } from './internal/key-messages.ts';
import { parsePem } from './internal/pem.ts';
import type { ParsedPrivateKey } from './internal/private-key.ts';
import { recognize } from './internal/recognize.ts';

export type { ParsedPrivateKey } from './internal/private-key.ts';

/** A client secret, as used by apps from the Okta Integration Network that authenticate with one. */
export interface ParsedClientSecret {
  kind: 'client_secret';
  secret: string;
}

/** What the Client Secret field held: a private key for private_key_jwt, or a client secret. A secret either way. */
export type ParsedSecret = ParsedPrivateKey | ParsedClientSecret;

// Okta generates client secrets of 40 (older apps) to 64 characters of letters, digits, - and _. The
// range is also what tells a secret from a key ID, a token or a truncated copy.
const clientSecretPattern = /^[A-Za-z0-9_-]{40,64}$/;

/**
 * Parses the Client Secret field: the private key JSON Okta shows once when you generate a key (a JWK,
 * or a JWKS holding one private key), a PEM private key (PKCS#8, PKCS#1 or SEC1), or a plain client
 * secret. Keys must be RSA of 2048 bits or more, or EC P-256/P-384/P-521; `alg` is inferred when absent.
 *
 * @throws {ConnectionFieldError} (field `clientSecret`) whose message describes what was pasted and never
 * contains any part of it.
 * @example
 * const secret = await parseClientSecret(keyJsonCopiedFromOkta);
 * if (secret.kind === 'private_key') console.log(secret.alg, secret.kid, secret.thumbprint);
 */
export async function parseClientSecret(input: string): Promise<ParsedSecret> {
  const text = unwrapJsonString(cleanPaste(input));
  if (clientSecretPattern.test(text)) return { kind: 'client_secret', secret: text };
  switch (recognize(text)) {
    case 'empty':
      throw secretError(`Client Secret is empty. ${accepted}`);
    case 'json':
      return parseKeyJson(text);
    case 'pem':
      return parsePem(text);
    case 'client_id':
      throw secretError(`This is a Client ID (0oa…), which belongs in Client ID. ${accepted}`);
    case 'other_okta_id':
      throw secretError(`This is an Okta object ID, not a secret. ${accepted}`);
    case 'scopes':
      throw secretError(`These look like scopes, which belong in Scopes. ${accepted}`);
    case 'url':
      throw secretError(`This looks like a web address or domain, which belongs in Instance ID. ${accepted}`);
    case 'email':
      throw secretError(`This looks like an e-mail address or user name. ${accepted}`);
    case 'client_secret':
    case 'other':
      return refuseOther(text);
  }
}

/** A key JSON stored as a JSON string (`"{\"kty\":…}"`, as in .env files and some vaults) is unwrapped once. */
function unwrapJsonString(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    const inner: unknown = JSON.parse(text);
    return typeof inner === 'string' ? cleanPaste(inner) : text;
  } catch {
    return text;
  }
}

function refuseOther(text: string): never {
  if (/^[A-Za-z0-9_-]+$/.test(text)) {
    const which = text.length < 40 ? 'shorter' : 'longer';
    throw secretError(`This is ${which} than an Okta client secret (40 to 64 letters, digits, - and _); it may be ${which === 'shorter' ? 'cut off' : 'two values run together'}. Copy it again with the copy button next to it. ${accepted}`);
  }
  if (/^[A-Za-z0-9_\-+/=.~]+$/.test(text)) {
    throw secretError(`This has characters an Okta client secret does not have (secrets are letters, digits, - and _ only). ${accepted}`);
  }
  if (/\s/.test(text) && /^[A-Za-z0-9_-]+(\s+[A-Za-z0-9_-]+)+$/.test(text)) {
    throw secretError(`This holds several words separated by spaces or lines; a client secret is a single word. ${accepted}`);
  }
  throw secretError(`This is none of the accepted kinds of value. ${accepted}`);
}
