/**
 * Builds Gatehouse's HTTP API as a fastify instance. It never listens (listen.ts does), so tests call
 * `app.inject()` (CONVENTIONS 14).
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerDeps } from './deps.ts';
import { AccessDeniedError, handleError } from './http-errors.ts';
import { openApiDocument } from './openapi.ts';
import { accessRoutes } from './routes/access.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { auditRoutes } from './routes/audit.ts';
import { chatRoutes } from './routes/chat.ts';
import { connectionRoutes } from './routes/connection.ts';
import { directoryRoutes } from './routes/directory.ts';
import { healthRoutes } from './routes/health.ts';
import { registerReviewRoutes } from './routes/reviews.ts';
import { runRoutes } from './routes/runs.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { workflowRoutes } from './routes/workflows.ts';

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The API under /api/v1 (described at /api/openapi.json); every route but /api/v1/health needs `Authorization: Bearer <api token>`. */
export function buildApp(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger === undefined || deps.logger === false ? false : deps.logger === true ? { level: 'info' } : deps.logger,
    bodyLimit: 1024 * 1024,
    // Request ids in logs; headers (which carry the token) are never logged by fastify's serializers.
    genReqId: () => `req-${Math.random().toString(36).slice(2, 12)}`,
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no route ${request.method} ${request.url.split('?')[0]}; see GET /api/v1/health for the API's version.` } });
  });
  app.addHook('onRequest', async (request) => {
    // Health is public; webhooks and Slack authenticate by signature (routes/webhooks.ts, chat/adapters/slack).
    if (
      request.url === '/api/v1/health' ||
      request.url === '/api/openapi.json' ||
      request.url.startsWith('/api/v1/webhooks/') ||
      request.url.startsWith('/api/v1/slack/') ||
      !request.url.startsWith('/api/')
    )
      return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AccessDeniedError(401, 'Sign in: send Authorization: Bearer <token> (the token is in <dataDir>/api-token).');
    if (!tokenMatches(match[1] as string, deps.apiToken)) throw new AccessDeniedError(401, 'The API token is not valid; read it again from <dataDir>/api-token.');
  });
  const openapi = openApiDocument(deps.info.version);
  app.get('/api/openapi.json', async () => openapi);
  void app.register(healthRoutes, { deps });
  void app.register(workflowRoutes, { deps });
  void app.register(runRoutes, { deps });
  void app.register(approvalRoutes, { deps });
  void app.register(auditRoutes, { deps });
  void app.register(webhookRoutes, { deps });
  void app.register(connectionRoutes, { deps });
  void app.register(directoryRoutes, { deps });
  void app.register(accessRoutes, { deps });
  void app.register(chatRoutes, { deps });
  // Until console sessions arrive (issue 7) the bearer token is the local admin.
  registerReviewRoutes(app, { reviews: deps.access.reviews, actor: () => 'admin' });
  return app;
}
