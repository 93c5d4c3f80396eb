import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatehouseError, InvalidOptionsError, errorCodes } from './errors.ts';

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = [...docs.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

describe('error codes', () => {
  it('every code is documented in docs/errors.md', () => {
    expect(errorCodes.filter((c) => !documented.includes(c))).toEqual([]);
  });

  it('docs/errors.md lists no dead code', () => {
    expect(documented.filter((c) => !(errorCodes as readonly string[]).includes(c as string))).toEqual([]);
  });

  it('errors carry their class name, code and cause', () => {
    const cause = new Error('root');
    const error = new InvalidOptionsError('EMULATOR_OPTIONS_INVALID', 'bad port', { cause });
    expect(error).toBeInstanceOf(GatehouseError);
    expect(error.name).toBe('InvalidOptionsError');
    expect(error.code).toBe('EMULATOR_OPTIONS_INVALID');
    expect(error.cause).toBe(cause);
  });
});
