// The messages for OAuth errors the emulator cannot be made to send honestly (DPoP proof defects from
// Okta's error catalog, reference §1.6–1.7): describeTokenError is a pure function of Okta's answer.
import { describe, expect, it } from 'vitest';
import { describeTokenError } from './token-provider.ts';
import type { OktaCredentials } from './credentials.ts';

const credentials: OktaCredentials = { kind: 'client_secret', clientId: '0oa1b2C3d4E5f6G7h8I9', secret: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f' };
const describeIt = (error: string, description?: string) => describeTokenError(error, description, credentials, 'acme.okta.com', ['okta.users.read', 'okta.logs.read']);

describe('describeTokenError', () => {
  it.each([
    ['invalid_dpop_proof', 'The DPoP proof JWT is issued more than five minutes in the past.', ['out of time', 'clock is off', 'NTP']],
    ['invalid_dpop_proof', "The 'iat' claim in the DPoP proof JWT is invalid.", ['out of time']],
    ['invalid_dpop_proof', 'The DPoP proof JWT has already been used.', ['Require Demonstrating Proof of Possession (DPoP)', 'General tab', 'report this message']],
    ['invalid_dpop_proof', "The 'htu' claim in the DPoP proof JWT is invalid.", ['htu', 'untick that box']],
    ['use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', ['new DPoP nonce', 'Try again']],
  ])('%s "%s" says what to do', (error, description, expected) => {
    const e = describeIt(error, description);
    expect(e.reason).toBe('dpop');
    expect(e.code).toBe('OKTA_AUTH_FAILED');
    for (const text of expected) expect(e.message).toContain(text);
    expect(e.message).toContain('0oa1b2C3d4E5f6G7h8I9');
  });

  it.each([
    ['invalid_client', 'The client_assertion token has an expiration too far into the future.', "machine's clock"],
    ['invalid_client', 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.', '"Public key / Private key"'],
    ['invalid_client', "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.", 'API Services'],
    ['invalid_scope', 'No scopes were requested.', 'okta.users.read'],
    ['consent_required', 'You are not allowed any of the requested scopes.', 'Okta API Scopes'],
    ['unauthorized_client', 'The client is not authorized to use the provided grant type.', 'Client Credentials'],
    ['access_denied', "The request is made from outside the client's permitted network zones.", 'network zone'],
  ])('%s "%s" → %s', (error, description, expected) => {
    const e = describeIt(error, description);
    expect(e.message).toContain(expected);
    expect(e.message).not.toContain(credentials.kind === 'client_secret' ? credentials.secret : '');
  });
});
