import { describe, it, expect } from 'vitest';
import { compileFilter, isPresentValue } from './evaluate.ts';
import type { CompileOptions } from './evaluate.ts';
import { parseFilter } from './scim-filter.ts';
import type { FilterExpr } from './scim-filter.ts';
import {
  FilterRuleError,
  appFilterRules,
  checkFilter,
  groupFilterRules,
  groupSearchRules,
  logFilterRules,
  userFilterRules,
  userSearchRules,
} from './rules.ts';
import type { FilterRules } from './rules.ts';

interface SampleUser {
  id: string;
  status: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

const users: SampleUser[] = [
  {
    id: '00u1',
    status: 'ACTIVE',
    lastUpdated: '2013-06-01T00:00:00.000Z',
    profile: { login: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', department: 'Engineering', level: 7, admin: true, tags: ['math', 'Poetry'], mobilePhone: '+1 555 0100' },
  },
  {
    id: '00u2',
    status: 'SUSPENDED',
    lastUpdated: '2013-05-31T23:59:59.999Z',
    profile: { login: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', department: 'engineering', level: 9, admin: false, tags: [], mobilePhone: null },
  },
  {
    id: '00u3',
    status: 'ACTIVE',
    lastUpdated: '2014-01-01T10:00:00+02:00',
    profile: { login: 'linus@example.com', firstName: 'Linus', lastName: 'Torvalds', department: 'Kernel', level: '11', tags: ['kernel'], mobilePhone: '' },
  },
];

/** Reads a dotted path from a plain object; undefined when any step is missing. */
function readPath(record: unknown, attr: string): unknown {
  let value = record;
  for (const key of attr.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const filterOptions: CompileOptions<SampleUser> = { get: readPath, caseInsensitive: false };
const searchOptions: CompileOptions<SampleUser> = { get: readPath, caseInsensitive: true };

/** The ids of the sample users a filter matches. */
function ids(text: string, options: CompileOptions<SampleUser> = filterOptions): string[] {
  const predicate = compileFilter(parseFilter(text), options);
  return users.filter(predicate).map((user) => user.id);
}

describe('compileFilter: equality', () => {
  it('compares strings case-sensitively for filter and case-insensitively for search', () => {
    expect(ids('profile.department eq "Engineering"')).toEqual(['00u1']);
    expect(ids('profile.department eq "engineering"', searchOptions)).toEqual(['00u1', '00u2']);
    expect(ids('profile.department eq "ENGINEERING"', searchOptions)).toEqual(['00u1', '00u2']);
    expect(ids('status eq "active"')).toEqual([]);
  });

  it('compares numbers, numeric strings and booleans', () => {
    expect(ids('profile.level eq 7')).toEqual(['00u1']);
    expect(ids('profile.level eq "9"')).toEqual(['00u2']);
    expect(ids('profile.level eq 11')).toEqual([]);
    expect(ids('profile.level eq "11"')).toEqual(['00u3']);
    expect(ids('profile.admin eq true')).toEqual(['00u1']);
    expect(ids('profile.admin eq false')).toEqual(['00u2']);
    expect(ids('profile.admin eq "true"')).toEqual([]);
  });

  it('matches eq null on absent and null attributes', () => {
    expect(ids('profile.admin eq null')).toEqual(['00u3']);
    expect(ids('profile.mobilePhone eq null')).toEqual(['00u2']);
    expect(ids('profile.nickName eq null')).toEqual(['00u1', '00u2', '00u3']);
  });

  it('treats ne as the negation of eq, true on absent attributes', () => {
    expect(ids('status ne "ACTIVE"')).toEqual(['00u2']);
    expect(ids('profile.nickName ne "x"')).toEqual(['00u1', '00u2', '00u3']);
    expect(ids('profile.admin ne null')).toEqual(['00u1', '00u2']);
    expect(ids('profile.department ne "engineering"', searchOptions)).toEqual(['00u3']);
  });

  it('matches arrays when any element matches, and ne when none does', () => {
    expect(ids('profile.tags eq "math"')).toEqual(['00u1']);
    expect(ids('profile.tags eq "poetry"')).toEqual([]);
    expect(ids('profile.tags eq "poetry"', searchOptions)).toEqual(['00u1']);
    expect(ids('profile.tags sw "ker"')).toEqual(['00u3']);
    expect(ids('profile.tags ne "math"')).toEqual(['00u2', '00u3']);
  });
});

describe('compileFilter: substrings', () => {
  it('supports sw, co and ew on strings', () => {
    expect(ids('profile.login sw "ada@"')).toEqual(['00u1']);
    expect(ids('profile.lastName co "o"')).toEqual(['00u1', '00u2', '00u3']);
    expect(ids('profile.login ew "@example.com"')).toEqual(['00u1', '00u2', '00u3']);
    expect(ids('profile.firstName co "RAC"')).toEqual([]);
    expect(ids('profile.firstName co "RAC"', searchOptions)).toEqual(['00u2']);
    expect(ids('profile.firstName SW "gr"', searchOptions)).toEqual(['00u2']);
  });

  it('is false for non-strings and non-string literals', () => {
    expect(ids('profile.level sw "7"')).toEqual([]);
    expect(ids('profile.level co 1')).toEqual([]);
    expect(ids('profile.admin ew "e"')).toEqual([]);
    expect(ids('profile.nickName sw ""')).toEqual([]);
  });
});

describe('compileFilter: ordering', () => {
  it('compares ISO timestamps as instants', () => {
    expect(ids('lastUpdated gt "2013-06-01T00:00:00.000Z"')).toEqual(['00u3']);
    expect(ids('lastUpdated ge "2013-06-01T00:00:00.000Z"')).toEqual(['00u1', '00u3']);
    expect(ids('lastUpdated lt "2013-06-01T00:00:00.000Z"')).toEqual(['00u2']);
    expect(ids('lastUpdated le "2013-06-01"')).toEqual(['00u1', '00u2']);
    // 10:00+02:00 is 08:00Z: an instant comparison, not a lexicographic one.
    expect(ids('lastUpdated lt "2014-01-01T09:00:00Z"')).toEqual(['00u1', '00u2', '00u3']);
  });

  it('compares numbers numerically, including against a numeric string literal', () => {
    expect(ids('profile.level gt 7')).toEqual(['00u2']);
    expect(ids('profile.level ge "7"')).toEqual(['00u1', '00u2']);
    expect(ids('profile.level lt 10')).toEqual(['00u1', '00u2']);
    // A non-numeric literal never matches a number, but still orders a numeric *string* as text.
    expect(ids('profile.level le "x"')).toEqual(['00u3']);
  });

  it('compares other strings lexicographically, after folding for search', () => {
    expect(ids('profile.lastName gt "Lz"')).toEqual(['00u3']);
    expect(ids('profile.lastName lt "h"')).toEqual(['00u1', '00u2', '00u3']);
    expect(ids('profile.lastName lt "h"', searchOptions)).toEqual([]);
    expect(ids('profile.lastName ge "HOPPER"', searchOptions)).toEqual(['00u1', '00u2', '00u3']);
    // A numeric string is not a number: "11" < "7" as text.
    expect(ids('profile.level lt "7"')).toEqual(['00u3']);
  });

  it('is false for booleans, null literals and absent attributes', () => {
    expect(ids('profile.admin gt false')).toEqual([]);
    expect(ids('profile.level gt null')).toEqual([]);
    expect(ids('profile.nickName lt "zzz"')).toEqual([]);
  });
});

describe('compileFilter: presence and logic', () => {
  it('pr refuses undefined, null, empty strings and empty arrays', () => {
    expect(ids('profile.mobilePhone pr')).toEqual(['00u1']);
    expect(ids('profile.tags pr')).toEqual(['00u1', '00u3']);
    expect(ids('profile.admin pr')).toEqual(['00u1', '00u2']);
    expect([undefined, null, '', []].map(isPresentValue)).toEqual([false, false, false, false]);
    expect([0, false, 'x', ['']].map(isPresentValue)).toEqual([true, true, true, true]);
  });

  it('combines with and, or and not following precedence', () => {
    expect(ids('status eq "ACTIVE" and profile.level gt 5')).toEqual(['00u1']);
    expect(ids('status eq "SUSPENDED" or profile.firstName eq "Linus"')).toEqual(['00u2', '00u3']);
    expect(ids('id eq "00u2" or status eq "ACTIVE" and profile.admin eq true')).toEqual(['00u1', '00u2']);
    expect(ids('(id eq "00u2" or status eq "ACTIVE") and profile.admin eq true')).toEqual(['00u1']);
    expect(ids('not (status eq "ACTIVE")')).toEqual(['00u2']);
    expect(ids('not profile.tags pr and not profile.admin eq true')).toEqual(['00u2']);
  });

  it('short-circuits and reads each attribute through options.get', () => {
    const reads: string[] = [];
    const predicate = compileFilter(parseFilter('id eq "nope" and status pr'), {
      get: (record: SampleUser, attr) => {
        reads.push(attr);
        return readPath(record, attr);
      },
      caseInsensitive: false,
    });
    expect(predicate(users[0] as SampleUser)).toBe(false);
    expect(reads).toEqual(['id']);
  });

  it('evaluates a filter over 100,000 records quickly', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ login: `user${i}@EXAMPLE.com`, n: i, at: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString() }));
    const predicate = compileFilter(parseFilter('login ew "@example.com" and n ge 50000 and at lt "2020-03-01T00:00:00Z"'), {
      get: (record: (typeof many)[number], attr) => (attr === 'login' ? record.login : attr === 'n' ? record.n : record.at),
      caseInsensitive: true,
    });
    const started = performance.now();
    const matched = many.filter(predicate).length;
    expect(matched).toBe(60 * 24 * 60 - 50_000); // January + leap February 2020, in minutes
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// Rules

/** Checks `text` against `rules`, returning the FilterRuleError or null when accepted. */
function violation(text: string, rules: FilterRules): FilterRuleError | null {
  try {
    checkFilter(parseFilter(text), rules);
    return null;
  } catch (error) {
    if (error instanceof FilterRuleError) return error;
    throw error;
  }
}

/** A violation's reason, attribute and operator, for compact assertions. */
function describeViolation(text: string, rules: FilterRules): [string, string, string | null] | null {
  const error = violation(text, rules);
  return error === null ? null : [error.reason, error.attr, error.op];
}

describe('checkFilter', () => {
  it('reports the first violation left to right, with a typed error', () => {
    const error = violation('status eq "ACTIVE" and profile.city eq "Paris" and profile.email sw "a"', userFilterRules);
    expect(error).toBeInstanceOf(FilterRuleError);
    expect(error?.name).toBe('FilterRuleError');
    expect(error?.reason).toBe('attribute');
    expect(error?.attr).toBe('profile.city');
    expect(error?.op).toBeNull();
    expect(error?.message).toBe("Filtering on attribute 'profile.city' is not supported");
    expect(violation('profile.email sw "a"', userFilterRules)?.message).toBe("Operator 'sw' is not supported for attribute 'profile.email'");
  });

  it('applies the Users filter rules', () => {
    expect(describeViolation('status eq "ACTIVE" or lastUpdated gt "2013-06-01T00:00:00.000Z"', userFilterRules)).toBeNull();
    expect(describeViolation('profile.login eq "a" and id eq "00u1"', userFilterRules)).toBeNull();
    expect(describeViolation('status ne "ACTIVE"', userFilterRules)).toEqual(['operator', 'status', 'ne']);
    expect(describeViolation('lastUpdated pr', userFilterRules)).toEqual(['operator', 'lastUpdated', 'pr']);
    expect(describeViolation('created gt "2013-06-01"', userFilterRules)).toEqual(['attribute', 'created', null]);
    expect(describeViolation('not (status eq "ACTIVE")', userFilterRules)).toEqual(['not', '', 'not']);
  });

  it('applies the Users search rules', () => {
    expect(describeViolation('profile.department eq "Eng" and profile.costCenter sw "1" or type.id eq "oty1"', userSearchRules)).toBeNull();
    expect(describeViolation('profile.firstName co "a" or profile.login co "b"', userSearchRules)).toBeNull();
    expect(describeViolation('passwordChanged lt "2020-01-01" and profile.mobilePhone pr', userSearchRules)).toBeNull();
    expect(describeViolation('profile.department co "Eng"', userSearchRules)).toEqual(['operator', 'profile.department', 'co']);
    expect(describeViolation('status ne "ACTIVE"', userSearchRules)).toEqual(['operator', 'status', 'ne']);
    expect(describeViolation('profile.login ew "x"', userSearchRules)).toEqual(['operator', 'profile.login', 'ew']);
    expect(describeViolation('credentials.provider.type eq "OKTA"', userSearchRules)).toEqual(['attribute', 'credentials.provider.type', null]);
    expect(describeViolation('not status eq "ACTIVE"', userSearchRules)).toEqual(['not', '', 'not']);
  });

  it('applies the Groups filter and search rules', () => {
    expect(describeViolation('type eq "OKTA_GROUP" or lastMembershipUpdated gt "2015-01-01"', groupFilterRules)).toBeNull();
    expect(describeViolation('type gt "A"', groupFilterRules)).toEqual(['operator', 'type', 'gt']);
    expect(describeViolation('profile.name eq "x"', groupFilterRules)).toEqual(['attribute', 'profile.name', null]);
    expect(describeViolation('profile.name co "eng" and source.id eq "0oa1" or profile.custom sw "x"', groupSearchRules)).toBeNull();
    expect(describeViolation('profile.custom co "x"', groupSearchRules)).toEqual(['operator', 'profile.custom', 'co']);
    expect(describeViolation('status eq "ACTIVE"', groupSearchRules)).toEqual(['attribute', 'status', null]);
    expect(describeViolation('not type eq "APP_GROUP"', groupSearchRules)).toEqual(['not', '', 'not']);
  });

  it('applies the Apps filter rules: eq only, and only', () => {
    expect(describeViolation('status eq "ACTIVE" and settings.slo.enabled eq true and credentials.signing.kid eq "k1"', appFilterRules)).toBeNull();
    expect(describeViolation('user.id eq "00u1" and group.id eq "00g1" and name eq "bookmark"', appFilterRules)).toBeNull();
    expect(describeViolation('status eq "ACTIVE" or status eq "INACTIVE"', appFilterRules)).toEqual(['or', '', 'or']);
    expect(describeViolation('name sw "okta"', appFilterRules)).toEqual(['operator', 'name', 'sw']);
    expect(describeViolation('label eq "x"', appFilterRules)).toEqual(['attribute', 'label', null]);
  });

  it('applies the System Log filter rules: anything but published', () => {
    expect(describeViolation('not (actor.alternateId ew "@x.com") or target.id ne "1" and debugContext.debugData.requestUri co "/api"', logFilterRules)).toBeNull();
    expect(describeViolation('eventType eq "a" and published gt "2020-01-01"', logFilterRules)).toEqual(['attribute', 'published', null]);
  });

  it('reads the rule tables without prototype leaks', () => {
    const expr: FilterExpr = { kind: 'compare', attr: 'constructor', op: 'eq', value: 'x' };
    expect(() => checkFilter(expr, userFilterRules)).toThrow(FilterRuleError);
    expect(describeViolation('profile.__proto__ eq "x"', userSearchRules)).toBeNull();
    expect(describeViolation('toString eq "x"', appFilterRules)).toEqual(['attribute', 'toString', null]);
  });
});
