/**
 * The Slack surface of the help desk, on Bolt: DMs, @mentions and `/gatehouse` go to the agent as
 * the Okta user the Slack user maps to; approval requests reach approvers as cards whose Approve /
 * Deny are bound to that approver; requesters are told of every step; App Home shows a person's
 * access and approvals.
 *
 * Every click is checked twice: the clicking Slack user must map to the login the button was made
 * for, and the decision is then made `by` that login, so the approvals' own rules (single-use by
 * compare-and-set, no self-approval, only listed approvers) decide the rest. A stale or repeated
 * click is answered "already decided" and the card is redrawn with the outcome.
 */
import { App, type types } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { AccessCatalog, AccessRequest, AccessRequests, DirectoryReader } from '../../../access/index.ts';
import type { Clock } from '../../../common/clock.ts';
import { GatehouseError } from '../../../common/errors.ts';
import type { KvPort } from '../../../workflows/approval-repository.ts';
import type { ApprovalRecord, Approvals } from '../../../workflows/approvals.ts';
import { ApprovalError } from '../../../workflows/errors.ts';
import type { SentNotification } from '../../../workflows/notifier.ts';
import type { ChatAgent } from '../../types.ts';
import { createCardIndex, type CardRef } from './card-index.ts';
import { actionIds, answeredMessage, approvalCard, decidedCard, denyCallbackId, denyModal, denyReasonAction, denyReasonBlock, notificationMessage, outcomeLine, replyMessage, type CardDetails } from './cards.ts';
import { homeView, unknownHomeView } from './home.ts';
import { createSlackIdentity } from './identity.ts';
import { boltLogger, redactingLogger, silentSlackLogger, type SlackLogger } from './logger.ts';
import { createOnceSet, type OnceKvPort } from './once.ts';
import { createSlackReceiver, listenStandalone } from './receiver.ts';
import {
  approvalButtonSchema,
  authTestSchema,
  blockActionsSchema,
  confirmButtonSchema,
  conversationsOpenSchema,
  denyMetadataSchema,
  homeOpenedEventSchema,
  messageEventSchema,
  parseCarried,
  postMessageSchema,
  slashCommandSchema,
  viewSubmissionSchema,
  type BlockActions,
} from './schemas.ts';

/** The adapter could not start (Slack refused the token, or could not be reached). */
export class SlackAdapterError extends GatehouseError {}

/** What the Slack adapter is built from. */
export interface SlackAdapterDeps {
  agent: ChatAgent;
  approvals: Approvals;
  requests: Pick<AccessRequests, 'mine' | 'get' | 'pendingApproval'>;
  catalog: Pick<AccessCatalog, 'getResource'>;
  directory: DirectoryReader;
  /** Subscribes to every notification sent (the outbox notifier's `onSend`). */
  onNotification(listener: (notification: SentNotification) => void): void;
  /** `xoxb-…`, a secret. */
  botToken: string;
  /** The app's signing secret, a secret. */
  signingSecret: string;
  /** Slack's Web API (default https://slack.com/api/); tests point it at a local fake. */
  slackApiUrl?: string;
  clock: Clock;
  logger?: SlackLogger;
  /** The store: card locations kept across restarts, and Slack's retries and double clicks recognised by every process on the database; in memory when absent. */
  kv?: KvPort & OnceKvPort;
  /** Web API retries on 429/5xx (default 3). */
  retries?: number;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const answeredTtlMs = 24 * 3_600_000;

/** Creates the adapter: mount `plugin` into the server (or `listen` on a port of its own), then `start()`. */
export function createSlackAdapter(deps: SlackAdapterDeps) {
  const logger = redactingLogger(deps.logger ?? silentSlackLogger, [deps.botToken, deps.signingSecret]);
  const receiver = createSlackReceiver({ signingSecret: deps.signingSecret, clock: deps.clock, logger, kv: deps.kv });
  const app = new App({
    token: deps.botToken,
    receiver,
    deferInitialization: true,
    logger: boltLogger(logger),
    clientOptions: {
      ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}),
      retryConfig: { retries: deps.retries ?? 3, factor: 2, minTimeout: 1_000, maxTimeout: 10_000 },
      timeout: 15_000,
      logger: boltLogger(logger),
    },
  });
  const client = app.client;
  const workspace: { teamId?: string; enterpriseId?: string } = {};
  const identity = createSlackIdentity({ client, directory: deps.directory, clock: deps.clock, workspace: () => workspace });
  const cards = createCardIndex(deps.kv);
  const deliveries = new Set<Promise<unknown>>();
  /** Confirm / Cancel messages already answered, in any process (a double click must not say "yes" twice, nor confirm a later proposal). */
  const answered = createOnceSet({ namespace: 'slack.answered', ttlMs: answeredTtlMs, clock: deps.clock, kv: deps.kv });
  let started = false;
  let stopped = false;
  let standalone: FastifyInstance | undefined;

  const log = (what: string, error: unknown) => logger.error(`slack: ${what} failed`, { error: error instanceof Error ? error.message : String(error) });

  app.error(async (error) => log('a listener', error));

  // ---------- posting ----------

  async function openDm(slackId: string): Promise<string> {
    return conversationsOpenSchema.parse(await client.conversations.open({ users: slackId })).channel.id;
  }

  /** Tells one Slack user something only they see: an ephemeral message where they clicked, else a DM. */
  async function tell(slackId: string, channel: string | undefined, text: string): Promise<void> {
    const message = notificationMessage('Gatehouse', text);
    if (channel) await client.chat.postEphemeral({ channel, user: slackId, text: message.text, blocks: message.blocks });
    else await client.chat.postMessage({ channel: await openDm(slackId), text, blocks: message.blocks });
  }

  /** DMs an Okta login; false when they are not in Slack. */
  async function dm(login: string, message: { text: string; blocks: types.KnownBlock[] }): Promise<{ channel: string; ts: string } | undefined> {
    const slackId = await identity.slackIdFor(login);
    if (!slackId) {
      logger.info('slack: not in Slack, nothing sent', { login });
      return undefined;
    }
    const channel = await openDm(slackId);
    return postMessageSchema.parse(await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks }));
  }

  // ---------- labels and card details ----------

  async function label(r: Pick<AccessRequest, 'resourceId' | 'roleId'>): Promise<string> {
    const resource = await deps.catalog.getResource(r.resourceId);
    const role = resource?.roles.find((x) => x.id === r.roleId);
    return resource ? (resource.roles.length > 1 && role ? `${resource.name} (${role.name})` : resource.name) : r.resourceId;
  }

  async function requestOf(record: ApprovalRecord): Promise<AccessRequest | undefined> {
    const requestId = record.context.requestId;
    if (typeof requestId !== 'string') return undefined;
    return deps.requests.get(requestId).catch(() => undefined);
  }

  async function detailsOf(record: ApprovalRecord, subject: string, text: string): Promise<CardDetails> {
    const request = await requestOf(record);
    const step = record.context.step;
    return {
      subject,
      text,
      ...(request ? { what: await label(request), durationMs: request.durationMs, justification: request.justification } : {}),
      requestedBy: record.requestedBy,
      forUser: record.subject,
      step: typeof step === 'string' ? step : null,
    };
  }

  /** Redraws the cards of an approval that its state changed (decided, one of N approved, expired, cancelled). */
  async function redraw(record: ApprovalRecord, refs?: CardRef[]): Promise<void> {
    for (const ref of refs ?? (await cards.ofApproval(record.runId, record.id))) {
      const line = outcomeLine(record, ref.login);
      if (line === null || line === ref.drawn) continue;
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.ts, ...decidedCard(ref.details, line) });
        await cards.put({ ...ref, drawn: line, final: record.status !== 'pending' });
      } catch (error) {
        log(`rewriting the card of ${record.id} for ${ref.login}`, error);
      }
    }
  }

  async function redrawById(approvalId: string): Promise<void> {
    const record = await deps.approvals.get(approvalId);
    if (record) await redraw(record);
  }

  // ---------- notifications ----------

  async function deliver(n: SentNotification): Promise<void> {
    const approvalId = n.data?.approvalId;
    if (typeof approvalId === 'string') await sendCards(n, approvalId);
    else for (const login of new Set(n.to)) await dm(login, notificationMessage(n.subject, n.text)).catch((e: unknown) => log(`telling ${login} "${n.subject}"`, e));
    // Anything about a run may mean one of its approvals was decided elsewhere (console, CLI, a timeout).
    const open = await cards.openOfRun(n.runId);
    for (const id of new Set(open.map((c) => c.approvalId))) {
      const record = await deps.approvals.get(id);
      if (record) await redraw(record, open.filter((c) => c.approvalId === id));
    }
  }

  async function sendCards(n: SentNotification, approvalId: string): Promise<void> {
    const record = await deps.approvals.get(approvalId);
    if (!record || record.status !== 'pending') return;
    const first = (await cards.ofApproval(record.runId, approvalId)).length === 0;
    const details = await detailsOf(record, n.subject, n.text);
    for (const login of new Set(n.to)) {
      try {
        const posted = await dm(login, approvalCard(details, { a: approvalId, l: login }));
        if (posted) await cards.put({ runId: record.runId, approvalId, login, channel: posted.channel, ts: posted.ts, details, drawn: null, final: false });
      } catch (error) {
        log(`sending the approval card of ${approvalId} to ${login}`, error);
      }
    }
    // The requester (and the person it is for) hear where their request stands at each step.
    if (first && details.what) {
      const waiting = record.approvers.filter((a) => !same(a, record.requestedBy) && !(record.subject && same(a, record.subject)));
      const told = new Set([record.requestedBy, record.subject].filter((p): p is string => typeof p === 'string').map((p) => p.toLowerCase()));
      for (const login of told) {
        const text = `${details.step ? `${details.step} approval: ` : ''}waiting for ${record.required > 1 ? `${record.required} of ` : ''}${waiting.join(', ')}.`;
        await dm(login, notificationMessage(`Your ${details.what} request is waiting for approval`, text)).catch((e: unknown) => log(`telling ${login} where their request stands`, e));
      }
    }
  }

  // ---------- conversations ----------

  async function converse(input: { slackId: string; channel: string; text: string; thread?: string }): Promise<void> {
    const who = await identity.resolve(input.slackId);
    const thread = input.thread ? { thread_ts: input.thread } : {};
    if (!who.ok) {
      await client.chat.postMessage({ channel: input.channel, ...thread, ...notificationMessage('Gatehouse', who.message) });
      return;
    }
    const conversationId = `slack:${input.channel}:${input.slackId}`;
    let reply;
    try {
      reply = await deps.agent.handle({ conversationId, identity: who.identity, text: input.text.trim() || 'help' });
    } catch (error) {
      log('the agent', error);
      await client.chat.postMessage({ channel: input.channel, ...thread, text: 'Something went wrong on my side; nothing was changed. IT can find the details in the Gatehouse log.' });
      return;
    }
    const confirm = reply.proposedAction ? { c: conversationId, u: input.slackId, l: who.identity.login } : null;
    await client.chat.postMessage({ channel: input.channel, ...thread, ...replyMessage(reply.text, confirm) });
  }

  app.event('message', async ({ event }) => {
    const parsed = messageEventSchema.safeParse(event);
    // Only what a person wrote in the app's DM: no edits, joins, bot posts or file shares without text.
    if (!parsed.success || parsed.data.subtype !== undefined || parsed.data.bot_id || parsed.data.channel_type !== 'im') return;
    await converse({ slackId: parsed.data.user, channel: parsed.data.channel, text: parsed.data.text });
  });

  app.event('app_mention', async ({ event }) => {
    const parsed = messageEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.bot_id || parsed.data.channel.startsWith('D')) return;
    const text = parsed.data.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ').trim();
    await converse({ slackId: parsed.data.user, channel: parsed.data.channel, text, thread: parsed.data.thread_ts ?? parsed.data.ts });
  });

  app.command('/gatehouse', async ({ ack, command, respond }) => {
    await ack();
    const parsed = slashCommandSchema.safeParse(command);
    if (!parsed.success) return;
    const who = await identity.resolve(parsed.data.user_id);
    if (!who.ok) {
      await respond({ response_type: 'ephemeral', text: who.message });
      return;
    }
    const conversationId = `slack:${parsed.data.channel_id}:${parsed.data.user_id}`;
    try {
      const reply = await deps.agent.handle({ conversationId, identity: who.identity, text: parsed.data.text.trim() || 'help' });
      const confirm = reply.proposedAction ? { c: conversationId, u: parsed.data.user_id, l: who.identity.login } : null;
      await respond({ response_type: 'ephemeral', ...replyMessage(reply.text, confirm) });
    } catch (error) {
      log('the agent', error);
      await respond({ response_type: 'ephemeral', text: 'Something went wrong on my side; nothing was changed.' });
    }
  });

  for (const [actionId, answer] of [
    [actionIds.confirm, 'yes'],
    [actionIds.cancel, 'no'],
  ] as const) {
    app.action(actionId, async ({ ack, body, respond }) => {
      await ack();
      const parsed = blockActionsSchema.safeParse(body);
      if (!parsed.success) return;
      const click = parsed.data;
      const where = click.container?.channel_id ?? click.channel?.id;
      const bound = parseCarried(confirmButtonSchema, click.actions[0]!.value);
      if (!bound) return;
      const who = await identity.resolve(click.user.id);
      if (click.user.id !== bound.u || !who.ok || !same(who.identity.login, bound.l)) {
        logger.warn('slack: refused a Confirm/Cancel click by someone else', { clickedBy: click.user.id, boundTo: bound.l });
        await tell(click.user.id, where, `These buttons answer ${bound.l}'s question; only they can confirm or cancel it.`);
        return;
      }
      const ts = click.container?.message_ts ?? click.message?.ts ?? '';
      const key = `${where}:${ts}`;
      if (!(await answered.first(key))) {
        await tell(click.user.id, where, 'You already answered this one.');
        return;
      }
      const original = click.message?.text ?? '';
      const done = answeredMessage(original, answer === 'yes' ? `:white_check_mark: Confirmed by ${who.identity.login}` : `:heavy_multiplication_x: Cancelled by ${who.identity.login}`);
      const ephemeral = click.container?.is_ephemeral === true;
      if (ephemeral) await respond({ replace_original: true, ...done });
      else if (where && ts) await client.chat.update({ channel: where, ts, ...done });
      const reply = await deps.agent.handle({ conversationId: bound.c, identity: who.identity, text: answer });
      const next = replyMessage(reply.text, reply.proposedAction ? bound : null);
      if (ephemeral) await respond({ response_type: 'ephemeral', replace_original: false, ...next });
      else if (where) await client.chat.postMessage({ channel: where, ...next });
    });
  }

  // ---------- approvals ----------

  /** The clicking Slack user, when they are the approver the button was made for; else they are told why not. */
  async function approverOf(click: BlockActions | { user: { id: string } }, bound: { l: string }, where: string | undefined) {
    const who = await identity.resolve(click.user.id);
    if (!who.ok) {
      await tell(click.user.id, where, who.message);
      return undefined;
    }
    if (!same(who.identity.login, bound.l)) {
      logger.warn('slack: refused an approval click by someone else', { clickedBy: who.identity.login, boundTo: bound.l });
      await tell(click.user.id, where, `This approval was sent to ${bound.l}; only they can decide it from here. Nothing was changed.`);
      return undefined;
    }
    return who;
  }

  app.action(/^gatehouse\.approval\.(approve|deny)$/, async ({ ack, body }) => {
    await ack();
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) return;
    const click = parsed.data;
    const action = click.actions[0]!;
    const bound = parseCarried(approvalButtonSchema, action.value);
    if (!bound) return;
    const fromHome = click.container?.type === 'view';
    const where = fromHome ? undefined : (click.container?.channel_id ?? click.channel?.id);
    const who = await approverOf(click, bound, where);
    if (!who) return;
    const record = await deps.approvals.get(bound.a);
    if (!record) {
      await tell(click.user.id, where, 'This approval no longer exists.');
      return;
    }
    if (action.action_id === actionIds.deny) {
      if (record.status !== 'pending') {
        await tell(click.user.id, where, `Already decided: this approval was ${record.status}${record.decidedBy ? ` by ${record.decidedBy}` : ''}. Nothing was changed.`);
        await redraw(record);
        return;
      }
      if (!click.trigger_id) return;
      const ts = click.container?.message_ts ?? click.message?.ts ?? null;
      const details = await detailsOf(record, `Deny: ${record.reason}`.slice(0, 150), record.reason);
      await client.views.open({ trigger_id: click.trigger_id, view: denyModal(details, { a: bound.a, l: bound.l, ch: where ?? null, ts }) });
      return;
    }
    try {
      await deps.approvals.decide(bound.a, { by: who.identity.login, approved: true, comment: null });
    } catch (error) {
      if (!(error instanceof ApprovalError)) throw error;
      await tell(click.user.id, where, `${error.reason === 'already_decided' ? 'Already decided: ' : ''}${error.message} Nothing was changed.`);
    }
    await redrawById(bound.a);
    if (fromHome) await publishHome(click.user.id);
  });

  app.view(denyCallbackId, async ({ ack, body }) => {
    const parsed = viewSubmissionSchema.safeParse(body);
    const meta = parsed.success ? parseCarried(denyMetadataSchema, parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !meta) {
      await ack();
      return;
    }
    const reason = parsed.data.view.state.values[denyReasonBlock]?.[denyReasonAction]?.value?.trim() ?? '';
    const refuse = (message: string) => ack({ response_action: 'errors', errors: { [denyReasonBlock]: message.slice(0, 300) } });
    if (!reason) return refuse('Say why you deny it: the requester sees this.');
    const who = await identity.resolve(parsed.data.user.id);
    if (!who.ok) return refuse(who.message);
    if (!same(who.identity.login, meta.l)) {
      logger.warn('slack: refused a denial by someone else', { by: who.identity.login, boundTo: meta.l });
      return refuse(`This approval was sent to ${meta.l}; only they can deny it.`);
    }
    try {
      await deps.approvals.decide(meta.a, { by: who.identity.login, approved: false, comment: reason });
    } catch (error) {
      if (!(error instanceof ApprovalError)) throw error;
      await refuse(`${error.reason === 'already_decided' ? 'Already decided: ' : ''}${error.message}`);
      await redrawById(meta.a);
      return;
    }
    await ack();
    await redrawById(meta.a);
    if (!meta.ch) await publishHome(parsed.data.user.id);
  });

  // ---------- App Home ----------

  async function publishHome(slackId: string): Promise<void> {
    const who = await identity.resolve(slackId);
    if (!who.ok) {
      await client.views.publish({ user_id: slackId, view: unknownHomeView(who.message) });
      return;
    }
    const mine = await deps.requests.mine(who.identity.login);
    const pending = [];
    for (const r of mine.pending) pending.push({ ...r, waitingFor: (await deps.requests.pendingApproval(r.id).catch(() => undefined))?.approvers ?? [] });
    const labels = new Map<string, string>();
    for (const r of [...mine.active, ...mine.pending]) labels.set(`${r.resourceId}/${r.roleId}`, await label(r));
    await client.views.publish({
      user_id: slackId,
      view: homeView({
        login: who.identity.login,
        now: deps.clock.now(),
        active: mine.active,
        pending,
        approvals: mine.approvals,
        label: (r) => labels.get(`${r.resourceId}/${r.roleId}`) ?? r.resourceId,
      }),
    });
  }

  app.event('app_home_opened', async ({ event }) => {
    const parsed = homeOpenedEventSchema.safeParse(event);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return;
    await publishHome(parsed.data.user);
  });

  // ---------- lifecycle ----------

  return {
    /** The route (`POST /api/v1/slack/events`) as a fastify plugin, for Gatehouse's server. */
    plugin: receiver.plugin,
    /** One request from Slack, without HTTP (what the plugin calls). */
    handle: receiver.handle,
    /**
     * Checks the bot token (`auth.test`), learns the workspace and starts delivering notifications.
     * @throws {SlackAdapterError} Slack refused the token or could not be reached
     */
    async start(): Promise<{ team: string | undefined; botUserId: string | undefined }> {
      if (started) return { team: workspace.teamId, botUserId: undefined };
      let auth;
      try {
        await app.init();
        auth = authTestSchema.parse(await client.auth.test());
      } catch (error) {
        const code = typeof error === 'object' && error !== null && 'data' in error ? (error as { data?: { error?: unknown } }).data?.error : undefined;
        throw new SlackAdapterError(
          'SLACK_AUTH_FAILED',
          typeof code === 'string'
            ? `Slack refused the bot token (${code}): set GATEHOUSE_SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app if you changed its scopes.`
            : `Slack could not be reached to check the bot token (${error instanceof Error ? error.message : String(error)}).`,
          { cause: error },
        );
      }
      if (auth.team_id) workspace.teamId = auth.team_id;
      if (auth.enterprise_id) workspace.enterpriseId = auth.enterprise_id;
      started = true;
      deps.onNotification((n) => {
        if (stopped) return;
        const delivery = deliver(n).catch((error: unknown) => log(`delivering "${n.subject}"`, error));
        deliveries.add(delivery);
        void delivery.finally(() => deliveries.delete(delivery));
      });
      return { team: auth.team, botUserId: auth.user_id };
    },
    /** Serves the route on a port of its own (GATEHOUSE_SLACK_PORT) instead of in the server. */
    async listen(options: { port: number; host: string }): Promise<string> {
      const running = await listenStandalone(receiver, options);
      standalone = running.server;
      return running.url;
    },
    /** Resolves when every request and notification handed to the adapter so far is handled. */
    async settled(): Promise<void> {
      do {
        await receiver.settled();
        await Promise.allSettled([...deliveries]);
      } while (deliveries.size > 0);
    },
    /** Stops delivering notifications and waits for work under way. */
    async stop(): Promise<void> {
      stopped = true;
      await standalone?.close();
      await this.settled();
    },
  };
}

export type SlackAdapter = ReturnType<typeof createSlackAdapter>;
