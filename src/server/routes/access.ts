/**
 * Access management over HTTP: the catalog (resources, policies, eligibility profiles), access
 * requests and grants, and the directory mirror's sync. Bodies name who acts (`by`); the local
 * admin token may act for anyone until console sessions arrive. Refusals carry the rule that made
 * them (`error.rule`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '../../common/duration.ts';
import { requestStatuses } from '../../access/index.ts';
import type { ServerDeps } from '../deps.ts';
import { parseRequest } from '../http-errors.ts';

const person = z.string().trim().min(1).max(320);
/** A duration: `"8h"`, `"2d"`, `"30m"` or ms. */
const duration = z.union([z.number().int().positive(), z.string().trim().min(1)]).transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const kindParams = z.object({ kind: z.enum(['resources', 'policies', 'profiles']), id: z.string().min(1).max(100) });
export const kindListParams = z.object({ kind: z.enum(['resources', 'policies', 'profiles']) });
export const byQuery = z.object({ by: person.default('admin') });
export const requestBody = z.object({
  by: person,
  resource: z.string().trim().min(1),
  role: z.string().trim().min(1).nullish(),
  forUser: person.nullish(),
  /** `"8h"` or ms; `"indefinite"` asks for access with no end (where the policy allows it); absent: the policy's default. */
  duration: z.union([z.literal('indefinite'), duration]).optional(),
  justification: z.string().max(2000).nullish(),
});
export const listQuery = z.object({ status: z.enum(requestStatuses).optional(), user: z.string().optional(), resource: z.string().optional() });
export const idParams = z.object({ id: z.string().min(1).max(200) });
export const decideBody = z.object({ by: person, comment: z.string().max(2000).nullish(), duration: duration.optional() });
export const denyBody = z.object({ by: person, comment: z.string().trim().min(1, 'say why: the requester sees it').max(2000) });
export const extendBody = z.object({ by: person, duration, justification: z.string().max(2000).nullish() });
export const shortenBody = z
  .object({ by: person, endsAt: z.iso.datetime({ offset: true }).optional(), remaining: duration.optional() })
  .refine((b) => (b.endsAt === undefined) !== (b.remaining === undefined), 'give either endsAt (ISO time) or remaining (e.g. "1h")');
export const revokeBody = z.object({ by: person, reason: z.string().trim().min(1).max(2000) });
export const cancelBody = z.object({ by: person, reason: z.string().max(2000).optional() });
export const mineQuery = z.object({ user: person });
export const grantsQuery = z.object({ user: z.string().optional(), group: z.string().optional() });
export const syncBody = z.object({ full: z.boolean().default(false) });

/** The access routes. */
export const accessRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  const { access } = deps;
  const { catalog, requests } = access;

  app.get('/api/v1/access/:kind', async (request) => {
    const { kind } = parseRequest(kindListParams, request.params, 'params');
    if (kind === 'resources') return { resources: await catalog.listResources() };
    if (kind === 'policies') return { policies: await catalog.listPolicies() };
    return { profiles: await catalog.listProfiles() };
  });
  app.put('/api/v1/access/:kind/:id', async (request) => {
    const { kind, id } = parseRequest(kindParams, request.params, 'params');
    const { by } = parseRequest(byQuery, request.query, 'query');
    const body = { ...(request.body as Record<string, unknown> | null), id };
    if (kind === 'resources') return { resource: await catalog.putResource(body, by) };
    if (kind === 'policies') return { policy: await catalog.putPolicy(body, by) };
    return { profile: await catalog.putProfile(body, by) };
  });
  app.delete('/api/v1/access/:kind/:id', async (request, reply) => {
    const { kind, id } = parseRequest(kindParams, request.params, 'params');
    const { by } = parseRequest(byQuery, request.query, 'query');
    await catalog.remove(kind === 'resources' ? 'resource' : kind === 'policies' ? 'policy' : 'profile', id, by);
    return reply.status(204).send();
  });

  app.post('/api/v1/access/requests', async (request, reply) => {
    const body = parseRequest(requestBody, request.body, 'body');
    const created = await requests.request({
      by: body.by,
      resource: body.resource,
      ...(body.role ? { role: body.role } : {}),
      ...(body.forUser ? { forUser: body.forUser } : {}),
      ...(body.duration === undefined ? {} : { durationMs: body.duration === 'indefinite' ? null : body.duration }),
      justification: body.justification ?? null,
    });
    return reply.status(201).send({ request: created });
  });
  app.get('/api/v1/access/requests', async (request) => {
    const query = parseRequest(listQuery, request.query, 'query');
    return { requests: await requests.list({ ...(query.status ? { status: query.status } : {}), ...(query.user ? { user: query.user } : {}), ...(query.resource ? { resourceId: query.resource } : {}) }) };
  });
  app.get('/api/v1/access/requests/:id', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    return { request: await requests.get(id), pendingApproval: (await requests.pendingApproval(id)) ?? null };
  });
  app.post('/api/v1/access/requests/:id/approve', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(decideBody, request.body, 'body');
    return { request: await requests.decide(id, { by: body.by, approved: true, comment: body.comment ?? null, ...(body.duration ? { durationMs: body.duration } : {}) }) };
  });
  app.post('/api/v1/access/requests/:id/deny', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(denyBody, request.body, 'body');
    return { request: await requests.decide(id, { by: body.by, approved: false, comment: body.comment }) };
  });
  app.post('/api/v1/access/requests/:id/extend', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(extendBody, request.body, 'body');
    return { request: await requests.extend(id, { by: body.by, durationMs: body.duration, justification: body.justification ?? null }) };
  });
  app.post('/api/v1/access/requests/:id/shorten', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(shortenBody, request.body, 'body');
    const endsAt = body.endsAt ? Date.parse(body.endsAt) : deps.clock.now() + body.remaining!;
    return { request: await requests.shorten(id, { by: body.by, endsAt }) };
  });
  app.post('/api/v1/access/requests/:id/revoke', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(revokeBody, request.body, 'body');
    return { request: await requests.revoke(id, body) };
  });
  app.post('/api/v1/access/requests/:id/cancel', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(cancelBody, request.body, 'body');
    return { request: await requests.cancel(id, { by: body.by, ...(body.reason ? { reason: body.reason } : {}) }) };
  });
  app.get('/api/v1/access/mine', async (request) => {
    const { user } = parseRequest(mineQuery, request.query, 'query');
    return requests.mine(user);
  });
  app.get('/api/v1/access/catalog', async (request) => {
    const { user } = parseRequest(mineQuery, request.query, 'query');
    return { resources: await requests.catalogFor(user) };
  });
  app.get('/api/v1/access/grants', async (request) => {
    const query = parseRequest(grantsQuery, request.query, 'query');
    const userId = query.user ? ((await access.directory.getUser(query.user))?.id ?? query.user) : undefined;
    const groupId = query.group ? ((await access.directory.getGroup(query.group))?.id ?? query.group) : undefined;
    return { grants: await requests.listActive({ ...(userId ? { userId } : {}), ...(groupId ? { groupId } : {}) }) };
  });

  app.get('/api/v1/directory/sync', async () => ({ status: await access.sync.status() }));
  app.post('/api/v1/directory/sync', async (request) => {
    const { full } = parseRequest(syncBody, request.body ?? {}, 'body');
    return { report: full ? await access.sync.full() : await access.sync.incremental() };
  });
};
