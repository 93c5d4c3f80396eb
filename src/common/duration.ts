/**
 * Durations at the edges (SDK, CLI, chat) are `ms`-style strings or numbers of milliseconds; they are
 * normalised once, here, to milliseconds (CONVENTIONS 10).
 */

const unitMs: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/** A duration as written at an edge: `'8h'`, `'30 minutes'`, `'1h30m'`, or milliseconds. */
export type Duration = number | string;

/** Thrown for a duration that cannot be read; the message says what is accepted. */
export class DurationError extends RangeError {}

/**
 * Converts a {@link Duration} to milliseconds.
 * @example
 * parseDuration('8h'); // 28800000
 * parseDuration('1h30m'); // 5400000
 */
export function parseDuration(value: Duration): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new DurationError(`A duration in milliseconds must be a non-negative finite number, got ${value}.`);
    return Math.round(value);
  }
  const text = value.trim().toLowerCase();
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)/g;
  let total = 0;
  let consumed = '';
  for (const match of text.matchAll(part)) {
    const amount = Number(match[1]);
    const unit = unitMs[match[2] as string];
    if (unit === undefined) throw new DurationError(`Unknown unit "${match[2]}" in duration "${value}"; use ms, s, m, h, d or w (e.g. "8h", "30m", "2d").`);
    total += amount * unit;
    consumed += match[0];
  }
  if (consumed.replace(/\s+/g, '') !== text.replace(/\s+/g, '') || consumed === '') {
    throw new DurationError(`"${value}" is not a duration; write it like "8h", "30m", "1h30m" or "2 days".`);
  }
  return Math.round(total);
}

/** Formats milliseconds for people: `8h`, `1h 30m`, `2d 4h`, `45s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, seconds] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / seconds);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * seconds;
  }
  return parts.slice(0, 2).join(' ');
}
