/**
 * Event triggers. `source: 'okta'`: the System Log is polled (Okta's recommended polling query, the
 * cursor kept in the store so a restart neither skips nor repeats events); `source: 'gatehouse'`:
 * Gatehouse's own audit events (`okta.user.suspended`, `approval.approved`, …).
 *
 * Each event starts at most one run per workflow: the run's idempotency key is the event's id, so a
 * replayed poll, a second process polling the same org, or a restart with an older cursor start
 * nothing twice. An event whose input the workflow's schema refuses is skipped and reported.
 */
import type { Clock } from '../common/clock.ts';
import type { Json } from '../engine/contract.ts';
import type { LogEvent, OktaClient } from '../okta/index.ts';
import { createKvLease, type KvLease, type LeaseStore } from '../store/index.ts';
import type { KvPort } from './approval-repository.ts';
import { WorkflowInputError } from './errors.ts';
import type { AnyWorkflow, EventTrigger } from './sdk.ts';

/** What the triggers need of the runtime. */
export interface TriggerRuntime {
  list(): AnyWorkflow[];
  start(id: string, input: unknown, options: { startedBy: string; idempotencyKey?: string; meta?: Record<string, Json> }): Promise<string>;
}

/** An event as triggers see it. */
export interface TriggerEvent {
  /** Unique per event (Okta's `uuid`, or `<audit seq>`). */
  id: string;
  type: string;
  source: 'okta' | 'gatehouse';
  /** The whole event (Okta's LogEvent, or the audit entry). */
  event: Record<string, unknown>;
  /** The run that caused it, for Gatehouse events (a workflow is never triggered by its own runs). */
  fromWorkflowId?: string;
}

/** One event skipped because the workflow refused its input. */
export interface SkippedTrigger {
  workflowId: string;
  eventId: string;
  reason: string;
}

const eventTriggersOf = (workflow: AnyWorkflow, source: 'okta' | 'gatehouse') =>
  workflow.triggers.filter((t): t is EventTrigger => t.type === 'event' && t.source === source);

/** The input a workflow gets when its trigger has no `toInput`: the event's essentials. */
function defaultInput(event: TriggerEvent): Record<string, Json> {
  const e = event.event as { actor?: { id?: string }; target?: { id?: string; type?: string }[] };
  return {
    eventId: event.id,
    eventType: event.type,
    actorId: e.actor?.id ?? null,
    targetIds: (e.target ?? []).map((t) => t.id ?? '').filter(Boolean),
  };
}

/** Starts the runs an event triggers; returns the run ids and the skipped workflows. */
export async function dispatchEvent(runtime: TriggerRuntime, event: TriggerEvent): Promise<{ started: string[]; skipped: SkippedTrigger[] }> {
  const started: string[] = [];
  const skipped: SkippedTrigger[] = [];
  for (const workflow of runtime.list()) {
    if (workflow.id === event.fromWorkflowId) continue;
    for (const trigger of eventTriggersOf(workflow, event.source)) {
      if (!trigger.events.includes(event.type)) continue;
      const input = trigger.toInput ? trigger.toInput(event.event) : defaultInput(event);
      if (input === null) continue;
      try {
        started.push(
          await runtime.start(workflow.id, input, {
            startedBy: `${event.source}:${event.type}`,
            idempotencyKey: `event:${event.source}:${workflow.id}:${event.id}`,
            meta: { surface: 'event', eventId: event.id, eventType: event.type },
          }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowInputError)) throw error;
        skipped.push({ workflowId: workflow.id, eventId: event.id, reason: error.message });
      }
      break;
    }
  }
  return { started, skipped };
}

/**
 * The System Log poller for `source: 'okta'` triggers. With `lease` (several processes on one
 * database), `start()` polls only in the process holding the kv lease `event-cursors/leader`, so the
 * org's System Log is read once per interval, not once per process; a stopped or crashed holder's
 * lease passes to the next process after three intervals. (Were two to poll at once, each run's
 * idempotency key would still start it once.)
 */
export function createOktaEventPoller(deps: {
  okta: OktaClient | (() => OktaClient);
  runtime: TriggerRuntime;
  store: KvPort;
  clock: Clock;
  onSkipped?: (s: SkippedTrigger) => void;
  /** This process's id, the store the lease is kept in, and how long it outlives its holder's last pass (default 45 s: three 15 s intervals). */
  lease?: { store: LeaseStore; holder: string; ttlMs?: number };
}) {
  const cursorKey = 'okta-system-log';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const lease: KvLease | undefined = deps.lease
    ? createKvLease({ store: deps.lease.store, clock: deps.clock, namespace: 'event-cursors', key: 'leader', holder: deps.lease.holder, ttlMs: deps.lease.ttlMs ?? 45_000 })
    : undefined;

  /** One scheduled pass: polls when this process holds the lease (taking or renewing it), else does nothing; whether it polled. */
  async function pollIfLeader(): Promise<boolean> {
    if (lease && !(await lease.acquire())) return false;
    await pollOnce();
    return true;
  }
  const wanted = () => new Set(deps.runtime.list().flatMap((w) => eventTriggersOf(w, 'okta').flatMap((t) => t.events)));

  async function pollOnce(): Promise<{ events: number; started: string[]; skipped: SkippedTrigger[] }> {
    const types = wanted();
    if (types.size === 0) return { events: 0, started: [], skipped: [] };
    const stored = await deps.store.kvGet('event-cursors', cursorKey);
    const cursor = (stored?.value as { cursor?: unknown } | undefined)?.cursor;
    // A first poll starts from now: triggers act on what happens after they are installed.
    const okta = typeof deps.okta === 'function' ? deps.okta() : deps.okta;
    const poller = okta.logs.poller(typeof cursor === 'string' ? { cursor } : { since: new Date(deps.clock.now()) });
    const started: string[] = [];
    const skipped: SkippedTrigger[] = [];
    let count = 0;
    for (let page = 0; page < 100; page++) {
      const events: LogEvent[] = await poller.poll();
      for (const e of events) {
        count++;
        if (!types.has(e.eventType)) continue;
        const result = await dispatchEvent(deps.runtime, { id: e.uuid, type: e.eventType, source: 'okta', event: e as unknown as Record<string, unknown> });
        started.push(...result.started);
        skipped.push(...result.skipped);
      }
      // The cursor moves only after the page's runs are started (their keys make a repeat harmless).
      await deps.store.kvPut('event-cursors', cursorKey, { cursor: poller.cursor(), polledAt: deps.clock.now() });
      if (events.length === 0) break;
    }
    for (const s of skipped) deps.onSkipped?.(s);
    return { events: count, started, skipped };
  }

  return {
    pollOnce,
    pollIfLeader,
    /** Polls every `intervalMs` (Okta suggests no more than once every few seconds) until `stop()`; with a lease, keep `intervalMs` well under its TTL. */
    start(intervalMs: number, onError: (error: unknown) => void): void {
      stopped = false;
      const loop = async () => {
        try {
          // The lease is taken, or renewed, at every pass; while another process holds it, that one polls.
          await pollIfLeader();
        } catch (error) {
          onError(error);
        }
        if (!stopped) timer = setTimeout(() => void loop(), intervalMs);
      };
      timer = setTimeout(() => void loop(), 0);
    },
    /** Stops polling and hands the lease over (resolves once released). */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await lease?.release().catch(() => undefined);
    },

  };
}
