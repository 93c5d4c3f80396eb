/** Cron arithmetic on croner, wrapped so that bad patterns and time zones become `ScheduleInvalidError`. */
import { Cron } from 'croner';
import { ScheduleInvalidError } from '../errors.ts';

/** The first fire time strictly after `after` (ms), or null when the pattern never fires again. */
export function nextFireTime(cron: string, timezone: string | null, after: number): number | null {
  let job: Cron;
  try {
    job = new Cron(cron, { paused: true, ...(timezone ? { timezone } : {}) });
    return job.nextRun(new Date(after))?.getTime() ?? null;
  } catch (cause) {
    throw new ScheduleInvalidError(
      `Schedule cron ${JSON.stringify(cron)}${timezone ? ` in time zone ${JSON.stringify(timezone)}` : ''} is invalid: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/**
 * The latest fire time at or before `now`, starting from the stored `nextFireAt`, and the one after
 * it. Missed fire times (the service was down) collapse into one run: catching up on every missed
 * hour after a weekend would flood the workers with stale work.
 */
export function latestDueFireTime(cron: string, timezone: string | null, nextFireAt: number, now: number): { fireAt: number; next: number | null } {
  let fireAt = nextFireAt;
  let next = nextFireTime(cron, timezone, fireAt);
  for (let i = 0; next !== null && next <= now && i < 100_000; i++) {
    fireAt = next;
    next = nextFireTime(cron, timezone, fireAt);
  }
  return { fireAt, next };
}
