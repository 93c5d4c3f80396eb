import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateResourceCall } from '../auth/resource-auth.ts';
import type { EmulatorContext } from '../context.ts';
import type { ChangeContext } from '../state/system-log.ts';
import { originOf, send, type HttpMethod, type OktaRoute } from './route.ts';

/** Path templates per method, so an unknown method on a known path answers 405 rather than 404. */
export class RouteTable {
  private readonly entries: { method: HttpMethod; regex: RegExp }[] = [];

  add(method: HttpMethod, url: string): void {
    const source = url.replace(/:[A-Za-z]+/g, '[^/]+');
    this.entries.push({ method, regex: new RegExp(`^${source}/?$`) });
  }

  /** Whether some other method serves this path. */
  knowsPath(path: string): boolean {
    return this.entries.some((e) => e.regex.test(path));
  }
}

/** First value of each query parameter. */
export function flatQuery(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? (typeof v[0] === 'string' ? v[0] : undefined) : typeof v === 'string' ? v : undefined;
  }
  return out;
}

/** Registers Management API routes: token and scope checks first, then the handler. */
export function registerOktaRoutes(app: FastifyInstance, ctx: EmulatorContext, table: RouteTable, routes: readonly OktaRoute[]): void {
  for (const route of routes) {
    table.add(route.method, route.url);
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req, reply) => {
        const origin = originOf(req);
        const principal = await authenticateResourceCall(req, ctx, origin, route.scope);
        const path = req.url.split('?')[0] as string;
        const change: ChangeContext = {
          actor: { id: principal.app.id, type: 'PublicClientApp', alternateId: principal.app.id, displayName: principal.app.label },
          requestId: req.id,
          ipAddress: req.ip,
          userAgent: String(req.headers['user-agent'] ?? ''),
          requestUri: path,
        };
        const answer = await route.handler({
          req,
          ctx,
          params: req.params as Record<string, string>,
          query: flatQuery(req),
          body: req.body,
          principal,
          origin,
          path,
          change,
        });
        return send(reply, answer);
      },
    });
  }
}
