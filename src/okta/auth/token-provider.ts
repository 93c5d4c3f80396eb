import * as oauth from 'oauth4webapi';
import { importJWK } from 'jose';
import type { Clock } from '../../common/clock.ts';
import { OktaAuthError } from '../errors.ts';
import { translateFetchFailure } from '../http/network-error.ts';
import type { OktaCredentials } from './credentials.ts';

/** An access token and what Okta granted with it. */
export interface AccessToken {
  value: string;
  type: 'Bearer' | 'DPoP';
  scopes: string[];
  /** Scopes asked for that Okta did not grant (grant them on the app's "Okta API Scopes" tab). */
  droppedScopes: string[];
  /** Epoch ms. */
  expiresAt: number;
}

export interface TokenProviderOptions {
  orgUrl: string;
  credentials: OktaCredentials;
  scopes: readonly string[];
  fetch: typeof fetch;
  clock: Clock;
  /** Allow http:// (the emulator on 127.0.0.1, tests), like openid-client's allowInsecureRequests. */
  allowInsecureRequests?: boolean;
  /** Refresh this long before expiry (default 60 s). */
  refreshBeforeMs?: number;
}

/** Gets, caches and refreshes the org's access token; knows whether the app requires DPoP. */
export interface TokenProvider {
  /** A valid token: the cached one, or a fresh one (one request in flight at a time). */
  getToken(): Promise<AccessToken>;
  /** Drops the cached token if it is still `value` (after a 401), so the next getToken() fetches anew. */
  invalidate(value: string): void;
  /** The DPoP handle once the app turned out to require DPoP. */
  dpop(): oauth.DPoPHandle | undefined;
  /** Request options oauth4webapi needs (fetch, insecure flag). */
  requestOptions(): { [oauth.customFetch]: typeof fetch; [oauth.allowInsecureRequests]: boolean };
}

/**
 * Creates the token provider: private_key_jwt with the assertion `aud` set to the token endpoint (as
 * Okta requires), or client_secret; DPoP detected from the token endpoint's answer, with the nonce dance.
 * @see https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { credentials, clock } = options;
  const tokenEndpoint = `${options.orgUrl}/oauth2/v1/token`;
  const host = new URL(options.orgUrl).host;
  const as: oauth.AuthorizationServer = { issuer: options.orgUrl, token_endpoint: tokenEndpoint };
  const client: oauth.Client = { client_id: credentials.clientId };
  const refreshBefore = options.refreshBeforeMs ?? 60_000;
  const insecure = options.allowInsecureRequests ?? false;
  let cached: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;
  let dpopHandle: oauth.DPoPHandle | undefined;
  let clientAuth: oauth.ClientAuth | undefined;

  const syncClock = () => {
    client[oauth.clockSkew] = Math.round((clock.now() - Date.now()) / 1000);
  };

  const authFor = async (): Promise<oauth.ClientAuth> => {
    if (clientAuth) return clientAuth;
    if (credentials.kind === 'client_secret') return (clientAuth = oauth.ClientSecretPost(credentials.secret));
    // jose returns a WebCrypto CryptoKey on Node, which is what oauth4webapi signs with.
    const key = await importJWK(credentials.privateJwk, credentials.alg);
    const privateKey = { key, ...(credentials.kid ? { kid: credentials.kid } : {}) } as unknown as oauth.PrivateKey;
    clientAuth = oauth.PrivateKeyJwt(
      privateKey,
      {
        [oauth.modifyAssertion]: (_header, payload) => {
          // Okta wants the token endpoint as audience, not the issuer (reference §1.3).
          payload.aud = tokenEndpoint;
          // Times from the injected clock (oauth4webapi's own come from Date.now()).
          const now = Math.floor(clock.now() / 1000);
          payload.iat = now;
          payload.nbf = now;
          payload.exp = now + 60;
        },
      },
    );
    return clientAuth;
  };

  const requestOnce = async (): Promise<AccessToken> => {
    syncClock();
    const auth = await authFor();
    let response: Response;
    try {
      response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: options.scopes.join(' ') }, {
        ...(dpopHandle ? { DPoP: dpopHandle } : {}),
        [oauth.customFetch]: options.fetch,
        [oauth.allowInsecureRequests]: insecure,
      });
    } catch (error) {
      throw translateFetchFailure(error, new URL(tokenEndpoint), false);
    }
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    const granted = typeof result.scope === 'string' ? result.scope.split(' ').filter(Boolean) : [...options.scopes];
    return {
      value: result.access_token,
      type: result.token_type.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer',
      scopes: granted,
      droppedScopes: options.scopes.filter((s) => !granted.includes(s)),
      expiresAt: clock.now() + (result.expires_in ?? 3600) * 1000,
    };
  };

  const fetchToken = async (): Promise<AccessToken> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await requestOnce();
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError) {
          if (error.error === 'invalid_dpop_proof' && !dpopHandle && attempt < 3) {
            // The app requires DPoP ("Require DPoP" ticked): switch to DPoP and ask again.
            dpopHandle = oauth.DPoP(client, await oauth.generateKeyPair('ES256'), {
              // The handle would keep the clock skew of the moment it was made; proofs must follow the injected clock.
              [oauth.modifyAssertion]: (_header, payload) => {
                payload.iat = Math.floor(clock.now() / 1000);
              },
            });
            continue;
          }
          if (oauth.isDPoPNonceError(error) && attempt < 3) continue;
          throw describeTokenError(error.error, error.error_description, credentials, host, options.scopes);
        }
        if (oauth.isDPoPNonceError(error) && attempt < 3) continue;
        if (error instanceof Error && (error.name === 'OktaNetworkError' || error.name === 'OktaTimeoutError')) throw error;
        throw new OktaAuthError('other', `The token endpoint of ${host} answered something unexpected: ${(error as Error).message}`, undefined, { cause: error });
      }
    }
  };

  return {
    async getToken() {
      if (cached && clock.now() < cached.expiresAt - refreshBefore) return cached;
      inFlight ??= fetchToken().then(
        (token) => {
          cached = token;
          inFlight = undefined;
          return token;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw error;
        },
      );
      return inFlight;
    },
    invalidate(value) {
      if (cached?.value === value) cached = undefined;
    },
    dpop: () => dpopHandle,
    requestOptions: () => ({ [oauth.customFetch]: options.fetch, [oauth.allowInsecureRequests]: insecure }),
  };
}

/** Turns an OAuth error from Okta's token endpoint into what the admin should change (issue 3). */
export function describeTokenError(error: string, description: string | undefined, credentials: OktaCredentials, host: string, scopes: readonly string[]): OktaAuthError {
  const d = description ?? '';
  const oauthInfo = { error, ...(description ? { description } : {}) };
  const app = `the API Services app with Client ID ${credentials.clientId}`;
  if (error === 'invalid_client') {
    let message: string;
    if (/kid is invalid/i.test(d)) {
      message = `Okta does not know the key${credentials.kind === 'private_key' && credentials.kid ? ` with kid "${credentials.kid}"` : ''} for ${app}. In the Admin Console open the app → General → Public Keys: the key must be listed and ACTIVE. If you generated it there, you must click "Done" (and Save) so Okta keeps it; otherwise add the key again.`;
    } else if (/signature is invalid|signature algorithm/i.test(d)) {
      message = `Okta could not verify the client assertion with the keys registered for ${app}: the private key you pasted is not one of the app's ACTIVE public keys. Paste the private key JSON of a key listed under General → Public Keys, or generate a new one there and click "Done".`;
    } else if (/not a valid client_id|client_id|subject claim|issuer claim/i.test(d)) {
      message = `${host} has no app with Client ID ${credentials.clientId}. Copy the Client ID from the API Services app's General tab (it starts with 0oa) and check the Instance ID is this org.`;
    } else if (/private_key_jwt/i.test(d)) {
      message = `${app} authenticates with a client secret, but Okta API scopes need public/private key authentication. In the app's General tab set Client authentication to "Public key / Private key", add a key, and paste its private JSON here.`;
    } else if (/application_type|service/i.test(d)) {
      message = `Client ID ${credentials.clientId} is not an API Services app. Create one: Applications → Create App Integration → API Services.`;
    } else if (/expir|issued before|already been used/i.test(d)) {
      message = `Okta refused the client assertion's timing (${d}). Check this machine's clock is right (NTP).`;
    } else if (/secret/i.test(d)) {
      message = `The client secret is not the one of ${app}: copy it again from the app's General tab → Client Credentials.`;
    } else {
      message = `Okta refused the client credentials of ${app}: ${d || 'invalid_client'}.`;
    }
    return new OktaAuthError('invalid_client', message, oauthInfo);
  }
  if (error === 'consent_required') {
    return new OktaAuthError('consent_required', `None of the requested scopes (${scopes.join(', ')}) is granted to ${app}. Grant them in the Admin Console: the app → Okta API Scopes → Grant.`, oauthInfo);
  }
  if (error === 'invalid_scope') {
    return new OktaAuthError('invalid_scope', `Okta refused the scopes: ${d || 'invalid_scope'}. Use Okta API scopes such as okta.users.read; openid and .self scopes do not work with client credentials.`, oauthInfo);
  }
  if (error === 'invalid_dpop_proof' || error === 'use_dpop_nonce') {
    const detail = (d || error).replace(/\.$/, '');
    const message = /iat|issued|expired|in the past|in the future/i.test(d)
      ? `Okta refused the DPoP proof of ${app} as out of time (${detail}): this machine's clock is off. Sync it (NTP) and try again.`
      : error === 'use_dpop_nonce'
        ? `Okta kept asking ${app} for a new DPoP nonce (${detail}). Try again; if it persists, untick "Require Demonstrating Proof of Possession (DPoP) header in token requests" on the app's General tab and report this message.`
        : `Okta refused the DPoP proof of ${app} (${detail}). The app requires DPoP ("Require Demonstrating Proof of Possession (DPoP) header in token requests" on its General tab), which Gatehouse supports: check this machine's clock, and if it persists untick that box and report this message.`;
    return new OktaAuthError('dpop', message, oauthInfo);
  }
  if (error === 'unauthorized_client') {
    return new OktaAuthError('unauthorized_client', `${app} may not use the client credentials grant: ${d}. Use an API Services app (its only grant is Client Credentials).`, oauthInfo);
  }
  if (error === 'access_denied') {
    return new OktaAuthError('access_denied', `Okta denied the token request: ${d}. A network zone or policy on the app may block this address.`, oauthInfo);
  }
  return new OktaAuthError('other', `Okta's token endpoint answered ${error}${d ? `: ${d}` : ''}.`, oauthInfo);
}
