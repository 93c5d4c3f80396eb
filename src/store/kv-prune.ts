/**
 * Pruning a kv namespace as a side effect of writing to it, at most once per interval: documents
 * last written more than `keepMs` ago are deleted (`kvPrune`), so a namespace of short-lived keys
 * (Slack event ids, chat conversations) stays small without a timer of its own.
 */

/** The part of the store pruning needs. */
export interface KvPrunePort {
  kvPrune(namespace: string, updatedBefore: number): Promise<number>;
}

/** Returns `(now) => …`, which prunes `namespace` when the last prune (by this process) is `everyMs` old (default 10 min). */
export function throttledPrune(kv: KvPrunePort, namespace: string, keepMs: number, everyMs = 10 * 60_000): (now: number) => Promise<void> {
  let prunedAt = -Infinity;
  return async (now) => {
    if (now - prunedAt < everyMs) return;
    prunedAt = now;
    await kv.kvPrune(namespace, now - keepMs);
  };
}
