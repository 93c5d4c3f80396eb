/**
 * "Has this happened before?" for what Slack may deliver twice — an event it retried, a button
 * clicked twice — answered once for every Gatehouse process on one database: the first caller
 * inserts the key into the store's kv (insert-if-absent, atomic across processes) and is told
 * "first"; everyone after is told "seen". Keys are kept for a TTL and pruned at most once per
 * prune interval. In this process's memory when no store is given.
 *
 * At most once: the key is taken before the work runs, so a process that crashes in the middle
 * does not run it again on Slack's retry (for a chat turn, a lost message is better than a
 * repeated one; the person can say it again).
 */
import type { Clock } from '../../../common/clock.ts';
import type { Json } from '../../../engine/contract.ts';
import { throttledPrune, type KvPrunePort } from '../../../store/index.ts';

/** The part of the store this needs. */
export interface OnceKvPort extends KvPrunePort {
  kvPutIfVersion(namespace: string, key: string, value: Json, expectedVersion: number): Promise<unknown>;
}

export interface OnceSet {
  /** True for the first call with this key (in any process within the TTL), false after. */
  first(key: string): Promise<boolean>;
}

/** Creates the set over the kv namespace `namespace` (or in memory). */
export function createOnceSet(options: { namespace: string; ttlMs: number; clock: Clock; kv?: OnceKvPort | undefined }): OnceSet {
  const { namespace, ttlMs, clock, kv } = options;
  if (!kv) {
    // Insertion order is time order: expired keys are at the front.
    const memory = new Map<string, number>();
    return {
      async first(key) {
        const now = clock.now();
        for (const [k, at] of memory) {
          if (now - at <= ttlMs) break;
          memory.delete(k);
        }
        if (memory.has(key)) return false;
        memory.set(key, now);
        return true;
      },
    };
  }
  const prune = throttledPrune(kv, namespace, ttlMs);
  return {
    async first(key) {
      const now = clock.now();
      await prune(now);
      return (await kv.kvPutIfVersion(namespace, key, now, 0)) !== undefined;
    },
  };
}
