import { z } from 'zod';
import { paginate, parseAs, segment, withQuery } from '../http/paginate.ts';
import type { Requester } from '../http/request.ts';
import { appLinkSchema, type AppLink } from '../schemas/app.ts';
import { oktaGroupSchema, type OktaGroup } from '../schemas/group.ts';
import { oktaUserSchema, type OktaUser, type UserProfile } from '../schemas/user.ts';

/** Parameters of a user list (reference §3.3: use one of q, filter, search). */
export interface ListUsersParams {
  q?: string;
  filter?: string;
  search?: string;
  limit?: number;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
}

export interface CreateUserInput {
  profile: UserProfile;
  password?: string;
  groupIds?: string[];
  activate?: boolean;
  nextLogin?: 'changePassword';
}

const activationSchema = z.object({ activationUrl: z.string().optional(), activationToken: z.string().optional() }).passthrough();
const resetSchema = z.object({ resetPasswordUrl: z.string().optional() }).passthrough();

/**
 * The Users API: reading, creating, updating, and every lifecycle operation.
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/
 */
export function createUsersResource(request: Requester) {
  const user = (id: string) => `/api/v1/users/${segment(id)}`;
  const lifecycle = async (id: string, op: string, query: Record<string, string | boolean | undefined> = {}) =>
    request({ method: 'POST', path: withQuery(`${user(id)}/lifecycle/${op}`, query) });
  return {
    /** Every user matching the parameters (a plain list leaves DEPROVISIONED users out, as Okta does). */
    list: (params: ListUsersParams = {}, signal?: AbortSignal): AsyncGenerator<OktaUser> =>
      paginate(request, withQuery('/api/v1/users', { ...params, limit: params.limit ?? 200 }), oktaUserSchema, 'GET /api/v1/users', signal),
    async get(idOrLogin: string): Promise<OktaUser> {
      return parseAs(oktaUserSchema, await request({ method: 'GET', path: user(idOrLogin) }), 'GET /api/v1/users/{id}');
    },
    async create(input: CreateUserInput): Promise<OktaUser> {
      const body: Record<string, unknown> = { profile: input.profile };
      if (input.password !== undefined) body.credentials = { password: { value: input.password } };
      if (input.groupIds) body.groupIds = input.groupIds;
      const path = withQuery('/api/v1/users', { activate: input.activate ?? true, nextLogin: input.nextLogin });
      return parseAs(oktaUserSchema, await request({ method: 'POST', path, body }), 'POST /api/v1/users');
    },
    /** Partial update: only the given profile attributes change. */
    async update(id: string, profile: Partial<UserProfile>): Promise<OktaUser> {
      return parseAs(oktaUserSchema, await request({ method: 'POST', path: user(id), body: { profile } }), 'POST /api/v1/users/{id}');
    },
    async activate(id: string, options: { sendEmail?: boolean } = {}): Promise<z.infer<typeof activationSchema>> {
      return parseAs(activationSchema, await lifecycle(id, 'activate', { sendEmail: options.sendEmail ?? false }), 'activate');
    },
    async reactivate(id: string, options: { sendEmail?: boolean } = {}): Promise<z.infer<typeof activationSchema>> {
      return parseAs(activationSchema, await lifecycle(id, 'reactivate', { sendEmail: options.sendEmail ?? false }), 'reactivate');
    },
    async deactivate(id: string, options: { sendEmail?: boolean } = {}): Promise<void> {
      await lifecycle(id, 'deactivate', { sendEmail: options.sendEmail ?? false });
    },
    async suspend(id: string): Promise<void> {
      await lifecycle(id, 'suspend');
    },
    async unsuspend(id: string): Promise<void> {
      await lifecycle(id, 'unsuspend');
    },
    async unlock(id: string): Promise<void> {
      await lifecycle(id, 'unlock');
    },
    async resetPassword(id: string, options: { sendEmail?: boolean; revokeSessions?: boolean } = {}): Promise<z.infer<typeof resetSchema>> {
      return parseAs(resetSchema, await lifecycle(id, 'reset_password', { sendEmail: options.sendEmail ?? false, revokeSessions: options.revokeSessions ?? false }), 'reset_password');
    },
    async expirePassword(id: string): Promise<OktaUser> {
      return parseAs(oktaUserSchema, await lifecycle(id, 'expire_password'), 'expire_password');
    },
    async resetFactors(id: string): Promise<void> {
      await lifecycle(id, 'reset_factors');
    },
    /** Ends the user's sessions; with `oauthTokens` also revokes their OAuth tokens. */
    async clearSessions(id: string, options: { oauthTokens?: boolean } = {}): Promise<void> {
      await request({ method: 'DELETE', path: withQuery(`${user(id)}/sessions`, { oauthTokens: options.oauthTokens ?? false }) });
    },
    /** Okta's DELETE: deactivates a user who is not DEPROVISIONED; deletes one who is. */
    async delete(id: string): Promise<void> {
      await request({ method: 'DELETE', path: user(id) });
    },
    async groups(id: string): Promise<OktaGroup[]> {
      const response = await request({ method: 'GET', path: `${user(id)}/groups` });
      return parseAs(z.array(oktaGroupSchema), response, 'GET /api/v1/users/{id}/groups');
    },
    async appLinks(id: string): Promise<AppLink[]> {
      return parseAs(z.array(appLinkSchema), await request({ method: 'GET', path: `${user(id)}/appLinks` }), 'GET /api/v1/users/{id}/appLinks');
    },
  };
}

export type UsersResource = ReturnType<typeof createUsersResource>;
