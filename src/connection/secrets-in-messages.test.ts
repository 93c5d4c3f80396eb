/**
 * Property: no error message (nor anything else an error carries: stack, cause, properties) ever
 * contains a secret that was pasted, or any 12-character piece of one, whichever field it went into.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTestKeys, oktaStyle, pemOf, publicOf, secretPartsOf, type TestKeys } from './internal/testing/keys.ts';
import { parseClientId } from './parse-client-id.ts';
import { parseInstanceId } from './parse-instance-id.ts';
import { parseClientSecret } from './parse-key.ts';
import { parseScopes } from './parse-scopes.ts';
import { validateConnection } from './validate-connection.ts';

const window = 12;

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
});

interface Case {
  input: string;
  /** The parts that are secret (private key members, PEM bodies, random secrets). */
  secrets: string[];
}

/** Everything each field's parser and validateConnection throw for `input`. */
async function errorsFor(input: string, fields: 'all' | 'secret-fields'): Promise<unknown[]> {
  const errors: unknown[] = [];
  const attempt = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (error) {
      errors.push(error);
    }
  };
  await attempt(() => parseClientSecret(input));
  await attempt(() => parseClientId(input));
  if (fields === 'all') {
    await attempt(() => parseInstanceId(input));
    await attempt(() => parseInstanceId(input, { allowInsecure: true }));
    await attempt(() => parseScopes(input));
    await attempt(() => validateConnection({ instanceId: input, clientId: input, clientSecret: input, scopes: input }));
  }
  return errors;
}

function windows(text: string): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i + window <= text.length; i++) set.add(text.slice(i, i + window));
  return set;
}

async function assertNoLeak({ input, secrets }: Case, fields: 'all' | 'secret-fields'): Promise<void> {
  for (const error of await errorsFor(input, fields)) {
    expect(error).toBeInstanceOf(Error);
    const shown = `${(error as Error).message}\n${inspect(error, { depth: 10 })}`;
    if (input.trim().length >= window) expect(shown.includes(input.trim())).toBe(false);
    const seen = windows(shown);
    // Only the secret parts: a key's scaffolding ("privateKey", BEGIN PRIVATE KEY, kids) may be named.
    for (const secret of secrets) {
      for (const piece of windows(secret)) {
        if (piece.trim().length === window && seen.has(piece)) {
          throw new Error(`a message carries a ${window}-character piece of a secret: ${(error as Error).message}`);
        }
      }
    }
  }
}

// Random secrets look like Okta's: letters of both cases, digits, - and _.
const randomSecret = fc.stringMatching(/^[A-Za-z0-9_-]{12,120}$/).filter((s) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s));

const mutations = [
  'as-is',
  'okta-style',
  'truncated',
  'member-dropped',
  'member-replaced',
  'other-d',
  'public',
  'alg-noise',
  'kty-noise',
  'two-in-a-set',
  'wrapped',
  'smart-quotes',
  'escaped-string',
  'oct',
  'pem',
  'pem-truncated',
  'pem-flattened',
  'pem-corrupted',
] as const;

function mutate(jwk: JWK, mutation: (typeof mutations)[number], cut: number, noise: string, pemType: 'pkcs8' | 'pkcs1' | 'sec1'): Case {
  const secrets = [...secretPartsOf(jwk), noise];
  const text = JSON.stringify(jwk);
  const members = Object.keys(jwk);
  const member = members[cut % members.length] ?? 'd';
  switch (mutation) {
    case 'as-is':
      return { input: text, secrets };
    case 'okta-style':
      return { input: JSON.stringify(oktaStyle(jwk), null, 2), secrets };
    case 'truncated':
      return { input: text.slice(0, 1 + (cut % text.length)), secrets };
    case 'member-dropped': {
      const copy: Record<string, unknown> = { ...jwk };
      delete copy[member];
      return { input: JSON.stringify(copy), secrets };
    }
    case 'member-replaced':
      return { input: JSON.stringify({ ...jwk, [member]: noise }), secrets };
    case 'other-d':
      return { input: JSON.stringify({ ...jwk, d: keys.rsaOther.d }), secrets: [...secrets, ...secretPartsOf(keys.rsaOther)] };
    case 'public':
      return { input: JSON.stringify(publicOf(jwk)), secrets };
    case 'alg-noise':
      return { input: JSON.stringify({ ...jwk, alg: noise }), secrets };
    case 'kty-noise':
      return { input: JSON.stringify({ ...jwk, kty: noise }), secrets };
    case 'two-in-a-set':
      return { input: JSON.stringify({ keys: [{ ...jwk, kid: 'kid-a' }, { ...keys.rsaOther, kid: 'kid-b' }] }), secrets: [...secrets, ...secretPartsOf(keys.rsaOther)] };
    case 'wrapped':
      return { input: JSON.stringify({ orgUrl: 'https://mycompany.okta.com', privateKey: jwk }), secrets };
    case 'smart-quotes':
      return { input: text.slice(0, 1 + (cut % text.length)).replace(/"/g, '\u201C'), secrets };
    case 'escaped-string':
      return { input: JSON.stringify(text.slice(0, 1 + (cut % text.length))), secrets };
    case 'oct':
      return { input: JSON.stringify({ kty: 'oct', k: noise, kid: 'hmac' }), secrets };
    default:
      return mutatePem(jwk, mutation, cut, noise, pemType, secrets);
  }
}

function mutatePem(jwk: JWK, mutation: 'pem' | 'pem-truncated' | 'pem-flattened' | 'pem-corrupted', cut: number, noise: string, pemType: 'pkcs8' | 'pkcs1' | 'sec1', secrets: string[]): Case {
  const type = jwk.kty === 'RSA' ? (pemType === 'sec1' ? 'pkcs1' : pemType) : jwk.kty === 'EC' ? (pemType === 'pkcs1' ? 'sec1' : pemType) : 'pkcs8';
  const pem = pemOf(jwk, type);
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
  const all = [...secrets, body];
  switch (mutation) {
    case 'pem':
      return { input: pem, secrets: all };
    case 'pem-truncated':
      return { input: pem.slice(0, 1 + (cut % pem.length)), secrets: all };
    case 'pem-flattened':
      return { input: pem.replace(/\n/g, cut % 2 === 0 ? ' ' : '\\n'), secrets: all };
    case 'pem-corrupted': {
      const at = 40 + (cut % (pem.length - 70));
      return { input: `${pem.slice(0, at)}${noise.slice(0, 3)}${pem.slice(at + 3)}`, secrets: all };
    }
  }
}

describe('no message ever contains a secret', () => {
  it('holds for random client secrets pasted into any field', async () => {
    await fc.assert(
      fc.asyncProperty(randomSecret, fc.constantFrom('', ' ', '\n', '"'), async (secret, wrap) => {
        await assertNoLeak({ input: `${wrap}${secret}${wrap}`, secrets: [secret] }, 'all');
      }),
      { numRuns: 300 },
    );
  });

  it('holds for real keys, whole or damaged, in any form and any field', async () => {
    const names = Object.keys(keys) as Array<keyof TestKeys>;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.constantFrom(...mutations),
        fc.nat(),
        randomSecret,
        fc.constantFrom('pkcs8' as const, 'pkcs1' as const, 'sec1' as const),
        async (name, mutation, cut, noise, pemType) => {
          await assertNoLeak(mutate(keys[name], mutation, cut, noise, pemType), 'all');
        },
      ),
      { numRuns: 250 },
    );
  });

  it('holds for arbitrary text in the fields that take secrets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: window, maxLength: 300, unit: 'binary' }), async (text) => {
        await assertNoLeak({ input: text, secrets: [text] }, 'secret-fields');
      }),
      { numRuns: 300 },
    );
  });

  it('shows a key set\'s kids, which are public, but none of its private members', async () => {
    const input = JSON.stringify({ keys: [{ ...keys.rsa, kid: 'kid-a' }, { ...keys.ec256, kid: 'kid-b' }] });
    const error = await parseClientSecret(input).catch((e: unknown) => e);
    expect((error as Error).message).toContain('"kid-a", "kid-b"');
    await assertNoLeak({ input, secrets: [...secretPartsOf(keys.rsa), ...secretPartsOf(keys.ec256)] }, 'all');
  });
});
