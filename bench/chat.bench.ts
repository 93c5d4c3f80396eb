/**
 * `npm run bench:chat` (issue 6): how long the help desk agent takes to understand a message —
 * intent matching plus the resolution of people, groups, apps and resources — on a directory of
 * 50,000 users, 2,000 groups and 300 apps. Target: p99 < 50 ms.
 *
 * The big directory is a synthetic but realistic snapshot (Acme's departments and teams, managers,
 * the demo's cross-cutting groups and apps with their group grants, then project and mailing-list
 * groups and more SaaS apps up to the counts, two or three extra groups per person) written straight
 * into the store's mirror with `dirReplaceAll` — the fastest honest way in, with the same rows a full
 * sync would write. The emulator behind it is empty: understanding never calls Okta. The standard
 * access catalog and the whole workflow catalog are defined on top (src/chat/testing.ts).
 *
 * The texts are the corpus (src/chat/corpus/requests.ts), filled with personas picked from each
 * directory, sent through `understand()` for BENCH_ROUNDS rounds after a warm-up round. The baseline,
 * in the same run, is the same on the 200-user demo org synced from the emulator. Also prints how
 * long `refresh()` takes (a new agent on the same store: the in-memory index built from scratch).
 *
 * Environment: BENCH_USERS (50000), BENCH_GROUPS (2000), BENCH_APPS (300), BENCH_ROUNDS (5).
 */
import { performance } from 'node:perf_hooks';
import { createChatAgent } from '../src/chat/agent.ts';
import { corpus } from '../src/chat/corpus/requests.ts';
import { createChatTestbed, fillPlaceholders, type ChatTestbed } from '../src/chat/testing.ts';
import { apps as demoApps, crossGroups, departments, executive, firstNames, googleGroups, lastNames } from '../src/emulator/seed/demo-data.ts';
import type { Store } from '../src/store/index.ts';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 2_000);
const APPS = Number(process.env.BENCH_APPS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_P99_MS = 50;

type Snapshot = Parameters<Store['dirReplaceAll']>[0];
type UserRecord = Snapshot['users'][number];
type GroupRecord = Snapshot['groups'][number];

/** mulberry32: a small seeded PRNG, so every run builds the same directory. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const okId = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(17, '0')}`;
const ascii = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]/g, '').toLowerCase();

/** More SaaS than the demo's 26 apps, in the labels people use. */
const saas = [
  'Asana', 'Jira Software', 'Confluence', 'Looker', 'Snowflake', 'dbt Cloud', 'Fivetran', 'Segment', 'Amplitude', 'Mixpanel',
  'LaunchDarkly', 'Sentry', 'New Relic', 'Splunk', 'Grafana Cloud', 'CircleCI', 'Buildkite', 'Vercel', 'Netlify', 'Cloudflare',
  'Auth0', 'Twilio', 'SendGrid', 'Stripe', 'NetSuite', 'Coupa', 'Expensify', 'Brex', 'Ramp', 'Gusto',
  'Greenhouse', 'Lever', 'Lattice', 'Culture Amp', 'BambooHR', 'Intercom', 'Gong', 'Outreach', 'Salesloft', 'ZoomInfo',
  'Marketo', 'Canva', 'Adobe Creative Cloud', 'Loom', 'Calendly', 'Smartsheet', 'Monday.com', 'Airtable', 'Lucidchart', 'Webex',
  'ServiceNow', 'Freshdesk', 'Jamf Pro', 'Kandji', 'CrowdStrike Falcon', 'Wiz', 'Snyk', 'Vanta', 'Drata', 'KnowBe4',
  'Terraform Cloud', 'MongoDB Atlas', 'Databricks', 'Sigma Computing', 'Mode Analytics', 'Postman', 'Linear', 'Shortcut', 'ClickUp', 'Productboard',
];
const variants = ['', ' (Sandbox)', ' (EU)', ' Admin Console'];
const codenames = [
  'Atlas', 'Orion', 'Phoenix', 'Nimbus', 'Aurora', 'Zephyr', 'Helix', 'Quasar', 'Vega', 'Lynx', 'Cobalt', 'Falcon', 'Juniper', 'Sequoia', 'Tundra',
  'Mistral', 'Polaris', 'Cascade', 'Ember', 'Glacier', 'Horizon', 'Ion', 'Kestrel', 'Lumen', 'Meridian', 'Nova', 'Onyx', 'Pulsar', 'Quartz', 'Raven',
  'Sierra', 'Titan', 'Umbra', 'Vertex', 'Willow', 'Xenon', 'Yarrow', 'Zenith', 'Basalt', 'Cirrus',
];
const kinds = ['Project', 'Guild', 'Squad', 'Working Group', 'DL'];
const regions = ['', ' - US', ' - EMEA', ' - APAC', ' - SF', ' - NYC', ' - London', ' - Toronto', ' - Austin', ' - Denver'];

/** The synthetic directory: Acme's org chart and the demo's groups and apps, scaled up to the counts. */
function buildSnapshot(): Snapshot {
  const random = prng(6);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = Date.now();
  const groups: GroupRecord[] = [];
  const groupByName = new Map<string, GroupRecord>();
  const addGroup = (name: string, description: string, type: GroupRecord['type'] = 'OKTA_GROUP', ruleManaged = false) => {
    const g: GroupRecord = { id: okId('00g', groups.length + 1), name, description, type, ruleManaged, lastUpdated: now };
    groups.push(g);
    groupByName.set(name, g);
    return g;
  };
  const memberships: Snapshot['memberships'] = [];
  const join = (groupName: string, userId: string) => memberships.push({ groupId: groupByName.get(groupName)!.id, userId });

  addGroup('Everyone', 'All users in the organization', 'BUILT_IN');
  const units = [executive, ...departments];
  for (const d of units) {
    addGroup(d.name, `Everyone in the ${d.name} department (${d.division})`);
    for (const t of d.teams) addGroup(`${d.name} - ${t.name}`, `The ${t.name} team`);
  }
  const ruled = new Set(['Managers', 'Contractors', 'R&D - All', 'AWS Developers']);
  for (const g of crossGroups) addGroup(g.name, g.description, 'OKTA_GROUP', ruled.has(g.name));
  for (const g of googleGroups) addGroup(g.name, g.description, 'APP_GROUP');

  // People: a head per department, a lead per team (reporting to the head), ICs in groups of ~8 under leads.
  const users: UserRecord[] = [];
  const logins = new Map<string, number>();
  const newUser = (dept: string, team: string | null, title: string, managerId: string | null, division: string): UserRecord => {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const base = `${ascii(first)}.${ascii(last)}`;
    const n = (logins.get(base) ?? 0) + 1;
    logins.set(base, n);
    const login = `${base}${n > 1 ? n : ''}@acme.example`;
    const status = random() < 0.03 ? 'DEPROVISIONED' : random() < 0.01 ? 'SUSPENDED' : 'ACTIVE';
    const user: UserRecord = {
      id: okId('00u', users.length + 1),
      login,
      email: login,
      firstName: first,
      lastName: last,
      displayName: `${first} ${last}`,
      status,
      department: dept,
      title,
      managerId,
      profile: { login, email: login, firstName: first, lastName: last, department: dept, division, title, team, userType: random() < 0.05 ? 'Contractor' : 'Employee', ...(managerId ? { managerId } : {}) },
      lastUpdated: now,
    };
    users.push(user);
    join('Everyone', user.id);
    join(dept, user.id);
    if (team) join(`${dept} - ${team}`, user.id);
    if (division === 'Research & Development') join('R&D - All', user.id);
    if (user.profile.userType === 'Contractor') join('Contractors', user.id);
    return user;
  };
  const ceo = newUser(executive.name, null, executive.headTitle, null, executive.division);
  join('Leadership Team', ceo.id);
  const totalWeight = departments.reduce((s, d) => s + d.weight, 0);
  const teamWeight = (d: (typeof departments)[number]) => d.teams.reduce((s, t) => s + t.weight, 0);
  for (const d of departments) {
    const head = newUser(d.name, null, d.headTitle, ceo.id, d.division);
    join('Leadership Team', head.id);
    join('Managers', head.id);
    const deptSize = Math.round(((USERS - 1) * d.weight) / totalWeight);
    for (const t of d.teams) {
      const size = Math.max(2, Math.round((deptSize * t.weight) / teamWeight(d)));
      const lead = newUser(d.name, t.name, `Manager, ${t.fn}`, head.id, d.division);
      join('Managers', lead.id);
      let manager = lead;
      for (let i = 1; i < size && users.length < USERS; i++) {
        if (i % 9 === 0) {
          manager = newUser(d.name, t.name, `Manager, ${t.fn}`, lead.id, d.division);
          join('Managers', manager.id);
          continue;
        }
        const u = newUser(d.name, t.name, pick(t.titles), manager.id, d.division);
        const unit = `${d.name} - ${t.name}`;
        if (d.name === 'Design') join('Figma Editors', u.id);
        if (d.name === 'Product' || unit === 'Engineering - Frontend' || unit === 'Engineering - Mobile') join('Figma Viewers', u.id);
        if (unit === 'Marketing - Marketing Operations' || unit === 'Finance - FP&A') join('Salesforce Users', u.id);
        if ((unit === 'Engineering - Platform' || unit === 'Engineering - Backend' || unit === 'Engineering - Security') && random() < 0.1) join('On-call', u.id);
        if ((unit === 'Engineering - Platform' || unit === 'Engineering - Backend' || unit === 'Engineering - Data') && u.profile.userType === 'Employee') join('AWS Developers', u.id);
        if ((unit === 'Engineering - Platform' || unit === 'Engineering - Security') && random() < 0.02) join('AWS Production Admins', u.id);
        if (unit === 'Engineering - Platform' && random() < 0.01) join('GitHub Admins', u.id);
        if (unit === 'IT - Identity & Access' && random() < 0.2) join('Admins - IT', u.id);
      }
    }
  }

  // Apps: the demo's, with their group grants, then more SaaS (each with its "<label> Users" group).
  const apps: Snapshot['apps'] = [];
  const appGroups: Snapshot['appGroups'] = [];
  for (const spec of demoApps) {
    const app = { id: okId('0oa', apps.length + 1), name: spec.name, label: spec.label, status: spec.status ?? 'ACTIVE' };
    apps.push(app);
    for (const g of spec.groups) appGroups.push({ appId: app.id, groupId: groupByName.get(g.group)!.id, priority: g.priority ?? null });
  }
  const extraApps: string[] = [];
  for (const v of variants) for (const s of saas) if (extraApps.length < APPS - apps.length) extraApps.push(`${s}${v}`);
  for (const label of extraApps) {
    const app = { id: okId('0oa', apps.length + 1), name: ascii(label).replace(/-/g, '_') || 'app', label, status: 'ACTIVE' };
    apps.push(app);
    const g = addGroup(`${label} Users`, `People with ${label}`);
    appGroups.push({ appId: app.id, groupId: g.id, priority: null });
  }

  // Project, guild and mailing-list groups up to the count.
  outer: for (const r of regions) {
    for (const k of kinds) {
      for (const c of codenames) {
        if (groups.length >= GROUPS) break outer;
        addGroup(k === 'Project' ? `Project ${c}${r}` : `${c} ${k}${r}`, `${k} ${c}${r ? ` (${r.slice(3)})` : ''}`);
      }
    }
  }
  // Two or three of the hand-made groups (the app groups and the project groups) per person.
  const handMade = groups.filter((g) => g.type === 'OKTA_GROUP' && (g.name.endsWith(' Users') || /Project|Guild|Squad|Working Group|DL/.test(g.name)) && g.name !== 'Salesforce Users');
  for (const u of users) {
    const seen = new Set<string>();
    for (let i = 0, n = 2 + Math.floor(random() * 2); i < n; i++) {
      const g = pick(handMade);
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      memberships.push({ groupId: g.id, userId: u.id });
    }
  }
  const appUsers: Snapshot['appUsers'] = [];
  for (let i = 0; i < users.length; i += 97) appUsers.push({ appId: pick(apps).id, userId: users[i]!.id });
  return { users, groups, apps, memberships, appUsers, appGroups };
}

/** Fills the corpus for one testbed; `{request.*}` becomes a well-formed id where no requests were seeded. */
function texts(tb: ChatTestbed): { text: string; login: string }[] {
  return corpus.map((c) => ({
    text: fillPlaceholders(tb.requests ? c.text : c.text.replace(/\{request\.(pending|active)\}/g, (_, k: string) => (k === 'pending' ? 'ar_0b5e1c2d3f4a5b6c7d8e' : 'ar_9f8e7d6c5b4a3f2e1d0c')), tb.personas, tb.requests ?? undefined),
    login: tb.personas[c.as].login,
  }));
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

interface Figures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  refreshMs: number;
  /** The slowest texts (their worst time). */
  slowest: { text: string; ms: number }[];
}

async function measure(tb: ChatTestbed): Promise<Figures> {
  // refresh() from scratch: a new agent on the same store.
  const fresh = createChatAgent(tb.deps);
  const r0 = performance.now();
  await fresh.refresh();
  const refreshMs = performance.now() - r0;
  const cases = texts(tb);
  for (const c of cases) await fresh.understand(c.text, { login: c.login });
  const ms: number[] = [];
  const worst = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const t0 = performance.now();
      await fresh.understand(c.text, { login: c.login });
      const took = performance.now() - t0;
      ms.push(took);
      worst.set(c.text, Math.max(worst.get(c.text) ?? 0, took));
    }
  }
  ms.sort((a, b) => a - b);
  const slowest = [...worst].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([text, took]) => ({ text, ms: took }));
  return { samples: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1]!, refreshMs, slowest };
}

const fmt = (n: number) => `${n.toFixed(2)} ms`.padStart(12);

async function main(): Promise<void> {
  let t0 = performance.now();
  const baseline = await createChatTestbed();
  const small = await baseline.t.access.directory.status();
  console.log(`baseline: demo org (${small.users} users, ${small.groups} groups, ${small.apps} apps) synced from the emulator in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const base = await measure(baseline);
  await baseline.close();

  t0 = performance.now();
  const snapshot = buildSnapshot();
  console.log(`synthetic directory: ${snapshot.users.length} users, ${snapshot.groups.length} groups, ${snapshot.apps.length} apps, ${snapshot.memberships.length} memberships built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const big = await createChatTestbed({ seed: 'empty', snapshot });
  const status = await big.t.access.directory.status();
  console.log(`mirror filled (dirReplaceAll), catalogs defined, agent built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${status.users} users, ${status.groups} groups, ${status.apps} apps, ${status.memberships} memberships`);
  const large = await measure(big);
  await big.close();

  console.log(`\nunderstand() = intent + resolution; ${corpus.length} corpus texts × ${ROUNDS} rounds after a warm-up round`);
  console.log(`${'directory'.padEnd(30)} ${'samples'.padStart(8)} ${'p50'.padStart(12)} ${'p99'.padStart(12)} ${'max'.padStart(12)} ${'refresh()'.padStart(12)}`);
  console.log(`${`demo (${small.users} users)`.padEnd(30)} ${String(base.samples).padStart(8)} ${fmt(base.p50)} ${fmt(base.p99)} ${fmt(base.max)} ${fmt(base.refreshMs)}`);
  console.log(`${`synthetic (${status.users} users)`.padEnd(30)} ${String(large.samples).padStart(8)} ${fmt(large.p50)} ${fmt(large.p99)} ${fmt(large.max)} ${fmt(large.refreshMs)}`);
  console.log(`slowest texts on the large directory: ${large.slowest.map((s) => `${JSON.stringify(s.text)} ${s.ms.toFixed(1)} ms`).join('; ')}`);
  console.log(`target p99 < ${TARGET_P99_MS} ms on the large directory: ${large.p99 < TARGET_P99_MS ? 'met' : 'NOT met'} (p99 ${large.p99.toFixed(2)} ms; ${(large.p99 / Math.max(base.p99, 1e-9)).toFixed(1)}x the demo's)`);
}

await main();
