/**
 * A local fake of Slack for the Slack adapter's tests: the Web API methods the adapter calls
 * (recording every call), response URLs, a workspace of users, and helpers that sign event,
 * interaction and slash-command payloads the way Slack does (`v0=` HMAC-SHA256 of
 * `v0:<timestamp>:<body>` under the signing secret). Listens on 127.0.0.1 only.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call (or response-URL post) as the fake received it; JSON-encoded form fields are decoded. */
export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  /** Whether the bearer token matched the workspace's bot token. */
  authorized: boolean;
}

export interface FakeSlackUser {
  id: string;
  email?: string;
  name?: string;
  teamId?: string;
  isBot?: boolean;
  deleted?: boolean;
}

/** A message the fake keeps (what chat.postMessage made, as chat.update left it). */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
}

export interface FakeSlack {
  /** Base of the Web API, for Bolt's `slackApiUrl` (ends with /api/). */
  apiUrl: string;
  /** A response URL the fake accepts (slash commands, ephemeral button clicks). */
  responseUrl(id: string): string;
  teamId: string;
  botToken: string;
  botUserId: string;
  calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  messages: Map<string, FakeSlackMessage>;
  addUser(user: FakeSlackUser): void;
  close(): Promise<void>;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

function decodeArgs(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web API client JSON-encodes nested fields (blocks, view) in form posts.
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // a plain string after all
      }
    }
    out[key] = value;
  }
  return out;
}

/** Starts the fake on 127.0.0.1:0. */
export async function startFakeSlack(options: { botToken?: string; teamId?: string } = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-test-0000-fake-bot-token';
  const teamId = options.teamId ?? 'T0GATE';
  const botUserId = 'UBOTGATE';
  const users = new Map<string, FakeSlackUser>();
  const calls: FakeSlackCall[] = [];
  const messages = new Map<string, FakeSlackMessage>();
  let seq = 0;
  const nextTs = () => `1700000000.${String(++seq).padStart(6, '0')}`;

  const userObject = (u: FakeSlackUser) => ({
    id: u.id,
    team_id: u.teamId ?? teamId,
    name: u.name ?? u.id.toLowerCase(),
    real_name: u.name ?? u.id,
    deleted: u.deleted ?? false,
    is_bot: u.isBot ?? false,
    profile: { ...(u.email ? { email: u.email } : {}), real_name: u.name ?? u.id },
  });

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://gatehouse-test.slack.com/', team: 'Gatehouse Test', user: 'gatehouse', team_id: teamId, user_id: botUserId, bot_id: 'BGATE' };
      case 'users.info': {
        const user = users.get(String(args.user));
        return user ? { ok: true, user: userObject(user) } : { ok: false, error: 'user_not_found' };
      }
      case 'users.lookupByEmail': {
        const email = String(args.email).toLowerCase();
        const user = [...users.values()].find((u) => u.email?.toLowerCase() === email && (u.teamId ?? teamId) === teamId);
        return user ? { ok: true, user: userObject(user) } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'chat.postMessage': {
        const ts = nextTs();
        const channel = String(args.channel);
        const message: FakeSlackMessage = { channel, ts, text: String(args.text ?? ''), blocks: (args.blocks as unknown[]) ?? [], ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}) };
        messages.set(`${channel}:${ts}`, message);
        return { ok: true, channel, ts, message: { ...message, type: 'message' } };
      }
      case 'chat.update': {
        const key = `${String(args.channel)}:${String(args.ts)}`;
        const message = messages.get(key);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? '');
        message.blocks = (args.blocks as unknown[]) ?? [];
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
        return { ok: true, view: { id: `V${++seq}`, ...(args.view as object) } };
      case 'views.publish':
        return { ok: true, view: { id: `V${++seq}`, ...(args.view as object) } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const args = decodeArgs(raw, String(request.headers['content-type'] ?? ''));
      const authorized = request.headers.authorization === `Bearer ${botToken}` || args.token === botToken;
      let body: Record<string, unknown>;
      if (url.pathname.startsWith('/response/')) {
        calls.push({ method: 'response_url', args: { ...args, id: url.pathname.slice('/response/'.length) }, authorized: true });
        body = { ok: true };
      } else if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        calls.push({ method, args, authorized });
        body = authorized ? answer(method, args) : { ok: false, error: 'invalid_auth' };
      } else {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    teamId,
    botToken,
    botUserId,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages,
    addUser: (user) => users.set(user.id, user),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs a body as Slack does; `timestampSec` defaults to the given clock's now. */
export function slackSignature(signingSecret: string, body: string, timestampSec: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** A request to the adapter's endpoint, signed (or deliberately not). */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** An Events API request (JSON). */
export function signedEvent(signingSecret: string, nowMs: number, envelope: Record<string, unknown>, options: { timestampSec?: number; retryNum?: number } = {}): SignedRequest {
  const body = JSON.stringify(envelope);
  const ts = options.timestampSec ?? Math.floor(nowMs / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': slackSignature(signingSecret, body, ts),
      ...(options.retryNum ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
  };
}

/** An interaction (block_actions, view_submission): `payload=<json>`, form-encoded. */
export function signedInteraction(signingSecret: string, nowMs: number, payload: Record<string, unknown>, options: { timestampSec?: number } = {}): SignedRequest {
  return signedForm(signingSecret, nowMs, { payload: JSON.stringify(payload) }, options);
}

/** A slash command (its fields form-encoded). */
export function signedForm(signingSecret: string, nowMs: number, fields: Record<string, string>, options: { timestampSec?: number } = {}): SignedRequest {
  const body = new URLSearchParams(fields).toString();
  const ts = options.timestampSec ?? Math.floor(nowMs / 1000);
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(signingSecret, body, ts) } };
}

/** Posts a signed request to the adapter's endpoint; answers status and text. */
export async function post(url: string, request: SignedRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}
