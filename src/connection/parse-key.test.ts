import { calculateJwkThumbprint, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionFieldError } from './errors.ts';
import { parseClientSecret, type ParsedSecret } from './parse-key.ts';
import { generateTestKeys, oktaStyle, pemOf, publicOf, publicPemOf, type TestKeys } from './internal/testing/keys.ts';

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
});

const json = (value: unknown) => JSON.stringify(value);
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const secret40 = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f';
const secret64 = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f_Gh2-Ij5kLm8nOp1qRs4tUv7';
const fakeBody = 'MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGVCb2R5Tm90UmVhbDAKBggqhkjOPQQDAjAWMRQwEgYDVQQDDAtleGFtcGxlLmNvbTAeFw0yNDAx';

interface Good {
  name: string;
  input: (k: TestKeys) => string;
  expect: (k: TestKeys) => Partial<{ alg: string; kid: string | undefined; kty: string; crv: string }> | { secret: string };
}

const good: Good[] = [
  { name: "Okta's key JSON (RSA, kid, alg, use)", input: (k) => pretty(oktaStyle(k.rsa)), expect: () => ({ alg: 'RS256', kid: 'Xa1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY3zA4b', kty: 'RSA' }) },
  { name: 'bare RSA JWK without kid, alg or use', input: (k) => json(k.rsa), expect: () => ({ alg: 'RS256', kid: undefined, kty: 'RSA' }) },
  { name: 'RSA JWK with alg RS384', input: (k) => json({ ...k.rsa, alg: 'RS384' }), expect: () => ({ alg: 'RS384' }) },
  { name: 'RSA JWK with alg RS512 and an empty kid', input: (k) => json({ ...k.rsa, alg: 'RS512', kid: '' }), expect: () => ({ alg: 'RS512', kid: undefined }) },
  { name: 'EC P-256 JWK', input: (k) => json(k.ec256), expect: () => ({ alg: 'ES256', kty: 'EC', crv: 'P-256' }) },
  { name: 'EC P-384 JWK with kid', input: (k) => json({ ...k.ec384, kid: 'ec-key-1' }), expect: () => ({ alg: 'ES384', kid: 'ec-key-1', crv: 'P-384' }) },
  { name: 'EC P-521 JWK with alg ES512', input: (k) => json({ ...k.ec521, alg: 'ES512', use: 'sig' }), expect: () => ({ alg: 'ES512', crv: 'P-521' }) },
  { name: 'JWKS with one private key', input: (k) => json({ keys: [oktaStyle(k.rsa, 'RS256', 'only')] }), expect: () => ({ alg: 'RS256', kid: 'only' }) },
  { name: 'JWKS with one private and one public key', input: (k) => json({ keys: [publicOf(k.rsaOther), { ...k.ec256, kid: 'p' }] }), expect: () => ({ alg: 'ES256', kid: 'p' }) },
  { name: 'PKCS#8 PEM (BEGIN PRIVATE KEY)', input: (k) => pemOf(k.rsa, 'pkcs8'), expect: () => ({ alg: 'RS256', kid: undefined, kty: 'RSA' }) },
  { name: 'PKCS#1 PEM (BEGIN RSA PRIVATE KEY)', input: (k) => pemOf(k.rsa, 'pkcs1'), expect: () => ({ alg: 'RS256', kty: 'RSA' }) },
  { name: 'SEC1 PEM (BEGIN EC PRIVATE KEY)', input: (k) => pemOf(k.ec256, 'sec1'), expect: () => ({ alg: 'ES256', crv: 'P-256' }) },
  { name: 'SEC1 PEM P-521 after an EC PARAMETERS block', input: (k) => `-----BEGIN EC PARAMETERS-----\nBgUrgQQAIw==\n-----END EC PARAMETERS-----\n${pemOf(k.ec521, 'sec1')}`, expect: () => ({ alg: 'ES512' }) },
  { name: 'PKCS#8 PEM of an EC P-384 key', input: (k) => pemOf(k.ec384, 'pkcs8'), expect: () => ({ alg: 'ES384' }) },
  { name: 'PEM with \\n escapes (from a .env file)', input: (k) => pemOf(k.rsa, 'pkcs8').replace(/\n/g, '\\n'), expect: () => ({ alg: 'RS256' }) },
  { name: 'PEM whose line breaks became spaces', input: (k) => pemOf(k.rsa, 'pkcs1').replace(/\n/g, ' '), expect: () => ({ alg: 'RS256' }) },
  { name: 'PEM with CRLF line ends and indentation', input: (k) => pemOf(k.ec256, 'pkcs8').replace(/\n/g, '\r\n    '), expect: () => ({ alg: 'ES256' }) },
  { name: 'key JSON in a Markdown code fence', input: (k) => `\`\`\`json\n${pretty(oktaStyle(k.rsa))}\n\`\`\``, expect: () => ({ alg: 'RS256' }) },
  { name: 'key JSON in backticks with surrounding blank lines', input: (k) => `\n\n  \`${json(k.ec256)}\`  \n`, expect: () => ({ alg: 'ES256' }) },
  { name: 'key JSON with smart quotes (pasted through a word processor)', input: (k) => json(oktaStyle(k.rsa)).replace(/"([^"]*)"/g, '\u201C$1\u201D'), expect: () => ({ alg: 'RS256' }) },
  { name: 'key JSON with single quotes (printed by Python)', input: (k) => json(k.ec384).replace(/"/g, "'"), expect: () => ({ alg: 'ES384' }) },
  { name: 'key JSON stored as an escaped JSON string', input: (k) => JSON.stringify(json(oktaStyle(k.rsa))), expect: () => ({ alg: 'RS256' }) },
  { name: 'key JSON whose long members were wrapped across lines', input: (k) => pretty(k.rsa).replace(/"n": "(.{40})/, '"n": "$1\n   '), expect: () => ({ alg: 'RS256' }) },
  { name: 'a 40-character client secret', input: () => secret40, expect: () => ({ secret: secret40 }) },
  { name: 'a 64-character client secret with - and _', input: () => ` ${secret64}\n`, expect: () => ({ secret: secret64 }) },
  { name: 'a quoted client secret', input: () => `"${secret40}"`, expect: () => ({ secret: secret40 }) },
];

const bad: Array<{ name: string; input: (k: TestKeys) => string; message: string }> = [
  { name: 'empty', input: () => '', message: 'Client Secret is empty' },
  { name: 'whitespace only', input: () => ' \n\t ', message: 'Client Secret is empty' },
  { name: 'the public JWK', input: (k) => json(publicOf(oktaStyle(k.rsa))), message: 'This is the public key. Paste the private key JSON Okta showed once when you generated it' },
  { name: 'a public EC JWK', input: (k) => json(publicOf(k.ec256)), message: 'This is the public key' },
  { name: 'a public key PEM', input: (k) => publicPemOf(k.rsa), message: 'This is the public key' },
  { name: 'a JWKS of public keys (the app\'s jwks_uri)', input: (k) => json({ keys: [publicOf(k.rsa), publicOf(k.ec256)] }), message: 'This key set holds only public keys. This is the public key' },
  { name: 'a JWKS with two private keys', input: (k) => json({ keys: [{ ...k.rsa, kid: 'key-a' }, { ...k.ec256, kid: 'key-b' }] }), message: 'This key set holds 2 private keys (kids "key-a", "key-b"). Paste only the key registered on the app' },
  { name: 'an empty JWKS', input: () => json({ keys: [] }), message: 'This key set ("keys") holds no keys' },
  { name: 'a 1024-bit RSA JWK', input: (k) => json(k.rsa1024), message: 'This is a 1024-bit RSA key; Okta requires RSA keys of 2048 bits or more' },
  { name: 'a 1024-bit RSA PEM', input: (k) => pemOf(k.rsa1024, 'pkcs1'), message: '1024-bit RSA key' },
  { name: 'a symmetric (oct) JWK', input: () => json({ kty: 'oct', k: 'c3ltbWV0cmljLWtleS1tYXRlcmlhbC0xMjM0NTY3ODkw', alg: 'HS256' }), message: 'symmetric ("oct") key' },
  { name: 'an Ed25519 (OKP) JWK', input: (k) => json(k.ed25519), message: 'Ed25519 ("OKP") key' },
  { name: 'an EC key on secp256k1', input: (k) => json(k.secp256k1), message: 'curve ("crv") is secp256k1; Okta accepts P-256, P-384 and P-521' },
  { name: 'a certificate', input: () => `-----BEGIN CERTIFICATE-----\n${fakeBody}\n-----END CERTIFICATE-----\n`, message: 'This is a certificate, which holds only a public key' },
  { name: 'a certificate signing request', input: () => `-----BEGIN CERTIFICATE REQUEST-----\n${fakeBody}\n-----END CERTIFICATE REQUEST-----`, message: 'certificate signing request' },
  { name: 'an encrypted PKCS#8 PEM', input: (k) => pemOf(k.rsa, 'pkcs8', 'passphrase'), message: 'encrypted with a passphrase' },
  { name: 'an encrypted PKCS#1 PEM (Proc-Type)', input: (k) => pemOf(k.rsa, 'pkcs1', 'passphrase'), message: 'encrypted with a passphrase' },
  { name: 'an OpenSSH private key', input: () => `-----BEGIN OPENSSH PRIVATE KEY-----\n${fakeBody}\n-----END OPENSSH PRIVATE KEY-----`, message: 'OpenSSH private key' },
  { name: 'an SSH public key', input: () => `ssh-rsa ${fakeBody} jane@laptop`, message: 'SSH public key' },
  { name: 'a PEM cut off before its END line', input: (k) => pemOf(k.rsa, 'pkcs8').slice(0, 900), message: 'This PEM key is cut off' },
  { name: 'a PEM with a damaged body', input: (k) => pemOf(k.rsa, 'pkcs8').replace(/\n(.{10})/, '\n$1***'), message: 'its body is not base64' },
  { name: 'a PEM missing lines in the middle', input: (k) => pemOf(k.rsa, 'pkcs8').split('\n').filter((_, i) => i !== 5).join('\n'), message: 'could not be read' },
  { name: 'key JSON cut off', input: (k) => json(k.rsa).slice(0, 300), message: 'looks like JSON but is not valid: it may be cut off' },
  { name: 'an RSA JWK without CRT members', input: (k) => json({ kty: 'RSA', n: k.rsa.n, e: k.rsa.e, d: k.rsa.d }), message: 'This private key is incomplete: it has no "p", "q", "dp", "dq", "qi"' },
  { name: 'an RSA JWK whose members are not base64url', input: (k) => json({ ...k.rsa, d: `${k.rsa.d ?? ''}+/=` }), message: 'This key\'s "d" is not base64url text' },
  { name: "an EC JWK with another key's d", input: (k) => json({ ...k.ec256, d: (k.ec384.d ?? '').slice(0, 43) }), message: 'do not belong together' },
  { name: 'an RSA JWK whose private and public parts differ', input: (k) => json({ ...k.rsa, d: k.rsaOther.d, p: k.rsaOther.p, q: k.rsaOther.q, dp: k.rsaOther.dp, dq: k.rsaOther.dq, qi: k.rsaOther.qi }), message: 'do not belong together' },
  { name: 'an EC P-256 JWK saying ES384', input: (k) => json({ ...k.ec256, alg: 'ES384' }), message: 'a P-256 key signs with ES256. Remove "alg" or set it to ES256' },
  { name: 'an RSA JWK saying PS256', input: (k) => json({ ...k.rsa, alg: 'PS256' }), message: 'Remove "alg" or set it to RS256, RS384 or RS512' },
  { name: 'an encryption key (use enc)', input: (k) => json({ ...k.rsa, use: 'enc' }), message: 'marked for encryption ("use": "enc")' },
  { name: 'a JWK whose kid is a number', input: (k) => json({ ...k.rsa, kid: 42 }), message: 'The key\'s "kid" must be text' },
  { name: 'an unknown kty', input: () => json({ kty: 'XYZ', d: 'abc' }), message: 'type ("kty") is XYZ' },
  { name: "the emulator's credentials file", input: (k) => json({ orgUrl: 'http://127.0.0.1:1', clientId: '0oa1b2C3d4E5f6G7h8I9', privateKey: k.rsa, scopes: [] }), message: 'the value of its "privateKey" member' },
  { name: 'an app credentials JSON', input: () => json({ client_id: '0oa1b2C3d4E5f6G7h8I9', client_secret: secret40 }), message: 'the value of its "client_secret" member' },
  { name: 'JSON that is not a key', input: () => json({ hello: 'world' }), message: 'This JSON is not a key: it has no "kty" member' },
  { name: 'a JSON list of keys', input: (k) => json([k.rsa]), message: 'This is a JSON list' },
  { name: 'the Client ID', input: () => '0oa1b2C3d4E5f6G7h8I9', message: 'This is a Client ID (0oa…), which belongs in Client ID' },
  { name: 'the org URL', input: () => 'https://mycompany.okta.com', message: 'belongs in Instance ID' },
  { name: 'the scopes', input: () => 'okta.users.read, okta.groups.read', message: 'scopes, which belong in Scopes' },
  { name: 'a secret cut off', input: () => secret40.slice(0, 30), message: 'This is shorter than an Okta client secret (40 to 64 letters, digits, - and _); it may be cut off' },
  { name: 'two secrets run together', input: () => secret40 + secret40, message: 'This is longer than an Okta client secret' },
  { name: 'a base64 (not base64url) value', input: () => 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f+/==', message: 'characters an Okta client secret does not have' },
  { name: 'an API token with spaces', input: () => 'SSWS 00Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cD', message: 'several words separated by spaces' },
  { name: 'prose', input: () => 'I could not find the key, sorry!', message: 'none of the accepted kinds of value' },
];

function secretOf(parsed: ParsedSecret) {
  return parsed.kind === 'client_secret'
    ? { secret: parsed.secret }
    : { alg: parsed.alg, kid: parsed.kid, kty: parsed.privateJwk.kty, crv: parsed.privateJwk.crv };
}

describe('parseClientSecret', () => {
  it.each(good)('accepts $name', async ({ input, expect: expected }) => {
    const parsed = await parseClientSecret(input(keys));
    expect(secretOf(parsed)).toMatchObject(expected(keys));
  });

  it.each(bad)('refuses $name', async ({ input, message }) => {
    const error = await parseClientSecret(input(keys)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionFieldError);
    expect((error as ConnectionFieldError).field).toBe('clientSecret');
    expect((error as ConnectionFieldError).cause).toBeUndefined();
    expect((error as Error).message).toContain(message);
  });

  it('normalizes a private key: Node-exported members, kid kept, alg inferred; the public half matches', async () => {
    const parsed = await parseClientSecret(json({ ...keys.rsa, use: 'sig', key_ops: ['sign'], kid: 'k1' }));
    if (parsed.kind !== 'private_key') throw new Error('expected a private key');
    expect(Object.keys(parsed.privateJwk).sort()).toEqual(['alg', 'd', 'dp', 'dq', 'e', 'kid', 'kty', 'n', 'p', 'q', 'qi']);
    expect(parsed.privateJwk).toMatchObject({ n: keys.rsa.n, d: keys.rsa.d, kid: 'k1', alg: 'RS256' });
    expect(parsed.publicJwk).toEqual({ kty: 'RSA', n: keys.rsa.n, e: keys.rsa.e, kid: 'k1', alg: 'RS256', use: 'sig' });
    expect(parsed.thumbprint).toBe(await calculateJwkThumbprint(publicOf(keys.rsa)));
  });

  it('gives the same key from its JWK and its PEM forms', async () => {
    const fromJwk = await parseClientSecret(json(keys.ec384));
    const fromPem = await parseClientSecret(pemOf(keys.ec384, 'sec1'));
    expect(fromPem).toEqual(fromJwk);
  });

  it('produces a key the Okta client can sign with (jose importJWK with the inferred alg)', async () => {
    const { importJWK, SignJWT, jwtVerify } = await import('jose');
    for (const input of [json(keys.rsa), json(keys.ec256), pemOf(keys.ec521, 'pkcs8')]) {
      const parsed = await parseClientSecret(input);
      if (parsed.kind !== 'private_key') throw new Error('expected a private key');
      const jwt = await new SignJWT({}).setProtectedHeader({ alg: parsed.alg }).sign(await importJWK(parsed.privateJwk, parsed.alg));
      await expect(jwtVerify(jwt, await importJWK(parsed.publicJwk as JWK, parsed.alg))).resolves.toBeDefined();
    }
  });
});
