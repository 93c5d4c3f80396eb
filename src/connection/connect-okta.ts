/**
 * Connecting Okta end to end, as the console's Connect form and the API do it: validate the four
 * fields (every problem at once), get a token and probe every capability, and only when a token
 * could be had, seal and save the connection. Nothing half-written is left when a step fails.
 */
import type { Clock } from '../common/clock.ts';
import { createOktaClient, type OktaClient } from '../okta/index.ts';
import { probeConnection, type ProbeReport } from './probe.ts';
import { saveConnection, type OktaConnection, type Sealer } from './stored-connection.ts';
import { validateConnection, type ConnectionInput, type ValidatedConnection } from './validate-connection.ts';

/** The stored form of a validated connection (the secret still in memory only). */
export function connectionFrom(parsed: ValidatedConnection): OktaConnection {
  return {
    orgUrl: parsed.orgUrl,
    clientId: parsed.clientId,
    scopes: parsed.scopes,
    allowInsecureRequests: parsed.allowInsecureRequests,
    credentials:
      parsed.secret.kind === 'private_key'
        ? { kind: 'private_key', clientId: parsed.clientId, privateJwk: parsed.secret.privateJwk, kid: parsed.secret.kid, alg: parsed.secret.alg }
        : { kind: 'client_secret', clientId: parsed.clientId, secret: parsed.secret.secret },
  };
}

/** What connecting gave: the connection (not saved when the token failed), the warnings, the probe. */
export interface ConnectOutcome {
  saved: boolean;
  connection: OktaConnection;
  warnings: string[];
  report: ProbeReport;
}

/**
 * Validates, probes and (when a token was had) saves a connection.
 * @throws {ConnectionInvalidError} when a field is invalid (nothing is probed or saved)
 */
export async function connectOkta(
  input: ConnectionInput,
  deps: { dataDir: string; vault: Sealer; clock: Clock; allowInsecure?: boolean; fetch?: typeof fetch; clientFor?: (c: OktaConnection) => OktaClient },
): Promise<ConnectOutcome> {
  const parsed = await validateConnection(input, { allowInsecure: deps.allowInsecure ?? false });
  const connection = connectionFrom(parsed);
  const client =
    deps.clientFor?.(connection) ??
    createOktaClient({ orgUrl: connection.orgUrl, credentials: connection.credentials, scopes: connection.scopes, clock: deps.clock, allowInsecureRequests: connection.allowInsecureRequests, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const report = await probeConnection(client, { clientId: connection.clientId, scopes: connection.scopes });
  if (report.tokenError) return { saved: false, connection, warnings: parsed.warnings, report };
  await saveConnection(deps.dataDir, deps.vault, connection);
  return { saved: true, connection, warnings: parsed.warnings, report };
}
