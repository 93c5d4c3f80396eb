import type { FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.ts';
import type { Principal } from '../http/route.ts';
import { BareError, OktaError } from '../state/errors.ts';
import type { Org } from '../state/org.ts';
import type { AccessTokenRecord } from '../state/types.ts';
import { DpopProofError, accessTokenHash, asymmetricAlgs, dpopHeaderValues, verifyDpopProof } from './dpop.ts';
import { createAuthorizer } from './permissions.ts';

const dpopAlgs = `DPoP algs="${asymmetricAlgs.join(' ')}"`;

function challenge(origin: string, scheme: 'Bearer' | 'DPoP', fields: Record<string, string>): string {
  // Okta prints http:// in realm and authorization_uri even for https orgs (reference §1.8).
  const host = origin.replace(/^https?:\/\//, '');
  const parts = [`authorization_uri="http://${host}/oauth2/v1/authorize"`, `realm="http://${host}"`];
  for (const [k, v] of Object.entries(fields)) parts.push(`${k}="${v.replace(/"/g, "'")}"`);
  return scheme === 'DPoP' ? `${dpopAlgs}, ${parts.join(', ')}` : `Bearer ${parts.join(', ')}`;
}

function invalidToken(origin: string, description: string): OktaError {
  return new OktaError(401, 'E0000011', 'Invalid token provided', [], { 'www-authenticate': challenge(origin, 'Bearer', { error: 'invalid_token', error_description: description }) });
}

function invalidRequest(status: number, description: string, wwwAuthenticate?: string): BareError {
  return new BareError(status, wwwAuthenticate ? { 'www-authenticate': wwwAuthenticate } : {}, { error: 'invalid_request', error_description: description });
}

/** `true` when the scopes allow `needed`; `.manage` satisfies `.read` (reference §4.1). */
export function hasScope(scopes: ReadonlySet<string>, needed: string): boolean {
  return scopes.has(needed) || (needed.endsWith('.read') && scopes.has(needed.slice(0, -'.read'.length) + '.manage'));
}

/**
 * Checks the access token (and its DPoP proof) of a Management API call, then the scope. Roles are
 * checked by the handler, which knows the objects touched. Order as Okta: token → DPoP → scope → role.
 */
export async function authenticateResourceCall(req: FastifyRequest, ctx: EmulatorContext, origin: string, scope: string): Promise<Principal> {
  const org = ctx.org;
  // req.url is origin-form: resolved against the origin, a leading "//" (what an SDK configured with a
  // trailing-slash org URL sends) would be read as a host. Okta compares htu with the normalized path
  // (reference §1.8, §5.1), so duplicate slashes collapse.
  const url = new URL(origin + req.url);
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  if (url.searchParams.has('access_token')) throw invalidRequest(400, 'The access token cannot be presented in a query string.');
  const authorization = req.headers.authorization;
  if (typeof authorization !== 'string' || authorization.length === 0) throw invalidToken(origin, 'The access token is missing.');
  const space = authorization.indexOf(' ');
  const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : authorization.slice(space + 1).trim();
  if (scheme !== 'bearer' && scheme !== 'dpop') throw invalidToken(origin, 'The access token is invalid.');

  const token = org.tokens.get(value);
  const nowMs = ctx.clock.now();
  if (!token) throw invalidToken(origin, 'The access token is invalid.');
  if (token.revoked) throw invalidToken(origin, 'The access token has been revoked.');
  if (nowMs >= token.expiresAt) throw invalidToken(origin, 'The token has expired.');

  if (token.jkt !== null) {
    if (scheme === 'bearer') throw invalidRequest(400, 'The resource request must use the DPoP authentication scheme when using a DPoP bound token.');
    await checkResourceProof(req, ctx, origin, url, token, scope);
  } else if (scheme === 'dpop') {
    throw new OktaError(401, 'E0000011', 'Invalid token provided', [], {
      'www-authenticate': challenge(origin, 'DPoP', { error: 'invalid_token', error_description: 'The presented access_token is not DPoP bound.' }),
    });
  }

  const scopes = new Set(token.scopes);
  if (!hasScope(scopes, scope)) {
    throw new BareError(403, {
      'www-authenticate': challenge(origin, token.jkt !== null ? 'DPoP' : 'Bearer', {
        scope,
        error: 'insufficient_scope',
        error_description: 'The access token provided does not contain the required scopes.',
        resource: url.pathname,
      }),
    });
  }
  const app = org.apps.get(token.clientId);
  if (!app || app.status !== 'ACTIVE') throw invalidToken(origin, 'The access token is invalid.');
  return { app, token, scopes, auth: createAuthorizer(org, org.roles.get(app.id) ?? []) };
}

async function checkResourceProof(req: FastifyRequest, ctx: EmulatorContext, origin: string, url: URL, token: AccessTokenRecord, scope: string): Promise<void> {
  const headers = dpopHeaderValues(req);
  const header = headers[0];
  if (header === undefined) throw invalidRequest(400, 'The resource request requires a DPoP proof.');
  const fail = (description: string) =>
    new BareError(400, {
      'www-authenticate': challenge(origin, 'DPoP', { scope, error: 'invalid_dpop_proof', error_description: description, resource: url.pathname }),
    });
  if (headers.length > 1) throw fail('Multiple DPoP proof JWT headers were provided.');
  const nowSeconds = Math.floor(ctx.clock.now() / 1000);
  try {
    const proof = await verifyDpopProof(header, { method: req.method, url: origin + url.pathname, nowSeconds });
    if (proof.jkt !== token.jkt) throw new DpopProofError('The access_token is not bound to the provided DPoP proof.');
    if (proof.ath !== accessTokenHash(token.token)) throw new DpopProofError("'ath' claim in the DPoP proof does not match the presented access_token.");
    if (ctx.enforceResourceProofJti) rememberProofJti(ctx.org, proof.jti, nowSeconds);
  } catch (error) {
    if (error instanceof DpopProofError) throw fail(error.message);
    throw error;
  }
}

/** Records a proof jti; a second use within its lifetime fails (token endpoint always, resources when enforced). */
export function rememberProofJti(org: Org, jti: string, nowSeconds: number): void {
  const seen = org.usedProofJtis.get(jti);
  if (seen !== undefined && seen > nowSeconds) throw new DpopProofError('The DPoP proof JWT has already been used.');
  org.usedProofJtis.set(jti, nowSeconds + 600);
  if (org.usedProofJtis.size > 50_000) for (const [k, exp] of org.usedProofJtis) if (exp <= nowSeconds) org.usedProofJtis.delete(k);
}
