/**
 * The directory mirror as the access layer reads it ({@link DirectoryReader}) and the one write it
 * makes itself ({@link DirectoryWriter}): a thin layer over the store's `dir*` queries, which hold
 * the SQL. Lookups by login, name or label are case-insensitive.
 */
import type { Store } from '../../store/index.ts';
import { DirectoryReadOnlyError } from './errors.ts';
import type { DirectoryReader, DirectoryStatus, DirectoryWriter, DirGroup } from './reader.ts';
import { readSyncState } from './sync-state.ts';

/** What the mirror needs of the store. */
export type MirrorStore = Pick<
  Store,
  | 'dirGetUser'
  | 'dirListUsers'
  | 'dirGetGroup'
  | 'dirListGroups'
  | 'dirGetApp'
  | 'dirListApps'
  | 'dirMembersOf'
  | 'dirGroupsOf'
  | 'dirIsMember'
  | 'dirHoldersOf'
  | 'dirAppsOf'
  | 'dirGroupsOfApp'
  | 'dirCounts'
  | 'dirApply'
  | 'kvGet'
>;

/** Throws DIRECTORY_READ_ONLY when Gatehouse must not change the group's members. */
export function assertGroupWritable(group: DirGroup): void {
  if (group.readOnly) throw new DirectoryReadOnlyError(group);
}

/**
 * Creates the reader (and writer) of the mirror.
 * @example
 * const directory = createDirectoryReader(store);
 * const jane = await directory.getUser('jane@acme.example');
 */
export function createDirectoryReader(store: MirrorStore): DirectoryReader & DirectoryWriter {
  return {
    getUser: (idOrLogin) => store.dirGetUser(idOrLogin),
    listUsers: (options) => store.dirListUsers(options),
    getGroup: (idOrName) => store.dirGetGroup(idOrName),
    listGroups: (options) => store.dirListGroups(options),
    getApp: (idOrLabel) => store.dirGetApp(idOrLabel),
    listApps: () => store.dirListApps(),
    membersOf: (groupId) => store.dirMembersOf(groupId),
    groupsOf: (userId) => store.dirGroupsOf(userId),
    isMember: (groupId, userId) => store.dirIsMember(groupId, userId),
    holdersOf: (appId) => store.dirHoldersOf(appId),
    appsOf: (userId) => store.dirAppsOf(userId),
    groupsOfApp: (appId) => store.dirGroupsOfApp(appId),
    async managerOf(userId) {
      const user = await store.dirGetUser(userId);
      return user?.managerId ? store.dirGetUser(user.managerId) : undefined;
    },
    async status(): Promise<DirectoryStatus> {
      const [counts, state] = await Promise.all([store.dirCounts(), readSyncState(store)]);
      return { ...counts, lastFullSyncAt: state?.lastFullSyncAt ?? null, lastIncrementalSyncAt: state?.lastIncrementalSyncAt ?? null, logCursor: state?.logSince ?? null };
    },
    async setMembership(groupId, userId, present, at) {
      await store.dirApply([{ op: 'membership', groupId, userId, present, at }], at);
    },
  };
}
