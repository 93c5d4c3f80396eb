import { z } from 'zod';
import { appFilterRules, parseFilter, type FilterExpr } from '../query/index.ts';
import { linkHeaders, readLimit } from '../http/pagination.ts';
import { noContent, ok, type Answer, type Call, type OktaRoute } from '../http/route.ts';
import { appGroupJson, appJson, appUserJson, grantJson, groupJson, userJson } from '../http/serialize.ts';
import { boolParam, parseBody } from '../http/validate.ts';
import type { Action } from '../auth/permissions.ts';
import { grantScope, revokeGrant } from '../state/access.ts';
import {
  appUserIds,
  assignGroupToApp,
  assignUserToApp,
  createApp,
  deleteApp,
  effectiveAppUser,
  getAppOr404,
  replaceApp,
  setAppStatus,
  unassignGroupFromApp,
  unassignUserFromApp,
  type EffectiveAppUser,
} from '../state/apps.ts';
import { oktaErrors } from '../state/errors.ts';
import { getGroupOr404 } from '../state/groups.ts';
import type { Org } from '../state/org.ts';
import type { AppGroupRecord, AppRecord, GrantRecord, UserRecord } from '../state/types.ts';
import { parseAppBody } from './internal/app-body.ts';
import { compileQuery } from './internal/query.ts';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/
// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/ApplicationUsers/
// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/ApplicationGroups/
// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/ApplicationGrants/

// ---------------------------------------------------------------------------------------------
// Shared helpers

function getApp(call: Call, action: Action): AppRecord {
  const app = getAppOr404(call.ctx.org, call.params.appId as string);
  call.principal.auth.require(action, { app });
  return app;
}

/** Index of the first sorted id strictly after `after` (0 without a cursor). */
function startAfter(ids: readonly string[], after: string | undefined): number {
  if (after === undefined || after === '') return 0;
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Walks sorted ids from `start`, keeping those `pick` accepts, until `limit` are kept; looks one match
 * further so the last page carries no `next` link.
 */
function scanPage<T>(ids: readonly string[], start: number, limit: number, pick: (id: string) => T | undefined): { page: T[]; next: string | undefined } {
  const page: T[] = [];
  let last: string | undefined;
  for (let i = start; i < ids.length; i++) {
    const id = ids[i] as string;
    const item = pick(id);
    if (item === undefined) continue;
    if (page.length === limit) return { page, next: last };
    page.push(item);
    last = id;
  }
  return { page, next: undefined };
}

const paged = (call: Call, items: unknown[], next: string | undefined): Answer => ok(items, 200, { link: linkHeaders(call.origin, call.path, call.query, next) });

// ---------------------------------------------------------------------------------------------
// Apps

/** Values a `filter` names, for one attribute (apps filter allows `eq` joined by `and` only). */
function literalsOf(expr: FilterExpr, attr: string, out: Set<string> = new Set()): Set<string> {
  if (expr.kind === 'compare' && expr.attr === attr && typeof expr.value === 'string') out.add(expr.value);
  else if (expr.kind === 'and' || expr.kind === 'or') {
    literalsOf(expr.left, attr, out);
    literalsOf(expr.right, attr, out);
  } else if (expr.kind === 'not') literalsOf(expr.expr, attr, out);
  return out;
}

function nested(body: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = body;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * Reads an app attribute for `filter`. `user.id` and `group.id` are many-valued (the comparison holds
 * when any value matches); for `user.id` only the users the filter names are checked, so a filter costs
 * the same whatever the size of the org.
 */
function appAttributeReader(org: Org, userIds: ReadonlySet<string>): (app: AppRecord, attr: string) => unknown {
  return (app, attr) => {
    switch (attr) {
      case 'id':
        return app.id;
      case 'status':
        return app.status;
      case 'name':
        return app.name;
      case 'credentials.signing.kid':
        return nested(app.body, ['credentials', 'signing', 'kid']);
      case 'settings.slo.enabled':
        return nested(app.body, ['settings', 'slo', 'enabled']);
      case 'group.id':
        return [...(org.appGroups.get(app.id)?.keys() ?? [])];
      case 'user.id':
        return [...userIds].filter((id) => {
          const user = org.users.get(id);
          return user !== undefined && effectiveAppUser(org, app, user) !== null;
        });
      default:
        return undefined;
    }
  };
}

function listApps(call: Call): Answer {
  const { org } = call.ctx;
  const auth = call.principal.auth;
  auth.require('apps.read');
  const limit = readLimit(call.query.limit, { default: -1, max: 200 });
  const { q, filter, expand } = call.query;
  boolParam(call.query.includeNonDeleted, 'includeNonDeleted', false);
  boolParam(call.query.useOptimization, 'useOptimization', false);
  let match: (app: AppRecord) => boolean = () => true;
  if (filter !== undefined && filter !== '') {
    // compileQuery reports syntax and rule errors as Okta does; the literals are read from a second parse.
    let userIds = new Set<string>();
    try {
      userIds = literalsOf(parseFilter(filter), 'user.id');
    } catch {
      // compileQuery below reports the syntax error.
    }
    match = compileQuery(filter, appFilterRules, appAttributeReader(org, userIds), false);
  }
  const needle = q !== undefined && q !== '' ? q.toLowerCase() : undefined;
  // expand=user/{userId} embeds that user's AppUser (Okta wants filter=user.id eq "{userId}" with it).
  const expandUser = expand?.startsWith('user/') ? org.users.get(expand.slice(5)) : undefined;
  const ids = org.appOrder.all();
  const { page, next } = scanPage(ids, org.appOrder.startAfter(call.query.after || undefined), limit, (id) => {
    const app = org.apps.get(id);
    if (!app || !match(app) || !auth.seesApp(app)) return undefined;
    if (needle !== undefined && !app.name.toLowerCase().startsWith(needle) && !app.label.toLowerCase().startsWith(needle)) return undefined;
    return app;
  });
  return paged(
    call,
    page.map((app) => {
      const json = appJson(call.origin, app);
      const eff = expandUser ? effectiveAppUser(org, app, expandUser) : null;
      if (eff) json._embedded = { user: appUserJson(call.origin, app, eff) };
      return json;
    }),
    next,
  );
}

/** The app JSON of a create/replace answer, with a new client secret shown this once. */
function withSecret(json: Record<string, unknown>, secret: string | null): Record<string, unknown> {
  if (secret === null) return json;
  const credentials = (json.credentials ?? {}) as Record<string, unknown>;
  const oauthClient = (credentials.oauthClient ?? {}) as Record<string, unknown>;
  return { ...json, credentials: { ...credentials, oauthClient: { ...oauthClient, client_secret: secret } } };
}

async function create(call: Call): Promise<Answer> {
  const { org } = call.ctx;
  // Okta authorizes before it validates.
  call.principal.auth.require('apps.manage');
  const activate = boolParam(call.query.activate, 'activate', true);
  const parsed = await parseAppBody(org, call.body, null);
  const { newSecret, ...input } = parsed;
  const app = createApp(org, { ...input, status: activate ? 'ACTIVE' : 'INACTIVE' }, call.change);
  return ok(withSecret(appJson(call.origin, app), newSecret));
}

async function replace(call: Call): Promise<Answer> {
  const { org } = call.ctx;
  const app = getApp(call, 'apps.manage');
  const { newSecret, ...input } = await parseAppBody(org, call.body, app);
  replaceApp(org, app, input, call.change);
  return ok(withSecret(appJson(call.origin, app), newSecret));
}

function lifecycle(call: Call): Answer {
  const op = call.params.op;
  if (op !== 'activate' && op !== 'deactivate') throw oktaErrors.noSuchPath();
  const app = getApp(call, 'apps.manage');
  setAppStatus(call.ctx.org, app, op === 'activate' ? 'ACTIVE' : 'INACTIVE', call.change);
  return ok({});
}

// ---------------------------------------------------------------------------------------------
// App users

const credentialsSchema = z.object({
  userName: z.string().min(1, { message: 'The field cannot be left blank' }).max(100).optional(),
  password: z.object({ value: z.string().optional() }).optional(),
});
const assignUserSchema = z.object({
  id: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }),
  scope: z.literal('USER', { message: 'Only USER can be set; GROUP assignments come from group assignments' }).optional(),
  credentials: credentialsSchema.optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
});
// A GET → POST round trip sends the whole AppUser back, scope included.
const updateUserSchema = z.object({
  scope: z.enum(['USER', 'GROUP'], { message: 'must be USER or GROUP' }).optional(),
  credentials: credentialsSchema.optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
});

function userOr404(org: Org, id: string): UserRecord {
  const user = org.users.get(id);
  if (!user) throw oktaErrors.notFound(id, 'User');
  return user;
}

function appUserAnswer(call: Call, app: AppRecord, eff: EffectiveAppUser): Record<string, unknown> {
  const json = appUserJson(call.origin, app, eff);
  if (call.query.expand === 'user') json._embedded = { user: userJson(call.origin, eff.user) };
  return json;
}

function effectiveOr404(org: Org, app: AppRecord, userId: string): EffectiveAppUser {
  const user = org.users.get(userId);
  const eff = user ? effectiveAppUser(org, app, user) : null;
  if (!eff) throw oktaErrors.notFound(userId, 'AppUser');
  return eff;
}

function listAppUsers(call: Call): Answer {
  const { org } = call.ctx;
  const app = getApp(call, 'apps.read');
  const limit = readLimit(call.query.limit, { default: 50, max: 500 });
  const needle = call.query.q ? call.query.q.toLowerCase() : undefined;
  const starts = (v: unknown) => typeof v === 'string' && v.toLowerCase().startsWith(needle as string);
  const ids = appUserIds(org, app);
  const { page, next } = scanPage(ids, startAfter(ids, call.query.after), limit, (id) => {
    const user = org.users.get(id);
    const eff = user ? effectiveAppUser(org, app, user) : null;
    if (!eff) return undefined;
    if (needle !== undefined) {
      const p = eff.user.profile;
      const userName = eff.direct?.userName ?? p.login;
      if (![userName, p.firstName, p.lastName, p.email].some(starts)) return undefined;
    }
    return eff;
  });
  return paged(call, page.map((eff) => appUserAnswer(call, app, eff)), next);
}

function assignUser(call: Call, userId: string | undefined): Answer {
  const { org } = call.ctx;
  // Okta authorizes before it validates: first the app, then (once the body names them) the user.
  const app = getApp(call, 'apps.assign');
  let body: z.infer<typeof updateUserSchema>;
  let targetId: string;
  if (userId === undefined) {
    const assign = parseBody(assignUserSchema, call.body);
    body = assign;
    targetId = assign.id;
  } else {
    body = parseBody(updateUserSchema, call.body ?? {});
    targetId = userId;
  }
  const user = userOr404(org, targetId);
  call.principal.auth.require('apps.assign', { app, user });
  // Updating someone who does not hold the app is a 404; assigning them is what POST /users is for.
  // The emulator keeps app-user profiles on direct assignments only, so updating a group-sourced app
  // user makes it a direct (USER) one, as Okta's "convert to individual assignment" does.
  if (userId !== undefined) effectiveOr404(org, app, user.id);
  assignUserToApp(
    org,
    app,
    user,
    { ...(body.credentials?.userName ? { userName: body.credentials.userName } : {}), ...(body.profile ? { profile: body.profile } : {}) },
    call.change,
  );
  return ok(appUserAnswer(call, app, effectiveOr404(org, app, user.id)));
}

function unassignUser(call: Call): Answer {
  const { org } = call.ctx;
  const app = getAppOr404(org, call.params.appId as string);
  const user = userOr404(org, call.params.userId as string);
  call.principal.auth.require('apps.assign', { app, user });
  boolParam(call.query.sendEmail, 'sendEmail', false);
  unassignUserFromApp(org, app, user, call.change);
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// App groups

const groupAssignmentSchema = z.object({
  priority: z.number({ message: 'must be a number' }).int({ message: 'must be an integer' }).min(0).max(100).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
});

const patchSchema = z
  .array(
    z.object({
      op: z.enum(['add', 'replace', 'remove'], { message: 'must be add, replace or remove' }),
      path: z.string({ message: 'The field cannot be left blank' }),
      value: z.unknown().optional(),
    }),
  )
  .min(1, { message: 'The patch must hold at least one operation' });

function assignmentOr404(org: Org, app: AppRecord, groupId: string): AppGroupRecord {
  const a = org.appGroups.get(app.id)?.get(groupId);
  if (!a) throw oktaErrors.notFound(groupId, 'ApplicationGroupAssignment');
  return a;
}

function appGroupAnswer(call: Call, a: AppGroupRecord): Record<string, unknown> {
  const json = appGroupJson(call.origin, a);
  const group = call.query.expand === 'group' ? call.ctx.org.groups.get(a.groupId) : undefined;
  if (group) json._embedded = { group: groupJson(call.origin, call.ctx.org, group) };
  return json;
}

function listAppGroups(call: Call): Answer {
  const { org } = call.ctx;
  const app = getApp(call, 'apps.read');
  const limit = readLimit(call.query.limit, { default: 20, min: 20, max: 200 });
  const assigned = org.appGroups.get(app.id) ?? new Map<string, AppGroupRecord>();
  const ids = [...assigned.keys()].sort();
  const needle = call.query.q ? call.query.q.toLowerCase() : undefined;
  const { page, next } = scanPage(ids, startAfter(ids, call.query.after), limit, (id) => {
    if (needle !== undefined && !(org.groups.get(id)?.profile.name.toLowerCase().startsWith(needle) ?? false)) return undefined;
    return assigned.get(id);
  });
  return paged(call, page.map((a) => appGroupAnswer(call, a)), next);
}

function groupChange(call: Call): { app: AppRecord; groupId: string } {
  const { org } = call.ctx;
  const app = getAppOr404(org, call.params.appId as string);
  const group = getGroupOr404(org, call.params.groupId as string);
  call.principal.auth.require('apps.assign', { app, group });
  return { app, groupId: group.id };
}

function assignGroup(call: Call): Answer {
  const { app, groupId } = groupChange(call);
  const body = parseBody(groupAssignmentSchema, call.body ?? {});
  const a = assignGroupToApp(call.ctx.org, app, groupId, body, call.change);
  return ok(appGroupJson(call.origin, a));
}

/** JSON Pointer segment unescaping (RFC 6901). */
const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function patchGroup(call: Call): Answer {
  const { org } = call.ctx;
  const { app, groupId } = groupChange(call);
  const current = assignmentOr404(org, app, groupId);
  const ops = parseBody(patchSchema, call.body);
  let priority = current.priority;
  const profile: Record<string, unknown> = { ...current.profile };
  for (const [i, { op, path, value }] of ops.entries()) {
    const where = `[${i}]`;
    if (path === '/priority') {
      if (op === 'remove') throw oktaErrors.validation('priority', [`${where}.path: /priority cannot be removed; replace it with a number from 0 to 100`]);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
        throw oktaErrors.validation('priority', [`${where}.value: priority must be an integer from 0 to 100`]);
      }
      priority = value;
    } else if (path.startsWith('/profile/') && path.length > '/profile/'.length) {
      const attr = unescapePointer(path.slice('/profile/'.length));
      if (op === 'remove') delete profile[attr];
      else profile[attr] = value ?? null;
    } else if (path === '/profile' && op !== 'remove' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const k of Object.keys(profile)) delete profile[k];
      Object.assign(profile, value);
    } else {
      throw oktaErrors.validation('path', [`${where}.path: '${path}' cannot be patched; use /priority or /profile/<attribute>`]);
    }
  }
  const a = assignGroupToApp(org, app, groupId, { priority, profile }, call.change);
  return ok(appGroupJson(call.origin, a));
}

function groupApps(call: Call): Answer {
  const { org } = call.ctx;
  const auth = call.principal.auth;
  const group = getGroupOr404(org, call.params.groupId as string);
  auth.require('groups.read', { group });
  const limit = readLimit(call.query.limit, { default: 20, max: 200 });
  const ids = [...(org.groupApps.get(group.id) ?? [])].sort();
  const { page, next } = scanPage(ids, startAfter(ids, call.query.after), limit, (id) => {
    const app = org.apps.get(id);
    return app && auth.seesApp(app) ? app : undefined;
  });
  return paged(call, page.map((app) => appJson(call.origin, app)), next);
}

// ---------------------------------------------------------------------------------------------
// Scope consent grants

const grantBodySchema = z.object({
  scopeId: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }),
  issuer: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }),
});

function grantOr404(org: Org, app: AppRecord, grantId: string): GrantRecord {
  const grant = org.grants.get(app.id)?.find((g) => g.id === grantId);
  if (!grant) throw oktaErrors.notFound(grantId, 'OAuth2ScopeConsentGrant');
  return grant;
}

function createGrant(call: Call): Answer {
  const { org } = call.ctx;
  const app = getApp(call, 'grants.manage');
  const body = parseBody(grantBodySchema, call.body);
  // Okta API scopes are granted by the org authorization server, whose issuer is the org URL.
  if (body.issuer.replace(/\/+$/, '') !== call.origin) {
    throw oktaErrors.validation('issuer', [`issuer: Okta API scopes are issued by the org authorization server; use '${call.origin}', got '${body.issuer}'`]);
  }
  if (!app.oauthClient) throw oktaErrors.validation('clientId', [`clientId: ${app.id} is not an OAuth 2.0 client app; scopes can only be granted to OPENID_CONNECT apps`]);
  const grant = grantScope(org, app, body.scopeId, call.origin, call.change);
  return ok(grantJson(call.origin, grant), 201);
}

// ---------------------------------------------------------------------------------------------

/** The Apps API: apps, their users, group assignments and scope grants, and a group's apps (reference §2.4). */
export const appRoutes: readonly OktaRoute[] = [
  { method: 'GET', url: '/api/v1/apps', scope: 'okta.apps.read', handler: listApps },
  { method: 'POST', url: '/api/v1/apps', scope: 'okta.apps.manage', handler: create },
  { method: 'GET', url: '/api/v1/apps/:appId', scope: 'okta.apps.read', handler: (call) => ok(appJson(call.origin, getApp(call, 'apps.read'))) },
  { method: 'PUT', url: '/api/v1/apps/:appId', scope: 'okta.apps.manage', handler: replace },
  {
    method: 'DELETE',
    url: '/api/v1/apps/:appId',
    scope: 'okta.apps.manage',
    handler: (call) => {
      deleteApp(call.ctx.org, getApp(call, 'apps.manage'), call.change);
      return noContent();
    },
  },
  { method: 'POST', url: '/api/v1/apps/:appId/lifecycle/:op', scope: 'okta.apps.manage', handler: lifecycle },

  { method: 'GET', url: '/api/v1/apps/:appId/users', scope: 'okta.apps.read', handler: listAppUsers },
  { method: 'POST', url: '/api/v1/apps/:appId/users', scope: 'okta.apps.manage', handler: (call) => assignUser(call, undefined) },
  {
    method: 'GET',
    url: '/api/v1/apps/:appId/users/:userId',
    scope: 'okta.apps.read',
    handler: (call) => {
      const app = getApp(call, 'apps.read');
      return ok(appUserAnswer(call, app, effectiveOr404(call.ctx.org, app, call.params.userId as string)));
    },
  },
  { method: 'POST', url: '/api/v1/apps/:appId/users/:userId', scope: 'okta.apps.manage', handler: (call) => assignUser(call, call.params.userId as string) },
  { method: 'DELETE', url: '/api/v1/apps/:appId/users/:userId', scope: 'okta.apps.manage', handler: unassignUser },

  { method: 'GET', url: '/api/v1/apps/:appId/groups', scope: 'okta.apps.read', handler: listAppGroups },
  {
    method: 'GET',
    url: '/api/v1/apps/:appId/groups/:groupId',
    scope: 'okta.apps.read',
    handler: (call) => {
      const app = getApp(call, 'apps.read');
      return ok(appGroupAnswer(call, assignmentOr404(call.ctx.org, app, call.params.groupId as string)));
    },
  },
  { method: 'PUT', url: '/api/v1/apps/:appId/groups/:groupId', scope: 'okta.apps.manage', handler: assignGroup },
  { method: 'PATCH', url: '/api/v1/apps/:appId/groups/:groupId', scope: 'okta.apps.manage', handler: patchGroup },
  {
    method: 'DELETE',
    url: '/api/v1/apps/:appId/groups/:groupId',
    scope: 'okta.apps.manage',
    handler: (call) => {
      const { app, groupId } = groupChange(call);
      unassignGroupFromApp(call.ctx.org, app, groupId, call.change);
      return noContent();
    },
  },
  { method: 'GET', url: '/api/v1/groups/:groupId/apps', scope: 'okta.groups.read', handler: groupApps },

  {
    method: 'GET',
    url: '/api/v1/apps/:appId/grants',
    scope: 'okta.appGrants.read',
    handler: (call) => {
      const app = getApp(call, 'grants.read');
      return ok((call.ctx.org.grants.get(app.id) ?? []).map((g) => grantJson(call.origin, g)));
    },
  },
  { method: 'POST', url: '/api/v1/apps/:appId/grants', scope: 'okta.appGrants.manage', handler: createGrant },
  {
    method: 'GET',
    url: '/api/v1/apps/:appId/grants/:grantId',
    scope: 'okta.appGrants.read',
    handler: (call) => {
      const app = getApp(call, 'grants.read');
      return ok(grantJson(call.origin, grantOr404(call.ctx.org, app, call.params.grantId as string)));
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/apps/:appId/grants/:grantId',
    scope: 'okta.appGrants.manage',
    handler: (call) => {
      const app = getApp(call, 'grants.manage');
      revokeGrant(call.ctx.org, app, grantOr404(call.ctx.org, app, call.params.grantId as string).id, call.change);
      return noContent();
    },
  },
];
