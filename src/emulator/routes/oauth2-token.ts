import { SignJWT } from 'jose';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { redeemAuthorizationCode } from '../auth/authorization-code.ts';
import { authenticateClient, consumeAssertion, type ClientCredentials } from '../auth/client-assertion.ts';
import { DpopProofError, dpopHeaderValues, verifyDpopProof } from '../auth/dpop.ts';
import { rememberProofJti } from '../auth/resource-auth.ts';
import type { EmulatorContext } from '../context.ts';
import { originOf, send } from '../http/route.ts';
import { oktaScopes } from '../state/access.ts';
import { OAuthError } from '../state/errors.ts';
import { logEvent } from '../state/system-log.ts';
import type { AppRecord } from '../state/types.ts';

const TOKEN_LIFETIME_S = 3600;
const NONCE_ROTATE_MS = 24 * 3600_000;
const NONCE_VALID_MS = 3 * 24 * 3600_000;
const knownScopes: ReadonlySet<string> = new Set(oktaScopes);

function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

function basicCredentials(req: FastifyRequest): { id: string; secret: string } | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: safeDecode(decoded.slice(0, i)), secret: safeDecode(decoded.slice(i + 1)) };
}

/** Basic credentials are form-urlencoded (RFC 6749 §2.3.1); a malformed escape is taken as is, not a 500. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The current DPoP nonce, rotated every 24 h; old ones stay valid for 3 days (reference §1.7). */
function currentNonce(ctx: EmulatorContext): string {
  const now = ctx.clock.now();
  let newest: [string, number] | undefined;
  for (const entry of ctx.dpopNonces) {
    if (now - entry[1] > NONCE_VALID_MS) ctx.dpopNonces.delete(entry[0]);
    else if (!newest || entry[1] > newest[1]) newest = entry;
  }
  if (newest && now - newest[1] < NONCE_ROTATE_MS) return newest[0];
  const nonce = ctx.org.ids.token(32);
  ctx.dpopNonces.set(nonce, now);
  return nonce;
}

/** Checks the DPoP proof of a token request; returns the key thumbprint to bind the token to. */
async function checkTokenProof(req: FastifyRequest, ctx: EmulatorContext, tokenUrl: string, nowSeconds: number): Promise<string> {
  const headers = dpopHeaderValues(req);
  const header = headers[0];
  if (header === undefined) throw new OAuthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
  if (headers.length > 1) throw new OAuthError(400, 'invalid_dpop_proof', 'Multiple DPoP proof JWT headers were provided.');
  try {
    const proof = await verifyDpopProof(header, { method: 'POST', url: tokenUrl, nowSeconds });
    const issued = proof.nonce === undefined ? undefined : ctx.dpopNonces.get(proof.nonce);
    if (issued === undefined || ctx.clock.now() - issued > NONCE_VALID_MS) {
      throw new OAuthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', { 'dpop-nonce': currentNonce(ctx) });
    }
    rememberProofJti(ctx.org, proof.jti, nowSeconds);
    return proof.jkt;
  } catch (error) {
    if (error instanceof DpopProofError) throw new OAuthError(400, 'invalid_dpop_proof', error.message);
    throw error;
  }
}

function grantedScopes(ctx: EmulatorContext, app: AppRecord, requested: string[]): string[] {
  const granted = new Set((ctx.org.grants.get(app.id) ?? []).map((g) => g.scopeId));
  return requested.filter((s) => granted.has(s));
}

/** `POST /oauth2/v1/token` (client credentials, private_key_jwt, DPoP) and `GET /oauth2/v1/keys`. */
export function registerOAuthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/oauth2/v1/token', async (req, reply) => {
    const origin = originOf(req);
    const tokenUrl = `${origin}/oauth2/v1/token`;
    const nowMs = ctx.clock.now();
    const nowSeconds = Math.floor(nowMs / 1000);
    const body = req.body;
    const ct = String(req.headers['content-type'] ?? '');
    if (!ct.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthError(400, 'invalid_request', "The request's Content-Type must be application/x-www-form-urlencoded.");
    }
    const grantType = formField(body, 'grant_type');
    if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'The request is missing a required parameter: grant_type.');
    const basic = basicCredentials(req);
    const creds: ClientCredentials = {
      clientAssertionType: formField(body, 'client_assertion_type'),
      clientAssertion: formField(body, 'client_assertion'),
      clientId: basic?.id ?? formField(body, 'client_id'),
      clientSecret: basic?.secret ?? formField(body, 'client_secret'),
    };
    if (grantType === 'authorization_code' && creds.clientAssertion === undefined) {
      // "Sign in with Okta": a web app with a client secret or a public client with PKCE.
      const tokens = await redeemAuthorizationCode(
        ctx,
        origin,
        { code: formField(body, 'code'), redirectUri: formField(body, 'redirect_uri'), codeVerifier: formField(body, 'code_verifier'), clientId: creds.clientId, clientSecret: creds.clientSecret },
        { requestId: req.id, ipAddress: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), requestUri: '/oauth2/v1/token' },
      );
      return send(reply.header('cache-control', 'no-cache, no-store').header('pragma', 'no-cache'), { status: 200, body: tokens });
    }
    const client = await authenticateClient(ctx.org, creds, tokenUrl, nowSeconds);
    const oauth = client.app.oauthClient;
    if (!oauth) throw new OAuthError(401, 'invalid_client', 'The client is not an OAuth client.');
    if (grantType !== 'client_credentials') {
      if (['authorization_code', 'refresh_token', 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'implicit'].includes(grantType)) {
        throw new OAuthError(400, 'unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${oauth.grantTypes.join(', ')}].`);
      }
      throw new OAuthError(400, 'unsupported_grant_type', `The authorization grant type is not supported by the authorization server. Configured grant type: ${grantType}.`);
    }
    if (!oauth.grantTypes.includes('client_credentials')) {
      throw new OAuthError(400, 'unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${oauth.grantTypes.join(', ')}].`);
    }
    // DPoP before scopes: Okta answers use_dpop_nonce before it looks at what was asked.
    const jkt = oauth.dpopBound ? await checkTokenProof(req, ctx, tokenUrl, nowSeconds) : null;

    const requested = [...new Set((formField(body, 'scope') ?? '').split(' ').filter((s) => s.length > 0))];
    if (requested.length === 0) throw new OAuthError(400, 'invalid_scope', 'No scopes were requested.');
    if (requested.includes('openid') || requested.includes('profile') || requested.includes('offline_access')) {
      throw new OAuthError(400, 'invalid_scope', "Cannot request 'openid' scopes using client credentials.");
    }
    if (requested.some((s) => s.endsWith('.self'))) throw new OAuthError(400, 'client_credentials_self_scope_requested', 'The client_credentials grant cannot request .self scopes.');
    const unknown = requested.filter((s) => !knownScopes.has(s));
    if (unknown.length > 0) throw new OAuthError(400, 'invalid_scope', `One or more scopes are not configured for the authorization server resource. Unknown: ${unknown.join(' ')}`);
    const scopes = grantedScopes(ctx, client.app, requested);
    if (scopes.length === 0) throw new OAuthError(400, 'consent_required', 'You are not allowed any of the requested scopes.');

    consumeAssertion(ctx.org, client, nowSeconds);
    const jti = 'AT.' + ctx.org.ids.token(43);
    const claims: Record<string, unknown> = { ver: 1, jti, iss: origin, aud: origin, sub: client.app.id, cid: client.app.id, scp: scopes };
    if (jkt) claims.cnf = { jkt };
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ kid: ctx.signingKey.kid, alg: 'RS256' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + TOKEN_LIFETIME_S)
      .sign(ctx.signingKey.privateKey);
    ctx.org.tokens.set(accessToken, {
      token: accessToken,
      jti,
      clientId: client.app.id,
      scopes,
      issuedAt: nowMs,
      expiresAt: nowMs + TOKEN_LIFETIME_S * 1000,
      jkt,
      revoked: false,
    });
    pruneTokens(ctx, nowMs);
    logEvent(ctx.org, { actor: { id: client.app.id, type: 'PublicClientApp', alternateId: client.app.id, displayName: client.app.label }, requestId: req.id, ipAddress: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), requestUri: '/oauth2/v1/token' }, {
      eventType: 'app.oauth2.as.token.grant.access_token',
      displayMessage: 'OAuth2 access token is granted',
      targets: [{ id: jti, type: 'access_token', alternateId: 'unknown', displayName: 'Access Token', detailEntry: { expires: new Date(nowMs + TOKEN_LIFETIME_S * 1000).toISOString(), subject: client.app.id, hash: '' } }],
    });
    return send(reply.header('cache-control', 'no-cache, no-store').header('pragma', 'no-cache'), {
      status: 200,
      body: { token_type: jkt ? 'DPoP' : 'Bearer', expires_in: TOKEN_LIFETIME_S, access_token: accessToken, scope: scopes.join(' ') },
    });
  });

  app.get('/oauth2/v1/keys', async (_req, reply) => send(reply.header('cache-control', 'max-age=3600'), { status: 200, body: { keys: [ctx.signingKey.publicJwk] } }));

  app.get('/.well-known/oauth-authorization-server', async (req, reply) => {
    const origin = originOf(req);
    return send(reply, {
      status: 200,
      body: {
        issuer: origin,
        token_endpoint: `${origin}/oauth2/v1/token`,
        jwks_uri: `${origin}/oauth2/v1/keys`,
        authorization_endpoint: `${origin}/oauth2/v1/authorize`,
        grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'none'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
        dpop_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
        scopes_supported: [...oktaScopes],
      },
    });
  });
}

function pruneTokens(ctx: EmulatorContext, nowMs: number): void {
  if (ctx.org.tokens.size < 20_000) return;
  for (const [k, t] of ctx.org.tokens) if (t.expiresAt <= nowMs) ctx.org.tokens.delete(k);
}
