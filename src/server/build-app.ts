/**
 * Builds Gatehouse's HTTP API as a fastify instance. It never listens (listen.ts does), so tests call
 * `app.inject()` (CONVENTIONS 14).
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerGuard } from './auth/guard.ts';
import { createOidcSignIn } from './auth/oidc.ts';
import { createSessions } from './auth/sessions.ts';
import type { ServerDeps } from './deps.ts';
import { handleError } from './http-errors.ts';
import { openApiDocument } from './openapi.ts';
import { accessRoutes } from './routes/access.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { auditRoutes } from './routes/audit.ts';
import { chatRoutes } from './routes/chat.ts';
import { connectionRoutes } from './routes/connection.ts';
import { consoleRoutes } from './routes/console.ts';
import { directoryRoutes } from './routes/directory.ts';
import { healthRoutes } from './routes/health.ts';
import { registerReviewRoutes } from './routes/reviews.ts';
import { runRoutes } from './routes/runs.ts';
import { sessionRoutes } from './routes/session.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { workflowRoutes } from './routes/workflows.ts';

/** Query parameters that must not reach a log line (the OIDC callback's code and state). */
const secretParams = /([?&](?:code|state|token|session_state)=)[^&]*/g;

/** A request as logged: fastify's fields, the URL without secrets (headers, which carry the token and the cookie, never). */
const logRequest = (request: FastifyRequest) => ({ method: request.method, url: request.url.replace(secretParams, '$1[redacted]'), host: request.host, remoteAddress: request.ip });

/**
 * The API under /api/v1 (described at /api/openapi.json). Every route but health, the OpenAPI
 * document, signed webhooks, Slack and signing in needs `Authorization: Bearer <api token>` or a
 * console session (auth/guard.ts); what each role may call is in auth/permissions.ts.
 */
export function buildApp(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger === undefined || deps.logger === false ? false : { ...(deps.logger === true ? { level: 'info' } : deps.logger), serializers: { req: logRequest } },
    bodyLimit: 1024 * 1024,
    // Request ids in logs; headers (which carry the token) are never logged by fastify's serializers.
    genReqId: () => `req-${Math.random().toString(36).slice(2, 12)}`,
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no route ${request.method} ${request.url.split('?')[0]}; see GET /api/v1/health for the API's version.` } });
  });
  const sessions = createSessions({ kv: deps.auth.kv, clock: deps.clock });
  const oidc = createOidcSignIn({ config: deps.auth.oidc, kv: deps.auth.kv, clock: deps.clock });
  registerGuard(app, { apiToken: deps.apiToken, sessions, roles: deps.auth.roles, server: deps });
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
  void app.register(sessionRoutes, { deps, sessions, roles: deps.auth.roles, oidc });
  // Who acts is the caller (the API token is the bootstrap admin, `admin`).
  registerReviewRoutes(app, { reviews: deps.access.reviews, actor: (request) => request.actor?.login ?? 'admin' });
  // The web console (web/dist) at every non-API path.
  void app.register(consoleRoutes);
  return app;
}
