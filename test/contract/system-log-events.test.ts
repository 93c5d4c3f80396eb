// Every change the Management API makes writes its System Log event (reference okta-api.md §2.5 and §7
// item 18): the event type of Okta's catalog, the calling service app as actor (group rules act as Okta
// itself), typed target entries, and the request's path in debugContext. The events are read the way
// a client tails the log: one polling query, its `next` link followed after each change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, requestToken, startTestOrg, type TestOrg } from '../support/emulator.ts';

type Json = Record<string, unknown>;
interface LogEventJson {
  eventType: string;
  displayMessage: string;
  actor: { id: string; type: string; alternateId: string; displayName: string };
  target: { id: string; type: string; alternateId: string; displayName: string }[];
  debugContext: { debugData: { requestUri: string; requestId: string } };
  outcome: { result: string };
}

let t: TestOrg;
let next: string;
let appLabel: string;

beforeAll(async () => {
  t = await startTestOrg();
  appLabel = (t.emulator.context.org.apps.get(t.credential.clientId) as { label: string }).label;
  const res = await t.api<LogEventJson[]>('GET', `/api/v1/logs?since=${encodeURIComponent(new Date(t.emulator.context.clock.now() - 60_000).toISOString())}&limit=1000`);
  expect(res.status).toBe(200);
  next = nextLink(res.headers) as string;
});
afterAll(async () => {
  await t?.close();
});

function nextLink(headers: Headers): string | undefined {
  for (const part of (headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="next"$/.exec(part.trim());
    if (m) return m[1];
  }
  return undefined;
}

/** The events written since the last call: follows the polling query's `next` link. */
async function newEvents(): Promise<LogEventJson[]> {
  const res = await t.api<LogEventJson[]>('GET', next.slice(t.url.length));
  expect(res.status).toBe(200);
  next = nextLink(res.headers) as string;
  expect(next, 'a polling query always has a next link').toBeDefined();
  return res.body;
}

const byApp = () => ({ type: 'PublicClientApp', id: t.credential.clientId, alternateId: t.credential.clientId, displayName: appLabel });

/**
 * Makes one call and checks the events it wrote, in order: [eventType, target types, actor?]. Each
 * event names the request path, and targets carry the resource's id.
 */
async function expectEvents(
  call: { method: string; path: string; body?: unknown; status?: number },
  expected: [eventType: string, targetTypes: string[], actor?: 'system'][],
  ids: string[] = [],
): Promise<LogEventJson[]> {
  const res = await t.api(call.method, call.path, { ...(call.body !== undefined ? { body: call.body } : {}), headers: call.body === undefined ? { 'content-length': '0' } : {} });
  expect(res.status, `${call.method} ${call.path}: ${res.text}`).toBe(call.status ?? (call.method === 'DELETE' ? 204 : 200));
  const events = await newEvents();
  expect(events.map((e) => [e.eventType, e.target.map((x) => x.type)])).toEqual(expected.map(([type, targets]) => [type, targets]));
  events.forEach((event, i) => {
    if (expected[i]?.[2] === 'system') expect(event.actor).toMatchObject({ type: 'SystemPrincipal' });
    else expect(event.actor).toEqual(byApp());
    expect(event.outcome.result).toBe('SUCCESS');
    expect(event.debugContext.debugData.requestUri).toBe(call.path.split('?')[0]);
    expect(event.displayMessage.length).toBeGreaterThan(0);
    for (const id of ids) expect(event.target.map((x) => x.id)).toContain(id);
  });
  return events;
}

describe('System Log events of every change', () => {
  it('user lifecycle: create, activate, reactivate, profile and password updates, suspend … unlock, factors, sessions, two-step delete', async () => {
    const created = await t.api<Json>('POST', '/api/v1/users?activate=false', { body: { profile: profile('ellen.ripley@nostromo.example') } });
    expect(created.status).toBe(200);
    const id = String(created.body.id);
    const [create] = await newEvents();
    expect(create).toMatchObject({ eventType: 'user.lifecycle.create', actor: byApp() });
    expect(create?.target).toEqual([{ id, type: 'User', alternateId: 'ellen.ripley@nostromo.example', displayName: 'Ellen Ripley' }]);

    const u = `/api/v1/users/${id}`;
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/activate?sendEmail=false` }, [['user.lifecycle.activate', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/reactivate?sendEmail=false` }, [['user.lifecycle.reactivate', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: u, body: { profile: { title: 'Warrant Officer' } } }, [['user.account.update_profile', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: u, body: { credentials: { password: { value: 'Nostromo-180924' } } } }, [['user.account.update_password', ['User']]], [id]);
    // The user finishes activation (what only the end user can do: the operator API).
    expect((await fetch(`${t.url}/__emulator/users/${id}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"ACTIVE"}' })).status).toBe(200);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/suspend` }, [['user.lifecycle.suspend', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/unsuspend` }, [['user.lifecycle.unsuspend', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/expire_password` }, [['user.account.expire_password', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/reset_password?sendEmail=false` }, [['user.account.reset_password', ['User']]], [id]);
    expect((await fetch(`${t.url}/__emulator/users/${id}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"LOCKED_OUT"}' })).status).toBe(200);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/unlock` }, [['user.account.unlock_by_admin', ['User']]], [id]);
    await expectEvents({ method: 'POST', path: `${u}/lifecycle/reset_factors` }, [['user.mfa.factor.reset_all', ['User']]], [id]);
    await expectEvents({ method: 'DELETE', path: `${u}/sessions?oauthTokens=true` }, [['user.session.clear', ['User']]], [id]);
    // A failed operation changes nothing and logs nothing.
    expect((await t.api('POST', `${u}/lifecycle/unsuspend`, { headers: { 'content-length': '0' } })).status).toBe(400);
    expect(await newEvents()).toEqual([]);
    await expectEvents({ method: 'DELETE', path: u }, [['user.lifecycle.deactivate', ['User']]], [id]);
    await expectEvents({ method: 'DELETE', path: u }, [['user.lifecycle.delete.initiated', ['User']], ['user.lifecycle.delete.completed', ['User']]], [id]);
  });

  it('a created ACTIVE user logs create then activate; groupIds log the membership', async () => {
    const group = await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name: 'Crew' } } });
    await newEvents();
    const res = await t.api<Json>('POST', '/api/v1/users', { body: { profile: profile('dallas.captain@nostromo.example'), credentials: { password: { value: 'Mother-2122-x' } }, groupIds: [group.body.id] } });
    expect(res.status).toBe(200);
    const events = await newEvents();
    expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate', 'group.user_membership.add']);
    for (const e of events) expect(e.actor).toEqual(byApp());
    expect(events[2]?.target.map((x) => [x.type, x.id])).toEqual([
      ['User', res.body.id],
      ['UserGroup', group.body.id],
    ]);
  });

  it('groups: create, profile update, member add and remove, delete', async () => {
    const created = await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name: 'Science Officers', description: 'Ash, mostly' } } });
    const gid = String(created.body.id);
    const [create] = await newEvents();
    expect(create).toMatchObject({ eventType: 'group.lifecycle.create', actor: byApp() });
    expect(create?.target).toEqual([{ id: gid, type: 'UserGroup', alternateId: 'unknown', displayName: 'Science Officers' }]);
    const user = await t.api<Json>('POST', '/api/v1/users?activate=false', { body: { profile: profile('ash.science@nostromo.example') } });
    const uid = String(user.body.id);
    await newEvents();
    await expectEvents({ method: 'PUT', path: `/api/v1/groups/${gid}`, body: { profile: { name: 'Science', description: 'Ash' } } }, [['group.profile.update', ['UserGroup']]], [gid]);
    const [add] = await expectEvents({ method: 'PUT', path: `/api/v1/groups/${gid}/users/${uid}`, status: 204 }, [['group.user_membership.add', ['User', 'UserGroup']]], [gid, uid]);
    expect(add?.target[1]).toEqual({ id: gid, type: 'UserGroup', alternateId: 'unknown', displayName: 'Science' });
    // Idempotent: adding again changes nothing and logs nothing.
    expect((await t.api('PUT', `/api/v1/groups/${gid}/users/${uid}`, { headers: { 'content-length': '0' } })).status).toBe(204);
    expect(await newEvents()).toEqual([]);
    await expectEvents({ method: 'DELETE', path: `/api/v1/groups/${gid}/users/${uid}` }, [['group.user_membership.remove', ['User', 'UserGroup']]], [gid, uid]);
    await expectEvents({ method: 'DELETE', path: `/api/v1/groups/${gid}` }, [['group.lifecycle.delete', ['UserGroup']]], [gid]);
  });

  it('group rules: create, activate (members added by Okta itself), a profile change that moves a user, deactivate, delete', async () => {
    const target = await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name: 'Engineering (rule)' } } });
    const gid = String(target.body.id);
    const eng = await t.api<Json>('POST', '/api/v1/users?activate=false', { body: { profile: profile('parker.chief@nostromo.example', { department: 'Engineering' }) } });
    const other = await t.api<Json>('POST', '/api/v1/users?activate=false', { body: { profile: profile('brett.tech@nostromo.example', { department: 'Maintenance' }) } });
    await newEvents();
    const rule = await t.api<Json>('POST', '/api/v1/groups/rules', {
      body: {
        type: 'group_rule',
        name: 'Engineers',
        conditions: { expression: { type: 'urn:okta:expression:1.0', value: 'user.department=="Engineering"' } },
        actions: { assignUserToGroups: { groupIds: [gid] } },
      },
    });
    expect(rule.status, rule.text).toBe(200);
    const rid = String(rule.body.id);
    const [create] = await newEvents();
    expect(create).toMatchObject({ eventType: 'group.rule.create', actor: byApp() });
    expect(create?.target.map((x) => x.id)).toContain(rid);
    const ruleTargets = create?.target.map((x) => x.type) ?? [];

    const activated = await expectEvents(
      { method: 'POST', path: `/api/v1/groups/rules/${rid}/lifecycle/activate`, status: 204 },
      [['group.rule.activate', ruleTargets], ['group.user_membership.add', ['User', 'UserGroup'], 'system']],
    );
    expect(activated[1]?.target.map((x) => x.id)).toEqual([eng.body.id, gid]);

    const moved = await expectEvents({ method: 'POST', path: `/api/v1/users/${String(other.body.id)}`, body: { profile: { department: 'Engineering' } } }, [
      ['user.account.update_profile', ['User']],
      ['group.user_membership.add', ['User', 'UserGroup'], 'system'],
    ]);
    expect(moved[1]?.target.map((x) => x.id)).toEqual([other.body.id, gid]);
    await expectEvents({ method: 'POST', path: `/api/v1/groups/rules/${rid}/lifecycle/deactivate`, status: 204 }, [['group.rule.deactivate', ruleTargets]], [rid]);
    await expectEvents({ method: 'DELETE', path: `/api/v1/groups/rules/${rid}`, status: 202 }, [['group.rule.delete', ruleTargets]], [rid]);
  });

  it('tokens: a client-credentials grant logs the access token issued, with the client as actor', async () => {
    const res = await requestToken(t.url, t.credential, ['okta.users.read'], undefined, Math.floor(t.emulator.context.clock.now() / 1000));
    expect(res.status).toBe(200);
    const events = await newEvents();
    expect(events.map((e) => e.eventType)).toEqual(['app.oauth2.as.token.grant.access_token']);
    expect(events[0]?.actor).toMatchObject({ id: t.credential.clientId });
  });
});
