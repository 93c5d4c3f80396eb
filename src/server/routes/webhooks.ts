import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { NotFoundError, parseRequest, RequestInvalidError } from '../http-errors.ts';

export const params = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a workflow id is kebab-case') });
export const inputSchema = z.record(z.string(), z.unknown());

/**
 * `POST /api/v1/webhooks/{workflowId}` (signed, no bearer token) starts a webhook-triggered workflow
 * with the JSON body as input; `POST /api/v1/workflows/{id}/webhook-secret` (admin) makes its secret.
 */
export const webhookRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  // The signature covers the raw bytes, so this plugin keeps them (encapsulated: other routes parse as usual).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as unknown as { rawBody: string }).rawBody = body as string;
    if (body === '') return done(null, {});
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const error = new Error('The body is not valid JSON.') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  const webhookWorkflow = (id: string) => {
    const workflow = deps.runtime.has(id) ? deps.runtime.get(id) : undefined;
    if (!workflow || !workflow.triggers.some((t) => t.type === 'webhook')) throw new NotFoundError(`No installed workflow "${id}" has a webhook trigger.`);
    return workflow;
  };

  app.post('/api/v1/workflows/:id/webhook-secret', async (request, reply) => {
    const { id } = parseRequest(params, request.params, 'params');
    webhookWorkflow(id);
    const secret = await deps.webhooks.rotateSecret(id);
    return reply.status(201).send({ workflowId: id, url: `/api/v1/webhooks/${id}`, secret, note: 'Shown once: store it in the sending system. Making a new one replaces it.' });
  });

  app.post('/api/v1/webhooks/:id', async (request, reply) => {
    const { id } = parseRequest(params, request.params, 'params');
    webhookWorkflow(id);
    const rawBody = (request as unknown as { rawBody?: string }).rawBody ?? '';
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const signature = header('x-gatehouse-signature');
    await deps.webhooks.verify(id, { timestamp: header('x-gatehouse-timestamp'), signature }, rawBody);
    const input = inputSchema.safeParse(request.body);
    if (!input.success) throw new RequestInvalidError('body', input.error);
    // A replayed request (same signature) returns the run it started instead of starting another.
    const runId = await deps.runtime.start(id, input.data, { startedBy: `webhook:${id}`, idempotencyKey: `webhook:${id}:${signature}`, meta: { surface: 'webhook' } });
    return reply.status(202).send({ runId });
  });
};
