import { createRandom, type Random } from '../../common/random.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Okta's id prefixes by object type (reference §2.1). */
export const idPrefixes = {
  user: '00u',
  group: '00g',
  app: '0oa',
  appUser: '0ua',
  groupRule: '0pr',
  userType: 'oty',
  grant: 'oag',
  role: 'irb',
  jwk: 'pks',
  request: 'req',
  error: 'oae',
} as const;

export type IdKind = keyof typeof idPrefixes;

/**
 * Generates Okta-shaped 20-character ids. The 10 characters after the prefix count up, so ids sort
 * (in ASCII order) in creation order: the users list pages by "after = last id" with a binary search.
 * The rest is seeded randomness, so the same seed gives the same org.
 */
export interface IdGenerator {
  next(kind: IdKind): string;
  /** A random base62 string of `length` characters (request ids, nonces, error ids). */
  token(length: number): string;
}

/** Creates an id generator from a numeric seed. */
export function createIdGenerator(seed: number): IdGenerator {
  const random: Random = createRandom(seed);
  let counter = 1_000_000;
  const chars = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += BASE62[random.int(62)];
    return out;
  };
  const counterChars = (value: number): string => {
    let out = '';
    let v = value;
    for (let i = 0; i < 10; i++) {
      out = BASE62[v % 62] + out;
      v = Math.floor(v / 62);
    }
    return out;
  };
  return {
    next(kind) {
      const prefix = idPrefixes[kind];
      counter += 1;
      return prefix + counterChars(counter) + chars(20 - prefix.length - 10);
    },
    token: chars,
  };
}
