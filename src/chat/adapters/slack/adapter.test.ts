/**
 * The Slack surface end to end: Bolt pointed at a local fake Slack Web API (test/support/fake-slack.ts),
 * signed event, interaction and slash-command payloads POSTed to the adapter's endpoint, the real
 * agent and the real access layer on the emulator under a fake clock (src/chat/testing.ts).
 * Security: signatures and old timestamps, clicks by someone else (another person, the requester,
 * a look-alike from another workspace), replayed and repeated clicks, self-approval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatTestbed, type ChatPersonas, type ChatTestbed } from '../../testing.ts';
import type { ChatAgent, ChatTurnInput } from '../../types.ts';
import type { SentNotification } from '../../../workflows/notifier.ts';
import { post, signedEvent, signedForm, signedInteraction, startFakeSlack, type FakeSlack, type FakeSlackCall, type SignedRequest } from '../../../../test/support/fake-slack.ts';
import { createSlackAdapter, slackEventsPath, type SlackAdapter } from './index.ts';

const secret = 'f00dfacecafe0123456789abcdef0123';
const HOUR = 3_600_000;
let fake: FakeSlack;
let cb: ChatTestbed;
let p: ChatPersonas;
let adapter: SlackAdapter;
let url: string;
/** Started by the tests that need a second process. */
let other: { adapter: SlackAdapter; url: string } | undefined;
const turns: ChatTurnInput[] = [];
const logs: string[] = [];
const listeners: ((n: SentNotification) => void)[] = [];
let delivered = 0;
let seq = 0;

const U = { requester: 'UREQ', manager: 'UMGR', colleague: 'UCOL', nobody: 'UNOBODY', lookalike: 'UEXT' };
const now = () => cb.t.clock.now();
const send = (request: SignedRequest) => post(url, request);

async function otherProcess(): Promise<{ adapter: SlackAdapter; url: string }> {
  if (!other) {
    const second = makeAdapter({ notifications: false });
    await second.start();
    other = { adapter: second, url: `${await second.listen({ port: 0, host: '127.0.0.1' })}${slackEventsPath}` };
  }
  return other;
}

/** Drives the engine, hands new notifications to the adapter and waits for it: what a running server does by itself. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await cb.t.drive();
    const fresh = cb.t.notifications.slice(delivered);
    delivered = cb.t.notifications.length;
    for (const n of fresh) for (const l of listeners) l(n);
    await adapter.settled();
    if (fresh.length === 0) return;
  }
}

function dm(user: string, text: string, options: { eventId?: string; retryNum?: number } = {}): SignedRequest {
  const ts = `1700000100.${String(++seq).padStart(6, '0')}`;
  return signedEvent(
    secret,
    now(),
    {
      type: 'event_callback',
      team_id: fake.teamId,
      event_id: options.eventId ?? `Ev${seq}`,
      event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts },
    },
    options.retryNum ? { retryNum: options.retryNum } : {},
  );
}

/** A click on a button of a message the fake holds, by `user`. */
function click(user: string, message: { channel: string; ts: string; blocks: unknown[] }, actionId: string, options: { timestampSec?: number } = {}): SignedRequest {
  const value = buttonValue(message.blocks, actionId);
  return signedInteraction(
    secret,
    now(),
    {
      type: 'block_actions',
      user: { id: user },
      team: { id: fake.teamId },
      trigger_id: `trigger-${++seq}`,
      response_url: fake.responseUrl(`click-${seq}`),
      container: { type: 'message', channel_id: message.channel, message_ts: message.ts, is_ephemeral: false },
      channel: { id: message.channel },
      message: { ts: message.ts, text: 'card' },
      actions: [{ action_id: actionId, value, type: 'button' }],
    },
    options,
  );
}

function buttonValue(blocks: unknown[], actionId: string): string {
  for (const block of blocks as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value) return button.value;
  }
  throw new Error(`no ${actionId} button`);
}

const hasButton = (blocks: unknown[], actionId: string) => JSON.stringify(blocks).includes(`"action_id":"${actionId}"`);
const textOf = (call: FakeSlackCall) => `${String(call.args.text ?? '')} ${JSON.stringify(call.args.blocks ?? '')}`;
const postsTo = (user: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user}`);
const lastCard = (user: string) => [...fake.messages.values()].filter((m) => m.channel === `D${user}` && hasButton(m.blocks, 'gatehouse.approval.approve')).at(-1)!;
const ephemeralsTo = (user: string) => fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);

async function isMemberInOkta(groupId: string, userId: string): Promise<boolean> {
  for await (const user of cb.t.okta.groups.members(groupId)) if (user.id === userId) return true;
  return false;
}

/** An adapter on the testbed's store; a second one stands for another Gatehouse process on the same database. */
function makeAdapter(options: { notifications: boolean }): SlackAdapter {
  const agent: ChatAgent = { ...cb.agent, handle: (turn) => (turns.push(turn), cb.agent.handle(turn)) };
  return createSlackAdapter({
    agent,
    approvals: cb.t.process.approvals,
    requests: cb.t.access.requests,
    catalog: cb.t.access.catalog,
    directory: cb.t.access.directory,
    // The tests hand notifications to the first adapter only (settle()).
    onNotification: (l) => (options.notifications ? listeners.push(l) : undefined),
    botToken: fake.botToken,
    signingSecret: secret,
    slackApiUrl: fake.apiUrl,
    clock: cb.t.clock,
    kv: cb.t.store,
    retries: 0,
    logger: { info: (m, d) => logs.push(`${m} ${JSON.stringify(d ?? {})}`), warn: (m, d) => logs.push(`${m} ${JSON.stringify(d ?? {})}`), error: (m, d) => logs.push(`${m} ${JSON.stringify(d ?? {})}`) },
  });
}

beforeAll(async () => {
  fake = await startFakeSlack();
  cb = await createChatTestbed({ seedRequests: false });
  p = cb.personas;
  fake.addUser({ id: U.requester, email: p.requester.email, name: p.requester.name });
  fake.addUser({ id: U.manager, email: p.manager.email, name: p.manager.name });
  fake.addUser({ id: U.colleague, email: p.colleague.email, name: p.colleague.name });
  fake.addUser({ id: U.nobody, email: 'visitor@elsewhere.example', name: 'Visitor' });
  // Slack Connect: someone of another workspace whose profile shows the manager's email.
  fake.addUser({ id: U.lookalike, email: p.manager.email, name: p.manager.name, teamId: 'TOTHER' });
  adapter = makeAdapter({ notifications: true });
  await adapter.start();
  url = `${await adapter.listen({ port: 0, host: '127.0.0.1' })}${slackEventsPath}`;
  delivered = cb.t.notifications.length;
}, 120_000);

afterAll(async () => {
  await other?.adapter.stop();
  await adapter?.stop();
  await cb?.close();
  await fake?.close();
});

describe('Slack adapter', () => {
  it('checks the bot token at start (auth.test) and answers the URL verification', async () => {
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
    expect(fake.calls.every((c) => c.authorized)).toBe(true);
    const response = await send(signedEvent(secret, now(), { type: 'url_verification', challenge: 'ch-123' }));
    expect(response).toEqual({ status: 200, text: JSON.stringify({ challenge: 'ch-123' }) });
  });

  it('refuses a bad signature, an old (replayed) timestamp and one from the future; nothing runs', async () => {
    const before = { calls: fake.calls.length, turns: turns.length };
    const good = dm(U.requester, 'what access do I have?');
    expect((await send({ ...good, headers: { ...good.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` } })).status).toBe(401);
    const wrongSecret = signedEvent('another-secret-entirely-000000000', now(), JSON.parse(good.body) as Record<string, unknown>);
    expect((await send(wrongSecret)).status).toBe(401);
    const { 'x-slack-signature': _s, ...unsigned } = good.headers;
    expect((await send({ body: good.body, headers: unsigned })).status).toBe(401);
    const old = signedEvent(secret, now(), JSON.parse(good.body) as Record<string, unknown>, { timestampSec: Math.floor(now() / 1000) - 6 * 60 });
    const refused = await send(old);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('more than 5 minutes');
    const future = signedEvent(secret, now(), JSON.parse(good.body) as Record<string, unknown>, { timestampSec: Math.floor(now() / 1000) + 6 * 60 });
    expect((await send(future)).status).toBe(401);
    // The same body, signed now, is taken: the refusals were the signature and the time.
    await adapter.settled();
    expect(fake.calls.length).toBe(before.calls);
    expect(turns.length).toBe(before.turns);
  });

  it('a DM reaches the agent as the mapped Okta user and the reply is posted in the DM; a retried event runs once', async () => {
    const request = dm(U.requester, 'what access do I have?', { eventId: 'EvMine' });
    expect((await send(request)).status).toBe(200);
    await adapter.settled();
    const turn = turns.at(-1)!;
    expect(turn).toMatchObject({ conversationId: `slack:D${U.requester}:${U.requester}`, identity: { surface: 'slack', id: U.requester, login: p.requester.login, email: p.requester.email }, text: 'what access do I have?' });
    const reply = postsTo(U.requester).at(-1)!;
    expect(reply.args.text).toBeTruthy();
    // Slack retries an event it saw no answer to: same event_id, new signature. It is not run again.
    const count = turns.length;
    expect((await send(dm(U.requester, 'what access do I have?', { eventId: 'EvMine', retryNum: 1 }))).status).toBe(200);
    await adapter.settled();
    expect(turns.length).toBe(count);
    // Behind a load balancer the retry may reach another process on the same database: not run there either.
    const { adapter: second, url: secondUrl } = await otherProcess();
    expect((await post(secondUrl, dm(U.requester, 'what access do I have?', { eventId: 'EvMine', retryNum: 2 }))).status).toBe(200);
    await second.settled();
    expect(turns.length).toBe(count);
    // A new event there runs.
    expect((await post(secondUrl, dm(U.requester, 'what access do I have?', { eventId: 'EvOther' }))).status).toBe(200);
    await second.settled();
    expect(turns.length).toBe(count + 1);
  });

  it('tells a Slack user with no Okta match so, and runs nothing', async () => {
    const count = turns.length;
    await send(dm(U.nobody, 'I need Figma for 8 hours'));
    await adapter.settled();
    expect(turns.length).toBe(count);
    expect(textOf(postsTo(U.nobody).at(-1)!)).toContain('could not find an Okta user');
  });

  it('a request in a DM: Confirm is bound to the person; the approver gets a card, the requester is told', async () => {
    await send(dm(U.requester, 'I need Figma viewer for 8 hours'));
    await adapter.settled();
    const proposal = [...fake.messages.values()].filter((m) => m.channel === `D${U.requester}`).at(-1)!;
    expect(hasButton(proposal.blocks, 'gatehouse.confirm')).toBe(true);
    expect(turns.at(-1)?.identity.login).toBe(p.requester.login);

    // Someone else's Confirm click (a forwarded message) is refused and says no for nobody.
    const count = turns.length;
    await send(click(U.colleague, proposal, 'gatehouse.confirm'));
    await adapter.settled();
    expect(turns.length).toBe(count);
    expect(textOf(ephemeralsTo(U.colleague).at(-1)!)).toContain(`only they can confirm`);
    expect(await cb.t.access.requests.list({ user: p.requester.login })).toHaveLength(0);

    // As the requester's Slack client still shows it (the fake's copy loses its buttons below).
    const shown = { ...proposal, blocks: structuredClone(proposal.blocks) };
    await send(click(U.requester, shown, 'gatehouse.confirm'));
    await adapter.settled();
    expect(turns.at(-1)).toMatchObject({ text: 'yes', identity: { login: p.requester.login } });
    // The second click of a double click, reaching another process: answered there, no second "yes".
    const afterYes = turns.length;
    await post((await otherProcess()).url, click(U.requester, shown, 'gatehouse.confirm'));
    await other!.adapter.settled();
    expect(turns.length).toBe(afterYes);
    expect(textOf(ephemeralsTo(U.requester).at(-1)!)).toContain('You already answered this one.');
    expect(hasButton(fake.messages.get(`${proposal.channel}:${proposal.ts}`)!.blocks, 'gatehouse.confirm')).toBe(false);
    const [request] = await cb.t.access.requests.list({ user: p.requester.login });
    expect(request).toMatchObject({ resourceId: 'figma', roleId: 'viewer', status: 'pending', requestedBy: p.requester.login });

    await settle();
    const card = lastCard(U.manager);
    expect(card).toBeDefined();
    expect(JSON.parse(buttonValue(card.blocks, 'gatehouse.approval.approve'))).toEqual({ a: expect.any(String), l: p.manager.login });
    expect(textOf(postsTo(U.requester).at(-1)!)).toMatch(/waiting for approval[\s\S]*waiting for/);
    expect(textOf(postsTo(U.requester).at(-1)!)).toContain(p.manager.login);
  });

  it('refuses clicks by someone else: a colleague, the requester, a look-alike from another workspace, a forged payload', async () => {
    const card = lastCard(U.manager);
    const approvalId = (JSON.parse(buttonValue(card.blocks, 'gatehouse.approval.approve')) as { a: string }).a;
    for (const user of [U.colleague, U.requester, U.lookalike]) {
      expect((await send(click(user, card, 'gatehouse.approval.approve'))).status).toBe(200);
      await adapter.settled();
      expect(ephemeralsTo(user).length).toBeGreaterThan(0);
    }
    expect(textOf(ephemeralsTo(U.colleague).at(-1)!)).toContain(`sent to ${p.manager.login}`);
    expect(textOf(ephemeralsTo(U.requester).at(-1)!)).toContain(`sent to ${p.manager.login}`);
    expect(textOf(ephemeralsTo(U.lookalike).at(-1)!)).toContain('own Slack workspace');
    // Claiming to be the manager without the signing secret.
    const forged = click(U.manager, card, 'gatehouse.approval.approve');
    expect((await send({ ...forged, headers: { ...forged.headers, 'x-slack-signature': signedInteraction('not-the-secret-0000000000000000', now(), {}).headers['x-slack-signature']! } })).status).toBe(401);
    await adapter.settled();
    expect((await cb.t.process.approvals.get(approvalId))?.status).toBe('pending');
    expect(hasButton(fake.messages.get(`${card.channel}:${card.ts}`)!.blocks, 'gatehouse.approval.approve')).toBe(true);
  });

  it('Approve by the approver grants the Okta membership and rewrites the card; a second click is "already decided"; a replay is refused', async () => {
    const live = lastCard(U.manager);
    // As the approver's Slack client still shows it (the fake's copy is rewritten below).
    const card = { ...live, blocks: structuredClone(live.blocks) };
    const { a: approvalId } = JSON.parse(buttonValue(card.blocks, 'gatehouse.approval.approve')) as { a: string };
    const first = click(U.manager, card, 'gatehouse.approval.approve');
    expect((await send(first)).status).toBe(200);
    await adapter.settled();
    expect((await cb.t.process.approvals.get(approvalId))).toMatchObject({ status: 'approved', decidedBy: p.manager.login });
    const rewritten = fake.messages.get(`${card.channel}:${card.ts}`)!;
    expect(hasButton(rewritten.blocks, 'gatehouse.approval.approve')).toBe(false);
    expect(JSON.stringify(rewritten.blocks)).toContain(`*Approved* by ${p.manager.login}`);

    await settle();
    const [request] = await cb.t.access.requests.list({ user: p.requester.login });
    expect(request!.status).toBe('active');
    expect(await isMemberInOkta(request!.groupId, request!.forUserId)).toBe(true);
    expect(textOf(postsTo(U.requester).at(-1)!)).toContain('You have Figma (Viewer)');

    // The same click again (a double click, a stale card), freshly signed: already decided, nothing changes.
    const updates = fake.callsTo('chat.update').length;
    const audit = (await cb.t.store.listAudit({ limit: 10_000 })).length;
    await send(click(U.manager, card, 'gatehouse.approval.approve'));
    await adapter.settled();
    expect(textOf(ephemeralsTo(U.manager).at(-1)!)).toContain('Already decided');
    expect(textOf(ephemeralsTo(U.manager).at(-1)!)).toContain(`by ${p.manager.login}`);
    expect(fake.callsTo('chat.update').length).toBe(updates);
    expect((await cb.t.store.listAudit({ limit: 10_000 })).length).toBe(audit);

    // The captured first request, replayed after 6 minutes: refused by its timestamp.
    cb.t.clock.advance(6 * 60_000);
    expect((await send(first)).status).toBe(401);
  });

  it('Deny asks for a reason in a modal; the submission denies with it and the requester hears why', async () => {
    const asked = await cb.t.access.requests.request({ by: p.requester.login, resource: 'figma', role: 'editor', durationMs: 4 * HOUR });
    await settle();
    const card = lastCard(U.manager);
    const { a: approvalId } = JSON.parse(buttonValue(card.blocks, 'gatehouse.approval.deny')) as { a: string };
    await send(click(U.manager, card, 'gatehouse.approval.deny'));
    await adapter.settled();
    const opened = fake.callsTo('views.open').at(-1)!;
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('gatehouse.deny');
    expect((await cb.t.process.approvals.get(approvalId))?.status).toBe('pending');

    const submit = (user: string, reason: string) =>
      signedInteraction(secret, now(), { type: 'view_submission', user: { id: user }, team: { id: fake.teamId }, view: { id: 'V1', callback_id: 'gatehouse.deny', private_metadata: view.private_metadata, state: { values: { reason: { reason: { type: 'plain_text_input', value: reason } } } } } });
    const empty = await send(submit(U.manager, '  '));
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('Say why') } });
    // The modal's metadata submitted by someone else (the requester) is refused too.
    const notTheirs = await send(submit(U.requester, 'I withdraw'));
    expect(JSON.parse(notTheirs.text)).toMatchObject({ response_action: 'errors' });
    expect((await cb.t.process.approvals.get(approvalId))?.status).toBe('pending');

    expect((await send(submit(U.manager, 'Not this quarter <!channel>'))).status).toBe(200);
    await adapter.settled();
    expect(await cb.t.process.approvals.get(approvalId)).toMatchObject({ status: 'denied', comment: 'Not this quarter <!channel>', decidedBy: p.manager.login });
    const rewritten = JSON.stringify(fake.messages.get(`${card.channel}:${card.ts}`)!.blocks);
    expect(rewritten).toContain(`*Denied* by ${p.manager.login}`);
    // What people typed is escaped: no @channel ping.
    expect(rewritten).toContain('&lt;!channel&gt;');
    expect(rewritten).not.toContain('<!channel>');
    await settle();
    expect((await cb.t.access.requests.get(asked.id)).status).toBe('denied');
    expect(textOf(postsTo(U.requester).at(-1)!)).toMatch(/Figma \(Editor\) request was denied/);

    const again = await send(submit(U.manager, 'again'));
    expect(JSON.parse(again.text)).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('Already decided') } });
  });

  it('refuses self-approval, even when the requester is listed as an approver', async () => {
    const asked = await cb.t.access.requests.request({ by: p.requester.login, resource: 'salesforce', role: 'user', durationMs: 4 * HOUR });
    await settle();
    const approval = (await cb.t.access.requests.pendingApproval(asked.id))!;
    await cb.t.process.approvalRepository.update(approval.id, (a) => ({ ...a, approvers: [...a.approvers, p.requester.login] }));
    // A card bound to the requester themselves (as a reminder to the new approver list would send).
    const own = { channel: `D${U.requester}`, ts: '1700000999.000001', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'gatehouse.approval.approve', value: JSON.stringify({ a: approval.id, l: p.requester.login }) }] }] };
    await send(click(U.requester, own, 'gatehouse.approval.approve'));
    await adapter.settled();
    expect(textOf(ephemeralsTo(U.requester).at(-1)!)).toContain('cannot approve your own request');
    expect((await cb.t.process.approvals.get(approval.id))?.status).toBe('pending');
  });

  it('/gatehouse answers ephemerally, as the person who typed it', async () => {
    const count = turns.length;
    const response = await send(signedForm(secret, now(), { command: '/gatehouse', text: 'what access do I have?', user_id: U.requester, channel_id: 'C0GENERAL', team_id: fake.teamId, response_url: fake.responseUrl('cmd-1'), trigger_id: 't1' }));
    expect(response.status).toBe(200);
    await adapter.settled();
    expect(turns.length).toBe(count + 1);
    expect(turns.at(-1)).toMatchObject({ conversationId: `slack:C0GENERAL:${U.requester}`, identity: { login: p.requester.login } });
    const answer = fake.callsTo('response_url').find((c) => c.args.id === 'cmd-1')!;
    expect(answer.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(answer.args.text)).toContain('Figma');
  });

  it('App Home shows my access with the time left, my pending requests, and approvals waiting for me', async () => {
    await send(signedEvent(secret, now(), { type: 'event_callback', team_id: fake.teamId, event_id: 'EvHome1', event: { type: 'app_home_opened', user: U.requester, tab: 'home' } }));
    await send(signedEvent(secret, now(), { type: 'event_callback', team_id: fake.teamId, event_id: 'EvHome2', event: { type: 'app_home_opened', user: U.manager, tab: 'home' } }));
    await adapter.settled();
    const home = (user: string) => JSON.stringify(fake.callsTo('views.publish').filter((c) => c.args.user_id === user).at(-1)!.args.view);
    const mine = home(U.requester);
    expect(mine).toContain('My access');
    expect(mine).toMatch(/Figma \(Viewer\)\* — \d+h( \d+m)? left/);
    expect(mine).toContain('My pending requests');
    expect(mine).toContain('*Salesforce* — waiting for');
    const managers = home(U.manager);
    expect(managers).toContain('Waiting for my approval');
    expect(managers).toContain('gatehouse.approval.approve');
    expect(managers).toContain(JSON.stringify(JSON.stringify({ a: (await cb.t.access.requests.pendingApproval((await cb.t.access.requests.list({ user: p.requester.login, resourceId: 'salesforce' }))[0]!.id))!.id, l: p.manager.login })).slice(1, -1));
    // Someone Gatehouse cannot map sees why.
    await send(signedEvent(secret, now(), { type: 'event_callback', team_id: fake.teamId, event_id: 'EvHome3', event: { type: 'app_home_opened', user: U.nobody, tab: 'home' } }));
    await adapter.settled();
    expect(home(U.nobody)).toContain('could not find an Okta user');
  });

  it('a decision made elsewhere (console, CLI) rewrites the card; Approve from App Home decides and refreshes Home', async () => {
    const asked = await cb.t.access.requests.request({ by: p.requester.login, resource: 'github', role: 'admin', durationMs: 2 * HOUR, justification: 'release day' });
    await settle();
    const live = lastCard(U.manager);
    expect(JSON.stringify(live.blocks)).toContain('release day');
    await cb.t.access.requests.decide(asked.id, { by: p.manager.login, approved: true });
    await settle();
    expect(JSON.stringify(fake.messages.get(`${live.channel}:${live.ts}`)!.blocks)).toContain(`*Approved* by ${p.manager.login}`);

    const salesforce = (await cb.t.access.requests.list({ user: p.requester.login, resourceId: 'salesforce' }))[0]!;
    const approval = (await cb.t.access.requests.pendingApproval(salesforce.id))!;
    const card = [...fake.messages.values()].find((m) => m.channel === `D${U.manager}` && JSON.stringify(m.blocks).includes(approval.id))!;
    const publishes = fake.callsTo('views.publish').length;
    const fromHome = signedInteraction(secret, now(), {
      type: 'block_actions',
      user: { id: U.manager },
      team: { id: fake.teamId },
      trigger_id: 'trigger-home',
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home' },
      actions: [{ action_id: 'gatehouse.approval.approve', value: JSON.stringify({ a: approval.id, l: p.manager.login }), type: 'button' }],
    });
    expect((await send(fromHome)).status).toBe(200);
    await adapter.settled();
    expect((await cb.t.process.approvals.get(approval.id))?.status).toBe('approved');
    expect(JSON.stringify(fake.messages.get(`${card.channel}:${card.ts}`)!.blocks)).toContain(`*Approved* by ${p.manager.login}`);
    const republished = fake.callsTo('views.publish').slice(publishes).find((c) => c.args.user_id === U.manager);
    expect(JSON.stringify(republished?.args.view)).toContain('No approvals wait for you.');
  });

  it('reminds the requester before access ends, and tells them when it ended', async () => {
    const [figma] = await cb.t.access.requests.list({ user: p.requester.login, resourceId: 'figma', status: 'active' });
    cb.t.clock.set(figma!.endsAt! - 30 * 60_000);
    await settle();
    expect(postsTo(U.requester).some((c) => textOf(c).includes('access ends soon'))).toBe(true);
    cb.t.clock.set(figma!.endsAt! + 1_000);
    await settle();
    expect(textOf(postsTo(U.requester).at(-1)!)).toMatch(/Figma \(Viewer\) access ended/);
    expect(await isMemberInOkta(figma!.groupId, figma!.forUserId)).toBe(false);
  });

  it('never puts the bot token or the signing secret in logs or in what it sends', () => {
    // The token authenticates the Web API calls (Authorization header; auth.test also names it); it is in nothing else.
    const everything = JSON.stringify(fake.calls.map(({ args: { token: _token, ...args } }) => args)) + logs.join('\n');
    expect(everything).not.toContain(fake.botToken);
    expect(everything).not.toContain(secret);
  });
});
