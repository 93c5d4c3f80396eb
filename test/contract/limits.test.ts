// Each list endpoint's default and maximum `limit` (reference okta-api.md §3.2, SPEC parameters): a
// page without `limit` has the default size and a `next` link when more follow; a larger `limit` is
// clamped to the maximum; `q` lists are capped and never paged. The collections are made large
// enough through the org's state functions (no events, no HTTP), then read over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, assignGroupToApp } from '../../src/emulator/state/apps.ts';
import { createGroup, createRule } from '../../src/emulator/state/groups.ts';
import type { Org } from '../../src/emulator/state/org.ts';
import { logEvent, type ChangeContext } from '../../src/emulator/state/system-log.ts';
import type { AppRecord, GroupRecord } from '../../src/emulator/state/types.ts';
import { startTestOrg, type TestOrg } from '../support/emulator.ts';

type Json = Record<string, unknown>;

function nextLink(headers: Headers): string | undefined {
  for (const part of (headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="next"$/.exec(part.trim());
    if (m) return m[1];
  }
  return undefined;
}

/** GETs a list and returns its length and whether a next link came with it. */
async function page(org: TestOrg, path: string): Promise<{ size: number; next: boolean }> {
  const res = await org.api<Json[]>('GET', path);
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  expect(Array.isArray(res.body)).toBe(true);
  return { size: res.body.length, next: nextLink(res.headers) !== undefined };
}

const bookmark = (org: Org, label: string): AppRecord =>
  createApp(org, { name: 'bookmark', label, signOnMode: 'BOOKMARK', status: 'ACTIVE', body: { settings: { app: { url: 'https://example.com', requestIntegration: false } } }, oauthClient: null }, null);

describe('limits on the demo org (1,100 people)', () => {
  let t: TestOrg;
  let everyone: string;
  let slack: string;

  beforeAll(async () => {
    t = await startTestOrg({ seed: 'demo', users: 1100 });
    const org = t.emulator.context.org;
    everyone = org.everyoneGroupId as string;
    slack = [...org.apps.values()].find((a) => a.label === 'Slack')?.id as string;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/api/v1/users: default 200, max 200; q: default 10, no next', async () => {
    expect(await page(t, '/api/v1/users')).toEqual({ size: 200, next: true });
    expect(await page(t, '/api/v1/users?limit=1000')).toEqual({ size: 200, next: true });
    expect(await page(t, '/api/v1/users?limit=7')).toEqual({ size: 7, next: true });
    expect(await page(t, '/api/v1/users?search=status%20eq%20%22ACTIVE%22&limit=1000')).toEqual({ size: 200, next: true });
    expect(await page(t, '/api/v1/users?q=a')).toEqual({ size: 10, next: false });
    expect(await page(t, '/api/v1/users?q=a&limit=100')).toEqual({ size: 100, next: false });
    const all = await page(t, '/api/v1/users?q=a&limit=1000');
    expect(all.next).toBe(false);
    expect(all.size).toBeGreaterThan(100);
    expect(all.size).toBeLessThanOrEqual(200);
  });

  it('/api/v1/groups/{id}/users: default 1000', async () => {
    expect(await page(t, `/api/v1/groups/${everyone}/users`)).toEqual({ size: 1000, next: true });
    expect(await page(t, `/api/v1/groups/${everyone}/users?limit=2000`)).toEqual({ size: 1100, next: false });
  });

  it('/api/v1/apps/{id}/users: default 50, max 500', async () => {
    expect(await page(t, `/api/v1/apps/${slack}/users`)).toEqual({ size: 50, next: true });
    expect(await page(t, `/api/v1/apps/${slack}/users?limit=5000`)).toEqual({ size: 500, next: true });
  });

  it('a limit that is not a positive integer is a 400, not a crash', async () => {
    for (const bad of ['0', '-5', 'ten', '1e3']) {
      const res = await t.api<Json>('GET', `/api/v1/users?limit=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
    }
  });
});

describe('limits on collections built large', () => {
  let t: TestOrg;
  let bigApp: AppRecord;
  let busyGroup: GroupRecord;

  beforeAll(async () => {
    t = await startTestOrg();
    const org = t.emulator.context.org;
    // 10,050 groups (APP_GROUPs skip the name-uniqueness scan), 210 apps, 210 rules, 1,100 log events.
    const groups: GroupRecord[] = [];
    for (let i = 0; i < 10_050; i++) groups.push(createGroup(org, { name: `Bulk ${String(i).padStart(5, '0')}`, type: 'APP_GROUP' }, null));
    busyGroup = createGroup(org, { name: 'Busy' }, null);
    const apps: AppRecord[] = [];
    for (let i = 0; i < 210; i++) apps.push(bookmark(org, `Bookmark ${i}`));
    bigApp = apps[0] as AppRecord;
    for (let i = 0; i < 210; i++) assignGroupToApp(org, bigApp, (groups[i] as GroupRecord).id, {}, null);
    for (let i = 0; i < 25; i++) assignGroupToApp(org, apps[i] as AppRecord, busyGroup.id, {}, null);
    for (let i = 0; i < 210; i++) createRule(org, { name: `Rule ${i}`, expression: 'user.department=="Nowhere"', groupIds: [busyGroup.id], excludeUserIds: [] }, null);
    const ctx: ChangeContext = { actor: { id: 'x', type: 'SystemPrincipal', alternateId: 'x', displayName: 'x' }, requestId: 'reqLimitsTest', ipAddress: '127.0.0.1', userAgent: 'test', requestUri: '/' };
    for (let i = 0; i < 1100; i++) logEvent(org, ctx, { eventType: 'user.session.start', displayMessage: 'filler', targets: [] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/api/v1/groups: the default is the maximum, 10000; q: default 300, no next', async () => {
    expect(await page(t, '/api/v1/groups')).toEqual({ size: 10_000, next: true });
    expect(await page(t, '/api/v1/groups?limit=20000')).toEqual({ size: 10_000, next: true });
    expect(await page(t, '/api/v1/groups?limit=3')).toEqual({ size: 3, next: true });
    expect(await page(t, '/api/v1/groups?q=Bulk')).toEqual({ size: 300, next: false });
    expect(await page(t, '/api/v1/groups?q=Bulk&limit=20000')).toEqual({ size: 10_000, next: false });
  });

  it('/api/v1/groups/rules: default 50, max 200', async () => {
    expect(await page(t, '/api/v1/groups/rules')).toEqual({ size: 50, next: true });
    expect(await page(t, '/api/v1/groups/rules?limit=1000')).toEqual({ size: 200, next: true });
  });

  it('/api/v1/groups/{id}/apps: default 20', async () => {
    expect(await page(t, `/api/v1/groups/${busyGroup.id}/apps`)).toEqual({ size: 20, next: true });
    expect(await page(t, `/api/v1/groups/${busyGroup.id}/apps?limit=100`)).toEqual({ size: 25, next: false });
  });

  it('/api/v1/apps: default -1 (= the maximum, 200), max 200', async () => {
    expect(await page(t, '/api/v1/apps')).toEqual({ size: 200, next: true });
    expect(await page(t, '/api/v1/apps?limit=-1')).toEqual({ size: 200, next: true });
    expect(await page(t, '/api/v1/apps?limit=1000')).toEqual({ size: 200, next: true });
  });

  it('/api/v1/apps/{id}/groups: default 20, min 20, max 200', async () => {
    expect(await page(t, `/api/v1/apps/${bigApp.id}/groups`)).toEqual({ size: 20, next: true });
    expect(await page(t, `/api/v1/apps/${bigApp.id}/groups?limit=5`)).toEqual({ size: 20, next: true });
    expect(await page(t, `/api/v1/apps/${bigApp.id}/groups?limit=1000`)).toEqual({ size: 200, next: true });
  });

  it('/api/v1/logs: default 100, max 1000 (bounded query)', async () => {
    const until = encodeURIComponent(new Date(t.emulator.context.clock.now() + 1000).toISOString());
    expect(await page(t, `/api/v1/logs?until=${until}`)).toEqual({ size: 100, next: true });
    expect(await page(t, `/api/v1/logs?until=${until}&limit=5000`)).toEqual({ size: 1000, next: true });
  });
});
