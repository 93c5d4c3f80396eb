// Console sessions and Gatehouse roles over real HTTP against `startGatehouse` on the embedded demo
// org (issue 7): the bootstrap admin's token sign-in, "Sign in with Okta" end to end through the
// emulator's authorize page (code + PKCE, state, nonce), roles enforced by the API (a requester
// cannot open admin routes), CSRF header, expiry, sign out, and no secret in any answer or log line.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { redirectUrisOf } from '../../src/emulator/auth/authorization-code.ts';
import { DEMO_PASSWORD } from '../../src/emulator/state/sign-in.ts';
import type { UserRecord } from '../../src/emulator/state/types.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';

type Json = Record<string, unknown>;

let running: RunningGatehouse;
let token: string;
let itMember: DirUser;
let employee: DirUser;
let colleague: DirUser;
const logLines: string[] = [];
/** Everything Gatehouse answered (bodies and headers but our own Set-Cookie), for the secrets check. */
const answers: string[] = [];
/** Session ids and codes seen, which must appear in no answer body and no log line. */
const secrets: string[] = [];

const cookieOf = (res: Response, name: string): string | undefined => {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [k, v] = (pair ?? '').split('=');
    if (k === name) return v;
  }
  return undefined;
};

async function record(res: Response): Promise<{ status: number; body: Json; res: Response }> {
  const text = await res.text();
  answers.push(text, JSON.stringify([...res.headers].filter(([k]) => k !== 'set-cookie')));
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : {}, res };
}

/** Calls Gatehouse with a session cookie (and the CSRF header unless told otherwise). */
async function asSession(session: string, path: string, init: { method?: string; body?: unknown; csrf?: boolean } = {}) {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { cookie: `gatehouse_session=${session}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.csrf !== false && method !== 'GET') headers['x-gatehouse-request'] = '1';
  return record(await fetch(`${running.url}${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) }));
}

async function asToken(path: string, init: { method?: string; body?: unknown } = {}) {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  return record(
    await fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
  );
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Starts "Sign in with Okta": Gatehouse's redirect to the authorize URL and the browser-binding cookie. */
async function beginOkta(): Promise<{ authorize: URL; signin: string }> {
  const res = await fetch(`${running.url}/api/v1/session/okta`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const signin = cookieOf(res, 'gatehouse_signin');
  expect(signin).toBeDefined();
  const authorize = new URL(res.headers.get('location') as string);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${running.gatehouse.emulator!.url}/oauth2/v1/authorize`);
  return { authorize, signin: signin as string };
}

/** What the browser does on the emulator's sign-in page: read the form, fill it in, post it; returns Okta's redirect. */
async function signInAtOkta(authorize: URL, login: string, password = DEMO_PASSWORD): Promise<URL> {
  const page = await fetch(authorize, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  const html = await page.text();
  const form: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form[decode(m[1] as string)] = decode(m[2] as string);
  expect(form.client_id).toBe(authorize.searchParams.get('client_id'));
  const posted = await fetch(new URL('/oauth2/v1/authorize', authorize), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ ...form, username: login, password }).toString(),
  });
  expect(posted.status).toBe(302);
  const back = new URL(posted.headers.get('location') as string);
  const code = back.searchParams.get('code');
  if (code) secrets.push(code);
  return back;
}

/** Follows Okta's redirect to Gatehouse's callback with the sign-in cookie; returns Gatehouse's answer. */
async function callback(back: URL, signin: string | undefined): Promise<{ location: URL; session: string | undefined }> {
  expect(back.pathname).toBe('/api/v1/session/okta/callback');
  const res = await fetch(back, { redirect: 'manual', headers: signin ? { cookie: `gatehouse_signin=${signin}` } : {} });
  await record(res);
  expect(res.status).toBe(302);
  const session = cookieOf(res, 'gatehouse_session');
  if (session) secrets.push(session);
  return { location: new URL(res.headers.get('location') as string, running.url), session };
}

/** "Sign in with Okta" end to end; returns the session cookie's value. */
async function oktaSignIn(login: string): Promise<string> {
  const { authorize, signin } = await beginOkta();
  const { location, session } = await callback(await signInAtOkta(authorize, login), signin);
  expect(location.toString()).toBe(`${running.url}/`);
  expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return session as string;
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gh-session-'));
  const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') }, dataDir);
  running = await startGatehouse(config, { port: 0, log: { level: 'info', stream: { write: (line) => void logLines.push(line) } } });
  token = (await readFile(running.apiTokenFile, 'utf8')).trim();
  expect((await asToken('/api/v1/directory/sync', { body: { full: true } })).status).toBe(200);
  const { directory } = running.gatehouse.access;
  const org = running.gatehouse.emulator!.context.org;
  const canSignIn = (u: DirUser) => u.status === 'ACTIVE' && (org.users.get(u.id) as UserRecord | undefined)?.hasPassword === true;
  const admins = (await directory.getGroup('Admins - IT'))!;
  const people = (await directory.listUsers({ status: 'ACTIVE', limit: 2_000 })).filter(canSignIn);
  const isIt = async (u: DirUser) => directory.isMember(admins.id, u.id);
  for (const u of people) if (!itMember && (await isIt(u))) itMember = u;
  const ordinary: DirUser[] = [];
  const figma = (await directory.getGroup('Figma Viewers'))!;
  for (const u of people) {
    if ((await isIt(u)) || (await directory.isMember(figma.id, u.id))) continue;
    if (u.managerId && (await directory.managerOf(u.id))?.status === 'ACTIVE') ordinary.push(u);
  }
  [employee, colleague] = ordinary as [DirUser, DirUser];
  expect(itMember && employee && colleague).toBeTruthy();
  // A requestable resource, as an admin defines it.
  const policy = await asToken('/api/v1/access/policies/manager-4h', { method: 'PUT', body: { name: 'Manager, up to 4 hours', maxDurationMs: 4 * 3_600_000, defaultDurationMs: 3_600_000, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] } });
  expect(policy.status, JSON.stringify(policy.body)).toBe(200);
  const resource = await asToken('/api/v1/access/resources/figma-view', { method: 'PUT', body: { kind: 'group', name: 'Figma viewer', policyId: 'manager-4h', roles: [{ id: 'viewer', name: 'Viewer', groupId: 'Figma Viewers' }] } });
  expect(resource.status, JSON.stringify(resource.body)).toBe(200);
}, 120_000);

afterAll(async () => {
  await running?.close();
});

describe('the bootstrap admin', () => {
  it('signs in with the API token: an httpOnly, SameSite=Lax session cookie, and GET /api/v1/session shows the admin', async () => {
    const res = await fetch(`${running.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const line = res.headers.getSetCookie().find((c) => c.startsWith('gatehouse_session='));
    expect(line).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const session = cookieOf(res, 'gatehouse_session') as string;
    secrets.push(session);
    const answer = await record(res);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ user: { login: 'admin', name: 'Gatehouse admin', roles: ['admin'] }, okta: { enabled: true } });
    const me = await asSession(session, '/api/v1/session');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(answer.body);
    expect((await asSession(session, '/api/v1/audit')).status).toBe(200);
    expect((await asSession(session, '/api/v1/connections/okta')).status).toBe(200);
  });

  it('refuses a wrong token, and the bearer token still answers for the admin', async () => {
    const wrong = await record(await fetch(`${running.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'gh_not-the-token' }) }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(wrong.res.headers.getSetCookie()).toEqual([]);
    const me = await asToken('/api/v1/session');
    expect(me.body).toEqual({ user: { login: 'admin', name: 'Gatehouse admin', roles: ['admin'] }, okta: { enabled: true } });
  });
});

describe('sign in with Okta', () => {
  it('made the "Gatehouse Console" OIDC app in the emulator, assigned to Everyone, with the callback on this server', () => {
    const org = running.gatehouse.emulator!.context.org;
    const apps = [...org.apps.values()].filter((a) => a.label === 'Gatehouse Console');
    expect(apps).toHaveLength(1);
    expect(redirectUrisOf(apps[0]!)).toContain(`${running.url}/api/v1/session/okta/callback`);
    const everyone = [...org.groups.values()].find((g) => g.profile.name === 'Everyone')!;
    expect(org.appGroups.get(apps[0]!.id)?.has(everyone.id)).toBe(true);
  });

  it('an IT team member signs in and holds the admin role', async () => {
    const session = await oktaSignIn(itMember.login);
    const me = await asSession(session, '/api/v1/session');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ login: itMember.login, name: itMember.displayName });
    expect((me.body.user as { roles: string[] }).roles).toEqual(expect.arrayContaining(['admin', 'requester']));
    expect((await asSession(session, '/api/v1/connections/okta')).status).toBe(200);
    expect((await asSession(session, '/api/v1/audit')).status).toBe(200);
  });

  it('an ordinary employee is a requester: admin routes answer 403 FORBIDDEN, their own routes work', async () => {
    const session = await oktaSignIn(employee.login);
    const me = await asSession(session, '/api/v1/session');
    const roles = (me.body.user as { roles: string[] }).roles;
    expect(roles).not.toContain('admin');
    expect(roles.at(-1)).toBe('requester');
    expect(roles.filter((r) => r !== 'approver' && r !== 'requester')).toEqual([]);
    for (const [method, path, body] of [
      ['GET', '/api/v1/connections/okta', undefined],
      ['GET', '/api/v1/audit', undefined],
      ['PUT', '/api/v1/access/policies/x', { name: 'x', steps: [] }],
      ['POST', '/api/v1/workflows/offboarding/runs', { input: { login: colleague.login } }],
      ['GET', '/api/v1/runs', undefined],
      ['GET', '/api/v1/directory/users', undefined],
      ['POST', '/api/v1/catalog/offboarding/install', {}],
    ] as const) {
      const res = await asSession(session, path, { method, ...(body ? { body } : {}) });
      expect({ path, status: res.status, code: (res.body.error as Json | undefined)?.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    // What members may do.
    const mine = await asSession(session, `/api/v1/access/mine?user=${encodeURIComponent(colleague.login)}`);
    expect(mine.status).toBe(200);
    expect(mine.body.user).toBe(employee.login);
    expect((await asSession(session, '/api/v1/access/catalog')).status).toBe(200);
    expect((await asSession(session, '/api/v1/workflows')).status).toBe(200);
    expect((await asSession(session, '/api/v1/workflows/offboarding')).status).toBe(403);
    const approvals = await asSession(session, '/api/v1/approvals');
    expect(approvals.status).toBe(200);
    for (const a of approvals.body.approvals as { approvers: string[] }[]) expect(a.approvers.map((x) => x.toLowerCase())).toContain(employee.login.toLowerCase());
  });

  it("the employee's request naming someone else as `by` is made as the employee; they see only their own requests", async () => {
    const session = await oktaSignIn(employee.login);
    const other = await asToken('/api/v1/access/requests', { body: { by: colleague.login, resource: 'figma-view', duration: '1h' } });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const otherId = (other.body.request as { id: string }).id;

    const created = await asSession(session, '/api/v1/access/requests', { body: { by: colleague.login, resource: 'figma-view', duration: '1h', justification: 'design review' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const request = created.body.request as { id: string; requestedBy: string; forUser: string };
    expect(request.requestedBy).toBe(employee.login);
    expect(request.forUser).toBe(employee.login);

    const list = await asSession(session, `/api/v1/access/requests?user=${encodeURIComponent(colleague.login)}`);
    const ids = (list.body.requests as { id: string }[]).map((r) => r.id);
    expect(ids).toContain(request.id);
    expect(ids).not.toContain(otherId);
    expect((await asSession(session, `/api/v1/access/requests/${request.id}`)).status).toBe(200);
    expect((await asSession(session, `/api/v1/access/requests/${otherId}`)).status).toBe(403);
    // Cancelling someone else's request "as them" is cancelling it as the employee: refused by the access rules.
    const cancel = await asSession(session, `/api/v1/access/requests/${otherId}/cancel`, { body: { by: colleague.login } });
    expect(cancel.status).toBe(403);
    expect((cancel.body.error as Json).code).toBe('ACCESS_DENIED_BY_POLICY');
    // The chat acts as the session's person, whatever `as` says.
    const chat = await asSession(session, '/api/v1/chat', { body: { as: colleague.login, text: 'what access do I have?' } });
    expect(chat.status).toBe(200);
  });

  it('a cookie request that changes something without X-Gatehouse-Request: 1 is refused with 403', async () => {
    const session = await oktaSignIn(employee.login);
    const res = await asSession(session, '/api/v1/access/requests', { body: { by: employee.login, resource: 'figma-view' }, csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('X-Gatehouse-Request: 1') });
    // A GET needs no header.
    expect((await asSession(session, '/api/v1/access/mine')).status).toBe(200);
  });

  it('refuses a tampered state, a tampered nonce, a callback from another browser and a replayed callback', async () => {
    const expectError = async (back: URL, signin: string | undefined, code: string) => {
      const { location, session } = await callback(back, signin);
      expect(session).toBeUndefined();
      expect(location.pathname).toBe('/');
      expect(location.searchParams.get('signin_error')).toBe(code);
      expect(location.searchParams.get('signin_message')).toBeTruthy();
    };
    const a = await beginOkta();
    a.authorize.searchParams.set('state', 'tampered-state');
    await expectError(await signInAtOkta(a.authorize, employee.login), a.signin, 'state_mismatch');

    const b = await beginOkta();
    b.authorize.searchParams.set('nonce', 'tampered-nonce');
    await expectError(await signInAtOkta(b.authorize, employee.login), b.signin, 'token_invalid');

    const c = await beginOkta();
    const backC = await signInAtOkta(c.authorize, employee.login);
    await expectError(backC, undefined, 'signin_expired');
    // The transaction is single use: after a refused (or successful) callback, replaying it fails.
    const d = await beginOkta();
    const backD = await signInAtOkta(d.authorize, employee.login);
    const first = await callback(backD, d.signin);
    expect(first.session).toBeDefined();
    await expectError(backD, d.signin, 'signin_expired');

    // The answer of another browser's sign-in, with this browser's cookie.
    const e = await beginOkta();
    const f = await beginOkta();
    await expectError(await signInAtOkta(f.authorize, employee.login), e.signin, 'state_mismatch');

    // A tampered PKCE challenge: the code is bound to it, so Gatehouse's verifier does not redeem it.
    const g = await beginOkta();
    g.authorize.searchParams.set('code_challenge', randomBytes(32).toString('base64url'));
    await expectError(await signInAtOkta(g.authorize, employee.login), g.signin, 'token_invalid');
  });

  it('an error answer from Okta (access_denied) goes back to the console with okta_refused', async () => {
    const { authorize, signin } = await beginOkta();
    const back = new URL(authorize.searchParams.get('redirect_uri') as string);
    back.search = new URLSearchParams({ error: 'access_denied', error_description: 'User is not assigned to the client application.', state: authorize.searchParams.get('state') as string }).toString();
    const { location, session } = await callback(back, signin);
    expect(session).toBeUndefined();
    expect(location.searchParams.get('signin_error')).toBe('okta_refused');
  });
});

describe('session lifetime', () => {
  it('an unknown or expired session answers 401; GET /api/v1/session says whether Okta sign-in is offered', async () => {
    const bogus = randomBytes(32).toString('base64url');
    const res = await asSession(bogus, '/api/v1/audit');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    const me = await asSession(bogus, '/api/v1/session');
    expect(me.status).toBe(401);
    expect(me.body.okta).toEqual({ enabled: true });
    expect(me.res.headers.getSetCookie().some((c) => c.startsWith('gatehouse_session=;') && c.includes('Max-Age=0'))).toBe(true);
    expect((await record(await fetch(`${running.url}/api/v1/access/mine`))).status).toBe(401);

    const session = await oktaSignIn(employee.login);
    const { store } = running.gatehouse;
    for (const entry of await store.kvList('sessions')) {
      const value = entry.value as Json;
      if (value.login === employee.login) await store.kvPut('sessions', entry.key, { ...value, expiresAt: Date.now() - 1 });
    }
    expect((await asSession(session, '/api/v1/access/mine')).status).toBe(401);
    expect((await asSession(session, '/api/v1/session')).status).toBe(401);
  });

  it('signs out: the session ends and the cookie is cleared (signing out needs the header too)', async () => {
    const session = await oktaSignIn(itMember.login);
    expect((await asSession(session, '/api/v1/session', { method: 'DELETE', csrf: false })).status).toBe(403);
    const out = await asSession(session, '/api/v1/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.res.headers.getSetCookie()[0]).toMatch(/^gatehouse_session=; Path=\/; Max-Age=0/);
    expect((await asSession(session, '/api/v1/session')).status).toBe(401);
    expect((await asSession(session, '/api/v1/audit')).status).toBe(401);
  });

  it('keeps session ids hashed at rest', async () => {
    const keys = (await running.gatehouse.store.kvList('sessions')).map((e) => e.key);
    for (const s of secrets) expect(keys).not.toContain(s);
  });
});

describe('secrets', () => {
  it('no session id, authorization code, client secret or API token appears in any answer or log line', () => {
    const org = running.gatehouse.emulator!.context.org;
    const clientSecret = [...org.apps.values()].find((a) => a.label === 'Gatehouse Console')?.oauthClient?.clientSecret;
    expect(clientSecret).toBeTruthy();
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.some((l) => l.includes('/api/v1/session/okta/callback?code=[redacted]'))).toBe(true);
    const everything = [...answers, ...logLines].join('\n');
    for (const secret of [...secrets, clientSecret as string, token]) expect(everything.includes(secret), secret.slice(0, 4)).toBe(false);
  });
});
