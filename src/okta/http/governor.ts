import type { Clock } from '../../common/clock.ts';
import { bucketOf } from './buckets.ts';

/**
 * The rate-limit governor: keeps a bulk job just under Okta's limits instead of bouncing off them.
 *
 * - Per bucket it remembers the last `X-Rate-Limit-Limit/Remaining/Reset` Okta sent and how many of
 *   its requests are still in flight; a request goes only while `remaining − inFlight > reserve`,
 *   otherwise it waits for the window's reset (plus jitter, so workers don't stampede).
 * - A global semaphore bounds concurrent requests below Okta's concurrency limit.
 * - A 429 sets the bucket to empty until its reset; the caller then retries.
 * Time comes from the injected clock and `sleep`, so tests run it under a fake clock.
 * @see https://developer.okta.com/docs/reference/rl-best-practices/
 */
export interface Governor {
  /** Waits for a slot for this request; returns a release function to call with the response headers (or none). */
  acquire(method: string, path: string, signal?: AbortSignal): Promise<(headers?: Headers) => void>;
  /** Marks a bucket exhausted until `resetAt` (epoch ms), as after a 429. */
  exhaust(method: string, path: string, resetAt: number): void;
  /** When the bucket of this request reopens (epoch ms), if it is known to be empty. */
  resetAt(method: string, path: string): number | undefined;
  /** Observed state, for progress displays and benchmarks. */
  snapshot(): Record<string, { limit: number; remaining: number; resetAt: number; inFlight: number }>;
}

export interface GovernorOptions {
  clock: Clock;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Concurrent requests at most (default 10; Okta's org limit is 35–75). */
  maxConcurrency?: number;
  /** Requests left unused in each window, as a margin for other clients of the org (default 0). */
  reserve?: number;
  /** Random in [0,1) for jitter (injectable for tests). */
  random?: () => number;
  /** Largest jitter added after a reset, ms (default 250). */
  maxJitterMs?: number;
}

interface BucketState {
  limit: number;
  remaining: number;
  /** Epoch ms. */
  resetAt: number;
  inFlight: number;
  known: boolean;
  /** Requests waiting for an answer of this bucket to arrive. */
  waiters: (() => void)[];
}

/** Creates a governor; one per Okta org, shared by everything that calls it (sync, workflows, CLI). */
export function createGovernor(options: GovernorOptions): Governor {
  const { clock, sleep } = options;
  const maxConcurrency = options.maxConcurrency ?? 10;
  const reserve = options.reserve ?? 0;
  const random = options.random ?? Math.random;
  const maxJitter = options.maxJitterMs ?? 250;
  const buckets = new Map<string, BucketState>();
  let active = 0;
  const waiters: (() => void)[] = [];

  const bucket = (key: string): BucketState => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { limit: 0, remaining: 0, resetAt: 0, inFlight: 0, known: false, waiters: [] }));
    return b;
  };

  const takeConcurrency = async (): Promise<void> => {
    if (active < maxConcurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const releaseConcurrency = (): void => {
    const next = waiters.shift();
    if (next) next();
    else active--;
  };

  const update = (b: BucketState, headers: Headers | undefined): void => {
    if (!headers) return;
    const limit = Number(headers.get('x-rate-limit-limit'));
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const reset = headers.get('x-rate-limit-reset');
    if (!reset || reset.includes(',') || !Number.isFinite(limit) || !Number.isFinite(remaining) || limit <= 0) return;
    const resetAt = Number(reset) * 1000;
    // Headers of an older window (answered late) must not overwrite a newer one.
    if (b.known && resetAt < b.resetAt) return;
    if (b.known && resetAt === b.resetAt && remaining > b.remaining) return;
    b.limit = limit;
    b.remaining = remaining;
    b.resetAt = resetAt;
    b.known = true;
  };

  return {
    async acquire(method, path, signal) {
      const key = bucketOf(method, path);
      const b = bucket(key);
      for (;;) {
        signal?.throwIfAborted();
        const now = clock.now();
        if (b.known && now >= b.resetAt && b.inFlight === 0) {
          // The window has reset: the full limit is back; the next answer confirms the new window.
          b.known = false;
        }
        const free = b.known ? b.remaining - b.inFlight > reserve : b.inFlight < (b.limit > 0 ? Math.min(b.limit, maxConcurrency) : 1);
        if (free) break;
        if (b.inFlight > 0) {
          // Answers in flight will tell us more (remaining, or a new window): wait for one.
          await new Promise<void>((resolve) => b.waiters.push(resolve));
          continue;
        }
        // Nothing in flight and the window is spent: sleep until it resets, plus jitter so workers don't stampede.
        await sleep(Math.max(1, b.resetAt - now) + Math.floor(random() * maxJitter), signal);
      }
      b.inFlight++;
      await takeConcurrency();
      let released = false;
      return (headers?: Headers) => {
        if (released) return;
        released = true;
        b.inFlight--;
        if (b.known && headers === undefined) b.remaining = Math.max(0, b.remaining - 1);
        update(b, headers);
        releaseConcurrency();
        for (const wake of b.waiters.splice(0)) wake();
      };
    },
    exhaust(method, path, resetAt) {
      const b = bucket(bucketOf(method, path));
      b.remaining = 0;
      b.resetAt = Math.max(resetAt, clock.now());
      b.known = true;
      if (b.limit === 0) b.limit = 1;
    },
    resetAt(method, path) {
      const b = buckets.get(bucketOf(method, path));
      return b && b.known && b.remaining - b.inFlight <= reserve ? b.resetAt : undefined;
    },
    snapshot() {
      return Object.fromEntries([...buckets].map(([k, b]) => [k, { limit: b.limit, remaining: b.remaining, resetAt: b.resetAt, inFlight: b.inFlight }]));
    },
  };
}
