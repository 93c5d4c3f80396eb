import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { approvalStatuses } from '../../workflows/approvals.ts';
import type { ServerDeps } from '../deps.ts';
import { parseRequest } from '../http-errors.ts';

export const listQuery = z.object({ status: z.enum(approvalStatuses).optional(), approver: z.string().optional() });
export const params = z.object({ id: z.string().min(1).max(300) });
export const decisionBody = z.object({
  approved: z.boolean(),
  /** The approver deciding (must be one of the approval's approvers). */
  by: z.string().min(1),
  comment: z.string().max(2000).nullish(),
});

/** Approvals: the inbox and decisions (first decision wins). */
export const approvalRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/approvals', async (request) => {
    const query = parseRequest(listQuery, request.query, 'query');
    return { approvals: await deps.approvals.list(query) };
  });

  app.post('/api/v1/approvals/:id/decision', async (request) => {
    const { id } = parseRequest(params, request.params, 'params');
    const body = parseRequest(decisionBody, request.body, 'body');
    const approval = await deps.approvals.decide(id, { by: body.by, approved: body.approved, comment: body.comment ?? null });
    return { approval };
  });
};
