import { OktaError, oktaErrors } from './errors.ts';
import type { Org } from './org.ts';
import { appTarget, appUserTarget, groupTarget, logEvent, userTarget, type ChangeContext } from './system-log.ts';
import type { AppGroupRecord, AppRecord, AppUserRecord, OAuthClientRecord, UserRecord } from './types.ts';

/** Finds an app or throws 404 E0000007. */
export function getAppOr404(org: Org, id: string): AppRecord {
  const app = org.apps.get(id);
  if (!app) throw oktaErrors.notFound(id, 'AppInstance');
  return app;
}

/** The app an OAuth client id belongs to (client_id = app id unless set explicitly). */
export function findAppByClientId(org: Org, clientId: string): AppRecord | undefined {
  const direct = org.apps.get(clientId);
  if (direct?.oauthClient) return direct;
  for (const app of org.apps.values()) if (app.oauthClient && app.body.clientId === clientId) return app;
  return undefined;
}

function assertUniqueLabel(org: Org, label: string, exceptId: string | null): void {
  for (const app of org.apps.values()) if (app.id !== exceptId && app.label === label) throw oktaErrors.duplicateLabel();
}

export interface NewApp {
  name: string;
  label: string;
  signOnMode: string;
  status: AppRecord['status'];
  body: Record<string, unknown>;
  oauthClient: OAuthClientRecord | null;
}

/** Creates an app integration. */
export function createApp(org: Org, input: NewApp, ctx: ChangeContext | null): AppRecord {
  assertUniqueLabel(org, input.label, null);
  const now = org.now();
  const app: AppRecord = { ...input, id: org.ids.next('app'), created: now, lastUpdated: now };
  org.apps.set(app.id, app);
  org.appOrder.add(app.id);
  org.appUsers.set(app.id, new Map());
  org.appGroups.set(app.id, new Map());
  logEvent(org, ctx, { eventType: 'application.lifecycle.create', displayMessage: 'Add application', legacyEventType: 'app.generic.config.app_created', targets: [appTarget(app)] });
  if (app.status === 'ACTIVE') logEvent(org, ctx, { eventType: 'application.lifecycle.activate', displayMessage: 'Activate application', targets: [appTarget(app)] });
  return app;
}

/** Replaces an app's settable fields (PUT). */
export function replaceApp(org: Org, app: AppRecord, input: Omit<NewApp, 'status'>, ctx: ChangeContext | null): void {
  assertUniqueLabel(org, input.label, app.id);
  Object.assign(app, input, { lastUpdated: org.now() });
  logEvent(org, ctx, { eventType: 'application.lifecycle.update', displayMessage: 'Update application', targets: [appTarget(app)] });
}

/** Activates or deactivates an app (idempotent). */
export function setAppStatus(org: Org, app: AppRecord, status: AppRecord['status'], ctx: ChangeContext | null): void {
  if (app.status === status) return;
  app.status = status;
  app.lastUpdated = org.now();
  const activate = status === 'ACTIVE';
  logEvent(org, ctx, {
    eventType: activate ? 'application.lifecycle.activate' : 'application.lifecycle.deactivate',
    displayMessage: activate ? 'Activate application' : 'Deactivate application',
    targets: [appTarget(app)],
  });
}

/** Deletes an INACTIVE app (403 E0000056 for an ACTIVE one). */
export function deleteApp(org: Org, app: AppRecord, ctx: ChangeContext | null): void {
  if (app.status === 'ACTIVE') throw oktaErrors.deleteActiveApp();
  for (const userId of org.appUsers.get(app.id)?.keys() ?? []) org.userApps.get(userId)?.delete(app.id);
  for (const groupId of org.appGroups.get(app.id)?.keys() ?? []) org.groupApps.get(groupId)?.delete(app.id);
  org.appUsers.delete(app.id);
  org.appGroups.delete(app.id);
  org.apps.delete(app.id);
  org.appOrder.remove(app.id);
  org.roles.delete(app.id);
  org.grants.delete(app.id);
  org.revision++;
  logEvent(org, ctx, { eventType: 'application.lifecycle.delete', displayMessage: 'Delete application', targets: [appTarget(app)] });
}

/** How a user holds an app: directly (USER) or through an assigned group (GROUP). Direct wins when both. */
export interface EffectiveAppUser {
  user: UserRecord;
  scope: 'USER' | 'GROUP';
  direct: AppUserRecord | null;
  /** The highest-priority assigned group that grants the app (lowest `priority` number), when any. */
  viaGroup: AppGroupRecord | null;
}

/** The groups assigned to `app` that `userId` is a member of, best priority first. */
export function grantingGroups(org: Org, appId: string, userId: string): AppGroupRecord[] {
  const out: AppGroupRecord[] = [];
  const assigned = org.appGroups.get(appId);
  if (!assigned || assigned.size === 0) return out;
  for (const groupId of org.userGroups.get(userId) ?? []) {
    const a = assigned.get(groupId);
    if (a) out.push(a);
  }
  return out.sort((a, b) => a.priority - b.priority);
}

/** One user's hold on an app, or null when they do not have it. */
export function effectiveAppUser(org: Org, app: AppRecord, user: UserRecord): EffectiveAppUser | null {
  const direct = org.appUsers.get(app.id)?.get(user.id) ?? null;
  const groups = user.status === 'DEPROVISIONED' ? [] : grantingGroups(org, app.id, user.id);
  if (!direct && groups.length === 0) return null;
  return { user, scope: direct ? 'USER' : 'GROUP', direct, viaGroup: groups[0] ?? null };
}

const effectiveCache = new WeakMap<AppRecord, { revision: number; userIds: string[] }>();

/** Ids of every user holding the app, sorted (so lists page by "after = last id"). Cached per org revision. */
export function appUserIds(org: Org, app: AppRecord): string[] {
  const hit = effectiveCache.get(app);
  if (hit && hit.revision === org.revision) return hit.userIds;
  const ids = new Set<string>(org.appUsers.get(app.id)?.keys() ?? []);
  for (const groupId of org.appGroups.get(app.id)?.keys() ?? []) {
    for (const userId of org.members.get(groupId)?.keys() ?? []) {
      if (org.users.get(userId)?.status !== 'DEPROVISIONED') ids.add(userId);
    }
  }
  const userIds = [...ids].sort();
  effectiveCache.set(app, { revision: org.revision, userIds });
  return userIds;
}

/** Assigns a user to an app directly (scope USER). */
export function assignUserToApp(org: Org, app: AppRecord, user: UserRecord, input: { userName?: string; profile?: Record<string, unknown> }, ctx: ChangeContext | null): AppUserRecord {
  if (user.status === 'DEPROVISIONED') throw oktaErrors.inactiveUserApps();
  const users = org.appUsers.get(app.id) as Map<string, AppUserRecord>;
  const existing = users.get(user.id);
  const now = org.now();
  if (existing) {
    if (input.profile) existing.profile = { ...existing.profile, ...input.profile };
    if (input.userName) existing.userName = input.userName;
    existing.lastUpdated = now;
    return existing;
  }
  const record: AppUserRecord = {
    appId: app.id,
    userId: user.id,
    created: now,
    lastUpdated: now,
    statusChanged: now,
    userName: input.userName ?? String(user.profile.login),
    profile: input.profile ?? {},
  };
  users.set(user.id, record);
  let apps = org.userApps.get(user.id);
  if (!apps) org.userApps.set(user.id, (apps = new Set()));
  apps.add(app.id);
  org.revision++;
  logEvent(org, ctx, {
    eventType: 'application.user_membership.add',
    displayMessage: 'Add user to application membership',
    legacyEventType: 'app.generic.provision.assign_user_to_app',
    targets: [appUserTarget(appUserId(app, user), user), appTarget(app), userTarget(user)],
  });
  return record;
}

/** The stable `0ua…` id of a user's assignment to an app (derived, so group-sourced assignments have one too). */
export function appUserId(app: AppRecord, user: UserRecord): string {
  return '0ua' + user.id.slice(3, 13) + app.id.slice(13, 20);
}

/** Removes a direct assignment; a user who holds the app through a group gets 403 E0000046. */
export function unassignUserFromApp(org: Org, app: AppRecord, user: UserRecord, ctx: ChangeContext | null): void {
  const users = org.appUsers.get(app.id) as Map<string, AppUserRecord>;
  const direct = users.get(user.id);
  if (grantingGroups(org, app.id, user.id).length > 0 && user.status !== 'DEPROVISIONED') throw oktaErrors.groupSourcedAppUser();
  if (!direct) throw oktaErrors.notFound(user.id, 'AppUser');
  users.delete(user.id);
  org.userApps.get(user.id)?.delete(app.id);
  org.revision++;
  logEvent(org, ctx, {
    eventType: 'application.user_membership.remove',
    displayMessage: 'Remove user from application membership',
    legacyEventType: 'app.generic.provision.deprovision_user_from_app',
    targets: [appUserTarget(appUserId(app, user), user), appTarget(app), userTarget(user)],
  });
}

/** Assigns a group to an app (or updates the assignment's priority and profile). */
export function assignGroupToApp(org: Org, app: AppRecord, groupId: string, input: { priority?: number; profile?: Record<string, unknown> }, ctx: ChangeContext | null): AppGroupRecord {
  const group = org.groups.get(groupId);
  if (!group) throw oktaErrors.notFound(groupId, 'UserGroup');
  const assigned = org.appGroups.get(app.id) as Map<string, AppGroupRecord>;
  const existing = assigned.get(groupId);
  const priority = input.priority ?? existing?.priority ?? nextPriority(assigned);
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) throw new OktaError(400, 'E0000001', 'Api validation failed: priority', ['priority: must be an integer between 0 and 100']);
  const record: AppGroupRecord = { appId: app.id, groupId, priority, profile: input.profile ?? existing?.profile ?? {}, lastUpdated: org.now() };
  assigned.set(groupId, record);
  let apps = org.groupApps.get(groupId);
  if (!apps) org.groupApps.set(groupId, (apps = new Set()));
  apps.add(app.id);
  org.revision++;
  logEvent(org, ctx, {
    eventType: existing ? 'group.application_assignment.update' : 'group.application_assignment.add',
    displayMessage: existing ? 'Update app group assignment' : 'Add assigned application to group',
    targets: [appTarget(app), groupTarget(group)],
  });
  return record;
}

function nextPriority(assigned: Map<string, AppGroupRecord>): number {
  let max = -1;
  for (const a of assigned.values()) max = Math.max(max, a.priority);
  return Math.min(100, max + 1);
}

/** Removes a group's assignment to an app. */
export function unassignGroupFromApp(org: Org, app: AppRecord, groupId: string, ctx: ChangeContext | null): void {
  const assigned = org.appGroups.get(app.id) as Map<string, AppGroupRecord>;
  if (!assigned.has(groupId)) throw oktaErrors.notFound(groupId, 'ApplicationGroupAssignment');
  assigned.delete(groupId);
  org.groupApps.get(groupId)?.delete(app.id);
  org.revision++;
  const group = org.groups.get(groupId);
  logEvent(org, ctx, {
    eventType: 'group.application_assignment.remove',
    displayMessage: 'Remove assigned application from group',
    targets: group ? [appTarget(app), groupTarget(group)] : [appTarget(app)],
  });
}

/** Apps a user holds, directly or through groups, in app id order. */
export function userAppIds(org: Org, user: UserRecord): string[] {
  const ids = new Set<string>(org.userApps.get(user.id) ?? []);
  if (user.status !== 'DEPROVISIONED') {
    for (const groupId of org.userGroups.get(user.id) ?? []) for (const appId of org.groupApps.get(groupId) ?? []) ids.add(appId);
  }
  return [...ids].sort();
}
