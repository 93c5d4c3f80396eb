// Access management over the HTTP API of `gatehouse serve` on the embedded demo org (issue 5): the
// catalog, a request approved by the manager and granted in Okta by the server's own worker, refusals
// that carry their rule, revocation, "mine", the directory sync endpoints and input errors.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';
import { until } from '../support/until.ts';

let running: RunningGatehouse;
let token: string;
let person: DirUser;
let manager: DirUser;
let group: string;

async function call(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${running.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}


const members = (groupId: string) => running.gatehouse.emulator!.context.org.members.get(groupId) ?? new Map();

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gh-access-'));
  const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') }, dataDir);
  running = await startGatehouse(config, { port: 0, installCatalog: false });
  token = (await readFile(running.apiTokenFile, 'utf8')).trim();
  const sync = await call('/api/v1/directory/sync', { body: { full: true } });
  expect(sync.status).toBe(200);
  const { directory } = running.gatehouse.access;
  group = (await directory.getGroup('Figma Viewers'))!.id;
  for (const user of await directory.listUsers({ status: 'ACTIVE', limit: 2_000 })) {
    const boss = user.managerId ? await directory.managerOf(user.id) : undefined;
    if (boss?.status === 'ACTIVE' && !(await directory.isMember(group, user.id))) {
      person = user;
      manager = boss;
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  await running?.close();
});

describe('access over the API', () => {
  it('reports the directory mirror', async () => {
    const { status, body } = await call('/api/v1/directory/sync');
    expect(status).toBe(200);
    const mirror = body.status as { users: number; groups: number; lastFullSyncAt: number | null };
    expect(mirror.users).toBe(running.gatehouse.emulator!.context.org.users.size);
    expect(mirror.lastFullSyncAt).not.toBeNull();
    // The server runs the scheduled syncs itself (the only process on its database): it holds the lease.
    const scheduler = await until('the scheduled syncs to be led', async () => {
      const s = ((await call('/api/v1/directory/sync')).body.status as { scheduler: { leader: string | null; thisProcess: string } }).scheduler;
      return s.leader ? s : undefined;
    });
    expect(scheduler.leader).toBe(scheduler.thisProcess);
    expect(scheduler.thisProcess).toContain(`:${process.pid}:`);
  });

  it('defines a policy and a resource, then a request is approved by the manager and granted in Okta', async () => {
    const policy = await call('/api/v1/access/policies/manager-8h', {
      method: 'PUT',
      body: { name: 'Manager, up to 8 hours', maxDurationMs: 8 * 3_600_000, defaultDurationMs: 3_600_000, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] },
    });
    expect(policy.status).toBe(200);
    const resource = await call('/api/v1/access/resources/figma-view', { method: 'PUT', body: { kind: 'group', name: 'Figma viewer', policyId: 'manager-8h', roles: [{ id: 'viewer', name: 'Viewer', groupId: 'Figma Viewers' }] } });
    expect(resource.status).toBe(200);
    expect((resource.body.resource as { roles: { groupId: string }[] }).roles[0]!.groupId).toBe(group);

    const created = await call('/api/v1/access/requests', { body: { by: person.login, resource: 'Figma viewer', duration: '2h' } });
    expect(created.status).toBe(201);
    const id = (created.body.request as { id: string }).id;
    const pending = await until('the approval', async () => {
      const { body } = await call(`/api/v1/access/requests/${id}`);
      return (body.pendingApproval as { approvers: string[] } | null) ?? undefined;
    });
    expect(pending.approvers).toEqual([manager.login]);

    const stranger = await call(`/api/v1/access/requests/${id}/approve`, { body: { by: person.login } });
    expect(stranger.status).toBe(409);
    expect(stranger.body.error).toMatchObject({ code: 'APPROVAL_REFUSED' });
    const approved = await call(`/api/v1/access/requests/${id}/approve`, { body: { by: manager.login, comment: 'fine' } });
    expect(approved.status).toBe(200);
    const active = await until('the grant', async () => {
      const { body } = await call(`/api/v1/access/requests/${id}`);
      const request = body.request as { status: string; endsAt: number; grantedAt: number };
      return request.status === 'active' ? request : undefined;
    });
    expect(active.endsAt - active.grantedAt).toBe(2 * 3_600_000);
    expect(members(group).has(person.id)).toBe(true);

    const mine = await call(`/api/v1/access/mine?user=${encodeURIComponent(person.login)}`);
    expect((mine.body.active as { id: string }[]).map((r) => r.id)).toEqual([id]);
    const offered = await call(`/api/v1/access/catalog?user=${encodeURIComponent(person.login)}`);
    expect(offered.body.resources).toEqual([
      expect.objectContaining({ id: 'figma-view', eligible: true, roles: [expect.objectContaining({ id: 'viewer', approvals: ['Manager'], maxDurationMs: 8 * 3_600_000, request: { id, status: 'active', endsAt: active.endsAt } })] }),
    ]);
    const grants = await call(`/api/v1/access/grants?group=${encodeURIComponent('Figma Viewers')}`);
    expect(grants.body.grants).toEqual([expect.objectContaining({ requestId: id, login: person.login })]);

    const revoked = await call(`/api/v1/access/requests/${id}/revoke`, { body: { by: 'admin', reason: 'done' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.request).toMatchObject({ status: 'revoked', outcome: { by: 'admin', reason: 'done' } });
    expect(members(group).has(person.id)).toBe(false);
    // The user page's System Log: the membership added and removed, newest first.
    const events = await call(`/api/v1/directory/users/${encodeURIComponent(person.login)}/events?days=1`);
    expect(events.status).toBe(200);
    const types = (events.body.events as { eventType: string }[]).map((e) => e.eventType);
    expect(types.slice(0, 2)).toEqual(['group.user_membership.remove', 'group.user_membership.add']);
    const again = await call(`/api/v1/access/requests/${id}/revoke`, { body: { by: 'admin', reason: 'twice' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ACCESS_REQUEST_CONFLICT' });
  });

  it('answers refusals with the rule that made them, and bad input with what to fix', async () => {
    const tooLong = await call('/api/v1/access/requests', { body: { by: person.login, resource: 'figma-view', duration: '2d' } });
    expect(tooLong.status).toBe(403);
    expect(tooLong.body.error).toMatchObject({ code: 'ACCESS_DENIED_BY_POLICY', rule: 'policy:manager-8h.maxDuration', message: expect.stringContaining('at most 8h') });
    const badDuration = await call('/api/v1/access/requests', { body: { by: person.login, resource: 'figma-view', duration: 'soon' } });
    expect(badDuration.status).toBe(400);
    expect(badDuration.body.error).toMatchObject({ code: 'REQUEST_INVALID', issues: [expect.objectContaining({ path: 'duration' })] });
    const badPolicy = await call('/api/v1/access/policies/broken', { method: 'PUT', body: { name: 'Broken', maxDurationMs: 1_000, defaultDurationMs: 2_000, steps: [{ name: 'x', approvers: [] }] } });
    expect(badPolicy.status).toBe(400);
    expect(badPolicy.body.error).toMatchObject({ code: 'ACCESS_CONFIG_INVALID' });
    expect((await call('/api/v1/access/policies')).body.policies).toEqual([expect.objectContaining({ id: 'manager-8h' })]);
    const inUse = await call('/api/v1/access/policies/manager-8h', { method: 'DELETE' });
    expect(inUse.status).toBe(400);
    expect(inUse.body.error).toMatchObject({ message: expect.stringContaining('figma-view') });
    const unknown = await call('/api/v1/access/requests/ar_nope');
    expect(unknown.status).toBe(404);
  });
});
