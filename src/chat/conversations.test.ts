/**
 * Conversation state in the store's kv, as several processes on one database see it: on SQLite and
 * PostgreSQL, two stores on one database stand for two processes — a question asked by one is read by
 * the other, of two takes of one wait exactly one wins (also when they race), the TTL ends a wait,
 * and a document this version cannot read is no state. Then two agents on one store: a proposal made
 * in one is confirmed in the other, and two "yes" to it (a Slack retry, a second window) act once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import { testDatabases } from '../store/testing/index.ts';
import { createChatAgent } from './agent.ts';
import { CONVERSATION_TTL_MS, createKvConversations, createMemoryConversations, type Pending } from './conversations.ts';
import { createChatTestbed, type ChatTestbed } from './testing.ts';
import type { ChatAgent, ChatIdentity } from './types.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const understood = { intent: 'access.request' as const, confidence: 0.9, values: { resource: 'figma' }, alternatives: [], explanation: ['resource: figma'] };
const asking: Pending = { kind: 'ask', intent: 'access.request', field: 'role', fieldKind: 'choice', options: [{ label: 'Viewer', value: 'viewer' }, { label: 'Editor', value: 'editor' }], values: { resource: 'figma' }, understood };
const confirming: Pending = { kind: 'confirm', action: { kind: 'access.request', summary: 'Request Figma (Editor) for 8h for you?', details: { resource: 'figma', role: 'editor' } }, understood };

describe.each(databases)('conversations in the kv on $name', (database) => {
  async function twoProcesses() {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const [a, b] = await database.openShared(2, { clock });
    return { clock, a: createKvConversations(a!), b: createKvConversations(b!), storeB: b! };
  }

  it('a wait set by one process is read by the other, and replaced by the next question', async () => {
    const { clock, a, b } = await twoProcesses();
    expect(await b.get('c1', clock.now())).toBeUndefined();
    await a.set('c1', asking, clock.now());
    expect(await b.get('c1', clock.now())).toMatchObject({ pending: asking, at: clock.now() });
    await b.set('c1', confirming, clock.now());
    expect((await a.get('c1', clock.now()))?.pending).toEqual(confirming);
    expect(await a.get('c2', clock.now())).toBeUndefined();
  });

  it('of two takes of one wait exactly one wins, also when they race; a stale version never wins', async () => {
    const { clock, a, b } = await twoProcesses();
    await a.set('c1', confirming, clock.now());
    const seenA = (await a.get('c1', clock.now()))!;
    const seenB = (await b.get('c1', clock.now()))!;
    expect(seenA.version).toBe(seenB.version);
    const wins = await Promise.all([a.take('c1', seenA.version), b.take('c1', seenB.version)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await a.get('c1', clock.now())).toBeUndefined();
    expect(await b.take('c1', seenB.version)).toBe(false);
    // A new wait after the take is a new version: the old one cannot take it.
    await b.set('c1', asking, clock.now());
    expect(await a.take('c1', seenA.version)).toBe(false);
    const fresh = (await a.get('c1', clock.now()))!;
    expect(fresh.pending).toEqual(asking);
    expect(await a.take('c1', fresh.version)).toBe(true);
  });

  it('a wait older than the TTL is gone, and its row (and a taken one\'s) is pruned', async () => {
    const { clock, a, b, storeB } = await twoProcesses();
    await a.set('c1', asking, clock.now());
    await a.set('c2', confirming, clock.now());
    expect(await a.take('c2', (await a.get('c2', clock.now()))!.version)).toBe(true);
    clock.advance(CONVERSATION_TTL_MS);
    expect(await b.get('c1', clock.now())).toBeDefined();
    clock.advance(1);
    expect(await b.get('c1', clock.now())).toBeUndefined();
    await a.set('c3', asking, clock.now());
    expect((await storeB.kvList('chat.conversations')).map((e) => e.key)).toEqual(['c3']);
  });

  it('a document this version cannot read is no state (the person is asked afresh)', async () => {
    const { clock, a, storeB } = await twoProcesses();
    await storeB.kvPut('chat.conversations', 'c1', { pending: { kind: 'poll', question: 'lunch?' }, at: clock.now() });
    expect(await a.get('c1', clock.now())).toBeUndefined();
  });
});

describe('conversations in memory', () => {
  it('keeps the same rules: one take per wait, the TTL', async () => {
    const c = createMemoryConversations();
    await c.set('c1', confirming, 0);
    const seen = (await c.get('c1', 0))!;
    expect(await Promise.all([c.take('c1', seen.version), c.take('c1', seen.version)])).toEqual([true, false]);
    await c.set('c1', asking, 0);
    expect(await c.get('c1', CONVERSATION_TTL_MS)).toBeDefined();
    expect(await c.get('c1', CONVERSATION_TTL_MS + 1)).toBeUndefined();
  });
});

describe('two agents on one database', () => {
  let tb: ChatTestbed;
  let a: ChatAgent;
  let b: ChatAgent;
  beforeAll(async () => {
    tb = await createChatTestbed();
    // Two "processes": each its own agent (its own index), the conversations in the shared store.
    [a, b] = [createChatAgent({ ...tb.deps, conversations: createKvConversations(tb.t.store) }), createChatAgent({ ...tb.deps, conversations: createKvConversations(tb.t.store) })];
    await Promise.all([a.refresh(), b.refresh()]);
  }, 120_000);
  afterAll(async () => {
    await tb?.close();
  });
  const as = (login: string): ChatIdentity => ({ surface: 'slack', id: login, login });

  it('a question asked in one is answered in the other, and two "yes" to the proposal make one request', async () => {
    const { colleague } = tb.personas;
    const turn = (agent: ChatAgent, text: string) => agent.handle({ conversationId: 'slack:D1', identity: as(colleague.login), text });
    const figma = async () => (await tb.t.access.requests.list({ user: colleague.login })).filter((r) => r.resourceId === 'figma');
    expect((await turn(a, 'I need figma')).question).toMatchObject({ field: 'role' });
    const proposed = await turn(b, 'editor');
    expect(proposed.proposedAction).toMatchObject({ kind: 'access.request', details: { resource: 'figma', role: 'editor' } });
    expect(await figma()).toEqual([]);

    const replies = await Promise.all([turn(a, 'yes'), turn(b, 'yes')]);
    const made = replies.filter((r) => r.done?.kind === 'access.request');
    const repeated = replies.filter((r) => r.done?.kind === 'cancel');
    expect(made).toHaveLength(1);
    expect(repeated).toHaveLength(1);
    expect(repeated[0]!.text).toMatch(/already answered .*nothing more was done/);
    expect(await figma()).toHaveLength(1);
    // A third "yes" later finds nothing to confirm and changes nothing.
    await turn(a, 'yes');
    expect(await figma()).toHaveLength(1);
  });
});
