/**
 * The local admin's API token: 32 random bytes in `<dataDir>/api-token`, created with mode 0600 on
 * first start. The CLI and scripts read it from there; it is never printed or logged.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.ts';

/** The api-token file is unusable. */
export class ApiTokenError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

/** Path of the token file. */
export const apiTokenFile = (dataDir: string) => join(dataDir, 'api-token');

/** Reads the token, creating it on first use. */
export async function loadOrCreateApiToken(dataDir: string): Promise<string> {
  return (await loadOrCreateApiTokenWithState(dataDir)).token;
}

/** Reads the token, creating it on first use; says whether it was just created. */
export async function loadOrCreateApiTokenWithState(dataDir: string): Promise<{ token: string; created: boolean }> {
  const file = apiTokenFile(dataDir);
  try {
    const info = await stat(file);
    if ((info.mode & 0o077) !== 0) throw new ApiTokenError(`${file} is readable by group or others; run chmod 600 ${file}.`);
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length < 32) throw new ApiTokenError(`${file} does not hold a token; delete it and start Gatehouse again to create a new one.`);
    return { token, created: false };
  } catch (error) {
    if (error instanceof ApiTokenError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ApiTokenError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = `gh_${randomBytes(32).toString('base64url')}`;
  let created = true;
  await writeFile(file, token + '\n', { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    created = false;
  });
  return { token: (await readFile(file, 'utf8')).trim(), created };
}
