import { OktaError, oktaErrors } from './errors.ts';
import type { Org } from './org.ts';
import { logEvent, type ChangeContext } from './system-log.ts';
import type { AdminRoleType, AppRecord, GrantRecord, RoleAssignmentRecord } from './types.ts';

/** Every Okta API scope an org service app can be granted (reference §4.1). */
export const oktaScopes = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.logs.read',
  'okta.appGrants.read',
  'okta.appGrants.manage',
  'okta.roles.read',
  'okta.roles.manage',
  'okta.sessions.read',
  'okta.sessions.manage',
  'okta.userTypes.read',
  'okta.userTypes.manage',
  'okta.clients.read',
  'okta.clients.manage',
  'okta.clients.register',
] as const;

export const roleLabels: Record<AdminRoleType, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'User Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read-only Administrator',
  REPORT_ADMIN: 'Report Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
};

/** Roles that can be limited to groups, and to apps (reference §4.2). */
export const groupTargetableRoles: ReadonlySet<AdminRoleType> = new Set(['USER_ADMIN', 'GROUP_MEMBERSHIP_ADMIN', 'HELP_DESK_ADMIN']);
export const appTargetableRoles: ReadonlySet<AdminRoleType> = new Set(['APP_ADMIN']);

function assertServiceApp(app: AppRecord): void {
  if (app.oauthClient?.applicationType !== 'service') throw oktaErrors.nonServiceClient();
}

/** Assigns a standard admin role to a service app's client. */
export function assignClientRole(org: Org, app: AppRecord, type: AdminRoleType, ctx: ChangeContext | null): RoleAssignmentRecord {
  assertServiceApp(app);
  const list = org.roles.get(app.id) ?? [];
  if (list.some((r) => r.type === type)) throw oktaErrors.roleAlreadyAssigned();
  const now = org.now();
  const role: RoleAssignmentRecord = { id: org.ids.next('role'), clientId: app.id, type, created: now, lastUpdated: now, groupTargets: [], appTargets: [] };
  org.roles.set(app.id, [...list, role]);
  logEvent(org, ctx, {
    eventType: 'app.oauth2.client.privilege.grant',
    displayMessage: 'Grant admin privilege to client app',
    targets: [{ id: app.id, type: 'PublicClientApp', alternateId: app.id, displayName: app.label, detailEntry: { role: type } }],
  });
  return role;
}

/** Removes a role assignment from a client. */
export function removeClientRole(org: Org, app: AppRecord, roleId: string, ctx: ChangeContext | null): void {
  const list = org.roles.get(app.id) ?? [];
  const role = list.find((r) => r.id === roleId);
  if (!role) throw oktaErrors.notFound(roleId, 'RoleAssignment');
  org.roles.set(app.id, list.filter((r) => r.id !== roleId));
  logEvent(org, ctx, {
    eventType: 'app.oauth2.client.privilege.revoke',
    displayMessage: 'Revoke admin privilege from client app',
    targets: [{ id: app.id, type: 'PublicClientApp', alternateId: app.id, displayName: app.label, detailEntry: { role: role.type } }],
  });
}

/** Finds a role assignment of a client or throws 404. */
export function getClientRoleOr404(org: Org, clientId: string, roleId: string): RoleAssignmentRecord {
  const role = org.roles.get(clientId)?.find((r) => r.id === roleId);
  if (!role) throw oktaErrors.notFound(roleId, 'RoleAssignment');
  return role;
}

/** Limits a role to a group (the first target turns an org-wide role into a targeted one). */
export function addGroupTarget(org: Org, role: RoleAssignmentRecord, groupId: string): void {
  if (!groupTargetableRoles.has(role.type)) throw new OktaError(400, 'E0000001', 'Api validation failed: type', [`type: ${role.type} cannot be targeted to groups`]);
  const group = org.groups.get(groupId);
  if (!group) throw oktaErrors.notFound(groupId, 'UserGroup');
  if (group.type === 'BUILT_IN') throw new OktaError(400, 'E0000211', 'Built-in groups cannot be used as a role target.');
  if (!role.groupTargets.includes(groupId)) role.groupTargets.push(groupId);
  role.lastUpdated = org.now();
}

/** Removes a group target; the last one cannot be removed (Okta refuses, so the role never silently widens). */
export function removeGroupTarget(org: Org, role: RoleAssignmentRecord, groupId: string): void {
  if (!role.groupTargets.includes(groupId)) throw oktaErrors.notFound(groupId, 'UserGroup');
  if (role.groupTargets.length === 1) throw new OktaError(400, 'E0000001', 'Api validation failed: target', ['The last target of a role cannot be removed; remove the role instead']);
  role.groupTargets = role.groupTargets.filter((id) => id !== groupId);
  role.lastUpdated = org.now();
}

/** Limits an APP_ADMIN role to an app instance. */
export function addAppTarget(org: Org, role: RoleAssignmentRecord, appId: string): void {
  if (!appTargetableRoles.has(role.type)) throw new OktaError(400, 'E0000001', 'Api validation failed: type', [`type: ${role.type} cannot be targeted to apps`]);
  if (!org.apps.has(appId)) throw oktaErrors.notFound(appId, 'AppInstance');
  if (!role.appTargets.includes(appId)) role.appTargets.push(appId);
  role.lastUpdated = org.now();
}

/** Grants an Okta API scope to an app (the "Okta API Scopes" tab). Idempotent per scope. */
export function grantScope(org: Org, app: AppRecord, scopeId: string, issuer: string, ctx: ChangeContext | null): GrantRecord {
  if (!(oktaScopes as readonly string[]).includes(scopeId)) throw oktaErrors.validation('scopeId', [`scopeId: The scope '${scopeId}' does not exist`]);
  const list = org.grants.get(app.id) ?? [];
  const existing = list.find((g) => g.scopeId === scopeId);
  if (existing) return existing;
  const now = org.now();
  const grant: GrantRecord = { id: org.ids.next('grant'), clientId: app.id, scopeId, issuer, created: now, lastUpdated: now };
  org.grants.set(app.id, [...list, grant]);
  logEvent(org, ctx, {
    eventType: 'app.oauth2.as.consent.grant',
    displayMessage: 'A consent is granted',
    targets: [{ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: { scope: scopeId } }],
  });
  return grant;
}

/** Revokes a scope grant. */
export function revokeGrant(org: Org, app: AppRecord, grantId: string, ctx: ChangeContext | null): void {
  const list = org.grants.get(app.id) ?? [];
  const grant = list.find((g) => g.id === grantId);
  if (!grant) throw oktaErrors.notFound(grantId, 'OAuth2ScopeConsentGrant');
  org.grants.set(app.id, list.filter((g) => g.id !== grantId));
  logEvent(org, ctx, {
    eventType: 'app.oauth2.as.consent.revoke',
    displayMessage: 'A consent is revoked',
    targets: [{ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: { scope: grant.scopeId } }],
  });
}
