/**
 * Gatehouse roles, derived (never stored) so they follow the directory mirror:
 * - `admin`: the bootstrap admin (login `admin`: the API token, or a session opened with it), or a
 *   member of the IT team's Okta group (`config.adminGroup`, default "Admins - IT");
 * - `approver`: someone an approval is waiting for (the approvals module and the access layer
 *   refuse a decision by anyone they do not list, so this role only shapes the console);
 * - `requester`: every signed-in person of the directory.
 */
import type { DirectoryReader } from '../../access/index.ts';
import type { Approvals } from '../../workflows/approvals.ts';

/** The roles, most powerful first. */
export const roleNames = ['admin', 'approver', 'requester'] as const;
export type Role = (typeof roleNames)[number];

/** The login of the bootstrap admin (the API token's identity). */
export const BOOTSTRAP_ADMIN = 'admin';

/** Creates the role resolver. */
export function createRoles(deps: { directory: Pick<DirectoryReader, 'getUser' | 'getGroup' | 'isMember'>; approvals: Pick<Approvals, 'list'>; adminGroup: string }) {
  /** The last answer per login, for callers that cannot wait (the access layer's synchronous `isAdmin`). */
  const known = new Map<string, boolean>();
  const lower = (login: string) => login.trim().toLowerCase();

  async function isAdmin(login: string): Promise<boolean> {
    if (login === BOOTSTRAP_ADMIN) return true;
    const [group, user] = await Promise.all([deps.directory.getGroup(deps.adminGroup), deps.directory.getUser(login)]);
    const answer = group !== undefined && user !== undefined && user.status === 'ACTIVE' && (await deps.directory.isMember(group.id, user.id));
    known.set(lower(login), answer);
    return answer;
  }

  return {
    /** The Okta group whose members are Gatehouse admins. */
    adminGroup: deps.adminGroup,
    isAdmin,
    /** The admin answer last computed for `login` (false when never asked); kept current by every authenticated request. */
    knownAdmin(login: string): boolean {
      return login === BOOTSTRAP_ADMIN || known.get(lower(login)) === true;
    },
    /** Every role that applies, most powerful first. The bootstrap admin is only `admin` (it is nobody in Okta). */
    async rolesOf(login: string): Promise<Role[]> {
      if (login === BOOTSTRAP_ADMIN) return ['admin'];
      const [admin, pending] = await Promise.all([isAdmin(login), deps.approvals.list({ status: 'pending', approver: login })]);
      return [...(admin ? (['admin'] as const) : []), ...(pending.length > 0 ? (['approver'] as const) : []), 'requester'];
    },
  };
}

/** The role resolver. */
export type Roles = ReturnType<typeof createRoles>;
