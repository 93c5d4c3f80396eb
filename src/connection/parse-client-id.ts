import { ConnectionFieldError } from './errors.ts';
import { cleanPaste } from './internal/clean-paste.ts';
import { isClientIdShape, otherOktaIdKind, recognize } from './internal/recognize.ts';

const expected = "Client ID is 20 letters and digits starting with 0oa, shown on the app's General tab under Client Credentials";
const fail = (message: string) => new ConnectionFieldError('clientId', message);

/**
 * Parses the Client ID field: Okta's generated client id, `0oa` and 17 letters and digits (case matters).
 *
 * Deliberately strict: Okta also lets a client id be set explicitly through the API, but Connect Okta
 * is for API Services apps made in the Admin Console, which always get the generated form, and the
 * strict shape lets us tell a Client ID from a secret, a key or a domain pasted into the wrong field.
 *
 * @throws {ConnectionFieldError} with an actionable message (field `clientId`); it never repeats the value.
 * @example
 * parseClientId(' 0oa1b2c3d4e5f6g7h8i9 '); // → '0oa1b2c3d4e5f6g7h8i9'
 */
export function parseClientId(input: string): string {
  const text = cleanPaste(input);
  if (isClientIdShape(text)) return text;
  switch (recognize(text)) {
    case 'empty':
      throw fail(`Client ID is empty. ${expected}.`);
    case 'json':
      throw fail(`This looks like the key JSON, which belongs in Client Secret. ${expected}.`);
    case 'pem':
      throw fail(`This looks like a key (PEM), which belongs in Client Secret. ${expected}.`);
    case 'client_secret':
      throw fail(`This looks like a client secret or a key ID, not the Client ID. ${expected}; it is shorter, and the secret belongs in Client Secret.`);
    case 'scopes':
      throw fail(`These look like scopes, which belong in Scopes. ${expected}.`);
    case 'url':
      throw fail(`This looks like your org's domain, which belongs in Instance ID. ${expected}.`);
    case 'email':
      throw fail(`This looks like an e-mail address or user name. ${expected}.`);
    case 'other_okta_id':
      throw fail(`This is ${otherOktaIdKind(text) ?? 'another Okta object ID'}, not an app's. ${expected}.`);
    case 'client_id':
    case 'other':
      return refuseShape(text);
  }
}

function refuseShape(text: string): never {
  if (/^0oa/i.test(text)) {
    if (!text.startsWith('0oa')) throw fail(`Client ID starts with 0oa in lower case (the letter o, then a). ${expected}.`);
    if (/[^0-9A-Za-z]/.test(text)) throw fail(`Client ID contains characters other than letters and digits; copy it again with the copy button next to it. ${expected}.`);
    const n = text.length;
    throw fail(`Client ID has ${n} characters instead of 20; it was probably ${n < 20 ? 'cut off' : 'copied with extra text'}. ${expected}.`);
  }
  if (/^Oo?a|^ooa|^00a/.test(text) && text.length === 20) {
    throw fail(`Client ID starts with 0oa: the digit zero, then the letters o and a. ${expected}.`);
  }
  if (/\s/.test(text)) throw fail(`Client ID cannot contain spaces. ${expected}.`);
  throw fail(`This is not a Client ID: it has ${text.length} characters and does not start with 0oa. ${expected}.`);
}
