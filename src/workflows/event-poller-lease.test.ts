/**
 * The System Log poller for event triggers across processes, on SQLite and PostgreSQL: two pollers
 * on two stores sharing one database, each with its own Okta client to the emulator. Only the lease
 * holder reads the System Log; a crashed holder is replaced once its lease has run out; `stop()`
 * hands over at once; an event seen is started once. The clock is fake: nothing waits for real time.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../store/testing/index.ts';
import { createOktaEventPoller } from './event-triggers.ts';
import { defineWorkflow, z } from './sdk.ts';
import { createTestRuntime, emulatorOktaClient, type TestRuntime } from './testing.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);
const TTL = 45_000;

const onSuspend = defineWorkflow({
  id: 'lease-on-suspend',
  title: 'Note suspensions',
  description: 'Runs when Okta suspends someone.',
  examples: [],
  input: z.object({ userId: z.string().describe('the suspended user') }),
  access: 'team',
  trigger: { type: 'event', source: 'okta', events: ['user.lifecycle.suspend'], toInput: (e) => ({ userId: String((e.target as { id: string }[])[0]?.id) }) },
  async run(_ctx, input) {
    return { seen: input.userId };
  },
});

describe.each(databases)('the event-trigger poller across processes on $name', (database) => {
  let t: TestRuntime | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function setup() {
    t = await createTestRuntime({ seed: 'demo', users: 30, workflows: [onSuspend] });
    const rt = t;
    const [storeA, storeB] = await database.openShared(2, { clock: rt.clock });
    const starts: string[] = [];
    const proc = (holder: string, store: NonNullable<typeof storeA>) => {
      let logReads = 0;
      const okta = emulatorOktaClient(rt.emulator, {
        clock: rt.clock,
        fetch: async (input, init) => {
          if (String(input instanceof Request ? input.url : input).includes('/api/v1/logs')) logReads++;
          return globalThis.fetch(input, init);
        },
      });
      // Each process's runtime sees the same workflows; a start is recorded with its idempotency key.
      const runtime = { list: () => [onSuspend], start: async (_id: string, _input: unknown, options: { idempotencyKey?: string }) => (starts.push(options.idempotencyKey ?? ''), options.idempotencyKey ?? '') };
      const poller = createOktaEventPoller({ okta, runtime, store, clock: rt.clock, lease: { store, holder, ttlMs: TTL } });
      return { poller, logReads: () => logReads };
    };
    return { rt, a: proc('host-a:1:aaaa', storeA!), b: proc('host-b:2:bbbb', storeB!), starts };
  }

  it('only the holder reads the System Log; the other takes over once the holder has been silent past the TTL', async () => {
    const { rt, a, b, starts } = await setup();
    expect(await a.poller.pollIfLeader()).toBe(true);
    expect(await b.poller.pollIfLeader()).toBe(false);
    const victim = [...rt.emulator.context.org.users.values()].find((u) => u.status === 'ACTIVE')!;
    await rt.okta.users.suspend(victim.id);
    for (let i = 0; i < 3; i++) {
      rt.clock.advance(15_000);
      expect(await b.poller.pollIfLeader()).toBe(false);
      expect(await a.poller.pollIfLeader()).toBe(true);
    }
    expect(b.logReads()).toBe(0);
    expect(a.logReads()).toBeGreaterThan(0);
    expect(starts).toHaveLength(1);

    // a crashes: b takes over only when a's last renewal is a TTL old, and carries on from the stored cursor.
    rt.clock.advance(TTL - 1);
    expect(await b.poller.pollIfLeader()).toBe(false);
    rt.clock.advance(1);
    await rt.okta.users.unsuspend(victim.id);
    await rt.okta.users.suspend(victim.id);
    expect(await b.poller.pollIfLeader()).toBe(true);
    expect(b.logReads()).toBeGreaterThan(0);
    expect(starts).toHaveLength(2);
    expect(new Set(starts).size).toBe(2);
    expect(await a.poller.pollIfLeader()).toBe(false);
  });

  it('stop() hands the lease over at once', async () => {
    const { a, b } = await setup();
    expect(await a.poller.pollIfLeader()).toBe(true);
    expect(await b.poller.pollIfLeader()).toBe(false);
    await a.poller.stop();
    expect(await b.poller.pollIfLeader()).toBe(true);
  });
});
