import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authorizer } from '../auth/permissions.ts';
import type { EmulatorContext } from '../context.ts';
import type { ChangeContext } from '../state/system-log.ts';
import type { AccessTokenRecord, AppRecord } from '../state/types.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** The caller of a resource route, once its token and scopes have been checked. */
export interface Principal {
  app: AppRecord;
  token: AccessTokenRecord;
  scopes: ReadonlySet<string>;
  auth: Authorizer;
}

/** What a route handler gets. */
export interface Call {
  req: FastifyRequest;
  ctx: EmulatorContext;
  params: Record<string, string>;
  /** Query parameters, first value of each. */
  query: Record<string, string | undefined>;
  body: unknown;
  principal: Principal;
  /** `http://host:port` of this org, as the client addressed it. */
  origin: string;
  /** Request path (no query). */
  path: string;
  /** For System Log events of changes this call makes. */
  change: ChangeContext;
}

/**
 * A JSON body already serialized (a list page joined from cached per-record texts): `send` writes it
 * as is instead of running JSON.stringify over the page again.
 */
export class JsonText {
  readonly text: string | Buffer;
  constructor(text: string | Buffer) {
    this.text = text;
  }
}

/** What a route handler answers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** A Management API route: its scope is checked before the handler runs; the handler checks roles. */
export interface OktaRoute {
  method: HttpMethod;
  url: string;
  /** The OAuth scope the call needs (the `.read` one for GETs; `.manage` satisfies it). */
  scope: string;
  handler: (call: Call) => Answer | Promise<Answer>;
}

/** Shorthand for a JSON answer. */
export const ok = (body: unknown, status = 200, headers?: Record<string, string | string[]>): Answer => ({ status, body, ...(headers ? { headers } : {}) });
/** Shorthand for 204. */
export const noContent = (): Answer => ({ status: 204 });

/** The origin a client used to reach the emulator (Okta has one domain; the emulator answers on whatever host:port it is reached at). */
export function originOf(req: FastifyRequest): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

/** Sends an Answer through fastify. */
export function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [k, v] of Object.entries(answer.headers ?? {})) reply.header(k, v);
  if (answer.status === 204 || answer.body === undefined) return reply.send();
  const text = answer.body instanceof JsonText ? answer.body.text : JSON.stringify(answer.body);
  return reply.type('application/json').send(text);
}
