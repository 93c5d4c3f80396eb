import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate } from './iso-date.ts';

describe('isoDate', () => {
  it('formats every instant exactly as Date#toISOString', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000_000 }), fc.double({ min: 0, max: 2e12, noNaN: true })), (ms) => {
        expect(isoDate(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('gets leap days, year ends and the epoch right', () => {
    for (const text of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2024-12-31T12:00:00.005Z', '2100-03-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(isoDate(Date.parse(text))).toBe(text);
    }
  });
});
