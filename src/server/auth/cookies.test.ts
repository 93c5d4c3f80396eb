import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.ts';

describe('cookies', () => {
  it('parses a Cookie header: trims, unquotes, decodes, first of a name wins, skips junk', () => {
    expect(parseCookies('a=1; b="two"; c=x%3Dy; a=3; junk; =v')).toEqual(Object.assign(Object.create(null), { a: '1', b: 'two', c: 'x=y' }));
    expect(Object.keys(parseCookies(undefined))).toEqual([]);
    expect(parseCookies('bad=%E0%A4%A').bad).toBe('%E0%A4%A');
    const hostile = parseCookies('__proto__=x; constructor=y');
    expect(hostile.__proto__).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('writes Set-Cookie values, and deletes with Max-Age=0', () => {
    expect(serializeCookie('s', 'v', { path: '/', maxAge: 60, httpOnly: true, sameSite: 'Lax', secure: true })).toBe('s=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure');
    expect(serializeCookie('s', '', { path: '/x', maxAge: 0, httpOnly: true, sameSite: 'Lax', secure: false })).toBe('s=; Path=/x; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax');
  });
});
