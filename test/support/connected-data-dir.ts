/** A Gatehouse data dir whose stored Okta connection points at an emulator (as `gatehouse connect okta` leaves it). */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVault, loadVaultKey, saveConnection } from '../../src/connection/index.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

/** Creates the data dir and returns it with the environment a child `gatehouse` process needs. */
export async function connectedDataDir(emulator: RunningEmulator, prefix = 'gh-'): Promise<{ dataDir: string; env: NodeJS.ProcessEnv }> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const secretKey = randomBytes(32).toString('base64');
  const { clientId, privateKey, scopes } = emulator.credential;
  await saveConnection(dataDir, createVault({ key: await loadVaultKey({ env: secretKey, dataDir }) }), {
    orgUrl: emulator.url,
    clientId,
    scopes,
    allowInsecureRequests: true,
    credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' },
  });
  return { dataDir, env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: secretKey, DATABASE_URL: '' } };
}
