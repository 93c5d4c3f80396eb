import { exportJWK, generateKeyPair } from 'jose';
import { assignClientRole, grantScope, oktaScopes } from '../state/access.ts';
import { createApp } from '../state/apps.ts';
import type { Org } from '../state/org.ts';
import type { AppRecord } from '../state/types.ts';

/** A ready service-app credential, as `--credentials-out` writes it. */
export interface ServiceAppCredential {
  orgUrl: string;
  clientId: string;
  /** The private JWK (kid, alg RS256, use sig). A secret: never log it. */
  privateKey: Record<string, unknown>;
  scopes: string[];
}

/** The key pair of the built-in service app; kept across re-seeds so a credential stays valid. */
export interface ServiceAppKey {
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
}

/** Generates the built-in service app's RSA-2048 key pair, as Okta's "Generate new key" does. */
export async function createServiceAppKey(kid: string): Promise<ServiceAppKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

/**
 * Installs the "Gatehouse" API Services app: private_key_jwt with the given key, every Okta scope of
 * reference §4.1 granted, SUPER_ADMIN assigned. It is the first object of every seed, so its id is stable.
 */
export function installServiceApp(org: Org, key: ServiceAppKey, options: { dpop: boolean; issuer: string }): AppRecord {
  const now = org.now();
  const app = createApp(
    org,
    {
      name: 'oidc_client',
      label: 'Gatehouse',
      signOnMode: 'OPENID_CONNECT',
      status: 'ACTIVE',
      body: { visibility: { autoSubmitToolbar: false, hide: { iOS: true, web: true } }, features: [] },
      oauthClient: {
        applicationType: 'service',
        grantTypes: ['client_credentials'],
        responseTypes: ['token'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        dpopBound: options.dpop,
        keys: [{ id: org.ids.next('jwk'), status: 'ACTIVE', created: now, lastUpdated: now, jwk: key.publicJwk }],
        clientSecret: null,
      },
    },
    null,
  );
  for (const scope of oktaScopes) grantScope(org, app, scope, options.issuer, null);
  assignClientRole(org, app, 'SUPER_ADMIN', null);
  return app;
}
