/**
 * The synced directory as the rest of the access layer (requests, reviews) and chat read it: users,
 * groups, memberships, apps and app assignments mirrored from Okta into the store.
 * `createDirectorySync` (./sync.ts) keeps it current; `createDirectoryReader` (./mirror.ts) reads it.
 */

/** A user as mirrored. */
export interface DirUser {
  id: string;
  login: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  /** Okta's status (ACTIVE, SUSPENDED, DEPROVISIONED, …). */
  status: string;
  department: string | null;
  title: string | null;
  /** The manager's Okta id, from `profile.managerId`, else resolved from `profile.manager` (a login). */
  managerId: string | null;
  /** The whole Okta profile (for eligibility rules on any attribute). */
  profile: Record<string, unknown>;
  /** Okta's `lastUpdated` (ms). */
  lastUpdated: number;
}

/** A group as mirrored. `readOnly`: rule-based, BUILT_IN or APP_GROUP — Gatehouse never changes it. */
export interface DirGroup {
  id: string;
  name: string;
  description: string | null;
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
  /** Some active group rule assigns people to it. */
  ruleManaged: boolean;
  readOnly: boolean;
  lastUpdated: number;
}

/** An app as mirrored. */
export interface DirApp {
  id: string;
  name: string;
  label: string;
  status: string;
}

/** A membership: `since` is when it started (from the System Log event) or when a sync first saw it. */
export interface DirMembership {
  groupId: string;
  userId: string;
  since: number;
}

/** How a user holds an app: a direct assignment and/or through groups assigned to the app. */
export interface DirAppHolding {
  appId: string;
  userId: string;
  /** A direct (USER-scope) assignment exists. */
  direct: boolean;
  /** Groups assigned to the app that the user is a member of. */
  viaGroupIds: string[];
  since: number;
}

/** The sync's own state. */
export interface DirectoryStatus {
  users: number;
  groups: number;
  apps: number;
  memberships: number;
  lastFullSyncAt: number | null;
  lastIncrementalSyncAt: number | null;
  /** Where the next incremental sync starts reading the System Log (ISO time), null before the first full sync. */
  logCursor: string | null;
}

/** Reads the mirror. Lookups by login and by name are case-insensitive. */
export interface DirectoryReader {
  getUser(idOrLogin: string): Promise<DirUser | undefined>;
  /** Users ordered by login; `query` matches login, email, first, last or display name (prefix, case-insensitive). */
  listUsers(options?: { query?: string; department?: string; status?: string; limit?: number; afterLogin?: string }): Promise<DirUser[]>;
  getGroup(idOrName: string): Promise<DirGroup | undefined>;
  listGroups(options?: { query?: string; limit?: number }): Promise<DirGroup[]>;
  getApp(idOrLabel: string): Promise<DirApp | undefined>;
  listApps(): Promise<DirApp[]>;
  membersOf(groupId: string): Promise<DirMembership[]>;
  groupsOf(userId: string): Promise<DirMembership[]>;
  isMember(groupId: string, userId: string): Promise<boolean>;
  /** Who holds an app and how. */
  holdersOf(appId: string): Promise<DirAppHolding[]>;
  /** The apps a user holds and how. */
  appsOf(userId: string): Promise<DirAppHolding[]>;
  /** Groups assigned to an app. */
  groupsOfApp(appId: string): Promise<{ groupId: string; priority: number | null }[]>;
  /** The user's manager, via `managerId` (or `manager` resolved at sync time). */
  managerOf(userId: string): Promise<DirUser | undefined>;
  status(): Promise<DirectoryStatus>;
}

/** What the access layer writes into the mirror right after it changes Okta itself (sync would catch up anyway). */
export interface DirectoryWriter {
  setMembership(groupId: string, userId: string, present: boolean, at: number): Promise<void>;
}
