// Slack wired into `gatehouse serve` (issue 6): with the bot token and signing secret configured the
// server checks the token with Slack at start, serves the signed events endpoint without the API
// token, answers a DM as the mapped Okta user, and DMs approvers their card — against a local fake
// Slack Web API. `gatehouse slack manifest` prints the manifest for the same URL.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';
import { post, signedEvent, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { runGatehouse } from '../support/gatehouse-cli.ts';
import { until } from '../support/until.ts';

const signingSecret = randomBytes(16).toString('hex');
let fake: FakeSlack;
let running: RunningGatehouse;
let person: DirUser;
let manager: DirUser;


beforeAll(async () => {
  fake = await startFakeSlack();
  const dataDir = await mkdtemp(join(tmpdir(), 'gh-slack-'));
  const config = loadConfig(
    {
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64'),
      GATEHOUSE_SLACK_BOT_TOKEN: fake.botToken,
      GATEHOUSE_SLACK_SIGNING_SECRET: signingSecret,
      GATEHOUSE_SLACK_API_URL: fake.apiUrl,
    },
    dataDir,
  );
  running = await startGatehouse(config, { port: 0, installCatalog: false });
  const { access } = running.gatehouse;
  await access.sync.full();
  for (const user of await access.directory.listUsers({ status: 'ACTIVE', limit: 2_000 })) {
    const boss = await access.directory.managerOf(user.id);
    if (boss?.status === 'ACTIVE' && user.email && boss.email) {
      person = user;
      manager = boss;
      break;
    }
  }
  fake.addUser({ id: 'UPERSON', email: person.email! });
  fake.addUser({ id: 'UBOSS', email: manager.email! });
  await access.catalog.putPolicy({ id: 'manager', name: 'Manager', maxDurationMs: 86_400_000, defaultDurationMs: 3_600_000, steps: [{ name: 'Manager', approvers: [{ kind: 'manager' }] }] }, 'admin');
  await access.catalog.putResource({ id: 'on-call', kind: 'group', name: 'On-call', policyId: 'manager', roles: [{ id: 'member', name: 'Member', groupId: 'On-call' }] }, 'admin');
  await running.gatehouse.chat.refresh();
}, 120_000);

afterAll(async () => {
  await running?.close();
  await fake?.close();
});

describe('Slack in gatehouse serve', () => {
  it('checked the bot token with Slack at start', () => {
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
    expect(fake.callsTo('auth.test').every((c) => c.authorized)).toBe(true);
  });

  it('answers a signed DM as the mapped Okta user, without the API token, and refuses a bad signature', async () => {
    const envelope = { type: 'event_callback', team_id: fake.teamId, event_id: 'Ev1', event: { type: 'message', channel_type: 'im', channel: 'DPERSON', user: 'UPERSON', text: 'what access do I have?', ts: '1700000100.000001' } };
    const forged = signedEvent('0'.repeat(32), Date.now(), envelope);
    expect((await post(`${running.url}/api/v1/slack/events`, forged)).status).toBe(401);
    const signed = signedEvent(signingSecret, Date.now(), envelope);
    expect((await post(`${running.url}/api/v1/slack/events`, signed)).status).toBe(200);
    const answer = await until('the reply', () => fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'DPERSON'), { timeoutMs: 20_000, everyMs: 25 });
    expect(String(answer.args.text)).toMatch(/time-bound access|Apps assigned to you/);
  });

  it('DMs the approver a card with Approve and Deny for a new request', async () => {
    await running.gatehouse.access.requests.request({ by: person.login, resource: 'on-call', durationMs: 3_600_000 });
    const card = await until('the approval card', () => fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'DUBOSS'), { timeoutMs: 20_000, everyMs: 25 });
    const buttons = JSON.stringify(card.args.blocks);
    expect(buttons).toContain('"text":"Approve"');
    expect(buttons).toContain('"text":"Deny"');
    expect(String(card.args.text)).toContain(person.login);
  });

  it('prints the app manifest for its public URL', async () => {
    const run = await runGatehouse({ ...process.env, GATEHOUSE_DATA_DIR: await mkdtemp(join(tmpdir(), 'gh-manifest-')), DATABASE_URL: '' }, ['slack', 'manifest', '--url', 'https://gatehouse.acme.example']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('https://gatehouse.acme.example/api/v1/slack/events');
    const refused = await runGatehouse({ ...process.env, DATABASE_URL: '' }, ['slack', 'manifest', '--url', 'http://insecure.example']);
    expect(refused.code).toBe(2);
  });
});
