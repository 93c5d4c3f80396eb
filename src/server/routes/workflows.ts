import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AnyWorkflow } from '../../workflows/sdk.ts';
import type { ServerDeps } from '../deps.ts';
import { NotFoundError, parseRequest } from '../http-errors.ts';

export const idParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a workflow id is kebab-case, like "offboarding"') });
export const runBody = z.object({
  input: z.record(z.string(), z.unknown()).default({}),
  dryRun: z.boolean().default(false),
  /** Who the run is for (the login of the person asking); the admin token may start runs for anyone. */
  startedBy: z.string().min(1).default('admin'),
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export const installBody = z.object({ force: z.boolean().default(false) }).default({ force: false });

/** A workflow as the API shows it (no functions). */
export function describeWorkflow(workflow: AnyWorkflow) {
  return {
    id: workflow.id,
    title: workflow.title,
    description: workflow.description,
    examples: workflow.examples,
    access: workflow.access,
    triggers: workflow.triggers.map((t) => (t.type === 'event' ? { type: t.type, source: t.source, events: t.events } : t)),
    approval: workflow.approval ? { required: true } : { required: false },
    inputSchema: workflow.inputJsonSchema,
  };
}

/** Installed workflows, the catalog, installing, starting runs and dry runs. */
export const workflowRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/workflows', async () => ({ workflows: deps.runtime.list().map(describeWorkflow) }));

  app.get('/api/v1/catalog', async () => ({
    workflows: deps.catalog.map((w) => ({ ...describeWorkflow(w), installed: deps.runtime.has(w.id) })),
  }));

  app.post('/api/v1/catalog/:id/install', async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const { force } = parseRequest(installBody, request.body ?? undefined, 'body');
    if (!deps.catalog.some((w) => w.id === id)) throw new NotFoundError(`The catalog has no workflow "${id}"; GET /api/v1/catalog lists them.`);
    const result = await deps.install(id, { force });
    return reply.status(result.replaced ? 200 : 201).send({ id, file: result.file, replaced: result.replaced });
  });

  app.get('/api/v1/workflows/:id', async (request) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const workflow = deps.runtime.get(id);
    return { ...describeWorkflow(workflow), source: (await deps.source(id)) ?? null };
  });

  app.post('/api/v1/workflows/:id/runs', async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const body = parseRequest(runBody, request.body ?? {}, 'body');
    if (body.dryRun) return { dryRun: true, plan: await deps.runtime.dryRun(id, body.input, { startedBy: body.startedBy }) };
    const runId = await deps.runtime.start(id, body.input, { startedBy: body.startedBy, ...(body.idempotencyKey ? { idempotencyKey: body.idempotencyKey } : {}), meta: { surface: 'api' } });
    return reply.status(202).send({ runId, run: await deps.engine.getRun(runId) });
  });
};
