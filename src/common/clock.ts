/** A source of "now", injected everywhere time matters (CONVENTIONS 12). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; shared by tests, the engine and the emulator. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jumps to an absolute time (ms since epoch); it may not go backwards. */
  set(ms: number): void;
}

/**
 * Creates a {@link FakeClock} starting at `start` (ms since epoch or a Date).
 * @example
 * const clock = createFakeClock(Date.UTC(2026, 0, 1));
 * clock.advance(8 * 3600_000);
 */
export function createFakeClock(start: number | Date = Date.UTC(2026, 0, 1)): FakeClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes a non-negative number of milliseconds, got ${ms}`);
      current += ms;
    },
    set(ms) {
      if (ms < current) throw new RangeError('a fake clock never goes backwards');
      current = ms;
    },
  };
}

/** A clock that reads another clock plus an offset the owner may move forward (the emulator's operator API uses it). */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
  offset(): number;
}

/** Wraps `base` so that time can be moved forward without touching the base clock. */
export function createOffsetClock(base: Clock): OffsetClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes a non-negative number of milliseconds, got ${ms}`);
      offset += ms;
    },
    offset: () => offset,
  };
}
