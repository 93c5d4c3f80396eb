import type { FastifyPluginAsync } from 'fastify';
import type { ServerDeps } from '../deps.ts';

/** `GET /api/v1/health`: up, which Okta org, which store. No secrets. */
export const healthRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/health', async () => ({ status: 'ok', version: deps.info.version, okta: { orgUrl: deps.connection.describe().orgUrl, mode: deps.connection.describe().mode }, store: deps.info.store }));
};
