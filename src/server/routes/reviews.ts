/**
 * Access reviews over HTTP: campaigns (list, create, show with progress, launch, close), their items
 * (filter by reviewer and decided), decisions (one item, or many at once), evidence (JSON or CSV) and
 * access history of a resource (JSON or CSV). Who acts is `deps.actor(request)`; a body may name
 * `by` instead, as the other access routes allow until console sessions arrive.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { historyResourceKinds } from '../../access/reviews/history.ts';
import { campaignInputSchema, campaignStatuses, decisionOutcomes } from '../../access/reviews/model.ts';
import type { Reviews } from '../../access/reviews/campaigns.ts';
import { NotFoundError, parseRequest } from '../http-errors.ts';

const person = z.string().trim().min(1).max(320);

export const reviewListQuery = z.object({ status: z.enum(campaignStatuses).optional() });
export const reviewParams = z.object({ id: z.string().min(1).max(100) });
export const reviewItemParams = z.object({ id: z.string().min(1).max(100), itemId: z.string().min(1).max(200) });
export const reviewCreateBody = campaignInputSchema.extend({ by: person.optional() });
export const reviewActorBody = z.object({ by: person.optional() }).default({});
export const reviewItemsQuery = z.object({
  reviewer: z.string().optional(),
  decided: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const reviewDecisionBody = z.object({
  by: person.optional(),
  outcome: z.enum(decisionOutcomes),
  comment: z.string().max(2000).default(''),
  reassignTo: person.optional(),
});
export const reviewBulkDecisionBody = reviewDecisionBody.extend({ itemIds: z.array(z.string().min(1).max(200)).min(1).max(5000) });
export const reviewEvidenceQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
export const accessHistoryQuery = z.object({
  resourceKind: z.enum(historyResourceKinds),
  resourceId: z.string().min(1).max(200),
  roleId: z.string().min(1).max(100).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** What the review routes need. */
export interface ReviewRouteDeps {
  reviews: Reviews;
  /** Who is calling (the signed-in person, or the admin token's name). */
  actor: (request: FastifyRequest) => string;
}

/** Registers the access review routes on `app`. */
export function registerReviewRoutes(app: FastifyInstance, deps: ReviewRouteDeps): void {
  const { reviews } = deps;
  const who = (request: FastifyRequest, by: string | undefined) => by ?? deps.actor(request);
  /** An item id names its campaign (`<campaignId>.<n>`): one of another campaign is not found here. */
  const itemOf = (id: string, itemId: string) => {
    if (!itemId.startsWith(`${id}.`)) throw new NotFoundError(`Campaign ${id} has no item ${itemId}.`);
    return itemId;
  };

  app.get('/api/v1/access/reviews', async (request) => {
    const query = parseRequest(reviewListQuery, request.query, 'query');
    return { campaigns: await reviews.list(query) };
  });

  app.post('/api/v1/access/reviews', async (request, reply) => {
    const { by, ...input } = parseRequest(reviewCreateBody, request.body, 'body');
    const campaign = await reviews.create(input, who(request, by));
    return reply.status(201).send({ campaign });
  });

  app.get('/api/v1/access/reviews/:id', async (request) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    return { campaign: await reviews.get(id), progress: await reviews.progress(id) };
  });

  app.post('/api/v1/access/reviews/:id/launch', async (request) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    const { by } = parseRequest(reviewActorBody, request.body ?? {}, 'body');
    return { campaign: await reviews.launch(id, who(request, by)) };
  });

  app.post('/api/v1/access/reviews/:id/close', async (request) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    const { by } = parseRequest(reviewActorBody, request.body ?? {}, 'body');
    return await reviews.close(id, who(request, by));
  });

  app.get('/api/v1/access/reviews/:id/items', async (request) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    const query = parseRequest(reviewItemsQuery, request.query, 'query');
    return { items: await reviews.items(id, query) };
  });

  app.post('/api/v1/access/reviews/:id/items/:itemId/decision', async (request) => {
    const { id, itemId } = parseRequest(reviewItemParams, request.params, 'params');
    const { by, ...decision } = parseRequest(reviewDecisionBody, request.body, 'body');
    return { item: await reviews.decide(itemOf(id, itemId), { ...decision, by: who(request, by) }) };
  });

  app.post('/api/v1/access/reviews/:id/decisions', async (request) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    const { by, itemIds, ...decision } = parseRequest(reviewBulkDecisionBody, request.body, 'body');
    await reviews.get(id);
    const inCampaign = itemIds.filter((i) => i.startsWith(`${id}.`));
    const result = await reviews.decideMany(inCampaign, { ...decision, by: who(request, by) });
    const foreign = itemIds.filter((i) => !i.startsWith(`${id}.`)).map((itemId) => ({ itemId, code: 'NOT_FOUND', message: `Campaign ${id} has no item ${itemId}.` }));
    return { decided: result.decided, refused: [...result.refused, ...foreign] };
  });

  app.get('/api/v1/access/reviews/:id/progress', async (request) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    return { progress: await reviews.progress(id) };
  });

  app.get('/api/v1/access/reviews/:id/evidence', async (request, reply) => {
    const { id } = parseRequest(reviewParams, request.params, 'params');
    const { format } = parseRequest(reviewEvidenceQuery, request.query, 'query');
    const body = await reviews.evidence(id, format);
    const file = `gatehouse-review-${id}.${format}`;
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(body);
  });

  app.get('/api/v1/access/history', async (request, reply) => {
    const { resourceKind, resourceId, roleId, format } = parseRequest(accessHistoryQuery, request.query, 'query');
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="gatehouse-access-history.csv"').send(await reviews.historyCsv(resourceKind, resourceId, roleId));
    }
    return { entries: await reviews.history(resourceKind, resourceId, roleId) };
  });
}
