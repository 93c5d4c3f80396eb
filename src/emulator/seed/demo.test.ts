// The demo org seed: a realistic, deterministic company (people, org chart, statuses, groups, rules,
// apps and grants), built in memory through buildOrg as the emulator does.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../common/clock.ts';
import { appUserIds } from '../state/apps.ts';
import type { Org } from '../state/org.ts';
import type { GroupRecord, UserRecord, UserStatus } from '../state/types.ts';
import { buildOrg } from './index.ts';
import { createServiceAppKey, type ServiceAppKey } from './service-app.ts';

const NOW = Date.UTC(2026, 0, 1);
let key: ServiceAppKey;

beforeAll(async () => {
  key = await createServiceAppKey('demo-test-key');
});

function build(users: number, randomSeed = 1): { org: Org; serviceAppId: string } {
  return buildOrg(createFakeClock(NOW), key, { seed: 'demo', users, randomSeed, dpop: false });
}

const usersOf = (org: Org): UserRecord[] => org.userOrder.all().map((id) => org.users.get(id) as UserRecord);

function groupNamed(org: Org, name: string): GroupRecord {
  const group = [...org.groups.values()].find((g) => g.profile.name === name);
  if (!group) throw new Error(`no group ${name}`);
  return group;
}

const membersOf = (org: Org, name: string): Set<string> => new Set(org.members.get(groupNamed(org, name).id)?.keys() ?? []);

/** Everything but timestamps: ids, logins, profiles that matter, memberships, rules, apps and grants. */
function digest(org: Org): string {
  const h = createHash('sha256');
  for (const u of usersOf(org)) h.update(`${u.id}|${String(u.profile.login)}|${u.status}|${String(u.profile.managerId)}|${String(u.profile.title)}\n`);
  for (const id of org.groupOrder.all()) {
    const g = org.groups.get(id) as GroupRecord;
    h.update(`${g.id}|${g.type}|${g.profile.name}|${[...(org.members.get(id)?.keys() ?? [])].sort().join(',')}\n`);
  }
  for (const r of org.rules.values()) h.update(`${r.id}|${r.name}|${r.status}|${r.expression}|${r.groupIds.join(',')}|${r.excludeUserIds.join(',')}\n`);
  for (const id of org.appOrder.all()) {
    const a = org.apps.get(id);
    const groups = [...(org.appGroups.get(id)?.values() ?? [])].map((g) => `${g.groupId}:${g.priority}:${JSON.stringify(g.profile)}`);
    h.update(`${id}|${a?.name}|${a?.label}|${a?.status}|${groups.join(',')}|${[...(org.appUsers.get(id)?.keys() ?? [])].join(',')}\n`);
  }
  return h.digest('hex');
}

describe('demo seed, default size (200 people)', () => {
  let org: Org;
  let serviceAppId: string;
  let users: UserRecord[];
  beforeAll(() => {
    ({ org, serviceAppId } = build(200));
    users = usersOf(org);
  });

  it('has the requested number of people, with every status and some contractors', () => {
    expect(users).toHaveLength(200);
    const count = (s: UserStatus) => users.filter((u) => u.status === s).length;
    for (const s of ['STAGED', 'SUSPENDED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'DEPROVISIONED'] as const) expect(count(s), s).toBeGreaterThan(0);
    expect(count('ACTIVE')).toBeGreaterThan(170);
    const contractors = users.filter((u) => u.profile.userType === 'Contractor').length;
    expect(contractors).toBe(16);
    expect(users.every((u) => u.profile.userType === 'Contractor' || u.profile.userType === 'Employee')).toBe(true);
  });

  it('gives people realistic profiles with ASCII logins on acme.example', () => {
    for (const u of users) {
      const p = u.profile;
      expect(p.login).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+[0-9]*@acme\.example$/);
      expect(p.email).toBe(p.login);
      expect(p.displayName).toBe(`${String(p.firstName)} ${String(p.lastName)}`);
      expect(p.organization).toBe('Acme Corp');
      for (const field of ['title', 'department', 'division', 'team', 'costCenter', 'employeeNumber', 'city', 'countryCode', 'timezone', 'mobilePhone']) {
        expect(typeof p[field], `${field} of ${String(p.login)}`).toBe('string');
      }
    }
    expect(new Set(users.map((u) => u.profile.employeeNumber)).size).toBe(200);
    expect(new Set(users.map((u) => u.profile.department)).size).toBeGreaterThanOrEqual(8);
  });

  it('keeps timestamps consistent with each status', () => {
    let previous = -Infinity;
    for (const u of users) {
      expect(u.created).toBeGreaterThan(previous); // created ascends with the id
      previous = u.created;
      expect(u.created).toBeGreaterThanOrEqual(NOW - 4 * 365 * 86_400_000);
      expect(u.lastUpdated).toBeLessThanOrEqual(NOW);
      if (u.status === 'STAGED' || u.status === 'PROVISIONED') {
        expect(u.activated).toBeNull();
        expect(u.lastLogin).toBeNull();
        expect(u.hasPassword).toBe(false);
      } else {
        expect(u.activated).not.toBeNull();
        expect(u.lastLogin).toBeGreaterThanOrEqual(u.activated as number);
        expect(u.lastLogin).toBeLessThanOrEqual(NOW);
        expect(u.hasPassword).toBe(true);
      }
    }
  });

  it('has one CEO and a manager chain from everyone else to the CEO', () => {
    const ceos = users.filter((u) => u.profile.managerId === null);
    expect(ceos.map((u) => u.profile.title)).toEqual(['Chief Executive Officer']);
    const ceo = ceos[0] as UserRecord;
    for (const u of users) {
      if (u === ceo) continue;
      const boss = org.users.get(String(u.profile.managerId));
      expect(boss, `manager of ${String(u.profile.login)}`).toBeDefined();
      expect(boss?.status).toBe('ACTIVE');
      expect(u.profile.manager).toBe(boss?.profile.displayName);
      let hops = 0;
      for (let at: UserRecord | undefined = u; at && at !== ceo; at = org.users.get(String(at.profile.managerId))) hops++;
      expect(hops).toBeLessThan(8);
    }
  });

  it('puts everyone in Everyone, their department group and their team group (heads: Leadership Team)', () => {
    expect(membersOf(org, 'Everyone').size).toBe(200);
    const leadership = membersOf(org, 'Leadership Team');
    for (const u of users) {
      const dept = String(u.profile.department);
      expect(membersOf(org, dept).has(u.id), `${String(u.profile.login)} in ${dept}`).toBe(true);
      if (u.profile.team === 'Leadership') expect(leadership.has(u.id)).toBe(true);
      else expect(membersOf(org, `${dept} - ${String(u.profile.team)}`).has(u.id)).toBe(true);
    }
    const drafts = new Set([...org.rules.values()].filter((r) => r.status === 'INACTIVE').flatMap((r) => r.groupIds));
    for (const name of ['Leadership Team', 'Managers', 'Contractors', 'R&D - All', 'On-call', 'Admins - IT', 'GitHub Admins', 'AWS Production Admins', 'AWS Developers', 'Figma Editors', 'Figma Viewers', 'Salesforce Users']) {
      expect(membersOf(org, name).size, name).toBeGreaterThan(0);
      expect(drafts.has(groupNamed(org, name).id)).toBe(false);
    }
    for (const g of org.groups.values()) {
      if (g.type === 'OKTA_GROUP') expect(g.profile.description, g.profile.name).toEqual(expect.any(String));
      expect(g.created).toBeLessThanOrEqual(g.lastMembershipUpdated);
    }
  });

  it('has group rules, applied to the people who exist (skipping DEPROVISIONED ones)', () => {
    const rules = [...org.rules.values()];
    expect(rules.length).toBeGreaterThanOrEqual(3);
    expect(rules.filter((r) => r.status === 'INACTIVE')).toHaveLength(1);
    const live = users.filter((u) => u.status !== 'DEPROVISIONED');
    const contractors = membersOf(org, 'Contractors');
    expect(contractors).toEqual(new Set(live.filter((u) => u.profile.userType === 'Contractor').map((u) => u.id)));
    const rnd = membersOf(org, 'R&D - All');
    expect(rnd).toEqual(new Set(live.filter((u) => u.profile.division === 'Research & Development').map((u) => u.id)));
    const managers = membersOf(org, 'Managers');
    const bosses = new Set(users.map((u) => u.profile.managerId));
    for (const u of live) if (bosses.has(u.id)) expect(managers.has(u.id), String(u.profile.title)).toBe(true);
    expect(users.filter((u) => managers.has(u.id)).every((u) => !/^(Product|Customer Success) Manager$/.test(String(u.profile.title)))).toBe(true);
    const members = org.members.get(groupNamed(org, 'Contractors').id);
    const ruleId = rules.find((r) => r.name === 'Contractors')?.id as string;
    for (const sources of members?.values() ?? []) expect(sources.has(ruleId)).toBe(true);
  });

  it('has an APP_GROUP imported from Google Workspace, with members', () => {
    const google = [...org.apps.values()].find((a) => a.name === 'google');
    const imported = [...org.groups.values()].filter((g) => g.type === 'APP_GROUP');
    expect(imported.length).toBeGreaterThanOrEqual(1);
    for (const g of imported) {
      expect(g.sourceAppId).toBe(google?.id);
      expect(org.members.get(g.id)?.size).toBeGreaterThan(0);
    }
  });

  it('has well-known apps, each ACTIVE one reaching people through groups or direct assignments', () => {
    const apps = [...org.apps.values()].filter((a) => a.id !== serviceAppId);
    expect(apps.length).toBeGreaterThanOrEqual(15);
    expect(new Set(apps.map((a) => a.signOnMode))).toEqual(new Set(['SAML_2_0', 'OPENID_CONNECT', 'BOOKMARK']));
    expect(apps.filter((a) => a.status === 'INACTIVE')).toHaveLength(1);
    for (const app of apps) {
      expect(app.body).toMatchObject({ features: [], visibility: { appLinks: { [`${app.name}_link`]: true } }, accessibility: { selfService: false } });
      expect(app.oauthClient === null).toBe(app.signOnMode !== 'OPENID_CONNECT');
      expect(org.appGroups.get(app.id)?.size, app.label).toBeGreaterThan(0);
      if (app.status === 'ACTIVE') expect(appUserIds(org, app).length, app.label).toBeGreaterThan(0);
    }
    const everyone = org.everyoneGroupId as string;
    const slack = apps.find((a) => a.name === 'slack');
    expect(org.appGroups.get(slack?.id ?? '')?.has(everyone)).toBe(true);
    const figma = apps.find((a) => a.name === 'figma');
    const figmaGrants = [...(org.appGroups.get(figma?.id ?? '')?.values() ?? [])].map((g) => [org.groups.get(g.groupId)?.profile.name, g.priority, g.profile.role]);
    expect(figmaGrants).toEqual([
      ['Figma Editors', 0, 'Editor'],
      ['Figma Viewers', 1, 'Viewer'],
    ]);
    const direct = apps.flatMap((a) => [...(org.appUsers.get(a.id)?.keys() ?? [])]);
    expect(direct.length).toBe(20);
    for (const id of direct) expect(org.users.get(id)?.status).toBe('ACTIVE');
  });
});

describe('demo seed, other sizes and determinism', () => {
  it('builds the same org from the same inputs, and another from another seed', () => {
    const a = digest(build(500).org);
    expect(digest(build(500).org)).toBe(a);
    expect(digest(build(500, 2).org)).not.toBe(a);
  });

  it('copes with tiny orgs', () => {
    const empty = build(0).org;
    expect(empty.users.size).toBe(0);
    expect(empty.groups.size).toBeGreaterThan(40);
    const five = build(5).org;
    expect(five.users.size).toBe(5);
    expect(usersOf(five).filter((u) => u.profile.managerId === null)).toHaveLength(1);
    expect(usersOf(five).every((u) => u.status === 'ACTIVE')).toBe(true);
  });

  it('builds 20,000 people with exact shares, a sane org chart and unique suffixed logins', () => {
    const org = build(20_000).org;
    const users = usersOf(org);
    expect(users).toHaveLength(20_000);
    const count = (s: UserStatus) => users.filter((u) => u.status === s).length;
    expect([count('STAGED'), count('SUSPENDED'), count('LOCKED_OUT'), count('PASSWORD_EXPIRED'), count('PROVISIONED'), count('DEPROVISIONED')]).toEqual([600, 400, 200, 200, 200, 600]);
    expect(users.filter((u) => u.profile.userType === 'Contractor')).toHaveLength(1_600);
    const reports = new Map<unknown, number>();
    for (const u of users) reports.set(u.profile.managerId, (reports.get(u.profile.managerId) ?? 0) + 1);
    reports.delete(null);
    const spans = [...reports.values()].sort((x, y) => x - y);
    expect(spans[spans.length - 1]).toBeLessThanOrEqual(15);
    expect(spans[Math.floor(spans.length / 2)]).toBeGreaterThanOrEqual(6);
    const logins = users.map((u) => String(u.profile.login));
    expect(new Set(logins).size).toBe(logins.length);
    expect(logins.some((l) => /\d@/.test(l))).toBe(true);
    expect(users.some((u) => /[^\x20-\x7e]/.test(String(u.profile.displayName)))).toBe(true);
    expect(logins.every((l) => /^[\x21-\x7e]+$/.test(l))).toBe(true);
  });
});
