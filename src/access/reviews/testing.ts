/**
 * Test support for access reviews (used by the review and route tests; nothing in the product
 * imports it). Real parts on real data: an Okta client (with the request-id recorder) for an
 * emulator the test started, a directory read from that org over HTTP, and small in-memory
 * stand-ins of two sibling modules — a grants service whose grants are real Okta memberships, and a
 * resource catalog — plus the outbox notifier that collects what was sent.
 */
import type { FakeClock } from '../../common/clock.ts';
import { collect } from '../../common/collect.ts';
import { createOktaClient, type OktaClient } from '../../okta/index.ts';
import type { Store } from '../../store/index.ts';
import { createRequestIdRecorder } from '../../workflows/internal/request-ids.ts';
import { createOutboxNotifier, type SentNotification } from '../../workflows/notifier.ts';
import type { DirApp, DirAppHolding, DirectoryReader, DirectoryWriter, DirGroup, DirMembership, DirUser } from '../directory/reader.ts';
import { accessRequestSchema, type AccessRequest, type ActiveGrant, type GrantsPort, type Resource, type ResourceCatalogPort, type Role } from '../model.ts';
import { createReviews, type Reviews } from './campaigns.ts';

/** The emulator as the test bed needs it (its URL and service-app credential). */
export interface EmulatorHandle {
  url: string;
  credential: { clientId: string; privateKey: Record<string, unknown>; scopes: string[] };
}

/**
 * The directory, read from Okta over HTTP at `refresh()` (what a full sync does): users, groups,
 * members, rules, apps, app users and app groups. `since` is when it first saw a membership.
 */
export function createOktaSnapshotDirectory(okta: OktaClient, clock: FakeClock): DirectoryReader & DirectoryWriter & { refresh(): Promise<void> } {
  let users = new Map<string, DirUser>();
  let groups = new Map<string, DirGroup>();
  let apps = new Map<string, DirApp>();
  let members = new Map<string, Map<string, number>>();
  let appDirect = new Map<string, Map<string, number>>();
  let appGroups = new Map<string, { groupId: string; priority: number | null }[]>();
  const firstSeen = new Map<string, number>();
  const seen = (key: string) => {
    if (!firstSeen.has(key)) firstSeen.set(key, clock.now());
    return firstSeen.get(key)!;
  };
  const byLogin = (login: string) => [...users.values()].find((u) => u.login.toLowerCase() === login.trim().toLowerCase());
  const getUser = async (idOrLogin: string) => users.get(idOrLogin) ?? byLogin(idOrLogin);
  const holdings = (appId: string): DirAppHolding[] => {
    const out = new Map<string, DirAppHolding>();
    for (const [userId, since] of appDirect.get(appId) ?? []) out.set(userId, { appId, userId, direct: true, viaGroupIds: [], since });
    for (const { groupId } of appGroups.get(appId) ?? []) {
      for (const [userId, since] of members.get(groupId) ?? []) {
        const h = out.get(userId) ?? { appId, userId, direct: false, viaGroupIds: [], since };
        h.viaGroupIds.push(groupId);
        h.since = Math.min(h.since, since);
        out.set(userId, h);
      }
    }
    return [...out.values()];
  };
  return {
    async refresh() {
      // A plain listing leaves DEPROVISIONED users out, as Okta does; a sync reads them too.
      const oktaUsers = [...(await collect(okta.users.list())), ...(await collect(okta.users.list({ filter: 'status eq "DEPROVISIONED"' })))];
      const rules = await collect(okta.groups.rules.list());
      const ruled = new Set(rules.filter((r) => r.status === 'ACTIVE').flatMap((r) => r.actions.assignUserToGroups.groupIds));
      const nextUsers = new Map<string, DirUser>();
      for (const u of oktaUsers) {
        const p = u.profile;
        nextUsers.set(u.id, {
          id: u.id,
          login: p.login,
          email: p.email ?? null,
          firstName: p.firstName ?? null,
          lastName: p.lastName ?? null,
          displayName: p.displayName ?? `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim(),
          status: u.status,
          department: p.department ?? null,
          title: p.title ?? null,
          managerId: p.managerId ?? null,
          profile: p,
          lastUpdated: Date.parse(u.lastUpdated),
        });
      }
      for (const u of nextUsers.values()) {
        const manager = typeof u.profile.manager === 'string' ? u.profile.manager : null;
        if (!u.managerId && manager) u.managerId = [...nextUsers.values()].find((m) => m.login.toLowerCase() === manager.toLowerCase())?.id ?? null;
      }
      const nextGroups = new Map<string, DirGroup>();
      const nextMembers = new Map<string, Map<string, number>>();
      for (const g of await collect(okta.groups.list())) {
        const ruleManaged = ruled.has(g.id);
        nextGroups.set(g.id, { id: g.id, name: g.profile.name, description: g.profile.description ?? null, type: g.type, ruleManaged, readOnly: g.type !== 'OKTA_GROUP' || ruleManaged, lastUpdated: Date.parse(g.lastUpdated ?? '') || 0 });
        nextMembers.set(g.id, new Map((await collect(okta.groups.members(g.id))).map((m) => [m.id, seen(`m|${g.id}|${m.id}`)])));
      }
      const nextApps = new Map<string, DirApp>();
      const nextDirect = new Map<string, Map<string, number>>();
      const nextAppGroups = new Map<string, { groupId: string; priority: number | null }[]>();
      for (const a of await collect(okta.apps.list())) {
        nextApps.set(a.id, { id: a.id, name: a.name, label: a.label, status: a.status });
        nextAppGroups.set(a.id, (await collect(okta.apps.groups(a.id))).map((g) => ({ groupId: g.id, priority: g.priority ?? null })));
        const direct = (await collect(okta.apps.users(a.id))).filter((u) => u.scope === 'USER');
        nextDirect.set(a.id, new Map(direct.map((u) => [u.id, seen(`a|${a.id}|${u.id}`)])));
      }
      [users, groups, members, apps, appDirect, appGroups] = [nextUsers, nextGroups, nextMembers, nextApps, nextDirect, nextAppGroups];
    },
    getUser,
    async listUsers(options = {}) {
      const q = options.query?.toLowerCase();
      return [...users.values()]
        .filter((u) => !options.department || u.department?.toLowerCase() === options.department.toLowerCase())
        .filter((u) => !options.status || u.status === options.status)
        .filter((u) => !q || [u.login, u.email, u.firstName, u.lastName, u.displayName].some((v) => v?.toLowerCase().startsWith(q)))
        .sort((a, b) => a.login.localeCompare(b.login))
        .filter((u) => !options.afterLogin || u.login > options.afterLogin)
        .slice(0, options.limit ?? Infinity);
    },
    getGroup: async (idOrName) => groups.get(idOrName) ?? [...groups.values()].find((g) => g.name.toLowerCase() === idOrName.toLowerCase()),
    listGroups: async () => [...groups.values()],
    getApp: async (idOrLabel) => apps.get(idOrLabel) ?? [...apps.values()].find((a) => a.label.toLowerCase() === idOrLabel.toLowerCase()),
    listApps: async () => [...apps.values()],
    membersOf: async (groupId): Promise<DirMembership[]> => [...(members.get(groupId) ?? [])].map(([userId, since]) => ({ groupId, userId, since })),
    groupsOf: async (userId): Promise<DirMembership[]> => [...members].filter(([, m]) => m.has(userId)).map(([groupId, m]) => ({ groupId, userId, since: m.get(userId)! })),
    isMember: async (groupId, userId) => members.get(groupId)?.has(userId) ?? false,
    holdersOf: async (appId) => holdings(appId),
    appsOf: async (userId) => [...apps.keys()].flatMap((appId) => holdings(appId).filter((h) => h.userId === userId)),
    groupsOfApp: async (appId) => appGroups.get(appId) ?? [],
    managerOf: async (userId) => {
      const managerId = users.get(userId)?.managerId;
      return managerId ? users.get(managerId) : undefined;
    },
    async setMembership(groupId, userId, present, at) {
      const m = members.get(groupId) ?? new Map<string, number>();
      if (present) m.set(userId, m.get(userId) ?? at);
      else m.delete(userId);
      members.set(groupId, m);
    },
    status: async () => ({ users: users.size, groups: groups.size, apps: apps.size, memberships: [...members.values()].reduce((n, m) => n + m.size, 0), lastFullSyncAt: null, lastIncrementalSyncAt: null, logCursor: null }),
  };
}

/** A grant as the in-memory grants service keeps it. */
export type MemoryGrant = ActiveGrant & { status: 'active' | 'revoked'; revokedBy?: string; reason?: string };

/** Time-bound grants kept in memory; a grant is a real Okta membership, and revoking removes it. */
export function createMemoryGrants(okta: OktaClient, clock: FakeClock) {
  const grants: MemoryGrant[] = [];
  return {
    grants,
    /** Grants membership of `groupId` until `endsAt` (adds the member in Okta). */
    async grant(input: Omit<ActiveGrant, 'grantedAt'>): Promise<void> {
      await okta.groups.addMember(input.groupId, input.userId);
      grants.push({ ...input, grantedAt: clock.now(), status: 'active' });
    },
    async listActive(filter: { userId?: string; groupId?: string } = {}): Promise<ActiveGrant[]> {
      return grants.filter((g) => g.status === 'active' && (!filter.userId || g.userId === filter.userId) && (!filter.groupId || g.groupId === filter.groupId));
    },
    async revoke(requestId: string, input: { by: string; reason: string }): Promise<AccessRequest> {
      const g = grants.find((x) => x.requestId === requestId);
      if (!g || g.status !== 'active') throw new Error(`grant ${requestId} is not active`);
      await okta.groups.removeMember(g.groupId, g.userId);
      Object.assign(g, { status: 'revoked', revokedBy: input.by, reason: input.reason });
      const now = clock.now();
      return accessRequestSchema.parse({
        id: g.requestId,
        resourceId: g.resourceId,
        roleId: g.roleId,
        groupId: g.groupId,
        requestedBy: g.login,
        forUser: g.login,
        forUserId: g.userId,
        justification: null,
        durationMs: g.endsAt === null ? null : g.endsAt - g.grantedAt,
        status: 'revoked',
        runId: null,
        policyId: 'default',
        grantedAt: g.grantedAt,
        endsAt: g.endsAt,
        endedAt: now,
        outcome: { by: input.by, reason: input.reason, rule: null },
        createdAt: g.grantedAt,
        updatedAt: now,
      });
    },
  } satisfies GrantsPort & Record<string, unknown>;
}
export type MemoryGrants = ReturnType<typeof createMemoryGrants>;

/** A resource catalog over a list of resources the test fills. */
export function createMemoryCatalog(resources: Resource[] = []) {
  return {
    resources,
    listResources: async (): Promise<Resource[]> => resources,
    getResource: async (id: string): Promise<Resource | undefined> => resources.find((r) => r.id === id),
    async roleForGroup(groupId: string): Promise<{ resource: Resource; role: Role } | undefined> {
      for (const resource of resources) {
        const role = resource.roles.find((r) => r.groupId === groupId);
        if (role) return { resource, role };
      }
      return undefined;
    },
  } satisfies ResourceCatalogPort & Record<string, unknown>;
}
export type MemoryCatalog = ReturnType<typeof createMemoryCatalog>;

/** Everything a review test needs, on the test's emulator, store and clock. */
export interface ReviewsTestbed {
  okta: OktaClient;
  directory: ReturnType<typeof createOktaSnapshotDirectory>;
  grants: MemoryGrants;
  catalog: MemoryCatalog;
  notifications: SentNotification[];
  reviews: Reviews;
  /** Okta request ids are recorded (the client's fetch is the recorder's). */
  requestIds: ReturnType<typeof createRequestIdRecorder>;
}

/** Builds the review service on an emulator, a store and a fake clock, and reads the directory once. */
export async function createReviewsTestbed(input: { emulator: EmulatorHandle; store: Store; clock: FakeClock }): Promise<ReviewsTestbed> {
  const { clientId, privateKey, scopes } = input.emulator.credential;
  const requestIds = createRequestIdRecorder();
  const okta = createOktaClient({
    fetch: requestIds.fetch,
    orgUrl: input.emulator.url,
    credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' },
    scopes,
    clock: input.clock,
    allowInsecureRequests: true,
  });
  const directory = createOktaSnapshotDirectory(okta, input.clock);
  await directory.refresh();
  const grants = createMemoryGrants(okta, input.clock);
  const catalog = createMemoryCatalog();
  const notifications: SentNotification[] = [];
  const notifier = createOutboxNotifier({ store: input.store, clock: input.clock, listeners: [(n) => notifications.push(n)] });
  const reviews = createReviews({ store: input.store, directory, directoryWriter: directory, grants, catalog, okta: () => okta, clock: input.clock, notifier, requestIds });
  return { okta, directory, grants, catalog, notifications, reviews, requestIds };
}
