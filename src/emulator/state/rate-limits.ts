/**
 * Okta's per-minute rate-limit buckets (reference §3.4) and a concurrency limit. Windows start with a
 * bucket's first request and last a minute (not wall-clock aligned, as Okta's are not).
 */

export const rateLimitPlans = ['off', 'free', 'enterprise', 'workforce'] as const;
export type RateLimitPlan = (typeof rateLimitPlans)[number];

interface BucketDef {
  name: string;
  methods: readonly string[] | null;
  /** Matches a path; exact buckets are listed before prefix ones, and the first match wins. */
  match: (path: string) => boolean;
  limits: Record<Exclude<RateLimitPlan, 'off'>, number>;
}

const seg = '[^/]+';
const re = (source: string) => {
  const r = new RegExp(`^${source}$`);
  return (path: string) => r.test(path);
};

const buckets: readonly BucketDef[] = [
  { name: '/oauth2/v1/token', methods: null, match: re('/oauth2/v1/token'), limits: { free: 300, enterprise: 1200, workforce: 2000 } },
  { name: '/oauth2/v1/clients', methods: null, match: re('/oauth2/v1/clients(/.*)?'), limits: { free: 25, enterprise: 100, workforce: 100 } },
  { name: 'GET,POST /api/v1/users', methods: ['GET', 'POST'], match: re('/api/v1/users'), limits: { free: 100, enterprise: 600, workforce: 600 } },
  { name: 'GET /api/v1/users/{id}', methods: ['GET'], match: re(`/api/v1/users/${seg}`), limits: { free: 100, enterprise: 1000, workforce: 2000 } },
  { name: 'POST,PUT,DELETE /api/v1/users/{id}', methods: ['POST', 'PUT', 'DELETE'], match: re(`/api/v1/users/${seg}`), limits: { free: 100, enterprise: 600, workforce: 600 } },
  { name: '/api/v1/groups', methods: null, match: re('/api/v1/groups'), limits: { free: 100, enterprise: 600, workforce: 500 } },
  { name: '/api/v1/groups/{id}', methods: null, match: re(`/api/v1/groups/${seg}`), limits: { free: 100, enterprise: 600, workforce: 1000 } },
  { name: '/api/v1/apps/{id}', methods: null, match: re(`/api/v1/apps/${seg}`), limits: { free: 100, enterprise: 600, workforce: 500 } },
  { name: '/api/v1/apps', methods: null, match: re('/api/v1/apps(/.*)?'), limits: { free: 20, enterprise: 100, workforce: 100 } },
  { name: '/api/v1/logs', methods: null, match: re('/api/v1/logs'), limits: { free: 20, enterprise: 50, workforce: 120 } },
  { name: '/api/v1', methods: null, match: re('/api/v1/.*'), limits: { free: 100, enterprise: 600, workforce: 1200 } },
];

const concurrency: Record<Exclude<RateLimitPlan, 'off'>, number> = { free: 35, enterprise: 75, workforce: 75 };

/** Which bucket a request falls in; undefined for unlimited paths (keys, well-known, operator API). */
export function bucketFor(method: string, path: string): string | undefined {
  for (const b of buckets) if ((b.methods === null || b.methods.includes(method)) && b.match(path)) return b.name;
  return undefined;
}

export interface RateLimitDecision {
  bucket: string;
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
  allowed: boolean;
  reason: 'ok' | 'rate' | 'concurrency' | 'burst';
  /** The first refusal of its kind in this window (Okta logs a violation once, not per refused call). */
  firstRefusal: boolean;
}

/** Counts requests per bucket and decides when to answer 429. */
export class RateLimiter {
  private plan: RateLimitPlan;
  private readonly windows = new Map<string, { start: number; count: number; refused: boolean }>();
  /** When the last concurrency refusal was logged (ms); at most one a minute. */
  private concurrencyLoggedAt = -Infinity;
  private running = 0;
  /** The next N limited requests get a 429 regardless (operator "burst of 429s"). */
  burst = 0;
  /** Requests seen per bucket since start or the last reset (benchmarks read them). */
  readonly counts = new Map<string, number>();
  /** Requests answered 429 since start or the last reset. */
  rejected = 0;
  concurrencyLimit: number;

  constructor(plan: RateLimitPlan, concurrencyLimit?: number) {
    this.plan = plan;
    this.concurrencyLimit = concurrencyLimit ?? (plan === 'off' ? Infinity : concurrency[plan]);
  }

  setPlan(plan: RateLimitPlan): void {
    this.plan = plan;
    this.concurrencyLimit = plan === 'off' ? Infinity : concurrency[plan];
    this.windows.clear();
  }

  get currentPlan(): RateLimitPlan {
    return this.plan;
  }

  /** Records a request and decides; call `release()` when a counted request ends. */
  take(method: string, path: string, nowMs: number): RateLimitDecision | undefined {
    const name = bucketFor(method, path);
    if (name === undefined) return undefined;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    const def = buckets.find((b) => b.name === name) as BucketDef;
    const limit = this.plan === 'off' ? 1_000_000 : def.limits[this.plan];
    let w = this.windows.get(name);
    if (!w || nowMs - w.start >= 60_000) {
      w = { start: nowMs, count: 0, refused: false };
      this.windows.set(name, w);
    }
    const reset = Math.ceil((w.start + 60_000) / 1000);
    if (this.burst > 0) {
      // An injected burst clears after a second, so clients that wait for X-Rate-Limit-Reset retry promptly.
      this.burst--;
      this.rejected++;
      return { bucket: name, limit, remaining: 0, reset: Math.ceil(nowMs / 1000) + 1, allowed: false, reason: 'burst', firstRefusal: false };
    }
    if (this.running >= this.concurrencyLimit) {
      // Okta: "the first two headers are 0 and Reset is an estimate" (reference §3.4).
      this.rejected++;
      const firstRefusal = nowMs - this.concurrencyLoggedAt >= 60_000;
      if (firstRefusal) this.concurrencyLoggedAt = nowMs;
      return { bucket: name, limit: 0, remaining: 0, reset: Math.ceil(nowMs / 1000) + 1, allowed: false, reason: 'concurrency', firstRefusal };
    }
    if (this.plan !== 'off' && w.count >= limit) {
      this.rejected++;
      const firstRefusal = !w.refused;
      w.refused = true;
      return { bucket: name, limit, remaining: 0, reset, allowed: false, reason: 'rate', firstRefusal };
    }
    w.count++;
    this.running++;
    return { bucket: name, limit, remaining: Math.max(0, limit - w.count), reset, allowed: true, reason: 'ok', firstRefusal: false };
  }

  /** Ends a request `take` admitted (call exactly once per admitted request). */
  release(): void {
    if (this.running > 0) this.running--;
  }

  /** Requests admitted and not yet answered (what the concurrency limit counts). */
  get inFlight(): number {
    return this.running;
  }

  resetCounts(): void {
    this.counts.clear();
    this.rejected = 0;
    this.windows.clear();
    this.concurrencyLoggedAt = -Infinity;
  }
}
