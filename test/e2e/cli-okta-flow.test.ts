// The gatehouse CLI end to end, through its bin, against an emulator over HTTP (issue 3, "The CLI" and
// "Stored encrypted at rest"): connect okta, okta test, directory commands with and without --json,
// add-members from a file with bad rows (twice), exit codes; then every line printed and every stored
// file is searched for the private key (each JWK member, the PEM body), client secrets and access tokens.
import { spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/clock.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { createOktaClient } from '../../src/okta/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scopes = 'okta.users.manage, okta.groups.manage, okta.apps.manage, okta.logs.read, okta.roles.read';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Everything the CLI printed in this file's runs, searched for secrets at the end. */
const printed: string[] = [];

function gatehouse(dataDir: string, args: string[], options: { stdin?: string; untilStdout?: RegExp; onReady?: () => Promise<void> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/gatehouse.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, GATEHOUSE_DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.untilStdout && !signalled && options.untilStdout.test(stdout)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      printed.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
    if (options.onReady) void options.onReady();
    child.stdin.end(options.stdin ?? '');
  });
}

let e: RunningEmulator;
let dataDir: string;
let keyFile: string;
let pemFile: string;
let weak: { clientId: string; privateJwk: JWK };
const clientSecret = 'Zq8sW2xE4rT6yU8iO0pA1sD3fG5hJ7kL9zX2cV4b';

/** The admin's own calls (creating the narrow app), through Gatehouse's client with the super-admin app. */
async function admin(method: 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
  const okta = createOktaClient({
    orgUrl: e.url,
    credentials: { kind: 'private_key', clientId: e.credential.clientId, privateJwk: e.credential.privateKey, kid: String(e.credential.privateKey.kid), alg: 'RS256' },
    scopes: e.credential.scopes,
    clock: systemClock,
    allowInsecureRequests: true,
  });
  return (await okta.request({ method, path, body })).body as Record<string, unknown>;
}

beforeAll(async () => {
  e = await startEmulator({ port: 0, seed: 'demo', users: 40, dpop: true });
  const dir = await mkdtemp(join(tmpdir(), 'gh-cli-flow-'));
  dataDir = join(dir, 'data');
  keyFile = join(dir, 'okta-key.json');
  pemFile = join(dir, 'okta-key.pem');
  await writeFile(keyFile, JSON.stringify(e.credential.privateKey, null, 2), { mode: 0o600 });
  await writeFile(pemFile, createPrivateKey({ key: e.credential.privateKey as JWK & { kty: string }, format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600 });
  // An app an admin set up too narrowly, through the Apps API: two scopes granted, a read-only role.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'weak-1', alg: 'RS256', use: 'sig' };
  const app = await admin('POST', '/api/v1/apps', {
    label: 'Gatehouse (too narrow)',
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
    settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], jwks: { keys: [publicJwk] } } },
  });
  for (const scopeId of ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read']) await admin('POST', `/api/v1/apps/${String(app.id)}/grants`, { scopeId, issuer: e.url });
  await admin('POST', `/oauth2/v1/clients/${String(app.id)}/roles`, { type: 'READ_ONLY_ADMIN' });
  weak = { clientId: String(app.id), privateJwk: { ...(await exportJWK(privateKey)), kid: 'weak-1', alg: 'RS256', use: 'sig' } };
});

afterAll(async () => {
  await e?.close();
});

const connectArgs = (file: string, clientId = e.credential.clientId, scopeList = scopes) => ['connect', 'okta', '--instance-id', e.url, '--client-id', clientId, '--key-file', file, '--scopes', scopeList, '--allow-insecure'];
const json = <T>(run: Run): T => JSON.parse(run.stdout) as T;

describe('gatehouse CLI against the emulator', { timeout: 480_000 }, () => {
  it('runs the whole flow, with the right exit codes, tables for people and JSON for scripts', async () => {
    // Not connected yet: exit 3 with what to run.
    const before = await gatehouse(dataDir, ['users', 'list']);
    expect(before.code).toBe(3);
    expect(before.stderr).toContain('gatehouse connect okta');

    // A bad field: exit 2, the field named, nothing saved.
    const bad = await gatehouse(dataDir, ['connect', 'okta', '--instance-id', 'acme-admin.okta.com', '--client-id', e.credential.clientId, '--key-file', keyFile, '--scopes', scopes]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use acme.okta.com, without -admin');

    // A client secret on stdin: Okta API scopes need private_key_jwt, so Okta refuses it — exit 3, not saved.
    const secret = await gatehouse(dataDir, ['connect', 'okta', '--instance-id', e.url, '--client-id', e.credential.clientId, '--client-secret-stdin', '--scopes', scopes, '--allow-insecure'], { stdin: clientSecret });
    expect(secret.code).toBe(3);
    expect(secret.stderr).toContain('Not saved');

    // The key as a PEM file works too (DPoP is required by this org's app, and handled).
    const pem = await gatehouse(dataDir, connectArgs(pemFile));
    expect(pem.code, pem.stderr).toBe(0);
    const connect = await gatehouse(dataDir, connectArgs(keyFile));
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stdout).toContain(`Connected to ${e.url}`);
    expect(connect.stdout).toContain('Token: DPoP');
    expect(connect.stdout).toContain('Admin roles of the app: SUPER_ADMIN');

    const [test, testJsonRun] = await Promise.all([gatehouse(dataDir, ['okta', 'test']), gatehouse(dataDir, ['okta', 'test', '--json'])]);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/CAPABILITY\s+SCOPE\s+GRANTED\s+ROLE ALLOWS\s+RESULT\s+TO FIX/);
    expect(test.stdout).toMatch(/Create and manage groups\s+okta\.groups\.manage\s+yes\s+yes\s+ok/);
    const testJson = json<{ ok: boolean; results: { ok: boolean }[] }>(testJsonRun);
    expect(testJson.ok).toBe(true);
    expect(testJson.results.length).toBe(7);

    const table = await gatehouse(dataDir, ['users', 'list', '--limit', '5']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+LOGIN\s+NAME\s+STATUS\s+DEPARTMENT$/);
    expect(table.stdout.trim().split('\n')).toHaveLength(6);
    expect(table.stderr).toBe(''); // not a terminal: no progress display
    const users = json<{ id: string; profile: { login: string }; status: string }[]>(await gatehouse(dataDir, ['users', 'list', '--json', '--filter', 'status eq "ACTIVE"']));
    expect(users.length).toBeGreaterThan(5);
    const [a, b, c] = users.map((u) => u.profile.login) as [string, string, string];

    const created = json<{ id: string; status: string }[]>(await gatehouse(dataDir, ['users', 'create', '--login', 'new.hire@acme.example', '--first-name', 'New', '--last-name', 'Hire', '--json']));
    expect(created[0]?.status).toBe('PROVISIONED'); // no password: Okta waits for the user to activate
    const group = json<{ id: string }>(await gatehouse(dataDir, ['groups', 'create', 'Data Platform', '--description', 'CLI test', '--json']));
    expect(group.id).toMatch(/^00g/);

    // add-members: a header, good rows, a duplicate, an unknown login and a blank line.
    const csv = join(dataDir, '..', 'members.csv');
    await writeFile(csv, `login,note\n${a},x\n${b}\nnobody@acme.example,typo\n\n${a}\nnew.hire@acme.example\n`);
    const first = await gatehouse(dataDir, ['groups', 'add-members', 'Data Platform', '--from-file', csv]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Added 3 of 4 to Data Platform');
    expect(first.stdout).toContain('1 failed');
    expect(first.stdout).toMatch(/nobody@acme\.example\s+no user with login or id 'nobody@acme\.example' in Okta/);
    // Safe to run again: same outcome, no duplicate members.
    const again = json<{ added: number; failed: { user: string }[] }>(await gatehouse(dataDir, ['groups', 'add-members', 'Data Platform', '--from-file', csv, '--json']));
    expect(again).toMatchObject({ added: 3, failed: [{ user: 'nobody@acme.example' }] });
    await writeFile(csv, `${a}\n${b}\n${c}\n`);
    const fixed = await gatehouse(dataDir, ['groups', 'add-members', group.id, '--from-file', csv]);
    expect(fixed.code).toBe(0);
    const members = json<{ profile: { login: string } }[]>(await gatehouse(dataDir, ['groups', 'members', 'Data Platform', '--json']));
    expect(members.map((m) => m.profile.login).sort()).toEqual([a, b, c, 'new.hire@acme.example'].sort());

    // Apps: assign the group, see its members through it, unassign.
    const apps = json<{ id: string; label: string; signOnMode: string }[]>(await gatehouse(dataDir, ['apps', 'list', '--json']));
    const app = apps.find((x) => x.signOnMode !== 'OPENID_CONNECT') as { id: string };
    expect((await gatehouse(dataDir, ['apps', 'assign-group', app.id, 'Data Platform'])).code).toBe(0);
    const appUsers = json<{ id: string; scope: string }[]>(await gatehouse(dataDir, ['apps', 'users', app.id, '--json']));
    expect(appUsers.filter((u) => u.scope === 'GROUP').length).toBeGreaterThanOrEqual(4);
    expect((await gatehouse(dataDir, ['apps', 'unassign-group', app.id, group.id])).code).toBe(0);

    // Lifecycle verbs, with the status change printed.
    expect((await gatehouse(dataDir, ['users', 'suspend', c])).stdout).toContain(`${c}: ACTIVE → SUSPENDED`);
    expect((await gatehouse(dataDir, ['users', 'unsuspend', c])).stdout).toContain('SUSPENDED → ACTIVE');
    expect((await gatehouse(dataDir, ['users', 'reset-factors', c])).code).toBe(0);
    expect(json<{ action: string; after: string }>(await gatehouse(dataDir, ['users', 'clear-sessions', c, '--json']))).toMatchObject({ action: 'clear-sessions', after: 'ACTIVE' });
    const suspendAgain = await gatehouse(dataDir, ['users', 'unsuspend', c]);
    expect(suspendAgain.code).toBe(1); // not SUSPENDED: Okta's lifecycle error, printed
    expect(suspendAgain.stderr).toContain('Okta answered 400');
    expect((await gatehouse(dataDir, ['users', 'delete', 'new.hire@acme.example'])).stdout).toContain('PROVISIONED → DEPROVISIONED');
    expect((await gatehouse(dataDir, ['users', 'delete', 'new.hire@acme.example'])).stdout).toContain('DEPROVISIONED → DELETED');
    const gone = await gatehouse(dataDir, ['users', 'get', 'new.hire@acme.example']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('404');

    // The System Log: a bounded query, and tail until the first event arrives.
    const events = json<{ eventType: string }[]>(await gatehouse(dataDir, ['logs', 'query', '--since', '1h', '--json']));
    expect(events.map((ev) => ev.eventType)).toEqual(expect.arrayContaining(['group.user_membership.add', 'user.lifecycle.suspend']));
    const tail = await gatehouse(dataDir, ['logs', 'tail', '--interval', '1', '--since', '1h'], { untilStdout: /user\.lifecycle\.create/ });
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain('user.lifecycle.create');

    // Usage errors exit 2.
    const usage = await Promise.all([
      gatehouse(dataDir, ['logs', 'query', '--since', 'yesterday']),
      gatehouse(dataDir, ['users', 'update', a, '--set', 'title']),
      gatehouse(dataDir, ['users', 'frobnicate']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(usage[0]?.stderr).toContain('--since takes an ISO date or a relative time like 30m, 24h, 7d');
  });

  it('okta test on an app with too few scopes and too weak a role: exit 4, and what to change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gh-cli-weak-'));
    const file = join(dir, 'weak-key.json');
    await writeFile(file, JSON.stringify(weak.privateJwk), { mode: 0o600 });
    const weakData = join(dir, 'data');
    const connect = await gatehouse(weakData, connectArgs(file, weak.clientId, 'okta.users.manage okta.users.read okta.groups.manage okta.groups.read okta.logs.read okta.roles.read'));
    // Saved (the token works), but the report fails: exit 4.
    expect(connect.code, connect.stderr).toBe(4);
    const test = await gatehouse(weakData, ['okta', 'test']);
    expect(test.code).toBe(4);
    expect(test.stdout).toContain('Okta did not grant: okta.groups.manage, okta.logs.read');
    expect(test.stdout).toContain('"Okta API Scopes" tab');
    expect(test.stdout).toContain('Admin roles of the app: READ_ONLY_ADMIN');
    expect(test.stdout).toMatch(/Read users\s+okta\.users\.read\s+yes\s+yes\s+ok/);
    expect(test.stdout).toMatch(/Create and manage users\s+okta\.users\.manage\s+yes\s+NO\s+FAILS\s+The app's admin role does not allow this/);
    expect(test.stdout).toMatch(/Read the System Log\s+okta\.logs\.read\s+NO\s+—\s+FAILS\s+Grant okta\.logs\.read/);
    const report = json<{ ok: boolean; roles: string[]; droppedScopes: string[] }>(await gatehouse(weakData, ['okta', 'test', '--json']));
    expect(report).toMatchObject({ ok: false, roles: ['READ_ONLY_ADMIN'], droppedScopes: ['okta.groups.manage', 'okta.logs.read'] });
    // Nothing was changed by the probes (writes Okta refuses or rejects as invalid).
    expect([...e.context.org.users.values()].filter((u) => !u.profile.login).length).toBe(0);
  });

  it('never printed or stored the private key, a client secret or an access token', async () => {
    const jwks = [e.credential.privateKey as JWK, weak.privateJwk];
    const needles: string[] = [clientSecret];
    for (const jwk of jwks) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) needles.push(String(jwk[member]));
    const pemBody = (await readFile(pemFile, 'utf8')).split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
    expect(pemBody.length).toBeGreaterThan(10);
    needles.push(...pemBody);
    for (const token of e.context.org.tokens.keys()) needles.push(token);
    expect(needles.every((n) => n.length >= 20)).toBe(true);

    const stored: string[] = [];
    for (const dir of await dataDirs()) {
      for (const name of await readdir(dir, { recursive: true })) {
        const text = await readFile(join(dir, String(name)), 'utf8').catch(() => '');
        stored.push(text);
      }
    }
    expect(stored.join('').length).toBeGreaterThan(100);
    expect(printed.join('').length).toBeGreaterThan(1000);
    const lines = [...printed, ...stored].join('\n').split('\n');
    for (const needle of needles) {
      const hit = lines.find((line) => line.includes(needle));
      expect(hit, 'secret material found in CLI output or a stored file').toBeUndefined();
    }
  });
});

async function dataDirs(): Promise<string[]> {
  const dirs = [dataDir];
  for (const parent of await readdir(tmpdir())) if (parent.startsWith('gh-cli-weak-')) dirs.push(join(tmpdir(), parent, 'data'));
  return dirs;
}
