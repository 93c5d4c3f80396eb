// `gatehouse serve --no-worker` beside `gatehouse worker` on one PostgreSQL database, with Slack
// configured (a local fake Slack Web API): a request made through the API-only server is run by the
// worker, and the approver's card — sent by the worker's step — reaches Slack from the worker.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { startGatehouse, startWorker, type RunningGatehouse, type RunningWorker } from '../../src/main.ts';
import { connectedDataDir } from '../support/connected-data-dir.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createTestSchema } from '../support/postgres-schema.ts';
import { until } from '../support/until.ts';

const signingSecret = randomBytes(16).toString('hex');
let emulator: RunningEmulator;
let fake: FakeSlack;
let api: RunningGatehouse;
let worker: RunningWorker;
let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;

beforeAll(async () => {
  schema = await createTestSchema('gh_worker');
  const { databaseUrl } = schema;
  emulator = await startEmulator({ port: 0, seed: 'demo' });
  fake = await startFakeSlack();
  const configOf = async (prefix: string) => {
    const { dataDir, env } = await connectedDataDir(emulator, prefix);
    return loadConfig(
      { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: env.GATEHOUSE_SECRET_KEY, DATABASE_URL: databaseUrl, GATEHOUSE_SLACK_BOT_TOKEN: fake.botToken, GATEHOUSE_SLACK_SIGNING_SECRET: signingSecret, GATEHOUSE_SLACK_API_URL: fake.apiUrl },
      dataDir,
    );
  };
  api = await startGatehouse(await configOf('gh-api-'), { port: 0, worker: false, installCatalog: false });
  worker = await startWorker(await configOf('gh-worker-'), { installCatalog: false });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await worker?.close();
  await fake?.close();
  await emulator?.close();
  await schema?.drop();
});


describe('gatehouse worker beside an API-only server, with Slack', () => {
  it('the worker checked the bot token, synced the directory, ran the request and posted the approver\'s card', async () => {
    expect(fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(2);
    // The worker runs the scheduled sync (the API-only server runs none).
    const { directory } = api.gatehouse.access;
    await until('the worker\'s first sync', async () => ((await api.gatehouse.access.sync.status()).lastFullSyncAt !== null ? true : undefined));
    expect((await api.gatehouse.access.sync.status()).scheduler.leader).toBe(worker.gatehouse.access.sync.holder);
    let person: DirUser | undefined;
    let manager: DirUser | undefined;
    for (const user of await directory.listUsers({ status: 'ACTIVE', limit: 2_000 })) {
      const boss = await directory.managerOf(user.id);
      if (boss?.status === 'ACTIVE' && user.email && boss.email) {
        person = user;
        manager = boss;
        break;
      }
    }
    fake.addUser({ id: 'UPERSON', email: person!.email! });
    fake.addUser({ id: 'UBOSS', email: manager!.email! });
    const { catalog } = api.gatehouse.access;
    await catalog.putPolicy({ id: 'manager', name: 'Manager', maxDurationMs: 86_400_000, defaultDurationMs: 3_600_000, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] }, 'admin');
    await catalog.putResource({ id: 'on-call', kind: 'group', name: 'On-call', policyId: 'manager', roles: [{ id: 'member', name: 'Member', groupId: 'On-call' }] }, 'admin');

    const token = (await readFile(api.apiTokenFile, 'utf8')).trim();
    const res = await fetch(`${api.url}/api/v1/access/requests`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ by: person!.login, resource: 'on-call', duration: '1h' }) });
    expect(res.status).toBe(201);
    const card = await until('the approval card', () => fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'DUBOSS'));
    expect(JSON.stringify(card.args.blocks)).toContain('"text":"Approve"');
    expect(String(card.args.text)).toContain(person!.login);
  });
});
