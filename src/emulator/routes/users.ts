import { z } from 'zod';
import { userFilterRules, userSearchRules } from '../query/index.ts';
import { cursorStart, linkHeaders, pageOf, readLimit } from '../http/pagination.ts';
import { noContent, ok, type Answer, type Call, type OktaRoute } from '../http/route.ts';
import { appLinkJson, groupJson, userEtag, userJson, userListJson } from '../http/serialize.ts';
import { boolParam, parseBody } from '../http/validate.ts';
import { userAppIds } from '../state/apps.ts';
import { OktaError, oktaErrors } from '../state/errors.ts';
import { applyLifecycle, clearSessions, createUser, deleteUser, findUserOr404, updateUser, type LifecycleOp } from '../state/users.ts';
import { rememberPassword } from '../state/sign-in.ts';
import { providerTypes, type UserRecord, type UserStatus } from '../state/types.ts';
import { userAttribute } from './internal/attributes.ts';
import { compareValues, compileQuery, readSortOrder } from './internal/query.ts';

// Ref: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/

const emailPattern = /^[^\s@]+@[^\s@]+$/;
const str = (max: number) => z.string().max(max, { message: `must be at most ${max} characters` });
/** An optional base string attribute; null is allowed (it clears the attribute). */
const text = (max?: number) => (max === undefined ? z.string() : str(max)).nullable().optional();

/** The base profile; custom attributes pass through (Okta checks them against the user schema). */
const profileSchema = z
  .object({
    login: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }).max(100).regex(emailPattern, { message: 'Username must be in the form of an email address' }),
    email: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }).max(100).regex(emailPattern, { message: 'Does not match required pattern' }),
    firstName: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }).max(50),
    lastName: z.string({ message: 'The field cannot be left blank' }).min(1, { message: 'The field cannot be left blank' }).max(50),
    secondEmail: z.string().regex(emailPattern, { message: 'Does not match required pattern' }).nullable().optional(),
    countryCode: z.string().length(2).nullable().optional(),
    managerId: str(100).nullable().optional(),
    manager: str(200).nullable().optional(),
    // The other base attributes are strings too (SPEC UserProfile); a value of another type is a 400.
    city: text(128),
    costCenter: text(),
    department: text(),
    displayName: text(),
    division: text(),
    employeeNumber: text(),
    honorificPrefix: text(),
    honorificSuffix: text(),
    locale: text(),
    middleName: text(),
    mobilePhone: text(100),
    nickName: text(),
    organization: text(),
    postalAddress: text(4096),
    preferredLanguage: text(),
    primaryPhone: text(100),
    profileUrl: text(),
    state: text(128),
    streetAddress: text(1024),
    timezone: text(),
    title: text(),
    userType: text(),
    zipCode: text(50),
  })
  .catchall(z.unknown());

/** Base attributes the SPEC does not make nullable: a null clears them (they are left out), as PUT does for unnamed ones. */
const clearedByNull = ['department', 'employeeNumber', 'locale'] as const;

/** The profile with `null` turned into "absent" for {@link clearedByNull} (undefined; updateUser drops such keys). */
function nullsCleared<P extends Record<string, unknown>>(profile: P): P {
  const out: Record<string, unknown> = { ...profile };
  for (const key of clearedByNull) if (out[key] === null) out[key] = undefined;
  return out as P;
}

const partialProfileSchema = profileSchema.partial().catchall(z.unknown());

const credentialsSchema = z
  .object({
    password: z.object({ value: z.string().optional(), hash: z.record(z.string(), z.unknown()).optional() }).strict().optional(),
    recovery_question: z.object({ question: z.string().min(1).max(100), answer: z.string().min(1).max(100) }).optional(),
    provider: z.object({ type: z.enum(providerTypes), name: z.string().optional() }).optional(),
  })
  .strict();

const createBodySchema = z.object({
  profile: profileSchema,
  credentials: credentialsSchema.optional(),
  groupIds: z.array(z.string()).optional(),
  type: z.object({ id: z.string() }).optional(),
  realmId: z.string().optional(),
});

const updateBodySchema = z.object({ profile: partialProfileSchema.optional(), credentials: credentialsSchema.optional() });
const replaceBodySchema = z.object({ profile: profileSchema, credentials: credentialsSchema.optional(), type: z.object({ id: z.string() }).optional() });

function checkPassword(value: string | undefined, login: string): void {
  if (value === undefined) return;
  const problems: string[] = [];
  if (value.length < 8) problems.push('at least 8 characters');
  if (!/[a-z]/.test(value)) problems.push('a lowercase letter');
  if (!/[A-Z]/.test(value)) problems.push('an uppercase letter');
  if (!/[0-9]/.test(value)) problems.push('a number');
  const local = login.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && value.toLowerCase().includes(local)) problems.push('no parts of your username');
  if (problems.length > 0) {
    throw oktaErrors.validation('password', [`password: Password requirements were not met. Password requirements: ${problems.join(', ')}.`]);
  }
}

function getUser(call: Call, action: Parameters<Call['principal']['auth']['require']>[0] = 'users.read'): UserRecord {
  const id = call.params.id as string;
  const user = findUserOr404(call.ctx.org, id === 'me' ? '\u0000me' : id);
  call.principal.auth.require(action, { user });
  return user;
}

function listUsers(call: Call): Answer {
  const { org } = call.ctx;
  const { q, filter, search } = call.query;
  const auth = call.principal.auth;
  auth.require('users.read');
  const given = [q, filter, search].filter((v) => v !== undefined && v !== '').length;
  if (given > 1) throw oktaErrors.invalidSearch('Use only one of q, filter and search.');
  const visible = (u: UserRecord) => auth.seesUser(u);

  if (q !== undefined && q !== '') {
    // q: starts-with on firstName, lastName, email; omits DEPROVISIONED; capped, not pageable.
    const limit = readLimit(call.query.limit, { default: 10, max: 200 });
    const needle = q.toLowerCase();
    const starts = (v: unknown) => typeof v === 'string' && v.toLowerCase().startsWith(needle);
    const out: UserRecord[] = [];
    for (const id of org.userOrder.all()) {
      const u = org.users.get(id) as UserRecord;
      if (u.status === 'DEPROVISIONED' || !(starts(u.profile.firstName) || starts(u.profile.lastName) || starts(u.profile.email))) continue;
      if (!visible(u)) continue;
      out.push(u);
      if (out.length >= limit) break;
    }
    return ok(userListJson(call.origin, org, out), 200, { link: linkHeaders(call.origin, call.path, call.query, undefined) });
  }

  const limit = readLimit(call.query.limit, { default: 200, max: 200 });
  if (search !== undefined && search !== '') {
    const match = compileQuery(search, userSearchRules, userAttribute, true);
    const keep = (u: UserRecord) => match(u) && visible(u);
    const sortBy = call.query.sortBy;
    const order = readSortOrder(call.query.sortOrder);
    if (sortBy !== undefined && sortBy !== '') {
      // Sorted by an attribute: every hit is needed before the first page can be cut.
      const hits: UserRecord[] = [];
      for (const id of org.userOrder.all()) {
        const u = org.users.get(id) as UserRecord;
        if (keep(u)) hits.push(u);
      }
      hits.sort((a, b) => order * compareValues(userAttribute(a, sortBy), userAttribute(b, sortBy)) || (a.id < b.id ? -1 : 1));
      const start = cursorStart(hits, call.query.after, (u) => u.id, false);
      const { page, next } = pageOf(hits, start, limit, (u) => u.id);
      return ok(userListJson(call.origin, org, page), 200, { link: linkHeaders(call.origin, call.path, call.query, next) });
    }
    // In id order (either way) a page needs only the hits from the cursor on: scan until the page is
    // full and one more hit shows there is a next page, instead of matching the whole org.
    const { page, next } = scanPage(org, call.query.after, order, limit, keep);
    return ok(userListJson(call.origin, org, page), 200, { link: linkHeaders(call.origin, call.path, call.query, next) });
  }

  const match = filter !== undefined && filter !== '' ? compileQuery(filter, userFilterRules, userAttribute, false) : undefined;
  // A plain list leaves DEPROVISIONED users out; a filter includes them (reference §3.3).
  const keep = match ?? ((u: UserRecord) => u.status !== 'DEPROVISIONED');
  const { page, next } = scanPage(org, call.query.after, 1, limit, (u) => keep(u) && visible(u));
  return ok(userListJson(call.origin, org, page), 200, { link: linkHeaders(call.origin, call.path, call.query, next) });
}

/**
 * One page of the users that `keep` accepts, in id order (`order` 1) or reverse id order (-1), after the
 * cursor (the last id of the previous page; if that user has gone or stopped matching, the page resumes
 * at the next id in the same direction). `next` is set only when another accepted user follows.
 */
function scanPage(org: Call['ctx']['org'], after: string | undefined, order: 1 | -1, limit: number, keep: (u: UserRecord) => boolean): { page: UserRecord[]; next: string | undefined } {
  const ids = org.userOrder.all();
  const cursor = after === undefined || after === '' ? undefined : after;
  let i: number;
  if (order === 1) i = org.userOrder.startAfter(cursor);
  else if (cursor === undefined) i = ids.length - 1;
  else {
    // startAfter gives the first id > cursor; the one before it is the cursor itself or the last id < cursor.
    i = org.userOrder.startAfter(cursor) - 1;
    if (ids[i] === cursor) i--;
  }
  const page: UserRecord[] = [];
  let more = false;
  for (; i >= 0 && i < ids.length; i += order) {
    const u = org.users.get(ids[i] as string) as UserRecord;
    if (!keep(u)) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(u);
  }
  return { page, next: more ? page[page.length - 1]?.id : undefined };
}

function create(call: Call): Answer {
  const { org } = call.ctx;
  // Okta authorizes before it validates: a client without the role gets 403 even for a bad body.
  call.principal.auth.require('users.create');
  const body = parseBody(createBodySchema, call.body, { profileFields: true });
  const activate = boolParam(call.query.activate, 'activate', true);
  const provider = boolParam(call.query.provider, 'provider', false);
  const nextLogin = call.query.nextLogin;
  if (nextLogin !== undefined && nextLogin !== 'changePassword') throw oktaErrors.validation('nextLogin', [`nextLogin: '${nextLogin}' is not valid; the only value is changePassword`]);
  const password = body.credentials?.password;
  const hasPassword = password?.value !== undefined || password?.hash !== undefined;
  if (nextLogin === 'changePassword') {
    if (!activate) throw oktaErrors.expirePasswordNeedsActivate();
    if (!hasPassword) throw oktaErrors.expirePasswordNeedsPassword();
  }
  checkPassword(password?.value, body.profile.login);
  const groupIds = body.groupIds ?? [];
  if (groupIds.length > 20) throw oktaErrors.targetCountExceeded();
  for (const id of groupIds) {
    const group = org.groups.get(id);
    if (!group) throw oktaErrors.validation('groupIds', [`groupIds: group ${id} does not exist`]);
    if (group.type !== 'OKTA_GROUP') throw oktaErrors.forbidden();
  }
  call.principal.auth.requireUserCreate(groupIds);
  const providerType = body.credentials?.provider?.type ?? 'OKTA';
  let status: UserStatus = 'STAGED';
  if (activate) {
    if (provider || providerType !== 'OKTA' || hasPassword) status = nextLogin === 'changePassword' ? 'PASSWORD_EXPIRED' : 'ACTIVE';
    else status = 'PROVISIONED';
  }
  if (body.type && body.type.id !== org.defaultUserTypeId) throw oktaErrors.validation('type', [`type: user type ${body.type.id} does not exist`]);
  const user = createUser(
    org,
    {
      profile: Object.fromEntries(Object.entries(nullsCleared(body.profile)).filter(([, v]) => v !== undefined)) as UserRecord['profile'] & { login: string },
      status,
      hasPassword,
      recoveryQuestion: body.credentials?.recovery_question?.question ?? null,
      provider: { type: providerType, name: body.credentials?.provider?.name ?? providerType },
      groupIds,
    },
    call.change,
  );
  if (password?.value !== undefined) rememberPassword(org, user.id, password.value);
  return ok(userJson(call.origin, user, true));
}

function checkIfMatch(call: Call, user: UserRecord): void {
  const header = call.req.headers['if-match'];
  if (typeof header === 'string' && header !== '*' && header !== userEtag(user)) {
    throw new OktaError(412, 'E0000001', 'Api validation failed: If-Match', ['The user was changed since the ETag was read; GET it again and retry with the new ETag.']);
  }
}

function update(call: Call, replace: boolean): Answer {
  const { org } = call.ctx;
  const user = getUser(call, 'users.update');
  checkIfMatch(call, user);
  if (user.status === 'DEPROVISIONED') throw oktaErrors.wrongStatus();
  const body = replace ? parseBody(replaceBodySchema, call.body, { profileFields: true }) : parseBody(updateBodySchema, call.body, { profileFields: true });
  const password = body.credentials?.password?.value;
  checkPassword(password, String(body.profile?.login ?? user.profile.login));
  const typeId = replace ? (body as z.infer<typeof replaceBodySchema>).type?.id : undefined;
  if (typeId !== undefined && typeId !== org.defaultUserTypeId) throw oktaErrors.validation('type', [`type: user type ${typeId} does not exist`]);
  updateUser(
    org,
    user,
    {
      ...(body.profile ? { profile: nullsCleared(body.profile) as UserRecord['profile'] } : {}),
      replace,
      password: password !== undefined || body.credentials?.password?.hash !== undefined,
      ...(body.credentials?.recovery_question ? { recoveryQuestion: body.credentials.recovery_question.question } : {}),
    },
    call.change,
  );
  if (password !== undefined) rememberPassword(org, user.id, password);
  return ok(userJson(call.origin, user, true), 200, { etag: userEtag(user) });
}

const lifecycleOps: Record<string, { op: LifecycleOp; action: 'users.lifecycle' | 'users.credentials' }> = {
  activate: { op: 'activate', action: 'users.lifecycle' },
  reactivate: { op: 'reactivate', action: 'users.lifecycle' },
  deactivate: { op: 'deactivate', action: 'users.lifecycle' },
  suspend: { op: 'suspend', action: 'users.lifecycle' },
  unsuspend: { op: 'unsuspend', action: 'users.lifecycle' },
  unlock: { op: 'unlock', action: 'users.credentials' },
  reset_password: { op: 'reset_password', action: 'users.credentials' },
  expire_password: { op: 'expire_password', action: 'users.credentials' },
  reset_factors: { op: 'reset_factors', action: 'users.credentials' },
};

function lifecycle(call: Call): Answer {
  const def = lifecycleOps[call.params.op as string];
  if (!def) throw oktaErrors.noSuchPath();
  const user = getUser(call, def.action);
  const sendEmail = boolParam(call.query.sendEmail, 'sendEmail', def.op === 'activate');
  applyLifecycle(call.ctx.org, user, def.op, call.change);
  const token = () => call.ctx.org.ids.token(20);
  switch (def.op) {
    case 'activate':
    case 'reactivate': {
      if (sendEmail) return ok({});
      const activationToken = token();
      return ok({ activationUrl: `${call.origin}/welcome/${activationToken}`, activationToken });
    }
    case 'reset_password':
      if (boolParam(call.query.revokeSessions, 'revokeSessions', false)) clearSessions(call.ctx.org, user, call.change);
      return ok(sendEmail ? {} : { resetPasswordUrl: `${call.origin}/reset_password/${token()}` });
    case 'expire_password':
      return ok(userJson(call.origin, user, true));
    default:
      return { status: 200 };
  }
}

function userGroups(call: Call): Answer {
  const { org } = call.ctx;
  const user = getUser(call);
  const groups = [...(org.userGroups.get(user.id) ?? [])]
    .sort()
    .map((id) => org.groups.get(id))
    .filter((g) => g !== undefined && call.principal.auth.seesGroup(g));
  return ok(groups.map((g) => groupJson(call.origin, org, g!)));
}

function appLinks(call: Call): Answer {
  const { org } = call.ctx;
  const user = getUser(call);
  const apps = userAppIds(org, user)
    .map((id) => org.apps.get(id))
    .filter((a) => a !== undefined && a.status === 'ACTIVE');
  return ok(apps.map((a, i) => appLinkJson(call.origin, a!, user, i)));
}

/** The Users API (reference §2.2). */
export const userRoutes: readonly OktaRoute[] = [
  { method: 'GET', url: '/api/v1/users', scope: 'okta.users.read', handler: listUsers },
  { method: 'POST', url: '/api/v1/users', scope: 'okta.users.manage', handler: create },
  {
    method: 'GET',
    url: '/api/v1/users/:id',
    scope: 'okta.users.read',
    handler: (call) => {
      const user = getUser(call);
      return ok(userJson(call.origin, user, true), 200, { etag: userEtag(user) });
    },
  },
  { method: 'POST', url: '/api/v1/users/:id', scope: 'okta.users.manage', handler: (call) => update(call, false) },
  { method: 'PUT', url: '/api/v1/users/:id', scope: 'okta.users.manage', handler: (call) => update(call, true) },
  {
    method: 'DELETE',
    url: '/api/v1/users/:id',
    scope: 'okta.users.manage',
    handler: (call) => {
      const user = getUser(call, 'users.delete');
      deleteUser(call.ctx.org, user, call.change);
      return noContent();
    },
  },
  { method: 'POST', url: '/api/v1/users/:id/lifecycle/:op', scope: 'okta.users.manage', handler: lifecycle },
  {
    method: 'DELETE',
    url: '/api/v1/users/:id/sessions',
    scope: 'okta.users.manage',
    handler: (call) => {
      const user = getUser(call, 'users.sessions');
      boolParam(call.query.oauthTokens, 'oauthTokens', false);
      clearSessions(call.ctx.org, user, call.change);
      return noContent();
    },
  },
  { method: 'GET', url: '/api/v1/users/:id/groups', scope: 'okta.users.read', handler: userGroups },
  { method: 'GET', url: '/api/v1/users/:id/appLinks', scope: 'okta.users.read', handler: appLinks },
];
