import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  COMPARE_OPS,
  FilterSyntaxError,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  formatFilter,
  isAttributeName,
  parseFilter,
} from './scim-filter.ts';
import type { CompareOp, FilterExpr, FilterValue } from './scim-filter.ts';

const cmp = (attr: string, op: CompareOp, value: FilterValue): FilterExpr => ({ kind: 'compare', attr, op, value });
const pr = (attr: string): FilterExpr => ({ kind: 'present', attr });
const and = (left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'and', left, right });
const or = (left: FilterExpr, right: FilterExpr): FilterExpr => ({ kind: 'or', left, right });
const not = (expr: FilterExpr): FilterExpr => ({ kind: 'not', expr });

/** Parses `text`, expecting a FilterSyntaxError, and returns it. */
function syntaxError(text: string): FilterSyntaxError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseFilter: comparisons', () => {
  it('parses a string comparison on a dotted attribute', () => {
    expect(parseFilter('profile.department eq "Engineering"')).toEqual(cmp('profile.department', 'eq', 'Engineering'));
  });

  it('parses every binary operator, case-insensitively', () => {
    for (const op of COMPARE_OPS) {
      expect(parseFilter(`a ${op} 1`)).toEqual(cmp('a', op, 1));
      expect(parseFilter(`a ${op.toUpperCase()} 1`)).toEqual(cmp('a', op, 1));
    }
    expect(parseFilter('a Eq 1')).toEqual(cmp('a', 'eq', 1));
  });

  it('parses the postfix pr operator', () => {
    expect(parseFilter('profile.mobilePhone pr')).toEqual(pr('profile.mobilePhone'));
    expect(parseFilter('profile.mobilePhone PR')).toEqual(pr('profile.mobilePhone'));
  });

  it('keeps attribute names case-sensitive', () => {
    expect(parseFilter('Profile.FirstName eq "x"')).toEqual(cmp('Profile.FirstName', 'eq', 'x'));
  });

  it('accepts Okta attribute names with digits, underscores and dollars', () => {
    for (const attr of ['target.id', 'actor.alternateId', 'type.id', 'credentials.signing.kid', 'settings.slo.enabled', 'profile.cost_center2', '$ref.x', '_a']) {
      expect(parseFilter(`${attr} pr`)).toEqual(pr(attr));
    }
  });

  it('parses numbers, booleans and null', () => {
    expect(parseFilter('a eq 42')).toEqual(cmp('a', 'eq', 42));
    expect(parseFilter('a gt -3.5')).toEqual(cmp('a', 'gt', -3.5));
    expect(parseFilter('a lt 1e3')).toEqual(cmp('a', 'lt', 1000));
    expect(parseFilter('a lt 2.5E-2')).toEqual(cmp('a', 'lt', 0.025));
    expect(parseFilter('a eq true')).toEqual(cmp('a', 'eq', true));
    expect(parseFilter('a eq FALSE')).toEqual(cmp('a', 'eq', false));
    expect(parseFilter('a eq null')).toEqual(cmp('a', 'eq', null));
  });

  it('decodes JSON string escapes', () => {
    expect(parseFilter('a eq "say \\"hi\\""')).toEqual(cmp('a', 'eq', 'say "hi"'));
    expect(parseFilter('a eq "back\\\\slash"')).toEqual(cmp('a', 'eq', 'back\\slash'));
    expect(parseFilter('a eq "\\u00e9t\\u00C9"')).toEqual(cmp('a', 'eq', 'étÉ'));
    expect(parseFilter('a eq "\\n\\t\\/\\b\\f\\r"')).toEqual(cmp('a', 'eq', '\n\t/\b\f\r'));
    expect(parseFilter('a eq ""')).toEqual(cmp('a', 'eq', ''));
  });

  it('keeps keywords and spaces inside strings literal', () => {
    expect(parseFilter('a eq "x and (y or not z)"')).toEqual(cmp('a', 'eq', 'x and (y or not z)'));
  });

  it('treats runs of spaces and tabs as whitespace, but not +', () => {
    expect(parseFilter(' \t a \t\t eq   "x"\t ')).toEqual(cmp('a', 'eq', 'x'));
    expect(syntaxError('a+eq+"x"').position).toBe(2);
  });
});

describe('parseFilter: logic and precedence', () => {
  const a = cmp('a', 'eq', 1);
  const b = cmp('b', 'eq', 2);
  const c = cmp('c', 'eq', 3);

  it('binds and tighter than or', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toEqual(or(a, and(b, c)));
    expect(parseFilter('a eq 1 and b eq 2 or c eq 3')).toEqual(or(and(a, b), c));
  });

  it('associates and/or to the left', () => {
    expect(parseFilter('a eq 1 and b eq 2 and c eq 3')).toEqual(and(and(a, b), c));
    expect(parseFilter('a eq 1 or b eq 2 or c eq 3')).toEqual(or(or(a, b), c));
  });

  it('lets parentheses override precedence without adding nodes', () => {
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toEqual(and(or(a, b), c));
    expect(parseFilter('((a eq 1))')).toEqual(a);
    expect(parseFilter('(a eq 1)and(b eq 2)')).toEqual(and(a, b));
  });

  it('accepts logical keywords in any case', () => {
    expect(parseFilter('a eq 1 AND b eq 2 Or c eq 3')).toEqual(or(and(a, b), c));
    expect(parseFilter('NOT a eq 1')).toEqual(not(a));
  });

  it('parses not with and without parentheses, binding tighter than and', () => {
    expect(parseFilter('not (a eq 1 or b eq 2)')).toEqual(not(or(a, b)));
    expect(parseFilter('not(a eq 1)')).toEqual(not(a));
    expect(parseFilter('not a eq 1 and b eq 2')).toEqual(and(not(a), b));
    expect(parseFilter('not not a eq 1')).toEqual(not(not(a)));
  });

  it('does not mistake attributes that start with a keyword for keywords', () => {
    expect(parseFilter('notes pr and order eq 1 or android eq true')).toEqual(
      or(and(pr('notes'), cmp('order', 'eq', 1)), cmp('android', 'eq', true)),
    );
  });

  it('parses a realistic System Log filter', () => {
    expect(parseFilter('eventType eq "user.session.start" and outcome.result eq "FAILURE" and not (actor.alternateId sw "svc-")')).toEqual(
      and(and(cmp('eventType', 'eq', 'user.session.start'), cmp('outcome.result', 'eq', 'FAILURE')), not(cmp('actor.alternateId', 'sw', 'svc-'))),
    );
  });
});

describe('parseFilter: errors', () => {
  it('reports an unknown operator like Okta', () => {
    const error = syntaxError('eventType eqq "x"');
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error.name).toBe('FilterSyntaxError');
    expect(error.position).toBe(11);
    expect(error.filter).toBe('eventType eqq "x"');
    expect(error.message).toBe(
      `Invalid filter 'eventType eqq "x"': Unrecognized attribute operator 'eqq' at position 11. Expected: eq,ne,co,sw,ew,pr,gt,ge,lt,le`,
    );
  });

  it.each([
    ['', 1, "Invalid filter '': Empty filter at position 1."],
    [' \t ', 1, "Invalid filter ' \t ': Empty filter at position 1."],
    ['a eq "abc', 6, `Invalid filter 'a eq "abc': Unterminated string literal at position 6.`],
    ['a eq "abc\\"', 6, `Invalid filter 'a eq "abc\\"': Unterminated string literal at position 6.`],
    ['a eq', 5, "Invalid filter 'a eq': Missing value for operator 'eq' at position 5. Expected: string,number,true,false,null"],
    ['(a eq) and b pr', 6, "Invalid filter '(a eq) and b pr': Missing value for operator 'eq' at position 6. Expected: string,number,true,false,null"],
    ['a eq and b pr', 6, "Invalid filter 'a eq and b pr': Missing value for operator 'eq' at position 6. Expected: string,number,true,false,null"],
    ['status', 7, "Invalid filter 'status': Missing attribute operator at position 7. Expected: eq,ne,co,sw,ew,pr,gt,ge,lt,le"],
    ['(a eq 1', 1, "Invalid filter '(a eq 1': Unbalanced parenthesis '(' at position 1."],
    ['a eq 1)', 7, "Invalid filter 'a eq 1)': Unbalanced parenthesis ')' at position 7."],
    ['a eq 1 b eq 2', 8, "Invalid filter 'a eq 1 b eq 2': Unexpected trailing input 'b' at position 8. Expected: and,or"],
    ['(a eq 1 b eq 2)', 9, "Invalid filter '(a eq 1 b eq 2)': Unexpected token 'b' at position 9. Expected: ),and,or"],
    ['a eq 1 and', 11, "Invalid filter 'a eq 1 and': Unexpected end of filter at position 11. Expected: attribute name,(,not"],
    [')', 1, "Invalid filter ')': Unexpected token ')' at position 1. Expected: attribute name,(,not"],
    ['and eq 1', 1, "Invalid filter 'and eq 1': Unexpected token 'and' at position 1. Expected: attribute name,(,not"],
    ['"a" eq 1', 1, `Invalid filter '"a" eq 1': Unexpected token '"a"' at position 1. Expected: attribute name,(,not`],
    ['a eq maybe', 6, "Invalid filter 'a eq maybe': Invalid value 'maybe' at position 6. Expected: string,number,true,false,null"],
    ['a eq "\\x"', 7, `Invalid filter 'a eq "\\x"': Invalid escape sequence '\\x' at position 7.`],
    ['a eq "\\u12G4"', 7, `Invalid filter 'a eq "\\u12G4"': Invalid escape sequence '\\u12G4' at position 7.`],
    ['a eq 12abc', 6, "Invalid filter 'a eq 12abc': Invalid number '12abc' at position 6."],
    ['a eq 1.', 6, "Invalid filter 'a eq 1.': Invalid number '1.' at position 6."],
    ['a eq 1e400', 6, "Invalid filter 'a eq 1e400': Number out of range '1e400' at position 6."],
    ['a..b pr', 1, "Invalid filter 'a..b pr': Invalid attribute name 'a..b' at position 1."],
    ['profile. pr', 1, "Invalid filter 'profile. pr': Invalid attribute name 'profile.' at position 1."],
    ['a eq "x" & b pr', 10, `Invalid filter 'a eq "x" & b pr': Unexpected character '&' at position 10.`],
    ['a\neq 1', 2, "Invalid filter 'a\neq 1': Unexpected character '\\u000a' at position 2."],
  ])('rejects %j at position %i', (text, position, message) => {
    const error = syntaxError(text);
    expect(error.position).toBe(position);
    expect(error.message).toBe(message);
  });

  it('counts positions in characters of the original text', () => {
    expect(syntaxError('profile.city eq "Zürich" oops').position).toBe(26);
    expect(syntaxError('\t\ta eqq 1').position).toBe(5);
  });

  it('refuses filters longer than the cap', () => {
    const long = `a eq "${'x'.repeat(MAX_FILTER_LENGTH)}"`;
    const error = syntaxError(long);
    expect(error.message).toContain('filter is too long');
    expect(error.position).toBe(MAX_FILTER_LENGTH + 1);
    expect(error.message.length).toBeLessThan(200);
    const fits = `a eq "${'x'.repeat(MAX_FILTER_LENGTH - 7)}"`;
    expect(fits.length).toBe(MAX_FILTER_LENGTH);
    expect(parseFilter(fits)).toEqual(cmp('a', 'eq', 'x'.repeat(MAX_FILTER_LENGTH - 7)));
  });

  it('caps nesting depth of parentheses and not', () => {
    const nestedParens = (depth: number) => `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(parseFilter(nestedParens(MAX_FILTER_DEPTH))).toEqual(pr('a'));
    const error = syntaxError(nestedParens(MAX_FILTER_DEPTH + 1));
    expect(error.message).toContain('nested deeper than 50 levels');
    expect(error.position).toBe(MAX_FILTER_DEPTH + 1);

    expect(() => parseFilter(`${'not '.repeat(MAX_FILTER_DEPTH)}a pr`)).not.toThrow();
    expect(syntaxError(`${'not '.repeat(MAX_FILTER_DEPTH + 1)}a pr`).position).toBe(4 * MAX_FILTER_DEPTH + 1);
  });

  it('survives hostile input within the length cap without blowing the stack', () => {
    expect(syntaxError('('.repeat(MAX_FILTER_LENGTH)).message).toContain('nested deeper');
    const chain = Array.from({ length: 400 }, () => 'a pr').join(' or ');
    expect(chain.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
    expect(parseFilter(chain).kind).toBe('or');
  });
});

describe('formatFilter', () => {
  it('prints canonical text with lower-case keywords and JSON strings', () => {
    expect(formatFilter(parseFilter('A  EQ "x\\u0041"  AND  b   PR'))).toBe('A eq "xA" and b pr');
    expect(formatFilter(cmp('a', 'eq', 'say "hi"\n'))).toBe('a eq "say \\"hi\\"\\n"');
    expect(formatFilter(cmp('a', 'ge', -0))).toBe('a ge -0');
    expect(formatFilter(cmp('a', 'eq', null))).toBe('a eq null');
  });

  it('adds only the parentheses that precedence requires', () => {
    const [a, b, c] = [pr('a'), pr('b'), pr('c')] as const;
    expect(formatFilter(or(a, and(b, c)))).toBe('a pr or b pr and c pr');
    expect(formatFilter(and(or(a, b), c))).toBe('(a pr or b pr) and c pr');
    expect(formatFilter(and(a, and(b, c)))).toBe('a pr and (b pr and c pr)');
    expect(formatFilter(and(and(a, b), c))).toBe('a pr and b pr and c pr');
    expect(formatFilter(not(a))).toBe('not a pr');
    expect(formatFilter(not(or(a, b)))).toBe('not (a pr or b pr)');
    expect(formatFilter(and(not(a), not(not(b))))).toBe('not a pr and not not b pr');
  });

  it('refuses ASTs that cannot be printed as a filter', () => {
    expect(() => formatFilter(pr('a b'))).toThrow(RangeError);
    expect(() => formatFilter(pr('or'))).toThrow(RangeError);
    expect(() => formatFilter(cmp('a', 'eq', Number.NaN))).toThrow(RangeError);
  });
});

describe('isAttributeName', () => {
  it('accepts dotted names and refuses malformed or reserved ones', () => {
    expect(isAttributeName('profile.firstName')).toBe(true);
    expect(isAttributeName('true')).toBe(true);
    for (const bad of ['', '1a', 'a.', '.a', 'a..b', 'a-b', 'AND', 'not', 'é']) expect(isAttributeName(bad)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const attrArb = fc
  .array(fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,6}$/), { minLength: 1, maxLength: 3 })
  .map((segments) => segments.join('.'))
  .filter(isAttributeName);

const valueArb: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

const exprArb: fc.Arbitrary<FilterExpr> = fc.letrec<{ expr: FilterExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('compare' as const), attr: attrArb, op: fc.constantFrom(...COMPARE_OPS), value: valueArb }),
    fc.record({ kind: fc.constant('present' as const), attr: attrArb }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('expr'), right: tie('expr') }),
    fc.record({ kind: fc.constant('not' as const), expr: tie('expr') }),
  ),
})).expr;

/** Strings assembled from filter-ish fragments, so the parser gets past the first token more often. */
const tokenSoupArb = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', 'profile.x', 'eq', 'EQ', 'pr', 'sw', 'eqq', 'and', 'or', 'not', 'NOT', '(', ')', '"x"', '"', '\\', '\\u00', '1', '-', '1e', 'true', 'null', ' ', '\t', '.', '+'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 25 },
  )
  .chain((parts) => fc.constantFrom(parts.join(' '), parts.join('')));

/** Calls parseFilter, letting only FilterSyntaxError through as a "rejected" result. */
function parseOrReject(text: string): FilterExpr | 'rejected' {
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      expect(error.position).toBeGreaterThanOrEqual(1);
      expect(error.position).toBeLessThanOrEqual(text.length + 1);
      return 'rejected';
    }
    throw error;
  }
}

/**
 * Prints an AST the way a person might: random keyword case, random runs of spaces and tabs,
 * redundant parentheses, `\uXXXX`-escaped strings. `choices` drives every random decision.
 */
function noisyFormat(expr: FilterExpr, choices: readonly number[]): string {
  let next = 0;
  const pick = (n: number): number => (choices[next++ % choices.length] ?? 0) % n;
  const blank = (): string => [' ', '  ', '\t', ' \t '][pick(4)] ?? ' ';
  const optionalBlank = (): string => (pick(2) === 0 ? '' : blank());
  const anyCase = (word: string): string => [word, word.toUpperCase(), word[0]?.toUpperCase() + word.slice(1)][pick(3)] ?? word;
  const escapeAll = (text: string): string => `"${Array.from({ length: text.length }, (_, i) => `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
  const value = (v: FilterValue): string => {
    if (typeof v === 'string') return pick(2) === 0 ? JSON.stringify(v) : escapeAll(v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    return anyCase(String(v));
  };
  const precedence = { or: 1, and: 2, not: 3, compare: 4, present: 4 } as const;
  const at = (e: FilterExpr, min: number): string => {
    const text = node(e);
    return precedence[e.kind] < min || pick(5) === 0 ? `(${optionalBlank()}${text}${optionalBlank()})` : text;
  };
  const node = (e: FilterExpr): string => {
    switch (e.kind) {
      case 'compare':
        return `${e.attr}${blank()}${anyCase(e.op)}${blank()}${value(e.value)}`;
      case 'present':
        return `${e.attr}${blank()}${anyCase('pr')}`;
      case 'not':
        return `${anyCase('not')}${blank()}${at(e.expr, precedence.not)}`;
      case 'and':
      case 'or':
        return `${at(e.left, precedence[e.kind])}${blank()}${anyCase(e.kind)}${blank()}${at(e.right, precedence[e.kind] + 1)}`;
    }
  };
  return `${optionalBlank()}${at(expr, 0)}${optionalBlank()}`;
}

describe('parseFilter properties', () => {
  it('throws nothing but FilterSyntaxError on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => void parseOrReject(text)), { numRuns: 2000 });
    fc.assert(fc.property(tokenSoupArb, (text) => void parseOrReject(text)), { numRuns: 3000 });
  });

  it('re-parses printed ASTs to the same AST', () => {
    fc.assert(
      fc.property(exprArb, (expr) => {
        expect(parseFilter(formatFilter(expr))).toEqual(expr);
      }),
      { numRuns: 1000 },
    );
  });

  it('parses noisy spellings of an AST to that AST, and prints it back canonically', () => {
    const choicesArb = fc.array(fc.nat(), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(exprArb, choicesArb, (expr, choices) => {
        const noisy = noisyFormat(expr, choices);
        expect(parseFilter(noisy)).toEqual(expr);
        expect(formatFilter(parseFilter(noisy))).toBe(formatFilter(expr));
      }),
      { numRuns: 1000 },
    );
  });
});
