import { ConnectionFieldError } from '../errors.ts';

/**
 * The Client Secret field's messages. They describe what was pasted ("a certificate", "a 1024-bit RSA
 * key") and never quote it: the field holds secrets, so no part of the input may reach a message.
 */

/** What the field accepts, appended to most messages. */
export const accepted =
  'Client Secret takes the private key JSON Okta showed when you generated the key (it starts with {"kty":), a PEM private key, or the app\'s client secret (40 to 64 letters, digits, - and _).';

/** The fix when a key was cut off or edited. */
export const copyAgain = 'Copy the whole private key again: the JSON from { to }, or the PEM from its BEGIN line to its END line.';

/** The answer to a public key (JWK without "d", public PEM, public-only key set). */
export const publicKeyMessage =
  'This is the public key. Paste the private key JSON Okta showed once when you generated it (it has a "d" member). If you no longer have it, generate a new key on the app\'s General tab (Public Keys → Add key → Generate new key) and copy the private key before closing the dialog.';

// Ref: https://developer.okta.com/docs/api/openapi/okta-oauth/guides/client-auth (private_key_jwt: RS256, RS384, RS512, ES256, ES384, ES512)
/** The RSA algorithms Okta accepts for private_key_jwt client authentication. */
export const rsaAlgs: readonly string[] = ['RS256', 'RS384', 'RS512'];
/** The one EC algorithm Okta accepts per curve. */
export const ecAlgByCurve: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** A ConnectionFieldError on the Client Secret field. */
export function secretError(message: string): ConnectionFieldError {
  return new ConnectionFieldError('clientSecret', message);
}

/** `value` if it is a short, plain identifier (an alg, kty or curve name) safe to show; else a description. */
export function nameOrDescription(value: unknown, description: string): string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{1,10}$/.test(value) ? value : description;
}
