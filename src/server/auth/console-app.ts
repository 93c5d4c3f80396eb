/**
 * The "Gatehouse Console" OIDC web app, made (idempotently) in the embedded emulator's org through
 * the Management API, as an Okta admin would in a real org: authorization code, client_secret_basic,
 * the console's callback URLs, assigned to Everyone. Gatehouse chooses the client secret itself (Okta
 * accepts one in `credentials.oauthClient.client_secret`), so a second start that finds the app can
 * set a secret it knows instead of reading one back. The secret is only held in memory.
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/#tag/Application/operation/createApplication
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { OktaClient } from '../../okta/index.ts';
import type { OidcClientConfig } from './oidc.ts';

/** The label of the console's app in Okta. */
export const CONSOLE_APP_LABEL = 'Gatehouse Console';
/** Where Okta sends people back to. */
export const CALLBACK_PATH = '/api/v1/session/okta/callback';

const createdAppSchema = z.object({ id: z.string(), label: z.string(), credentials: z.object({ oauthClient: z.object({ client_id: z.string().optional() }).passthrough().optional() }).passthrough().optional() }).passthrough();

/** The callback URLs of a Gatehouse reachable at `baseUrl` (127.0.0.1 also as localhost, which people type). */
export function callbackUrls(baseUrl: string): string[] {
  const base = new URL(baseUrl);
  const urls = [new URL(CALLBACK_PATH, base).toString()];
  if (base.hostname === '127.0.0.1') {
    base.hostname = 'localhost';
    urls.push(new URL(CALLBACK_PATH, base).toString());
  }
  return urls;
}

/** Creates or updates the console's OIDC app in the org and returns how to sign in with it. */
export async function ensureConsoleApp(okta: OktaClient, options: { redirectUris: readonly string[] }): Promise<OidcClientConfig> {
  const clientSecret = randomBytes(32).toString('base64url');
  const body = {
    name: 'oidc_client',
    label: CONSOLE_APP_LABEL,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic', client_secret: clientSecret } },
    settings: { oauthClient: { application_type: 'web', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [...options.redirectUris] } },
  };
  let existing: string | undefined;
  for await (const app of okta.apps.list({ q: CONSOLE_APP_LABEL })) {
    if (app.label === CONSOLE_APP_LABEL && app.signOnMode === 'OPENID_CONNECT') existing = app.id;
  }
  const answer = existing
    ? await okta.request({ method: 'PUT', path: `/api/v1/apps/${encodeURIComponent(existing)}`, body })
    : await okta.request({ method: 'POST', path: '/api/v1/apps', body, idempotent: false });
  const app = createdAppSchema.parse(answer.body);
  let everyone: string | undefined;
  for await (const group of okta.groups.list({ filter: 'type eq "BUILT_IN"' })) if (group.profile.name === 'Everyone') everyone = group.id;
  if (everyone) await okta.apps.assignGroup(app.id, everyone);
  return { orgUrl: okta.orgUrl, clientId: app.credentials?.oauthClient?.client_id ?? app.id, clientSecret, redirectUris: options.redirectUris };
}
