import { describe, expect, it } from 'vitest';
import { redact } from './redact.ts';

describe('redact', () => {
  it('replaces values under secret-looking keys, at any depth', () => {
    expect(redact({ user: 'jane', password: 'hunter2', nested: { clientSecret: 'abc', list: [{ token: 't' }] } })).toEqual({
      user: 'jane',
      password: '[redacted]',
      nested: { clientSecret: '[redacted]', list: [{ token: '[redacted]' }] },
    });
  });

  it('masks JWK private members, JWTs and PEM keys wherever they are', () => {
    expect(redact({ kty: 'RSA', n: 'public', e: 'AQAB', d: 'private', p: 'x', q: 'y' })).toEqual({ kty: 'RSA', n: 'public', e: 'AQAB', d: '[redacted]', p: '[redacted]', q: '[redacted]' });
    expect(redact(['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'])).toEqual(['[redacted]', '[redacted]']);
  });

  it('leaves ordinary data alone and does not change its input', () => {
    const input = { login: 'jane@acme.example', groups: ['Engineering'], count: 3, ok: true, none: null };
    expect(redact(input)).toEqual(input);
    const secret = { password: 'x' };
    redact(secret);
    expect(secret.password).toBe('x');
  });
});
