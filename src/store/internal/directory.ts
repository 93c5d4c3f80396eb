/**
 * The directory mirror's queries (src/access/directory): users, groups, apps, memberships and app
 * assignments as last read from Okta.
 *
 * Two ways in. `dirReplaceAll` takes a whole snapshot and makes the mirror equal to it in ONE
 * transaction: it diffs the snapshot against the stored rows (in memory — ids only, so 50,000 users
 * cost milliseconds), writes what was added or changed in batched multi-row statements and deletes
 * what the snapshot no longer has (mark-and-sweep, with the snapshot as the mark). Nothing is written
 * before the whole snapshot has been read, and a failure rolls everything back, so a failed full sync
 * leaves the previous mirror intact. `dirApply` applies the ordered changes an incremental sync reads
 * from the System Log, also in one transaction.
 */
import { DeleteResult, sql, type Expression, type InsertResult, type SqlBool, type Transaction } from 'kysely';
import { jsonObjectSchema } from '../types.ts';
import { lockName, type StoreContext } from './context.ts';
import type { Database, DirGroupsTable, DirUsersTable } from './schema.ts';
import type { Selectable } from 'kysely';

/** A mirrored user (the same shape as the access layer's DirUser). */
export interface DirUserRecord {
  id: string;
  login: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  status: string;
  department: string | null;
  title: string | null;
  managerId: string | null;
  /** Okta's whole profile (JSON; validated as a JSON object when read back). */
  profile: Record<string, unknown>;
  lastUpdated: number;
}

export type DirGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

/** A mirrored group; `readOnly` is derived: not an OKTA_GROUP, or rule-managed. */
export interface DirGroupRecord {
  id: string;
  name: string;
  description: string | null;
  type: DirGroupType;
  ruleManaged: boolean;
  readOnly: boolean;
  lastUpdated: number;
}

export interface DirAppRecord {
  id: string;
  name: string;
  label: string;
  status: string;
}

export interface DirMembershipRecord {
  groupId: string;
  userId: string;
  since: number;
}

export interface DirAppHoldingRecord {
  appId: string;
  userId: string;
  direct: boolean;
  viaGroupIds: string[];
  since: number;
}

/** A whole directory as a full sync read it. */
export interface DirSnapshot {
  users: DirUserRecord[];
  groups: Omit<DirGroupRecord, 'readOnly'>[];
  apps: DirAppRecord[];
  memberships: { groupId: string; userId: string }[];
  /** Direct (USER-scope) assignments only. */
  appUsers: { appId: string; userId: string }[];
  appGroups: { appId: string; groupId: string; priority: number | null }[];
}

/** Rows added, changed and removed per kind by a replace or an apply. */
export interface DirChangeCounts {
  users: number;
  groups: number;
  memberships: number;
  apps: number;
  appAssignments: number;
}

/** One change read from the System Log (or made by Gatehouse itself), applied in order. */
export type DirOp =
  | { op: 'upsertUser'; user: DirUserRecord }
  | { op: 'deleteUser'; id: string }
  /** `ruleManaged` undefined keeps what the mirror has (false for a new group). */
  | { op: 'upsertGroup'; group: Omit<DirGroupRecord, 'readOnly' | 'ruleManaged'> & { ruleManaged?: boolean } }
  | { op: 'deleteGroup'; id: string }
  | { op: 'upsertApp'; app: DirAppRecord }
  | { op: 'deleteApp'; id: string }
  | { op: 'membership'; groupId: string; userId: string; present: boolean; at: number }
  | { op: 'appUser'; appId: string; userId: string; present: boolean; at: number }
  /** A new user joins the BUILT_IN Everyone group (Okta logs no membership event for it). */
  | { op: 'joinEveryone'; userId: string; at: number }
  /** Okta drops a user's direct app assignments when it deactivates them (without logging each). */
  | { op: 'dropDirectApps'; userId: string }
  | { op: 'replaceAppGroups'; appId: string; groups: { groupId: string; priority: number | null }[]; at: number }
  /** The groups some ACTIVE rule assigns people to: every other group is not rule-managed. */
  | { op: 'ruleManagedGroups'; groupIds: string[] };

/** Rows per multi-row statement: under SQLite's 32,766 variables (and PG's 65,535 parameters). */
const MAX_PARAMS = 30_000;
const chunks = <T>(items: readonly T[], columns: number): T[][] => {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
const splitKey = (key: string) => key.split('\u0000') as [string, string];
const lower = (s: string) => s.toLowerCase();

/** Rows an insert (ON CONFLICT DO NOTHING counts 0) or a delete touched. */
const affected = (result: InsertResult | DeleteResult): number => Number(result instanceof DeleteResult ? result.numDeletedRows : (result.numInsertedOrUpdatedRows ?? 0n));

/** Whether a stored user already says what Okta says (Okta bumps lastUpdated on every profile or status change). */
const sameUser = (a: Pick<DirUserRecord, 'lastUpdated' | 'status' | 'login' | 'managerId'>, b: DirUserRecord): boolean =>
  a.lastUpdated === b.lastUpdated && a.status === b.status && a.login === b.login && a.managerId === b.managerId;

const isGroupType = (t: string): t is DirGroupType => t === 'OKTA_GROUP' || t === 'APP_GROUP' || t === 'BUILT_IN';

export function createDirectoryQueries(ctx: StoreContext) {
  const { db } = ctx;
  /** A lower-cased prefix match without LIKE (no wildcard escaping, no collation surprises). */
  const startsWith = (column: string, prefix: string): Expression<SqlBool> =>
    sql<SqlBool>`substr(lower(${sql.ref(column)}), 1, ${prefix.length}) = ${lower(prefix)}`;
  /** Byte order on both dialects, so paging by login is the same everywhere. */
  const loginOrder = ctx.dialect === 'postgres' ? sql`login_key collate "C"` : sql`login_key`;

  const toUser = (row: Selectable<DirUsersTable>): DirUserRecord => ({
    id: row.id,
    login: row.login,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    status: row.status,
    department: row.department,
    title: row.title,
    managerId: row.manager_id,
    profile: ctx.codec.decode(row.profile, jsonObjectSchema, `dir_users[${row.id}].profile`),
    lastUpdated: row.last_updated,
  });
  const toGroup = (row: Selectable<DirGroupsTable>): DirGroupRecord => {
    const type: DirGroupType = isGroupType(row.type) ? row.type : 'OKTA_GROUP';
    const ruleManaged = row.rule_managed === 1;
    return { id: row.id, name: row.name, description: row.description, type, ruleManaged, readOnly: type !== 'OKTA_GROUP' || ruleManaged, lastUpdated: row.last_updated };
  };
  const userRow = (u: DirUserRecord, at: number) => ({
    id: u.id,
    login: u.login,
    login_key: lower(u.login),
    email: u.email,
    first_name: u.firstName,
    last_name: u.lastName,
    display_name: u.displayName,
    status: u.status,
    department: u.department,
    title: u.title,
    manager_id: u.managerId,
    // Lower-cased here, not by SQL lower() (ASCII-only on SQLite): "Élodie" must match "élo".
    search_text: [u.login, u.email, u.firstName, u.lastName, u.displayName].map((v) => `\n${lower(v ?? '')}`).join(''),
    profile: ctx.codec.encode(u.profile),
    last_updated: u.lastUpdated,
    synced_at: at,
  });

  async function upsertUsers(trx: Transaction<Database>, users: readonly DirUserRecord[], at: number): Promise<void> {
    for (const chunk of chunks(users, 15)) {
      await trx
        .insertInto('dir_users')
        .values(chunk.map((u) => userRow(u, at)))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            login: eb.ref('excluded.login'),
            login_key: eb.ref('excluded.login_key'),
            email: eb.ref('excluded.email'),
            first_name: eb.ref('excluded.first_name'),
            last_name: eb.ref('excluded.last_name'),
            display_name: eb.ref('excluded.display_name'),
            status: eb.ref('excluded.status'),
            department: eb.ref('excluded.department'),
            title: eb.ref('excluded.title'),
            manager_id: eb.ref('excluded.manager_id'),
            search_text: eb.ref('excluded.search_text'),
            profile: eb.ref('excluded.profile'),
            last_updated: eb.ref('excluded.last_updated'),
            synced_at: eb.ref('excluded.synced_at'),
          })),
        )
        .execute();
    }
  }

  async function upsertGroups(trx: Transaction<Database>, groups: readonly (Omit<DirGroupRecord, 'readOnly' | 'ruleManaged'> & { ruleManaged?: boolean })[], at: number): Promise<void> {
    for (const g of groups) {
      const row = { id: g.id, name: g.name, name_key: lower(g.name), description: g.description, type: g.type, last_updated: g.lastUpdated, synced_at: at };
      const ruleManaged = g.ruleManaged === undefined ? undefined : g.ruleManaged ? 1 : 0;
      await trx
        .insertInto('dir_groups')
        .values({ ...row, rule_managed: ruleManaged ?? 0 })
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, ...(ruleManaged === undefined ? {} : { rule_managed: ruleManaged }) }))
        .execute();
    }
  }

  async function upsertApps(trx: Transaction<Database>, apps: readonly DirAppRecord[], at: number): Promise<void> {
    for (const a of apps) {
      const row = { id: a.id, name: a.name, label: a.label, label_key: lower(a.label), status: a.status, synced_at: at };
      await trx.insertInto('dir_apps').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    }
  }

  async function deleteIds(trx: Transaction<Database>, table: 'dir_users' | 'dir_groups' | 'dir_apps', ids: readonly string[]): Promise<void> {
    for (const chunk of chunks(ids, 1)) await trx.deleteFrom(table).where('id', 'in', chunk).execute();
  }

  /** Deletes (a, b) pairs of a two-column key, batched by the first column. */
  async function deletePairs(trx: Transaction<Database>, table: 'dir_memberships' | 'dir_app_users' | 'dir_app_groups', keys: Iterable<string>): Promise<void> {
    const [first, second] = table === 'dir_memberships' ? (['group_id', 'user_id'] as const) : table === 'dir_app_users' ? (['app_id', 'user_id'] as const) : (['app_id', 'group_id'] as const);
    const byFirst = new Map<string, string[]>();
    for (const key of keys) {
      const [a, b] = splitKey(key);
      let list = byFirst.get(a);
      if (!list) byFirst.set(a, (list = []));
      list.push(b);
    }
    for (const [a, bs] of byFirst) {
      for (const chunk of chunks(bs, 1)) {
        await trx
          .deleteFrom(table)
          .where(sql.ref(first), '=', a)
          .where(sql.ref(second), 'in', chunk)
          .execute();
      }
    }
  }

  async function insertPairs(trx: Transaction<Database>, table: 'dir_memberships' | 'dir_app_users', rows: readonly { a: string; b: string; since: number }[]): Promise<void> {
    for (const chunk of chunks(rows, 3)) {
      if (table === 'dir_memberships') {
        await trx
          .insertInto('dir_memberships')
          .values(chunk.map((r) => ({ group_id: r.a, user_id: r.b, since: r.since })))
          .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
          .execute();
      } else {
        await trx
          .insertInto('dir_app_users')
          .values(chunk.map((r) => ({ app_id: r.a, user_id: r.b, since: r.since })))
          .onConflict((oc) => oc.columns(['app_id', 'user_id']).doNothing())
          .execute();
      }
    }
  }

  async function replaceAll(trx: Transaction<Database>, snap: DirSnapshot, at: number): Promise<DirChangeCounts> {
    const counts: DirChangeCounts = { users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 };

    // Users: write the new and the changed (Okta bumps lastUpdated on every profile or status change).
    const storedUsers = new Map((await trx.selectFrom('dir_users').select(['id', 'last_updated', 'manager_id', 'status', 'login']).execute()).map((r) => [r.id, r]));
    const changedUsers = snap.users.filter((u) => {
      const s = storedUsers.get(u.id);
      return !s || !sameUser({ lastUpdated: s.last_updated, status: s.status, login: s.login, managerId: s.manager_id }, u);
    });
    const seenUsers = new Set(snap.users.map((u) => u.id));
    const goneUsers = [...storedUsers.keys()].filter((id) => !seenUsers.has(id));
    await deleteIds(trx, 'dir_users', goneUsers);
    await upsertUsers(trx, changedUsers, at);
    counts.users = changedUsers.length + goneUsers.length;

    const storedGroups = new Map((await trx.selectFrom('dir_groups').selectAll().execute()).map((r) => [r.id, toGroup(r)]));
    const changedGroups = snap.groups.filter((g) => {
      const s = storedGroups.get(g.id);
      return !s || s.name !== g.name || s.description !== g.description || s.type !== g.type || s.ruleManaged !== g.ruleManaged || s.lastUpdated !== g.lastUpdated;
    });
    const seenGroups = new Set(snap.groups.map((g) => g.id));
    const goneGroups = [...storedGroups.keys()].filter((id) => !seenGroups.has(id));
    await deleteIds(trx, 'dir_groups', goneGroups);
    await upsertGroups(trx, changedGroups, at);
    counts.groups = changedGroups.length + goneGroups.length;

    const storedApps = new Map((await trx.selectFrom('dir_apps').selectAll().execute()).map((r) => [r.id, r]));
    const changedApps = snap.apps.filter((a) => {
      const s = storedApps.get(a.id);
      return !s || s.name !== a.name || s.label !== a.label || s.status !== a.status;
    });
    const seenApps = new Set(snap.apps.map((a) => a.id));
    const goneApps = [...storedApps.keys()].filter((id) => !seenApps.has(id));
    await deleteIds(trx, 'dir_apps', goneApps);
    await upsertApps(trx, changedApps, at);
    counts.apps = changedApps.length + goneApps.length;

    // Memberships and direct app assignments: set differences on keys; a kept row keeps its `since`.
    const syncPairs = async (table: 'dir_memberships' | 'dir_app_users', wanted: readonly { a: string; b: string }[]): Promise<number> => {
      const stored = new Set(
        table === 'dir_memberships'
          ? (await trx.selectFrom('dir_memberships').select(['group_id', 'user_id']).execute()).map((r) => pairKey(r.group_id, r.user_id))
          : (await trx.selectFrom('dir_app_users').select(['app_id', 'user_id']).execute()).map((r) => pairKey(r.app_id, r.user_id)),
      );
      const added: { a: string; b: string; since: number }[] = [];
      for (const w of wanted) {
        const key = pairKey(w.a, w.b);
        if (stored.delete(key)) continue;
        added.push({ ...w, since: at });
      }
      await deletePairs(trx, table, stored);
      await insertPairs(trx, table, added);
      return added.length + stored.size;
    };
    counts.memberships = await syncPairs('dir_memberships', snap.memberships.map((m) => ({ a: m.groupId, b: m.userId })));
    counts.appAssignments = await syncPairs('dir_app_users', snap.appUsers.map((m) => ({ a: m.appId, b: m.userId })));

    const storedAppGroups = new Map((await trx.selectFrom('dir_app_groups').select(['app_id', 'group_id', 'priority']).execute()).map((r) => [pairKey(r.app_id, r.group_id), r.priority]));
    for (const ag of snap.appGroups) {
      const key = pairKey(ag.appId, ag.groupId);
      const had = storedAppGroups.has(key);
      if (had && storedAppGroups.get(key) === ag.priority) {
        storedAppGroups.delete(key);
        continue;
      }
      storedAppGroups.delete(key);
      counts.appAssignments++;
      await trx
        .insertInto('dir_app_groups')
        .values({ app_id: ag.appId, group_id: ag.groupId, priority: ag.priority, since: at })
        .onConflict((oc) => oc.columns(['app_id', 'group_id']).doUpdateSet({ priority: ag.priority }))
        .execute();
    }
    await deletePairs(trx, 'dir_app_groups', storedAppGroups.keys());
    counts.appAssignments += storedAppGroups.size;
    return counts;
  }

  async function applyOp(trx: Transaction<Database>, op: DirOp, at: number, counts: DirChangeCounts): Promise<void> {
    switch (op.op) {
      case 'upsertUser': {
        const s = await trx.selectFrom('dir_users').select(['last_updated', 'status', 'login', 'manager_id']).where('id', '=', op.user.id).executeTakeFirst();
        if (s && sameUser({ lastUpdated: s.last_updated, status: s.status, login: s.login, managerId: s.manager_id }, op.user)) return;
        await upsertUsers(trx, [op.user], at);
        counts.users++;
        return;
      }
      case 'deleteUser': {
        const gone = await trx.deleteFrom('dir_users').where('id', '=', op.id).executeTakeFirst();
        const m = await trx.deleteFrom('dir_memberships').where('user_id', '=', op.id).executeTakeFirst();
        const a = await trx.deleteFrom('dir_app_users').where('user_id', '=', op.id).executeTakeFirst();
        counts.users += Number(gone.numDeletedRows);
        counts.memberships += Number(m.numDeletedRows);
        counts.appAssignments += Number(a.numDeletedRows);
        return;
      }
      case 'upsertGroup': {
        const s = await trx.selectFrom('dir_groups').selectAll().where('id', '=', op.group.id).executeTakeFirst();
        const g = op.group;
        if (s && s.name === g.name && s.description === g.description && s.type === g.type && s.last_updated === g.lastUpdated && (g.ruleManaged === undefined || (s.rule_managed === 1) === g.ruleManaged)) return;
        await upsertGroups(trx, [g], at);
        counts.groups++;
        return;
      }
      case 'deleteGroup': {
        const gone = await trx.deleteFrom('dir_groups').where('id', '=', op.id).executeTakeFirst();
        const m = await trx.deleteFrom('dir_memberships').where('group_id', '=', op.id).executeTakeFirst();
        const a = await trx.deleteFrom('dir_app_groups').where('group_id', '=', op.id).executeTakeFirst();
        counts.groups += Number(gone.numDeletedRows);
        counts.memberships += Number(m.numDeletedRows);
        counts.appAssignments += Number(a.numDeletedRows);
        return;
      }
      case 'upsertApp': {
        const s = await trx.selectFrom('dir_apps').selectAll().where('id', '=', op.app.id).executeTakeFirst();
        if (s && s.name === op.app.name && s.label === op.app.label && s.status === op.app.status) return;
        await upsertApps(trx, [op.app], at);
        counts.apps++;
        return;
      }
      case 'deleteApp': {
        const gone = await trx.deleteFrom('dir_apps').where('id', '=', op.id).executeTakeFirst();
        const u = await trx.deleteFrom('dir_app_users').where('app_id', '=', op.id).executeTakeFirst();
        const g = await trx.deleteFrom('dir_app_groups').where('app_id', '=', op.id).executeTakeFirst();
        counts.apps += Number(gone.numDeletedRows);
        counts.appAssignments += Number(u.numDeletedRows) + Number(g.numDeletedRows);
        return;
      }
      case 'membership': {
        const result = op.present
          ? await trx
              .insertInto('dir_memberships')
              .values({ group_id: op.groupId, user_id: op.userId, since: op.at })
              .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
              .executeTakeFirst()
          : await trx.deleteFrom('dir_memberships').where('group_id', '=', op.groupId).where('user_id', '=', op.userId).executeTakeFirst();
        counts.memberships += affected(result);
        return;
      }
      case 'appUser': {
        const result = op.present
          ? await trx
              .insertInto('dir_app_users')
              .values({ app_id: op.appId, user_id: op.userId, since: op.at })
              .onConflict((oc) => oc.columns(['app_id', 'user_id']).doNothing())
              .executeTakeFirst()
          : await trx.deleteFrom('dir_app_users').where('app_id', '=', op.appId).where('user_id', '=', op.userId).executeTakeFirst();
        counts.appAssignments += affected(result);
        return;
      }
      case 'joinEveryone': {
        const everyone = await trx.selectFrom('dir_groups').select('id').where('type', '=', 'BUILT_IN').where('name_key', '=', 'everyone').execute();
        for (const g of everyone) {
          const result = await trx
            .insertInto('dir_memberships')
            .values({ group_id: g.id, user_id: op.userId, since: op.at })
            .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
            .executeTakeFirst();
          counts.memberships += affected(result);
        }
        return;
      }
      case 'dropDirectApps': {
        const result = await trx.deleteFrom('dir_app_users').where('user_id', '=', op.userId).executeTakeFirst();
        counts.appAssignments += Number(result.numDeletedRows);
        return;
      }
      case 'replaceAppGroups': {
        const stored = new Map((await trx.selectFrom('dir_app_groups').select(['group_id', 'priority']).where('app_id', '=', op.appId).execute()).map((r) => [r.group_id, r.priority]));
        for (const g of op.groups) {
          const had = stored.has(g.groupId);
          const same = had && stored.get(g.groupId) === g.priority;
          stored.delete(g.groupId);
          if (same) continue;
          counts.appAssignments++;
          await trx
            .insertInto('dir_app_groups')
            .values({ app_id: op.appId, group_id: g.groupId, priority: g.priority, since: op.at })
            .onConflict((oc) => oc.columns(['app_id', 'group_id']).doUpdateSet({ priority: g.priority }))
            .execute();
        }
        if (stored.size > 0) await trx.deleteFrom('dir_app_groups').where('app_id', '=', op.appId).where('group_id', 'in', [...stored.keys()]).execute();
        counts.appAssignments += stored.size;
        return;
      }
      case 'ruleManagedGroups': {
        const ids = op.groupIds.length > 0 ? op.groupIds : ['\u0000none'];
        const on = await trx.updateTable('dir_groups').set({ rule_managed: 1 }).where('id', 'in', ids).where('rule_managed', '=', 0).executeTakeFirst();
        const off = await trx.updateTable('dir_groups').set({ rule_managed: 0 }).where('id', 'not in', ids).where('rule_managed', '=', 1).executeTakeFirst();
        counts.groups += Number(on.numUpdatedRows) + Number(off.numUpdatedRows);
        return;
      }
    }
  }

  /** Holdings from direct rows and from (group assigned to the app) × (membership), merged per (app, user). */
  function mergeHoldings(direct: { app_id: string; user_id: string; since: number }[], via: { app_id: string; user_id: string; group_id: string; since: number }[]): DirAppHoldingRecord[] {
    const out = new Map<string, DirAppHoldingRecord>();
    const get = (appId: string, userId: string, since: number) => {
      const key = pairKey(appId, userId);
      let h = out.get(key);
      if (!h) out.set(key, (h = { appId, userId, direct: false, viaGroupIds: [], since }));
      h.since = Math.min(h.since, since);
      return h;
    };
    for (const d of direct) get(d.app_id, d.user_id, d.since).direct = true;
    for (const v of via) get(v.app_id, v.user_id, v.since).viaGroupIds.push(v.group_id);
    for (const h of out.values()) h.viaGroupIds.sort();
    return [...out.values()];
  }

  /** Group-sourced holdings; a DEPROVISIONED user holds nothing through groups (as in Okta). */
  const viaGroups = () =>
    db
      .selectFrom('dir_app_groups as ag')
      .innerJoin('dir_memberships as m', 'm.group_id', 'ag.group_id')
      .innerJoin('dir_users as u', 'u.id', 'm.user_id')
      .where('u.status', '!=', 'DEPROVISIONED')
      .select(['ag.app_id', 'm.user_id', 'ag.group_id', sql<number>`case when m.since > ag.since then m.since else ag.since end`.as('since')]);

  return {
    /** Makes the mirror equal to a full snapshot, in one transaction; returns rows added, changed or removed. */
    async dirReplaceAll(snapshot: DirSnapshot, at: number): Promise<DirChangeCounts> {
      return db.transaction().execute(async (trx) => {
        await lockName(ctx, trx, 'directory.mirror');
        return replaceAll(trx, snapshot, at);
      });
    },

    /** Applies ordered changes in one transaction; returns how many of each kind were applied. */
    async dirApply(ops: readonly DirOp[], at: number): Promise<DirChangeCounts> {
      const counts: DirChangeCounts = { users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 };
      if (ops.length === 0) return counts;
      return db.transaction().execute(async (trx) => {
        await lockName(ctx, trx, 'directory.mirror');
        for (const op of ops) await applyOp(trx, op, at, counts);
        return counts;
      });
    },

    /** A user by id or by login (case-insensitive; the most recently updated one should two share a login mid-sync). */
    async dirGetUser(idOrLogin: string): Promise<DirUserRecord | undefined> {
      const row = await db
        .selectFrom('dir_users')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrLogin), eb('login_key', '=', lower(idOrLogin))]))
        .orderBy(sql`case when id = ${idOrLogin} then 0 else 1 end`)
        .orderBy('last_updated', 'desc')
        .executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    /** Users ordered by login (byte order), filtered and paged by `afterLogin`. */
    async dirListUsers(options: { query?: string; department?: string; status?: string; limit?: number; afterLogin?: string } = {}): Promise<DirUserRecord[]> {
      let q = db.selectFrom('dir_users').selectAll();
      const query = options.query?.trim();
      if (query) q = q.where(sql<SqlBool>`${sql.raw(ctx.dialect === 'postgres' ? 'strpos' : 'instr')}(search_text, ${`\n${lower(query)}`}) > 0`);
      if (options.department !== undefined) q = q.where(sql<SqlBool>`lower(department) = ${lower(options.department)}`);
      if (options.status !== undefined) q = q.where('status', '=', options.status.toUpperCase());
      if (options.afterLogin !== undefined) q = q.where(sql<SqlBool>`${loginOrder} > ${lower(options.afterLogin)}`);
      const rows = await q.orderBy(loginOrder).orderBy('id').limit(options.limit ?? 100).execute();
      return rows.map(toUser);
    },

    /** Ids of users by login (lower-cased keys), for resolving `profile.manager`. */
    async dirUserIdsByLogin(logins: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (const chunk of chunks([...new Set(logins.map(lower))], 1)) {
        const rows = await db.selectFrom('dir_users').select(['id', 'login_key']).where('login_key', 'in', chunk).execute();
        for (const r of rows) out.set(r.login_key, r.id);
      }
      return out;
    },

    async dirGetGroup(idOrName: string): Promise<DirGroupRecord | undefined> {
      const row = await db
        .selectFrom('dir_groups')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name_key', '=', lower(idOrName))]))
        .orderBy(sql`case when id = ${idOrName} then 0 else 1 end`)
        .executeTakeFirst();
      return row ? toGroup(row) : undefined;
    },

    /** Groups ordered by name; `query` is a case-insensitive prefix of the name. */
    async dirListGroups(options: { query?: string; limit?: number } = {}): Promise<DirGroupRecord[]> {
      let q = db.selectFrom('dir_groups').selectAll();
      const query = options.query?.trim();
      if (query) q = q.where(startsWith('name', query));
      const rows = await q.orderBy('name_key').orderBy('id').limit(options.limit ?? 1000).execute();
      return rows.map(toGroup);
    },

    async dirGetApp(idOrLabel: string): Promise<DirAppRecord | undefined> {
      const row = await db
        .selectFrom('dir_apps')
        .select(['id', 'name', 'label', 'status'])
        .where((eb) => eb.or([eb('id', '=', idOrLabel), eb('label_key', '=', lower(idOrLabel))]))
        .orderBy(sql`case when id = ${idOrLabel} then 0 else 1 end`)
        .executeTakeFirst();
      return row;
    },

    async dirListApps(): Promise<DirAppRecord[]> {
      return db.selectFrom('dir_apps').select(['id', 'name', 'label', 'status']).orderBy('label_key').orderBy('id').execute();
    },

    async dirMembersOf(groupId: string): Promise<DirMembershipRecord[]> {
      const rows = await db.selectFrom('dir_memberships').select(['group_id', 'user_id', 'since']).where('group_id', '=', groupId).orderBy('user_id').execute();
      return rows.map((r) => ({ groupId: r.group_id, userId: r.user_id, since: r.since }));
    },

    async dirGroupsOf(userId: string): Promise<DirMembershipRecord[]> {
      const rows = await db.selectFrom('dir_memberships').select(['group_id', 'user_id', 'since']).where('user_id', '=', userId).orderBy('group_id').execute();
      return rows.map((r) => ({ groupId: r.group_id, userId: r.user_id, since: r.since }));
    },

    async dirIsMember(groupId: string, userId: string): Promise<boolean> {
      const row = await db.selectFrom('dir_memberships').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
      return row !== undefined;
    },

    async dirHoldersOf(appId: string): Promise<DirAppHoldingRecord[]> {
      const direct = await db.selectFrom('dir_app_users').select(['app_id', 'user_id', 'since']).where('app_id', '=', appId).execute();
      const via = await viaGroups().where('ag.app_id', '=', appId).execute();
      return mergeHoldings(direct, via).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    },

    async dirAppsOf(userId: string): Promise<DirAppHoldingRecord[]> {
      const direct = await db.selectFrom('dir_app_users').select(['app_id', 'user_id', 'since']).where('user_id', '=', userId).execute();
      const via = await viaGroups().where('m.user_id', '=', userId).execute();
      return mergeHoldings(direct, via).sort((a, b) => (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0));
    },

    async dirGroupsOfApp(appId: string): Promise<{ groupId: string; priority: number | null }[]> {
      const rows = await db.selectFrom('dir_app_groups').select(['group_id', 'priority']).where('app_id', '=', appId).orderBy('priority').orderBy('group_id').execute();
      return rows.map((r) => ({ groupId: r.group_id, priority: r.priority }));
    },

    /** Row counts of the mirror. */
    async dirCounts(): Promise<{ users: number; groups: number; apps: number; memberships: number }> {
      const count = async (table: 'dir_users' | 'dir_groups' | 'dir_apps' | 'dir_memberships') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const [users, groups, apps, memberships] = await Promise.all([count('dir_users'), count('dir_groups'), count('dir_apps'), count('dir_memberships')]);
      return { users, groups, apps, memberships };
    },
  };
}
