// The help desk from the web chat API (JSON and streamed) and from the terminal (`gatehouse chat`),
// on `gatehouse serve`'s embedded demo org and on a connected data dir (issue 6).
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirUser } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { startGatehouse, type RunningGatehouse } from '../../src/main.ts';
import { connectedDataDir } from '../support/connected-data-dir.ts';
import { runGatehouse } from '../support/gatehouse-cli.ts';

let running: RunningGatehouse;
let token: string;
let person: DirUser;

async function chat(body: Record<string, unknown>, accept = 'application/json'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${running.url}/api/v1/chat`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gh-chat-'));
  const config = loadConfig({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') }, dataDir);
  running = await startGatehouse(config, { port: 0, installCatalog: false });
  token = (await readFile(running.apiTokenFile, 'utf8')).trim();
  const { access } = running.gatehouse;
  await access.sync.full();
  await access.catalog.putPolicy({ id: 'auto', name: 'Automatic', maxDurationMs: 86_400_000, defaultDurationMs: 3_600_000 }, 'admin');
  await access.catalog.putResource({ id: 'figma', kind: 'group', name: 'Figma', policyId: 'auto', roles: [{ id: 'viewer', name: 'Viewer', groupId: 'Figma Viewers' }] }, 'admin');
  const viewers = (await access.directory.getGroup('Figma Viewers'))!.id;
  for (const user of await access.directory.listUsers({ status: 'ACTIVE', limit: 1_000 })) {
    if (!(await access.directory.isMember(viewers, user.id))) {
      person = user;
      break;
    }
  }
  await running.gatehouse.chat.refresh();
}, 120_000);

afterAll(async () => {
  await running?.close();
});

describe('web chat API', () => {
  it('proposes, then on "yes" makes the request as the person writing', async () => {
    const first = await chat({ as: person.login, text: 'hey, I need figma for 2 hours pls' });
    expect(first.status).toBe(200);
    const { conversationId, reply } = JSON.parse(first.text) as { conversationId: string; reply: { proposedAction: { details: Record<string, unknown> } | null; understood: { intent: string } } };
    expect(reply.understood.intent).toBe('access.request');
    expect(reply.proposedAction?.details).toMatchObject({ resource: 'figma', role: 'viewer', durationMs: 7_200_000, by: person.login });
    const second = JSON.parse((await chat({ as: person.login, text: 'yes', conversationId })).text) as { reply: { done: { result: { requestId: string } } } };
    const request = await running.gatehouse.access.requests.get(second.reply.done.result.requestId);
    expect(request).toMatchObject({ requestedBy: person.login, resourceId: 'figma' });
  });

  it('streams the reply as server-sent events, ending with the whole reply', async () => {
    const { status, text } = await chat({ as: person.login, text: 'help' }, 'text/event-stream');
    expect(status).toBe(200);
    const events = text.trim().split('\n\n').map((block) => ({ event: /^event: (\w+)/.exec(block)?.[1], data: JSON.parse(/\ndata: (.*)$/s.exec(block)![1]!) as Record<string, unknown> }));
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.delta as string);
    const final = events.at(-1)!;
    expect(final.event).toBe('reply');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe((final.data.reply as { text: string }).text);
  });

  it('says what is wrong with a bad turn', async () => {
    const bad = await chat({ as: person.login, text: '   ' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'REQUEST_INVALID', issues: [expect.objectContaining({ path: 'text' })] } });
  });
});

describe('gatehouse chat', () => {
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  let login: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo' });
    ({ env } = await connectedDataDir(emulator, 'gh-clichat-'));
    login = String([...emulator.context.org.users.values()].find((u) => u.status === 'ACTIVE')!.profile.login);
  }, 60_000);
  afterAll(async () => {
    await emulator.close();
  });

  it('answers one turn as JSON: the reply, the intent and values, the proposed action', async () => {
    const run = await runGatehouse(env, ['chat', '--as', login, '--message', 'reset my password', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ intent: 'workflow.run', values: { workflowId: 'reset-password', user: login }, proposedAction: { kind: 'workflow.run' } });
  }, 60_000);

  it('holds a conversation on stdin and acts after yes', async () => {
    const run = await runGatehouse(env, ['chat', '--as', login], { stdin: "I'm locked out\nyes\nexit\n" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Run "Unlock an account"');
    expect(run.stdout).toMatch(/Started "unlock-account" \(run \S+\)/);
  }, 60_000);
});
