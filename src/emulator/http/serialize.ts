import { isoDate } from './internal/iso-date.ts';
import { JsonText } from './route.ts';
import { appUserId, type EffectiveAppUser } from '../state/apps.ts';
import { roleLabels } from '../state/access.ts';
import type { Org } from '../state/org.ts';
import type { AppGroupRecord, AppRecord, GrantRecord, GroupRecord, GroupRuleRecord, RoleAssignmentRecord, UserRecord } from '../state/types.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : isoDate(ms));
const link = (href: string) => ({ href });

/** The lifecycle links a single-user GET shows for each status (SPEC User `_links`). */
function lifecycleLinks(origin: string, user: UserRecord): Record<string, unknown> {
  const base = `${origin}/api/v1/users/${user.id}`;
  const op = (name: string) => ({ href: `${base}/lifecycle/${name}`, method: 'POST' });
  const links: Record<string, unknown> = {};
  switch (user.status) {
    case 'STAGED':
      links.activate = op('activate');
      break;
    case 'PROVISIONED':
      links.reactivate = op('reactivate');
      break;
    case 'ACTIVE':
      links.suspend = op('suspend');
      links.resetPassword = op('reset_password');
      links.expirePassword = op('expire_password');
      links.resetFactors = op('reset_factors');
      links.forgotPassword = { href: `${base}/credentials/forgot_password`, method: 'POST' };
      links.changePassword = { href: `${base}/credentials/change_password`, method: 'POST' };
      links.changeRecoveryQuestion = { href: `${base}/credentials/change_recovery_question`, method: 'POST' };
      break;
    case 'SUSPENDED':
      links.unsuspend = op('unsuspend');
      break;
    case 'LOCKED_OUT':
      links.unlock = op('unlock');
      links.resetPassword = op('reset_password');
      break;
    case 'RECOVERY':
      links.reactivate = op('reactivate');
      links.resetPassword = op('reset_password');
      break;
    case 'PASSWORD_EXPIRED':
      links.resetPassword = op('reset_password');
      links.expirePassword = op('expire_password');
      break;
    case 'DEPROVISIONED':
      links.activate = op('activate');
      break;
  }
  if (user.status !== 'DEPROVISIONED') links.deactivate = op('deactivate');
  links.schema = link(`${origin}/api/v1/meta/schemas/user/${user.typeId}`);
  links.type = link(`${origin}/api/v1/meta/types/user/${user.typeId}`);
  return links;
}

/** Okta's User JSON; `full` adds the per-status lifecycle links of a single GET. */
export function userJson(origin: string, user: UserRecord, full = false): Record<string, unknown> {
  const credentials: Record<string, unknown> = { provider: user.provider };
  if (user.hasPassword) credentials.password = {};
  if (user.recoveryQuestion !== null) credentials.recovery_question = { question: user.recoveryQuestion };
  return {
    id: user.id,
    status: user.status,
    created: iso(user.created),
    activated: iso(user.activated),
    statusChanged: iso(user.statusChanged),
    lastLogin: iso(user.lastLogin),
    lastUpdated: iso(user.lastUpdated),
    passwordChanged: iso(user.passwordChanged),
    type: { id: user.typeId },
    profile: user.profile,
    credentials,
    _links: full ? { self: link(`${origin}/api/v1/users/${user.id}`), ...lifecycleLinks(origin, user) } : { self: link(`${origin}/api/v1/users/${user.id}`) },
  };
}

/**
 * The collection form of {@link userJson} as JSON text, cached per user. Every change to a user goes
 * through state/users.ts, which replaces `profile` (never edits it in place) and bumps `version` and
 * `lastUpdated`; the fingerprint also covers status and the origin, so a stale text is never served.
 */
export function userListBytes(origin: string, org: Org, user: UserRecord): Buffer {
  const cached = org.jsonCache.get(user);
  if (
    cached !== undefined &&
    cached.version === user.version &&
    cached.profile === user.profile &&
    cached.lastUpdated === user.lastUpdated &&
    cached.status === user.status &&
    cached.statusChanged === user.statusChanged &&
    cached.lastLogin === user.lastLogin &&
    cached.passwordChanged === user.passwordChanged &&
    cached.origin === origin
  ) {
    return cached.bytes;
  }
  // Kept as UTF-8 bytes: a page is then one Buffer.concat with no re-encoding when sent, and the
  // cached texts live outside the JS heap the garbage collector walks.
  const bytes = Buffer.from(userListTextOf(origin, user), 'utf8');
  const { version, profile, lastUpdated, status, statusChanged, lastLogin, passwordChanged } = user;
  org.jsonCache.set(user, { origin, version, profile, lastUpdated, status, statusChanged, lastLogin, passwordChanged, bytes });
  return bytes;
}

const isoText = (ms: number | null) => (ms === null ? 'null' : `"${isoDate(ms)}"`);

/**
 * `JSON.stringify(userJson(origin, user))`, written out by hand: the same keys in the same order, with
 * JSON.stringify only where a value may need escaping (a test holds the two equal over the demo org).
 */
export function userListTextOf(origin: string, user: UserRecord): string {
  let credentials = `{"provider":${JSON.stringify(user.provider)}`;
  if (user.hasPassword) credentials += ',"password":{}';
  if (user.recoveryQuestion !== null) credentials += `,"recovery_question":{"question":${JSON.stringify(user.recoveryQuestion)}}`;
  const id = JSON.stringify(user.id);
  return (
    `{"id":${id},"status":${JSON.stringify(user.status)},"created":${isoText(user.created)},"activated":${isoText(user.activated)}` +
    `,"statusChanged":${isoText(user.statusChanged)},"lastLogin":${isoText(user.lastLogin)},"lastUpdated":${isoText(user.lastUpdated)}` +
    `,"passwordChanged":${isoText(user.passwordChanged)},"type":{"id":${JSON.stringify(user.typeId)}},"profile":${JSON.stringify(user.profile)}` +
    `,"credentials":${credentials}},"_links":{"self":{"href":${JSON.stringify(`${origin}/api/v1/users/${user.id}`)}}}}`
  );
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** A JSON array of users in collection form, from the cached texts. */
export function userListJson(origin: string, org: Org, users: readonly UserRecord[]): JsonText {
  const parts: Buffer[] = [OPEN];
  for (let i = 0; i < users.length; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(userListBytes(origin, org, users[i] as UserRecord));
  }
  parts.push(CLOSE);
  return new JsonText(Buffer.concat(parts));
}

/** The user's ETag (`W/"<version>"`, weak as Okta sends). */
export function userEtag(user: UserRecord): string {
  return `W/"${user.id}-${user.version}"`;
}

function withoutDescription(profile: GroupRecord['profile']): Record<string, unknown> {
  const { description: _description, ...rest } = profile;
  return rest;
}

/** Okta's Group JSON; `stats` adds `_embedded.stats` (expand=stats). */
export function groupJson(origin: string, org: Org, group: GroupRecord, expand: { stats?: boolean } = {}): Record<string, unknown> {
  const base = `${origin}/api/v1/groups/${group.id}`;
  const links: Record<string, unknown> = {
    logo: [
      { name: 'medium', href: `${origin}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' },
      { name: 'large', href: `${origin}/assets/img/logos/groups/okta-large.png`, type: 'image/png' },
    ],
    users: link(`${base}/users`),
    apps: link(`${base}/apps`),
  };
  if (group.sourceAppId) links.source = link(`${origin}/api/v1/apps/${group.sourceAppId}`);
  const out: Record<string, unknown> = {
    id: group.id,
    created: iso(group.created),
    lastUpdated: iso(group.lastUpdated),
    lastMembershipUpdated: iso(group.lastMembershipUpdated),
    objectClass: [group.type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group'],
    type: group.type,
    // Okta's schema has no null description: leave it out when there is none.
    profile: group.profile.description === null ? withoutDescription(group.profile) : group.profile,
    _links: links,
  };
  if (expand.stats) {
    out._embedded = {
      stats: {
        usersCount: org.members.get(group.id)?.size ?? 0,
        appsCount: org.groupApps.get(group.id)?.size ?? 0,
        groupPushMappingsCount: 0,
        hasAdminPrivilege: false,
        _links: { self: link(`${base}/stats`) },
      },
    };
  }
  return out;
}

/** Okta's Application JSON. */
export function appJson(origin: string, app: AppRecord): Record<string, unknown> {
  const base = `${origin}/api/v1/apps/${app.id}`;
  const out: Record<string, unknown> = {
    ...app.body,
    id: app.id,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: iso(app.lastUpdated),
    created: iso(app.created),
    signOnMode: app.signOnMode,
    _links: {
      appLinks: [{ name: app.name + '_link', href: `${origin}/home/${app.name}/${app.id}/alnk`, type: 'text/html' }],
      users: link(`${base}/users`),
      groups: link(`${base}/groups`),
      logo: [{ name: 'medium', href: `${origin}/assets/img/logos/default.png`, type: 'image/png' }],
      deactivate: app.status === 'ACTIVE' ? link(`${base}/lifecycle/deactivate`) : undefined,
      activate: app.status === 'INACTIVE' ? link(`${base}/lifecycle/activate`) : undefined,
      metadata: link(`${base}/sso/saml/metadata`),
    },
  };
  if (app.oauthClient) {
    const c = app.oauthClient;
    const settings = (out.settings as Record<string, unknown> | undefined) ?? {};
    out.settings = {
      ...settings,
      oauthClient: {
        ...((settings.oauthClient as Record<string, unknown> | undefined) ?? {}),
        application_type: c.applicationType,
        grant_types: c.grantTypes,
        response_types: c.responseTypes,
        dpop_bound_access_tokens: c.dpopBound,
        ...(c.keys.length > 0 ? { jwks: { keys: c.keys.map((k) => ({ ...k.jwk, id: k.id, status: k.status, created: iso(k.created), lastUpdated: iso(k.lastUpdated) })) } } : {}),
      },
    };
    const credentials = (out.credentials as Record<string, unknown> | undefined) ?? {};
    out.credentials = {
      ...credentials,
      oauthClient: { autoKeyRotation: true, client_id: app.id, token_endpoint_auth_method: c.tokenEndpointAuthMethod },
    };
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

/** Okta's AppUser JSON for an effective assignment. */
export function appUserJson(origin: string, app: AppRecord, eff: EffectiveAppUser): Record<string, unknown> {
  const d = eff.direct;
  const user = eff.user;
  const created = d?.created ?? eff.viaGroup?.lastUpdated ?? user.created;
  const lastUpdated = d?.lastUpdated ?? eff.viaGroup?.lastUpdated ?? user.lastUpdated;
  const links: Record<string, unknown> = {
    app: link(`${origin}/api/v1/apps/${app.id}`),
    user: link(`${origin}/api/v1/users/${user.id}`),
  };
  if (eff.scope === 'GROUP' && eff.viaGroup) links.group = { name: eff.viaGroup.groupId, href: `${origin}/api/v1/groups/${eff.viaGroup.groupId}` };
  return {
    id: user.id,
    created: iso(created),
    lastUpdated: iso(lastUpdated),
    scope: eff.scope,
    status: 'PROVISIONED',
    statusChanged: iso(d?.statusChanged ?? created),
    passwordChanged: null,
    syncState: 'DISABLED',
    lastSync: iso(lastUpdated),
    credentials: { userName: d?.userName ?? String(user.profile.login) },
    profile: { ...(eff.viaGroup?.profile ?? {}), ...(d?.profile ?? {}) },
    _links: links,
  };
}

/** Okta's ApplicationGroupAssignment JSON. */
export function appGroupJson(origin: string, a: AppGroupRecord): Record<string, unknown> {
  return {
    id: a.groupId,
    lastUpdated: iso(a.lastUpdated),
    priority: a.priority,
    profile: a.profile,
    _links: {
      app: link(`${origin}/api/v1/apps/${a.appId}`),
      self: link(`${origin}/api/v1/apps/${a.appId}/groups/${a.groupId}`),
      group: link(`${origin}/api/v1/groups/${a.groupId}`),
    },
  };
}

/** Okta's AppLink JSON (a user's app dashboard tile). */
export function appLinkJson(origin: string, app: AppRecord, user: UserRecord, sortOrder: number): Record<string, unknown> {
  return {
    id: appUserId(app, user),
    label: app.label,
    linkUrl: `${origin}/home/${app.name}/${app.id}/alnk`,
    logoUrl: `${origin}/assets/img/logos/default.png`,
    appName: app.name,
    appInstanceId: app.id,
    appAssignmentId: appUserId(app, user),
    credentialsSetup: false,
    hidden: false,
    sortOrder,
  };
}

/** Okta's GroupRule JSON. */
export function ruleJson(rule: GroupRuleRecord, groupNames?: Record<string, string>): Record<string, unknown> {
  return {
    type: 'group_rule',
    id: rule.id,
    status: rule.status,
    name: rule.name,
    created: iso(rule.created),
    lastUpdated: iso(rule.lastUpdated),
    conditions: {
      people: { users: { exclude: rule.excludeUserIds }, groups: { exclude: [] } },
      expression: { value: rule.expression, type: 'urn:okta:expression:1.0' },
    },
    actions: { assignUserToGroups: { groupIds: rule.groupIds } },
    ...(groupNames ? { _embedded: { groupIdToGroupNameMap: groupNames } } : {}),
  };
}

/** Okta's client role assignment JSON. */
export function roleJson(origin: string, role: RoleAssignmentRecord): Record<string, unknown> {
  return {
    id: role.id,
    label: roleLabels[role.type],
    type: role.type,
    status: 'ACTIVE',
    created: iso(role.created),
    lastUpdated: iso(role.lastUpdated),
    assignmentType: 'CLIENT',
    _links: { assignee: link(`${origin}/oauth2/v1/clients/${role.clientId}`) },
  };
}

/** Okta's OAuth2ScopeConsentGrant JSON. */
export function grantJson(origin: string, grant: GrantRecord): Record<string, unknown> {
  return {
    id: grant.id,
    status: 'ACTIVE',
    created: iso(grant.created),
    lastUpdated: iso(grant.lastUpdated),
    issuer: grant.issuer || origin,
    scopeId: grant.scopeId,
    source: 'ADMIN',
    clientId: grant.clientId,
    createdBy: { id: grant.clientId, type: 'PublicClientApp' },
    _links: {
      app: link(`${origin}/api/v1/apps/${grant.clientId}`),
      self: link(`${origin}/api/v1/apps/${grant.clientId}/grants/${grant.id}`),
      client: link(`${origin}/oauth2/v1/clients/${grant.clientId}`),
    },
  };
}
