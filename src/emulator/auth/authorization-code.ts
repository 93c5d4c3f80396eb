/**
 * "Sign in with Okta" on the org authorization server: authorization codes issued by
 * `/oauth2/v1/authorize` and redeemed at `/oauth2/v1/token` (grant_type=authorization_code) for an
 * access token and an id token signed with the org key of `/oauth2/v1/keys`.
 * @see https://developer.okta.com/docs/guides/implement-grant-type/authcodepkce/main/
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EmulatorContext } from '../context.ts';
import { findAppByClientId } from '../state/apps.ts';
import { OAuthError } from '../state/errors.ts';
import type { Org } from '../state/org.ts';
import { appTarget, logEvent, type ChangeContext } from '../state/system-log.ts';
import type { AppRecord, AuthorizationCodeRecord, UserRecord } from '../state/types.ts';

/** Scopes the org authorization server grants to a signed-in user here (OIDC's standard ones). */
export const userScopes = ['openid', 'profile', 'email', 'address', 'phone'] as const;
/** How long a code may wait to be redeemed (Okta's org AS: 300 s; unconfirmed, RFC 6749 allows up to 10 min). */
export const CODE_LIFETIME_S = 300;
/** Okta's org AS mints id and access tokens for one hour (support.okta.com "lifetime of the JWT tokens"). */
const TOKEN_LIFETIME_S = 3600;

/** base64url(SHA-256(text)): the PKCE S256 transform. */
export function s256(text: string): string {
  return createHash('sha256').update(text, 'ascii').digest('base64url');
}

/** The org's id (Okta `idp` claim): stable for a seed. */
export function orgIdOf(org: Org): string {
  return '00o' + org.defaultUserTypeId.slice(3);
}

/** The sign-in redirect URIs registered on an OIDC app (`settings.oauthClient.redirect_uris`). */
export function redirectUrisOf(app: AppRecord): string[] {
  const settings = app.body.settings as { oauthClient?: { redirect_uris?: unknown } } | undefined;
  const uris = settings?.oauthClient?.redirect_uris;
  return Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string') : [];
}

/** The user's claims for the granted scopes (id token and userinfo). */
export function userClaims(user: UserRecord, scopes: readonly string[]): Record<string, unknown> {
  const p = user.profile;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const claims: Record<string, unknown> = { sub: user.id };
  if (scopes.includes('profile')) {
    Object.assign(claims, {
      name: str(p.displayName) ?? [str(p.firstName), str(p.lastName)].filter(Boolean).join(' '),
      given_name: str(p.firstName),
      family_name: str(p.lastName),
      middle_name: str(p.middleName),
      nickname: str(p.nickName),
      preferred_username: String(p.login),
      profile: str(p.profileUrl),
      locale: str(p.locale) ?? 'en_US',
      zoneinfo: str(p.timezone) ?? 'America/Los_Angeles',
      updated_at: Math.floor(user.lastUpdated / 1000),
    });
  }
  if (scopes.includes('email')) Object.assign(claims, { email: str(p.email), email_verified: true });
  if (scopes.includes('phone') && str(p.mobilePhone ?? p.primaryPhone)) claims.phone_number = str(p.mobilePhone ?? p.primaryPhone);
  if (scopes.includes('address')) {
    claims.address = { street_address: str(p.streetAddress), locality: str(p.city), region: str(p.state), postal_code: str(p.zipCode), country: str(p.countryCode) };
  }
  return JSON.parse(JSON.stringify(claims)) as Record<string, unknown>;
}

const secretMatches = (expected: string | null, given: string) => {
  if (expected === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Authenticates the client of a code exchange: a client secret (Basic or form) or, for public clients, none. */
function authenticateCodeClient(org: Org, creds: { clientId?: string; clientSecret?: string }): AppRecord {
  const invalid = (description: string) => new OAuthError(401, 'invalid_client', description);
  if (creds.clientId === undefined) throw invalid('No client credentials found.');
  const app = findAppByClientId(org, creds.clientId);
  if (!app || !app.oauthClient) throw invalid('Client authentication failed. Either the client or the client credentials are invalid.');
  if (app.status !== 'ACTIVE') throw invalid('The client is not active.');
  const method = app.oauthClient.tokenEndpointAuthMethod;
  if (method === 'none') {
    if (creds.clientSecret !== undefined) throw invalid('Client authentication failed. A public client must not send a client secret.');
    return app;
  }
  if (!method.startsWith('client_secret_')) {
    throw invalid(`The emulator redeems authorization codes for clients using client_secret_basic, client_secret_post or none; this client uses ${method}.`);
  }
  if (creds.clientSecret === undefined || !secretMatches(app.oauthClient.clientSecret, creds.clientSecret)) {
    throw invalid('The client secret supplied for a confidential client is invalid.');
  }
  return app;
}

/** The token response of a code exchange. */
export interface CodeTokens {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  scope: string;
  id_token: string;
}

/**
 * Redeems an authorization code: checks the client, the code (single use, unexpired, issued to this
 * client for this redirect URI), the PKCE verifier, then signs the tokens.
 */
export async function redeemAuthorizationCode(
  ctx: EmulatorContext,
  origin: string,
  form: { code?: string; redirectUri?: string; codeVerifier?: string; clientId?: string; clientSecret?: string },
  change: Omit<ChangeContext, 'actor'>,
): Promise<CodeTokens> {
  const { org } = ctx;
  const app = authenticateCodeClient(org, form);
  const oauth = app.oauthClient;
  if (!oauth || !oauth.grantTypes.includes('authorization_code')) {
    throw new OAuthError(400, 'unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${(oauth?.grantTypes ?? []).join(', ')}].`);
  }
  if (form.code === undefined || form.code === '') throw new OAuthError(400, 'invalid_request', 'The request is missing a required parameter: code.');
  if (form.redirectUri === undefined || form.redirectUri === '') throw new OAuthError(400, 'invalid_request', 'The request is missing a required parameter: redirect_uri.');
  const nowMs = ctx.clock.now();
  const nowS = Math.floor(nowMs / 1000);
  const record = org.authorizationCodes.get(form.code);
  const invalidGrant = (description = 'The authorization code is invalid or has expired.') => new OAuthError(400, 'invalid_grant', description);
  if (!record || record.clientId !== app.id) throw invalidGrant();
  // A code is spent by any redemption attempt of its client, good or bad (RFC 6749 §4.1.2).
  org.authorizationCodes.delete(form.code);
  if (nowS >= record.expiresAt) throw invalidGrant();
  if (record.redirectUri !== form.redirectUri) throw invalidGrant('The redirect_uri does not match the redirect_uri used in the authorization request.');
  checkPkce(record, form.codeVerifier);
  const user = org.users.get(record.userId);
  if (!user || user.status !== 'ACTIVE') throw invalidGrant('The user is no longer active.');

  const accessJti = 'AT.' + org.ids.token(43);
  const accessToken = await new SignJWT({ ver: 1, jti: accessJti, iss: origin, aud: origin, sub: String(user.profile.login), cid: app.id, uid: user.id, scp: record.scopes, auth_time: record.authTime })
    .setProtectedHeader({ kid: ctx.signingKey.kid, alg: 'RS256' })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + TOKEN_LIFETIME_S)
    .sign(ctx.signingKey.privateKey);
  org.tokens.set(accessToken, { token: accessToken, jti: accessJti, clientId: app.id, scopes: record.scopes, issuedAt: nowMs, expiresAt: nowMs + TOKEN_LIFETIME_S * 1000, jkt: null, revoked: false, userId: user.id });

  const claims = userClaims(user, record.scopes);
  const idToken = await new SignJWT({
    ...claims,
    ver: 1,
    jti: 'ID.' + org.ids.token(43),
    iss: origin,
    aud: app.id,
    auth_time: record.authTime,
    amr: ['pwd'],
    idp: orgIdOf(org),
    ...(record.nonce !== null ? { nonce: record.nonce } : {}),
    // at_hash: the left half of SHA-256 of the access token (OIDC Core §3.1.3.6).
    at_hash: createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url'),
  })
    .setProtectedHeader({ kid: ctx.signingKey.kid, alg: 'RS256' })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + TOKEN_LIFETIME_S)
    .sign(ctx.signingKey.privateKey);

  const actor = { id: user.id, type: 'User' as const, alternateId: String(user.profile.login), displayName: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim() };
  for (const [eventType, displayMessage] of [
    ['app.oauth2.as.token.grant.id_token', 'OAuth2 id token is granted'],
    ['app.oauth2.as.token.grant.access_token', 'OAuth2 access token is granted'],
  ] as const) {
    logEvent(org, { ...change, actor }, { eventType, displayMessage, targets: [appTarget(app)] });
  }
  return { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, access_token: accessToken, scope: record.scopes.join(' '), id_token: idToken };
}

function checkPkce(record: AuthorizationCodeRecord, verifier: string | undefined): void {
  if (record.codeChallenge === null) {
    if (verifier !== undefined) throw new OAuthError(400, 'invalid_request', 'PKCE verification failed: the authorization request had no code_challenge.');
    return;
  }
  if (verifier === undefined || verifier === '') throw new OAuthError(400, 'invalid_request', 'PKCE verification failed: the request is missing the code_verifier parameter.');
  // RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed: the code_verifier is not 43 to 128 unreserved characters.');
  if (s256(verifier) !== record.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed.');
}
