/**
 * Launching a campaign: turns its scope into items from the directory mirror — one item per person
 * and group or app, with every path the access comes through (a direct membership or assignment,
 * a group assigned to the app, a time-bound grant) — and resolves each item's reviewers. Reads only;
 * the caller stores the items.
 */
import type { DirectoryReader, DirGroup, DirUser } from '../directory/reader.ts';
import type { ActiveGrant, GrantsPort, Resource, ResourceCatalogPort } from '../model.ts';
import type { AccessPath, Campaign, ReviewItem } from './model.ts';
import { ReviewInvalidError } from './errors.ts';

/** What item generation reads. */
export interface GenerateDeps {
  directory: DirectoryReader;
  grants: GrantsPort;
  catalog: ResourceCatalogPort;
}

/** One person's access to one resource, before reviewers are known. */
interface Holding {
  user: DirUser;
  resource: ReviewItem['resource'];
  how: AccessPath[];
  since: number | null;
}

const lower = (s: string) => s.trim().toLowerCase();
/** People who cannot act on a review (their account no longer works) are not asked to. */
const canReview = (u: DirUser | undefined): u is DirUser => u !== undefined && !['DEPROVISIONED', 'SUSPENDED'].includes(u.status);

/** The items of a campaign and the ones nobody can review (no reviewer, and no usable fallback). */
export async function generateItems(deps: GenerateDeps, campaign: Campaign, now: number): Promise<{ items: ReviewItem[]; unreviewable: { login: string; resource: string }[] }> {
  const { directory } = deps;
  const users = new Map<string, DirUser | undefined>();
  const user = async (idOrLogin: string) => {
    const key = lower(idOrLogin);
    if (!users.has(key)) users.set(key, await directory.getUser(idOrLogin));
    return users.get(key);
  };
  const groups = new Map<string, DirGroup | undefined>();
  const group = async (id: string) => {
    if (!groups.has(id)) groups.set(id, await directory.getGroup(id));
    return groups.get(id);
  };
  const grantsByMembership = new Map<string, ActiveGrant[]>();
  for (const g of await deps.grants.listActive()) {
    const key = `${g.groupId}|${g.userId}`;
    grantsByMembership.set(key, [...(grantsByMembership.get(key) ?? []), g]);
  }
  const grantPaths = (groupId: string, userId: string): AccessPath[] =>
    (grantsByMembership.get(`${groupId}|${userId}`) ?? []).map((g) => ({ kind: 'grant', requestId: g.requestId, groupId, endsAt: g.endsAt }));

  const holdings: Holding[] = [];
  const addGroupHoldings = async (g: DirGroup, only?: DirUser) => {
    const members = only ? (await directory.groupsOf(only.id)).filter((m) => m.groupId === g.id) : await directory.membersOf(g.id);
    for (const m of members) {
      const u = only ?? (await user(m.userId)) ?? unknownUser(m.userId);
      const viaGrant = grantPaths(g.id, u.id);
      holdings.push({ user: u, resource: { kind: 'group', id: g.id, name: g.name, readOnly: g.readOnly }, how: viaGrant.length > 0 ? viaGrant : [{ kind: 'direct' }], since: m.since });
    }
  };
  const addAppHoldings = async (appId: string, appName: string, only?: DirUser) => {
    const held = only ? (await directory.appsOf(only.id)).filter((h) => h.appId === appId) : await directory.holdersOf(appId);
    for (const h of held) {
      const u = only ?? (await user(h.userId)) ?? unknownUser(h.userId);
      // Okta ends a deactivated user's app assignments (its app user list leaves them out); their group memberships stay.
      if (u.status === 'DEPROVISIONED') continue;
      const how: AccessPath[] = h.direct ? [{ kind: 'direct' }] : [];
      for (const groupId of h.viaGroupIds) {
        const viaGrant = grantPaths(groupId, u.id);
        if (viaGrant.length > 0) how.push(...viaGrant);
        else {
          const g = await group(groupId);
          how.push({ kind: 'group', groupId, groupName: g?.name ?? groupId, readOnly: g?.readOnly ?? true });
        }
      }
      if (how.length > 0) holdings.push({ user: u, resource: { kind: 'app', id: appId, name: appName, readOnly: false }, how, since: h.since });
    }
  };

  const scope = campaign.scope;
  if (scope.kind === 'groups') {
    for (const id of scope.groupIds) {
      const g = await group(id);
      if (!g) throw new ReviewInvalidError(`The campaign's scope names group ${id}, which is not in the directory. Check the id, or run a directory sync.`);
      await addGroupHoldings(g);
    }
  } else if (scope.kind === 'apps') {
    for (const id of scope.appIds) {
      const app = await directory.getApp(id);
      if (!app) throw new ReviewInvalidError(`The campaign's scope names app ${id}, which is not in the directory. Check the id, or run a directory sync.`);
      await addAppHoldings(app.id, app.label);
    }
  } else {
    const apps = new Map((await directory.listApps()).map((a) => [a.id, a.label]));
    for (const u of await usersOfDepartment(directory, scope.department)) {
      users.set(lower(u.id), u);
      for (const m of await directory.groupsOf(u.id)) {
        const g = await group(m.groupId);
        // Everyone is not access anyone reviews (and Okta itself manages it).
        if (!g || g.type === 'BUILT_IN') continue;
        await addGroupHoldings(g, u);
      }
      const appIds = [...new Set((await directory.appsOf(u.id)).map((h) => h.appId))];
      for (const appId of appIds) await addAppHoldings(appId, apps.get(appId) ?? appId, u);
    }
  }

  holdings.sort((a, b) => a.resource.name.localeCompare(b.resource.name) || a.resource.id.localeCompare(b.resource.id) || lower(a.user.login).localeCompare(lower(b.user.login)));
  const resolve = reviewerResolver(deps, campaign, user);
  const items: ReviewItem[] = [];
  const unreviewable: { login: string; resource: string }[] = [];
  for (const [i, h] of holdings.entries()) {
    const { reviewers, source } = await resolve(h);
    if (reviewers.length === 0) unreviewable.push({ login: h.user.login, resource: h.resource.name });
    items.push({
      id: `${campaign.id}.${String(i + 1).padStart(5, '0')}`,
      campaignId: campaign.id,
      userId: h.user.id,
      login: h.user.login,
      displayName: h.user.displayName,
      userStatus: h.user.status,
      resource: h.resource,
      how: h.how,
      since: h.since,
      reviewers,
      reviewerSource: source,
      decision: null,
      reassignments: [],
      change: null,
      createdAt: now,
    });
  }
  return { items, unreviewable };
}

/** A holder the mirror has no user record of: still reviewed (hiding access would be worse), under their id. */
const unknownUser = (id: string): DirUser => ({
  id,
  login: id,
  email: null,
  firstName: null,
  lastName: null,
  displayName: '',
  status: 'UNKNOWN',
  department: null,
  title: null,
  managerId: null,
  profile: {},
  lastUpdated: 0,
});

async function usersOfDepartment(directory: DirectoryReader, department: string): Promise<DirUser[]> {
  const out: DirUser[] = [];
  let afterLogin: string | undefined;
  for (;;) {
    const page = await directory.listUsers({ department, limit: 500, ...(afterLogin ? { afterLogin } : {}) });
    out.push(...page);
    if (page.length < 500) return out;
    afterLogin = page[page.length - 1]!.login;
  }
}

/** Resolves an item's reviewers from the campaign's source; the fallback when none is left (never the holder). */
function reviewerResolver(deps: GenerateDeps, campaign: Campaign, user: (idOrLogin: string) => Promise<DirUser | undefined>) {
  const owners = new Map<string, string[]>();
  let resources: Resource[] | undefined;
  const resourceOf = async (r: ReviewItem['resource']): Promise<Resource | undefined> => {
    if (r.kind === 'group') return (await deps.catalog.roleForGroup(r.id))?.resource;
    resources ??= await deps.catalog.listResources();
    return resources.find((x) => x.kind === 'app' && x.appId === r.id);
  };
  const ownersOf = async (r: ReviewItem['resource']): Promise<string[]> => {
    const key = `${r.kind}:${r.id}`;
    const cached = owners.get(key);
    if (cached) return cached;
    const resource = await resourceOf(r);
    const logins: string[] = [];
    if (resource) {
      for (const who of resource.owners.users) {
        const u = await user(who);
        if (canReview(u)) logins.push(u.login);
      }
      if (resource.owners.groupId) {
        for (const m of await deps.directory.membersOf(resource.owners.groupId)) {
          const u = await user(m.userId);
          if (canReview(u)) logins.push(u.login);
        }
      }
    }
    const unique = [...new Map(logins.map((l) => [lower(l), l])).values()];
    owners.set(key, unique);
    return unique;
  };
  const fallback = campaign.fallbackReviewer;
  return async (h: Holding): Promise<{ reviewers: string[]; source: ReviewItem['reviewerSource'] }> => {
    const self = lower(h.user.login);
    let candidates: string[] = [];
    const source = campaign.reviewers;
    if (source.kind === 'manager') {
      const manager = await deps.directory.managerOf(h.user.id);
      if (canReview(manager)) candidates = [manager.login];
    } else if (source.kind === 'owners') {
      candidates = await ownersOf(h.resource);
    } else {
      for (const who of source.logins) {
        const u = await user(who);
        candidates.push(u?.login ?? who);
      }
    }
    const reviewers = candidates.filter((l) => lower(l) !== self);
    if (reviewers.length > 0) return { reviewers, source: source.kind };
    if (fallback && lower(fallback) !== self) return { reviewers: [fallback], source: 'fallback' };
    return { reviewers: [], source: 'fallback' };
  };
}
