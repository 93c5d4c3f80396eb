// Conformance of the emulator's Users API with Okta's: create outcomes and validation errors, reads by
// id / login / short name, partial and full updates with ETags, the lifecycle state machine and its
// errors, two-step delete, and list semantics (q / filter / search, sorting, Link-header pagination).
// Reference okta-api.md §2.1–2.2, §3.1–3.3 and §7 items 11–14, 19–20. Every JSON body is checked
// against Okta's OpenAPI documents by the test support.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, startTestOrg, type TestOrg, type TestResponse } from '../support/emulator.ts';

type Body = Record<string, unknown>;

interface UserJson {
  id: string;
  status: string;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  transitioningToStatus?: string;
  type: { id: string };
  profile: Record<string, unknown>;
  credentials: { password?: Body; provider: { type: string; name: string }; recovery_question?: { question: string } };
  _links: Record<string, { href: string; method?: string }>;
}

interface GroupJson {
  id: string;
  type: string;
  profile: { name: string; description?: string };
}

const PASSWORD = 'Tr0ub4dor&3-horse';

let t: TestOrg;
let seq = 0;

/** A fresh, unique login (tests share one org). */
function login(stem = 'user'): string {
  seq += 1;
  return `${stem}.n${seq}@acme.example`;
}

function expectOktaError(res: TestResponse<unknown>, status: number, errorCode: string, errorSummary: unknown, causes?: string[]): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: expect.stringMatching(/^oae\w{10,}$/),
    errorCauses: causes === undefined ? expect.any(Array) : causes.map((errorSummary) => ({ errorSummary })),
  });
}

async function createUser(p: Body, options: { query?: string; password?: string | null; groupIds?: string[] } = {}): Promise<UserJson> {
  const res = await postUser(p, options);
  expect(res.status, res.text).toBe(200);
  return res.body as UserJson;
}

function postUser(p: Body, options: { query?: string; password?: string | null; groupIds?: string[]; extra?: Body } = {}): Promise<TestResponse<unknown>> {
  const password = options.password === undefined ? PASSWORD : options.password;
  const body: Body = { profile: p, ...(password !== null ? { credentials: { password: { value: password } } } : {}), ...(options.groupIds ? { groupIds: options.groupIds } : {}), ...(options.extra ?? {}) };
  return t.api('POST', `/api/v1/users${options.query ?? ''}`, { body });
}

async function getUser(idOrLogin: string): Promise<TestResponse<UserJson>> {
  return t.api<UserJson>('GET', `/api/v1/users/${encodeURIComponent(idOrLogin)}`);
}

async function lifecycle(id: string, op: string, query = ''): Promise<TestResponse<unknown>> {
  return t.api('POST', `/api/v1/users/${id}/lifecycle/${op}${query}`);
}

async function createGroup(name: string): Promise<GroupJson> {
  const res = await t.api<GroupJson>('POST', '/api/v1/groups', { body: { profile: { name } } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Splits a (possibly comma-joined) Link header into rel → URL. */
function parseLinks(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m) out[m[2] as string] = m[1] as string;
  }
  return out;
}

const loginsOf = (res: TestResponse<unknown>) => (res.body as UserJson[]).map((u) => String(u.profile.login));

beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/users: create outcomes', () => {
  it('activate=false creates a STAGED user, even with a password', async () => {
    const l = login('staged');
    const user = await createUser(profile(l), { query: '?activate=false' });
    expect(user).toMatchObject({ status: 'STAGED', activated: null, profile: { login: l, email: l }, credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } } });
    expect(user.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(user.type.id).toMatch(/^oty/);
    expect(user._links.activate).toEqual({ href: `${t.url}/api/v1/users/${user.id}/lifecycle/activate`, method: 'POST' });
  });

  it('with a password and the default activate=true the user is ACTIVE (password never echoed)', async () => {
    const user = await createUser(profile(login('active')));
    expect(user.status).toBe('ACTIVE');
    expect(user.activated).not.toBeNull();
    expect(user.passwordChanged).not.toBeNull();
    expect(user.credentials.password).toEqual({});
    expect(user._links.self).toEqual({ href: `${t.url}/api/v1/users/${user.id}` });
    expect(Date.parse(user.created)).not.toBeNaN();
  });

  it('without a password activation leaves the user PROVISIONED', async () => {
    const user = await createUser(profile(login('prov')), { password: null });
    expect(user.status).toBe('PROVISIONED');
    expect(user.credentials.password).toBeUndefined();
    expect(user.passwordChanged).toBeNull();
  });

  it('nextLogin=changePassword with a password creates the user with an expired password', async () => {
    const user = await createUser(profile(login('expire')), { query: '?nextLogin=changePassword' });
    expect(user.status).toBe('PASSWORD_EXPIRED');
  });

  it('nextLogin=changePassword without a password → 400 E0000124', async () => {
    const res = await postUser(profile(login()), { query: '?nextLogin=changePassword', password: null });
    expectOktaError(res, 400, 'E0000124', 'Could not create user. To create a user and expire their password immediately, a password must be specified');
  });

  it('nextLogin=changePassword with activate=false → 400 E0000125', async () => {
    const res = await postUser(profile(login()), { query: '?activate=false&nextLogin=changePassword' });
    expectOktaError(res, 400, 'E0000125', 'Could not create user. To create a user and expire their password immediately, "activate" must be true');
  });

  it('more than 20 groupIds → 400 E0000093', async () => {
    const groupIds = Array.from({ length: 21 }, (_, i) => `00g${String(i).padStart(17, '0')}`);
    const res = await postUser(profile(login()), { groupIds });
    expectOktaError(res, 400, 'E0000093', 'Target count limit exceeded');
  });

  it('groupIds puts the new user in those groups (and in Everyone)', async () => {
    const a = await createGroup('Create-groupIds-A');
    const b = await createGroup('Create-groupIds-B');
    const user = await createUser(profile(login('grouped')), { groupIds: [a.id, b.id] });
    const groups = await t.api<GroupJson[]>('GET', `/api/v1/users/${user.id}/groups`);
    expect(groups.status).toBe(200);
    expect(groups.body.map((g) => g.profile.name).sort()).toEqual(['Create-groupIds-A', 'Create-groupIds-B', 'Everyone']);
    for (const g of [a, b]) {
      const members = await t.api<UserJson[]>('GET', `/api/v1/groups/${g.id}/users`);
      expect(members.body.map((u) => u.id)).toContain(user.id);
    }
  });

  it('a duplicate login, in any case, → 400 E0000001 "Api validation failed: login" with the cause', async () => {
    const l = login('dup');
    await createUser(profile(l));
    for (const again of [l, l.toUpperCase(), l.replace('dup', 'Dup')]) {
      const res = await postUser(profile(again));
      expectOktaError(res, 400, 'E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']);
    }
  });

  it('a missing firstName → 400 E0000001 naming the field', async () => {
    const { firstName: _firstName, ...p } = profile(login());
    const res = await postUser(p);
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: firstName', ['firstName: The field cannot be left blank']);
  });

  it('a bad email and a bad login → 400 E0000001 with one cause per field', async () => {
    const res = await postUser({ ...profile(login()), email: 'not-an-email' });
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: email', ['email: Does not match required pattern']);
    const both = await postUser({ ...profile(login()), login: 'no-at-sign', email: 'also bad' });
    expectOktaError(both, 400, 'E0000001', 'Api validation failed: login', ['login: Username must be in the form of an email address', 'email: Does not match required pattern']);
  });

  it('a weak password → 400 E0000001 "Api validation failed: password"', async () => {
    const res = await postUser(profile(login()), { password: 'abc' });
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: password');
    const causes = (res.body as { errorCauses: { errorSummary: string }[] }).errorCauses;
    expect(causes).toHaveLength(1);
    expect(causes[0]?.errorSummary).toMatch(/^password: Password requirements were not met\. Password requirements: at least 8 characters/);
  });

  it('a body that is not a user → 400, no user created', async () => {
    const before = t.emulator.context.org.users.size;
    expectOktaError(await t.api('POST', '/api/v1/users', { body: [] }), 400, 'E0000001', expect.stringMatching(/^Api validation failed: /));
    expectOktaError(await t.api('POST', '/api/v1/users', { body: { profile: 'x' } }), 400, 'E0000001', 'Api validation failed: profile');
    expect(t.emulator.context.org.users.size).toBe(before);
  });

  it('an invalid activate value → 400', async () => {
    const res = await postUser(profile(login()), { query: '?activate=maybe' });
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: activate');
  });
});

describe('GET /api/v1/users/{id}', () => {
  let user: UserJson;
  beforeAll(async () => {
    user = await createUser(profile('grace.hopper@navy.example'));
  });

  it('reads by id, by login (any case) and by unambiguous short name', async () => {
    for (const key of [user.id, 'grace.hopper@navy.example', 'GRACE.Hopper@navy.example', 'grace.hopper']) {
      const res = await getUser(key);
      expect(res.status, key).toBe(200);
      expect(res.body.id).toBe(user.id);
    }
  });

  it('a single GET carries full lifecycle links and an ETag', async () => {
    const res = await getUser(user.id);
    expect(res.headers.get('etag')).toMatch(/^W\/".+"$/);
    expect(Object.keys(res.body._links)).toEqual(expect.arrayContaining(['self', 'suspend', 'deactivate', 'resetPassword', 'expirePassword']));
    expect(res.body._links.suspend).toEqual({ href: `${t.url}/api/v1/users/${user.id}/lifecycle/suspend`, method: 'POST' });
  });

  it('an ambiguous short name is not found', async () => {
    await createUser(profile('ambi.guous@one.example'));
    await createUser(profile('ambi.guous@two.example'));
    expectOktaError(await getUser('ambi.guous'), 404, 'E0000007', 'Not found: Resource not found: ambi.guous (User)');
  });

  it('an unknown id or login → 404 E0000007', async () => {
    expectOktaError(await getUser('00u0000000000000none'), 404, 'E0000007', 'Not found: Resource not found: 00u0000000000000none (User)', []);
    expectOktaError(await getUser('nobody@acme.example'), 404, 'E0000007', 'Not found: Resource not found: nobody@acme.example (User)', []);
  });
});

describe('POST / PUT /api/v1/users/{id}: updates', () => {
  it('a partial update (POST) changes only the given attributes, custom ones included', async () => {
    const l = login('partial');
    const user = await createUser({ ...profile(l), department: 'Engineering', favoriteColor: 'teal', mobilePhone: '555-0100' });
    const res = await t.api<UserJson>('POST', `/api/v1/users/${user.id}`, { body: { profile: { title: 'Staff Engineer' } } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.profile).toEqual({ ...profile(l), department: 'Engineering', favoriteColor: 'teal', mobilePhone: '555-0100', title: 'Staff Engineer' });
    expect(res.body.status).toBe('ACTIVE');
    expect(res.body.credentials.password).toEqual({});
    const again = await getUser(user.id);
    expect(again.body.profile.favoriteColor).toBe('teal');
    expect(again.body.profile.title).toBe('Staff Engineer');
    expect(Date.parse(again.body.lastUpdated)).toBeGreaterThanOrEqual(Date.parse(user.lastUpdated));
  });

  it('a full replace (PUT) drops the attributes it does not name', async () => {
    const l = login('replace');
    const user = await createUser({ ...profile(l), department: 'Engineering', favoriteColor: 'teal' });
    const res = await t.api<UserJson>('PUT', `/api/v1/users/${user.id}`, { body: { profile: { ...profile(l), favoriteColor: 'red' } } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.profile).toEqual({ ...profile(l), favoriteColor: 'red' });
    expect((await getUser(user.id)).body.profile.department).toBeUndefined();
  });

  it('base attributes are strings: another type → 400 E0000001 naming the field; null clears one', async () => {
    const bad = await postUser({ ...profile(login()), department: { name: 'Engineering' } });
    expectOktaError(bad, 400, 'E0000001', 'Api validation failed: department');
    const tooLong = await postUser({ ...profile(login()), zipCode: '9'.repeat(51) });
    expectOktaError(tooLong, 400, 'E0000001', 'Api validation failed: zipCode', ['zipCode: must be at most 50 characters']);
    const user = await createUser({ ...profile(login('nulls')), department: null, title: 'Engineer', mobilePhone: null });
    expect(user.profile).not.toHaveProperty('department');
    expect(user.profile.mobilePhone).toBeNull();
    const cleared = await t.api<UserJson>('POST', `/api/v1/users/${user.id}`, { body: { profile: { title: null, department: 'Sales' } } });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.profile).toMatchObject({ title: null, department: 'Sales' });
    const again = await t.api<UserJson>('POST', `/api/v1/users/${user.id}`, { body: { profile: { department: null } } });
    expect(again.body.profile).not.toHaveProperty('department');
    expect((await t.api('POST', `/api/v1/users/${user.id}`, { body: { profile: { title: 42 } } })).status).toBe(400);
  });

  it('a PUT without the required base attributes → 400 E0000001', async () => {
    const user = await createUser(profile(login()));
    const res = await t.api('PUT', `/api/v1/users/${user.id}`, { body: { profile: { title: 'only' } } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'E0000001' });
  });

  it('changing the login to one that exists (any case) → 400 E0000001 login', async () => {
    const taken = login('taken');
    await createUser(profile(taken));
    const user = await createUser(profile(login('mover')));
    const res = await t.api('POST', `/api/v1/users/${user.id}`, { body: { profile: { login: taken.toUpperCase() } } });
    expectOktaError(res, 400, 'E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']);
  });

  it('If-Match with the current ETag succeeds; a stale one → 412', async () => {
    const user = await createUser(profile(login('etag')));
    const first = await getUser(user.id);
    const etag = first.headers.get('etag') as string;
    const ok = await t.api<UserJson>('POST', `/api/v1/users/${user.id}`, { body: { profile: { nickName: 'one' } }, headers: { 'if-match': etag } });
    expect(ok.status, ok.text).toBe(200);
    const newEtag = ok.headers.get('etag');
    expect(newEtag).not.toBeNull();
    expect(newEtag).not.toBe(etag);
    const stale = await t.api('POST', `/api/v1/users/${user.id}`, { body: { profile: { nickName: 'two' } }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ errorCode: 'E0000001', errorLink: 'E0000001' });
    expect((await getUser(user.id)).body.profile.nickName).toBe('one');
    const put = await t.api('PUT', `/api/v1/users/${user.id}`, { body: { profile: profile(String(user.profile.login)) }, headers: { 'if-match': etag } });
    expect(put.status).toBe(412);
  });

  it('changing the password of a user in PASSWORD_EXPIRED makes them ACTIVE', async () => {
    const user = await createUser(profile(login('pwd')), { query: '?nextLogin=changePassword' });
    const res = await t.api<UserJson>('POST', `/api/v1/users/${user.id}`, { body: { credentials: { password: { value: 'An0ther-Str0ng-one' } } } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('ACTIVE');
  });
});

describe('POST /api/v1/users/{id}/lifecycle/{op}', () => {
  it('suspend on a STAGED user → 400 E0000001; on ACTIVE → SUSPENDED; unsuspend → ACTIVE', async () => {
    const staged = await createUser(profile(login()), { query: '?activate=false' });
    const bad = await lifecycle(staged.id, 'suspend');
    expectOktaError(bad, 400, 'E0000001', 'Api validation failed: status');
    const user = await createUser(profile(login()));
    const suspended = await lifecycle(user.id, 'suspend');
    expect(suspended.status).toBe(200);
    expect((await getUser(user.id)).body.status).toBe('SUSPENDED');
    expect((await getUser(user.id)).body._links.unsuspend).toBeDefined();
    expect((await lifecycle(user.id, 'unsuspend')).status).toBe(200);
    expect((await getUser(user.id)).body.status).toBe('ACTIVE');
  });

  it('unsuspend on an ACTIVE user → 400 E0000001', async () => {
    const user = await createUser(profile(login()));
    expectOktaError(await lifecycle(user.id, 'unsuspend'), 400, 'E0000001', 'Api validation failed: status');
  });

  it('unlock on an ACTIVE user → 403 E0000032; a LOCKED_OUT user unlocks to ACTIVE', async () => {
    const user = await createUser(profile(login('locked')));
    expectOktaError(await lifecycle(user.id, 'unlock'), 403, 'E0000032', 'Unlock is not allowed for this user.');
    // Locking out is what end users do (failed sign-ins): the operator API simulates it.
    const locked = await t.api<UserJson>('POST', `/__emulator/users/${user.id}/status`, { body: { status: 'LOCKED_OUT' } });
    expect(locked.status).toBe(200);
    expect((await getUser(user.id)).body.status).toBe('LOCKED_OUT');
    expect((await lifecycle(user.id, 'unlock')).status).toBe(200);
    expect((await getUser(user.id)).body.status).toBe('ACTIVE');
  });

  it('reactivate on an ACTIVE user → 403 E0000038; on PROVISIONED it returns a new activation token', async () => {
    const active = await createUser(profile(login()));
    expectOktaError(await lifecycle(active.id, 'reactivate'), 403, 'E0000038', "This operation is not allowed in the user's current status.");
    const provisioned = await createUser(profile(login()), { password: null });
    const res = await lifecycle(provisioned.id, 'reactivate', '?sendEmail=false');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ activationUrl: expect.stringMatching(/^http:\/\//), activationToken: expect.any(String) });
  });

  it('activate on an ACTIVE user → 403 E0000016', async () => {
    const user = await createUser(profile(login()));
    expectOktaError(await lifecycle(user.id, 'activate'), 403, 'E0000016', 'Activation failed because the user is already active');
  });

  it('activate with sendEmail=false returns activationUrl and activationToken; with sendEmail=true an empty object', async () => {
    const staged = await createUser(profile(login()), { query: '?activate=false', password: null });
    const res = await lifecycle(staged.id, 'activate', '?sendEmail=false');
    expect(res.status).toBe(200);
    const body = res.body as { activationUrl: string; activationToken: string };
    expect(body).toEqual({ activationUrl: expect.any(String), activationToken: expect.any(String) });
    expect(body.activationUrl.startsWith(t.url)).toBe(true);
    expect(body.activationUrl).toContain(body.activationToken);
    expect((await getUser(staged.id)).body.status).toBe('PROVISIONED');

    const withPassword = await createUser(profile(login()), { query: '?activate=false' });
    const emailed = await lifecycle(withPassword.id, 'activate');
    expect(emailed.status).toBe(200);
    expect(emailed.body).toEqual({});
    expect((await getUser(withPassword.id)).body.status).toBe('ACTIVE');
  });

  it('reset_password with sendEmail=false returns a resetPasswordUrl and puts the user in RECOVERY', async () => {
    const user = await createUser(profile(login()));
    const res = await lifecycle(user.id, 'reset_password', '?sendEmail=false');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ resetPasswordUrl: expect.stringMatching(new RegExp(`^${t.url}/`)) });
    expect((await getUser(user.id)).body.status).toBe('RECOVERY');
  });

  it('expire_password returns the full user in PASSWORD_EXPIRED', async () => {
    const user = await createUser(profile(login()));
    const res = await lifecycle(user.id, 'expire_password');
    expect(res.status).toBe(200);
    const body = res.body as UserJson;
    expect(body).toMatchObject({ id: user.id, status: 'PASSWORD_EXPIRED', profile: user.profile });
    expect(body._links.self).toBeDefined();
  });

  it('deactivate → DEPROVISIONED', async () => {
    const user = await createUser(profile(login()));
    const res = await lifecycle(user.id, 'deactivate');
    expect(res.status).toBe(200);
    const after = await getUser(user.id);
    expect(after.body.status).toBe('DEPROVISIONED');
    expect(after.body._links.activate).toBeDefined();
    expect(after.body._links.deactivate).toBeUndefined();
  });

  it('an unknown operation → 404; on an unknown user → 404 E0000007', async () => {
    const user = await createUser(profile(login()));
    const res = await lifecycle(user.id, 'explode');
    expectOktaError(res, 404, 'E0000008', 'The requested path was not found');
    expectOktaError(await lifecycle('00u0000000000000none', 'suspend'), 404, 'E0000007', 'Not found: Resource not found: 00u0000000000000none (User)');
  });
});

describe('DELETE /api/v1/users/{id}', () => {
  it('is two-step: ACTIVE → 204 → DEPROVISIONED; then 204 → gone (404 E0000007)', async () => {
    const l = login('gone');
    const user = await createUser(profile(l));
    const first = await t.api('DELETE', `/api/v1/users/${user.id}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect((await getUser(user.id)).body.status).toBe('DEPROVISIONED');
    const second = await t.api('DELETE', `/api/v1/users/${user.id}`);
    expect(second.status).toBe(204);
    expectOktaError(await getUser(user.id), 404, 'E0000007', `Not found: Resource not found: ${user.id} (User)`);
    expectOktaError(await t.api('DELETE', `/api/v1/users/${user.id}`), 404, 'E0000007', `Not found: Resource not found: ${user.id} (User)`);
    // The login is free again.
    expect((await postUser(profile(l))).status).toBe(200);
  });

  it('DELETE /users/{id}/sessions → 204', async () => {
    const user = await createUser(profile(login()));
    const res = await t.api('DELETE', `/api/v1/users/${user.id}/sessions`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await t.api('DELETE', `/api/v1/users/${user.id}/sessions?oauthTokens=true`)).status).toBe(204);
    expectOktaError(await t.api('DELETE', '/api/v1/users/00u0000000000000none/sessions'), 404, 'E0000007', 'Not found: Resource not found: 00u0000000000000none (User)');
  });
});

describe('GET /api/v1/users/{id}/groups and /appLinks', () => {
  it('lists groups including Everyone, not paginated', async () => {
    const user = await createUser(profile(login()));
    const res = await t.api<GroupJson[]>('GET', `/api/v1/users/${user.id}/groups`);
    expect(res.status).toBe(200);
    expect(res.body.map((g) => [g.profile.name, g.type])).toEqual([['Everyone', 'BUILT_IN']]);
    expect(res.headers.get('link')).toBeNull();
  });

  it('lists app links (empty without assignments)', async () => {
    const user = await createUser(profile(login()));
    const res = await t.api('GET', `/api/v1/users/${user.id}/appLinks`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });
});

describe('GET /api/v1/users: q, filter, search', () => {
  // A separate org, so list contents are exactly what these tests create.
  let org: TestOrg;
  let deprovisioned: UserJson;

  async function add(p: Body, query = ''): Promise<UserJson> {
    const res = await org.api<UserJson>('POST', `/api/v1/users${query}`, { body: { profile: p, credentials: { password: { value: PASSWORD } } } });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  const list = (query: string) => org.api<UserJson[]>('GET', `/api/v1/users${query}`);
  const q = (expr: string) => encodeURIComponent(expr);

  beforeAll(async () => {
    org = await startTestOrg();
    for (let i = 0; i < 15; i++) await add(profile(`zed${String(i).padStart(2, '0')}.member@zoo.example`, { firstName: `Zed${i}`, lastName: 'Keeper', department: 'Zoo' }));
    await add(profile('alice.smith@acme.example', { department: 'Engineering', title: 'Engineer', city: 'Berlin' }));
    await add(profile('alan.turing@acme.example', { department: 'Engineering', title: 'Principal' }));
    await add(profile('bob.jones@acme.example', { department: 'Sales' }));
    await add(profile('carol.smithers@other.example', { department: 'engineering', city: 'Paris' }), '?activate=false');
    deprovisioned = await add(profile('dave.gone@acme.example', { department: 'Engineering' }));
    expect((await org.api('POST', `/api/v1/users/${deprovisioned.id}/lifecycle/deactivate`)).status).toBe(200);
  });
  afterAll(async () => {
    await org?.close();
  });

  it('a plain list omits DEPROVISIONED users; filter status eq "DEPROVISIONED" returns them', async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(19);
    expect(all.body.map((u) => u.id)).not.toContain(deprovisioned.id);
    expect(all.body.every((u) => u._links.self !== undefined && u._links.suspend === undefined)).toBe(true);
    const gone = await list(`?filter=${q('status eq "DEPROVISIONED"')}`);
    expect(gone.status).toBe(200);
    expect(gone.body.map((u) => u.id)).toEqual([deprovisioned.id]);
  });

  it('q is a starts-with on first name, last name and email, 10 at most by default, without a next link', async () => {
    const res = await list('?q=zed');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    const links = parseLinks(res.headers.get('link'));
    expect(links.next).toBeUndefined();
    expect(links.self).toBe(`${org.url}/api/v1/users?q=zed`);
    expect((await list('?q=Keeper')).body).toHaveLength(10);
    expect((await list('?q=zed&limit=12')).body).toHaveLength(12);
    expect(loginsOf(await list('?q=alice'))).toEqual(['alice.smith@acme.example']);
    expect(loginsOf(await list('?q=smith'))).toEqual(['alice.smith@acme.example', 'carol.smithers@other.example']);
    // Starts-with, not contains; DEPROVISIONED users are left out.
    expect((await list('?q=mith')).body).toEqual([]);
    expect((await list('?q=dave')).body).toEqual([]);
  });

  it('filter values are case-sensitive; and / or combine', async () => {
    expect(loginsOf(await list(`?filter=${q('profile.lastName eq "Smith"')}`))).toEqual(['alice.smith@acme.example']);
    expect((await list(`?filter=${q('profile.lastName eq "smith"')}`)).body).toEqual([]);
    expect(loginsOf(await list(`?filter=${q('profile.firstName eq "Alice" or profile.firstName eq "Bob"')}`))).toEqual(['alice.smith@acme.example', 'bob.jones@acme.example']);
    expect(loginsOf(await list(`?filter=${q('status eq "STAGED" and profile.email eq "carol.smithers@other.example"')}`))).toEqual(['carol.smithers@other.example']);
    expect(loginsOf(await list(`?filter=${q('profile.login eq "bob.jones@acme.example"')}`))).toEqual(['bob.jones@acme.example']);
  });

  it('filter on lastUpdated supports gt', async () => {
    const res = await list(`?filter=${q('lastUpdated gt "2000-01-01T00:00:00.000Z"')}`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(20);
    expect((await list(`?filter=${q('lastUpdated gt "2999-01-01T00:00:00.000Z"')}`)).body).toEqual([]);
  });

  it('filter on an unsupported attribute or operator → 400 E0000031', async () => {
    expectOktaError(await list(`?filter=${q('profile.department eq "Engineering"')}`), 400, 'E0000031', 'Invalid search criteria.');
    expectOktaError(await list(`?filter=${q('profile.lastName sw "Sm"')}`), 400, 'E0000031', 'Invalid search criteria.');
    expectOktaError(await list(`?filter=${q('not (status eq "ACTIVE")')}`), 400, 'E0000031', 'Invalid search criteria.');
    expectOktaError(await list(`?filter=${q('status eq')}`), 400, 'E0000031', 'Invalid search criteria.');
  });

  it('search is case-insensitive, with sw and eq on any profile attribute (custom ones too)', async () => {
    const eng = await list(`?search=${q('profile.department eq "ENGINEERING"')}`);
    expect(eng.status).toBe(200);
    // search includes DEPROVISIONED users.
    expect(loginsOf(eng).sort()).toEqual(['alan.turing@acme.example', 'alice.smith@acme.example', 'carol.smithers@other.example', 'dave.gone@acme.example']);
    expect(loginsOf(await list(`?search=${q('profile.firstName sw "AL"')}`)).sort()).toEqual(['alan.turing@acme.example', 'alice.smith@acme.example']);
    expect(loginsOf(await list(`?search=${q('profile.login sw "BOB."')}`))).toEqual(['bob.jones@acme.example']);
  });

  it('search co works on names, email and login, not on other attributes', async () => {
    expect(loginsOf(await list(`?search=${q('profile.lastName co "MITH"')}`)).sort()).toEqual(['alice.smith@acme.example', 'carol.smithers@other.example']);
    expect(loginsOf(await list(`?search=${q('profile.email co "@other."')}`))).toEqual(['carol.smithers@other.example']);
    expectOktaError(await list(`?search=${q('profile.department co "gine"')}`), 400, 'E0000031', 'Invalid search criteria.');
  });

  it('search combines and / or with parentheses, and supports pr', async () => {
    const res = await list(`?search=${q('profile.department eq "Engineering" and (profile.title eq "Engineer" or profile.title eq "Principal")')}`);
    expect(loginsOf(res).sort()).toEqual(['alan.turing@acme.example', 'alice.smith@acme.example']);
    expect(loginsOf(await list(`?search=${q('profile.city pr')}`)).sort()).toEqual(['alice.smith@acme.example', 'carol.smithers@other.example']);
    expect(loginsOf(await list(`?search=${q('profile.city pr and status eq "STAGED"')}`))).toEqual(['carol.smithers@other.example']);
    expect(loginsOf(await list(`?search=${q('status eq "DEPROVISIONED"')}`))).toEqual(['dave.gone@acme.example']);
  });

  it('search with ne or not → 400 E0000031', async () => {
    expectOktaError(await list(`?search=${q('profile.department ne "Sales"')}`), 400, 'E0000031', 'Invalid search criteria.');
    expectOktaError(await list(`?search=${q('not (profile.department eq "Sales")')}`), 400, 'E0000031', 'Invalid search criteria.');
  });

  it('search sorts by sortBy / sortOrder', async () => {
    const base = `?search=${q('profile.department eq "engineering" and status eq "ACTIVE"')}`;
    expect(loginsOf(await list(`${base}&sortBy=profile.firstName`))).toEqual(['alan.turing@acme.example', 'alice.smith@acme.example']);
    expect(loginsOf(await list(`${base}&sortBy=profile.firstName&sortOrder=desc`))).toEqual(['alice.smith@acme.example', 'alan.turing@acme.example']);
    expect(loginsOf(await list(`${base}&sortBy=profile.lastName&sortOrder=asc`))).toEqual(['alice.smith@acme.example', 'alan.turing@acme.example']);
    expectOktaError(await list(`${base}&sortBy=profile.firstName&sortOrder=sideways`), 400, 'E0000001', 'Api validation failed: sortOrder');
  });

  it('using two of q, filter and search at once → 400 E0000031', async () => {
    expectOktaError(await list(`?q=al&search=${q('status eq "ACTIVE"')}`), 400, 'E0000031', 'Invalid search criteria.');
  });

  it('a limit that is not a number → 400', async () => {
    const res = await list('?limit=lots');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'E0000001' });
  });
});

describe('GET /api/v1/users: Link pagination', () => {
  let org: TestOrg;
  const created = new Set<string>();

  beforeAll(async () => {
    org = await startTestOrg();
    for (let batch = 0; batch < 9; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          org.api<UserJson>('POST', '/api/v1/users', { body: { profile: profile(`page${batch * 50 + i}.user@pages.example`), credentials: { password: { value: PASSWORD } } } }),
        ),
      );
      for (const res of results) {
        expect(res.status).toBe(200);
        created.add(res.body.id);
      }
    }
    expect(created.size).toBe(450);
  });
  afterAll(async () => {
    await org?.close();
  });

  it('follows rel="next" through 450 users with limit=200, each exactly once; the last page has no next', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${org.url}/api/v1/users?limit=200`;
    const sizes: number[] = [];
    while (url !== undefined) {
      expect(url.startsWith(`${org.url}/api/v1/users?`)).toBe(true);
      const res = await org.api<UserJson[]>('GET', url.slice(org.url.length));
      expect(res.status).toBe(200);
      sizes.push(res.body.length);
      seen.push(...res.body.map((u) => u.id));
      const links = parseLinks(res.headers.get('link'));
      expect(links.self).toBe(url);
      url = links.next;
      if (url !== undefined) expect(new URL(url).searchParams.get('limit')).toBe('200');
      expect(sizes.length).toBeLessThan(10);
    }
    expect(sizes).toEqual([200, 200, 50]);
    expect(seen).toHaveLength(450);
    expect(new Set(seen)).toEqual(created);
  });

  it('a page that ends exactly at the last user has no next link', async () => {
    const sizes: number[] = [];
    let url: string | undefined = '/api/v1/users?limit=150';
    while (url !== undefined) {
      const res: TestResponse<UserJson[]> = await org.api<UserJson[]>('GET', url);
      sizes.push(res.body.length);
      url = parseLinks(res.headers.get('link')).next?.slice(org.url.length);
    }
    expect(sizes).toEqual([150, 150, 150]);
    // limit above the maximum (200) is clamped.
    expect((await org.api<UserJson[]>('GET', '/api/v1/users?limit=1000')).body).toHaveLength(200);
  });

  it('pages a search the same way', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${org.url}/api/v1/users?search=${encodeURIComponent('profile.login sw "page"')}&limit=200`;
    while (url !== undefined) {
      const res: TestResponse<UserJson[]> = await org.api<UserJson[]>('GET', url.slice(org.url.length));
      seen.push(...res.body.map((u) => u.id));
      url = parseLinks(res.headers.get('link')).next;
    }
    expect(seen).toHaveLength(450);
    expect(new Set(seen)).toEqual(created);
  });

  it('a search cursor whose user no longer matches resumes after it, not from the start', async () => {
    const search = encodeURIComponent('profile.login sw "page"');
    const first = await org.api<UserJson[]>('GET', `/api/v1/users?search=${search}&limit=200`);
    const next = parseLinks(first.headers.get('link')).next as string;
    const last = first.body[199] as UserJson;
    // The cursor user stops matching the search between the two pages.
    const moved = await org.api('POST', `/api/v1/users/${last.id}`, { body: { profile: { login: 'moved.away@pages.example', email: 'moved.away@pages.example' } } });
    expect(moved.status).toBe(200);
    const second = await org.api<UserJson[]>('GET', next.slice(org.url.length));
    expect(second.status).toBe(200);
    const firstIds = new Set(first.body.map((u) => u.id));
    expect(second.body).toHaveLength(200);
    expect(second.body.filter((u) => firstIds.has(u.id))).toEqual([]);
    expect((await org.api('POST', `/api/v1/users/${last.id}`, { body: { profile: last.profile } })).status).toBe(200);
  });

  it('pages a search in descending id order: every match once, newest first, the last page without next', async () => {
    const search = encodeURIComponent('profile.login sw "page"');
    const all = await org.api<UserJson[]>('GET', `/api/v1/users?search=${search}&limit=200`);
    const ascending: string[] = [];
    for (let url: string | undefined = `/api/v1/users?search=${search}&limit=200`; url; ) {
      const res: TestResponse<UserJson[]> = await org.api<UserJson[]>('GET', url);
      ascending.push(...res.body.map((u) => u.id));
      url = parseLinks(res.headers.get('link')).next?.slice(org.url.length);
    }
    expect(all.body.length).toBeGreaterThan(0);
    const seen: string[] = [];
    let pages = 0;
    for (let url: string | undefined = `/api/v1/users?search=${search}&sortOrder=desc&limit=150`; url; pages++) {
      const res: TestResponse<UserJson[]> = await org.api<UserJson[]>('GET', url);
      expect(res.status).toBe(200);
      seen.push(...res.body.map((u) => u.id));
      url = parseLinks(res.headers.get('link')).next?.slice(org.url.length);
    }
    expect(pages).toBe(Math.ceil(ascending.length / 150));
    expect(seen).toEqual([...ascending].reverse());
  });

  it('sends self and next as separate Link headers, absolute on the org origin', async () => {
    const raw = await new Promise<{ status: number; links: string[] }>((resolve, reject) => {
      const req = request(`${org.url}/api/v1/users?limit=200`, { headers: { authorization: `Bearer ${org.token}`, accept: 'application/json' } }, (res) => {
        const links: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]?.toLowerCase() === 'link') links.push(res.rawHeaders[i + 1] as string);
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, links }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(raw.status).toBe(200);
    expect(raw.links).toHaveLength(2);
    expect(raw.links[0]).toBe(`<${org.url}/api/v1/users?limit=200>; rel="self"`);
    expect(raw.links[1]).toMatch(new RegExp(`^<${org.url.replace(/\./g, '\\.')}/api/v1/users\\?limit=200&after=00u\\w{17}>; rel="next"$`));
  });
});
