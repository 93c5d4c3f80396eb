import { createRandom, seedFromString, type Random } from '../../common/random.ts';
import { assignGroupToApp, assignUserToApp, createApp } from '../state/apps.ts';
import { activateRule, addSystemMembership, createGroup, createRule } from '../state/groups.ts';
import type { Org } from '../state/org.ts';
import type { AppRecord, GroupRecord, UserRecord, UserStatus } from '../state/types.ts';
import { createUser } from '../state/users.ts';
import {
  apps,
  company,
  crossGroups,
  departments,
  executive,
  firstNames,
  googleGroups,
  lastNames,
  levelWeights,
  offices,
  type AppSpec,
  type DepartmentSpec,
  type Office,
  type TeamSpec,
} from './demo-data.ts';
import { seedEmpty } from './empty.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
/** The company is four years old: the CEO's account is the first one. */
const HISTORY = 4 * YEAR;

/** Non-ACTIVE statuses as shares of the whole org; they go to individual contributors only, so every manager is ACTIVE. */
const statusShares: readonly (readonly [UserStatus, number])[] = [
  ['STAGED', 0.03],
  ['SUSPENDED', 0.02],
  ['LOCKED_OUT', 0.01],
  ['PASSWORD_EXPIRED', 0.01],
  ['PROVISIONED', 0.01],
  ['DEPROVISIONED', 0.03],
];
const CONTRACTOR_SHARE = 0.08;
/** From this size on, every status appears at least once (smaller orgs get the rounded shares). */
const ALL_STATUSES_FROM = 100;

/** Where a person sits: department, team (null for a head of department) and their groups. */
interface Unit {
  dept: DepartmentSpec;
  team: TeamSpec | null;
  teamName: string;
  costCenter: string;
  deptGroup: GroupRecord;
  teamGroup: GroupRecord | null;
}

interface Person {
  unit: Unit;
  /** Index of the manager in the plan; -1 for the CEO. */
  manager: number;
  title: string;
  ic: boolean;
  office: Office;
  first: number;
  last: number;
  contractor: boolean;
  status: UserStatus;
  created: number;
}

const at = <T>(items: readonly T[], i: number): T => items[i] as T;

/** Indexes of the people that pass `test` (a loop: `flatMap` would allocate an array per person). */
function indexesWhere(people: readonly Person[], test: (p: Person) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < people.length; i++) if (test(people[i] as Person)) out.push(i);
  return out;
}

/** What the later steps of the seed share: the plan, the users made from it, and group look-ups. */
interface Demo {
  org: Org;
  random: Random;
  people: Person[];
  /** `users[i]` is the user made from `people[i]`. */
  users: UserRecord[];
  start: number;
  now: number;
  group(name: string): GroupRecord;
  /** Plan indexes of the people in a department or team group. */
  members(name: string): readonly number[];
  /** The ACTIVE ones among them. */
  active(name: string): number[];
}

/**
 * The demo company, "Acme Corp": `users` people in ten departments under a CEO, with teams,
 * managers (span about 6–10), offices, contractors, every user status, department/team groups,
 * cross-cutting groups (some filled by group rules), two groups imported from Google Workspace, and
 * two dozen well-known apps granted through groups plus a few direct assignments. Deterministic:
 * ids come from `org.ids` and the data from a PRNG seeded from it, so the same seed and size give
 * the same org (timestamps follow the org clock). Linear in `users`: 100,000 people take about two
 * seconds, most of it in `createUser` and rule activation.
 */
export function seedDemo(org: Org, options: { users: number }): void {
  seedEmpty(org);
  const n = Math.max(0, Math.floor(options.users));
  const random = createRandom(seedFromString(org.ids.token(16)));
  const now = org.now();
  const start = now - HISTORY;

  const groups = new Map<string, GroupRecord>();
  const everyone = org.everyoneGroupId === null ? undefined : org.groups.get(org.everyoneGroupId);
  if (everyone) groups.set(everyone.profile.name, backdate(everyone, start));
  const newGroup = (name: string, description: string, created: number): GroupRecord => {
    const group = backdate(createGroup(org, { name, description, type: 'OKTA_GROUP' }, null), created);
    groups.set(name, group);
    return group;
  };
  const chart = createOrgChartGroups(newGroup, start);
  crossGroups.forEach((g, i) => newGroup(g.name, g.description, start + YEAR + i * 20 * DAY));

  const people = planPeople(n, random, chart, start, now);
  const users = createPeople(org, people, random, start, now);
  if (everyone) everyone.lastMembershipUpdated = users.reduce((max, u) => Math.max(max, u.created), everyone.created);
  const byGroup = membersByOrgGroup(people);
  const demo: Demo = {
    org,
    random,
    people,
    users,
    start,
    now,
    group(name) {
      const g = groups.get(name);
      if (!g) throw new Error(`demo seed: no group named ${name}`);
      return g;
    },
    members: (name) => byGroup.get(name) ?? [],
    active: (name) => (byGroup.get(name) ?? []).filter((i) => at(people, i).status === 'ACTIVE'),
  };
  addHandMadeMemberships(demo);
  const rules = createRules(demo, start + YEAR + crossGroups.length * 20 * DAY);
  createAppsAndGrants(demo);
  // createPeople dated the org-chart groups' last membership change; the other groups are dated here.
  const skip = new Set<string>([...(everyone ? [everyone.id] : []), ...chart.groupIds]);
  settleMembershipTimes(org, skip, rules);
}

/** Memberships that no rule or org chart gives: leadership, admins, seats, the on-call rotation. */
function addHandMadeMemberships(demo: Demo): void {
  const { org, random, people, users } = demo;
  const addAll = (groupName: string, indexes: readonly number[]): void => {
    const g = demo.group(groupName);
    for (const i of indexes) addSystemMembership(org, g, at(users, i), null);
  };
  const leaders = indexesWhere(people, (p) => p.manager <= 0 && !p.ic);
  const headOf = (dept: string): number[] => leaders.filter((i) => at(people, i).unit.dept.name === dept);
  const leadOf = (team: string): number[] => demo.members(team).filter((i) => !at(people, i).ic && at(people, at(people, i).manager).unit.team === null);
  addAll('Leadership Team', leaders);
  const iam = demo.active('IT - Identity & Access');
  addAll('Admins - IT', [...headOf('IT'), ...leadOf('IT - Corporate Systems'), ...(iam.length >= 3 ? sample(random, iam, 6) : sample(random, demo.active('IT'), 2))]);
  addAll('GitHub Admins', [...headOf('Engineering'), ...leadOf('Engineering - Platform'), ...leadOf('Engineering - Security'), ...sample(random, demo.active('Engineering - Platform'), 3)]);
  const platformAndSecurity = [...demo.active('Engineering - Platform'), ...demo.active('Engineering - Security')];
  addAll('AWS Production Admins', [...leadOf('Engineering - Platform'), ...sample(random, platformAndSecurity, Math.min(30, 2 + Math.floor(platformAndSecurity.length / 50)))]);
  addAll('Figma Editors', demo.members('Design'));
  addAll('Figma Viewers', [...demo.members('Product'), ...demo.members('Engineering - Frontend'), ...demo.members('Engineering - Mobile')]);
  // Small orgs staff only the biggest teams; then a few people from those departments hold the seats.
  const salesforce = [...demo.members('Marketing - Marketing Operations'), ...demo.members('Finance - FP&A')];
  addAll('Salesforce Users', salesforce.length > 0 ? salesforce : sample(random, [...demo.active('Marketing'), ...demo.active('Finance')], 3));
  const onCallPool = [...demo.active('Engineering - Platform'), ...demo.active('Engineering - Backend'), ...demo.active('Engineering - Security')];
  addAll('On-call', onCallPool.filter((i) => !at(people, i).contractor && random.next() < 0.25));
}

/**
 * Four active rules and one draft. They are created after the users, so activating them fills their
 * groups (skipping DEPROVISIONED people, as Okta does). Returns the rules' target group ids and dates.
 */
function createRules(demo: Demo, firstCreated: number): Map<string, number> {
  const { org, random, users } = demo;
  const onLeave = sample(random, demo.active('Engineering - Backend'), 1).map((i) => at(users, i).id);
  const awsTeams = ['Platform', 'Backend', 'Data'].map((t) => `"${demo.group(`Engineering - ${t}`).id}"`).join(', ');
  const specs: { name: string; expression: string; group: string; exclude?: string[]; active: boolean }[] = [
    { name: 'Contractors', expression: 'user.userType == "Contractor"', group: 'Contractors', active: true },
    {
      name: 'People managers',
      // "Manager," (with the comma) keeps IC titles such as "Product Manager" out.
      expression: 'String.stringContains(user.title, "Manager,") || String.stringContains(user.title, "Director,") || String.startsWith(user.title, "VP,") || String.startsWith(user.title, "Chief ")',
      group: 'Managers',
      active: true,
    },
    { name: 'R&D - All', expression: 'user.division == "Research & Development"', group: 'R&D - All', active: true },
    { name: 'AWS developer access', expression: `isMemberOfAnyGroup(${awsTeams}) && user.userType == "Employee"`, group: 'AWS Developers', exclude: onLeave, active: true },
    { name: 'London office', expression: 'user.city == "London"', group: 'Office - London', active: false },
  ];
  const dates = new Map<string, number>();
  specs.forEach((spec, i) => {
    const groupId = demo.group(spec.group).id;
    const rule = createRule(org, { name: spec.name, expression: spec.expression, groupIds: [groupId], excludeUserIds: spec.exclude ?? [] }, null);
    rule.created = rule.lastUpdated = firstCreated + i * 30 * DAY;
    if (!spec.active) return;
    activateRule(org, rule, null);
    dates.set(groupId, rule.created);
  });
  return dates;
}

/** The apps in adoption order, the groups Google Workspace brought in, group grants and direct assignments. */
function createAppsAndGrants(demo: Demo): void {
  const { org, random, people, users, start, now } = demo;
  const gap = (HISTORY - 90 * DAY) / apps.length;
  const created = apps.map((spec, i) => {
    const app = createApp(org, { name: spec.name, label: spec.label, signOnMode: spec.signOnMode, status: spec.status ?? 'ACTIVE', body: appBody(spec), oauthClient: oauthClient(spec) }, null);
    app.created = app.lastUpdated = Math.floor(start + 7 * DAY + i * gap);
    return app;
  });
  const google = at(created, apps.findIndex((a) => a.name === 'google'));
  for (const g of googleGroups) {
    const imported = backdate(createGroup(org, { name: g.name, description: g.description, type: 'APP_GROUP', sourceAppId: google.id }, null), google.created + DAY);
    const pool = g.name.startsWith('Engineering') ? demo.active('Engineering') : indexesWhere(people, (p) => p.status === 'ACTIVE');
    for (const i of sample(random, pool, g.size)) addSystemMembership(org, imported, at(users, i), null);
  }
  apps.forEach((spec, i) => {
    const app = at(created, i);
    for (const grant of spec.groups) {
      const group = demo.group(grant.group);
      const input = { ...(grant.priority === undefined ? {} : { priority: grant.priority }), ...(grant.profile ? { profile: grant.profile } : {}) };
      assignGroupToApp(org, app, group.id, input, null).lastUpdated = Math.max(app.created, group.created) + HOUR;
    }
    const direct = spec.direct;
    if (!direct) return;
    for (const p of sample(random, direct.from.flatMap((name) => demo.active(name)), direct.count)) {
      const user = at(users, p);
      const record = assignUserToApp(org, app, user, direct.profile ? { profile: { ...direct.profile } } : {}, null);
      record.created = record.lastUpdated = record.statusChanged = Math.min(now, Math.max(app.created, user.created) + Math.floor(random.next() * 30 * DAY));
    }
  });
}

/** Dates each group's last membership change: its newest member's arrival, its rule's activation, or its creation. */
function settleMembershipTimes(org: Org, skip: ReadonlySet<string>, ruleDates: ReadonlyMap<string, number>): void {
  for (const [groupId, members] of org.members) {
    const g = org.groups.get(groupId);
    if (!g || skip.has(groupId)) continue;
    let last = members.size > 0 ? Math.max(g.created, ruleDates.get(groupId) ?? 0) : g.created;
    for (const userId of members.keys()) last = Math.max(last, org.users.get(userId)?.created ?? last);
    g.lastMembershipUpdated = last;
  }
}

function backdate(group: GroupRecord, created: number): GroupRecord {
  group.created = group.lastUpdated = group.lastMembershipUpdated = Math.floor(created);
  return group;
}

/** The org chart's units (and their groups, one per department and per team, in chart order). */
interface Chart {
  /** The CEO's unit: Executive - Office of the CEO. */
  exec: Unit;
  /** Per department: the head's unit (no team), then its teams. */
  heads: Unit[];
  teams: Unit[][];
  groupIds: string[];
}

function createOrgChartGroups(newGroup: (name: string, description: string, created: number) => GroupRecord, start: number): Chart {
  let t = start;
  const groupIds: string[] = [];
  const unitsOf = (dept: DepartmentSpec) => {
    t += 3 * DAY;
    const deptGroup = newGroup(dept.name, `Everyone in the ${dept.name} department (${dept.division})`, t);
    groupIds.push(deptGroup.id);
    const head: Unit = { dept, team: null, teamName: 'Leadership', costCenter: `CC-${dept.code}`, deptGroup, teamGroup: null };
    const teams = dept.teams.map((team, i): Unit => {
      const teamGroup = newGroup(`${dept.name} - ${team.name}`, `The ${team.name} team in ${dept.name}`, t + (i + 1) * HOUR);
      groupIds.push(teamGroup.id);
      return { dept, team, teamName: team.name, costCenter: `CC-${dept.code + 10 * (i + 1)}`, deptGroup, teamGroup };
    });
    return { head, teams };
  };
  const exec = unitsOf(executive);
  const rest = departments.map(unitsOf);
  return { exec: at(exec.teams, 0), heads: rest.map((r) => r.head), teams: rest.map((r) => r.teams), groupIds };
}

/** Splits `total` in proportion to `weights` (largest remainder; ties to the earlier entry). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((_, i) => i).sort((a, b) => at(exact, b) - at(counts, b) - (at(exact, a) - at(counts, a)) || a - b);
  for (let k = 0; left > 0; k++, left--) counts[at(order, k % order.length)] = at(counts, at(order, k % order.length)) + 1;
  return counts;
}

function pickWeighted<T extends { weight: number }>(random: Random, items: readonly T[], total: number): T {
  let r = random.next() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return at(items, items.length - 1);
}

function pickLevel(random: Random, titles: readonly string[]): string {
  const weights = levelWeights[titles.length] ?? titles.map(() => 1);
  let total = 0;
  for (const w of weights) total += w;
  let r = random.next() * total;
  for (let i = 0; i < titles.length; i++) {
    r -= at(weights, i);
    if (r < 0) return at(titles, i);
  }
  return at(titles, titles.length - 1);
}

/** `k` distinct entries of `items`, in a seeded order (all of them when there are fewer). */
function sample(random: Random, items: readonly number[], k: number): number[] {
  const pool = [...items];
  const count = Math.min(k, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + random.int(pool.length - i);
    const tmp = at(pool, i);
    pool[i] = at(pool, j);
    pool[j] = tmp;
  }
  return pool.slice(0, count);
}

function managerTitle(fn: string, size: number): string {
  const rank = size > 150 ? 'Senior Director' : size > 50 ? 'Director' : size > 20 ? 'Senior Manager' : 'Manager';
  return `${rank}, ${fn}`;
}

/**
 * Lays out the org chart: the CEO (index 0) and executive assistants, one head per department
 * that gets people, one lead per team, and under each lead a tree where every manager has about
 * 6–10 direct reports. Then names, offices, contractors, statuses and hire dates are drawn.
 */
function planPeople(n: number, random: Random, chart: Chart, start: number, now: number): Person[] {
  const people: Person[] = [];
  if (n === 0) return people;
  const officeTotal = offices.reduce((a, o) => a + o.weight, 0);
  const add = (unit: Unit, manager: number, title: string, ic: boolean): number => {
    const boss = people[manager];
    // Teams sit mostly with their manager; the rest are spread over the offices.
    const office = !boss ? at(offices, 0) : ic && random.next() < 0.6 ? boss.office : pickWeighted(random, offices, officeTotal);
    people.push({ unit, manager, title, ic, office, first: random.int(firstNames.length), last: random.int(lastNames.length), contractor: false, status: 'ACTIVE', created: 0 });
    return people.length - 1;
  };
  const arrange = (lead: number, below: number, unit: Unit, team: TeamSpec): void => {
    if (below <= 10) {
      for (let i = 0; i < below; i++) add(unit, lead, pickLevel(random, team.titles), true);
      return;
    }
    const managers = Math.min(8, Math.max(1, Math.round(below / 9)));
    const direct = Math.max(0, Math.min(10 - managers, below - 7 * managers));
    for (let i = 0; i < direct; i++) add(unit, lead, pickLevel(random, team.titles), true);
    const share = below - direct;
    for (let i = 0; i < managers; i++) {
      // An even split: the first (share % managers) subtrees get one person more.
      const size = Math.floor(share / managers) + (i < share % managers ? 1 : 0);
      arrange(add(unit, lead, managerTitle(team.fn, size), false), size - 1, unit, team);
    }
  };

  const ceo = add(chart.exec, -1, executive.headTitle, false);
  const assistants = n >= 100 ? Math.min(4, 1 + Math.floor(n / 5000)) : 0;
  for (let i = 0; i < assistants; i++) add(chart.exec, ceo, pickLevel(random, at(executive.teams, 0).titles), true);
  const deptCounts = apportion(Math.max(0, n - 1 - assistants), departments.map((d) => d.weight));
  departments.forEach((dept, d) => {
    const count = at(deptCounts, d);
    if (count === 0) return;
    const head = add(at(chart.heads, d), ceo, dept.headTitle, false);
    // Only as many teams as can have about seven people are staffed (the biggest first); when a
    // single team is staffed, the head leads it directly.
    const staffed = Math.min(dept.teams.length, Math.max(1, Math.floor((count - 1) / 7)));
    const biggest = dept.teams.map((_, t) => t).sort((a, b) => at(dept.teams, b).weight - at(dept.teams, a).weight || a - b).slice(0, staffed);
    const teamCounts = apportion(count - 1, dept.teams.map((t, i) => (biggest.includes(i) ? t.weight : 0)));
    dept.teams.forEach((team, t) => {
      const size = at(teamCounts, t);
      if (size === 0) return;
      const unit = at(at(chart.teams, d), t);
      if (staffed === 1) arrange(head, size, unit, team);
      else arrange(add(unit, head, managerTitle(team.fn, size), false), size - 1, unit, team);
    });
  });

  // Statuses and contractors are exact shares of the individual contributors, drawn without replacement.
  const ics = indexesWhere(people, (p) => p.ic);
  const shuffled = sample(random, ics, ics.length);
  let next = 0;
  for (const [status, share] of statusShares) {
    const quota = Math.min(shuffled.length - next, Math.max(n >= ALL_STATUSES_FROM ? 1 : 0, Math.round(share * n)));
    for (let k = 0; k < quota; k++) at(people, at(shuffled, next + k)).status = status;
    next += quota;
  }
  for (const i of sample(random, ics, Math.round(CONTRACTOR_SHARE * n))) at(people, i).contractor = true;
  for (const p of people) p.created = hireDate(p, random, start, now);
  at(people, ceo).created = start;
  return people;
}

/** When the account was created: the company grows, so later dates are likelier; new hires are recent. */
function hireDate(p: Person, random: Random, start: number, now: number): number {
  const u = random.next();
  if (p.status === 'STAGED') return Math.floor(now - (1 + u * 20) * DAY);
  if (p.status === 'PROVISIONED') return Math.floor(now - (2 + u * 12) * DAY);
  if (p.manager <= 0) return Math.floor(start + u * (p.ic ? 2 : 1.5) * YEAR);
  const from = start + 7 * DAY;
  const to = now - (p.ic && p.status !== 'DEPROVISIONED' ? 30 : 120) * DAY;
  return Math.floor(from + (to - from) * Math.sqrt(u));
}

const foldMap: Readonly<Record<string, string>> = { ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', ı: 'i', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe' };

/** The ASCII login part of a name: "José" → "jose", "O'Brien" → "obrien", "Søren" → "soren". */
function loginPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øØłŁıđĐßæÆœŒ]/g, (c) => foldMap[c] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/**
 * Creates the users in hire order (so ids and `created` ascend together and the earlier hire keeps
 * the plain login), then points each person at their manager.
 */
function createPeople(org: Org, people: Person[], random: Random, start: number, now: number): UserRecord[] {
  const first = loginParts(firstNames);
  const last = loginParts(lastNames);
  // How many people already hold each first.last login (by folded name), so the next one gets a suffix.
  const taken = new Uint32Array(firstNames.length * lastNames.length);
  const users = new Array<UserRecord>(people.length);
  hireOrder(people, start).forEach((i, k) => {
    const p = at(people, i);
    const slot = at(first.canonical, p.first) * lastNames.length + at(last.canonical, p.last);
    const count = (taken[slot] ?? 0) + 1;
    taken[slot] = count;
    const login = `${at(first.parts, p.first)}.${at(last.parts, p.last)}${count === 1 ? '' : count}@${company.domain}`;
    const firstName = at(firstNames, p.first);
    const lastName = at(lastNames, p.last);
    const o = p.office;
    const profile = {
      login,
      email: login,
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      title: p.title,
      userType: p.contractor ? 'Contractor' : 'Employee',
      employeeNumber: String(100001 + k),
      costCenter: p.unit.costCenter,
      organization: company.name,
      division: p.unit.dept.division,
      department: p.unit.dept.name,
      // `team` is a custom attribute (Okta's base profile stops at department/division).
      team: p.unit.teamName,
      managerId: null as string | null,
      manager: null as string | null,
      mobilePhone: o.phonePrefix + String(random.int(10 ** o.phoneDigits)).padStart(o.phoneDigits, '0'),
      streetAddress: o.streetAddress,
      city: o.city,
      state: o.state,
      zipCode: o.zipCode,
      countryCode: o.countryCode,
      preferredLanguage: 'en',
      locale: o.locale,
      timezone: o.timezone,
    };
    const pending = p.status === 'STAGED' || p.status === 'PROVISIONED';
    const groupIds = p.unit.teamGroup ? [p.unit.deptGroup.id, p.unit.teamGroup.id] : [p.unit.deptGroup.id];
    const user = createUser(org, { profile, status: pending ? 'STAGED' : 'ACTIVE', hasPassword: !pending, groupIds, created: p.created }, null);
    settle(user, p.status, random, now);
    // Hire order is `created` order, so each arrival is its groups' latest membership change.
    p.unit.deptGroup.lastMembershipUpdated = user.created;
    if (p.unit.teamGroup) p.unit.teamGroup.lastMembershipUpdated = user.created;
    users[i] = user;
  });
  // managerId holds the manager's Okta user id (00u…), not an employee number or login: it is
  // what `GET /api/v1/users/{managerId}` and group-rule expressions can use directly, and it is
  // how HR-driven imports commonly fill it. `manager` holds the display name, as Workday sends it.
  people.forEach((p, i) => {
    const boss = users[p.manager];
    if (!boss) return;
    const profile = at(users, i).profile;
    profile.managerId = boss.id;
    profile.manager = boss.profile.displayName;
  });
  return users;
}

/** Each name's login part, and the index of the first name with the same part ("Andre" and "André" share a counter). */
function loginParts(names: readonly string[]): { parts: string[]; canonical: number[] } {
  const parts = names.map(loginPart);
  const firstIndex = new Map<string, number>();
  const canonical = parts.map((part, i) => {
    const seen = firstIndex.get(part);
    if (seen !== undefined) return seen;
    firstIndex.set(part, i);
    return i;
  });
  return { parts, canonical };
}

/**
 * Plan indexes in hire order (ties by plan index), nudging `created` so it strictly ascends: users are
 * created in this order, so ids and `created` sort alike. Sorting packed numbers (whole seconds since
 * `start`, then the index) is several times faster than a comparator sort of 100,000 entries.
 */
function hireOrder(people: Person[], start: number): number[] {
  // Room for every index; whole seconds over four years (< 2^27) times this stays below 2^53 up to 2^26 people.
  const SLOTS = 2 ** Math.ceil(Math.log2(people.length + 1));
  const keys = new Float64Array(people.length);
  for (let i = 0; i < people.length; i++) keys[i] = Math.max(0, Math.floor(((people[i] as Person).created - start) / 1000)) * SLOTS + i;
  keys.sort();
  const order = new Array<number>(people.length);
  let previous = -Infinity;
  for (let k = 0; k < keys.length; k++) {
    const i = (keys[k] as number) % SLOTS;
    const p = people[i] as Person;
    if (p.created <= previous) p.created = previous + 1;
    previous = p.created;
    order[k] = i;
  }
  return order;
}

/** Gives a freshly created user the timestamps of their status's story (activation, sign-ins, the change itself). */
function settle(user: UserRecord, status: UserStatus, random: Random, now: number): void {
  const created = user.created;
  if (status === 'STAGED') return;
  if (status === 'PROVISIONED') {
    user.status = 'PROVISIONED';
    user.statusChanged = user.lastUpdated = Math.floor(created + random.next() * DAY);
    return;
  }
  const activated = Math.floor(created + random.next() * 2 * HOUR);
  let changed = activated;
  let lastLogin: number;
  switch (status) {
    case 'SUSPENDED':
      changed = Math.min(now, Math.max(activated + DAY, Math.floor(now - (1 + random.next() * 89) * DAY)));
      lastLogin = changed - random.next() * 5 * DAY;
      break;
    case 'LOCKED_OUT':
      changed = Math.floor(now - random.next() * 2 * DAY);
      lastLogin = changed - (1 + random.next() * 6) * DAY;
      break;
    case 'PASSWORD_EXPIRED':
      changed = Math.floor(now - random.next() * 20 * DAY);
      lastLogin = changed - (1 + random.next() * 30) * DAY;
      break;
    case 'DEPROVISIONED':
      changed = Math.min(now, Math.floor(activated + 60 * DAY + random.next() * Math.max(0, now - DAY - activated - 60 * DAY)));
      lastLogin = changed - random.next() * 3 * DAY;
      user.sessions = 0;
      break;
    default: {
      const u = random.next();
      lastLogin = now - u * u * 21 * DAY;
    }
  }
  const login = Math.floor(Math.min(now, Math.max(activated, lastLogin)));
  user.status = status;
  user.activated = activated;
  user.statusChanged = changed;
  user.lastLogin = login;
  user.passwordChanged = Math.floor(activated + random.next() * (login - activated));
  user.lastUpdated = Math.max(changed, user.passwordChanged);
}

/** Plan indexes of the people in each department and team group, by group name. */
function membersByOrgGroup(people: readonly Person[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const push = (name: string, i: number) => {
    const list = out.get(name);
    if (list) list.push(i);
    else out.set(name, [i]);
  };
  people.forEach((p, i) => {
    push(p.unit.deptGroup.profile.name, i);
    if (p.unit.teamGroup) push(p.unit.teamGroup.profile.name, i);
  });
  return out;
}

/** The stored body of an app (what `GET /api/v1/apps/{id}` shows besides the system fields). */
function appBody(spec: AppSpec): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    app: { ...(spec.app ?? {}) },
    notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
    manualProvisioning: false,
    implicitAssignment: false,
  };
  if (spec.signOnMode === 'SAML_2_0') {
    settings.signOn = { defaultRelayState: null, ssoAcsUrlOverride: null, audienceOverride: null, recipientOverride: null, destinationOverride: null, attributeStatements: [] };
  }
  if (spec.signOnMode === 'OPENID_CONNECT') {
    const base = spec.baseUrl ?? `https://${spec.name}.${company.domain}`;
    settings.oauthClient = {
      client_uri: base,
      logo_uri: null,
      redirect_uris: [`${base}/authorization-code/callback`],
      post_logout_redirect_uris: [`${base}/`],
      initiate_login_uri: `${base}/login`,
      application_type: 'web',
      consent_method: 'TRUSTED',
      issuer_mode: 'DYNAMIC',
      wildcard_redirect: 'DISABLED',
    };
  }
  return {
    accessibility: { selfService: false },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${spec.name}_link`]: true } },
    features: [],
    // No `scheme`: Okta sends one for password-based (SWA, basic-auth) apps, not for SAML, OIDC or bookmarks.
    credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
    settings,
  };
}

function oauthClient(spec: AppSpec): AppRecord['oauthClient'] {
  if (spec.signOnMode !== 'OPENID_CONNECT') return null;
  // No secret: nothing signs in as these apps; a PUT through the API generates one, as Okta does.
  return { applicationType: 'web', grantTypes: ['authorization_code'], responseTypes: ['code'], tokenEndpointAuthMethod: 'client_secret_basic', dpopBound: false, keys: [], clientSecret: null };
}
