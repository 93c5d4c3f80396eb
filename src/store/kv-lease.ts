/**
 * A lease kept in the store's kv table: at most one holder at a time among the processes sharing a
 * database, taken and renewed with compare-and-set on the document's version, so two processes
 * racing for it cannot both win. A holder that stops renewing (a crash) loses it `ttlMs` after its
 * last renewal, and anyone may take it then; `release()` hands it over at once.
 *
 * `until` is a time on the writer's clock and is compared with the reader's: the TTL must dwarf
 * the clock skew between hosts (it is minutes where it is used). The lease is not a fence: a holder
 * paused past its TTL may still finish what it started, so what it guards must stay correct (if
 * wasteful) when two runs overlap. Within one lease object, operations run one at a time, so a
 * heartbeat's renewal and a `release()` never race.
 */
import { z } from 'zod';
import type { Clock } from '../common/clock.ts';
import type { Store } from './create-store.ts';

/** The stored document. */
export const leaseRecordSchema = z.object({
  /** Who holds it (unique per process). */
  holder: z.string(),
  /** Held until this time (ms since epoch); a released lease has 0. */
  until: z.number(),
});
export type LeaseRecord = z.infer<typeof leaseRecordSchema>;

/** What the lease needs of the store. */
export type LeaseStore = Pick<Store, 'kvGet' | 'kvPutIfVersion'>;

export interface KvLeaseOptions {
  store: LeaseStore;
  clock: Clock;
  namespace: string;
  key: string;
  /** This process's id (e.g. `hostname:pid:random`); two processes must never share one. */
  holder: string;
  /** How long a taking or a renewal holds it. */
  ttlMs: number;
}

/** A lease's stored document, whoever holds it (undefined when absent or unreadable). */
export async function readLease(store: Pick<LeaseStore, 'kvGet'>, namespace: string, key: string): Promise<LeaseRecord | undefined> {
  const parsed = leaseRecordSchema.safeParse((await store.kvGet(namespace, key))?.value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Creates a lease on one kv document.
 * @example
 * const lease = createKvLease({ store, clock, namespace: 'directory.sync', key: 'leader', holder: 'host:123:ab12', ttlMs: 180_000 });
 * if (await lease.acquire()) await work();
 * await lease.release();
 */
export function createKvLease(options: KvLeaseOptions) {
  const { store, clock, namespace, key, holder, ttlMs } = options;
  if (!holder) throw new RangeError('a lease needs a non-empty holder id');
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`a lease's ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  // The document's version as we last wrote it while holding the lease; undefined when not ours.
  let version: number | undefined;
  let until = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = chain.then(work, work);
    chain = result.catch(() => undefined);
    return result;
  };
  const write = async (expected: number, record: LeaseRecord): Promise<boolean> => {
    const written = await store.kvPutIfVersion(namespace, key, record, expected);
    version = written && record.until > 0 ? written.version : undefined;
    until = version === undefined ? 0 : record.until;
    return version !== undefined;
  };

  return {
    holder,
    /**
     * Takes the lease when it is free, expired, released or unreadable, or renews it when it is
     * ours. True when this process now holds it for `ttlMs`; false when another one does (or wrote first).
     */
    acquire: (): Promise<boolean> =>
      serial(async () => {
        const entry = await store.kvGet(namespace, key);
        const now = clock.now();
        const parsed = leaseRecordSchema.safeParse(entry?.value);
        if (entry && parsed.success && parsed.data.holder !== holder && parsed.data.until > now) {
          version = undefined;
          until = 0;
          return false;
        }
        return write(entry?.version ?? 0, { holder, until: now + ttlMs });
      }),
    /**
     * Extends the lease when this process holds it (it may have expired, as long as nobody took it
     * meanwhile). False when it is not ours, or no longer: then `acquire()` is the way back.
     */
    renew: (): Promise<boolean> =>
      serial(async () => {
        if (version === undefined) return false;
        return write(version, { holder, until: clock.now() + ttlMs });
      }),
    /** Gives the lease up so another process may take it at once; a no-op when it is not ours. */
    release: (): Promise<void> =>
      serial(async () => {
        if (version !== undefined) await write(version, { holder, until: 0 });
        version = undefined;
        until = 0;
      }),
    /** Whether this process holds the lease as far as it knows (its last write, not yet expired on this clock). */
    held: (): boolean => version !== undefined && until > clock.now(),
    /** The stored document, whoever holds it (undefined when absent or unreadable). */
    read: (): Promise<LeaseRecord | undefined> => readLease(store, namespace, key),
  };
}

/** A lease's type. */
export type KvLease = ReturnType<typeof createKvLease>;
