/**
 * Console sessions (issue 7). The console signs in with the API token (the bootstrap admin) or with
 * Okta (OIDC authorization code + PKCE), then calls the API with the `gatehouse_session` cookie
 * (httpOnly, SameSite=Lax, Secure on https) and, on every POST/PUT/DELETE, the header
 * `X-Gatehouse-Request: 1`.
 *
 * - `POST /api/v1/session` `{ token }` → 200 `{ user, okta }` and the cookie (401 for a wrong token);
 * - `GET /api/v1/session` → 200 `{ user: { login, name, roles }, okta: { enabled } }`, or 401 with
 *   `okta` too (so the sign-in page knows whether to offer Okta);
 * - `DELETE /api/v1/session` → 204, the session ended and the cookie cleared;
 * - `GET /api/v1/session/okta` → 302 to Okta's authorize URL;
 * - `GET /api/v1/session/okta/callback` → 302 to `/` signed in, or to
 *   `/?signin_error=<code>&signin_message=<fixed text>` (codes: auth/oidc.ts `signInErrorCodes`).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { serializeCookie, parseCookies } from '../auth/cookies.ts';
import { CSRF_HEADER, SESSION_COOKIE, sessionIdOf, tokenMatches, type Actor } from '../auth/guard.ts';
import { SignInError, SIGNIN_TTL_MS, signInErrorMessages, type OidcSignIn } from '../auth/oidc.ts';
import { BOOTSTRAP_ADMIN, type Roles } from '../auth/roles.ts';
import { SESSION_MAX_MS, type Sessions } from '../auth/sessions.ts';
import type { ServerDeps } from '../deps.ts';
import { AccessDeniedError, parseRequest } from '../http-errors.ts';

export const tokenSignInBody = z.object({ token: z.string().min(1).max(500) });

/** The cookie that ties an Okta sign-in in progress to the browser that began it. */
export const SIGNIN_COOKIE = 'gatehouse_signin';
const SIGNIN_PATH = '/api/v1/session/okta';

/** What the session routes need besides the server's services. */
export interface SessionRouteOptions {
  deps: ServerDeps;
  sessions: Sessions;
  roles: Roles;
  oidc: OidcSignIn;
}

const secure = (request: FastifyRequest) => request.protocol === 'https';

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
  // The cookie may outlive an idle session (the server decides expiry); it never outlives the absolute maximum.
  void reply.header('set-cookie', serializeCookie(SESSION_COOKIE, id, { path: '/', maxAge: SESSION_MAX_MS / 1000, httpOnly: true, sameSite: 'Lax', secure: secure(request) }));
}

const clearCookie = (request: FastifyRequest, name: string, path: string) => serializeCookie(name, '', { path, maxAge: 0, httpOnly: true, sameSite: 'Lax', secure: secure(request) });

/** The session routes. */
export const sessionRoutes: FastifyPluginAsync<SessionRouteOptions> = async (app, { deps, sessions, roles, oidc }) => {
  const describe = async (actor: Actor) => ({
    user: { login: actor.login, name: actor.name, roles: await roles.rolesOf(actor.login) },
    okta: { enabled: oidc.enabled() },
  });

  app.post('/api/v1/session', async (request, reply) => {
    const { token } = parseRequest(tokenSignInBody, request.body, 'body');
    if (!tokenMatches(token, deps.apiToken)) throw new AccessDeniedError(401, 'The API token is not valid; copy it again from <dataDir>/api-token.');
    // A new id at every sign-in (no session fixation); the old session, if any, ends.
    await sessions.destroy(sessionIdOf(request));
    const { id, session } = await sessions.create({ login: BOOTSTRAP_ADMIN, name: 'Gatehouse admin', userId: null, kind: 'token' });
    setSessionCookie(request, reply, id);
    return reply.header('cache-control', 'no-store').send(await describe({ login: session.login, name: session.name, via: 'session', admin: true, session }));
  });

  app.get('/api/v1/session', async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    if (request.actor) return describe(request.actor);
    if (sessionIdOf(request) !== undefined) void reply.header('set-cookie', clearCookie(request, SESSION_COOKIE, '/'));
    return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'Not signed in (or the session expired): sign in with the API token or with Okta.' }, okta: { enabled: oidc.enabled() } });
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const id = sessionIdOf(request);
    if (id !== undefined && request.headers[CSRF_HEADER] !== '1') throw new AccessDeniedError(403, 'Signing out must carry the header X-Gatehouse-Request: 1.');
    await sessions.destroy(id);
    return reply.status(204).header('set-cookie', clearCookie(request, SESSION_COOKIE, '/')).send();
  });

  const failed = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof SignInError)) throw error;
    // The message names no secret (no code, token or session id); the cause stays out of the log on purpose.
    request.log.warn({ reason: error.reason, message: error.message }, 'sign in with Okta failed');
    const query = new URLSearchParams({ signin_error: error.reason, signin_message: signInErrorMessages[error.reason] });
    return reply.status(302).header('cache-control', 'no-store').header('location', `/?${query.toString()}`).send();
  };

  app.get('/api/v1/session/okta', async (request, reply) => {
    try {
      const { authorizeUrl, transactionId } = await oidc.begin(`${request.protocol}://${request.host}`);
      return reply
        .status(302)
        .header('cache-control', 'no-store')
        .header('set-cookie', serializeCookie(SIGNIN_COOKIE, transactionId, { path: SIGNIN_PATH, maxAge: SIGNIN_TTL_MS / 1000, httpOnly: true, sameSite: 'Lax', secure: secure(request) }))
        .header('location', authorizeUrl)
        .send();
    } catch (error) {
      return failed(request, reply, error);
    }
  });

  app.get('/api/v1/session/okta/callback', async (request, reply) => {
    void reply.header('set-cookie', clearCookie(request, SIGNIN_COOKIE, SIGNIN_PATH));
    try {
      const identity = await oidc.complete(parseCookies(request.headers.cookie)[SIGNIN_COOKIE], new URL(request.url, `${request.protocol}://${request.host}`));
      // Okta's user id first, then the login and email claims, against the synced directory.
      const { directory } = deps.access;
      let user = await directory.getUser(identity.sub);
      for (const key of [identity.login, identity.email]) if (!user && key) user = await directory.getUser(key);
      if (!user) throw new SignInError('unknown_user');
      if (user.status !== 'ACTIVE') throw new SignInError('inactive_user');
      await sessions.destroy(sessionIdOf(request));
      const { id } = await sessions.create({ login: user.login, name: user.displayName || identity.name || user.login, userId: user.id, kind: 'okta' });
      setSessionCookie(request, reply, id);
      request.log.info({ login: user.login }, 'signed in with Okta');
      return reply.status(302).header('cache-control', 'no-store').header('location', '/').send();
    } catch (error) {
      return failed(request, reply, error);
    }
  });
};
