// `gatehouse serve` as a library (startGatehouse): the embedded demo org, the catalog installed on
// first start, the HTTP API over real HTTP — runs, dry runs, approvals, errors — and no secret in any
// answer (issue 4).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';
import { signWebhook } from '../../src/workflows/webhooks.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sdkUrl = pathToFileURL(join(root, 'src/workflows/sdk.ts')).href;

const approvalProbe = `import { defineWorkflow, z } from '${sdkUrl}';
export default defineWorkflow({
  id: 'approval-probe',
  title: 'Approval probe',
  description: 'Suspends a user once the boss approves.',
  examples: [],
  input: z.object({ login: z.string().describe('who') }),
  access: 'team',
  approval: { approvers: ['boss@acme.example'], timeout: '1h', reason: (input) => 'suspend ' + input.login },
  async run(ctx, input) {
    const user = await ctx.okta.users.get(input.login);
    await ctx.okta.users.suspend(user.id);
    return { suspended: user.id };
  },
});
`;

const webhookProbe = `import { defineWorkflow, z } from '${sdkUrl}';
export default defineWorkflow({
  id: 'webhook-probe',
  title: 'Webhook probe',
  description: 'Unsuspends a user when an HR system calls.',
  examples: [],
  input: z.object({ login: z.string().describe('who') }),
  access: 'team',
  trigger: { type: 'webhook' },
  async run(ctx, input) {
    const user = await ctx.okta.users.get(input.login);
    return { seen: user.id };
  },
});
`;

let running: RunningGatehouse;
let dataDir: string;
let token: string;
const bodies: string[] = [];
const otherKeys: Record<string, string>[] = [];

async function call(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) };
  if (init.auth !== false) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${running.url}${path}`, { ...init, headers: { ...headers, ...((init.headers as Record<string, string>) ?? {}) } });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function runToEnd(runId: string): Promise<{ run: { status: string; output: unknown; error: unknown }; steps: { stepId: string }[] }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await call(`/api/v1/runs/${runId}`);
    const view = body as unknown as { run: { status: string; output: unknown; error: unknown }; steps: { stepId: string }[] };
    if (!['queued', 'running'].includes(view.run.status)) return view;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${view.run.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const activeUser = (skip = 0) => [...running.gatehouse.emulator!.context.org.users.values()].filter((u) => u.status === 'ACTIVE')[skip]!;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gh-serve-'));
  const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') }, dataDir);
  running = await startGatehouse(config, { port: 0 });
  // A workflow of the customer's own, dropped into the folder next to the installed catalog.
  await mkdir(running.gatehouse.workflowsDir, { recursive: true });
  await writeFile(join(running.gatehouse.workflowsDir, 'approval-probe.ts'), approvalProbe);
  await writeFile(join(running.gatehouse.workflowsDir, 'webhook-probe.ts'), webhookProbe);
  await running.close();
  running = await startGatehouse(config, { port: 0 });
  token = (await readFile(running.apiTokenFile, 'utf8')).trim();
});

afterAll(async () => {
  await running?.close();
});

describe('gatehouse serve', () => {
  it('starts on the embedded demo org with the catalog installed and an API token file of mode 0600', async () => {
    const health = await call('/api/v1/health', { auth: false });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', okta: { mode: 'emulator' }, store: 'sqlite' });
    expect((await stat(running.apiTokenFile)).mode & 0o777).toBe(0o600);
    const { body } = await call('/api/v1/workflows');
    const ids = (body.workflows as { id: string }[]).map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining(['offboarding', 'onboarding', 'suspend-user', 'approval-probe']));
    const catalog = await call('/api/v1/catalog');
    expect((catalog.body.workflows as { installed: boolean }[]).every((w) => w.installed)).toBe(true);
  });

  it('mirrors the directory by itself: the scheduled sync runs a full pass at start, with no sync asked for', async () => {
    const deadline = Date.now() + 30_000;
    let status: { users: number; lastFullSyncAt: number | null; scheduler: { leader: string | null; thisProcess: string } };
    for (;;) {
      status = (await call('/api/v1/directory/sync')).body.status as typeof status;
      if (status.lastFullSyncAt !== null || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.lastFullSyncAt).not.toBeNull();
    expect(status.users).toBe(running.gatehouse.emulator!.context.org.users.size);
    expect(status.scheduler.leader).toBe(status.scheduler.thisProcess);
  });

  it('describes itself at /api/openapi.json, with the request schemas the routes parse with', async () => {
    const { status, body } = await call('/api/openapi.json', { auth: false });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = body.paths as Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } } }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/workflows/{id}/runs', '/api/v1/runs/{id}', '/api/v1/approvals/{id}/decision', '/api/v1/audit', '/api/v1/webhooks/{id}']));
    expect(Object.keys(paths['/api/v1/approvals/{id}/decision']!.post!.requestBody!.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['approved', 'by', 'comment']));
  });

  it('installs from the catalog: refuses to overwrite without force, keeps the old file as .bak with it', async () => {
    expect(await call('/api/v1/catalog/suspend-user/install', { method: 'POST', body: '{}' })).toMatchObject({ status: 409, body: { error: { code: 'WORKFLOW_INSTALL_FAILED' } } });
    const replaced = await call('/api/v1/catalog/suspend-user/install', { method: 'POST', body: JSON.stringify({ force: true }) });
    expect(replaced).toMatchObject({ status: 200, body: { id: 'suspend-user', replaced: true } });
    expect((await stat(join(running.gatehouse.workflowsDir, 'suspend-user.ts.bak'))).isFile()).toBe(true);
    expect(await call('/api/v1/catalog/no-such-workflow/install', { method: 'POST', body: '{}' })).toMatchObject({ status: 404 });
    expect((await call('/api/v1/workflows/suspend-user')).body).toMatchObject({ id: 'suspend-user', source: expect.stringContaining('defineWorkflow') });
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    expect(await call('/api/v1/workflows', { auth: false })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect(await call('/api/v1/workflows', { auth: false, headers: { authorization: 'Bearer nope' } })).toMatchObject({ status: 401 });
  });

  it('runs a catalog workflow against Okta and shows its step timeline', async () => {
    const user = activeUser(0);
    const started = await call('/api/v1/workflows/suspend-user/runs', { method: 'POST', body: JSON.stringify({ input: { user: user.profile.login }, startedBy: 'admin@acme.example' }) });
    expect(started.status).toBe(202);
    const view = await runToEnd(started.body.runId as string);
    expect(view.run.status).toBe('completed');
    expect(view.steps.map((s) => s.stepId)).toEqual(expect.arrayContaining([`okta.users.suspend(${JSON.stringify(user.id)})`]));
    expect(running.gatehouse.emulator!.context.org.users.get(user.id)?.status).toBe('SUSPENDED');
  });

  it('plans a dry run without changing the org', async () => {
    const user = activeUser(1);
    const before = running.gatehouse.emulator!.context.org.logs.length;
    const { status, body } = await call('/api/v1/workflows/offboarding/runs', { method: 'POST', body: JSON.stringify({ input: { user: user.profile.login, graceDays: 0 }, dryRun: true }) });
    expect(status).toBe(200);
    const plan = body.plan as { changes: { summary: string; call?: string }[]; error: unknown };
    expect(plan.error).toBeNull();
    expect(plan.changes.map((c) => c.call)).toEqual(expect.arrayContaining(['users.suspend', 'users.deactivate']));
    expect(running.gatehouse.emulator!.context.org.users.get(user.id)?.status).toBe('ACTIVE');
    expect(running.gatehouse.emulator!.context.org.logs.length).toBe(before);
  });

  it('says what is wrong with bad input, an unknown workflow, and malformed JSON', async () => {
    const bad = await call('/api/v1/workflows/suspend-user/runs', { method: 'POST', body: JSON.stringify({ input: {} }) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'WORKFLOW_INPUT_INVALID' } });
    expect((bad.body.error as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('user');
    expect(await call('/api/v1/workflows/no-such-thing/runs', { method: 'POST', body: '{}' })).toMatchObject({ status: 404, body: { error: { code: 'WORKFLOW_UNKNOWN' } } });
    expect(await call('/api/v1/workflows/suspend-user/runs', { method: 'POST', body: '{"input":' })).toMatchObject({ status: 400, body: { error: { code: 'REQUEST_INVALID' } } });
    expect(await call('/api/v1/runs/nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('waits for an approval: only a listed approver decides, once', async () => {
    const user = activeUser(2);
    const started = await call('/api/v1/workflows/approval-probe/runs', { method: 'POST', body: JSON.stringify({ input: { login: user.profile.login }, startedBy: 'requester@acme.example' }) });
    const runId = started.body.runId as string;
    expect((await runToEnd(runId)).run.status).toBe('waiting');
    const { body } = await call('/api/v1/approvals?status=pending&approver=boss@acme.example');
    const approval = (body.approvals as { id: string; runId: string; reason: string }[]).find((a) => a.runId === runId)!;
    expect(approval.reason).toBe(`suspend ${user.profile.login}`);

    const stranger = await call(`/api/v1/approvals/${encodeURIComponent(approval.id)}/decision`, { method: 'POST', body: JSON.stringify({ approved: true, by: 'someone@acme.example' }) });
    expect(stranger).toMatchObject({ status: 409, body: { error: { code: 'APPROVAL_REFUSED', reason: 'not_an_approver' } } });
    expect(running.gatehouse.emulator!.context.org.users.get(user.id)?.status).toBe('ACTIVE');

    const approved = await call(`/api/v1/approvals/${encodeURIComponent(approval.id)}/decision`, { method: 'POST', body: JSON.stringify({ approved: true, by: 'boss@acme.example', comment: 'ok' }) });
    expect(approved.status).toBe(200);
    const again = await call(`/api/v1/approvals/${encodeURIComponent(approval.id)}/decision`, { method: 'POST', body: JSON.stringify({ approved: false, by: 'boss@acme.example' }) });
    expect(again).toMatchObject({ status: 409, body: { error: { reason: 'already_decided' } } });
    const view = await runToEnd(runId);
    expect(view.run.status).toBe('completed');
    expect(running.gatehouse.emulator!.context.org.users.get(user.id)?.status).toBe('SUSPENDED');
  });

  it('cancels a waiting run: it makes no further change, and the cancellation is audited', async () => {
    const user = activeUser(5);
    const started = await call('/api/v1/workflows/approval-probe/runs', { method: 'POST', body: JSON.stringify({ input: { login: user.profile.login } }) });
    const runId = started.body.runId as string;
    expect((await runToEnd(runId)).run.status).toBe('waiting');
    expect(await call(`/api/v1/runs/${runId}/cancel`, { method: 'POST', body: JSON.stringify({ reason: 'not needed' }) })).toMatchObject({ status: 200, body: { run: { status: 'cancelled' } } });
    const { body } = await call('/api/v1/approvals?approver=boss@acme.example');
    const approval = (body.approvals as { id: string; runId: string; status: string }[]).find((a) => a.runId === runId)!;
    expect(approval.status).toBe('cancelled');
    const late = await call(`/api/v1/approvals/${encodeURIComponent(approval.id)}/decision`, { method: 'POST', body: JSON.stringify({ approved: true, by: 'boss@acme.example' }) });
    expect(late).toMatchObject({ status: 409, body: { error: { reason: 'already_decided' } } });
    expect((await runToEnd(runId)).run.status).toBe('cancelled');
    expect(running.gatehouse.emulator!.context.org.users.get(user.id)?.status).toBe('ACTIVE');
    const audit = await call(`/api/v1/audit?target=${runId}`);
    expect((audit.body.entries as { action: string; actor: string }[]).find((e) => e.action === 'workflow.run_cancelled')).toMatchObject({ actor: 'admin' });
  });

  it('audits runs, Okta changes with their request ids, and approvals; exports CSV; verifies the chain', async () => {
    const { body } = await call('/api/v1/audit?limit=1000');
    const entries = body.entries as { actor: string; action: string; target: string | null; data: Record<string, unknown> }[];
    const suspended = entries.filter((e) => e.action === 'okta.user.suspended');
    expect(suspended.length).toBeGreaterThanOrEqual(2);
    expect(suspended.every((e) => (e.data.oktaRequestIds as string[]).length === 1)).toBe(true);
    expect(entries.some((e) => e.action === 'approval.approved' && e.actor === 'boss@acme.example')).toBe(true);
    expect(entries.some((e) => e.action === 'workflow.run_started' && e.actor === 'requester@acme.example')).toBe(true);
    const csv = await fetch(`${running.url}/api/v1/audit?format=csv&action=okta.user.suspended`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    bodies.push(text);
    expect(text.split('\r\n')[0]).toBe('seq,at,actor,action,target,data,prevHash,hash');
    expect(await call('/api/v1/audit/verify')).toMatchObject({ status: 200, body: { chain: { ok: true } } });
  });

  it('starts a webhook workflow on a signed POST, and refuses bad signatures, stale timestamps and no secret', async () => {
    const post = (body: string, headers: Record<string, string>) => call('/api/v1/webhooks/webhook-probe', { method: 'POST', body, auth: false, headers });
    const login = String(activeUser(3).profile.login);
    const body = JSON.stringify({ login });
    const now = Math.floor(Date.now() / 1000);
    // No secret made yet.
    expect(await post(body, { 'x-gatehouse-timestamp': String(now), 'x-gatehouse-signature': `sha256=${'0'.repeat(64)}` })).toMatchObject({ status: 401, body: { error: { code: 'WEBHOOK_REFUSED' } } });
    // Only an admin makes the secret, and only for a workflow with a webhook trigger.
    expect(await call('/api/v1/workflows/webhook-probe/webhook-secret', { method: 'POST', auth: false })).toMatchObject({ status: 401 });
    expect(await call('/api/v1/workflows/suspend-user/webhook-secret', { method: 'POST' })).toMatchObject({ status: 404 });
    const made = await call('/api/v1/workflows/webhook-probe/webhook-secret', { method: 'POST' });
    expect(made.status).toBe(201);
    const secret = made.body.secret as string;
    bodies.pop(); // the one answer that shows the secret, by design
    const good = { 'x-gatehouse-timestamp': String(now), 'x-gatehouse-signature': signWebhook(secret, now, body) };

    expect(await post(body, { ...good, 'x-gatehouse-signature': signWebhook('whsec_wrong', now, body) })).toMatchObject({ status: 401, body: { error: { code: 'WEBHOOK_REFUSED' } } });
    expect(await post(JSON.stringify({ login: 'someone-else@acme.example' }), good)).toMatchObject({ status: 401 });
    const old = now - 600;
    expect(await post(body, { 'x-gatehouse-timestamp': String(old), 'x-gatehouse-signature': signWebhook(secret, old, body) })).toMatchObject({ status: 401 });
    expect(await post(body, { 'x-gatehouse-signature': good['x-gatehouse-signature'] })).toMatchObject({ status: 401 });

    const accepted = await post(body, good);
    expect(accepted.status).toBe(202);
    const view = await runToEnd(accepted.body.runId as string);
    expect(view.run.status).toBe('completed');
    // The same request replayed starts nothing new.
    expect((await post(body, good)).body.runId).toBe(accepted.body.runId);
  });

  it('reads the directory of the connected org', async () => {
    const user = activeUser(4);
    const users = await call(`/api/v1/directory/users?search=${encodeURIComponent(`profile.login eq "${String(user.profile.login)}"`)}`);
    expect((users.body.users as { id: string }[]).map((u) => u.id)).toEqual([user.id]);
    const detail = await call(`/api/v1/directory/users/${user.id}`);
    expect((detail.body.groups as { profile: { name: string } }[]).map((g) => g.profile.name)).toContain('Everyone');
    const groups = await call('/api/v1/directory/groups?q=Figma');
    const figma = (groups.body.groups as { id: string; profile: { name: string } }[]).find((g) => g.profile.name === 'Figma Editors')!;
    expect((await call(`/api/v1/directory/groups/${figma.id}/members`)).status).toBe(200);
    const apps = await call('/api/v1/directory/apps?limit=5');
    expect((apps.body.apps as unknown[]).length).toBe(5);
    expect(await call('/api/v1/directory/users/nobody@nowhere.example')).toMatchObject({ status: 502, body: { error: { code: 'OKTA_API_ERROR' } } });
  });

  it('validates the Connect Okta fields with messages that say what to do, and never echoes the secret', async () => {
    const current = await call('/api/v1/connections/okta');
    expect(current.body).toMatchObject({ mode: 'emulator', auth: 'private_key' });
    expect(JSON.stringify(current.body)).not.toContain('"d"');
    const key = JSON.stringify(running.gatehouse.emulator!.credential.privateKey);
    const admin = await call('/api/v1/connections/okta/validate', { method: 'POST', body: JSON.stringify({ instanceId: 'acme-admin.okta.com', clientId: '0oa1b2c3d4e5f6g7h8i9', clientSecret: key, scopes: 'okta.users.read' }) });
    expect(admin.status).toBe(400);
    expect(admin.body).toMatchObject({ error: { code: 'CONNECTION_INVALID' } });
    expect((admin.body.error as { issues: { field: string; message: string }[] }).issues).toEqual([expect.objectContaining({ field: 'instanceId', message: expect.stringMatching(/without -admin/) })]);
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = running.gatehouse.emulator!.credential.privateKey as Record<string, unknown>;
    const pub = await call('/api/v1/connections/okta/validate', { method: 'POST', body: JSON.stringify({ instanceId: 'acme.okta.com', clientId: '0oa1b2c3d4e5f6g7h8i9', clientSecret: JSON.stringify(publicJwk), scopes: 'okta.users.read' }) });
    expect(JSON.stringify(pub.body)).toMatch(/public key/);
    const good = await call('/api/v1/connections/okta/validate', { method: 'POST', body: JSON.stringify({ instanceId: 'https://acme.okta.com/admin/dashboard', clientId: '0oa1b2c3d4e5f6g7h8i9', clientSecret: key, scopes: 'okta.users.read, okta.users.manage' }) });
    expect(good.body).toMatchObject({ valid: true, orgUrl: 'https://acme.okta.com', auth: 'private_key' });
    expect((good.body.warnings as string[]).join(' ')).toMatch(/okta\.logs\.read/);
  });

  it('connects another org: refused and not saved with a key Okta does not know; saved, tested and used with good values', async () => {
    const other = await startEmulator({ port: 0, seed: 'demo', randomSeed: 7 });
    try {
      const { clientId, privateKey, scopes } = other.credential;
      const stranger = { ...(running.gatehouse.emulator!.credential.privateKey as Record<string, unknown>) };
      const refused = await call('/api/v1/connections/okta', { method: 'POST', body: JSON.stringify({ instanceId: other.url, clientId, clientSecret: JSON.stringify(stranger), scopes: scopes.join(' '), allowInsecure: true }) });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ saved: false });
      expect((await call('/api/v1/connections/okta')).body).toMatchObject({ mode: 'emulator' });

      const saved = await call('/api/v1/connections/okta', { method: 'POST', body: JSON.stringify({ instanceId: other.url, clientId, clientSecret: JSON.stringify(privateKey), scopes: scopes.join(','), allowInsecure: true }) });
      expect(saved.status).toBe(201);
      expect(saved.body).toMatchObject({ saved: true, orgUrl: other.url, report: { ok: true } });
      expect((await call('/api/v1/connections/okta')).body).toMatchObject({ mode: 'connected', orgUrl: other.url, clientId });
      expect((await call('/api/v1/connections/okta/test', { method: 'POST' })).body).toMatchObject({ report: { ok: true } });
      const stored = await readFile(join(dataDir, 'okta-connection.json'), 'utf8');
      expect(stored).not.toContain(String(privateKey.d));

      // New runs go to the newly connected org.
      const target = [...other.context.org.users.values()].find((u) => u.status === 'ACTIVE')!;
      const started = await call('/api/v1/workflows/suspend-user/runs', { method: 'POST', body: JSON.stringify({ input: { user: target.profile.login } }) });
      expect((await runToEnd(started.body.runId as string)).run.status).toBe('completed');
      expect(other.context.org.users.get(target.id)?.status).toBe('SUSPENDED');
      otherKeys.push(privateKey as Record<string, string>);
    } finally {
      await other.close();
    }
  });

  it('picks up an edited, a new and a removed workflow file without a restart', async () => {
    const dir = running.gatehouse.workflowsDir;
    const titles = async () => Object.fromEntries(((await call('/api/v1/workflows')).body.workflows as { id: string; title: string }[]).map((w) => [w.id, w.title]));
    const until = async (check: (t: Record<string, string>) => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!check(await titles())) {
        if (Date.now() > deadline) throw new Error(`workflows not reloaded: ${JSON.stringify(await titles())}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await writeFile(join(dir, 'webhook-probe.ts'), webhookProbe.replace("title: 'Webhook probe'", "title: 'Webhook probe, edited'"));
    await until((t) => t['webhook-probe'] === 'Webhook probe, edited');
    await writeFile(join(dir, 'second-probe.ts'), webhookProbe.replace("id: 'webhook-probe'", "id: 'second-probe'"));
    await until((t) => 'second-probe' in t);
    await rm(join(dir, 'second-probe.ts'));
    await until((t) => !('second-probe' in t));
  });

  it('never puts the private key or the API token in an answer', async () => {
    const key = running.gatehouse.emulator!.credential.privateKey as Record<string, string>;
    const secrets = [key, ...otherKeys].flatMap((k) => [k.d, k.p, k.q, k.dp, k.dq, k.qi]).concat(token).filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(secrets.length).toBeGreaterThan(5);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) for (const secret of secrets) expect(body.includes(secret)).toBe(false);
  });
});
