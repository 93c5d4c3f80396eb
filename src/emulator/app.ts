import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.ts';
import { errorIdFor, handleError, oktaErrorBody } from './http/errors.ts';
import { RouteTable, registerOktaRoutes } from './http/register.ts';
import { send } from './http/route.ts';
import { appRoutes } from './routes/apps.ts';
import { clientRoleRoutes } from './routes/client-roles.ts';
import { groupRoutes } from './routes/groups.ts';
import { logRoutes } from './routes/logs.ts';
import { registerOAuthRoutes } from './routes/oauth2-token.ts';
import { registerOidcRoutes } from './routes/oidc.ts';
import { registerOperatorRoutes } from './routes/operator.ts';
import { userRoutes } from './routes/users.ts';
import { OktaError, oktaErrors } from './state/errors.ts';
import type { RateLimitDecision } from './state/rate-limits.ts';
import { logEvent, systemActor, type LogActor } from './state/system-log.ts';

/** The largest request body the emulator reads (Okta's own limit is not documented; 1 MiB is ample for any resource). */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Logs a rate-limit or concurrency violation, once per window as Okta does (reference §2.5, §3.4). The
 * actor is the client app whose token the refused call carried, else Okta itself.
 */
function logRefusal(ctx: EmulatorContext, req: FastifyRequest, path: string, decision: RateLimitDecision): void {
  const authorization = req.headers.authorization ?? '';
  const token = ctx.org.tokens.get(authorization.slice(authorization.indexOf(' ') + 1).trim());
  const app = token ? ctx.org.apps.get(token.clientId) : undefined;
  const actor: LogActor = app ? { id: app.id, type: 'PublicClientApp', alternateId: app.id, displayName: app.label } : systemActor;
  const concurrency = decision.reason === 'concurrency';
  logEvent(
    ctx.org,
    { actor, requestId: req.id, ipAddress: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), requestUri: path },
    {
      eventType: concurrency ? 'core.concurrency.org.limit.violation' : 'system.org.rate_limit.violation',
      displayMessage: concurrency ? 'Concurrency limit violation' : `Rate limit violation: ${decision.bucket}`,
      severity: 'WARN',
      outcome: { result: 'RATE_LIMIT' },
      targets: [],
    },
  );
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function requestId(): string {
  const bytes = randomBytes(22);
  let out = 'req';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

const isOktaPath = (path: string) => path.startsWith('/api/') || path.startsWith('/oauth2/');

/** Builds the emulator's fastify instance (it does not listen; tests may `inject`). */
export function buildEmulatorApp(ctx: EmulatorContext, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    genReqId: requestId,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1000 },
    // Errors the router raises before any hook runs (bad percent-encoding, an over-long path segment):
    // answer them with Okta's error object too, not fastify's own JSON.
    frameworkErrors: (error, req, reply) => {
      reply.header('x-okta-request-id', req.id);
      reply.header('date', new Date(ctx.clock.now()).toUTCString());
      let okta: OktaError | undefined;
      if (error.code === 'FST_ERR_BAD_URL') okta = oktaErrors.invalidRequest('the URL is not correctly percent-encoded');
      else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') okta = new OktaError(414, 'E0000002', 'The request was not valid: a path segment is too long');
      if (!okta) return handleError(error, req, reply);
      return send(reply, { status: okta.status, body: oktaErrorBody(okta, errorIdFor(req)) });
    },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (_req, text, done) => {
    const body = String(text);
    if (body.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body));
    } catch {
      done(oktaErrors.malformedBody(), undefined);
    }
  });
  // Any other media type: an empty body is fine (PUT /groups/{id}/users/{userId} carries none), content is 415.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, text, done) => {
    if (String(text).length === 0) return done(null, undefined);
    done(oktaErrors.unsupportedMediaType(), undefined);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(text))));
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-okta-request-id', req.id);
    // Date follows the org's clock, like X-Rate-Limit-Reset, so clients that wait `reset − Date` stay right under a moved clock.
    reply.header('date', new Date(ctx.clock.now()).toUTCString());
    const path = req.url.split('?')[0] as string;
    if (!isOktaPath(path)) return;
    const accept = req.headers.accept;
    // The authorize endpoint is a browser page (HTML); everything else under /api and /oauth2 answers JSON.
    if (accept && path !== '/oauth2/v1/authorize' && !/application\/json|\*\/\*|application\/\*|application\/jwk-set\+json/i.test(accept)) throw oktaErrors.notAcceptable();
    if ((req.method === 'POST' || req.method === 'PUT') && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      throw oktaErrors.lengthRequired();
    }
    const { faults } = ctx;
    if (faults.dropRate > 0 && ctx.chance() < faults.dropRate) {
      req.raw.socket.destroy();
      return reply;
    }
    if (path !== '/oauth2/v1/keys') {
      const decision = ctx.rateLimiter.take(req.method, path.replace(/\/+$/, '').replace(/\/{2,}/g, '/'), ctx.clock.now());
      if (decision) {
        reply.header('x-rate-limit-limit', String(decision.limit));
        reply.header('x-rate-limit-remaining', String(decision.remaining));
        reply.header('x-rate-limit-reset', String(decision.reset));
        if (!decision.allowed) {
          if (decision.firstRefusal) logRefusal(ctx, req, path, decision);
          throw oktaErrors.rateLimited();
        }
        // The request holds a concurrency slot until its response is done or its connection goes
        // ('close' fires in both cases, also when the client gives up during injected latency).
        let held = true;
        reply.raw.once('close', () => {
          if (held) ctx.rateLimiter.release();
          held = false;
        });
      }
    }
    // Latency comes after admission, so a slow answer occupies a concurrency slot as a slow Okta does.
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.errorRate > 0 && ctx.chance() < faults.errorRate) {
      throw new OktaError(faults.errorStatus, 'E0000009', faults.errorStatus === 503 ? 'Service Unavailable' : 'Internal Server Error');
    }
  });

  app.setErrorHandler((error, req, reply) => handleError(error, req, reply));

  const table = new RouteTable();
  registerOAuthRoutes(app, ctx);
  table.add('POST', '/oauth2/v1/token');
  table.add('GET', '/oauth2/v1/keys');
  registerOidcRoutes(app, ctx);
  for (const method of ['GET', 'POST'] as const) {
    table.add(method, '/oauth2/v1/authorize');
    table.add(method, '/oauth2/v1/userinfo');
  }
  registerOktaRoutes(app, ctx, table, [...userRoutes, ...groupRoutes, ...appRoutes, ...clientRoleRoutes, ...logRoutes]);
  registerOperatorRoutes(app, ctx);

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] as string;
    const error = table.knowsPath(path) ? oktaErrors.methodNotAllowed() : oktaErrors.noSuchPath();
    return send(reply, { status: error.status, body: oktaErrorBody(error, errorIdFor(req)) });
  });
  return app;
}
