/**
 * Directory sync: mirrors Okta users, groups, memberships, apps and app assignments into the store.
 *
 * - `full()` reads the whole directory (listings run a few at a time on the shared governor), then
 *   replaces the mirror in one transaction. The System Log position is taken at the START (minus a
 *   clock-skew margin), and after the snapshot is written an incremental pass replays the log from
 *   there: a change made while the snapshot was being read (Gatehouse ending a grant, an admin in
 *   Okta) is applied again instead of being undone by a stale page. Replaying events the snapshot
 *   already reflects is harmless: each event sets a final state, and they are applied in log order.
 * - `incremental()` reads the System Log from the stored cursor and applies what changed; objects an
 *   event names are re-read from Okta (one GET per distinct user, group or app), memberships and
 *   direct app assignments are taken from the event itself. Its cost is the changes, not the org.
 *   Without a cursor (first run) it runs a full sync.
 * - `start()` polls incrementally and runs a full re-check every `fullEveryMs` (default daily), which
 *   heals whatever the log cannot tell (an event outside retention, a change Okta does not log).
 *   With several processes on one database, only the holder of a lease (src/store/kv-lease.ts, kv
 *   `directory.sync/leader`) runs these scheduled passes, so the org's rate limits pay for one
 *   sync, not one per process. The holder renews it on a heartbeat (also during a long full sync);
 *   a crashed holder's lease expires after `leaseTtlMs` and the next process to try takes over;
 *   `stop()` releases it. `full()` and `incremental()` on demand run in any process.
 * - Every write that changed the mirror moves a store-wide mark (`mirrorVersion()`), so each
 *   process can tell when to rebuild what it derives from the mirror, whoever synced.
 *
 * A sync that fails writes nothing half-way: reads happen before the one write transaction, and the
 * cursor moves only after the changes it covers are written.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../../common/clock.ts';
import { OktaApiError, type LogEvent, type OktaApp, type OktaClient, type OktaGroup, type OktaUser, type Requester } from '../../okta/index.ts';
// The resources are rebuilt over a counting requester that wraps the client's own (same governor,
// same tokens): the count is of real requests, without changing the client.
import { createAppsResource } from '../../okta/resources/apps.ts';
import { createGroupsResource } from '../../okta/resources/groups.ts';
import { createLogsResource } from '../../okta/resources/logs.ts';
import { createUsersResource } from '../../okta/resources/users.ts';
import { createKvLease, readLease, type KvLease, type Store } from '../../store/index.ts';
import { DirectorySyncError } from './errors.ts';
import { createDirectoryReader } from './mirror.ts';
import type { DirectoryStatus } from './reader.ts';
import { markMirrorChanged, readMirrorVersion, readSyncState, syncLeaderKey, syncStateNamespace, writeSyncState, type SyncState } from './sync-state.ts';

type DirOp = Parameters<Store['dirApply']>[0][number];
type DirSnapshot = Parameters<Store['dirReplaceAll']>[0];
type SnapshotUser = DirSnapshot['users'][number];

/** Rows (full) or objects and links (incremental) changed, per kind. */
export interface SyncChanges {
  users: number;
  groups: number;
  memberships: number;
  apps: number;
  appAssignments: number;
}

/** What one sync did. */
export interface SyncReport {
  kind: 'full' | 'incremental';
  /** Okta Management API requests made (pages, GETs, System Log polls; retries inside the client not counted). */
  requests: number;
  durationMs: number;
  changes: SyncChanges;
  /** Where the next incremental sync reads the System Log from (ISO time). */
  cursor: string;
  /**
   * Full syncs only: what the snapshot itself corrected, before the System Log replay (`changes`
   * counts both). Zero on a re-check means incremental syncs had kept the mirror exact.
   */
  drift?: SyncChanges;
}

export interface SyncLogger {
  info(obj: Record<string, unknown>, message: string): void;
  warn(obj: Record<string, unknown>, message: string): void;
}

/** What the sync needs of the store. */
export type SyncStore = Pick<Store, 'dirReplaceAll' | 'dirApply' | 'dirUserIdsByLogin' | 'kvGet' | 'kvPut' | 'kvPutIfVersion'> & Parameters<typeof createDirectoryReader>[0];

/** The mirror's status, and who runs the scheduled syncs. */
export interface SyncStatus extends DirectoryStatus {
  scheduler: {
    /** The process (`hostname:pid:random`) holding the scheduled syncs' lease; null when none holds it (none started, or its holder stopped or died). */
    leader: string | null;
    /** When its lease runs out unless renewed (ms, the holder's clock). */
    leaseUntil: number | null;
    /** This process's id, to compare with `leader`. */
    thisProcess: string;
  };
}

/** The timers `start()` schedules its passes and its lease heartbeat on (tests drive them with a fake clock). */
export interface SyncTimers {
  /** Calls `callback` after `ms`; a promise it returns is not awaited by real timers. */
  setTimeout(callback: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: SyncTimers = {
  setTimeout: (callback, ms) => setTimeout(() => void callback(), ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface DirectorySyncOptions {
  /** The Okta client everything else uses (its governor is shared). */
  okta: () => OktaClient;
  store: SyncStore;
  clock: Clock;
  logger?: SyncLogger;
  /** Listings read at once during a full sync (default 6; the governor still caps requests in flight). */
  concurrency?: number;
  /** How far before its start a full sync begins reading the System Log (default 60 s of clock skew). */
  clockSkewMs?: number;
  /** This process's id in the scheduled syncs' lease (default `hostname:pid:random`; unique per process). */
  holder?: string;
  /** Timers of `start()` (default the real ones). */
  timers?: SyncTimers;
}

/** Events per System Log page (Okta's maximum). */
const LOG_PAGE = 1000;
/** Pages read before the changes they carry are written and the cursor saved. */
const PAGES_PER_BATCH = 10;
const DAY_MS = 86_400_000;

const emptyChanges = (): SyncChanges => ({ users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 });
const addChanges = (a: SyncChanges, b: SyncChanges): SyncChanges => ({
  users: a.users + b.users,
  groups: a.groups + b.groups,
  memberships: a.memberships + b.memberships,
  apps: a.apps + b.apps,
  appAssignments: a.appAssignments + b.appAssignments,
});
const time = (iso: string | null | undefined): number => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
};
const changedAny = (c: SyncChanges): boolean => Object.values(c).some((n) => n > 0);
const isNotFound = (error: unknown) => error instanceof OktaApiError && error.status === 404;

/** The client's resources over a requester that counts what it sends. */
function countedApi(okta: OktaClient) {
  let requests = 0;
  const request: Requester = (req) => {
    requests++;
    return okta.request(req);
  };
  return {
    users: createUsersResource(request),
    groups: createGroupsResource(request),
    apps: createAppsResource(request),
    logs: createLogsResource(request),
    requests: () => requests,
  };
}
type Api = ReturnType<typeof countedApi>;

/**
 * Runs tasks at most `limit` at a time; after the first failure no task starts and running listings
 * stop at their next page. (In-flight requests are left to finish rather than aborted: an aborted
 * fetch can leave its keep-alive socket for the server to time out.)
 */
async function runAll<T>(tasks: readonly ((signal: AbortSignal) => Promise<T>)[], limit: number, controller: AbortController): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !controller.signal.aborted) {
      const i = next++;
      try {
        results[i] = await (tasks[i] as (signal: AbortSignal) => Promise<T>)(controller.signal);
      } catch (error) {
        controller.abort(error);
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  if (controller.signal.aborted) throw controller.signal.reason;
  return results;
}

/** Every item of a listing, stopping early (with what it has) once `signal` aborts — runAll then throws. */
async function collect<T>(items: AsyncIterable<T>, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    if (signal?.aborted) break;
    out.push(item);
  }
  return out;
}

/** A user as mirrored; `managerId` from the profile, else `profile.manager` (a login) resolved by `byLogin`. */
function toDirUser(user: OktaUser, byLogin: (login: string) => string | undefined): SnapshotUser {
  const p = user.profile;
  const first = p.firstName ?? null;
  const last = p.lastName ?? null;
  const display = p.displayName || [first, last].filter(Boolean).join(' ') || p.login;
  return {
    id: user.id,
    login: p.login,
    email: p.email ?? null,
    firstName: first,
    lastName: last,
    displayName: display,
    status: user.status,
    department: p.department ?? null,
    title: p.title ?? null,
    managerId: p.managerId || (p.manager ? (byLogin(p.manager) ?? null) : null),
    profile: p,
    lastUpdated: time(user.lastUpdated),
  };
}

const toDirGroup = (g: OktaGroup) => ({ id: g.id, name: g.profile.name, description: g.profile.description ?? null, type: g.type, lastUpdated: time(g.lastUpdated ?? g.created) });
const toDirApp = (a: OktaApp) => ({ id: a.id, name: a.name, label: a.label, status: a.status });

/** Groups some ACTIVE rule assigns people to. */
async function ruleManagedGroupIds(api: Api): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const rule of api.groups.rules.list()) if (rule.status === 'ACTIVE') for (const id of rule.actions.assignUserToGroups.groupIds) ids.add(id);
  return ids;
}

/** Reads the whole directory. Nothing is written here. */
async function readSnapshot(api: Api, concurrency: number): Promise<DirSnapshot> {
  const controller = new AbortController();
  // The two user listings (a plain list leaves DEPROVISIONED users out) and the small lists go first.
  const [active, deprovisioned, groups, rules, apps] = (await runAll<unknown[]>(
    [
      (s) => collect(api.users.list({}), s),
      (s) => collect(api.users.list({ filter: 'status eq "DEPROVISIONED"' }), s),
      (s) => collect(api.groups.list({}), s),
      async () => [...(await ruleManagedGroupIds(api))],
      (s) => collect(api.apps.list({}), s),
    ],
    concurrency,
    controller,
  )) as [OktaUser[], OktaUser[], OktaGroup[], string[], OktaApp[]];

  const memberships: DirSnapshot['memberships'] = [];
  const appUsers: DirSnapshot['appUsers'] = [];
  const appGroups: DirSnapshot['appGroups'] = [];
  const tasks: ((signal: AbortSignal) => Promise<void>)[] = [
    ...groups.map((g) => async (s: AbortSignal) => {
      for (const member of await collect(api.groups.members(g.id, { limit: 1000 }), s)) memberships.push({ groupId: g.id, userId: member.id });
    }),
    ...apps.map((a) => async (s: AbortSignal) => {
      // Okta lists group-sourced holders too (scope GROUP); the mirror derives those from memberships.
      for (const holder of await collect(api.apps.users(a.id), s)) if (holder.scope === 'USER') appUsers.push({ appId: a.id, userId: holder.id });
    }),
    ...apps.map((a) => async (s: AbortSignal) => {
      for (const assignment of await collect(api.apps.groups(a.id), s)) appGroups.push({ appId: a.id, groupId: assignment.id, priority: assignment.priority ?? null });
    }),
  ];
  await runAll(tasks, concurrency, controller);

  const users = new Map<string, OktaUser>();
  for (const u of [...active, ...deprovisioned]) users.set(u.id, u);
  const idByLogin = new Map<string, string>();
  for (const u of users.values()) idByLogin.set(u.profile.login.toLowerCase(), u.id);
  const ruled = new Set(rules);
  return {
    users: [...users.values()].map((u) => toDirUser(u, (login) => idByLogin.get(login.toLowerCase()))),
    groups: groups.map((g) => ({ ...toDirGroup(g), ruleManaged: ruled.has(g.id) })),
    apps: apps.map(toDirApp),
    memberships,
    appUsers,
    appGroups,
  };
}

/** The ids of an event's targets of one type. */
const targetsOf = (event: LogEvent, type: string): string[] => (event.target ?? []).filter((t) => t.type === type && t.id).map((t) => t.id as string);

/**
 * Turns a batch of System Log events into ordered mirror changes, re-reading from Okta the users,
 * groups and apps they name. Order of the result: the events' own changes (memberships, direct app
 * assignments) in log order, then the re-read objects (their current state), then deletions (an
 * object Okta no longer has takes its links with it).
 */
async function planChanges(api: Api, store: SyncStore, events: readonly LogEvent[], concurrency: number): Promise<DirOp[]> {
  const ordered: DirOp[] = [];
  // App group assignments first seen here date from the batch's last event.
  const batchAt = time(events[events.length - 1]?.published);
  const users = new Set<string>();
  const groups = new Set<string>();
  const apps = new Set<string>();
  const appGroupLists = new Set<string>();
  let rulesChanged = false;
  for (const e of events) {
    if (e.outcome?.result && e.outcome.result !== 'SUCCESS') continue;
    const type = e.eventType;
    const at = time(e.published);
    if (type === 'group.user_membership.add' || type === 'group.user_membership.remove') {
      const [userId] = targetsOf(e, 'User');
      const [groupId] = targetsOf(e, 'UserGroup');
      if (userId && groupId) ordered.push({ op: 'membership', groupId, userId, present: type.endsWith('.add'), at });
    } else if (type === 'application.user_membership.add' || type === 'application.user_membership.remove') {
      const [userId] = targetsOf(e, 'User');
      const [appId] = targetsOf(e, 'AppInstance');
      if (userId && appId) ordered.push({ op: 'appUser', appId, userId, present: type.endsWith('.add'), at });
    } else if (type.startsWith('user.lifecycle.') || type.startsWith('user.account.')) {
      for (const id of targetsOf(e, 'User')) {
        users.add(id);
        // Okta drops a deactivated user's direct assignments without an event per app, and puts a new
        // user in Everyone without a membership event.
        if (type === 'user.lifecycle.deactivate') ordered.push({ op: 'dropDirectApps', userId: id });
        if (type === 'user.lifecycle.create') ordered.push({ op: 'joinEveryone', userId: id, at });
      }
    } else if (type === 'group.lifecycle.create' || type === 'group.lifecycle.delete' || type === 'group.profile.update') {
      for (const id of targetsOf(e, 'UserGroup')) groups.add(id);
    } else if (type.startsWith('group.application_assignment.')) {
      for (const id of targetsOf(e, 'AppInstance')) appGroupLists.add(id);
    } else if (type.startsWith('group.rule.')) {
      rulesChanged = true;
    } else if (type.startsWith('application.lifecycle.')) {
      for (const id of targetsOf(e, 'AppInstance')) apps.add(id);
    }
    // Anything else (sessions, sign-ins, factors, tokens…) does not change the mirror.
  }

  const upserts: DirOp[] = [];
  const deletes: DirOp[] = [];
  const readUsers: OktaUser[] = [];
  const orNotFound = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const controller = new AbortController();
  let ruled: Set<string> | undefined;
  await runAll<void>(
    [
      ...[...users].map((id) => async () => {
        const user = await orNotFound(() => api.users.get(id));
        if (user) readUsers.push(user);
        else deletes.push({ op: 'deleteUser', id });
      }),
      ...[...groups].map((id) => async () => {
        const group = await orNotFound(() => api.groups.get(id));
        if (group) upserts.push({ op: 'upsertGroup', group: toDirGroup(group) });
        else deletes.push({ op: 'deleteGroup', id });
      }),
      ...[...apps].map((id) => async () => {
        const app = await orNotFound(() => api.apps.get(id));
        if (app) upserts.push({ op: 'upsertApp', app: toDirApp(app) });
        else deletes.push({ op: 'deleteApp', id });
      }),
      ...[...appGroupLists].map((appId) => async (s: AbortSignal) => {
        const assigned = await orNotFound(() => collect(api.apps.groups(appId), s));
        if (assigned) upserts.push({ op: 'replaceAppGroups', appId, groups: assigned.map((a) => ({ groupId: a.id, priority: a.priority ?? null })), at: batchAt });
      }),
      ...(rulesChanged
        ? [
            async () => {
              ruled = await ruleManagedGroupIds(api);
            },
          ]
        : []),
    ],
    concurrency,
    controller,
  );

  // `profile.manager` names a login: resolve it among the users just read, then in the mirror.
  const wanted = readUsers.filter((u) => !u.profile.managerId && u.profile.manager).map((u) => u.profile.manager as string);
  const known = wanted.length > 0 ? await store.dirUserIdsByLogin(wanted) : new Map<string, string>();
  for (const u of readUsers) known.set(u.profile.login.toLowerCase(), u.id);
  for (const u of readUsers) {
    upserts.push({ op: 'upsertUser', user: toDirUser(u, (login) => known.get(login.toLowerCase())) });
    if (u.status === 'DEPROVISIONED') deletes.push({ op: 'dropDirectApps', userId: u.id });
  }
  if (ruled) upserts.push({ op: 'ruleManagedGroups', groupIds: [...ruled] });
  return [...ordered, ...upserts, ...deletes];
}

/**
 * Creates the directory sync.
 * @example
 * const sync = createDirectorySync({ okta: () => okta, store, clock: systemClock });
 * await sync.full();
 * sync.start(60_000, (error) => logger.error({ err: error }, 'directory sync failed'));
 */
export function createDirectorySync(options: DirectorySyncOptions) {
  const { store, clock } = options;
  const concurrency = options.concurrency ?? 6;
  const skewMs = options.clockSkewMs ?? 60_000;
  const reader = createDirectoryReader(store);
  const timers = options.timers ?? realTimers;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** What `start()` runs until `stop()`. */
  interface Schedule {
    lease: KvLease;
    /** No pass starts any more. */
    stopping: boolean;
    /** The heartbeat goes on (until the last pass has finished). */
    beating: boolean;
    pass?: unknown;
    beat?: unknown;
  }
  let running: Schedule | undefined;
  // One sync at a time in this process (a full and an incremental must not interleave their writes).
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };

  const wrap = (what: string, error: unknown): DirectorySyncError =>
    error instanceof DirectorySyncError ? error : new DirectorySyncError(`The ${what} directory sync failed; the mirror keeps what it had: ${(error as Error).message}`, { cause: error });

  /** Reads the System Log from the state's cursor until caught up, applying and saving batch by batch. */
  async function catchUp(api: Api, state: SyncState): Promise<{ changes: SyncChanges; state: SyncState }> {
    const poller = api.logs.poller({ cursor: state.logCursor });
    let changes = emptyChanges();
    let current = state;
    for (let done = false; !done; ) {
      const events: LogEvent[] = [];
      for (let page = 0; page < PAGES_PER_BATCH; page++) {
        const batch = await poller.poll();
        events.push(...batch);
        // A short page means the log is read to its end (a polling query always offers a next link).
        if (batch.length < LOG_PAGE) {
          done = true;
          break;
        }
      }
      const ops = await planChanges(api, store, events, concurrency);
      const applied = await store.dirApply(ops, clock.now());
      if (changedAny(applied)) await markMirrorChanged(store, clock.now());
      changes = addChanges(changes, applied);
      const last = events[events.length - 1];
      current = { ...current, logCursor: poller.cursor(), logSince: last ? last.published : current.logSince };
      await writeSyncState(store, current);
    }
    return { changes, state: current };
  }

  async function runFull(): Promise<SyncReport> {
    const started = clock.now();
    const api = countedApi(options.okta());
    const since = new Date(started - skewMs);
    // Taken before the first page: everything logged after this is replayed over the snapshot.
    const logCursor = api.logs.poller({ since, limit: LOG_PAGE }).cursor();
    const previous = await readSyncState(store);
    let drift: SyncChanges;
    try {
      const snapshot = await readSnapshot(api, concurrency);
      drift = await store.dirReplaceAll(snapshot, clock.now());
      if (changedAny(drift)) await markMirrorChanged(store, clock.now());
    } catch (error) {
      throw wrap('full', error);
    }
    let state: SyncState = { logCursor, logSince: since.toISOString(), lastFullSyncAt: clock.now(), lastIncrementalSyncAt: previous?.lastIncrementalSyncAt ?? null };
    await writeSyncState(store, state);
    let changes = drift;
    try {
      const caught = await catchUp(api, state);
      changes = addChanges(changes, caught.changes);
      state = caught.state;
    } catch (error) {
      throw wrap('full (catching up with the System Log)', error);
    }
    const report: SyncReport = { kind: 'full', requests: api.requests(), durationMs: clock.now() - started, changes, cursor: state.logSince, drift };
    options.logger?.info({ ...report }, 'directory full sync done');
    return report;
  }

  async function runIncremental(): Promise<SyncReport> {
    const previous = await readSyncState(store);
    if (!previous) return runFull();
    const started = clock.now();
    const api = countedApi(options.okta());
    let caught: { changes: SyncChanges; state: SyncState };
    try {
      caught = await catchUp(api, previous);
    } catch (error) {
      // A cursor Okta refuses (older than the log's retention, malformed): start over with a full sync.
      if (error instanceof OktaApiError && error.status === 400 && error.path.startsWith('/api/v1/logs')) {
        options.logger?.warn({ cursor: previous.logCursor }, 'the System Log refused the stored cursor; running a full directory sync');
        return runFull();
      }
      throw wrap('incremental', error);
    }
    const state = { ...caught.state, lastIncrementalSyncAt: clock.now() };
    await writeSyncState(store, state);
    return { kind: 'incremental', requests: api.requests(), durationMs: clock.now() - started, changes: caught.changes, cursor: state.logSince };
  }

  return {
    /** Reads the whole directory and replaces the mirror (then replays the System Log from where it started). */
    full: (): Promise<SyncReport> => exclusive(runFull),
    /** Applies what the System Log says changed since the last sync (a full sync when there was none). */
    incremental: (): Promise<SyncReport> => exclusive(runIncremental),
    /** Counts and times of the mirror, and which process runs the scheduled syncs. */
    status: async (): Promise<SyncStatus> => {
      const [mirror, lease] = await Promise.all([reader.status(), readLease(store, syncStateNamespace, syncLeaderKey)]);
      const live = lease !== undefined && lease.until > clock.now();
      return { ...mirror, scheduler: { leader: live ? lease.holder : null, leaseUntil: live ? lease.until : null, thisProcess: holder } };
    },
    /** The store-wide "mirror changed" mark: it moves whenever a sync (in any process) changed the mirror. */
    mirrorVersion: (): Promise<number> => readMirrorVersion(store),
    /** This process's id in the scheduled syncs' lease. */
    holder,
    /** Whether this process holds the lease of the scheduled syncs (as far as it knows). */
    isLeader: (): boolean => running?.lease.held() ?? false,
    /**
     * Syncs every `intervalMs` until `stop()`: incrementally, and fully when the last full sync is
     * older than `fullEveryMs` (default one day; the due time is kept in the store, so restarts keep it).
     * A pass runs only in the process holding the lease (`leaseTtlMs`, default three intervals);
     * the others try to take it at each interval and skip the pass while another holds it.
     */
    start(
      intervalMs: number,
      onError: (error: unknown) => void,
      schedule: { fullEveryMs?: number; onSynced?: (report: SyncReport) => void; leaseTtlMs?: number } = {},
    ): void {
      if (running) return;
      const fullEveryMs = schedule.fullEveryMs ?? DAY_MS;
      const ttlMs = schedule.leaseTtlMs ?? 3 * intervalMs;
      const s: Schedule = { lease: createKvLease({ store, clock, namespace: syncStateNamespace, key: syncLeaderKey, holder, ttlMs }), stopping: false, beating: true };
      running = s;
      const loop = async () => {
        try {
          // Decided inside the queue, so that stop() waiting for the queue also waits for this pass.
          await exclusive(async () => {
            if (s.stopping) return;
            // Another process holds the lease: it runs the scheduled syncs.
            if (!(await s.lease.acquire())) return;
            const state = await readSyncState(store);
            const due = !state || state.lastFullSyncAt === null || clock.now() - state.lastFullSyncAt >= fullEveryMs;
            // Not inside `onSynced?.(…)`: an optional call skips evaluating its arguments when there is no callback.
            const report = await (due ? runFull() : runIncremental());
            schedule.onSynced?.(report);
          });
        } catch (error) {
          onError(error);
        }
        if (!s.stopping) s.pass = timers.setTimeout(loop, intervalMs);
      };
      // Renews the lease while held, between passes and during one (a full sync may outlast the TTL).
      const heartbeat = () => {
        s.beat = timers.setTimeout(async () => {
          try {
            await s.lease.renew();
          } catch (error) {
            onError(error);
          }
          if (s.beating) heartbeat();
        }, Math.max(1, Math.floor(ttlMs / 3)));
      };
      s.pass = timers.setTimeout(loop, 0);
      heartbeat();
    },
    /**
     * Stops the timers; resolves once a sync that is under way has finished (so the store can be
     * closed), and the lease is released, so another process takes the scheduled syncs over at its next pass.
     */
    async stop(): Promise<void> {
      const s = running;
      if (s) {
        s.stopping = true;
        timers.clearTimeout(s.pass);
      }
      await queue;
      if (!s) return;
      s.beating = false;
      timers.clearTimeout(s.beat);
      running = undefined;
      await s.lease.release();
    },
  };
}

/** The directory sync's type. */
export type DirectorySync = ReturnType<typeof createDirectorySync>;
