import { paginate, parseAs, segment, withQuery } from '../http/paginate.ts';
import type { Requester } from '../http/request.ts';
import { oktaAppSchema, type OktaApp } from '../schemas/app.ts';
import { groupRuleSchema, oktaGroupSchema, type GroupRule, type OktaGroup } from '../schemas/group.ts';
import { oktaUserSchema, type OktaUser } from '../schemas/user.ts';

/**
 * The Groups API: groups, members and group rules.
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/
 */
export function createGroupsResource(request: Requester) {
  const group = (id: string) => `/api/v1/groups/${segment(id)}`;
  return {
    list: (params: { q?: string; filter?: string; search?: string; limit?: number; expand?: 'stats' } = {}, signal?: AbortSignal): AsyncGenerator<OktaGroup> =>
      paginate(request, withQuery('/api/v1/groups', { ...params, limit: params.limit ?? 200 }), oktaGroupSchema, 'GET /api/v1/groups', signal),
    async get(id: string): Promise<OktaGroup> {
      return parseAs(oktaGroupSchema, await request({ method: 'GET', path: group(id) }), 'GET /api/v1/groups/{id}');
    },
    async create(profile: { name: string; description?: string }): Promise<OktaGroup> {
      return parseAs(oktaGroupSchema, await request({ method: 'POST', path: '/api/v1/groups', body: { profile } }), 'POST /api/v1/groups');
    },
    async update(id: string, profile: { name: string; description?: string }): Promise<OktaGroup> {
      return parseAs(oktaGroupSchema, await request({ method: 'PUT', path: group(id), body: { profile } }), 'PUT /api/v1/groups/{id}');
    },
    async delete(id: string): Promise<void> {
      await request({ method: 'DELETE', path: group(id) });
    },
    /** Members, 200 a page (Okta's recommendation); bulk readers may ask for up to 1000 (Okta's default). */
    members: (id: string, options: { limit?: number } = {}, signal?: AbortSignal): AsyncGenerator<OktaUser> =>
      paginate(request, withQuery(`${group(id)}/users`, { limit: options.limit ?? 200 }), oktaUserSchema, 'GET /api/v1/groups/{id}/users', signal),
    /** Adds a member (idempotent: adding a member twice is fine). */
    async addMember(groupId: string, userId: string): Promise<void> {
      await request({ method: 'PUT', path: `${group(groupId)}/users/${segment(userId)}` });
    },
    async removeMember(groupId: string, userId: string): Promise<void> {
      await request({ method: 'DELETE', path: `${group(groupId)}/users/${segment(userId)}` });
    },
    apps: (id: string, signal?: AbortSignal): AsyncGenerator<OktaApp> => paginate(request, `${group(id)}/apps`, oktaAppSchema, 'GET /api/v1/groups/{id}/apps', signal),
    rules: {
      list: (signal?: AbortSignal): AsyncGenerator<GroupRule> => paginate(request, '/api/v1/groups/rules?limit=200', groupRuleSchema, 'GET /api/v1/groups/rules', signal),
      async create(input: { name: string; expression: string; groupIds: string[] }): Promise<GroupRule> {
        const body = {
          type: 'group_rule',
          name: input.name,
          conditions: { expression: { value: input.expression, type: 'urn:okta:expression:1.0' } },
          actions: { assignUserToGroups: { groupIds: input.groupIds } },
        };
        return parseAs(groupRuleSchema, await request({ method: 'POST', path: '/api/v1/groups/rules', body }), 'POST /api/v1/groups/rules');
      },
      async activate(id: string): Promise<void> {
        await request({ method: 'POST', path: `/api/v1/groups/rules/${segment(id)}/lifecycle/activate`, idempotent: true });
      },
      async deactivate(id: string): Promise<void> {
        await request({ method: 'POST', path: `/api/v1/groups/rules/${segment(id)}/lifecycle/deactivate`, idempotent: true });
      },
      async delete(id: string, options: { removeUsers?: boolean } = {}): Promise<void> {
        await request({ method: 'DELETE', path: withQuery(`/api/v1/groups/rules/${segment(id)}`, { removeUsers: options.removeUsers }) });
      },
    },
  };
}

export type GroupsResource = ReturnType<typeof createGroupsResource>;
