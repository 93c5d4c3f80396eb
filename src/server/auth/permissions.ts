/**
 * Who may call what: THE one table of the API's permissions, keyed by method and fastify route
 * pattern. A route that is not listed is admin-only (deny by default), so a new route is safe
 * until someone decides members may use it.
 *
 * - `public`: no credentials (health, the OpenAPI document, signed webhooks and Slack, signing in);
 * - `member`: any signed-in person (the API token, or a console session); `own` narrows the call to
 *   the caller's own data for members who are not admins (it runs once the body is parsed);
 * - `admin`: the API token, the bootstrap admin's session, or a member of the admin group.
 *
 * Who acts: for session callers every `by`, `as` and `startedBy` in the body or query is REPLACED
 * by the session's login (and `actor` names the fields filled in when absent, where a route would
 * otherwise default to `admin`): a person can never act as someone else through the API. Only the
 * API token (the bootstrap admin) may name another actor.
 */
import type { FastifyRequest } from 'fastify';
import type { ServerDeps } from '../deps.ts';
import { AccessDeniedError } from '../http-errors.ts';

/** Who may call a route. */
export type RouteAccess = 'public' | 'member' | 'admin';

/** What `own` gets: the request (params, query and body parsed), the caller's login and the services. */
export interface OwnCall {
  request: FastifyRequest;
  login: string;
  deps: ServerDeps;
}

/** One row of the table. */
export interface RouteRule {
  access: RouteAccess;
  /** Fields naming who acts, set to the session's login even when absent (else they default to `admin`). */
  actor?: { body?: readonly string[]; query?: readonly string[] };
  /** For members who are not admins: narrows the call to their own, or throws FORBIDDEN. */
  own?: (call: OwnCall) => void | Promise<void>;
}

/** Fields that name who acts, replaced by the session's login wherever they appear. */
export const actorFields = ['by', 'as', 'startedBy'] as const;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const params = (request: FastifyRequest) => (request.params ?? {}) as Record<string, string | undefined>;

/** Sets a query parameter to the caller's login (members see only their own). */
const ownQuery =
  (field: string) =>
  ({ request, login }: OwnCall) => {
    (request.query as Record<string, unknown>)[field] = login;
  };

const member: RouteRule = { access: 'member' };
const byInBody: RouteRule = { access: 'member', actor: { body: ['by'] } };

/** The table. Keys: `<METHOD> <fastify route pattern>`. */
export const routeRules: Readonly<Record<string, RouteRule>> = {
  // Public.
  'GET /api/v1/health': { access: 'public' },
  'GET /api/openapi.json': { access: 'public' },
  'POST /api/v1/webhooks/:id': { access: 'public' },
  'POST /api/v1/session': { access: 'public' },
  // Answers 401 itself when nobody is signed in (with whether Okta sign-in is offered).
  'GET /api/v1/session': { access: 'public' },
  'DELETE /api/v1/session': { access: 'public' },
  'GET /api/v1/session/okta': { access: 'public' },
  'GET /api/v1/session/okta/callback': { access: 'public' },

  // Every signed-in person.
  'GET /api/v1/access/catalog': { access: 'member', own: ownQuery('user') },
  'GET /api/v1/access/mine': { access: 'member', own: ownQuery('user') },
  'POST /api/v1/access/requests': byInBody,
  'GET /api/v1/access/requests': { access: 'member', own: ownQuery('user') },
  'GET /api/v1/access/requests/:id': {
    access: 'member',
    // The person it is for, who asked, or an approver of one of its steps.
    async own({ request, login, deps }) {
      const id = params(request).id ?? '';
      const found = await deps.access.requests.get(id);
      if (same(found.requestedBy, login) || same(found.forUser, login)) return;
      for (const step of found.approvals) {
        const approval = await deps.approvals.get(step.approvalId);
        if (approval?.approvers.some((a) => same(a, login))) return;
      }
      throw new AccessDeniedError(403, `Access request ${id} is neither yours nor waiting for your approval; only a Gatehouse admin may see it.`);
    },
  },
  'POST /api/v1/access/requests/:id/approve': byInBody,
  'POST /api/v1/access/requests/:id/deny': byInBody,
  'POST /api/v1/access/requests/:id/extend': byInBody,
  'POST /api/v1/access/requests/:id/shorten': byInBody,
  'POST /api/v1/access/requests/:id/revoke': byInBody,
  'POST /api/v1/access/requests/:id/cancel': byInBody,
  'GET /api/v1/approvals': { access: 'member', own: ownQuery('approver') },
  'POST /api/v1/approvals/:id/decision': byInBody,
  'GET /api/v1/access/reviews/:id/items': { access: 'member', own: ownQuery('reviewer') },
  'POST /api/v1/access/reviews/:id/items/:itemId/decision': byInBody,
  'POST /api/v1/access/reviews/:id/decisions': byInBody,
  'POST /api/v1/chat': { access: 'member', actor: { body: ['as'] } },
  'GET /api/v1/workflows': member,
  'POST /api/v1/workflows/:id/runs': {
    access: 'member',
    actor: { body: ['startedBy'] },
    own({ request, deps }) {
      const id = params(request).id ?? '';
      // An unknown id is left to the route (404).
      if (!deps.runtime.has(id)) return;
      if (deps.runtime.get(id).access !== 'anyone') throw new AccessDeniedError(403, `Workflow ${id} is for the IT team (access: team); ask IT in the chat, or a Gatehouse admin.`);
    },
  },

  // Admin-only routes that name who acts: the session's login, not the `admin` default.
  'PUT /api/v1/access/:kind/:id': { access: 'admin', actor: { query: ['by'] } },
  'DELETE /api/v1/access/:kind/:id': { access: 'admin', actor: { query: ['by'] } },
};

/** Prefixes of routes that authenticate by signature instead (Slack's events and interactions). */
export const publicPrefixes: readonly string[] = ['/api/v1/slack/'];

const adminOnly: RouteRule = { access: 'admin' };

/** The rule of a route (`url`: fastify's route pattern, undefined when no route matched); admin-only when unlisted. */
export function ruleFor(method: string, url: string | undefined, path: string): RouteRule {
  if (publicPrefixes.some((p) => path.startsWith(p))) return { access: 'public' };
  if (url === undefined) return adminOnly;
  return routeRules[`${method === 'HEAD' ? 'GET' : method} ${url}`] ?? adminOnly;
}
