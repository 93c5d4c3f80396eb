import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['8h', 8 * 3_600_000],
    ['30m', 1_800_000],
    ['1h30m', 5_400_000],
    ['2 days', 2 * 86_400_000],
    [' 1 week ', 604_800_000],
    ['45s', 45_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('passes milliseconds through and refuses negatives', () => {
    expect(parseDuration(1234)).toBe(1234);
    expect(() => parseDuration(-1)).toThrow(DurationError);
  });

  it.each(['', 'soon', '8 parsecs', '8h and a bit', 'h8'])('refuses %j with what it accepts', (text) => {
    expect(() => parseDuration(text)).toThrow(/8h|ms, s, m, h, d or w/);
  });
});

describe('formatDuration', () => {
  it('keeps the two largest units', () => {
    expect(formatDuration(8 * 3_600_000)).toBe('8h');
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000 + 60_000)).toBe('2d 4h');
    expect(formatDuration(500)).toBe('500ms');
  });
});
