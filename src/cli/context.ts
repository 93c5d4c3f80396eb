import { systemClock } from '../common/clock.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { createVault, loadVaultKey } from '../connection/index.ts';
import { loadConnection, type OktaConnection, type Sealer } from '../connection/stored-connection.ts';
import { createOktaClient, type OktaClient } from '../okta/index.ts';

/** What a CLI command needs: the config, the vault and, for Okta commands, a client. */
export interface CliContext {
  config: Config;
  vault: Sealer;
}

/** Loads config and the vault key (creating the key file on first use). */
export async function cliContext(): Promise<CliContext> {
  const config = loadConfig();
  const key = await loadVaultKey({ env: config.secretKey, dataDir: config.dataDir });
  return { config, vault: createVault({ key }) };
}

/** Opens the stored connection and builds the Okta client for it. */
export async function openOkta(context: CliContext, options: { onRetry?: Parameters<typeof createOktaClient>[0]['onRetry'] } = {}): Promise<{ okta: OktaClient; connection: OktaConnection }> {
  const connection = await loadConnection(context.config.dataDir, context.vault);
  return { okta: clientFor(connection, options), connection };
}

/** An Okta client for a connection. */
export function clientFor(connection: OktaConnection, options: { onRetry?: Parameters<typeof createOktaClient>[0]['onRetry'] } = {}): OktaClient {
  return createOktaClient({
    orgUrl: connection.orgUrl,
    credentials: connection.credentials,
    scopes: connection.scopes,
    clock: systemClock,
    allowInsecureRequests: connection.allowInsecureRequests,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}
