import { oktaErrors } from '../state/errors.ts';
import type { Org } from '../state/org.ts';
import type { AdminRoleType, AppRecord, GroupRecord, RoleAssignmentRecord, UserRecord } from '../state/types.ts';

/**
 * What a call wants to do. Scopes say which actions a token may take; the admin roles assigned to the
 * client say what it may touch (reference §4.2). Both must allow a call.
 */
export type Action =
  | 'users.read'
  | 'users.create'
  | 'users.update'
  | 'users.lifecycle'
  | 'users.credentials'
  | 'users.sessions'
  | 'users.delete'
  | 'groups.read'
  | 'groups.manage'
  | 'groups.members'
  | 'groups.rules'
  | 'apps.read'
  | 'apps.manage'
  | 'apps.assign'
  | 'logs.read'
  | 'roles.read'
  | 'roles.manage'
  | 'grants.read'
  | 'grants.manage';

const everything: ReadonlySet<Action> = new Set<Action>([
  'users.read', 'users.create', 'users.update', 'users.lifecycle', 'users.credentials', 'users.sessions', 'users.delete',
  'groups.read', 'groups.manage', 'groups.members', 'groups.rules',
  'apps.read', 'apps.manage', 'apps.assign', 'logs.read', 'roles.read', 'roles.manage', 'grants.read', 'grants.manage',
]);

/** The standard roles' capabilities (help.okta.com "Administrators comparison"; cell detail approximated). */
const capabilities: Record<AdminRoleType, ReadonlySet<Action>> = {
  SUPER_ADMIN: everything,
  ORG_ADMIN: new Set([...everything].filter((a) => a !== 'roles.manage' && a !== 'grants.manage')),
  USER_ADMIN: new Set(['users.read', 'users.create', 'users.update', 'users.lifecycle', 'users.credentials', 'users.sessions', 'users.delete', 'groups.read', 'groups.members', 'logs.read']),
  GROUP_MEMBERSHIP_ADMIN: new Set(['users.read', 'groups.read', 'groups.members']),
  HELP_DESK_ADMIN: new Set(['users.read', 'users.credentials', 'users.sessions', 'groups.read', 'logs.read']),
  APP_ADMIN: new Set(['apps.read', 'apps.manage', 'apps.assign', 'users.read', 'groups.read', 'logs.read']),
  READ_ONLY_ADMIN: new Set(['users.read', 'groups.read', 'apps.read', 'logs.read', 'roles.read', 'grants.read']),
  REPORT_ADMIN: new Set(['logs.read']),
  API_ACCESS_MANAGEMENT_ADMIN: new Set([]),
};

/** The objects a call touches; targets are checked against them. */
export interface Resource {
  user?: UserRecord;
  group?: GroupRecord;
  app?: AppRecord;
}

/** The roles of a client, with helpers to decide and to filter lists. */
export interface Authorizer {
  roles: readonly RoleAssignmentRecord[];
  /** Throws 403 E0000006 unless some role allows the action on the resource. */
  require(action: Action, resource?: Resource): void;
  can(action: Action, resource?: Resource): boolean;
  /** Creating a user: a group-targeted role may only create users into one of its groups. */
  requireUserCreate(groupIds: readonly string[]): void;
  /** Whether the client sees this user/group/app in lists (targets filter lists). */
  seesUser(user: UserRecord): boolean;
  seesGroup(group: GroupRecord): boolean;
  seesApp(app: AppRecord): boolean;
}

function roleCovers(org: Org, role: RoleAssignmentRecord, action: Action, r: Resource): boolean {
  if (!capabilities[role.type].has(action)) return false;
  if (role.groupTargets.length > 0) {
    // Group-targeted roles reach the targeted groups and their members only.
    if (r.group && !role.groupTargets.includes(r.group.id)) return false;
    if (r.user && !role.groupTargets.some((g) => org.members.get(g)?.has((r.user as UserRecord).id))) return false;
  }
  if (role.appTargets.length > 0 && r.app && !role.appTargets.includes(r.app.id)) return false;
  // Group-admin-type roles never touch BUILT_IN/APP_GROUP membership or see Everyone as a target.
  return true;
}

/** Builds the authorizer for a client's role assignments. */
export function createAuthorizer(org: Org, roles: readonly RoleAssignmentRecord[]): Authorizer {
  const can = (action: Action, resource: Resource = {}): boolean => roles.some((role) => roleCovers(org, role, action, resource));
  const groupRoleTypes: ReadonlySet<AdminRoleType> = new Set(['USER_ADMIN', 'GROUP_MEMBERSHIP_ADMIN', 'HELP_DESK_ADMIN']);
  const onlyGroupAdmin = roles.length > 0 && roles.every((r) => groupRoleTypes.has(r.type));
  return {
    roles,
    can,
    require(action, resource) {
      if (!can(action, resource)) throw oktaErrors.forbidden();
    },
    requireUserCreate(groupIds) {
      const allowed = roles.some(
        (role) => capabilities[role.type].has('users.create') && (role.groupTargets.length === 0 || groupIds.some((id) => role.groupTargets.includes(id))),
      );
      if (!allowed) throw oktaErrors.forbidden();
    },
    seesUser: (user) => can('users.read', { user }),
    seesGroup: (group) => (onlyGroupAdmin && group.type === 'BUILT_IN' ? false : can('groups.read', { group })),
    seesApp: (app) => can('apps.read', { app }),
  };
}
