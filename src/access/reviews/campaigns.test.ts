/**
 * Access review campaigns against the emulator over real HTTP (seed "demo"), a real store and a
 * fake clock shared with the emulator. Expected items come from what Okta itself answers.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../common/clock.ts';
import { collect } from '../../common/collect.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { createStore, type Store } from '../../store/index.ts';
import { testDatabases } from '../../store/testing/index.ts';
import { ReviewRefusedError } from './errors.ts';
import type { ReviewItem } from './model.ts';
import { createReviewsTestbed, type ReviewsTestbed } from './testing.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Env {
  clock: FakeClock;
  emulator: RunningEmulator;
  store: Store;
  t: ReviewsTestbed;
}

async function open(store?: (clock: FakeClock) => Promise<Store>): Promise<Env> {
  const clock = createFakeClock(Date.now());
  const emulator = await startEmulator({ port: 0, seed: 'demo', clock });
  const s = store ? await store(clock) : await createStore({ kind: 'sqlite', file: ':memory:', clock });
  const t = await createReviewsTestbed({ emulator, store: s, clock });
  return { clock, emulator, store: s, t };
}

async function closeEnv(env: Env | undefined) {
  if (!env) return;
  await env.store.close();
  await env.emulator.close();
}

/** Okta's own answers, for the expectations. */
const okta = {
  group: async (t: ReviewsTestbed, name: string) => {
    const g = (await collect(t.okta.groups.list({ q: name }))).find((x) => x.profile.name === name);
    if (!g) throw new Error(`no group ${name} in the demo org`);
    return g;
  },
  app: async (t: ReviewsTestbed, label: string) => {
    const a = (await collect(t.okta.apps.list())).find((x) => x.label === label);
    if (!a) throw new Error(`no app ${label} in the demo org`);
    return a;
  },
  memberIds: async (t: ReviewsTestbed, groupId: string) => new Set((await collect(t.okta.groups.members(groupId))).map((u) => u.id)),
  appUsers: async (t: ReviewsTestbed, appId: string) => new Map((await collect(t.okta.apps.users(appId))).map((u) => [u.id, u.scope])),
  managerLogin: async (t: ReviewsTestbed, userId: string) => {
    const u = await t.okta.users.get(userId);
    return u.profile.managerId ? (await t.okta.users.get(u.profile.managerId)).profile.login : null;
  },
  /** An ACTIVE user outside these groups (a fallback reviewer who holds none of the access). */
  outsider: async (t: ReviewsTestbed, ...groupIds: string[]) => {
    const inside = new Set<string>();
    for (const id of groupIds) for (const m of await okta.memberIds(t, id)) inside.add(m);
    const u = (await collect(t.okta.users.list({ filter: 'status eq "ACTIVE"' }))).find((x) => !inside.has(x.id) && x.profile.department === 'IT');
    if (!u) throw new Error('no outsider');
    return u.profile.login;
  },
};

const refusal = async (p: Promise<unknown>): Promise<ReviewRefusedError> => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewRefusedError);
  return error as ReviewRefusedError;
};

/** A minimal RFC 4180 reader for the evidence (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describe('access review campaigns (emulator, sqlite)', () => {
  let env: Env | undefined;
  beforeEach(async () => {
    env = await open();
  });
  afterEach(async () => {
    await closeEnv(env);
    env = undefined;
  });

  it('generates one item per holder of a group and of an app, as Okta shows them, with manager reviewers and the fallback', async () => {
    const { t, clock } = env!;
    const editors = await okta.group(t, 'Figma Editors');
    const fpa = await okta.group(t, 'Customer Success');
    const tableau = await okta.app(t, 'Zendesk');
    // The CEO has no manager: their item must go to the fallback reviewer.
    const ceo = (await collect(t.okta.users.list({ filter: 'status eq "ACTIVE"' }))).find((u) => !u.profile.managerId)!;
    await t.okta.groups.addMember(editors.id, ceo.id);
    await t.refresh();
    const fallback = await okta.outsider(t, editors.id, fpa.id);

    const campaign = await t.reviews.create(
      { name: 'Q1 design tools', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'manager' }, fallbackReviewer: fallback, dueAt: clock.now() + 14 * DAY },
      'admin@acme.example',
    );
    expect(campaign.status).toBe('draft');
    const launched = await t.reviews.launch(campaign.id, 'admin@acme.example');
    expect(launched.status).toBe('active');
    const items = await t.reviews.items(campaign.id);
    const members = await okta.memberIds(t, editors.id);
    expect(members.size).toBeGreaterThan(1);
    expect(new Set(items.map((i) => i.userId))).toEqual(members);
    expect(items).toHaveLength(members.size);
    for (const item of items) {
      expect(item.resource).toEqual({ kind: 'group', id: editors.id, name: 'Figma Editors', readOnly: false });
      expect(item.how).toEqual([{ kind: 'direct' }]);
      const manager = await okta.managerLogin(t, item.userId);
      if (manager) expect({ user: item.login, reviewers: item.reviewers, source: item.reviewerSource }).toEqual({ user: item.login, reviewers: [manager], source: 'manager' });
      else expect({ user: item.login, reviewers: item.reviewers, source: item.reviewerSource }).toEqual({ user: item.login, reviewers: [fallback], source: 'fallback' });
    }
    expect(items.find((i) => i.userId === ceo.id)?.reviewerSource).toBe('fallback');

    // An app: direct assignments and access through the groups assigned to it.
    const appCampaign = await t.reviews.create({ name: 'Tableau', scope: { kind: 'apps', appIds: [tableau.id] }, reviewers: { kind: 'manager' }, fallbackReviewer: fallback, dueAt: clock.now() + DAY }, 'admin@acme.example');
    await t.reviews.launch(appCampaign.id, 'admin@acme.example');
    const appItems = await t.reviews.items(appCampaign.id);
    const appUsers = await okta.appUsers(t, tableau.id);
    expect(new Set(appItems.map((i) => i.userId))).toEqual(new Set(appUsers.keys()));
    const fpaMembers = await okta.memberIds(t, fpa.id);
    for (const item of appItems) {
      expect(item.how.some((p) => p.kind === 'direct')).toBe(appUsers.get(item.userId) === 'USER');
      expect(item.how.some((p) => p.kind === 'group' && p.groupId === fpa.id)).toBe(fpaMembers.has(item.userId));
    }
    expect(appItems.filter((i) => i.how.some((p) => p.kind === 'direct')).length).toBeGreaterThan(0);
    expect(appItems.filter((i) => i.how.some((p) => p.kind === 'group')).length).toBeGreaterThan(0);
  });

  it('resolves owners from the catalog, and sends a named reviewer\'s own access to the fallback', async () => {
    const { t, clock } = env!;
    const editors = await okta.group(t, 'Figma Editors');
    const admins = await okta.group(t, 'GitHub Admins');
    const fallback = await okta.outsider(t, editors.id, admins.id);
    const editorIds = [...(await okta.memberIds(t, editors.id))];
    const owner = (await t.okta.users.get(editorIds[0]!)).profile.login;
    t.catalog.resources.push({
      id: 'figma',
      kind: 'group',
      name: 'Figma',
      description: '',
      appId: null,
      roles: [{ id: 'editor', name: 'Editor', description: '', groupId: editors.id, policyId: null, provisioning: { kind: 'group' } }],
      owners: { users: [owner], groupId: admins.id },
      visibility: 'everyone',
      policyId: 'default',
      eligibility: [],
    });
    const adminLogins = await Promise.all([...(await okta.memberIds(t, admins.id))].map(async (id) => (await t.okta.users.get(id)).profile.login));
    const c = await t.reviews.create({ name: 'owners', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'owners' }, fallbackReviewer: fallback, dueAt: clock.now() + DAY }, 'admin');
    await t.reviews.launch(c.id, 'admin');
    for (const item of await t.reviews.items(c.id)) {
      const expected = [owner, ...adminLogins].filter((l) => l !== item.login);
      expect(new Set(item.reviewers)).toEqual(new Set(expected));
      expect(item.reviewerSource).toBe('owners');
    }

    // Named reviewer who is also a member: their own item goes to the fallback.
    const named = await t.reviews.create({ name: 'named', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'users', logins: [owner.toUpperCase()] }, fallbackReviewer: fallback, dueAt: clock.now() + DAY }, 'admin');
    await t.reviews.launch(named.id, 'admin');
    const namedItems = await t.reviews.items(named.id);
    const own = namedItems.find((i) => i.login === owner)!;
    expect(own.reviewers).toEqual([fallback]);
    expect(own.reviewerSource).toBe('fallback');
    expect(namedItems.filter((i) => i !== own).every((i) => i.reviewers.length === 1 && i.reviewers[0] === owner)).toBe(true);
    expect((await t.reviews.items(named.id, { reviewer: owner })).map((i) => i.id).sort()).toEqual(namedItems.filter((i) => i !== own).map((i) => i.id).sort());
    // The owner may not decide their own access, even by trying.
    expect((await refusal(t.reviews.decide(own.id, { by: owner, outcome: 'keep' }))).reason).toBe('self_review');

    // Without a fallback, a campaign whose named reviewer holds the access cannot launch.
    const noFallback = await t.reviews.create({ name: 'x', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'users', logins: [owner] }, dueAt: clock.now() + DAY }, 'admin');
    await expect(t.reviews.launch(noFallback.id, 'admin')).rejects.toMatchObject({ code: 'REVIEW_INVALID' });
  });

  it('on_decision: revoke removes the membership in Okta at once; keep and reassign; wrong reviewer and second decisions are refused', async () => {
    const { t, clock, store } = env!;
    const editors = await okta.group(t, 'Figma Editors');
    const fallback = await okta.outsider(t, editors.id);
    const c = await t.reviews.create({ name: 'now', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'manager' }, fallbackReviewer: fallback, dueAt: clock.now() + DAY, revokeMode: 'on_decision' }, 'admin');
    await t.reviews.launch(c.id, 'admin');
    const items = (await t.reviews.items(c.id)).filter((i) => i.reviewerSource === 'manager');
    expect(items.length).toBeGreaterThanOrEqual(3);
    const [a, b, d] = items as [ReviewItem, ReviewItem, ReviewItem];

    const stranger = items.find((i) => !i.reviewers.includes(a.reviewers[0]!) && i.login !== a.reviewers[0])?.reviewers[0] ?? fallback.replace(/^/, 'x');
    expect((await refusal(t.reviews.decide(a.id, { by: stranger, outcome: 'revoke' }))).reason).toMatch(/not_a_reviewer/);
    expect(await okta.memberIds(t, editors.id)).toContain(a.userId);

    clock.advance(HOUR);
    const revoked = await t.reviews.decide(a.id, { by: a.reviewers[0]!.toUpperCase(), outcome: 'revoke', comment: 'left the design team' });
    expect(revoked.decision).toMatchObject({ outcome: 'revoke', comment: 'left the design team', at: clock.now() });
    expect(revoked.change).toMatchObject({ action: 'revoked', steps: [{ action: 'okta.group.member_removed', target: editors.id, ok: true }] });
    expect(revoked.change!.oktaRequestIds.length).toBeGreaterThan(0);
    expect(await okta.memberIds(t, editors.id)).not.toContain(a.userId);
    expect((await refusal(t.reviews.decide(a.id, { by: a.reviewers[0]!, outcome: 'keep' }))).reason).toBe('already_decided');

    const kept = await t.reviews.decide(b.id, { by: b.reviewers[0]!, outcome: 'keep', comment: 'still needed' });
    expect(kept.change).toBeNull();
    expect(await okta.memberIds(t, editors.id)).toContain(b.userId);

    // Reassign: the new reviewer decides, the old one no longer may.
    const to = fallback;
    const reassigned = await t.reviews.decide(d.id, { by: d.reviewers[0]!, outcome: 'reassign', reassignTo: to, comment: 'you know this team' });
    expect(reassigned).toMatchObject({ decision: null, reviewers: [to], reviewerSource: 'reassigned', reassignments: [{ by: d.reviewers[0], to, comment: 'you know this team' }] });
    expect((await refusal(t.reviews.decide(d.id, { by: d.reviewers[0]!, outcome: 'revoke' }))).reason).toBe('not_a_reviewer');
    expect((await t.reviews.decide(d.id, { by: to, outcome: 'keep' })).decision?.by).toBe(to);
    expect(t.notifications.some((n) => n.to.includes(to) && n.data?.itemId === d.id)).toBe(true);

    const progress = await t.reviews.progress(c.id);
    expect(progress).toMatchObject({ decided: 3, revoked: 1, kept: 2, reassigned: 1, revocations: { applied: 1, pending: 0, failed: 0, needsOktaChange: 0 } });
    expect(progress.open).toBe(progress.total - 3);

    const actions = (await store.listAudit({ limit: 1000 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['review.campaign_created', 'review.campaign_launched', 'review.item_decided', 'review.item_reassigned', 'review.access_revoked']));

    // Access history of the group: the mirror's current members and the audited revocation.
    const history = await t.reviews.history('group', editors.id);
    expect(history.filter((h) => h.event === 'member_since').map((h) => h.userId).sort()).toEqual([...(await okta.memberIds(t, editors.id))].sort());
    expect(history.find((h) => h.event === 'review.access_revoked')).toMatchObject({ userId: a.userId, login: a.login, by: a.reviewers[0]!.toUpperCase(), source: 'audit' });
    const csv = parseCsv(await t.reviews.historyCsv('group', editors.id));
    expect(csv.find((r) => r.event === 'review.access_revoked')).toMatchObject({ login: a.login, object_id: editors.id, source: 'audit' });
  });

  it('revokes a time-bound grant through the grants service', async () => {
    const { t, clock } = env!;
    const viewers = await okta.group(t, 'Figma Viewers');
    const members = await okta.memberIds(t, viewers.id);
    const user = (await collect(t.okta.users.list({ filter: 'status eq "ACTIVE"' }))).find((u) => !members.has(u.id) && u.profile.managerId)!;
    await t.grants.grant({ requestId: 'req_1', resourceId: 'figma', roleId: 'viewer', groupId: viewers.id, userId: user.id, login: user.profile.login, endsAt: clock.now() + 8 * HOUR });
    await t.refresh();
    const fallback = await okta.outsider(t, viewers.id);
    const c = await t.reviews.create({ name: 'grants', scope: { kind: 'groups', groupIds: [viewers.id] }, reviewers: { kind: 'manager' }, fallbackReviewer: fallback, dueAt: clock.now() + DAY, revokeMode: 'on_decision' }, 'admin');
    await t.reviews.launch(c.id, 'admin');
    const item = (await t.reviews.items(c.id)).find((i) => i.userId === user.id)!;
    expect(item.how).toEqual([{ kind: 'grant', requestId: 'req_1', groupId: viewers.id, endsAt: clock.now() + 8 * HOUR }]);
    const done = await t.reviews.decide(item.id, { by: item.reviewers[0]!, outcome: 'revoke', comment: 'not needed' });
    expect(done.change).toMatchObject({ action: 'revoked', steps: [{ action: 'access.grant_revoked', target: 'req_1', ok: true }] });
    expect(t.grants.grants[0]).toMatchObject({ status: 'revoked', revokedBy: item.reviewers[0] });
    expect(await okta.memberIds(t, viewers.id)).not.toContain(user.id);
  });

  it('never changes a read-only group: the revoke is recorded as needing a change in Okta', async () => {
    const { t, clock } = env!;
    const aws = await okta.app(t, 'AWS');
    const developers = await okta.group(t, 'AWS Developers');
    const prodAdmins = await okta.group(t, 'AWS Production Admins');
    const fallback = await okta.outsider(t, developers.id, prodAdmins.id);
    const c = await t.reviews.create({ name: 'aws', scope: { kind: 'apps', appIds: [aws.id] }, reviewers: { kind: 'users', logins: [fallback] }, dueAt: clock.now() + DAY, revokeMode: 'on_decision' }, 'admin');
    await t.reviews.launch(c.id, 'admin');
    const items = await t.reviews.items(c.id);
    const onlyRule = items.find((i) => i.how.length === 1 && i.how[0]!.kind === 'group' && i.how[0]!.groupId === developers.id)!;
    expect(onlyRule.how[0]).toMatchObject({ readOnly: true, groupName: 'AWS Developers' });
    const decided = await t.reviews.decide(onlyRule.id, { by: fallback, outcome: 'revoke' });
    expect(decided.change).toMatchObject({ action: 'needs_okta_change', error: { code: 'DIRECTORY_READ_ONLY' }, steps: [{ ok: false, needsOktaChange: true, target: developers.id }] });
    expect(await okta.memberIds(t, developers.id)).toContain(onlyRule.userId);
    const row = parseCsv(await t.reviews.evidence(c.id, 'csv')).find((r) => r.item_id === onlyRule.id)!;
    expect(row).toMatchObject({ outcome: 'needs_okta_change', needs_okta_change: 'yes', okta_change: 'needs_okta_change' });
    expect(row.change_error).toMatch(/^DIRECTORY_READ_ONLY: .*Change the group rule/);

    // A user both in the rule group and the admin group: the admin membership goes, the rule one stays.
    const both = items.find((i) => i.how.some((p) => p.kind === 'group' && p.groupId === developers.id) && i.how.some((p) => p.kind === 'group' && p.groupId === prodAdmins.id));
    if (both) {
      const partial = await t.reviews.decide(both.id, { by: fallback, outcome: 'revoke' });
      expect(partial.change?.action).toBe('partially_revoked');
      expect(await okta.memberIds(t, prodAdmins.id)).not.toContain(both.userId);
      expect(await okta.memberIds(t, developers.id)).toContain(both.userId);
    }
  });

  it('reminds reviewers with open items after the interval, at most once per interval', async () => {
    const { t, clock } = env!;
    const editors = await okta.group(t, 'Figma Editors');
    const fallback = await okta.outsider(t, editors.id);
    const c = await t.reviews.create({ name: 'remind', scope: { kind: 'groups', groupIds: [editors.id] }, reviewers: { kind: 'manager' }, fallbackReviewer: fallback, dueAt: clock.now() + 3 * DAY, reminderEveryMs: DAY }, 'admin');
    await t.reviews.launch(c.id, 'admin');
    const items = await t.reviews.items(c.id);
    const reviewers = [...new Set(items.flatMap((i) => i.reviewers))];
    expect(t.notifications.map((n) => n.to[0]).sort()).toEqual(reviewers.sort());
    expect(reviewers.length).toBeGreaterThanOrEqual(2);
    t.notifications.length = 0;

    expect(await t.reviews.remind()).toEqual([]);
    // One reviewer finishes: they are not reminded.
    const done = reviewers[0]!;
    const theirs = items.filter((i) => i.reviewers.includes(done)).map((i) => i.id);
    const bulk = await t.reviews.decideMany(theirs, { by: done, outcome: 'keep', comment: 'ok' });
    expect(bulk).toMatchObject({ refused: [] });
    expect(bulk.decided).toHaveLength(theirs.length);
    clock.advance(DAY - 1);
    expect(await t.reviews.remind()).toEqual([]);
    clock.advance(1);
    const sent = await t.reviews.remind();
    const expected = reviewers.slice(1).map((r) => ({ campaignId: c.id, reviewer: r, open: items.filter((i) => i.reviewers.includes(r)).length }));
    expect(sent.sort((x, y) => x.reviewer.localeCompare(y.reviewer))).toEqual(expected.sort((x, y) => x.reviewer.localeCompare(y.reviewer)));
    expect(t.notifications.map((n) => n.to[0]).sort()).toEqual(reviewers.slice(1).sort());
    expect(t.notifications[0]!.subject).toMatch(/^Reminder: /);
    expect(await t.reviews.remind()).toEqual([]);
    clock.advance(3 * DAY);
    const overdue = await t.reviews.remind();
    expect(overdue).toHaveLength(reviewers.length - 1);
    expect(t.notifications.at(-1)!.subject).toMatch(/^Overdue: /);
  });

  it('reviews everything a department holds, and refuses invalid campaigns', async () => {
    const { t, clock } = env!;
    const design = await collect(t.okta.users.list({ search: 'profile.department eq "Design"' }));
    expect(design.length).toBeGreaterThan(0);
    const fallback = (await collect(t.okta.users.list({ filter: 'status eq "ACTIVE"' }))).find((u) => u.profile.department === 'IT')!.profile.login;
    const c = await t.reviews.create({ name: 'design dept', scope: { kind: 'department', department: 'design' }, reviewers: { kind: 'manager' }, fallbackReviewer: fallback, dueAt: clock.now() + DAY }, 'admin');
    await t.reviews.launch(c.id, 'admin');
    const items = await t.reviews.items(c.id);
    for (const u of design) {
      const groups = (await t.okta.users.groups(u.id)).filter((g) => g.type !== 'BUILT_IN').map((g) => g.id);
      expect(items.filter((i) => i.userId === u.id && i.resource.kind === 'group').map((i) => i.resource.id).sort()).toEqual(groups.sort());
      // Okta ends a deactivated user's app assignments; their group memberships stay.
      const apps = u.status === 'DEPROVISIONED' ? [] : (await t.directory.appsOf(u.id)).map((h) => h.appId);
      expect(items.filter((i) => i.userId === u.id && i.resource.kind === 'app').map((i) => i.resource.id).sort()).toEqual([...new Set(apps)].sort());
      if (u.status === 'ACTIVE') expect(apps.length).toBeGreaterThan(0);
    }
    expect(new Set(items.map((i) => i.userId))).toEqual(new Set(design.filter((u) => items.some((i) => i.userId === u.id)).map((u) => u.id)));
    expect(items.every((i) => design.some((u) => u.id === i.userId))).toBe(true);

    await expect(t.reviews.create({ name: 'late', scope: { kind: 'apps', appIds: ['0oa-nope'] }, reviewers: { kind: 'manager' }, dueAt: clock.now() + DAY }, 'admin')).rejects.toMatchObject({ code: 'REVIEW_INVALID' });
    await expect(t.reviews.create({ name: 'past', scope: { kind: 'department', department: 'Design' }, reviewers: { kind: 'manager' }, dueAt: clock.now() - 1 }, 'admin')).rejects.toMatchObject({ code: 'REVIEW_INVALID', issues: [{ path: 'dueAt' }] });
    await expect(t.reviews.create({ name: '', scope: { kind: 'groups', groupIds: [] }, reviewers: { kind: 'manager' }, dueAt: clock.now() + DAY }, 'admin')).rejects.toMatchObject({ code: 'REVIEW_INVALID' });
    expect((await refusal(t.reviews.launch(c.id, 'admin'))).reason).toBe('invalid_transition');
    await expect(t.reviews.get('rc_missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

describe.each(databases)('a campaign that revokes what reviewers rejected at close and exports its evidence ($name)', (db) => {
  let env: Env | undefined;
  afterEach(async () => {
    await closeEnv(env);
    env = undefined;
  });

  it('applies at_close revokes only when it closes, refuses later decisions, and exports JSON and CSV evidence', async () => {
    env = await open((clock) => db.open({ clock }));
    const { t, clock } = env;
    const tableau = await okta.app(t, 'Zendesk');
    const fpa = await okta.group(t, 'Customer Success');
    const reviewer = await okta.outsider(t, fpa.id);
    const c = await t.reviews.create(
      { name: 'Tableau Q1', description: 'quarterly', scope: { kind: 'apps', appIds: [tableau.id] }, reviewers: { kind: 'users', logins: [reviewer] }, dueAt: clock.now() + 7 * DAY, revokeMode: 'at_close' },
      'auditor-admin@acme.example',
    );
    await t.reviews.launch(c.id, 'auditor-admin@acme.example');
    const items = await t.reviews.items(c.id);
    const direct = items.find((i) => i.how.length === 1 && i.how[0]!.kind === 'direct')!;
    const viaGroup = items.find((i) => i.how.length === 1 && i.how[0]!.kind === 'group' && i.how[0]!.groupId === fpa.id)!;
    const keep = items.find((i) => i !== direct && i !== viaGroup)!;
    expect([direct, viaGroup, keep].every(Boolean)).toBe(true);

    clock.advance(2 * HOUR);
    const decidedAt = clock.now();
    await t.reviews.decide(direct.id, { by: reviewer, outcome: 'revoke', comment: 'no longer in sales ops' });
    await t.reviews.decide(viaGroup.id, { by: reviewer, outcome: 'revoke', comment: 'moved team' });
    await t.reviews.decide(keep.id, { by: reviewer, outcome: 'keep', comment: 'needs it' });
    // Nothing changed in Okta yet.
    expect((await okta.appUsers(t, tableau.id)).get(direct.userId)).toBe('USER');
    expect(await okta.memberIds(t, fpa.id)).toContain(viaGroup.userId);
    expect((await t.reviews.progress(c.id)).revocations).toEqual({ applied: 0, pending: 2, failed: 0, needsOktaChange: 0 });

    clock.advance(DAY);
    const closed = await t.reviews.close(c.id, 'auditor-admin@acme.example');
    expect(closed).toMatchObject({ revoked: 2, failed: 0, needsOktaChange: 0, undecided: items.length - 3, campaign: { status: 'closed', closedAt: clock.now() } });
    const after = await okta.appUsers(t, tableau.id);
    expect(after.has(direct.userId)).toBe(false);
    expect(await okta.memberIds(t, fpa.id)).not.toContain(viaGroup.userId);
    expect(after.has(keep.userId)).toBe(true);
    const undecided = items.find((i) => ![direct.id, viaGroup.id, keep.id].includes(i.id))!;
    expect((await refusal(t.reviews.decide(undecided.id, { by: reviewer, outcome: 'revoke' }))).reason).toBe('campaign_closed');
    // Closing again changes nothing more.
    expect(await t.reviews.close(c.id, 'auditor-admin@acme.example')).toMatchObject({ revoked: 2, failed: 0 });

    const evidence = JSON.parse(await t.reviews.evidence(c.id, 'json')) as {
      campaign: { id: string; name: string; status: string; closedAt: string; createdBy: string };
      items: { itemId: string; user: { login: string }; outcome: string; decision: { by: string; at: string; comment: string } | null; reviewers: string[]; change: { action: string; at: string; oktaRequestIds: string[]; steps: { action: string }[] } | null }[];
      audit: { chain: { ok: boolean }; entries: { action: string; hash: string }[] };
    };
    expect(evidence.campaign).toMatchObject({ id: c.id, name: 'Tableau Q1', status: 'closed', closedAt: new Date(clock.now()).toISOString(), createdBy: 'auditor-admin@acme.example' });
    expect(evidence.items).toHaveLength(items.length);
    const e1 = evidence.items.find((i) => i.itemId === direct.id)!;
    expect(e1).toMatchObject({ user: { login: direct.login }, outcome: 'revoked', reviewers: [reviewer], decision: { by: reviewer, at: new Date(decidedAt).toISOString(), comment: 'no longer in sales ops' } });
    expect(e1.change).toMatchObject({ action: 'revoked', at: new Date(clock.now()).toISOString(), steps: [{ action: 'okta.app.user_unassigned' }] });
    expect(e1.change!.oktaRequestIds.length).toBeGreaterThan(0);
    expect(evidence.items.find((i) => i.itemId === viaGroup.id)?.change?.steps[0]?.action).toBe('okta.group.member_removed');
    expect(evidence.items.find((i) => i.itemId === undecided.id)).toMatchObject({ outcome: 'open', decision: null, change: null });
    expect(evidence.audit.chain.ok).toBe(true);
    expect(evidence.audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['review.campaign_created', 'review.campaign_launched', 'review.item_decided', 'review.access_revoked', 'review.campaign_closed']));

    const rows = parseCsv(await t.reviews.evidence(c.id, 'csv'));
    expect(rows).toHaveLength(items.length);
    expect(rows.find((r) => r.item_id === direct.id)).toMatchObject({
      campaign_id: c.id,
      campaign_name: 'Tableau Q1',
      campaign_status: 'closed',
      user_login: direct.login,
      resource_name: 'Zendesk',
      how: 'direct',
      reviewers: reviewer,
      outcome: 'revoked',
      decision: 'revoke',
      decided_by: reviewer,
      decided_at: new Date(decidedAt).toISOString(),
      comment: 'no longer in sales ops',
      okta_change: 'revoked',
      okta_change_at: new Date(clock.now()).toISOString(),
      okta_request_ids: e1.change!.oktaRequestIds.join(' '),
    });
    expect(rows.find((r) => r.item_id === viaGroup.id)).toMatchObject({ how: 'group:Customer Success', outcome: 'revoked', okta_change: 'revoked' });
    expect(rows.find((r) => r.item_id === keep.id)).toMatchObject({ outcome: 'kept', okta_change: '' });
  });
});
