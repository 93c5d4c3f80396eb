import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { VaultError, VaultKeyError } from './errors.ts';

const version = 'v1';
const keyBytes = 32;
const ivBytes = 12; // 96-bit IV: GCM's native size (NIST SP 800-38D §8.2)
const tagBytes = 16;
const base64url = /^[A-Za-z0-9_-]*$/;

const decryptFailed =
  'A stored secret could not be decrypted: it was sealed with another key (GATEHOUSE_SECRET_KEY or <dataDir>/secret.key changed), belongs to another record, or was altered. Restore the key it was sealed with, or connect again to store the secret anew.';

/** Options of {@link createVault}. */
export interface VaultOptions {
  /** 32 bytes, from {@link loadVaultKey}. Copied: later changes to the buffer do not affect the vault. */
  key: Buffer;
}

/**
 * Seals secrets at rest with AES-256-GCM: a random 12-byte IV per value and a 16-byte tag, written as
 * `v1.<iv>.<ciphertext>.<tag>` (base64url). The `aad` binds a sealed value to its record (for example
 * `okta-connection:<clientId>`), so it cannot be moved to another one; opening it requires the same aad.
 *
 * @throws {VaultKeyError} when the key is not 32 bytes.
 * @example
 * const vault = createVault({ key: await loadVaultKey({ env: config.secretKey, dataDir: config.dataDir }) });
 * const sealed = vault.seal(keyJson, 'okta-connection:0oa1b2c3d4e5f6g7h8i9');
 * vault.open(sealed, 'okta-connection:0oa1b2c3d4e5f6g7h8i9'); // → keyJson
 */
export function createVault(options: VaultOptions) {
  if (!Buffer.isBuffer(options.key) || options.key.length !== keyBytes) {
    throw new VaultKeyError(`The vault key must be ${keyBytes} bytes; this one is ${Buffer.isBuffer(options.key) ? `${options.key.length} bytes` : 'not a Buffer'}. Load it with loadVaultKey().`);
  }
  // A KeyObject keeps the bytes out of JSON.stringify and util.inspect of anything that holds the vault.
  const key = createSecretKey(Buffer.from(options.key));
  // The version is authenticated too, so a value cannot be replayed under another format's rules.
  const additionalData = (aad: string) => Buffer.from(`${version}.${aad}`, 'utf8');

  return {
    /** Encrypts `plaintext`, bound to `aad`. */
    seal(plaintext: string, aad: string): string {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
      cipher.setAAD(additionalData(aad));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [version, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },

    /**
     * Decrypts a value sealed with the same key and `aad`.
     * @throws {VaultError} when the value was sealed with another key or aad, or altered; the message says no more.
     */
    open(sealed: string, aad: string): string {
      const parts = sealed.split('.');
      const [tag, ivText, ciphertextText, tagText] = parts;
      if (tag !== version) {
        const newer = /^v\d+$/.test(tag ?? '');
        throw new VaultError(
          newer ? `A stored secret was sealed by a newer Gatehouse (vault format ${tag}); upgrade Gatehouse to read it.` : `A stored secret is not in the vault's format (${version}.<iv>.<ciphertext>.<tag>): the record is damaged. Connect again to store the secret anew.`,
        );
      }
      if (parts.length !== 4 || ivText === undefined || ciphertextText === undefined || tagText === undefined || ![ivText, ciphertextText, tagText].every((p) => base64url.test(p))) {
        throw new VaultError(`A stored secret is not in the vault's format (${version}.<iv>.<ciphertext>.<tag>): the record is damaged. Connect again to store the secret anew.`);
      }
      const iv = Buffer.from(ivText, 'base64url');
      const authTag = Buffer.from(tagText, 'base64url');
      if (iv.length !== ivBytes || authTag.length !== tagBytes) throw new VaultError(decryptFailed);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
        decipher.setAAD(additionalData(aad));
        decipher.setAuthTag(authTag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // Which check failed (key, aad, tag, ciphertext) is deliberately not told.
        throw new VaultError(decryptFailed);
      }
    },
  };
}

/** Seals and opens secrets at rest (see {@link createVault}). */
export type Vault = ReturnType<typeof createVault>;

/** Options of {@link loadVaultKey}. The caller reads the environment (config/), not this module. */
export interface LoadVaultKeyOptions {
  /** The value of GATEHOUSE_SECRET_KEY, or undefined when it is not set. */
  env: string | undefined;
  /** Gatehouse's data dir; the key file is `<dataDir>/secret.key`. */
  dataDir: string;
}

/**
 * Loads the vault key: GATEHOUSE_SECRET_KEY when set (32 bytes as base64, base64url or hex), otherwise
 * `<dataDir>/secret.key`, which is created with 32 random bytes and mode 0600 on first use. The file is
 * created atomically and never replaced, so processes starting together agree on one key.
 *
 * @throws {VaultKeyError} when the variable is not a 32-byte key, or the file is not one, cannot be read
 * or created, or can be read by group or others.
 */
export async function loadVaultKey(options: LoadVaultKeyOptions): Promise<Buffer> {
  if (options.env !== undefined) {
    const key = decodeKey(options.env);
    if (typeof key === 'string') {
      throw new VaultKeyError(
        `GATEHOUSE_SECRET_KEY ${key}. It must be 32 random bytes written as base64 (44 characters), base64url (43) or hex (64); generate one with: openssl rand -base64 32. Or unset it to use the key file ${join(options.dataDir, 'secret.key')}.`,
      );
    }
    return key;
  }
  return (await readKeyFile(options.dataDir)) ?? createKeyFile(options.dataDir);
}

/** A 32-byte key from its text form, or why the text is not one (never quoting it). */
function decodeKey(value: string): Buffer | string {
  const text = value.trim();
  if (text === '') return 'is empty';
  if (/^[0-9a-fA-F]+$/.test(text) && text.length !== 43 && text.length !== 44) {
    return text.length === 64 ? Buffer.from(text, 'hex') : `has ${text.length} hex digits, not 64`;
  }
  const standard = /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  const urlSafe = /^[A-Za-z0-9_-]+={0,2}$/.test(text);
  if (!standard && !urlSafe) return 'is not base64, base64url or hex';
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bytes = Buffer.from(normalized, 'base64');
  // Buffer.from skips what it cannot decode; re-encoding catches a value that is not really base64.
  if (bytes.toString('base64').replace(/=+$/, '') !== normalized) return 'is not valid base64';
  return bytes.length === keyBytes ? bytes : `decodes to ${bytes.length} bytes, not ${keyBytes}`;
}

async function readKeyFile(dataDir: string): Promise<Buffer | undefined> {
  const path = join(dataDir, 'secret.key');
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new VaultKeyError(`Cannot read the vault key file ${path} (${errorCode(error) ?? 'unknown error'}). Make it readable by the user running Gatehouse, with mode 600.`, { cause: error });
  }
  if (!info.isFile()) throw new VaultKeyError(`The vault key file ${path} is not a regular file. Move it away; Gatehouse creates a new key file on start.`);
  // POSIX permissions only: on Windows the mode bits do not describe who can read the file.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new VaultKeyError(`The vault key file ${path} can be accessed by group or others (mode ${(info.mode & 0o777).toString(8).padStart(3, '0')}). Run: chmod 600 ${path}`);
  }
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    throw new VaultKeyError(`Cannot read the vault key file ${path} (${errorCode(error) ?? 'unknown error'}). Make it readable by the user running Gatehouse, with mode 600.`, { cause: error });
  }
  // Raw bytes as Gatehouse writes them, or the same text forms as GATEHOUSE_SECRET_KEY (openssl rand -base64 32 > secret.key).
  const key = content.length === keyBytes ? content : decodeKey(content.toString('utf8'));
  if (typeof key === 'string') {
    throw new VaultKeyError(
      `The vault key file ${path} is not a Gatehouse key: it must hold 32 random bytes, or their base64 or hex. Restore it from a backup. Delete it only if no secret was stored yet: secrets sealed with it cannot be opened without it.`,
    );
  }
  return key;
}

async function createKeyFile(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, 'secret.key');
  const key = randomBytes(keyBytes);
  const temporary = join(dataDir, `.secret.key.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(key);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // link() publishes the complete file atomically and, unlike rename(), never replaces a key that
    // another process created meanwhile: then that key wins and we read it.
    await link(temporary, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      const existing = await readKeyFile(dataDir);
      if (existing !== undefined) return existing;
    }
    throw new VaultKeyError(`Cannot create the vault key file ${path} (${errorCode(error) ?? 'unknown error'}). Make ${dataDir} writable by the user running Gatehouse, or set GATEHOUSE_SECRET_KEY.`, { cause: error });
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  await syncDirectory(dataDir);
  return key;
}

/** Makes the new directory entry durable, so a crash cannot lose a key that secrets were sealed with. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported everywhere (Windows); the file itself was synced.
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
