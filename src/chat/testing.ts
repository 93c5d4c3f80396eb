/**
 * Test support for the help desk agent: the access testbed (a real emulator over HTTP, a real store,
 * engine, workflow runtime and access layer on one fake clock) with its directory synced, the whole
 * workflow catalog registered, a standard access catalog for the demo org, a few requests already in
 * flight, the people a conversation needs (personas) and the agent itself, refreshed. Nothing is mocked.
 * @example
 * const { agent, personas, close } = await createChatTestbed();
 * const understood = await agent.understand('i need figma editor for 8 hours', { login: personas.requester.login });
 * await close();
 */
import type { Access, AccessRequest, DirectoryReader, DirUser } from '../access/index.ts';
import { createAccessTestbed, type AccessTestbed } from '../access/testing.ts';
import type { Store } from '../store/index.ts';
import { catalog as workflowCatalog } from '../workflows/catalog/index.ts';
import { createChatAgent } from './agent.ts';
import type { ChatAgent, ChatAgentDeps } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The Okta group whose members are the IT team (they may run `access: 'team'` workflows). */
export const itTeamGroup = 'Admins - IT';

/** A person as the corpus refers to them: `{requester.first}`, `{colleague.initial}` … */
export interface ChatPersona {
  id: string;
  login: string;
  email: string;
  /** Given name as Okta has it ("Jane"). */
  first: string;
  /** Given name in lower case ("jane"). */
  firstLower: string;
  last: string;
  /** Given name and the family name's initial ("Jane D."). */
  initial: string;
  /** "Jane Doe". */
  name: string;
}

/**
 * The people in a conversation: someone with an active manager (the requester), that manager, a
 * colleague (a peer of the requester when there is one) and an IT team member. Everyone's given name
 * (and "First L.") is unique in the directory when the directory allows it, so "jane" means one person.
 */
export interface ChatPersonas {
  requester: ChatPersona;
  manager: ChatPersona;
  colleague: ChatPersona;
  it: ChatPersona;
}

/** The requests the testbed leaves in flight, for the status, approval, extend and release messages. */
export interface ChatSeededRequests {
  /** The requester's Figma (Viewer) request, waiting for the manager. */
  pending: AccessRequest;
  /** The requester's PagerDuty (On-call) grant, active (self-service, approved at once). */
  active: AccessRequest;
}

/**
 * The standard access catalog of the demo org, as the corpus expects it (resource id → roles):
 * - `figma` (app Figma): `viewer` → Figma Viewers, `editor` → Figma Editors — policy `standard`;
 * - `aws-prod` (app AWS): `admin` → AWS Production Admins — policy `privileged`;
 * - `pagerduty` (app PagerDuty): `on-call` → On-call — policy `self-service`;
 * - `salesforce` (app Salesforce): `user` → Salesforce Users — policy `standard`;
 * - `github` (app GitHub Enterprise): `admin` → GitHub Admins — policy `privileged`;
 * - `tableau` (app Tableau Cloud): `creator` → Finance - FP&A — policy `standard`.
 * Policies: `standard` (the manager approves; 8h by default, at most 30 days), `privileged` (the manager,
 * then the owners; justification required; 4h by default, at most 12h), `self-service` (approved at once;
 * 8h by default, at most 7 days).
 */
export const standardResources = [
  { id: 'figma', app: 'Figma', name: 'Figma', description: 'Design tool', policyId: 'standard', roles: [{ id: 'viewer', name: 'Viewer', group: 'Figma Viewers' }, { id: 'editor', name: 'Editor', group: 'Figma Editors' }] },
  { id: 'aws-prod', app: 'AWS', name: 'AWS production', description: 'Administrator access to the production AWS accounts', policyId: 'privileged', roles: [{ id: 'admin', name: 'Admin', group: 'AWS Production Admins' }] },
  { id: 'pagerduty', app: 'PagerDuty', name: 'PagerDuty', description: 'The on-call rotation (the On-call group)', policyId: 'self-service', roles: [{ id: 'on-call', name: 'On-call', group: 'On-call' }] },
  { id: 'salesforce', app: 'Salesforce', name: 'Salesforce', description: 'CRM', policyId: 'standard', roles: [{ id: 'user', name: 'User', group: 'Salesforce Users' }] },
  { id: 'github', app: 'GitHub Enterprise', name: 'GitHub', description: 'Owner of the acme GitHub organization', policyId: 'privileged', roles: [{ id: 'admin', name: 'Admin', group: 'GitHub Admins' }] },
  { id: 'tableau', app: 'Tableau Cloud', name: 'Tableau', description: 'Dashboards and reports (Creator seat)', policyId: 'standard', roles: [{ id: 'creator', name: 'Creator', group: 'Finance - FP&A' }] },
] as const;

/** Writes the standard policies and resources ({@link standardResources}) into the access catalog; the owners approve `privileged` steps. */
export async function defineStandardCatalog(access: Pick<Access, 'catalog' | 'directory'>, options: { owners: string[] }): Promise<void> {
  const { catalog, directory } = access;
  await catalog.putPolicy(
    { id: 'standard', name: 'Manager approval', maxDurationMs: 30 * DAY, defaultDurationMs: 8 * HOUR, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }], onBehalf: 'manager' },
    'admin',
  );
  await catalog.putPolicy(
    {
      id: 'privileged',
      name: 'Manager then owner, justified',
      maxDurationMs: 12 * HOUR,
      defaultDurationMs: 4 * HOUR,
      requireJustification: true,
      steps: [
        { name: 'Manager', approvers: [{ kind: 'manager' }] },
        { name: 'Owner', approvers: [{ kind: 'owners' }] },
      ],
      onBehalf: 'manager',
    },
    'admin',
  );
  await catalog.putPolicy({ id: 'self-service', name: 'Self-service', maxDurationMs: 7 * DAY, defaultDurationMs: 8 * HOUR, steps: [], onBehalf: 'manager' }, 'admin');
  for (const r of standardResources) {
    const app = await directory.getApp(r.app);
    if (!app) throw new Error(`The directory has no app labelled "${r.app}" (the standard access catalog needs it).`);
    const roles = [];
    for (const role of r.roles) {
      const group = await directory.getGroup(role.group);
      if (!group) throw new Error(`The directory has no group "${role.group}" (role ${r.id}/${role.id} of the standard access catalog).`);
      roles.push({ id: role.id, name: role.name, groupId: group.id });
    }
    await catalog.putResource({ id: r.id, kind: 'app', name: r.name, description: r.description, appId: app.id, policyId: r.policyId, owners: { users: options.owners }, roles }, 'admin');
  }
}

const plain = /^[A-Za-z]+$/;

function persona(user: DirUser): ChatPersona {
  const first = user.firstName ?? user.displayName.split(' ')[0] ?? user.login;
  const last = user.lastName ?? '';
  return { id: user.id, login: user.login, email: user.email ?? user.login, first, firstLower: first.toLowerCase(), last, initial: `${first} ${last.slice(0, 1)}.`, name: `${first} ${last}`.trim() };
}

/**
 * Picks the personas from a synced directory. Prefers people whose given name is plain ASCII and
 * unique (and so is "First L."), who hold none of the Figma and On-call groups (so requests for them
 * are new) and are not on the IT team; falls back to looser picks in a directory that has nobody so.
 */
export async function pickPersonas(directory: DirectoryReader, options: { limit?: number } = {}): Promise<ChatPersonas> {
  const users = await directory.listUsers({ limit: options.limit ?? 100_000 });
  // A given name counts as unique only if no one else has it as a given or a family name ("Morgan").
  const nameCount = new Map<string, number>();
  const initialCount = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const u of users) {
    const p = persona(u);
    bump(nameCount, p.firstLower);
    if (p.last) bump(nameCount, p.last.toLowerCase());
    bump(initialCount, p.initial.toLowerCase());
  }
  const unique = (u: DirUser) => {
    const p = persona(u);
    return plain.test(p.first) && plain.test(p.last) && nameCount.get(p.firstLower) === 1 && initialCount.get(p.initial.toLowerCase()) === 1;
  };
  const groupId = async (name: string) => (await directory.getGroup(name))?.id;
  const itGroup = await groupId(itTeamGroup);
  const held = (await Promise.all(['Figma Viewers', 'Figma Editors', 'On-call', itTeamGroup].map(groupId))).filter((id): id is string => id !== undefined);
  const holdsAny = async (u: DirUser) => {
    const mine = new Set((await directory.groupsOf(u.id)).map((m) => m.groupId));
    return held.some((g) => mine.has(g));
  };
  const active = users.filter((u) => u.status === 'ACTIVE');
  const isIt = async (u: DirUser) => (itGroup ? directory.isMember(itGroup, u.id) : false);

  let requester: DirUser | undefined;
  let manager: DirUser | undefined;
  for (const strict of [true, false]) {
    for (const u of active) {
      if (!u.managerId || (strict && (!unique(u) || (await holdsAny(u))))) continue;
      const m = await directory.managerOf(u.id);
      if (!m || m.status !== 'ACTIVE' || (await isIt(m)) || (await isIt(u))) continue;
      if (strict && !unique(m)) continue;
      requester = u;
      manager = m;
      break;
    }
    if (requester) break;
  }
  if (!requester || !manager) throw new Error('No active user with an active manager outside the IT team in the directory: the chat testbed needs one.');
  const taken = new Set([requester.id, manager.id]);
  const candidates = (filter: (u: DirUser) => boolean) => active.filter((u) => !taken.has(u.id) && filter(u));
  let colleague: DirUser | undefined;
  for (const pool of [candidates((u) => u.managerId === manager.id && unique(u)), candidates(unique), candidates(() => true)]) {
    for (const u of pool) if (!(await isIt(u))) {
      colleague = u;
      break;
    }
    if (colleague) break;
  }
  if (!colleague) throw new Error('No colleague for the requester in the directory.');
  taken.add(colleague.id);
  let it: DirUser | undefined;
  if (itGroup) {
    const members = new Set((await directory.membersOf(itGroup)).map((m) => m.userId));
    const team = candidates((u) => members.has(u.id));
    it = team.find(unique) ?? team[0];
  }
  if (!it) throw new Error(`Nobody active in "${itTeamGroup}" in the directory: the chat testbed needs an IT team member.`);
  return { requester: persona(requester), manager: persona(manager), colleague: persona(colleague), it: persona(it) };
}

/** `isTeam` as the agent takes it: membership of {@link itTeamGroup} in the mirror. */
export function isTeamMember(directory: DirectoryReader): ChatAgentDeps['isTeam'] {
  return async (login) => {
    const [group, user] = await Promise.all([directory.getGroup(itTeamGroup), directory.getUser(login)]);
    return group !== undefined && user !== undefined && directory.isMember(group.id, user.id);
  };
}

/** Replaces every `{persona.field}` (and `{request.pending}`, `{request.active}`) in a text with the testbed's values; unknown ones are left as they are. */
export function fillPlaceholders(text: string, personas: ChatPersonas, requests?: ChatSeededRequests): string {
  return text.replace(/\{(requester|manager|colleague|it|request)\.([a-zA-Z]+)\}/g, (whole, who: string, field: string) => {
    if (who === 'request') {
      const r = requests?.[field as keyof ChatSeededRequests];
      return r ? r.id : whole;
    }
    const p = personas[who as keyof ChatPersonas];
    const value = (p as unknown as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : whole;
  });
}

export interface ChatTestbed {
  t: AccessTestbed;
  agent: ChatAgent;
  personas: ChatPersonas;
  /** Null when built with `seedRequests: false`. */
  requests: ChatSeededRequests | null;
  /** The agent's dependencies, to build another agent on the same testbed. */
  deps: ChatAgentDeps;
  close(): Promise<void>;
}

export interface ChatTestbedOptions {
  /** Fill the mirror with this snapshot instead of a full sync of the emulator's org (benchmarks: use with `seed: 'empty'`). */
  snapshot?: Parameters<Store['dirReplaceAll']>[0];
  seed?: 'demo' | 'empty';
  /** Demo org size (the emulator's default otherwise). */
  users?: number;
  /** Leave a pending and an active request of the requester (default true; needs the demo org in Okta). */
  seedRequests?: boolean;
}

/** Builds the chat testbed: synced directory, workflow catalog, standard access catalog, personas, seeded requests, a refreshed agent. */
export async function createChatTestbed(options: ChatTestbedOptions = {}): Promise<ChatTestbed> {
  const t = await createAccessTestbed({ seed: options.seed ?? 'demo', ...(options.users !== undefined ? { users: options.users } : {}) });
  try {
    if (options.snapshot) await t.store.dirReplaceAll(options.snapshot, t.clock.now());
    else await t.access.sync.full();
    // Registered on the current process (as the brief's runtime.register): a t.restart() would need them again.
    for (const w of workflowCatalog) t.process.runtime.register(w);
    const personas = await pickPersonas(t.access.directory);
    await defineStandardCatalog(t.access, { owners: [personas.it.login] });

    let requests: ChatSeededRequests | null = null;
    if (options.seedRequests ?? !options.snapshot) {
      const pending = await t.access.requests.request({ by: personas.requester.login, resource: 'figma', role: 'viewer', durationMs: 8 * HOUR, justification: 'design review' });
      const activeAsked = await t.access.requests.request({ by: personas.requester.login, resource: 'pagerduty', role: 'on-call', durationMs: 8 * HOUR });
      await t.drive();
      const active = await t.access.requests.get(activeAsked.id);
      if (active.status !== 'active') throw new Error(`The seeded PagerDuty grant is ${active.status}, not active.`);
      requests = { pending: await t.access.requests.get(pending.id), active };
    }

    const deps: ChatAgentDeps = {
      directory: t.access.directory,
      access: t.access,
      approvals: t.process.approvals,
      runtime: t.process.runtime,
      clock: t.clock,
      isTeam: isTeamMember(t.access.directory),
    };
    const agent = createChatAgent(deps);
    await agent.refresh();
    return { t, agent, personas, requests, deps, close: () => t.close() };
  } catch (err) {
    await t.close();
    throw err;
  }
}
