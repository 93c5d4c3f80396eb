import { z } from 'zod';
import { paginate, parseAs, segment, withQuery } from '../http/paginate.ts';
import type { Requester } from '../http/request.ts';
import { appGroupSchema, appUserSchema, clientRoleSchema, oktaAppSchema, type AppGroupAssignment, type AppUser, type ClientRole, type OktaApp } from '../schemas/app.ts';

/**
 * The Apps API: apps, their users (direct or through groups) and group assignments.
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/
 */
export function createAppsResource(request: Requester) {
  const app = (id: string) => `/api/v1/apps/${segment(id)}`;
  return {
    list: (params: { q?: string; filter?: string; limit?: number } = {}, signal?: AbortSignal): AsyncGenerator<OktaApp> =>
      paginate(request, withQuery('/api/v1/apps', { ...params, limit: params.limit ?? 200 }), oktaAppSchema, 'GET /api/v1/apps', signal),
    async get(id: string): Promise<OktaApp> {
      return parseAs(oktaAppSchema, await request({ method: 'GET', path: app(id) }), 'GET /api/v1/apps/{id}');
    },
    users: (appId: string, signal?: AbortSignal): AsyncGenerator<AppUser> =>
      paginate(request, withQuery(`${app(appId)}/users`, { limit: 500 }), appUserSchema, 'GET /api/v1/apps/{id}/users', signal),
    /** Assigns a user directly (scope USER). Idempotent in Okta, so safe to retry. */
    async assignUser(appId: string, userId: string, input: { userName?: string; profile?: Record<string, unknown> } = {}): Promise<AppUser> {
      const body = { id: userId, scope: 'USER', ...(input.userName ? { credentials: { userName: input.userName } } : {}), ...(input.profile ? { profile: input.profile } : {}) };
      return parseAs(appUserSchema, await request({ method: 'POST', path: `${app(appId)}/users`, body, idempotent: true }), 'POST /api/v1/apps/{id}/users');
    },
    async unassignUser(appId: string, userId: string): Promise<void> {
      await request({ method: 'DELETE', path: `${app(appId)}/users/${segment(userId)}` });
    },
    groups: (appId: string, signal?: AbortSignal): AsyncGenerator<AppGroupAssignment> =>
      paginate(request, withQuery(`${app(appId)}/groups`, { limit: 200 }), appGroupSchema, 'GET /api/v1/apps/{id}/groups', signal),
    async assignGroup(appId: string, groupId: string, input: { priority?: number; profile?: Record<string, unknown> } = {}): Promise<AppGroupAssignment> {
      return parseAs(appGroupSchema, await request({ method: 'PUT', path: `${app(appId)}/groups/${segment(groupId)}`, body: input }), 'PUT /api/v1/apps/{id}/groups/{groupId}');
    },
    async unassignGroup(appId: string, groupId: string): Promise<void> {
      await request({ method: 'DELETE', path: `${app(appId)}/groups/${segment(groupId)}` });
    },
    /** The admin roles assigned to a service app (needs okta.roles.read). */
    async clientRoles(clientId: string): Promise<ClientRole[]> {
      return parseAs(z.array(clientRoleSchema), await request({ method: 'GET', path: `/oauth2/v1/clients/${segment(clientId)}/roles` }), 'GET /oauth2/v1/clients/{id}/roles');
    },
  };
}

export type AppsResource = ReturnType<typeof createAppsResource>;
