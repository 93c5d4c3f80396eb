import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { collect } from '../../common/collect.ts';
import type { ServerDeps } from '../deps.ts';
import { parseRequest } from '../http-errors.ts';

export const directoryQuery = z.object({
  q: z.string().max(200).optional(),
  search: z.string().max(2000).optional(),
  filter: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const idParams = z.object({ id: z.string().min(1).max(200) });
export const eventsQuery = z.object({
  /** How far back to read Okta's System Log (days, default 30). */
  days: z.coerce.number().int().min(1).max(90).default(30),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Live reads of the connected org's directory (the console's Directory pages). */
export const directoryRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/directory/users', async (request) => {
    const { limit, ...query } = parseRequest(directoryQuery, request.query, 'query');
    return { users: await collect(deps.okta().users.list(query), limit) };
  });
  app.get('/api/v1/directory/users/:id', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const okta = deps.okta();
    const user = await okta.users.get(id);
    const [groups, appLinks] = await Promise.all([okta.users.groups(user.id), okta.users.appLinks(user.id)]);
    return { user, groups, appLinks };
  });
  // A user's recent System Log events (as actor or target), newest first: the console's user page.
  app.get('/api/v1/directory/users/:id/events', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const { days, limit } = parseRequest(eventsQuery, request.query, 'query');
    const okta = deps.okta();
    const user = await okta.users.get(id);
    const since = new Date(deps.clock.now() - days * 86_400_000);
    const filter = `target.id eq "${user.id}" or actor.id eq "${user.id}"`;
    return { events: await collect(okta.logs.query({ since, until: new Date(deps.clock.now()), filter, sortOrder: 'DESCENDING', limit }), limit) };
  });
  app.get('/api/v1/directory/groups', async (request) => {
    const { limit, q, search, filter } = parseRequest(directoryQuery, request.query, 'query');
    return { groups: await collect(deps.okta().groups.list({ ...(q ? { q } : {}), ...(search ? { search } : {}), ...(filter ? { filter } : {}) }), limit) };
  });
  app.get('/api/v1/directory/groups/:id/members', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    return { members: await collect(deps.okta().groups.members(id), 1000) };
  });
  app.get('/api/v1/directory/apps', async (request) => {
    const { limit, q, filter } = parseRequest(directoryQuery, request.query, 'query');
    return { apps: await collect(deps.okta().apps.list({ ...(q ? { q } : {}), ...(filter ? { filter } : {}) }), limit) };
  });
  app.get('/api/v1/directory/apps/:id/users', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    return { users: await collect(deps.okta().apps.users(id), 1000) };
  });
};
