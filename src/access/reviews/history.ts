/**
 * Access history of a resource (a catalog resource and optionally one of its roles, an Okta group or
 * an Okta app). Two real sources, merged by time: the directory mirror says who holds it now and since
 * when (`member_since`, `assigned_since`: the membership's System Log time, or when a sync first saw
 * it); the hash-chained audit log says what Gatehouse did to it — Okta writes from workflows
 * (`okta.group.member_removed`, target = the group), grants and their end (`access.*`, matched by
 * `groupId` / `resourceId` in the entry's data) and review decisions and revocations (`review.*`).
 * Changes made in Okta outside Gatehouse show only as the current `since`.
 */
import { toCsv } from '../../common/csv.ts';
import type { AuditEntry, JsonObject } from '../../store/index.ts';
import type { DirectoryReader } from '../directory/reader.ts';
import type { ResourceCatalogPort } from '../model.ts';
import { ReviewInvalidError, ReviewNotFoundError } from './errors.ts';
import type { AccessHistoryEntry } from './model.ts';

export const historyResourceKinds = ['resource', 'group', 'app'] as const;
export type HistoryResourceKind = (typeof historyResourceKinds)[number];

/** What history reads. */
export interface HistoryDeps {
  directory: DirectoryReader;
  catalog: ResourceCatalogPort;
  audit: { listAudit(query: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]> };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The history, oldest first. */
export async function accessHistory(deps: HistoryDeps, kind: HistoryResourceKind, id: string, roleId?: string): Promise<AccessHistoryEntry[]> {
  const groupIds = new Set<string>();
  const appIds = new Set<string>();
  let resourceId: string | null = null;
  if (kind === 'resource') {
    const resource = await deps.catalog.getResource(id);
    if (!resource) throw new ReviewNotFoundError(`There is no requestable resource "${id}" (gatehouse access resources lists them).`);
    const roles = roleId ? resource.roles.filter((r) => r.id === roleId) : resource.roles;
    if (roleId && roles.length === 0) throw new ReviewInvalidError(`Resource "${id}" has no role "${roleId}"; its roles are ${resource.roles.map((r) => r.id).join(', ')}.`);
    for (const r of roles) groupIds.add(r.groupId);
    if (!roleId && resource.kind === 'app' && resource.appId) appIds.add(resource.appId);
    resourceId = resource.id;
  } else if (kind === 'group') {
    const g = await deps.directory.getGroup(id);
    groupIds.add(g?.id ?? id);
  } else {
    const a = await deps.directory.getApp(id);
    appIds.add(a?.id ?? id);
  }

  const logins = new Map<string, string | null>();
  const loginOf = async (userId: string) => {
    if (!logins.has(userId)) logins.set(userId, (await deps.directory.getUser(userId))?.login ?? null);
    return logins.get(userId) ?? null;
  };
  const out: AccessHistoryEntry[] = [];
  for (const groupId of groupIds) {
    for (const m of await deps.directory.membersOf(groupId)) {
      out.push({ at: m.since, userId: m.userId, login: await loginOf(m.userId), event: 'member_since', objectId: groupId, by: null, source: 'directory', auditSeq: null, detail: 'holds it now' });
    }
  }
  for (const appId of appIds) {
    for (const h of await deps.directory.holdersOf(appId)) {
      const how = [h.direct ? 'direct' : '', ...h.viaGroupIds.map((g) => `group ${g}`)].filter(Boolean).join(', ');
      out.push({ at: h.since, userId: h.userId, login: await loginOf(h.userId), event: 'assigned_since', objectId: appId, by: null, source: 'directory', auditSeq: null, detail: `holds it now (${how})` });
    }
  }

  const objects = new Set([...groupIds, ...appIds]);
  const objectOf = (e: AuditEntry): string | null => {
    const d = e.data;
    const args = Array.isArray(d.args) ? d.args : [];
    for (const candidate of [e.target, str(d.groupId), str(d.appId), str(d.resourceId), str(args[0])]) {
      if (candidate && objects.has(candidate)) return candidate;
    }
    if (resourceId && d.resourceId === resourceId && (!roleId || d.roleId === roleId)) return str(d.groupId) ?? resourceId;
    return null;
  };
  let afterSeq = 0;
  for (;;) {
    const page = await deps.audit.listAudit({ afterSeq, limit: 1000 });
    for (const e of page) {
      const objectId = objectOf(e);
      if (!objectId) continue;
      const d: JsonObject = e.data;
      const args = Array.isArray(d.args) ? d.args : [];
      const userId = str(d.userId) ?? str(d.forUserId) ?? str(args[1]);
      const login = str(d.login) ?? str(d.forUser) ?? (userId ? await loginOf(userId) : null);
      const detail = [str(d.outcome), str(d.comment), str(d.reason), str(d.campaignId) ? `campaign ${str(d.campaignId)}` : null].filter(Boolean).join(' — ');
      out.push({ at: e.at, userId, login, event: e.action, objectId, by: e.actor, source: 'audit', auditSeq: e.seq, detail });
    }
    if (page.length < 1000) break;
    afterSeq = page[page.length - 1]!.seq;
  }
  return out.sort((a, b) => a.at - b.at || (a.auditSeq ?? 0) - (b.auditSeq ?? 0));
}

const columns = ['at', 'event', 'login', 'user_id', 'object_id', 'by', 'source', 'audit_seq', 'detail'] as const;

/** The history as CSV. */
export function historyToCsv(entries: readonly AccessHistoryEntry[]): string {
  return toCsv(
    columns,
    entries.map((e) => ({ at: new Date(e.at).toISOString(), event: e.event, login: e.login, user_id: e.userId, object_id: e.objectId, by: e.by, source: e.source, audit_seq: e.auditSeq, detail: e.detail })),
  );
}
