import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and writes objects as JSON', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: 'x,y', b: 'say "hi"', c: { k: 1 } }, { a: 'two\nlines' }])).toBe('a,b,c\r\n"x,y","say ""hi""","{""k"":1}"\r\n"two\nlines",,\r\n');
  });

  it('defuses spreadsheet formulas', () => {
    expect(toCsv(['a'], [{ a: '=HYPERLINK("x")' }, { a: '-1' }, { a: 'ok' }])).toBe('a\r\n"\'=HYPERLINK(""x"")"\r\n\'-1\r\nok\r\n');
  });
});
