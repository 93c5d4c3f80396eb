import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requestToken } from '../support/token.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ReturnType<typeof spawn>[] = [];

/** Runs `gatehouse emulator` through the package's bin and waits for its first lines. */
async function runEmulator(args: string[]): Promise<{ url: string; output: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/gatehouse.js'), 'emulator', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && (!args.includes('--credentials-out') || output.includes('credential written'))) {
        clearTimeout(timer);
        resolve({ url: match[1] as string, output });
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
  });
}

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('gatehouse emulator', () => {
  it('prints its URL and writes a working credential with mode 0600, never printing the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gh-cli-'));
    const file = join(dir, 'creds.json');
    const { url, output } = await runEmulator(['--port', '0', '--seed', 'empty', '--credentials-out', file]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const credential = JSON.parse(await readFile(file, 'utf8')) as { orgUrl: string; clientId: string; privateKey: Record<string, unknown>; scopes: string[] };
    expect(credential.orgUrl).toBe(url);
    expect(credential.clientId).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect(credential.privateKey).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof credential.privateKey.d).toBe('string');
    expect(credential.scopes).toEqual(expect.arrayContaining(['okta.users.manage', 'okta.groups.manage', 'okta.apps.manage', 'okta.logs.read']));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(output).not.toContain(String(credential.privateKey.d));
    const token = await requestToken(url, credential, credential.scopes);
    const res = await fetch(`${url}/api/v1/groups`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { profile: { name: string } }[]).map((g) => g.profile.name)).toEqual(['Everyone']);
  });

  it('refuses bad flags with a message that says what is allowed', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/gatehouse.js'), 'emulator', '--seed', 'huge'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain("Allowed choices are demo, empty");
  });
});
