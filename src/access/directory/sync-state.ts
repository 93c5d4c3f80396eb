/**
 * The sync's own state, a kv document (namespace `directory.sync`, key `state`), validated on read:
 * where the System Log is read from next, and when the last syncs finished.
 */
import { z } from 'zod';
import type { Store } from '../../store/index.ts';

export const syncStateNamespace = 'directory.sync';
const key = 'state';

export const syncStateSchema = z.object({
  /** The poller's next URL (path and query: Okta's opaque `after` cursor). */
  logCursor: z.string(),
  /** The ISO time the cursor stands at (the last event read, or where the last full sync started reading). */
  logSince: z.string(),
  lastFullSyncAt: z.number().nullable(),
  lastIncrementalSyncAt: z.number().nullable(),
});
export type SyncState = z.infer<typeof syncStateSchema>;

/** The stored state, or undefined before the first full sync (or when it does not parse: a full sync rebuilds it). */
export async function readSyncState(store: Pick<Store, 'kvGet'>): Promise<SyncState | undefined> {
  const entry = await store.kvGet(syncStateNamespace, key);
  const parsed = syncStateSchema.safeParse(entry?.value);
  return parsed.success ? parsed.data : undefined;
}

export async function writeSyncState(store: Pick<Store, 'kvPut'>, state: SyncState): Promise<void> {
  await store.kvPut(syncStateNamespace, key, state);
}
