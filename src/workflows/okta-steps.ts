/**
 * `ctx.okta`: the Okta client as a workflow sees it. Every call is one journaled step, so a run that
 * resumes after a crash gets the journaled answer instead of calling Okta again, and a write is never
 * sent twice once its answer is journaled. Listings are collected into arrays (a step's result is
 * one JSON value).
 *
 * Step ids are derived from the call and its arguments (`okta.users.suspend("00u1")`), plus `#2`, `#3`
 * for repeats, so code that no longer makes the same calls in the same order is caught by the
 * engine's nondeterminism check.
 */
import { collect } from '../common/collect.ts';
import type { Json } from '../engine/contract.ts';
import type { OktaClient } from '../okta/index.ts';
import type { AppGroupAssignment, AppLink, AppUser, LogEvent, OktaApp, OktaGroup, OktaUser } from '../okta/index.ts';

type Users = OktaClient['users'];
type Groups = OktaClient['groups'];
type Apps = OktaClient['apps'];
type Params<F> = F extends (...args: infer A) => unknown ? A : never;

/** The journaled Okta client of `ctx.okta`. */
export interface JournaledOkta {
  users: {
    get(idOrLogin: string): Promise<OktaUser>;
    list(params?: Params<Users['list']>[0]): Promise<OktaUser[]>;
    create(input: Params<Users['create']>[0]): Promise<OktaUser>;
    update(id: string, profile: Params<Users['update']>[1]): Promise<OktaUser>;
    activate(id: string): Promise<void>;
    reactivate(id: string): Promise<void>;
    deactivate(id: string): Promise<void>;
    suspend(id: string): Promise<void>;
    unsuspend(id: string): Promise<void>;
    unlock(id: string): Promise<void>;
    resetPassword(id: string, options?: Params<Users['resetPassword']>[1]): Promise<void>;
    expirePassword(id: string): Promise<void>;
    resetFactors(id: string): Promise<void>;
    clearSessions(id: string, options?: Params<Users['clearSessions']>[1]): Promise<void>;
    delete(id: string): Promise<void>;
    groups(id: string): Promise<OktaGroup[]>;
    appLinks(id: string): Promise<AppLink[]>;
  };
  groups: {
    get(id: string): Promise<OktaGroup>;
    list(params?: Params<Groups['list']>[0]): Promise<OktaGroup[]>;
    create(profile: Params<Groups['create']>[0]): Promise<OktaGroup>;
    update(id: string, profile: Params<Groups['update']>[1]): Promise<OktaGroup>;
    delete(id: string): Promise<void>;
    members(id: string): Promise<OktaUser[]>;
    addMember(groupId: string, userId: string): Promise<void>;
    removeMember(groupId: string, userId: string): Promise<void>;
    apps(id: string): Promise<OktaApp[]>;
  };
  apps: {
    get(id: string): Promise<OktaApp>;
    list(params?: Params<Apps['list']>[0]): Promise<OktaApp[]>;
    users(appId: string): Promise<AppUser[]>;
    groups(appId: string): Promise<AppGroupAssignment[]>;
    assignUser(appId: string, userId: string, input?: Params<Apps['assignUser']>[2]): Promise<AppUser>;
    unassignUser(appId: string, userId: string): Promise<void>;
    assignGroup(appId: string, groupId: string, input?: Params<Apps['assignGroup']>[2]): Promise<AppGroupAssignment>;
    unassignGroup(appId: string, groupId: string): Promise<void>;
  };
  logs: {
    /** A bounded System Log query (`since`/`until` as Date or ISO string). */
    query(params: { since: Date | string; until?: Date | string; filter?: string; q?: string; sortOrder?: 'ASCENDING' | 'DESCENDING'; limit?: number }): Promise<LogEvent[]>;
  };
}

/** Whether a call reads or changes the org. */
export type OktaCallKind = 'read' | 'write';

/** One call as the journaling layer sees it. */
export interface OktaCall {
  /** `users.suspend` */
  name: string;
  /** The call's arguments as given (may hold a password: never log them whole). */
  args: unknown[];
  kind: OktaCallKind;
  /** The step id (`okta.users.suspend("00u1")`, `#2` … for repeats). */
  stepId: string;
  /** Performs the call against Okta; its result is JSON. */
  perform: () => Promise<Json | void>;
}

/** Runs one call: journaled in a real run, recorded (for writes) in a dry run. */
export type OktaCallRunner = (call: OktaCall) => Promise<unknown>;

/** The journaled form of a value: JSON, undefined properties dropped (as JSON.stringify does), undefined as null. */
export const toJson = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));

const toDate = (value: Date | string | undefined): Date | undefined => (value === undefined ? undefined : value instanceof Date ? value : new Date(value));

/** A short, stable rendering of call arguments for step ids (ids and names, not whole bodies). */
function describeArgs(args: unknown[]): string {
  const parts = args
    .filter((a) => a !== undefined)
    .map((a) => {
      if (typeof a === 'string') return JSON.stringify(a.length > 80 ? `${a.slice(0, 77)}…` : a);
      if (a instanceof Date) return JSON.stringify(a.toISOString());
      const text = JSON.stringify(a) ?? 'undefined';
      return text.length > 120 ? `${text.slice(0, 117)}…` : text;
    });
  return parts.join(', ');
}

/**
 * Builds `ctx.okta` over a client and a call runner. Each run gets its own (the repeat counters are
 * per run).
 */
export function createJournaledOkta(okta: OktaClient, run: OktaCallRunner): JournaledOkta {
  const seen = new Map<string, number>();
  const call = <T>(name: string, kind: OktaCallKind, args: unknown[], perform: () => Promise<unknown>, idArgs: unknown[] = args): Promise<T> => {
    const base = `okta.${name}(${describeArgs(idArgs)})`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const stepId = n === 1 ? base : `${base}#${n}`;
    return run({ name, args, kind, stepId, perform: perform as () => Promise<Json | void> }) as Promise<T>;
  };
  const read = <T>(name: string, args: unknown[], perform: () => Promise<unknown>, idArgs?: unknown[]) => call<T>(name, 'read', args, perform, idArgs);
  const write = <T>(name: string, args: unknown[], perform: () => Promise<unknown>, idArgs?: unknown[]) => call<T>(name, 'write', args, perform, idArgs);
  const nothing = async (p: Promise<unknown>) => {
    await p;
  };
  const { users, groups, apps, logs } = okta;
  return {
    users: {
      get: (id) => read('users.get', [id], () => users.get(id)),
      list: (params) => read('users.list', [params], () => collect(users.list(params))),
      // The id names the login only: the body may carry a password.
      create: (input) => write('users.create', [input], () => users.create(input), [input.profile.login]),
      update: (id, profile) => write('users.update', [id, profile], () => users.update(id, profile)),
      activate: (id) => write('users.activate', [id], () => nothing(users.activate(id))),
      reactivate: (id) => write('users.reactivate', [id], () => nothing(users.reactivate(id))),
      deactivate: (id) => write('users.deactivate', [id], () => users.deactivate(id)),
      suspend: (id) => write('users.suspend', [id], () => users.suspend(id)),
      unsuspend: (id) => write('users.unsuspend', [id], () => users.unsuspend(id)),
      unlock: (id) => write('users.unlock', [id], () => users.unlock(id)),
      resetPassword: (id, options) => write('users.resetPassword', [id, options], () => nothing(users.resetPassword(id, options))),
      expirePassword: (id) => write('users.expirePassword', [id], () => nothing(users.expirePassword(id))),
      resetFactors: (id) => write('users.resetFactors', [id], () => users.resetFactors(id)),
      clearSessions: (id, options) => write('users.clearSessions', [id, options], () => users.clearSessions(id, options)),
      delete: (id) => write('users.delete', [id], () => users.delete(id)),
      groups: (id) => read('users.groups', [id], () => users.groups(id)),
      appLinks: (id) => read('users.appLinks', [id], () => users.appLinks(id)),
    },
    groups: {
      get: (id) => read('groups.get', [id], () => groups.get(id)),
      list: (params) => read('groups.list', [params], () => collect(groups.list(params))),
      create: (profile) => write('groups.create', [profile], () => groups.create(profile)),
      update: (id, profile) => write('groups.update', [id, profile], () => groups.update(id, profile)),
      delete: (id) => write('groups.delete', [id], () => groups.delete(id)),
      members: (id) => read('groups.members', [id], () => collect(groups.members(id))),
      addMember: (groupId, userId) => write('groups.addMember', [groupId, userId], () => groups.addMember(groupId, userId)),
      removeMember: (groupId, userId) => write('groups.removeMember', [groupId, userId], () => groups.removeMember(groupId, userId)),
      apps: (id) => read('groups.apps', [id], () => collect(groups.apps(id))),
    },
    apps: {
      get: (id) => read('apps.get', [id], () => apps.get(id)),
      list: (params) => read('apps.list', [params], () => collect(apps.list(params))),
      users: (appId) => read('apps.users', [appId], () => collect(apps.users(appId))),
      groups: (appId) => read('apps.groups', [appId], () => collect(apps.groups(appId))),
      assignUser: (appId, userId, input) => write('apps.assignUser', [appId, userId], () => apps.assignUser(appId, userId, input)),
      unassignUser: (appId, userId) => write('apps.unassignUser', [appId, userId], () => apps.unassignUser(appId, userId)),
      assignGroup: (appId, groupId, input) => write('apps.assignGroup', [appId, groupId], () => apps.assignGroup(appId, groupId, input)),
      unassignGroup: (appId, groupId) => write('apps.unassignGroup', [appId, groupId], () => apps.unassignGroup(appId, groupId)),
    },
    logs: {
      // The id leaves out since/until: they are usually computed from "now", which differs on replay.
      query: (params) =>
        read(
          'logs.query',
          [params],
          () => {
            const { since, until, ...rest } = params;
            return collect(logs.query({ ...rest, since: toDate(since) as Date, ...(until !== undefined ? { until: toDate(until) as Date } : {}) }));
          },
          [{ filter: params.filter, q: params.q }],
        ),
    },
  };
}

/** What each Okta write is called: in a dry run's plan (`summary`) and in the audit log (`audit`, `noun.verb` past tense, CONVENTIONS 18). */
export const oktaWrites: Record<string, { summary: string; audit: string }> = {
  'users.create': { summary: 'Create user', audit: 'okta.user.created' },
  'users.update': { summary: 'Update profile of user', audit: 'okta.user.updated' },
  'users.activate': { summary: 'Activate user', audit: 'okta.user.activated' },
  'users.reactivate': { summary: 'Reactivate user', audit: 'okta.user.reactivated' },
  'users.deactivate': { summary: 'Deactivate user', audit: 'okta.user.deactivated' },
  'users.suspend': { summary: 'Suspend user', audit: 'okta.user.suspended' },
  'users.unsuspend': { summary: 'Unsuspend user', audit: 'okta.user.unsuspended' },
  'users.unlock': { summary: 'Unlock user', audit: 'okta.user.unlocked' },
  'users.resetPassword': { summary: 'Reset password of user', audit: 'okta.user.password_reset' },
  'users.expirePassword': { summary: 'Expire password of user', audit: 'okta.user.password_expired' },
  'users.resetFactors': { summary: 'Reset MFA factors of user', audit: 'okta.user.factors_reset' },
  'users.clearSessions': { summary: 'Clear sessions of user', audit: 'okta.user.sessions_cleared' },
  'users.delete': { summary: 'Delete user', audit: 'okta.user.deleted' },
  'groups.create': { summary: 'Create group', audit: 'okta.group.created' },
  'groups.update': { summary: 'Update group', audit: 'okta.group.updated' },
  'groups.delete': { summary: 'Delete group', audit: 'okta.group.deleted' },
  'groups.addMember': { summary: 'Add to group', audit: 'okta.group.member_added' },
  'groups.removeMember': { summary: 'Remove from group', audit: 'okta.group.member_removed' },
  'apps.assignUser': { summary: 'Assign app', audit: 'okta.app.user_assigned' },
  'apps.unassignUser': { summary: 'Unassign app', audit: 'okta.app.user_unassigned' },
  'apps.assignGroup': { summary: 'Assign app to group', audit: 'okta.app.group_assigned' },
  'apps.unassignGroup': { summary: 'Unassign app from group', audit: 'okta.app.group_unassigned' },
};
