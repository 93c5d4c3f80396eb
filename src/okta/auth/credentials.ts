import type { JWK } from 'jose';

/**
 * How Gatehouse authenticates to an Okta org: the private key of an API Services app
 * (private_key_jwt, what Okta API scopes need), or a client secret (apps from the Okta Integration
 * Network that authenticate that way). Secrets: never log or print these.
 */
export type OktaCredentials =
  | { kind: 'private_key'; clientId: string; privateJwk: JWK; kid: string | undefined; alg: string }
  | { kind: 'client_secret'; clientId: string; secret: string };
