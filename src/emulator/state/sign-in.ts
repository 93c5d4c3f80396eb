import { createHash, timingSafeEqual } from 'node:crypto';
import { findUser } from './users.ts';
import type { Org } from './org.ts';
import type { UserRecord } from './types.ts';

/**
 * The password of every seeded user who has one (the demo org's people): the emulator keeps no
 * passwords for them, so the sign-in page of `/oauth2/v1/authorize` accepts this one. Users given a
 * password through the API sign in with that password instead.
 */
export const DEMO_PASSWORD = 'Gatehouse-demo-1';

const digest = (userId: string, password: string) => createHash('sha256').update(`${userId}\u0000${password}`).digest();

/** Remembers a password set through the API (as a salted hash), so the user can sign in with it. */
export function rememberPassword(org: Org, userId: string, password: string): void {
  org.passwordHashes.set(userId, digest(userId, password).toString('base64'));
}

/** Why a sign-in failed, in the words of Okta's sign-in widget. */
export type SignInFailure = 'Unable to sign in' | 'Your account is locked. Please contact your administrator.' | 'Your password has expired. Please contact your administrator.';

/**
 * Checks a login and password as Okta's sign-in page does: the user must exist, hold a password and
 * be ACTIVE. Unknown users and wrong passwords fail alike (no account probing).
 */
export function signIn(org: Org, login: string, password: string): { user: UserRecord } | { failure: SignInFailure } {
  const user = findUser(org, login.trim());
  if (!user || !user.hasPassword || !passwordMatches(org, user, password)) return { failure: 'Unable to sign in' };
  if (user.status === 'LOCKED_OUT') return { failure: 'Your account is locked. Please contact your administrator.' };
  if (user.status === 'PASSWORD_EXPIRED') return { failure: 'Your password has expired. Please contact your administrator.' };
  if (user.status !== 'ACTIVE') return { failure: 'Unable to sign in' };
  return { user };
}

function passwordMatches(org: Org, user: UserRecord, password: string): boolean {
  const stored = org.passwordHashes.get(user.id);
  const expected = stored === undefined ? digest(user.id, DEMO_PASSWORD) : Buffer.from(stored, 'base64');
  return timingSafeEqual(expected, digest(user.id, password));
}
