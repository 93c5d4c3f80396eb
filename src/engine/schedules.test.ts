import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import { testDatabases } from '../store/testing/index.ts';
import { ScheduleInvalidError, WorkflowNotFoundError, createEngine } from './index.ts';
import { createRegistry } from './internal/testing.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const T0 = Date.UTC(2026, 0, 1); // a Thursday, 00:00 UTC
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe.each(databases)('schedules on $name', (database) => {
  it('creates exactly one run per fire time even with several workers ticking at once', async () => {
    const clock = createFakeClock(T0);
    const stores = database.name === 'postgres' ? await database.openShared(3, { clock }) : [await database.open({ clock })];
    const registry = createRegistry();
    const inputs: unknown[] = [];
    registry.set('review', async (_step, input) => void inputs.push(input));
    const engines = [0, 1, 2].map((i) => createEngine({ store: stores[i % stores.length]!, clock, workflows: registry.lookup, workerId: `w${i}` }));
    const view = await engines[0]!.upsertSchedule({ id: 'daily-review', workflowId: 'review', cron: '0 9 * * *', timezone: 'Europe/Paris', input: { scope: 'all' } });
    expect(view).toMatchObject({ nextFireAt: T0 + 8 * HOUR, lastFireAt: null, enabled: true, timezone: 'Europe/Paris' });

    const tickAll = () => Promise.all(engines.map((e) => e.runUntilIdle()));
    clock.advance(8 * HOUR - 1);
    await tickAll();
    expect(await engines[0]!.listRuns()).toEqual([]);
    clock.advance(1);
    await tickAll();
    await tickAll();
    let runs = await engines[1]!.listRuns({ workflowId: 'review' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', meta: { trigger: 'schedule', scheduleId: 'daily-review', fireAt: T0 + 8 * HOUR } });
    expect(inputs).toEqual([{ scope: 'all' }]);

    clock.advance(DAY);
    await tickAll();
    runs = await engines[2]!.listRuns({ workflowId: 'review' });
    expect(runs).toHaveLength(2);

    // Three days down: the missed fire times collapse into one run, for the latest one.
    clock.advance(3 * DAY);
    await tickAll();
    runs = await engines[0]!.listRuns({ workflowId: 'review' });
    expect(runs).toHaveLength(3);
    expect(runs[0]!.meta).toMatchObject({ fireAt: T0 + 8 * HOUR + 4 * DAY });
    expect((await engines[0]!.listSchedules())[0]).toMatchObject({ lastFireAt: T0 + 8 * HOUR + 4 * DAY, nextFireAt: T0 + 8 * HOUR + 5 * DAY });
  });

  it('validates cron, time zone and workflow, and removes schedules', async () => {
    const clock = createFakeClock(T0);
    const store = await database.open({ clock });
    const registry = createRegistry();
    registry.set('w', async () => undefined);
    const engine = createEngine({ store, clock, workflows: registry.lookup, workerId: 'w' });
    await expect(engine.upsertSchedule({ id: 's', workflowId: 'w', cron: 'every day', input: null })).rejects.toBeInstanceOf(ScheduleInvalidError);
    await expect(engine.upsertSchedule({ id: 's', workflowId: 'w', cron: '0 9 * * *', timezone: 'Mars/Olympus', input: null })).rejects.toBeInstanceOf(ScheduleInvalidError);
    await expect(engine.upsertSchedule({ id: 's', workflowId: 'w', cron: '0 0 30 2 *', input: null })).rejects.toBeInstanceOf(ScheduleInvalidError);
    await expect(engine.upsertSchedule({ id: 's', workflowId: 'nope', cron: '0 9 * * *', input: null })).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await engine.upsertSchedule({ id: 's', workflowId: 'w', cron: '*/15 * * * *', input: null, enabled: false });
    clock.advance(HOUR);
    await engine.runUntilIdle();
    expect(await engine.listRuns()).toEqual([]);
    await engine.upsertSchedule({ id: 's', workflowId: 'w', cron: '*/15 * * * *', input: null });
    expect((await engine.listSchedules()).map((s) => [s.id, s.nextFireAt])).toEqual([['s', T0 + HOUR + 15 * 60_000]]);
    expect(await engine.removeSchedule('s')).toBe(true);
    expect(await engine.listSchedules()).toEqual([]);
  });
});
