import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { auditToCsv, auditToJsonLines } from '../../workflows/audit-export.ts';
import type { ServerDeps } from '../deps.ts';
import { parseRequest } from '../http-errors.ts';

export const listQuery = z.object({
  actor: z.string().optional(),
  action: z.string().optional(),
  target: z.string().optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
  format: z.enum(['json', 'jsonl', 'csv']).default('json'),
});

/** The audit log: filter, export (JSON lines, CSV), verify the hash chain. */
export const auditRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/audit', async (request, reply) => {
    const { format, ...query } = parseRequest(listQuery, request.query, 'query');
    const entries = await deps.audit.listAudit(query);
    if (format === 'jsonl') return reply.type('application/x-ndjson').send(auditToJsonLines(entries));
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="gatehouse-audit.csv"').send(auditToCsv(entries));
    return { entries };
  });

  app.get('/api/v1/audit/verify', async () => ({ chain: await deps.audit.verifyAuditChain() }));
};
