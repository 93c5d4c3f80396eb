import type { Clock } from '../../common/clock.ts';
import type { IdGenerator } from './ids.ts';
import type {
  AccessTokenRecord,
  AppGroupRecord,
  AppRecord,
  AppUserRecord,
  AuthorizationCodeRecord,
  GrantRecord,
  GroupRecord,
  GroupRuleRecord,
  LogEventRecord,
  RoleAssignmentRecord,
  UserRecord,
} from './types.ts';

/** How a user came to be in a group: by hand (`manual`) and/or by one or more group rules (their ids). */
export type MembershipSources = ReadonlySet<string>;

/** The shared source set for a membership made by hand; copied on write, so 100,000 memberships share one object. */
export const MANUAL: MembershipSources = Object.freeze(new Set(['manual'])) as MembershipSources;

/** A user's serialized collection JSON and the fields it was made from (http/serialize.ts). */
export interface CachedUserText {
  origin: string;
  version: number;
  profile: UserRecord['profile'];
  lastUpdated: number;
  status: UserRecord['status'];
  statusChanged: number | null;
  lastLogin: number | null;
  passwordChanged: number | null;
  /** UTF-8 JSON. */
  bytes: Buffer;
}

/** A sorted id list that pages by "after = last id seen". Ids are created in ascending order. */
export class OrderedIds {
  private ids: string[] = [];

  /** Appends an id; ids normally arrive in ascending order, otherwise it is inserted in place. */
  add(id: string): void {
    const last = this.ids[this.ids.length - 1];
    if (last === undefined || last < id) this.ids.push(id);
    else this.ids.splice(this.lowerBound(id), 0, id);
  }

  remove(id: string): void {
    const i = this.lowerBound(id);
    if (this.ids[i] === id) this.ids.splice(i, 1);
  }

  /** Index of the first id strictly greater than `after` (0 when absent). */
  startAfter(after: string | undefined): number {
    if (after === undefined) return 0;
    const i = this.lowerBound(after);
    return this.ids[i] === after ? i + 1 : i;
  }

  get size(): number {
    return this.ids.length;
  }

  at(i: number): string | undefined {
    return this.ids[i];
  }

  all(): readonly string[] {
    return this.ids;
  }

  private lowerBound(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as string) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The whole state of one emulated org, with the indexes the routes need. Operations that keep the
 * indexes consistent live beside it (users.ts, groups.ts, apps.ts); this class only holds data.
 */
export class Org {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly defaultUserTypeId: string;

  readonly users = new Map<string, UserRecord>();
  readonly userOrder = new OrderedIds();
  /** Lower-cased login → user id (logins are unique ignoring case). */
  readonly usersByLogin = new Map<string, string>();

  readonly groups = new Map<string, GroupRecord>();
  readonly groupOrder = new OrderedIds();
  /** groupId → (userId → sources). */
  readonly members = new Map<string, Map<string, MembershipSources>>();
  /** userId → group ids. */
  readonly userGroups = new Map<string, Set<string>>();
  everyoneGroupId: string | null = null;

  readonly apps = new Map<string, AppRecord>();
  readonly appOrder = new OrderedIds();
  /** appId → (userId → direct assignment). */
  readonly appUsers = new Map<string, Map<string, AppUserRecord>>();
  /** userId → app ids assigned directly. */
  readonly userApps = new Map<string, Set<string>>();
  /** appId → (groupId → assignment). */
  readonly appGroups = new Map<string, Map<string, AppGroupRecord>>();
  /** groupId → app ids assigned to it. */
  readonly groupApps = new Map<string, Set<string>>();

  readonly rules = new Map<string, GroupRuleRecord>();
  readonly ruleOrder = new OrderedIds();

  /** clientId → role assignments. */
  readonly roles = new Map<string, RoleAssignmentRecord[]>();
  /** clientId → scope grants. */
  readonly grants = new Map<string, GrantRecord[]>();

  readonly tokens = new Map<string, AccessTokenRecord>();
  /** Unredeemed authorization codes (state/sign-in.ts). */
  readonly authorizationCodes = new Map<string, AuthorizationCodeRecord>();
  /** userId → salted SHA-256 of a password set through the API (state/sign-in.ts); never returned. */
  readonly passwordHashes = new Map<string, string>();
  /** Used client-assertion jtis (single use) → expiry, pruned as they expire. */
  readonly usedAssertionJtis = new Map<string, number>();
  /** Used DPoP proof jtis → expiry. */
  readonly usedProofJtis = new Map<string, number>();

  readonly logs: LogEventRecord[] = [];
  logSeq = 0;

  /**
   * Serialized collection-form JSON of records, per record object, checked against a fingerprint of
   * the fields it shows before use (http/serialize.ts `userListText`). A WeakMap, so deleted records
   * and a replaced org take their texts with them; at most one text per live record.
   */
  readonly jsonCache = new WeakMap<UserRecord, CachedUserText>();

  /** Bumped by every membership or assignment change; caches of derived lists key on it. */
  revision = 0;

  constructor(deps: { clock: Clock; ids: IdGenerator }) {
    this.clock = deps.clock;
    this.ids = deps.ids;
    this.defaultUserTypeId = deps.ids.next('userType');
  }

  now(): number {
    return this.clock.now();
  }
}
