import { oktaErrors } from './errors.ts';
import { addSystemMembership, applyRulesToUser, dropAllMemberships, getGroupOr404 } from './groups.ts';
import type { Org } from './org.ts';
import { logEvent, userTarget, type ChangeContext } from './system-log.ts';
import type { Profile, ProviderType, UserRecord, UserStatus } from './types.ts';

/** Finds a user by id, login, or unambiguous login short name; throws 404 E0000007. */
export function findUserOr404(org: Org, idOrLogin: string): UserRecord {
  const user = findUser(org, idOrLogin);
  if (!user) throw oktaErrors.notFound(idOrLogin, 'User');
  return user;
}

/** Finds a user by id, login or unambiguous login short name (the part before '@'). */
export function findUser(org: Org, idOrLogin: string): UserRecord | undefined {
  const byId = org.users.get(idOrLogin);
  if (byId) return byId;
  const key = idOrLogin.toLowerCase();
  const byLogin = org.usersByLogin.get(key);
  if (byLogin) return org.users.get(byLogin);
  if (key.includes('@')) return undefined;
  let found: UserRecord | undefined;
  for (const [login, id] of org.usersByLogin) {
    if (login.startsWith(key + '@')) {
      if (found) return undefined; // ambiguous short name
      found = org.users.get(id);
    }
  }
  return found;
}

/** Normalises a login for the uniqueness check: case- and diacritic-insensitive. */
export function loginKey(login: string): string {
  return login.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export interface NewUser {
  profile: Profile & { login: string };
  status: UserStatus;
  hasPassword: boolean;
  recoveryQuestion?: string | null;
  provider?: { type: ProviderType; name: string };
  groupIds?: string[];
  typeId?: string;
  /** Seeding sets historical timestamps. */
  created?: number;
  lastLogin?: number | null;
}

function duplicateLogin() {
  return oktaErrors.validation('login', ['login: An object with this field already exists in the current organization']);
}

/** Creates a user, adds them to Everyone and the given groups, then applies group rules. */
export function createUser(org: Org, input: NewUser, ctx: ChangeContext | null): UserRecord {
  const key = loginKey(input.profile.login);
  if (org.usersByLogin.has(key)) throw duplicateLogin();
  const groups = (input.groupIds ?? []).map((id) => getGroupOr404(org, id));
  const now = org.now();
  const created = input.created ?? now;
  const active = input.status !== 'STAGED';
  const user: UserRecord = {
    id: org.ids.next('user'),
    status: input.status,
    created,
    activated: active ? created : null,
    statusChanged: active ? created : null,
    lastLogin: input.lastLogin ?? null,
    lastUpdated: created,
    passwordChanged: input.hasPassword ? created : null,
    typeId: input.typeId ?? org.defaultUserTypeId,
    profile: input.profile,
    hasPassword: input.hasPassword,
    recoveryQuestion: input.recoveryQuestion ?? null,
    provider: input.provider ?? { type: 'OKTA', name: 'OKTA' },
    factors: active ? 1 : 0,
    sessions: 0,
    version: 1,
  };
  org.users.set(user.id, user);
  org.userOrder.add(user.id);
  org.usersByLogin.set(key, user.id);
  logEvent(org, ctx, { eventType: 'user.lifecycle.create', displayMessage: 'Create Okta user', legacyEventType: 'core.user.config.user_creation.success', targets: [userTarget(user)] });
  if (active) logEvent(org, ctx, { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user', legacyEventType: 'core.user.config.user_activated', targets: [userTarget(user)] });
  const everyone = org.everyoneGroupId ? org.groups.get(org.everyoneGroupId) : undefined;
  if (everyone) addSystemMembership(org, everyone, user, null);
  for (const group of groups) addSystemMembership(org, group, user, ctx);
  applyRulesToUser(org, user, ctx);
  return user;
}

/** Updates a user's profile (merge or replace) and credentials, then re-applies group rules. */
export function updateUser(
  org: Org,
  user: UserRecord,
  change: { profile?: Profile; replace: boolean; password?: boolean; recoveryQuestion?: string | null },
  ctx: ChangeContext | null,
): void {
  if (change.profile) {
    const next = change.replace ? { ...change.profile } : { ...user.profile, ...change.profile };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    const login = next.login;
    if (typeof login !== 'string' || login.length === 0) throw oktaErrors.validation('login', ['login: The field cannot be left blank']);
    const oldKey = loginKey(String(user.profile.login));
    const newKey = loginKey(login);
    if (newKey !== oldKey) {
      if (org.usersByLogin.has(newKey)) throw duplicateLogin();
      org.usersByLogin.delete(oldKey);
      org.usersByLogin.set(newKey, user.id);
    }
    user.profile = next;
    logEvent(org, ctx, { eventType: 'user.account.update_profile', displayMessage: 'Update user profile for Okta', legacyEventType: 'core.user.config.profile_update.success', targets: [userTarget(user)] });
  }
  if (change.password) {
    user.hasPassword = true;
    user.passwordChanged = org.now();
    if (user.status === 'PASSWORD_EXPIRED' || user.status === 'RECOVERY') setStatus(org, user, 'ACTIVE');
    logEvent(org, ctx, { eventType: 'user.account.update_password', displayMessage: 'Update password for user', legacyEventType: 'core.user.config.password_update.success', targets: [userTarget(user)] });
  }
  if (change.recoveryQuestion !== undefined) user.recoveryQuestion = change.recoveryQuestion;
  touch(org, user);
  if (change.profile) applyRulesToUser(org, user, ctx);
}

function touch(org: Org, user: UserRecord): void {
  user.lastUpdated = org.now();
  user.version++;
}

/** Moves a user to a status, stamping statusChanged. */
export function setStatus(org: Org, user: UserRecord, status: UserStatus): void {
  const now = org.now();
  if (status === 'ACTIVE' && user.activated === null) user.activated = now;
  user.status = status;
  user.statusChanged = now;
  touch(org, user);
}

/** One lifecycle operation of `POST /users/{id}/lifecycle/{op}` (reference §2.2). */
export type LifecycleOp = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'reset_password' | 'expire_password' | 'reset_factors';

const lifecycleEvents: Record<LifecycleOp, [eventType: string, message: string]> = {
  activate: ['user.lifecycle.activate', 'Activate Okta user'],
  reactivate: ['user.lifecycle.reactivate', 'Reactivate Okta user'],
  deactivate: ['user.lifecycle.deactivate', 'Deactivate Okta user'],
  suspend: ['user.lifecycle.suspend', 'Suspend Okta user'],
  unsuspend: ['user.lifecycle.unsuspend', 'Unsuspend Okta user'],
  unlock: ['user.account.unlock_by_admin', 'Unlock user account by admin'],
  reset_password: ['user.account.reset_password', 'Reset user password'],
  expire_password: ['user.account.expire_password', 'Expire user password'],
  reset_factors: ['user.mfa.factor.reset_all', 'Reset all factors for user'],
};

/**
 * Applies a lifecycle operation with Okta's status machine and errors. Returns the status the user ends in.
 * Activation of a user without a password goes to PROVISIONED (they finish activation themselves).
 */
export function applyLifecycle(org: Org, user: UserRecord, op: LifecycleOp, ctx: ChangeContext | null): void {
  const s = user.status;
  switch (op) {
    case 'activate':
      if (s !== 'STAGED' && s !== 'DEPROVISIONED') {
        if (s === 'ACTIVE') throw oktaErrors.alreadyActive();
        throw oktaErrors.wrongStatus();
      }
      setStatus(org, user, user.hasPassword || user.provider.type !== 'OKTA' ? 'ACTIVE' : 'PROVISIONED');
      break;
    case 'reactivate':
      if (s !== 'PROVISIONED' && s !== 'RECOVERY') throw oktaErrors.wrongStatus();
      setStatus(org, user, 'PROVISIONED');
      break;
    case 'deactivate':
      if (s === 'DEPROVISIONED') throw oktaErrors.wrongStatus();
      deprovision(org, user);
      break;
    case 'suspend':
      if (s !== 'ACTIVE') throw oktaErrors.validation('status', ['status: Cannot suspend a user that is not active']);
      setStatus(org, user, 'SUSPENDED');
      break;
    case 'unsuspend':
      if (s !== 'SUSPENDED') throw oktaErrors.validation('status', ['status: Cannot unsuspend a user that is not suspended']);
      setStatus(org, user, 'ACTIVE');
      break;
    case 'unlock':
      if (s !== 'LOCKED_OUT') throw oktaErrors.unlockNotAllowed();
      setStatus(org, user, 'ACTIVE');
      break;
    case 'reset_password':
      if (s !== 'ACTIVE' && s !== 'PASSWORD_EXPIRED' && s !== 'LOCKED_OUT' && s !== 'RECOVERY' && s !== 'SUSPENDED') throw oktaErrors.wrongStatus();
      user.hasPassword = false;
      org.passwordHashes.delete(user.id);
      setStatus(org, user, 'RECOVERY');
      break;
    case 'expire_password':
      if (s !== 'ACTIVE' && s !== 'PASSWORD_EXPIRED' && s !== 'RECOVERY' && s !== 'LOCKED_OUT') throw oktaErrors.wrongStatus();
      setStatus(org, user, 'PASSWORD_EXPIRED');
      break;
    case 'reset_factors':
      if (s === 'DEPROVISIONED' || s === 'STAGED') throw oktaErrors.wrongStatus();
      user.factors = 0;
      touch(org, user);
      break;
  }
  const [eventType, displayMessage] = lifecycleEvents[op];
  logEvent(org, ctx, { eventType, displayMessage, targets: [userTarget(user)] });
  if (op === 'deactivate' || op === 'activate') applyRulesToUser(org, user, ctx);
}

/** DEPROVISIONED: sessions end and direct app assignments go; memberships stay (as in Okta). */
function deprovision(org: Org, user: UserRecord): void {
  setStatus(org, user, 'DEPROVISIONED');
  user.sessions = 0;
  for (const appId of org.userApps.get(user.id) ?? []) org.appUsers.get(appId)?.delete(user.id);
  org.userApps.delete(user.id);
  org.revision++;
}

/**
 * `DELETE /users/{id}`: the first call deactivates a user who is not DEPROVISIONED; the call on a
 * DEPROVISIONED user deletes them for good.
 */
export function deleteUser(org: Org, user: UserRecord, ctx: ChangeContext | null): void {
  if (user.status !== 'DEPROVISIONED') {
    applyLifecycle(org, user, 'deactivate', ctx);
    return;
  }
  logEvent(org, ctx, { eventType: 'user.lifecycle.delete.initiated', displayMessage: 'Delete Okta user initiated', targets: [userTarget(user)] });
  dropAllMemberships(org, user);
  org.users.delete(user.id);
  org.userOrder.remove(user.id);
  org.usersByLogin.delete(loginKey(String(user.profile.login)));
  org.passwordHashes.delete(user.id);
  org.revision++;
  logEvent(org, ctx, { eventType: 'user.lifecycle.delete.completed', displayMessage: 'Delete Okta user completed', targets: [userTarget(user)] });
}

/** Ends a user's sessions (and, with oauthTokens, their OAuth tokens). */
export function clearSessions(org: Org, user: UserRecord, ctx: ChangeContext | null): void {
  user.sessions = 0;
  logEvent(org, ctx, { eventType: 'user.session.clear', displayMessage: "Clear user's sessions", legacyEventType: 'core.user_auth.session_clear', targets: [userTarget(user)] });
}
