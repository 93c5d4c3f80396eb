/**
 * Directory sync against the real emulator over HTTP, on SQLite and PostgreSQL: a full sync mirrors
 * the demo org, an incremental one follows changes made straight in Okta at the cost of the changes,
 * a full re-check heals drift, read-only groups are marked, and a failed full sync changes nothing.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOktaClient, type OktaClient } from '../../okta/index.ts';
import type { Store } from '../../store/index.ts';
import { testDatabases } from '../../store/testing/index.ts';
import { createTestRuntime, type TestRuntime } from '../../workflows/testing.ts';
import { createDirectoryReader } from './mirror.ts';
import { createDirectorySync } from './sync.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe.each(databases)('directory sync on $name', (database) => {
  let t: TestRuntime | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** An emulator with the demo org, a store, and the sync on its own client (no real waits between retries). */
  async function setup() {
    t = await createTestRuntime({ seed: 'demo', workflows: [] });
    const rt = t;
    const store: Store = await database.open({ clock: rt.clock });
    /** After this many more HTTP requests of the sync's client, the emulator starts answering 500 to everything. */
    let failAfter = Number.POSITIVE_INFINITY;
    const { clientId, privateKey, scopes } = rt.emulator.credential;
    const syncOkta: OktaClient = createOktaClient({
      orgUrl: rt.emulator.url,
      credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' },
      scopes,
      clock: rt.clock,
      allowInsecureRequests: true,
      sleep: () => Promise.resolve(),
      // A real fetch; it only flips the emulator's fault switch at a chosen point of a sync.
      fetch: (input, init) => {
        if (--failAfter <= 0) rt.emulator.context.faults.errorRate = 1;
        return globalThis.fetch(input, init);
      },
    });
    const sync = createDirectorySync({ okta: () => syncOkta, store, clock: rt.clock });
    const mirror = createDirectoryReader(store);
    return {
      okta: rt.okta,
      store,
      sync,
      mirror,
      failAfter(requests: number) {
        failAfter = requests;
      },
      heal() {
        failAfter = Number.POSITIVE_INFINITY;
        rt.emulator.context.faults.errorRate = 0;
      },
    };
  }

  it('a full sync mirrors the demo org faithfully', async () => {
    const { okta, sync, mirror } = await setup();
    const report = await sync.full();
    expect(report.kind).toBe('full');
    expect(report.requests).toBeGreaterThan(10);

    const users = [...(await collect(okta.users.list())), ...(await collect(okta.users.list({ filter: 'status eq "DEPROVISIONED"' })))];
    const groups = await collect(okta.groups.list());
    const apps = await collect(okta.apps.list());
    let memberships = 0;
    for (const g of groups) memberships += (await collect(okta.groups.members(g.id))).length;
    const status = await sync.status();
    expect(status).toMatchObject({ users: users.length, groups: groups.length, apps: apps.length, memberships, lastIncrementalSyncAt: null });
    expect(status.lastFullSyncAt).not.toBeNull();
    expect(status.logCursor).toBe(report.cursor);
    expect(users.some((u) => u.status === 'DEPROVISIONED')).toBe(true);

    // A few users, field by field, looked up by id and by login in another case.
    for (const u of users.filter((_, i) => i % 37 === 0)) {
      const mirrored = await mirror.getUser(u.profile.login.toUpperCase());
      expect(mirrored).toMatchObject({ id: u.id, login: u.profile.login, status: u.status, email: u.profile.email ?? null, department: u.profile.department ?? null, lastUpdated: Date.parse(u.lastUpdated) });
      expect(mirrored?.profile).toEqual(u.profile);
      expect(await mirror.getUser(u.id)).toEqual(mirrored);
      if (u.profile.managerId) expect((await mirror.managerOf(u.id))?.id).toBe(u.profile.managerId);
    }

    // Memberships of every group, and each user's groups the other way round.
    for (const g of groups) {
      const members = (await collect(okta.groups.members(g.id))).map((m) => m.id).sort();
      expect((await mirror.membersOf(g.id)).map((m) => m.userId)).toEqual(members);
    }
    const someone = users.find((u) => u.status === 'ACTIVE')!;
    expect((await mirror.groupsOf(someone.id)).map((m) => m.groupId).sort()).toEqual((await okta.users.groups(someone.id)).map((g) => g.id).sort());

    // App holdings: who Okta says holds each app, and whether directly.
    for (const app of apps) {
      const holders = await collect(okta.apps.users(app.id));
      const mirrored = await mirror.holdersOf(app.id);
      expect(mirrored.map((h) => h.userId).sort()).toEqual(holders.map((h) => h.id).sort());
      const direct = new Set(holders.filter((h) => h.scope === 'USER').map((h) => h.id));
      for (const h of mirrored) expect(h.direct).toBe(direct.has(h.userId));
      const assigned = (await collect(okta.apps.groups(app.id))).map((g) => g.id).sort();
      expect((await mirror.groupsOfApp(app.id)).map((g) => g.groupId).sort()).toEqual(assigned);
    }
    expect((await mirror.getApp(apps[0]!.label.toLowerCase()))?.id).toBe(apps[0]!.id);

    // Searching and paging by login.
    const page1 = await mirror.listUsers({ limit: 5 });
    const page2 = await mirror.listUsers({ limit: 5, afterLogin: page1[4]!.login });
    expect(page2[0]!.login > page1[4]!.login).toBe(true);
    const byName = await mirror.listUsers({ query: someone.profile.firstName!.slice(0, 3).toLowerCase(), limit: 1000 });
    expect(byName.map((u) => u.id)).toContain(someone.id);

    // A second full sync of an unchanged org changes nothing.
    expect((await sync.full()).drift).toEqual({ users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 });
  });

  it('rule-based, BUILT_IN and APP_GROUP groups are read-only; plain OKTA_GROUPs are not', async () => {
    const { okta, sync, mirror } = await setup();
    await sync.full();
    const ruled = new Set<string>();
    for (const rule of await collect(okta.groups.rules.list())) if (rule.status === 'ACTIVE') for (const id of rule.actions.assignUserToGroups.groupIds) ruled.add(id);
    expect(ruled.size).toBeGreaterThan(0);
    const groups = await collect(okta.groups.list());
    expect(new Set(groups.map((g) => g.type))).toEqual(new Set(['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN']));
    for (const g of groups) {
      const mirrored = (await mirror.getGroup(g.profile.name.toUpperCase()))!;
      expect(mirrored.id).toBe(g.id);
      expect(mirrored.ruleManaged).toBe(ruled.has(g.id));
      expect(mirrored.readOnly).toBe(g.type !== 'OKTA_GROUP' || ruled.has(g.id));
    }
  });

  it('an incremental sync follows changes made straight in Okta, at the cost of the changes', async () => {
    const { okta, sync, mirror } = await setup();
    const full = await sync.full();
    const groups = await collect(okta.groups.list());
    const ruled = new Set((await collect(okta.groups.rules.list())).flatMap((r) => r.actions.assignUserToGroups.groupIds));
    const plain = groups.filter((g) => g.type === 'OKTA_GROUP' && !ruled.has(g.id));
    const [target, other] = [plain[0]!, plain[1]!];
    const apps = await collect(okta.apps.list());
    const app = apps.find((a) => a.status === 'ACTIVE')!;
    const users = await collect(okta.users.list({ filter: 'status eq "ACTIVE"' }));
    const leaver = users[3]!;
    const removed = (await collect(okta.groups.members(target.id)))[0]!;

    const created = await okta.users.create({ profile: { login: 'new.hire@acme.example', email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire', department: 'Engineering' } });
    await okta.groups.addMember(target.id, created.id);
    await okta.groups.removeMember(target.id, removed.id);
    await okta.apps.assignUser(app.id, created.id);
    await okta.apps.assignGroup(app.id, other.id);
    await okta.apps.assignUser(app.id, leaver.id);
    await okta.users.deactivate(leaver.id);
    await okta.users.update(users[4]!.id, { title: 'Chief Tester' });

    const report = await sync.incremental();
    expect(report.kind).toBe('incremental');
    expect(report.changes.users).toBeGreaterThanOrEqual(3);
    expect(report.changes.memberships).toBeGreaterThanOrEqual(2);
    expect(report.requests).toBeLessThan(15);
    expect(report.requests * 10).toBeLessThan(full.requests);
    expect(report.cursor >= full.cursor).toBe(true);

    expect(await mirror.getUser('NEW.HIRE@acme.example')).toMatchObject({ id: created.id, status: created.status, department: 'Engineering', displayName: 'New Hire' });
    expect(await mirror.isMember(target.id, created.id)).toBe(true);
    expect(await mirror.isMember(target.id, removed.id)).toBe(false);
    const holding = (await mirror.appsOf(created.id)).find((h) => h.appId === app.id);
    expect(holding).toMatchObject({ direct: true });
    expect((await mirror.groupsOfApp(app.id)).map((g) => g.groupId)).toContain(other.id);
    const member = (await collect(okta.groups.members(other.id))).find((m) => m.status === 'ACTIVE')!;
    expect((await mirror.appsOf(member.id)).find((h) => h.appId === app.id)?.viaGroupIds).toContain(other.id);
    expect((await mirror.getUser(leaver.id))?.status).toBe('DEPROVISIONED');
    expect((await mirror.appsOf(leaver.id)).find((h) => h.appId === app.id)).toBeUndefined();
    expect((await mirror.getUser(users[4]!.id))?.title).toBe('Chief Tester');
    expect((await sync.status()).lastIncrementalSyncAt).not.toBeNull();

    // Nothing to read: one poll. And the mirror now equals what a full read finds.
    expect((await sync.incremental()).requests).toBe(1);
    for (const g of await collect(okta.groups.list())) {
      const members = (await collect(okta.groups.members(g.id))).map((m) => m.id).sort();
      expect([g.profile.name, (await mirror.membersOf(g.id)).map((m) => m.userId)]).toEqual([g.profile.name, members]);
    }
    const recheck = await sync.full();
    expect(recheck.drift).toEqual({ users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 });
  });

  it('an incremental sync without a cursor runs a full one; deletions in Okta reach the mirror', async () => {
    const { okta, sync, mirror } = await setup();
    expect((await sync.incremental()).kind).toBe('full');
    const group = await okta.groups.create({ name: 'Temp Project' });
    const user = (await collect(okta.users.list({ filter: 'status eq "ACTIVE"' })))[7]!;
    await okta.groups.addMember(group.id, user.id);
    await sync.incremental();
    expect(await mirror.isMember(group.id, user.id)).toBe(true);
    await okta.groups.delete(group.id);
    await okta.users.deactivate(user.id);
    await okta.users.delete(user.id);
    await sync.incremental();
    expect(await mirror.getGroup('temp project')).toBeUndefined();
    expect(await mirror.getUser(user.id)).toBeUndefined();
    expect(await mirror.groupsOf(user.id)).toEqual([]);
  });

  it('a full sync heals drift: rows Okta does not have are removed, missed changes are picked up', async () => {
    const { okta, store, sync, mirror } = await setup();
    await sync.full();
    const before = await sync.status();
    const real = (await mirror.listUsers({ limit: 1 }))[0]!;
    const group = (await mirror.getGroup((await mirror.groupsOf(real.id))[0]!.groupId))!;
    // Rows no System Log event will ever remove.
    await store.dirApply(
      [
        { op: 'upsertUser', user: { ...real, id: '00ughost', login: 'ghost@acme.example' } },
        { op: 'upsertGroup', group: { id: '00gghost', name: 'Ghosts', description: null, type: 'OKTA_GROUP', lastUpdated: 0 } },
        { op: 'membership', groupId: group.id, userId: '00ughost', present: true, at: 0 },
        { op: 'appUser', appId: (await mirror.listApps())[0]!.id, userId: real.id, present: true, at: 0 },
      ],
      0,
    );
    await mirror.setMembership(group.id, real.id, false, 0);
    expect((await sync.status()).users).toBe(before.users + 1);
    // And a change Okta made without telling the log we read (the cursor is past it).
    const renamed = await okta.groups.create({ name: 'Renamed Later' });
    const report = await sync.full();
    // The ghost user, group, membership and assignment, and the membership removed only in the mirror.
    expect(report.drift).toMatchObject({ users: 1, memberships: 2, appAssignments: 1 });
    expect(await mirror.getUser('00ughost')).toBeUndefined();
    expect(await mirror.getGroup('00gghost')).toBeUndefined();
    expect(await mirror.isMember(group.id, '00ughost')).toBe(false);
    expect(await mirror.getGroup(renamed.id)).toMatchObject({ name: 'Renamed Later', readOnly: false });
    const after = await sync.status();
    expect({ users: after.users, memberships: after.memberships }).toEqual({ users: before.users, memberships: before.memberships });
    expect((await sync.full()).drift).toEqual({ users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 });
  });

  it('a membership removed by Gatehouse during a full sync is not brought back by the snapshot', async () => {
    const { okta, sync, mirror } = await setup();
    await sync.full();
    const groups = await collect(okta.groups.list({ filter: 'type eq "OKTA_GROUP"' }));
    const ruled = new Set((await collect(okta.groups.rules.list())).flatMap((r) => r.actions.assignUserToGroups.groupIds));
    const g = groups.find((x) => !ruled.has(x.id) && x.profile.name !== 'Everyone')!;
    const member = (await collect(okta.groups.members(g.id)))[0]!;
    // The snapshot is read first, then Gatehouse ends a grant, then the snapshot is written: the
    // replay from the cursor taken at the start applies the removal again.
    const running = sync.full();
    await okta.groups.removeMember(g.id, member.id);
    await mirror.setMembership(g.id, member.id, false, Date.now());
    await running;
    expect(await mirror.isMember(g.id, member.id)).toBe(false);
  });

  it('a failed full sync leaves the previous mirror intact', async () => {
    const s = await setup();
    const first = await s.sync.full();
    const before = await s.sync.status();
    const someUsers = await s.mirror.listUsers({ limit: 50 });
    const apps = await s.mirror.listApps();
    const holdings = await s.mirror.holdersOf(apps[0]!.id);
    // Changes in Okta the failed sync would have mirrored.
    const user = someUsers.find((u) => u.status === 'ACTIVE')!;
    await s.okta.users.update(user.id, { title: 'Changed' });
    await s.okta.groups.create({ name: 'Brand New' });

    s.failAfter(Math.floor(first.requests / 2));
    await expect(s.sync.full()).rejects.toMatchObject({ code: 'DIRECTORY_SYNC_FAILED' });
    expect(await s.sync.status()).toEqual(before);
    expect(await s.mirror.listUsers({ limit: 50 })).toEqual(someUsers);
    expect(await s.mirror.holdersOf(apps[0]!.id)).toEqual(holdings);
    expect(await s.mirror.getGroup('Brand New')).toBeUndefined();

    // An incremental one failing also moves nothing, then the next one catches up.
    s.failAfter(1);
    await expect(s.sync.incremental()).rejects.toMatchObject({ code: 'DIRECTORY_SYNC_FAILED' });
    expect(await s.sync.status()).toEqual(before);
    s.heal();
    await s.sync.incremental();
    expect((await s.mirror.getUser(user.id))?.title).toBe('Changed');
    expect(await s.mirror.getGroup('brand new')).toBeDefined();
  });
});
