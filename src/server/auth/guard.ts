/**
 * The API's gate, as two fastify hooks: `onRequest` finds who is calling (the bearer API token, or
 * the `gatehouse_session` cookie), refuses what their role may not do (routes/permissions.ts) and a
 * cookie-authenticated mutation without `X-Gatehouse-Request: 1` (CSRF); `preHandler`, once the body
 * is parsed, binds `by`/`as`/`startedBy` to the session's login and narrows members to their own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerDeps } from '../deps.ts';
import { AccessDeniedError } from '../http-errors.ts';
import { parseCookies } from './cookies.ts';
import { actorFields, ruleFor, type RouteRule } from './permissions.ts';
import { BOOTSTRAP_ADMIN, type Roles } from './roles.ts';
import type { Session, Sessions } from './sessions.ts';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'gatehouse_session';
/** The header a cookie-authenticated POST, PUT, PATCH or DELETE must carry (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-gatehouse-request';

/** Who is calling. */
export interface Actor {
  /** The login acts are recorded under (`admin` for the API token). */
  login: string;
  name: string;
  /** The API token (which may act for others), or a console session (which acts only as itself). */
  via: 'token' | 'session';
  /** Holds the admin role now. */
  admin: boolean;
  /** The session, for session callers. */
  session: Session | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling (null on public routes without credentials). */
    actor: Actor | null;
  }
}

/** Compares the given token with the API token in constant time. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bootstrap admin as an actor. */
export const tokenActor = (): Actor => ({ login: BOOTSTRAP_ADMIN, name: 'Gatehouse admin', via: 'token', admin: true, session: null });

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's id, if any. */
export const sessionIdOf = (request: FastifyRequest): string | undefined => parseCookies(request.headers.cookie)[SESSION_COOKIE];

/** What the gate needs. */
export interface GuardDeps {
  apiToken: string;
  sessions: Sessions;
  roles: Roles;
  server: ServerDeps;
}

/** Finds the caller from the bearer token or the session cookie; undefined when neither is there, 401 when one is wrong. */
export async function authenticate(request: FastifyRequest, deps: GuardDeps): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AccessDeniedError(401, 'Sign in: send Authorization: Bearer <token> (the token is in <dataDir>/api-token), or sign in to the console.');
    if (!tokenMatches(match[1] as string, deps.apiToken)) throw new AccessDeniedError(401, 'The API token is not valid; read it again from <dataDir>/api-token.');
    return tokenActor();
  }
  const id = sessionIdOf(request);
  if (id === undefined) return undefined;
  const session = await deps.sessions.get(id);
  if (!session) throw new AccessDeniedError(401, 'Your console session has expired or was signed out; sign in again.');
  if (session.login === BOOTSTRAP_ADMIN) return { login: session.login, name: session.name, via: 'session', admin: true, session };
  // The person must still be active in the directory: someone deprovisioned in Okta loses the console at the next sync.
  const user = await deps.server.access.directory.getUser(session.userId ?? session.login);
  if (!user || user.status !== 'ACTIVE') {
    await deps.sessions.destroy(id);
    throw new AccessDeniedError(401, 'Your Okta account is no longer active in the directory; your session was ended.');
  }
  return { login: user.login, name: user.displayName, via: 'session', admin: await deps.roles.isAdmin(user.login), session };
}

function bindActor(request: FastifyRequest, rule: RouteRule, login: string): void {
  const rewrite = (target: Record<string, unknown>, required: readonly string[] | undefined) => {
    for (const field of actorFields) if (field in target) target[field] = login;
    for (const field of required ?? []) target[field] = login;
  };
  const body = request.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) rewrite(body as Record<string, unknown>, rule.actor?.body);
  else if ((body === undefined || body === null) && rule.actor?.body) {
    request.body = {};
    rewrite(request.body as Record<string, unknown>, rule.actor.body);
  }
  if (request.query !== null && typeof request.query === 'object') rewrite(request.query as Record<string, unknown>, rule.actor?.query);
}

/** Registers the gate on the app (before the routes). */
export function registerGuard(app: FastifyInstance, deps: GuardDeps): void {
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] as string;
    if (!path.startsWith('/api/')) return;
    const rule = ruleFor(request.method, request.routeOptions.url, path);
    if (rule.access === 'public') {
      // Session routes still like to know who is there; a bad credential on a public route is no error.
      if (path.startsWith('/api/v1/session')) request.actor = (await authenticate(request, deps).catch(() => undefined)) ?? null;
      return;
    }
    const actor = await authenticate(request, deps);
    if (!actor) throw new AccessDeniedError(401, 'Sign in to the console, or send Authorization: Bearer <token> (the token is in <dataDir>/api-token).');
    request.actor = actor;
    if (actor.via === 'session' && !safeMethods.has(request.method) && request.headers[CSRF_HEADER] !== '1') {
      throw new AccessDeniedError(403, `A console request that changes something must carry the header X-Gatehouse-Request: 1 (it protects against cross-site requests); ${request.method} ${path} had none.`);
    }
    if (rule.access === 'admin' && !actor.admin) {
      throw new AccessDeniedError(403, `${request.method} ${path} needs the Gatehouse admin role (members of the Okta group "${deps.roles.adminGroup}"); ${actor.login} is signed in without it.`);
    }
  });

  app.addHook('preHandler', async (request) => {
    const actor = request.actor;
    if (!actor || actor.via !== 'session') return;
    const path = request.url.split('?')[0] as string;
    const rule = ruleFor(request.method, request.routeOptions.url, path);
    if (rule.access === 'public') return;
    bindActor(request, rule, actor.login);
    if (!actor.admin && rule.own) await rule.own({ request, login: actor.login, deps: deps.server });
  });
}
