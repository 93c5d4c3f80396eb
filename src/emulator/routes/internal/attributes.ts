import type { GroupRecord, UserRecord } from '../../state/types.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Reads a user attribute as filter/search expressions name it (`status`, `profile.department`, `type.id` …). */
export function userAttribute(user: UserRecord, attr: string): unknown {
  if (attr.startsWith('profile.')) return user.profile[attr.slice(8)];
  switch (attr) {
    case 'id':
      return user.id;
    case 'status':
      return user.status;
    case 'created':
      return iso(user.created);
    case 'activated':
      return iso(user.activated);
    case 'statusChanged':
      return iso(user.statusChanged);
    case 'lastUpdated':
      return iso(user.lastUpdated);
    case 'passwordChanged':
      return iso(user.passwordChanged);
    case 'lastLogin':
      return iso(user.lastLogin);
    case 'type.id':
      return user.typeId;
    default:
      return undefined;
  }
}

/** Reads a group attribute for filter/search expressions. */
export function groupAttribute(group: GroupRecord, attr: string): unknown {
  if (attr.startsWith('profile.')) return group.profile[attr.slice(8)];
  switch (attr) {
    case 'id':
      return group.id;
    case 'type':
      return group.type;
    case 'created':
      return iso(group.created);
    case 'lastUpdated':
      return iso(group.lastUpdated);
    case 'lastMembershipUpdated':
      return iso(group.lastMembershipUpdated);
    case 'source.id':
      return group.sourceAppId ?? undefined;
    default:
      return undefined;
  }
}
