// Several Gatehouse processes on one PostgreSQL database (issue 4): two servers with workers and an API-only one share a
// schema; runs started through one are claimed by either, and each Okta change is made exactly once.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';
import { connectedDataDir } from '../support/connected-data-dir.ts';
import { createTestSchema } from '../support/postgres-schema.ts';

let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
let emulator: RunningEmulator;
const servers: RunningGatehouse[] = [];

beforeAll(async () => {
  schema = await createTestSchema('gh_serve');
  const { databaseUrl } = schema;
  emulator = await startEmulator({ port: 0, seed: 'demo' });
  for (let i = 0; i < 2; i++) {
    const { dataDir, env } = await connectedDataDir(emulator, `gh-pg-${i}-`);
    const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: env.GATEHOUSE_SECRET_KEY, DATABASE_URL: databaseUrl }, dataDir);
    servers.push(await startGatehouse(config, { port: 0 }));
  }
  // A third, API-only process (serve --no-worker): it runs no workflows and no sync, but answers chat.
  const { dataDir, env } = await connectedDataDir(emulator, 'gh-pg-api-');
  servers.push(await startGatehouse(loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: env.GATEHOUSE_SECRET_KEY, DATABASE_URL: databaseUrl }, dataDir), { port: 0, worker: false, chatRefreshMs: 200 }));
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await emulator?.close();
  await schema?.drop();
});

describe('two Gatehouse servers on one PostgreSQL database', () => {
  it('share runs: each run executes once, each Okta change is made once', async () => {
    const [a, b] = servers as [RunningGatehouse, RunningGatehouse];
    expect(a.gatehouse.store.kind).toBe('postgres');
    const token = (await readFile(a.apiTokenFile, 'utf8')).trim();
    const users = [...emulator.context.org.users.values()].filter((u) => u.status === 'ACTIVE').slice(0, 12);
    const runIds: string[] = [];
    for (const user of users) {
      const res = await fetch(`${a.url}/api/v1/workflows/suspend-user/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input: { user: user.profile.login } }) });
      expect(res.status).toBe(202);
      runIds.push(((await res.json()) as { runId: string }).runId);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const runs = await Promise.all(runIds.map((id) => b.gatehouse.engine.getRun(id)));
      if (runs.every((r) => r?.status === 'completed')) break;
      if (runs.some((r) => r?.status === 'failed')) throw new Error(JSON.stringify(runs.filter((r) => r?.status === 'failed')));
      if (Date.now() > deadline) throw new Error(`runs not done: ${runs.map((r) => r?.status).join(',')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const user of users) {
      expect(emulator.context.org.users.get(user.id)?.status).toBe('SUSPENDED');
      expect(emulator.context.org.logs.filter((r) => r.event.eventType === 'user.lifecycle.suspend' && (r.event.target as { id: string }[]).some((t) => t.id === user.id))).toHaveLength(1);
    }
    // Both servers see the same runs and the same audit chain.
    expect((await b.gatehouse.store.listAudit({ action: 'okta.user.suspended', limit: 100 })).length).toBe(users.length);
    expect(await a.gatehouse.store.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('run one scheduled directory sync between them, and carry a chat conversation from one to the other', async () => {
    const [a, b] = servers as [RunningGatehouse, RunningGatehouse];
    const tokenOf = async (s: RunningGatehouse) => (await readFile(s.apiTokenFile, 'utf8')).trim();
    const call = async (s: RunningGatehouse, path: string, body?: unknown) => {
      const res = await fetch(`${s.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${await tokenOf(s)}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return (await res.json()) as Record<string, unknown>;
    };
    type Status = { users: number; lastFullSyncAt: number | null; scheduler: { leader: string | null; thisProcess: string } };
    const deadline = Date.now() + 60_000;
    let seen: [Status, Status];
    for (;;) {
      seen = [(await call(a, '/api/v1/directory/sync')).status as Status, (await call(b, '/api/v1/directory/sync')).status as Status];
      if (seen.every((st) => st.lastFullSyncAt !== null && st.scheduler.leader) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [sa, sb] = seen;
    // One leader, the same for both, and it is one of them; the mirror is shared.
    expect(sa.scheduler.leader).toBe(sb.scheduler.leader);
    expect([sa.scheduler.thisProcess, sb.scheduler.thisProcess]).toContain(sa.scheduler.leader);
    expect(sa.scheduler.thisProcess).not.toBe(sb.scheduler.thisProcess);
    expect(sa.users).toBe(emulator.context.org.users.size);
    expect(sb.users).toBe(sa.users);

    // A conversation begun on one server is answered on the other; a second "yes" does nothing more.
    const person = [...emulator.context.org.users.values()].find((u) => u.status === 'ACTIVE' && u.profile.managerId)!.profile.login;
    const turn = async (s: RunningGatehouse, text: string) => ((await call(s, '/api/v1/chat', { as: person, text, conversationId: 'pg-shared-1' })).reply as { text: string; proposedAction: unknown; done?: { kind: string } | null });
    const proposed = await turn(a, 'reset my password');
    expect(proposed.proposedAction).toMatchObject({ kind: 'workflow.run', details: { workflowId: 'reset-password' } });
    const started = await turn(b, 'yes');
    expect(started.text).toMatch(/^Started "reset-password"/);
    expect((await turn(a, 'yes')).text).toMatch(/nothing waiting for a yes/i);
  });

  it('an API-only process knows a new hire once a worker process has synced them', async () => {
    const [a, , api] = servers as [RunningGatehouse, RunningGatehouse, RunningGatehouse];
    const tokenOf = async (s: RunningGatehouse) => (await readFile(s.apiTokenFile, 'utf8')).trim();
    const call = async (s: RunningGatehouse, path: string, body: unknown) =>
      (await (await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await tokenOf(s)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    const login = `new.hire.${randomBytes(3).toString('hex')}@acme.example`;
    const ask = async () => ((await call(api, '/api/v1/chat', { as: login, text: 'what access do I have?' })).reply as { text: string }).text;
    // Asked before they exist: the API-only process has built its index without them.
    expect(await ask()).toMatch(/can't find you in Okta/);
    await a.gatehouse.okta.users.create({ profile: { login, email: login, firstName: 'New', lastName: 'Hire' } });
    expect((await call(a, '/api/v1/directory/sync', {})).report).toMatchObject({ kind: 'incremental' });
    const deadline = Date.now() + 30_000;
    let answer = await ask();
    while (/can't find you/.test(answer) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await ask();
    }
    expect(answer).not.toMatch(/can't find you/);
  });
});
