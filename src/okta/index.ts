/** The Okta Management API client. Knows no store, engine or server. */
export { createOktaClient, defaultTransport, realSleep, type OktaClient, type OktaClientOptions } from './client.ts';
export type { OktaCredentials } from './auth/credentials.ts';
export { createTokenProvider, describeTokenError, type AccessToken, type TokenProvider } from './auth/token-provider.ts';
export { createGovernor, type Governor } from './http/governor.ts';
export { createOktaTransport } from './http/transport.ts';
export type { OktaRequest, OktaResponse, Requester } from './http/request.ts';
export * from './errors.ts';
export * from './schemas/user.ts';
export * from './schemas/group.ts';
export * from './schemas/app.ts';
export * from './schemas/log.ts';
