import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { straightenQuotes } from './clean-paste.ts';
import { accepted, copyAgain, nameOrDescription, publicKeyMessage, secretError } from './key-messages.ts';
import { toParsedPrivateKey, type ParsedPrivateKey } from './private-key.ts';

// Ref: https://www.rfc-editor.org/rfc/rfc7517#section-4 (JWK) and https://www.rfc-editor.org/rfc/rfc7518#section-6 (members per kty)
const jwkHeaderSchema = z.object({
  kty: z.string(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
});
const jsonObjectSchema = z.record(z.string(), z.unknown());
const jwksSchema = z.object({ keys: z.array(z.unknown()) });

const rsaPrivateMembers = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const ecPrivateMembers = ['x', 'y', 'd'] as const;
// Members that wrap a key in a settings file (e.g. the emulator's credentials, a service-account file).
const wrapperMembers = ['privateKey', 'private_key', 'privateJwk', 'private_jwk', 'jwk', 'key', 'signingKey'] as const;
const secretMembers = ['client_secret', 'clientSecret'] as const;

type JsonObject = z.infer<typeof jsonObjectSchema>;

/** Parses the key JSON: a private JWK, or a JWKS holding exactly one private key. */
export async function parseKeyJson(text: string): Promise<ParsedPrivateKey> {
  const value = parseJson(text);
  if (Array.isArray(value)) throw secretError(`This is a JSON list; expected one key object. Paste just the key inside the list, from { to }.`);
  const object = jsonObjectSchema.safeParse(value);
  if (!object.success) throw secretError(`This is JSON but not a key object. ${accepted}`);
  const jwks = jwksSchema.safeParse(object.data);
  if (jwks.success) return parseJwk(pickFromSet(jwks.data.keys));
  if (!('kty' in object.data)) throw notAKey(object.data);
  return parseJwk(object.data);
}

function parseJson(text: string): unknown {
  const straight = straightenQuotes(text);
  // A long member wrapped across lines (by an e-mail client or editor): base64url on both sides of a line break.
  const unwrapped = straight.replace(/([A-Za-z0-9_-])[ \t]*\r?\n\s*(?=[A-Za-z0-9_-])/g, '$1');
  const attempts = [text, straight, unwrapped];
  // Python and JavaScript print objects with single quotes; no key member contains a quote of its own.
  if (!unwrapped.includes('"') && unwrapped.includes("'")) attempts.push(unwrapped.replace(/'/g, '"'));
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch {
      // The parser's message quotes the text around the error, which is secret: it is never kept.
    }
  }
  throw secretError(`This looks like JSON but is not valid: it may be cut off, or have been edited. ${copyAgain}`);
}

function pickFromSet(keys: readonly unknown[]): JsonObject {
  const objects = keys.flatMap((k) => {
    const parsed = jsonObjectSchema.safeParse(k);
    return parsed.success ? [parsed.data] : [];
  });
  if (objects.length === 0) throw secretError(`This key set ("keys") holds no keys. ${accepted}`);
  const privates = objects.filter((k) => 'd' in k || 'k' in k);
  const only = privates[0];
  if (privates.length === 0 || only === undefined) {
    throw secretError(`This key set holds only public keys. ${publicKeyMessage}`);
  }
  if (privates.length > 1) {
    const kids = privates.map((k) => (typeof k.kid === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(k.kid) ? `"${k.kid}"` : 'one without a readable kid'));
    throw secretError(
      `This key set holds ${privates.length} private keys (kids ${kids.join(', ')}). Paste only the key registered on the app (its kid is listed on the app's General tab under Public Keys), as a single {…} object.`,
    );
  }
  return only;
}

function notAKey(object: JsonObject): never {
  const wrapper = wrapperMembers.find((m) => {
    const inner = object[m];
    return (typeof inner === 'object' && inner !== null && 'kty' in inner) || (typeof inner === 'string' && inner.includes('-----BEGIN'));
  });
  if (wrapper !== undefined) throw secretError(`This JSON holds settings around a key. Paste just the key, the value of its "${wrapper}" member.`);
  const secret = secretMembers.find((m) => typeof object[m] === 'string');
  if (secret !== undefined) throw secretError(`This JSON holds an app's credentials. Paste just the client secret, the value of its "${secret}" member.`);
  throw secretError(`This JSON is not a key: it has no "kty" member. ${accepted}`);
}

async function parseJwk(jwk: JsonObject): Promise<ParsedPrivateKey> {
  const header = jwkHeaderSchema.safeParse(jwk);
  if (!header.success) {
    const bad = header.error.issues.map((i) => String(i.path[0] ?? 'kty'));
    throw secretError(`The key's ${bad.map((m) => `"${m}"`).join(' and ')} must be text. ${copyAgain}`);
  }
  const { kty, use, alg } = header.data;
  const kid = header.data.kid === '' ? undefined : header.data.kid;
  if (kty === 'oct') {
    throw secretError(`This is a symmetric ("oct") key, which cannot be used to sign in to Okta. ${accepted}`);
  }
  if (kty === 'OKP') {
    throw secretError(`This is an Ed25519 ("OKP") key, which Okta does not accept for client authentication. Generate a key on the app's General tab (RSA) and paste its private key JSON.`);
  }
  if (kty !== 'RSA' && kty !== 'EC') {
    throw secretError(`This key's type ("kty") is ${nameOrDescription(kty, 'not one Okta knows')}; Okta accepts RSA and EC keys. ${accepted}`);
  }
  if (!('d' in jwk)) throw secretError(publicKeyMessage);
  if (use !== undefined && use !== 'sig') {
    throw secretError(`This key is marked for ${use === 'enc' ? 'encryption ("use": "enc")' : 'another use'}; Okta needs a signing key. Use the key Okta generated, whose "use" is "sig".`);
  }
  const crv = jwk.crv;
  if (kty === 'EC' && crv !== 'P-256' && crv !== 'P-384' && crv !== 'P-521') {
    const which = crv === undefined ? 'missing' : nameOrDescription(crv, 'not one Okta accepts');
    throw secretError(`This EC key's curve ("crv") is ${which}; Okta accepts P-256, P-384 and P-521. Generate a key on the app's General tab and paste its private key JSON.`);
  }
  const names = kty === 'RSA' ? rsaPrivateMembers : ecPrivateMembers;
  const members = keyMembers(jwk, names);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: kty === 'RSA' ? { kty, ...members } : { kty, crv: String(crv), ...members }, format: 'jwk' });
  } catch {
    // Node's message may quote a member's value: never kept.
    throw secretError(`This ${kty} key could not be read: a member may be cut off or altered. ${copyAgain}`);
  }
  return toParsedPrivateKey(key, { kid, alg });
}

/** The key's base64url members, whitespace from line wrapping removed; says which are missing or malformed. */
function keyMembers(jwk: JsonObject, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const malformed: string[] = [];
  for (const name of names) {
    const raw = jwk[name];
    if (raw === undefined) missing.push(name);
    else if (typeof raw !== 'string') malformed.push(name);
    else {
      const value = raw.replace(/\s/g, '');
      if (/^[A-Za-z0-9_-]+$/.test(value)) values[name] = value;
      else malformed.push(name);
    }
  }
  const list = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
  if (missing.length > 0) {
    throw secretError(`This private key is incomplete: it has no ${list(missing)}. Okta's key JSON has all of them. ${copyAgain}`);
  }
  if (malformed.length > 0) {
    throw secretError(`This key's ${list(malformed)} ${malformed.length === 1 ? 'is' : 'are'} not base64url text, as JSON keys must be. ${copyAgain}`);
  }
  return values;
}
