import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { GatehouseError } from '../common/errors.ts';
import type { OktaCredentials } from '../okta/index.ts';

/** What seals and opens secrets at rest (the vault of vault.ts). */
export interface Sealer {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

/** A connection as Gatehouse keeps it: everything but the secret in the clear, the secret sealed (AES-256-GCM). */
const storedSchema = z.object({
  version: z.literal(1),
  orgUrl: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  allowInsecureRequests: z.boolean(),
  auth: z.enum(['private_key', 'client_secret']),
  kid: z.string().optional(),
  alg: z.string().optional(),
  sealedSecret: z.string(),
  savedAt: z.string(),
});

/** A usable connection (the secret opened, in memory only). */
export interface OktaConnection {
  orgUrl: string;
  clientId: string;
  scopes: string[];
  allowInsecureRequests: boolean;
  credentials: OktaCredentials;
}

/** No connection is stored, or it cannot be read. */
export class ConnectionMissingError extends GatehouseError {}

const fileName = 'okta-connection.json';
const aadFor = (clientId: string) => `okta-connection:${clientId}`;

/** Saves a connection in `<dataDir>/okta-connection.json` (mode 0600, written atomically). */
export async function saveConnection(dataDir: string, sealer: Sealer, connection: OktaConnection): Promise<void> {
  const c = connection.credentials;
  const secret = c.kind === 'private_key' ? JSON.stringify(c.privateJwk) : c.secret;
  const stored: z.infer<typeof storedSchema> = {
    version: 1,
    orgUrl: connection.orgUrl,
    clientId: connection.clientId,
    scopes: connection.scopes,
    allowInsecureRequests: connection.allowInsecureRequests,
    auth: c.kind,
    ...(c.kind === 'private_key' ? { alg: c.alg, ...(c.kid ? { kid: c.kid } : {}) } : {}),
    sealedSecret: sealer.seal(secret, aadFor(connection.clientId)),
    savedAt: new Date().toISOString(),
  };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, fileName);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
}

/** Removes the stored connection; false when there was none. */
export async function removeConnection(dataDir: string): Promise<boolean> {
  const path = join(dataDir, fileName);
  const existed = await stat(path).then(
    () => true,
    () => false,
  );
  await rm(path, { force: true });
  return existed;
}

/** Loads and opens the stored connection. */
export async function loadConnection(dataDir: string, sealer: Sealer): Promise<OktaConnection> {
  const path = join(dataDir, fileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConnectionMissingError('CONNECTION_MISSING', `No Okta connection in ${dataDir}. Connect one: gatehouse connect okta --instance-id … --client-id … --key-file … --scopes "…"`);
  }
  const parsed = storedSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ConnectionMissingError('CONNECTION_MISSING', `${path} is not a Gatehouse connection file; connect again with gatehouse connect okta.`);
  const s = parsed.data;
  const secret = sealer.open(s.sealedSecret, aadFor(s.clientId));
  const credentials: OktaCredentials =
    s.auth === 'private_key'
      ? { kind: 'private_key', clientId: s.clientId, privateJwk: JSON.parse(secret) as Record<string, unknown>, kid: s.kid, alg: s.alg ?? 'RS256' }
      : { kind: 'client_secret', clientId: s.clientId, secret };
  return { orgUrl: s.orgUrl, clientId: s.clientId, scopes: s.scopes, allowInsecureRequests: s.allowInsecureRequests, credentials };
}
