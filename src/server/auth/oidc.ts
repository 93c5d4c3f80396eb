/**
 * "Sign in with Okta": the OpenID Connect authorization code flow with PKCE (S256), state and
 * nonce, on `oauth4webapi`. The org is the connected one (or the embedded emulator); its metadata
 * comes from `<orgUrl>/.well-known/openid-configuration`. The id token's claims are checked by
 * oauth4webapi (issuer, audience, expiry, nonce) and its signature against the org's JWKS with
 * jose; the person's profile is read from userinfo.
 *
 * The sign-in in progress (state, nonce, code verifier) is kept in the store's kv (`signin`
 * namespace, 10 minutes, single use) under the hash of a random id that only the browser that
 * began it holds (a cookie), so a callback cannot be replayed in another browser (login CSRF)
 * and any Gatehouse process sharing the database can finish it.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import type { Clock } from '../../common/clock.ts';
import { GatehouseError } from '../../common/errors.ts';
import type { Store } from '../../store/index.ts';

/** The Okta OIDC app Gatehouse signs people in with. `clientSecret` is a secret: never log or return it. */
export interface OidcClientConfig {
  orgUrl: string;
  clientId: string;
  clientSecret: string;
  /** The callback URLs registered in the app; the one on the request's origin is used, else the first. */
  redirectUris: readonly string[];
}

/** Why a sign-in with Okta failed: the `signin_error` the console is sent back with. */
export const signInErrorCodes = ['not_configured', 'signin_expired', 'state_mismatch', 'okta_refused', 'token_invalid', 'unknown_user', 'inactive_user', 'okta_unreachable'] as const;
export type SignInErrorCode = (typeof signInErrorCodes)[number];

/** What each sign-in error tells the person (fixed texts: nothing from the request is echoed). */
export const signInErrorMessages: Record<SignInErrorCode, string> = {
  not_configured: 'Sign in with Okta is not set up: set GATEHOUSE_OIDC_CLIENT_ID and GATEHOUSE_OIDC_CLIENT_SECRET (an Okta OIDC web app), or sign in with the API token.',
  signin_expired: 'The sign-in took too long or was started in another browser; start again from the sign-in page.',
  state_mismatch: 'The answer from Okta does not belong to the sign-in this browser started; start again from the sign-in page.',
  okta_refused: 'Okta did not sign you in (you may not be assigned to the Gatehouse Console app); ask your Okta admin.',
  token_invalid: "Okta's answer could not be verified (id token, nonce or code verifier); start again, and tell your admin if it keeps happening.",
  unknown_user: "Your Okta account is not in Gatehouse's directory yet; ask a Gatehouse admin to sync the directory.",
  inactive_user: 'Your Okta account is not active; ask your Okta admin.',
  okta_unreachable: 'Gatehouse could not reach Okta to sign you in; try again in a moment.',
};

/** A sign-in with Okta failed; `reason` is the {@link SignInErrorCode}. */
export class SignInError extends GatehouseError {
  readonly reason: SignInErrorCode;

  constructor(reason: SignInErrorCode, options?: { cause?: unknown; detail?: string }) {
    super('UNAUTHENTICATED', options?.detail ? `${signInErrorMessages[reason]} (${options.detail})` : signInErrorMessages[reason], options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
  }
}

/** The kv namespace of sign-ins in progress. */
export const SIGNIN_NAMESPACE = 'signin';
/** How long a sign-in may take, from the redirect to Okta to the callback. */
export const SIGNIN_TTL_MS = 10 * 60_000;

const transactionSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  redirectUri: z.string(),
  orgUrl: z.string(),
  clientId: z.string(),
  expiresAt: z.number(),
});

/** The claims Gatehouse uses to find the person in the directory. */
export interface OktaIdentity {
  sub: string;
  login: string | null;
  email: string | null;
  name: string | null;
}

/** http is allowed only for an org on this machine (the emulator), as the Okta client does. */
export function isLocalOrg(orgUrl: string): boolean {
  const { protocol, hostname } = new URL(orgUrl);
  return protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]');
}

const keyOf = (id: string) => createHash('sha256').update(id).digest('base64url');
const idPattern = /^[A-Za-z0-9_-]{43}$/;
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

/** Creates the OIDC sign-in. `config()` is read on every use (the connected org may change). */
export function createOidcSignIn(deps: { config: () => OidcClientConfig | undefined; kv: Pick<Store, 'kvGet' | 'kvPut' | 'kvDelete'>; clock: Clock; fetch?: typeof fetch }) {
  const servers = new Map<string, Promise<oauth.AuthorizationServer>>();
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const http = (orgUrl: string) => ({ [oauth.allowInsecureRequests]: isLocalOrg(orgUrl), ...(deps.fetch ? { [oauth.customFetch]: deps.fetch } : {}) });

  function configured(): OidcClientConfig {
    const config = deps.config();
    if (!config) throw new SignInError('not_configured');
    return config;
  }

  /** The org's metadata, discovered once per org (a failed discovery is retried next time). */
  function discover(orgUrl: string): Promise<oauth.AuthorizationServer> {
    let server = servers.get(orgUrl);
    if (!server) {
      const issuer = new URL(orgUrl);
      server = oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...http(orgUrl) }).then((res) => oauth.processDiscoveryResponse(issuer, res));
      server.catch(() => servers.delete(orgUrl));
      servers.set(orgUrl, server);
    }
    return server.catch((error: unknown) => {
      throw new SignInError('okta_unreachable', { cause: error, detail: `discovery at ${orgUrl}/.well-known/openid-configuration failed` });
    });
  }

  const clientOf = (config: OidcClientConfig): oauth.Client => ({ client_id: config.clientId, [oauth.clockSkew]: Math.round((deps.clock.now() - Date.now()) / 1000) });

  return {
    /** Whether sign-in with Okta can be offered now. */
    enabled: () => deps.config() !== undefined,

    /**
     * Starts a sign-in: returns Okta's authorize URL and the id of the transaction (for a cookie of
     * the browser only). `origin` picks the registered callback on the request's origin.
     */
    async begin(origin: string | undefined): Promise<{ authorizeUrl: string; transactionId: string }> {
      const config = configured();
      const server = await discover(config.orgUrl);
      if (!server.authorization_endpoint) throw new SignInError('okta_unreachable', { detail: 'the org publishes no authorization_endpoint' });
      const redirectUri = config.redirectUris.find((u) => origin !== undefined && new URL(u).origin === origin) ?? config.redirectUris[0];
      if (redirectUri === undefined) throw new SignInError('not_configured');
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const nonce = oauth.generateRandomNonce();
      const transactionId = randomBytes(32).toString('base64url');
      await deps.kv.kvPut(SIGNIN_NAMESPACE, keyOf(transactionId), { state, nonce, codeVerifier, redirectUri, orgUrl: config.orgUrl, clientId: config.clientId, expiresAt: deps.clock.now() + SIGNIN_TTL_MS });
      const url = new URL(server.authorization_endpoint);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid profile email',
        state,
        nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      }).toString();
      return { authorizeUrl: url.toString(), transactionId };
    },

    /**
     * Finishes a sign-in from Okta's redirect: the transaction (single use), the state, the code
     * exchange with the verifier, the id token (claims, nonce, signature) and userinfo.
     * @throws {SignInError} with the reason
     */
    async complete(transactionId: string | undefined, callbackUrl: URL): Promise<OktaIdentity> {
      if (transactionId === undefined || !idPattern.test(transactionId)) throw new SignInError('signin_expired');
      const key = keyOf(transactionId);
      const entry = await deps.kv.kvGet(SIGNIN_NAMESPACE, key);
      if (!entry) throw new SignInError('signin_expired');
      // Single use, whatever happens next.
      await deps.kv.kvDelete(SIGNIN_NAMESPACE, key);
      const parsed = transactionSchema.safeParse(entry.value);
      if (!parsed.success || parsed.data.expiresAt <= deps.clock.now()) throw new SignInError('signin_expired');
      const tx = parsed.data;
      const config = configured();
      if (config.orgUrl !== tx.orgUrl || config.clientId !== tx.clientId) throw new SignInError('signin_expired', { detail: 'the connected Okta org changed meanwhile' });
      const server = await discover(config.orgUrl);
      const client = clientOf(config);

      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(server, client, callbackUrl, tx.state);
      } catch (error) {
        if (error instanceof oauth.AuthorizationResponseError) throw new SignInError('okta_refused', { cause: error, detail: `${error.error}${error.error_description ? `: ${error.error_description}` : ''}` });
        throw new SignInError('state_mismatch', { cause: error });
      }

      let tokens: oauth.TokenEndpointResponse;
      try {
        const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.ClientSecretBasic(config.clientSecret), params, tx.redirectUri, tx.codeVerifier, http(config.orgUrl));
        tokens = await oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: tx.nonce, requireIdToken: true });
      } catch (error) {
        if (error instanceof TypeError) throw new SignInError('okta_unreachable', { cause: error });
        throw new SignInError('token_invalid', { cause: error, detail: error instanceof oauth.ResponseBodyError ? error.error : error instanceof Error ? error.message : undefined });
      }
      const claims = oauth.getValidatedIdTokenClaims(tokens);
      if (!claims || typeof tokens.id_token !== 'string') throw new SignInError('token_invalid', { detail: 'no id token' });
      // oauth4webapi may skip the signature of an id token from the token endpoint (TLS vouches for it); we check it too.
      try {
        if (!server.jwks_uri) throw new Error('the org publishes no jwks_uri');
        let keys = keySets.get(server.jwks_uri);
        if (!keys) keySets.set(server.jwks_uri, (keys = createRemoteJWKSet(new URL(server.jwks_uri))));
        await jwtVerify(tokens.id_token, keys, { issuer: server.issuer, audience: config.clientId, currentDate: new Date(deps.clock.now()), clockTolerance: 30 });
      } catch (error) {
        throw new SignInError('token_invalid', { cause: error, detail: 'the id token signature did not verify' });
      }

      let info: oauth.UserInfoResponse;
      try {
        const response = await oauth.userInfoRequest(server, client, tokens.access_token, http(config.orgUrl));
        info = await oauth.processUserInfoResponse(server, client, claims.sub, response);
      } catch (error) {
        if (error instanceof TypeError) throw new SignInError('okta_unreachable', { cause: error });
        throw new SignInError('token_invalid', { cause: error, detail: 'userinfo' });
      }
      return {
        sub: claims.sub,
        login: str(info.preferred_username) ?? str(claims.preferred_username),
        email: str(info.email) ?? str(claims.email),
        name: str(info.name) ?? str(claims.name),
      };
    },
  };
}

/** The OIDC sign-in. */
export type OidcSignIn = ReturnType<typeof createOidcSignIn>;
