import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { runStatuses } from '../../engine/contract.ts';
import type { ServerDeps } from '../deps.ts';
import { NotFoundError, parseRequest } from '../http-errors.ts';

export const listQuery = z.object({
  workflowId: z.string().optional(),
  status: z.enum(runStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const runParams = z.object({ id: z.string().min(1).max(100) });
export const cancelBody = z.object({ reason: z.string().max(500).optional() }).default({});

/** Runs: list, one run with its step timeline, cancel. */
export const runRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/runs', async (request) => {
    const query = parseRequest(listQuery, request.query, 'query');
    return { runs: await deps.engine.listRuns(query) };
  });

  app.get('/api/v1/runs/:id', async (request) => {
    const { id } = parseRequest(runParams, request.params, 'params');
    const run = await deps.engine.getRun(id);
    if (!run) throw new NotFoundError(`There is no run "${id}".`);
    return { run, steps: await deps.engine.getSteps(id) };
  });

  app.post('/api/v1/runs/:id/cancel', async (request) => {
    const { id } = parseRequest(runParams, request.params, 'params');
    const { reason } = parseRequest(cancelBody, request.body ?? undefined, 'body');
    if (!(await deps.engine.getRun(id))) throw new NotFoundError(`There is no run "${id}".`);
    const by = request.actor?.login ?? 'admin';
    if (await deps.engine.cancel(id, reason, by)) await deps.approvals.cancelForRun(id, by);
    return { run: await deps.engine.getRun(id) };
  });
};
