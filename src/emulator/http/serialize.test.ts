// The hand-written, cached collection JSON of users (the list pages' fast path) must equal what the
// generic serializer gives, and must never serve a user as they were before a change.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../common/clock.ts';
import { buildOrg } from '../seed/index.ts';
import { createServiceAppKey } from '../seed/service-app.ts';
import type { UserRecord } from '../state/types.ts';
import { profile, startTestOrg, type TestOrg } from '../../../test/support/emulator.ts';
import { userJson, userListJson, userListTextOf } from './serialize.ts';

describe('userListTextOf', () => {
  it('writes exactly JSON.stringify(userJson(…)) for every user of a demo org', async () => {
    const key = await createServiceAppKey('serialize-test');
    const { org } = buildOrg(createFakeClock(Date.UTC(2026, 0, 1)), key, { seed: 'demo', users: 600, randomSeed: 7, dpop: false });
    const users = org.userOrder.all().map((id) => org.users.get(id) as UserRecord);
    // Escaping, nulls and every credentials shape, beside the demo's own people.
    const odd = users[0] as UserRecord;
    odd.profile = { ...odd.profile, nickName: 'Quote " back\\slash \u2028 é 😀', title: null };
    odd.recoveryQuestion = 'Who is "it"?';
    odd.hasPassword = false;
    for (const user of users) expect(userListTextOf('http://127.0.0.1:9', user)).toBe(JSON.stringify(userJson('http://127.0.0.1:9', user)));
    expect(JSON.parse(userListJson('http://h:1', org, users.slice(0, 3)).text.toString())).toEqual(users.slice(0, 3).map((u) => userJson('http://h:1', u)));
    expect(userListJson('http://h:1', org, []).text.toString()).toBe('[]');
  });
});

describe('cached list JSON over HTTP', () => {
  let t: TestOrg;
  beforeAll(async () => {
    t = await startTestOrg();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows each change to a user in the next list page, and answers in the origin the client used', async () => {
    const created = await t.api<{ id: string }>('POST', '/api/v1/users?activate=false', { body: { profile: profile('cache.check@acme.example') } });
    expect(created.status).toBe(200);
    const id = created.body.id;
    type Listed = { status: string; profile: Record<string, unknown>; _links: { self: { href: string } } };
    /** The user as a filtered list shows them, asked for with the given Host header. */
    const listed = (host = new URL(t.url).host) =>
      new Promise<Listed>((resolve, reject) => {
        const path = `/api/v1/users?filter=${encodeURIComponent(`id eq "${id}"`)}`;
        const req = request(`${t.url}${path}`, { headers: { host, authorization: `Bearer ${t.token}`, accept: 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            try {
              expect(res.statusCode).toBe(200);
              expect(res.headers['content-type']).toMatch(/^application\/json/);
              const body = JSON.parse(text) as Listed[];
              expect(body).toHaveLength(1);
              resolve(body[0] as Listed);
            } catch (error) {
              reject(error as Error);
            }
          });
        });
        req.on('error', reject);
        req.end();
      });
    expect((await listed()).status).toBe('STAGED');
    expect((await t.api('POST', `/api/v1/users/${id}`, { body: { profile: { title: 'Cartographer' } } })).status).toBe(200);
    expect((await listed()).profile.title).toBe('Cartographer');
    expect((await t.api('POST', `/api/v1/users/${id}/lifecycle/activate?sendEmail=false`)).status).toBe(200);
    expect((await listed()).status).toBe('PROVISIONED');
    // The operator's status change (what an end user does) goes through the same state functions.
    expect((await fetch(`${t.url}/__emulator/users/${id}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'LOCKED_OUT' }) })).status).toBe(200);
    expect((await listed()).status).toBe('LOCKED_OUT');
    expect((await listed('org.example.test:8443'))._links.self.href).toBe(`http://org.example.test:8443/api/v1/users/${id}`);
    expect((await listed())._links.self.href).toBe(`${t.url}/api/v1/users/${id}`);
  });
});
