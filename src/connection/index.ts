/**
 * Connect Okta: parse and validate the four fields of the Connect form (Instance ID, Client ID,
 * Client Secret, Scopes), probe a connection, and keep its secret sealed at rest.
 */
export { parseInstanceId, type InstanceId, type ParseInstanceIdOptions } from './parse-instance-id.ts';
export { parseClientId } from './parse-client-id.ts';
export { parseClientSecret, type ParsedSecret, type ParsedPrivateKey, type ParsedClientSecret } from './parse-key.ts';
export { parseScopes, type ParsedScopes } from './parse-scopes.ts';
export { validateConnection, type ConnectionInput, type ValidateConnectionOptions, type ValidatedConnection } from './validate-connection.ts';
export { createVault, loadVaultKey, type Vault, type VaultOptions, type LoadVaultKeyOptions } from './vault.ts';
export {
  ConnectionFieldError,
  ConnectionInvalidError,
  VaultError,
  VaultKeyError,
  connectionFields,
  connectionFieldLabels,
  type ConnectionField,
  type ConnectionProblem,
} from './errors.ts';
export * from './stored-connection.ts';
export * from './probe.ts';
export { connectOkta, connectionFrom, type ConnectOutcome } from './connect-okta.ts';
