/**
 * The workflow SDK: the only import a workflow file needs (CONVENTIONS 11).
 *
 * A workflow is a TypeScript file people read, diff and review:
 * @example
 * import { defineWorkflow, z } from '../../sdk.ts';
 * export default defineWorkflow({
 *   id: 'suspend-user',
 *   title: 'Suspend a user',
 *   description: 'Suspends an Okta user so they cannot sign in.',
 *   examples: ['suspend jane@acme.com'],
 *   input: z.object({ user: z.string().describe('Login or id of the user') }),
 *   access: 'team',
 *   trigger: { type: 'manual' },
 *   async run(ctx, input) {
 *     const user = await ctx.okta.users.get(input.user);
 *     await ctx.okta.users.suspend(user.id);
 *     return { suspended: user.profile.login };
 *   },
 * });
 */
import { z } from 'zod';
import type { Duration } from '../common/duration.ts';
import type { Json } from '../engine/contract.ts';
import type { JournaledOkta } from './okta-steps.ts';

export { z };
export type { Json, Duration, JournaledOkta };

/**
 * What steps and runs may return: JSON, where object properties may also be `undefined` (they are
 * left out when journaled, as JSON.stringify does). A step returns the journaled form, also on its
 * first execution, so replay and first run see the same value.
 */
export type JsonResult = null | boolean | number | string | undefined | JsonResult[] | { [key: string]: JsonResult };
export { NonRetriableError, RetryAfterError } from './errors.ts';

/** Started by a person: CLI, API, console or chat. */
export interface ManualTrigger {
  type: 'manual';
}
/** Started on a cron schedule (croner syntax, e.g. `0 9 * * 1-5`). */
export interface ScheduleTrigger {
  type: 'schedule';
  cron: string;
  timezone?: string;
  /** The input each scheduled run gets. */
  input?: Record<string, Json>;
}
/** Started by an HMAC-signed POST to `/api/v1/webhooks/{workflowId}`; the JSON body is the input. */
export interface WebhookTrigger {
  type: 'webhook';
}
/** Started by Okta System Log events (polled) or by Gatehouse's own events. */
export interface EventTrigger {
  type: 'event';
  source: 'okta' | 'gatehouse';
  /** Okta event types (`user.lifecycle.create`) or Gatehouse event names (`access.granted`). */
  events: string[];
  /** Turns the event into the workflow's input; return null to ignore the event. */
  toInput?: (event: Record<string, unknown>) => Record<string, Json> | null;
}
export type Trigger = ManualTrigger | ScheduleTrigger | WebhookTrigger | EventTrigger;

/** Who may start a workflow: anyone (self-service, with their own identity) or the IT team only. */
export type WorkflowAccess = 'anyone' | 'team';

/** An approval every run needs before `run` is called. */
export interface WorkflowApproval<I> {
  /** Logins (or Okta user ids) of people any one of whom may approve. */
  approvers: string[] | ((input: I) => string[]);
  /** How long to wait (default 3 days); on timeout the run ends as `expired`. */
  timeout?: Duration;
  reason?: (input: I) => string;
}

/** What `ctx.waitForApproval` asks for. */
export interface ApprovalRequest {
  /** Logins (or Okta user ids); any one of them decides. */
  approvers: string[];
  timeout?: Duration;
  reason: string;
}
/** An approver's decision. */
export interface ApprovalDecision {
  approved: boolean;
  /** Who settled it (the denier, or the last approver needed). */
  by: string;
  comment: string | null;
  at: string;
  /** Every approver's decision, when several decided or one attached data. */
  decisions?: { by: string; approved: boolean; comment: string | null; at: string; data: Record<string, Json> }[];
}

/** A message to people: the requester, approvers, a manager, a channel. */
export interface Notification {
  to: string[];
  subject: string;
  text: string;
  data?: Record<string, Json>;
}

/** Logs that carry the run id and step; quiet during replay. */
export interface WorkflowLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Everything a run may do that must survive a crash goes through `ctx`. */
export interface WorkflowContext {
  readonly runId: string;
  readonly workflowId: string;
  /** Whether this is a dry run: writes are recorded in the plan, not sent. */
  readonly dryRun: boolean;
  /** The person or system that started the run (a login, `schedule:<id>`, `webhook`, …). */
  readonly startedBy: string;
  /** The Okta client; every call is journaled as a step (its id derived from the call and its order). */
  readonly okta: JournaledOkta;
  /** Runs `fn` once and journals its JSON result; on replay returns it without calling `fn`. */
  step<T extends JsonResult | void>(id: string, fn: () => Promise<T> | T, options?: { maxAttempts?: number; backoffMs?: number }): Promise<T>;
  /** "Now" (ms since epoch) on the engine's clock, journaled so replay sees the same time; ids are unique per run. */
  now(id?: string): Promise<number>;
  /** Sleeps durably (`'8h'`, `'30m'`, or ms). */
  sleep(id: string, duration: Duration): Promise<void>;
  /** Sleeps durably until a time. */
  sleepUntil(id: string, at: Date | string | number): Promise<void>;
  /** Asks approvers and waits for the first decision; `null` when nobody decided before the timeout. */
  waitForApproval(id: string, request: ApprovalRequest): Promise<ApprovalDecision | null>;
  /** Sends a notification once (journaled). */
  notify(id: string, notification: Notification): Promise<void>;
  readonly log: WorkflowLogger;
}

/** What `defineWorkflow` takes. */
export interface WorkflowDefinition<S extends z.ZodType, O extends JsonResult | void> {
  /** kebab-case, unique, stable: the key of runs and journals. */
  id: string;
  title: string;
  description: string;
  /** How people ask for it in chat ("offboard jane@acme.com"). */
  examples: readonly string[];
  input: S;
  access: WorkflowAccess;
  trigger?: Trigger | Trigger[];
  approval?: WorkflowApproval<z.output<S>>;
  run(ctx: WorkflowContext, input: z.output<S>): Promise<O>;
}

/** A defined workflow: the definition, checked, plus its input as JSON Schema. */
export interface Workflow<S extends z.ZodType = z.ZodType, O extends JsonResult | void = JsonResult | void> extends WorkflowDefinition<S, O> {
  readonly kind: 'gatehouse.workflow';
  readonly triggers: Trigger[];
  /** The input schema as JSON Schema (draft 2020-12), for forms and for chat to ask for missing values. */
  readonly inputJsonSchema: Record<string, unknown>;
}

/** Any workflow, whatever its input and output types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds workflows of every input type
export type AnyWorkflow = Workflow<any, any>;

/** The input type of a workflow. */
export type WorkflowInput<W> = W extends Workflow<infer S, JsonResult | void> ? z.input<S> : never;
/** The output type of a workflow. */
export type WorkflowOutput<W> = W extends Workflow<z.ZodType, infer O> ? O : never;

const idPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** A workflow definition is malformed (a programming error caught at load time). */
export class WorkflowDefinitionError extends TypeError {}

/**
 * Defines a workflow. Checks the definition at once, so a broken file fails when it is loaded, not
 * when someone first runs it.
 * @see ../shared/CONVENTIONS.md (10, 11)
 */
export function defineWorkflow<S extends z.ZodType, O extends JsonResult | void>(definition: WorkflowDefinition<S, O>): Workflow<S, O> {
  const problems: string[] = [];
  if (!idPattern.test(definition.id)) problems.push(`id must be kebab-case (like "create-user"), got "${definition.id}"`);
  if (!definition.title?.trim()) problems.push('title is required');
  if (!definition.description?.trim()) problems.push('description is required');
  if (!Array.isArray(definition.examples)) problems.push('examples must be a list of phrasings');
  if (!(definition.input instanceof z.ZodType)) problems.push('input must be a zod schema');
  if (definition.access !== 'anyone' && definition.access !== 'team') problems.push(`access must be "anyone" or "team", got "${String(definition.access)}"`);
  if (typeof definition.run !== 'function') problems.push('run must be a function');
  const triggers = definition.trigger === undefined ? [{ type: 'manual' } as const] : Array.isArray(definition.trigger) ? definition.trigger : [definition.trigger];
  for (const trigger of triggers) {
    if (!['manual', 'schedule', 'webhook', 'event'].includes(trigger.type)) problems.push(`unknown trigger type "${String(trigger.type)}"`);
    if (trigger.type === 'event' && trigger.events.length === 0) problems.push('an event trigger needs at least one event type');
  }
  if (problems.length > 0) throw new WorkflowDefinitionError(`Workflow "${definition.id}" is invalid: ${problems.join('; ')}.`);
  let inputJsonSchema: Record<string, unknown>;
  try {
    inputJsonSchema = z.toJSONSchema(definition.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch (error) {
    throw new WorkflowDefinitionError(`Workflow "${definition.id}": its input schema cannot be written as JSON Schema (${String(error)}).`, { cause: error });
  }
  return Object.freeze({ ...definition, kind: 'gatehouse.workflow' as const, triggers, inputJsonSchema });
}

/** Whether a module export is a workflow made by {@link defineWorkflow}. */
export function isWorkflow(value: unknown): value is AnyWorkflow {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'gatehouse.workflow';
}
