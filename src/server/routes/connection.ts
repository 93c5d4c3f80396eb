import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { parseRequest } from '../http-errors.ts';

/** The Connect Okta form: the four fields Okta admins are told to fill. */
export const connectBody = z.object({
  instanceId: z.string().describe('mycompany.okta.com (never the -admin host)'),
  clientId: z.string().describe("the API Services app's Client ID (0oa…)"),
  clientSecret: z.string().describe('the private key JSON (JWK, JWKS or PEM), or a client secret'),
  scopes: z.union([z.string(), z.array(z.string())]).describe('granted Okta API scopes, comma or space separated'),
  /** Accept an http://127.0.0.1 base URL (the emulator, tests). */
  allowInsecure: z.boolean().default(false),
});

/** The connected org (never its secret), validating, connecting and testing a connection. */
export const connectionRoutes: FastifyPluginAsync<{ deps: ServerDeps }> = async (app, { deps }) => {
  app.get('/api/v1/connections/okta', async () => deps.connection.describe());

  // Checks the four fields, as the console does while they are typed; probes and saves nothing.
  app.post('/api/v1/connections/okta/validate', async (request) => {
    const { allowInsecure, ...input } = parseRequest(connectBody, request.body, 'body');
    const parsed = await deps.connection.validate(input, { allowInsecure });
    return { valid: true, orgUrl: parsed.orgUrl, clientId: parsed.clientId, scopes: parsed.scopes, auth: parsed.secret.kind, warnings: parsed.warnings };
  });

  // Save: validate, get a token, probe every capability; saved only when a token was had.
  app.post('/api/v1/connections/okta', async (request, reply) => {
    const { allowInsecure, ...input } = parseRequest(connectBody, request.body, 'body');
    const outcome = await deps.connection.connect(input, { allowInsecure });
    const body = { saved: outcome.saved, orgUrl: outcome.connection.orgUrl, clientId: outcome.connection.clientId, scopes: outcome.connection.scopes, warnings: outcome.warnings, report: outcome.report };
    return reply.status(outcome.saved ? 201 : 422).send(body);
  });

  app.post('/api/v1/connections/okta/test', async () => ({ report: await deps.connection.test() }));

  // Disconnect: the stored connection is removed; Gatehouse goes back to the embedded demo org.
  app.delete('/api/v1/connections/okta', async (request) => deps.connection.disconnect(request.actor?.login ?? 'admin'));
};
