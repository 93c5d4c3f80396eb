/**
 * The API's OpenAPI 3.1 document, served at `/api/openapi.json`. Request schemas come from the same
 * zod schemas the routes parse with, so the document cannot drift from what the server accepts.
 */
import { z } from 'zod';
import * as access from './routes/access.ts';
import * as approvals from './routes/approvals.ts';
import * as chat from './routes/chat.ts';
import * as audit from './routes/audit.ts';
import * as connection from './routes/connection.ts';
import * as directory from './routes/directory.ts';
import * as reviews from './routes/reviews.ts';
import * as runs from './routes/runs.ts';
import * as session from './routes/session.ts';
import * as workflows from './routes/workflows.ts';

type Schema = z.ZodType;

const json = (schema: Schema) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function queryParameters(schema: z.ZodObject) {
  const doc = json(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(doc.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: doc.required?.includes(name) ?? false, schema: s }));
}

const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const errorResponse = { description: 'An error: `{"error":{"code","message","issues"?}}` (codes in docs/errors.md)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });

interface Operation {
  summary: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
}

const op = (summary: string, responses: Record<string, unknown>, extra: Partial<Operation> = {}): Operation => ({ summary, ...extra, responses: { ...responses, '400': errorResponse, '401': errorResponse, '404': errorResponse } });

/** Builds the document. */
export function openApiDocument(version: string): Record<string, unknown> {
  const workflowId = pathParam('id', 'a workflow id (kebab-case)');
  return {
    openapi: '3.1.0',
    info: { title: 'Gatehouse API', version, description: 'Identity automation for Okta: workflows, runs, approvals and the audit log. Every route but /api/v1/health, signing in and the signed webhooks needs `Authorization: Bearer <token from <dataDir>/api-token>` (the bootstrap admin) or the console\'s `gatehouse_session` cookie; with the cookie, POST/PUT/DELETE must carry `X-Gatehouse-Request: 1`, and `by`/`as`/`startedBy` are the signed-in person. Who may call what (admin, or every signed-in person) is listed per route in src/server/auth/permissions.ts; the rest is admin-only.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'gatehouse_session' }, webhookSignature: { type: 'apiKey', in: 'header', name: 'X-Gatehouse-Signature' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } }, reason: { type: 'string' } } } },
        },
      },
    },
    paths: {
      '/api/v1/health': { get: { ...op('Liveness, the Okta org and the store', { '200': ok('Up') }), security: [] } },
      '/api/v1/workflows': { get: op('Installed workflows with their input JSON Schema', { '200': ok('The workflows') }) },
      '/api/v1/workflows/{id}': { get: op('One installed workflow, with its source', { '200': ok('The workflow') }, { parameters: [workflowId] }) },
      '/api/v1/workflows/{id}/runs': { post: op('Start a run, or plan a dry run', { '202': ok('Started: the run id'), '200': ok('A dry run: the plan') }, { parameters: [workflowId], requestBody: body(workflows.runBody) }) },
      '/api/v1/workflows/{id}/webhook-secret': { post: op('Make (or replace) the webhook secret; shown once', { '201': ok('The secret') }, { parameters: [workflowId] }) },
      '/api/v1/catalog': { get: op('The installable catalog', { '200': ok('The catalog') }) },
      '/api/v1/catalog/{id}/install': { post: op('Install a catalog workflow into the workflows folder', { '201': ok('Installed'), '200': ok('Replaced'), '409': errorResponse }, { parameters: [workflowId], requestBody: { ...body(workflows.installBody), required: false } }) },
      '/api/v1/runs': { get: op('Recent runs', { '200': ok('The runs') }, { parameters: queryParameters(runs.listQuery) }) },
      '/api/v1/runs/{id}': { get: op('A run with its step timeline', { '200': ok('The run and its steps') }, { parameters: [pathParam('id', 'a run id')] }) },
      '/api/v1/runs/{id}/cancel': { post: op('Cancel a live run', { '200': ok('The run') }, { parameters: [pathParam('id', 'a run id')], requestBody: { ...body(runs.cancelBody), required: false } }) },
      '/api/v1/approvals': { get: op('Approvals, filtered by status and approver', { '200': ok('The approvals') }, { parameters: queryParameters(approvals.listQuery) }) },
      '/api/v1/approvals/{id}/decision': { post: op('Approve or deny (the first decision wins)', { '200': ok('The decided approval'), '409': errorResponse }, { parameters: [pathParam('id', 'an approval id')], requestBody: body(approvals.decisionBody) }) },
      '/api/v1/audit': { get: op('The audit log, oldest first; format=jsonl or csv to export', { '200': ok('Entries') }, { parameters: queryParameters(audit.listQuery) }) },
      '/api/v1/audit/verify': { get: op('Check the hash chain', { '200': ok('The check') }) },
      '/api/v1/connections/okta': {
        get: op('The connected Okta org (never its secret)', { '200': ok('The connection') }),
        delete: op('Disconnect: remove the stored connection and go back to the embedded demo org', { '200': ok('Disconnected') }),
        post: op('Connect Okta: validate the four fields, get a token, probe every capability, save', { '201': ok('Saved, with the probe report'), '422': ok('Not saved: no token (the report says why)') }, { requestBody: body(connection.connectBody) }),
      },
      '/api/v1/connections/okta/validate': { post: op('Check the Connect Okta fields (nothing is probed or saved)', { '200': ok('Valid, with warnings') }, { requestBody: body(connection.connectBody) }) },
      '/api/v1/connections/okta/test': { post: op('Probe every capability of the connected org', { '200': ok('The report') }) },
      '/api/v1/directory/users': { get: op('Users of the connected org (q, search, filter)', { '200': ok('Users') }, { parameters: queryParameters(directory.directoryQuery) }) },
      '/api/v1/directory/users/{id}': { get: op('A user with groups and app links', { '200': ok('The user') }, { parameters: [pathParam('id', 'id or login')] }) },
      '/api/v1/directory/users/{id}/events': { get: op("A user's recent Okta System Log events (as actor or target), newest first", { '200': ok('Events') }, { parameters: [pathParam('id', 'id or login'), ...queryParameters(directory.eventsQuery)] }) },
      '/api/v1/directory/groups': { get: op('Groups', { '200': ok('Groups') }, { parameters: queryParameters(directory.directoryQuery) }) },
      '/api/v1/directory/groups/{id}/members': { get: op('Members of a group', { '200': ok('Members') }, { parameters: [pathParam('id', 'a group id')] }) },
      '/api/v1/directory/apps': { get: op('Apps', { '200': ok('Apps') }, { parameters: queryParameters(directory.directoryQuery) }) },
      '/api/v1/directory/apps/{id}/users': { get: op('Users of an app, direct or through a group', { '200': ok('App users') }, { parameters: [pathParam('id', 'an app id')] }) },
      '/api/v1/access/{kind}': { get: op('The access catalog: kind is resources, policies or profiles', { '200': ok('The definitions') }, { parameters: [pathParam('kind', 'resources | policies | profiles')] }) },
      '/api/v1/access/{kind}/{id}': {
        put: op('Create or replace a resource, policy or profile (checked against the synced directory)', { '200': ok('Saved') }, { parameters: [pathParam('kind', 'resources | policies | profiles'), pathParam('id', 'a slug id'), ...queryParameters(access.byQuery)], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } } }),
        delete: op('Remove a definition (a policy or profile in use is refused)', { '204': { description: 'Removed' } }, { parameters: [pathParam('kind', 'resources | policies | profiles'), pathParam('id', 'a slug id'), ...queryParameters(access.byQuery)] }),
      },
      '/api/v1/access/requests': {
        get: op('Access requests, newest first', { '200': ok('The requests') }, { parameters: queryParameters(access.listQuery) }),
        post: op('Request access (refusals carry error.rule)', { '201': ok('The request'), '403': errorResponse, '409': errorResponse }, { requestBody: body(access.requestBody) }),
      },
      '/api/v1/access/requests/{id}': { get: op('A request, its history and the approval waiting for a decision', { '200': ok('The request') }, { parameters: [pathParam('id', 'a request id')] }) },
      '/api/v1/access/requests/{id}/approve': { post: op("Approve the request's current step (an approver may shorten the duration)", { '200': ok('The request'), '409': errorResponse }, { parameters: [pathParam('id', 'a request id')], requestBody: body(access.decideBody) }) },
      '/api/v1/access/requests/{id}/deny': { post: op("Deny the request's current step, with a reason", { '200': ok('The request'), '409': errorResponse }, { parameters: [pathParam('id', 'a request id')], requestBody: body(access.denyBody) }) },
      '/api/v1/access/requests/{id}/extend': { post: op('Extend an active grant, through the same policy', { '200': ok('The request'), '403': errorResponse, '409': errorResponse }, { parameters: [pathParam('id', 'a request id')], requestBody: body(access.extendBody) }) },
      '/api/v1/access/requests/{id}/shorten': { post: op('Move an active grant\'s end earlier', { '200': ok('The request'), '409': errorResponse }, { parameters: [pathParam('id', 'a request id')], requestBody: body(access.shortenBody) }) },
      '/api/v1/access/requests/{id}/revoke': { post: op('End an active grant now', { '200': ok('The request'), '409': errorResponse }, { parameters: [pathParam('id', 'a request id')], requestBody: body(access.revokeBody) }) },
      '/api/v1/access/requests/{id}/cancel': { post: op('Withdraw a pending request', { '200': ok('The request'), '409': errorResponse }, { parameters: [pathParam('id', 'a request id')], requestBody: body(access.cancelBody) }) },
      '/api/v1/access/mine': { get: op("A person's requests, active grants and the approvals waiting for them", { '200': ok('Mine') }, { parameters: queryParameters(access.mineQuery) }) },
      '/api/v1/access/catalog': { get: op('What a person may request: visible resources, roles, what each policy asks, eligibility and what they hold', { '200': ok('The catalog') }, { parameters: queryParameters(access.mineQuery) }) },
      '/api/v1/access/grants': { get: op('Active grants', { '200': ok('The grants') }, { parameters: queryParameters(access.grantsQuery) }) },
      '/api/v1/access/reviews': {
        get: op('Access review campaigns', { '200': ok('The campaigns') }, { parameters: queryParameters(reviews.reviewListQuery) }),
        post: op('Create a campaign (scope, reviewers, fallback, due date, revoke on decision or at close)', { '201': ok('The campaign') }, { requestBody: body(reviews.reviewCreateBody) }),
      },
      '/api/v1/access/reviews/{id}': { get: op('A campaign with its progress', { '200': ok('The campaign') }, { parameters: [pathParam('id', 'a campaign id')] }) },
      '/api/v1/access/reviews/{id}/launch': { post: op('Launch: generate the items (who has what, since when, how) and tell the reviewers', { '200': ok('The campaign') }, { parameters: [pathParam('id', 'a campaign id')], requestBody: { ...body(reviews.reviewActorBody), required: false } }) },
      '/api/v1/access/reviews/{id}/close': { post: op('Close: apply at-close revocations; decisions end', { '200': ok('What closing did') }, { parameters: [pathParam('id', 'a campaign id')], requestBody: { ...body(reviews.reviewActorBody), required: false } }) },
      '/api/v1/access/reviews/{id}/items': { get: op("A campaign's items (a reviewer's queue with ?reviewer=)", { '200': ok('The items') }, { parameters: [pathParam('id', 'a campaign id'), ...queryParameters(reviews.reviewItemsQuery)] }) },
      '/api/v1/access/reviews/{id}/items/{itemId}/decision': { post: op('Decide an item: keep, revoke or reassign, with a comment', { '200': ok('The item'), '409': errorResponse }, { parameters: [pathParam('id', 'a campaign id'), pathParam('itemId', 'an item id')], requestBody: body(reviews.reviewDecisionBody) }) },
      '/api/v1/access/reviews/{id}/decisions': { post: op('Decide many items at once', { '200': ok('Decided and refused items') }, { parameters: [pathParam('id', 'a campaign id')], requestBody: body(reviews.reviewBulkDecisionBody) }) },
      '/api/v1/access/reviews/{id}/progress': { get: op('How many items are decided, by outcome and reviewer', { '200': ok('The progress') }, { parameters: [pathParam('id', 'a campaign id')] }) },
      '/api/v1/access/reviews/{id}/evidence': { get: op('The evidence export (JSON or CSV): campaign, items, decisions, reviewers, times, the Okta changes', { '200': ok('The evidence') }, { parameters: [pathParam('id', 'a campaign id'), ...queryParameters(reviews.reviewEvidenceQuery)] }) },
      '/api/v1/access/history': { get: op('Access history of a resource (and role), JSON or CSV', { '200': ok('The history') }, { parameters: queryParameters(reviews.accessHistoryQuery) }) },
      '/api/v1/session': {
        post: { ...op('Sign in to the console with the API token: the bootstrap admin session (Set-Cookie gatehouse_session)', { '200': ok('{ user: { login, name, roles }, okta: { enabled } }') }, { requestBody: body(session.tokenSignInBody) }), security: [] },
        get: { ...op('Who is signed in, with their roles (admin, approver, requester); 401 also says whether Okta sign-in is offered', { '200': ok('{ user: { login, name, roles }, okta: { enabled } }') }), security: [] },
        delete: { ...op('Sign out (with the cookie: X-Gatehouse-Request: 1)', { '204': { description: 'Signed out; the cookie is cleared' } }), security: [] },
      },
      '/api/v1/session/okta': { get: { ...op('Sign in with Okta: 302 to the org\'s authorize URL (code + PKCE)', { '302': { description: "To Okta's sign-in page" } }), security: [] } },
      '/api/v1/session/okta/callback': { get: { ...op("Okta's redirect back: 302 to / signed in, or to /?signin_error=<code>&signin_message=<text>", { '302': { description: 'To the console' } }), security: [] } },
      '/api/v1/chat': { post: op('One turn with the help desk agent (Accept: text/event-stream streams the reply)', { '200': ok('The reply: text, what was understood, the proposed action or question') }, { requestBody: body(chat.chatBody) }) },
      '/api/v1/directory/sync': {
        get: op('The directory mirror: counts, last syncs, System Log cursor', { '200': ok('The status') }),
        post: op('Sync the mirror now (incremental from the System Log, or full)', { '200': ok('The sync report') }, { requestBody: { ...body(access.syncBody), required: false } }),
      },
      '/api/v1/webhooks/{id}': {
        post: {
          ...op('Start a webhook-triggered workflow (HMAC-signed; the body is the input)', { '202': ok('Started: the run id') }, { parameters: [workflowId, { name: 'X-Gatehouse-Timestamp', in: 'header', required: true, schema: { type: 'string' } }] }),
          security: [{ webhookSignature: [] }],
        },
      },
    },
  };
}
