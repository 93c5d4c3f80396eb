/**
 * OpenID Connect on the org authorization server, for "Sign in with Okta": `/oauth2/v1/authorize`
 * (authorization code with PKCE, a plain sign-in page for the org's people), `/oauth2/v1/userinfo`
 * and `/.well-known/openid-configuration`. The code is redeemed at `/oauth2/v1/token`
 * (auth/authorization-code.ts); tokens are signed with the key of `/oauth2/v1/keys`.
 * @see https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/tag/OrgAS/
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CODE_LIFETIME_S, redirectUrisOf, userClaims, userScopes } from '../auth/authorization-code.ts';
import type { EmulatorContext } from '../context.ts';
import { originOf, send } from '../http/route.ts';
import { effectiveAppUser, findAppByClientId } from '../state/apps.ts';
import { oktaScopes } from '../state/access.ts';
import { BareError } from '../state/errors.ts';
import { DEMO_PASSWORD, signIn } from '../state/sign-in.ts';
import { appTarget, logEvent } from '../state/system-log.ts';
import type { AppRecord, UserRecord } from '../state/types.ts';
import { errorPage, signInPage } from './internal/sign-in-page.ts';

/** The authorize parameters the sign-in form carries through. */
const carried = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'response_mode', 'prompt', 'login_hint'] as const;

/** A checked authorize request. */
interface AuthorizeRequest {
  app: AppRecord;
  redirectUri: string;
  state: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  params: Record<string, string>;
}

/** An authorize failure: shown as a page when the client or redirect URI cannot be trusted, else sent back to the client. */
class AuthorizeFailure extends Error {
  readonly error: string;
  readonly description: string;
  readonly redirect: { uri: string; state: string | undefined } | null;
  constructor(error: string, description: string, redirect: { uri: string; state: string | undefined } | null) {
    super(`${error}: ${description}`);
    this.error = error;
    this.description = description;
    this.redirect = redirect;
  }
}

function stringParams(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof source !== 'object' || source === null) return out;
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k] = value;
  }
  return out;
}

/** Validates an authorize request in Okta's order: client, redirect URI, then what can be reported to the client. */
function readAuthorizeRequest(ctx: EmulatorContext, raw: Record<string, string>): AuthorizeRequest {
  const clientId = raw.client_id;
  const app = clientId ? findAppByClientId(ctx.org, clientId) : undefined;
  if (!app || !app.oauthClient) throw new AuthorizeFailure('invalid_client', "The 'client_id' parameter is missing or does not name an OpenID Connect app of this org.", null);
  if (app.status !== 'ACTIVE') throw new AuthorizeFailure('invalid_client', 'The client app is not active.', null);
  const redirectUri = raw.redirect_uri;
  if (!redirectUri || !redirectUrisOf(app).includes(redirectUri)) {
    throw new AuthorizeFailure('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.", null);
  }
  const back = { uri: redirectUri, state: raw.state };
  const fail = (error: string, description: string) => new AuthorizeFailure(error, description, back);
  const oauth = app.oauthClient;
  if (oauth.applicationType === 'service' || !oauth.grantTypes.includes('authorization_code')) {
    throw fail('unauthorized_client', 'The client is not authorized to use the provided grant type. Configured grant types: [' + oauth.grantTypes.join(', ') + '].');
  }
  if (raw.response_type !== 'code') throw fail('unsupported_response_type', "The response type is not supported by the authorization server. Configured response types: [code].");
  if (raw.response_mode !== undefined && raw.response_mode !== 'query') throw fail('invalid_request', "The 'response_mode' parameter is not supported here; use query.");
  const scopes = [...new Set((raw.scope ?? '').split(' ').filter((s) => s.length > 0))];
  if (!scopes.includes('openid')) throw fail('invalid_scope', "The authentication request has an invalid 'scope' parameter: it must include openid.");
  const unknown = scopes.filter((s) => !(userScopes as readonly string[]).includes(s));
  if (unknown.length > 0) throw fail('invalid_scope', `One or more scopes are not configured for the authorization server resource: ${unknown.join(' ')}.`);
  if (!raw.state) throw fail('invalid_request', "The authentication request has an invalid 'state' parameter.");
  const challenge = raw.code_challenge;
  if (challenge !== undefined) {
    if (raw.code_challenge_method !== 'S256') throw fail('invalid_request', "The 'code_challenge_method' parameter must be S256.");
    if (!/^[A-Za-z0-9\-_]{43}$/.test(challenge)) throw fail('invalid_request', "The 'code_challenge' parameter must be the base64url SHA-256 of the code verifier (43 characters).");
  } else if (oauth.tokenEndpointAuthMethod === 'none') {
    throw fail('invalid_request', "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.");
  }
  // The emulator keeps no browser sessions: a silent request always needs a sign-in.
  if (raw.prompt === 'none') throw fail('login_required', 'The client specified not to prompt, but the user is not logged in.');
  const params: Record<string, string> = {};
  for (const k of carried) if (raw[k] !== undefined) params[k] = raw[k] as string;
  return { app, redirectUri, state: raw.state, scopes, nonce: raw.nonce ?? null, codeChallenge: challenge ?? null, params };
}

function redirectTo(reply: FastifyReply, uri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.code(302).header('location', url.toString()).header('cache-control', 'no-cache, no-store').send();
}

/**
 * An HTML answer. The sign-in form posts to this origin and is then redirected to the app's
 * registered redirect URI, so `form-action` (which browsers also apply to that redirect) allows it.
 */
function html(reply: FastifyReply, status: number, body: string, redirectUri?: string): FastifyReply {
  const target = redirectUri ? ` ${new URL(redirectUri).origin}` : '';
  return reply
    .code(status)
    .header('cache-control', 'no-cache, no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${target}`)
    .type('text/html; charset=utf-8')
    .send(body);
}

function answerFailure(reply: FastifyReply, failure: AuthorizeFailure): FastifyReply {
  if (failure.redirect) return redirectTo(reply, failure.redirect.uri, { error: failure.error, error_description: failure.description, state: failure.redirect.state });
  return html(reply, 400, errorPage('400 Bad Request', `${failure.error}: ${failure.description}`));
}

/** A few of the app's active people to suggest on the sign-in page. */
function suggestions(ctx: EmulatorContext, app: AppRecord): { login: string; name: string }[] {
  const out: { login: string; name: string }[] = [];
  for (const id of ctx.org.userOrder.all()) {
    const user = ctx.org.users.get(id) as UserRecord;
    if (user.status !== 'ACTIVE' || !user.hasPassword || !effectiveAppUser(ctx.org, app, user)) continue;
    out.push({ login: String(user.profile.login), name: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim() });
    if (out.length >= 20) break;
  }
  return out;
}

function page(ctx: EmulatorContext, request: AuthorizeRequest, extra: { username?: string; error?: string } = {}): string {
  return signInPage({ appLabel: request.app.label, params: request.params, suggestions: suggestions(ctx, request.app), demoPassword: DEMO_PASSWORD, ...extra });
}

/** Registers the OIDC routes. */
export function registerOidcRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get('/oauth2/v1/authorize', async (req, reply) => {
    try {
      const request = readAuthorizeRequest(ctx, stringParams(req.query));
      return html(reply, 200, page(ctx, request, req.query && typeof (req.query as Record<string, unknown>).login_hint === 'string' ? { username: (req.query as Record<string, string>).login_hint } : {}), request.redirectUri);
    } catch (error) {
      if (error instanceof AuthorizeFailure) return answerFailure(reply, error);
      throw error;
    }
  });

  // The sign-in form posts here: the authorize parameters again, with the username and password.
  app.post('/oauth2/v1/authorize', async (req, reply) => {
    const form = stringParams(req.body);
    let request: AuthorizeRequest;
    try {
      request = readAuthorizeRequest(ctx, form);
    } catch (error) {
      if (error instanceof AuthorizeFailure) return answerFailure(reply, error);
      throw error;
    }
    const result = signIn(ctx.org, form.username ?? '', form.password ?? '');
    if ('failure' in result) return html(reply, 401, page(ctx, request, { username: form.username ?? '', error: result.failure }), request.redirectUri);
    const { user } = result;
    const actor = { id: user.id, type: 'User' as const, alternateId: String(user.profile.login), displayName: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim() };
    const change = { actor, requestId: req.id, ipAddress: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), requestUri: '/oauth2/v1/authorize' };
    logEvent(ctx.org, change, { eventType: 'user.session.start', displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_success', targets: [] });
    if (!effectiveAppUser(ctx.org, request.app, user)) {
      logEvent(ctx.org, change, { eventType: 'user.authentication.sso', displayMessage: 'User single sign on to app', outcome: { result: 'FAILURE', reason: 'User is not assigned to the client application.' }, targets: [appTarget(request.app)] });
      return redirectTo(reply, request.redirectUri, { error: 'access_denied', error_description: 'User is not assigned to the client application.', state: request.state });
    }
    logEvent(ctx.org, change, { eventType: 'user.authentication.sso', displayMessage: 'User single sign on to app', targets: [appTarget(request.app)] });
    const nowS = Math.floor(ctx.clock.now() / 1000);
    const code = ctx.org.ids.token(43);
    ctx.org.authorizationCodes.set(code, {
      code,
      clientId: request.app.id,
      redirectUri: request.redirectUri,
      userId: user.id,
      scopes: request.scopes,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      authTime: nowS,
      expiresAt: nowS + CODE_LIFETIME_S,
    });
    pruneCodes(ctx, nowS);
    return redirectTo(reply, request.redirectUri, { code, state: request.state });
  });

  const userinfo = async (req: FastifyRequest, reply: FastifyReply) => {
    const origin = originOf(req);
    const challenge = (fields: string) => `Bearer authorization_uri="${origin}/oauth2/v1/authorize", realm="${origin}", ${fields}`;
    const authorization = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const token = match ? ctx.org.tokens.get(match[1] as string) : undefined;
    const user = token?.userId !== undefined ? ctx.org.users.get(token.userId) : undefined;
    if (!token || token.revoked || ctx.clock.now() >= token.expiresAt || !user) {
      throw new BareError(401, { 'www-authenticate': challenge('error="invalid_token", error_description="The access token is invalid."') });
    }
    if (!token.scopes.includes('openid')) {
      throw new BareError(403, { 'www-authenticate': challenge('error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - profile, email, address or phone"') });
    }
    return send(reply.header('cache-control', 'no-cache, no-store'), { status: 200, body: userClaims(user, token.scopes) });
  };
  app.get('/oauth2/v1/userinfo', userinfo);
  app.post('/oauth2/v1/userinfo', userinfo);

  app.get('/.well-known/openid-configuration', async (req, reply) => {
    const origin = originOf(req);
    return send(reply.header('cache-control', 'max-age=86400'), {
      status: 200,
      body: {
        issuer: origin,
        authorization_endpoint: `${origin}/oauth2/v1/authorize`,
        token_endpoint: `${origin}/oauth2/v1/token`,
        userinfo_endpoint: `${origin}/oauth2/v1/userinfo`,
        jwks_uri: `${origin}/oauth2/v1/keys`,
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code', 'client_credentials'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: [...userScopes, ...oktaScopes],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
        claims_supported: ['iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'at_hash', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'locale', 'zoneinfo', 'updated_at', 'email', 'email_verified', 'address', 'phone_number'],
        code_challenge_methods_supported: ['S256'],
        request_parameter_supported: false,
        dpop_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
      },
    });
  });
}

function pruneCodes(ctx: EmulatorContext, nowS: number): void {
  if (ctx.org.authorizationCodes.size < 10_000) return;
  for (const [code, record] of ctx.org.authorizationCodes) if (record.expiresAt <= nowS) ctx.org.authorizationCodes.delete(code);
}
