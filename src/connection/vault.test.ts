import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VaultError, VaultKeyError } from './errors.ts';
import { createVault, loadVaultKey } from './vault.ts';

const key = randomBytes(32);
const aad = 'okta-connection:0oa1b2C3d4E5f6G7h8I9';
const secret = '{"kty":"RSA","d":"very-secret-private-exponent"}';
const tempDir = () => mkdtemp(join(tmpdir(), 'gh-vault-'));

function flip(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

function failure(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('createVault', () => {
  it('round-trips text, including non-ASCII and empty strings', () => {
    const vault = createVault({ key });
    for (const text of [secret, '', 'pässwörd ✓ 🔑', 'x'.repeat(100_000)]) expect(vault.open(vault.seal(text, aad), aad)).toBe(text);
  });

  it('writes v1.<iv>.<ciphertext>.<tag> with a fresh 12-byte IV and a 16-byte tag, and never the plaintext', () => {
    const vault = createVault({ key });
    const a = vault.seal(secret, aad);
    const b = vault.seal(secret, aad);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [, iv, ciphertext, tag] = a.split('.');
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? '', 'base64url')).toHaveLength(Buffer.byteLength(secret));
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
  });

  it.each([
    ['the IV', 1],
    ['the ciphertext', 2],
    ['the tag', 3],
  ])('detects tampering with %s, saying nothing specific', (_, part) => {
    const vault = createVault({ key });
    const error = failure(() => vault.open(flip(vault.seal(secret, aad), part), aad));
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('VAULT_DECRYPT_FAILED');
    expect((error as Error).message).toContain('could not be decrypted');
    expect((error as Error).cause).toBeUndefined();
  });

  it('refuses another record (wrong aad) and another key with the same message', () => {
    const sealed = createVault({ key }).seal(secret, aad);
    const wrongAad = failure(() => createVault({ key }).open(sealed, 'okta-connection:0oaOTHERotherOTHER12'));
    const wrongKey = failure(() => createVault({ key: randomBytes(32) }).open(sealed, aad));
    expect(wrongAad).toBeInstanceOf(VaultError);
    expect(wrongKey).toBeInstanceOf(VaultError);
    expect((wrongAad as Error).message).toBe((wrongKey as Error).message);
  });

  it.each([
    ['not sealed at all', secret, "not in the vault's format"],
    ['a part missing', 'v1.abc.def', "not in the vault's format"],
    ['a part that is not base64url', 'v1.a+b.c.d', "not in the vault's format"],
    ['a short IV', `v1.${Buffer.alloc(4).toString('base64url')}.AAAA.${Buffer.alloc(16).toString('base64url')}`, 'could not be decrypted'],
    ['a newer format', 'v2.a.b.c.d', 'sealed by a newer Gatehouse (vault format v2)'],
  ])('refuses %s', (_, sealed, message) => {
    const error = failure(() => createVault({ key }).open(sealed, aad));
    expect(error).toBeInstanceOf(VaultError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('very-secret');
  });

  it('needs a 32-byte key, copies it and keeps it out of inspection', () => {
    expect(() => createVault({ key: randomBytes(16) })).toThrow(VaultKeyError);
    const mutable = Buffer.from(key);
    const vault = createVault({ key: mutable });
    const sealed = vault.seal(secret, aad);
    mutable.fill(0);
    expect(vault.open(sealed, aad)).toBe(secret);
    expect(inspect(vault, { depth: 10 })).not.toContain(key.toString('hex').slice(0, 16));
    expect(JSON.stringify(vault)).not.toContain(key.toString('base64').slice(0, 16));
  });
});

describe('loadVaultKey', () => {
  it('creates <dataDir>/secret.key with 32 random bytes and mode 0600 on first use, then reuses it', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const first = await loadVaultKey({ env: undefined, dataDir });
    expect(first).toHaveLength(32);
    const file = join(dataDir, 'secret.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file)).toEqual(first);
    expect(await loadVaultKey({ env: undefined, dataDir })).toEqual(first);
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('agrees on one key when several processes start at once', async () => {
    const dataDir = await tempDir();
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadVaultKey({ env: undefined, dataDir })));
    for (const k of loaded) expect(k).toEqual(loaded[0]);
    expect(await readFile(join(dataDir, 'secret.key'))).toEqual(loaded[0]);
  });

  it('refuses a key file readable by group or others, saying chmod 600', async () => {
    const dataDir = await tempDir();
    await loadVaultKey({ env: undefined, dataDir });
    const file = join(dataDir, 'secret.key');
    await chmod(file, 0o644);
    const error = await loadVaultKey({ env: undefined, dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultKeyError);
    expect((error as VaultKeyError).code).toBe('VAULT_KEY_INVALID');
    expect((error as Error).message).toContain(`(mode 644). Run: chmod 600 ${file}`);
  });

  it('reads a key file written as base64 text (openssl rand -base64 32 > secret.key)', async () => {
    const dataDir = await tempDir();
    const bytes = randomBytes(32);
    await writeFile(join(dataDir, 'secret.key'), `${bytes.toString('base64')}\n`, { mode: 0o600 });
    expect(await loadVaultKey({ env: undefined, dataDir })).toEqual(bytes);
  });

  it('refuses a key file that is not a key, without printing it', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, 'secret.key'), 'hunter2-hunter2-hunter2', { mode: 0o600 });
    const error = await loadVaultKey({ env: undefined, dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultKeyError);
    expect((error as Error).message).toContain('is not a Gatehouse key');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it.each([
    ['base64', (b: Buffer) => b.toString('base64')],
    ['base64url', (b: Buffer) => b.toString('base64url')],
    ['hex', (b: Buffer) => b.toString('hex')],
    ['upper-case hex with a trailing newline', (b: Buffer) => `${b.toString('hex').toUpperCase()}\n`],
  ])('takes GATEHOUSE_SECRET_KEY as %s and never touches the data dir', async (_, encode) => {
    const dataDir = await tempDir();
    const bytes = randomBytes(32);
    expect(await loadVaultKey({ env: encode(bytes), dataDir })).toEqual(bytes);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it.each([
    ['empty', '', 'GATEHOUSE_SECRET_KEY is empty'],
    ['16 bytes of base64', randomBytes(16).toString('base64'), 'decodes to 16 bytes, not 32'],
    ['48 bytes of base64', randomBytes(48).toString('base64'), 'decodes to 48 bytes, not 32'],
    ['hex of 16 bytes', randomBytes(16).toString('hex'), 'has 32 hex digits, not 64'],
    ['a passphrase', 'correct horse battery staple', 'is not base64, base64url or hex'],
    ['mixed base64 alphabets', 'ab+cd_ef/gh-ij+kl_mn/op-qr+st_uv/wx-yz+AB_CDEF', 'is not base64, base64url or hex'],
  ])('refuses GATEHOUSE_SECRET_KEY that is %s, saying how to make one and never printing it', async (_, env, message) => {
    const error = await loadVaultKey({ env, dataDir: '/nonexistent' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultKeyError);
    expect((error as VaultKeyError).code).toBe('VAULT_KEY_INVALID');
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain('openssl rand -base64 32');
    if (env.length > 0) expect((error as Error).message).not.toContain(env);
  });
});
