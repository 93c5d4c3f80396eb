/**
 * Where `ctx.notify` goes: an outbox in the store (namespace `notifications`) that the console and
 * chat adapters read and deliver, plus any live listeners (tests, the Slack adapter later).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import type { Json } from '../engine/contract.ts';
import type { KvPort } from './approval-repository.ts';
import type { Notifier } from './runtime.ts';
import type { Notification } from './sdk.ts';

/** A notification as kept in the outbox. */
export type SentNotification = Notification & { id: string; runId: string; workflowId: string; at: number };

/** Creates the outbox notifier. */
export function createOutboxNotifier(deps: { store: KvPort; clock: Clock; listeners?: ((n: SentNotification) => void)[] }): Notifier & { onSend(listener: (n: SentNotification) => void): void } {
  const listeners = [...(deps.listeners ?? [])];
  return {
    async send(notification) {
      const at = deps.clock.now();
      const sent: SentNotification = { ...notification, id: `${String(at).padStart(15, '0')}-${randomUUID()}`, at };
      await deps.store.kvPut('notifications', sent.id, sent as unknown as Json);
      for (const listener of listeners) listener(sent);
    },
    onSend(listener) {
      listeners.push(listener);
    },
  };
}
