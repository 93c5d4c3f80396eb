/**
 * How Slack's requests reach Bolt: one endpoint (`POST /api/v1/slack/events`) for events,
 * interactivity and the slash command, mounted into Gatehouse's fastify server (one public URL and
 * one TLS setup for the admin) or served on a port of its own.
 *
 * Every request is verified before anything is parsed: the `v0=` HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` under the signing secret, and a timestamp within five minutes of the
 * injected clock, in either direction (Bolt's own check only refuses old ones). Slack's retries of
 * an event it already delivered (same `event_id`) are acknowledged and not run again — by any
 * process on the database, when the store is given (a retry may reach another one behind a load balancer).
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { verifySlackRequest, type App } from '@slack/bolt';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../../common/clock.ts';
import { eventEnvelopeSchema } from './schemas.ts';
import type { SlackLogger } from './logger.ts';
import { createOnceSet, type OnceKvPort } from './once.ts';

/** Where Slack posts: the Request URL of events, interactivity and `/gatehouse` in the manifest. */
export const slackEventsPath = '/api/v1/slack/events';
/** Slack refuses requests older than this; so do we, and ones from further in the future. */
export const maxClockSkewMs = 5 * 60_000;
const seenEventTtlMs = 60 * 60_000;

/** An HTTP answer to Slack. */
export interface SlackHttpResponse {
  status: number;
  contentType: 'application/json' | 'text/plain';
  body: string;
}

/** Creates the receiver Bolt runs on (pass it as `new App({ receiver })`). */
export function createSlackReceiver(deps: { signingSecret: string; clock: Clock; logger: SlackLogger; kv?: OnceKvPort | undefined }) {
  let app: App | undefined;
  const inFlight = new Set<Promise<unknown>>();
  // Slack retries when it saw no answer within 3 s, for up to about an hour.
  const events = createOnceSet({ namespace: 'slack.events', ttlMs: seenEventTtlMs, clock: deps.clock, kv: deps.kv });
  const text = (status: number, body: string): SlackHttpResponse => ({ status, contentType: 'text/plain', body });

  function verify(rawBody: string, header: (name: string) => string | undefined): string | null {
    const signature = header('x-slack-signature');
    const timestamp = Number(header('x-slack-request-timestamp'));
    if (!signature || !Number.isInteger(timestamp)) return 'the request is not signed (x-slack-signature and x-slack-request-timestamp are required)';
    const now = deps.clock.now();
    if (Math.abs(now - timestamp * 1000) > maxClockSkewMs) return 'the request timestamp is more than 5 minutes from now (a replay, or a clock out of sync)';
    try {
      verifySlackRequest({ signingSecret: deps.signingSecret, body: rawBody, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp }, nowMilliseconds: now });
    } catch {
      // Bolt's message names the failed rule only; still, nothing of the request is echoed.
      return 'the signature does not match (check the signing secret)';
    }
    return null;
  }

  function parse(rawBody: string, contentType: string): Record<string, unknown> | undefined {
    try {
      if (contentType.startsWith('application/json')) {
        const value: unknown = JSON.parse(rawBody);
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
      }
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      // Interactivity posts `payload=<json>`; the slash command posts its fields as the form.
      if (typeof form.payload === 'string') {
        const value: unknown = JSON.parse(form.payload);
        return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
      }
      return form;
    } catch {
      return undefined;
    }
  }

  /** Handles one request from Slack: verify, parse, hand to Bolt, answer when the listener acks. */
  async function handle(request: { rawBody: string; headers: Record<string, string | string[] | undefined> }): Promise<SlackHttpResponse> {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const refusal = verify(request.rawBody, header);
    if (refusal) {
      deps.logger.warn('slack: refused a request', { reason: refusal });
      return text(401, `Refused: ${refusal}.`);
    }
    const body = parse(request.rawBody, header('content-type') ?? '');
    if (!body) return text(400, 'The body is neither JSON nor a Slack form post.');
    if (body.ssl_check !== undefined) return text(200, '');
    const envelope = eventEnvelopeSchema.safeParse(body);
    if (envelope.success && envelope.data.type === 'url_verification') return { status: 200, contentType: 'application/json', body: JSON.stringify({ challenge: envelope.data.challenge ?? '' }) };
    if (envelope.success && envelope.data.type === 'event_callback' && envelope.data.event_id && !(await events.first(envelope.data.event_id))) return text(200, '');
    if (!app) return text(503, 'The Slack adapter is not started.');

    let answer!: (response: SlackHttpResponse) => void;
    const acked = new Promise<SlackHttpResponse>((resolve) => (answer = resolve));
    let ackedOnce = false;
    const retry = header('x-slack-retry-num');
    const processing = app
      .processEvent({
        body,
        ...(retry ? { retryNum: Number(retry), retryReason: header('x-slack-retry-reason') ?? '' } : {}),
        ack: async (response?: unknown) => {
          if (ackedOnce) return;
          ackedOnce = true;
          if (response === undefined || response === '') answer(text(200, ''));
          else if (typeof response === 'string') answer(text(200, response));
          else answer({ status: 200, contentType: 'application/json', body: JSON.stringify(response) });
        },
      })
      .then(
        () => answer(text(200, '')),
        (error: unknown) => {
          deps.logger.error('slack: handling a request failed', { error: error instanceof Error ? error.message : String(error) });
          answer(text(500, 'Gatehouse could not handle this request; see its log.'));
        },
      );
    inFlight.add(processing);
    void processing.finally(() => inFlight.delete(processing));
    return acked;
  }

  /** The route as a fastify plugin (encapsulated: it keeps raw bodies for the signature, other routes parse as usual). */
  const plugin: FastifyPluginAsync = async (fastify) => {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    fastify.post(slackEventsPath, async (request, reply) => {
      const response = await handle({ rawBody: typeof request.body === 'string' ? request.body : '', headers: request.headers });
      return reply.status(response.status).header('content-type', response.contentType).send(response.body);
    });
  };

  return {
    /** Called by Bolt's App constructor. */
    init(boltApp: App) {
      app = boltApp;
    },
    async start() {},
    /** Waits for the requests being handled. */
    async stop() {
      await settled();
    },
    handle,
    plugin,
    /** Resolves when every request handed to Bolt so far (and what they started) is done. */
    settled,
  };

  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }
}

export type SlackReceiver = ReturnType<typeof createSlackReceiver>;

/** Serves the receiver's route on a port of its own (GATEHOUSE_SLACK_PORT). */
export async function listenStandalone(receiver: SlackReceiver, options: { port: number; host: string }): Promise<{ url: string; server: FastifyInstance }> {
  const server = Fastify({ logger: false });
  await server.register(receiver.plugin);
  await server.listen({ port: options.port, host: options.host });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`, server };
}
