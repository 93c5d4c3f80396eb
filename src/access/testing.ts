/**
 * Test support for the access layer: a real emulator over HTTP and, on one fake clock, a real
 * store (a SQLite file, or a PostgreSQL schema, so `restart()` can stop everything but the
 * emulator and the database and build it all again, as a restarted server would), the engine, the
 * workflow runtime and the access layer. Nothing is mocked.
 * @example
 * const t = await createAccessTestbed();
 * await t.access.sync.full();
 * await t.restart();
 * await t.advance('8h');
 * await t.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock, type FakeClock } from '../common/clock.ts';
import { parseDuration, type Duration } from '../common/duration.ts';
import type { EngineWorkflow } from '../engine/contract.ts';
import { createEngine } from '../engine/index.ts';
// Test support embeds the emulator, as the composition root does (.dependency-cruiser.cjs allows this file).
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import type { OktaClient } from '../okta/index.ts';
import { createStore, type Store, type StoreOptions } from '../store/index.ts';
import { createKvApprovalRepository } from '../workflows/approval-repository.ts';
import { createApprovals, type ApprovalRepository, type Approvals } from '../workflows/approvals.ts';
import { createRequestIdRecorder } from '../workflows/internal/request-ids.ts';
import { createOutboxNotifier, type SentNotification } from '../workflows/notifier.ts';
import { createWorkflowRuntime, type WorkflowRuntime } from '../workflows/runtime.ts';
import type { AnyWorkflow } from '../workflows/sdk.ts';
import { emulatorOktaClient } from '../workflows/testing.ts';
import { createAccess, type Access } from './index.ts';

/** One "process": everything but the emulator and the database. */
export interface AccessProcess {
  store: Store;
  engine: ReturnType<typeof createEngine>;
  runtime: WorkflowRuntime;
  approvals: Approvals;
  approvalRepository: ApprovalRepository;
  access: Access;
}

export interface AccessTestbed {
  emulator: RunningEmulator;
  okta: OktaClient;
  clock: FakeClock;
  /** Every notification sent, across restarts. */
  notifications: SentNotification[];
  readonly process: AccessProcess;
  readonly access: Access;
  readonly store: Store;
  /** Stops the engine and closes the store, then builds everything again on the same database. */
  restart(): Promise<void>;
  /** Drives the engine until nothing is due now. */
  drive(): Promise<void>;
  /** Moves the clock forward and drives the engine. */
  advance(duration: Duration): Promise<void>;
  close(): Promise<void>;
}

/** Starts an emulator and a Gatehouse "process" on a fresh database. */
export async function createAccessTestbed(options: { seed?: 'demo' | 'empty'; users?: number; database?: 'sqlite' | { postgresUrl: string; schema: string }; workflows?: AnyWorkflow[] } = {}): Promise<AccessTestbed> {
  const clock = createFakeClock(Date.now());
  const emulator = await startEmulator({ port: 0, seed: options.seed ?? 'demo', clock, ...(options.users !== undefined ? { users: options.users } : {}) });
  const requestIds = createRequestIdRecorder();
  const okta = emulatorOktaClient(emulator, { clock, fetch: requestIds.fetch });
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-access-'));
  const storeOptions: StoreOptions =
    options.database && options.database !== 'sqlite'
      ? { kind: 'postgres', url: options.database.postgresUrl, schema: options.database.schema, clock, poolSize: 4 }
      : { kind: 'sqlite', file: join(dir, 'gatehouse.db'), clock };
  const notifications: SentNotification[] = [];

  async function boot(): Promise<AccessProcess> {
    const store = await createStore(storeOptions);
    const notifier = createOutboxNotifier({ store, clock, listeners: [(n) => notifications.push(n)] });
    let resolve: (id: string) => EngineWorkflow | undefined = () => undefined;
    const engine = createEngine({ store, clock, workflows: (id) => resolve(id), workerId: 'test-worker' });
    const approvalRepository = createKvApprovalRepository(store);
    const approvals = createApprovals({ repository: approvalRepository, signal: (key, payload) => engine.signal(key, payload), clock, audit: store });
    const runtime = createWorkflowRuntime({ engine, okta: () => okta, approvals: approvalRepository, notifier, clock, audit: store, requestIds });
    for (const workflow of options.workflows ?? []) runtime.register(workflow);
    const access = createAccess({
      store,
      okta: () => okta,
      clock,
      engine,
      approvals,
      approvalRepository,
      notifier,
      publish: runtime.publish,
      requestIds,
      startWorkflow: (workflowId, input, o) => runtime.start(workflowId, input, o),
    });
    resolve = (id) => access.resolve(id) ?? runtime.resolve(id);
    return { store, engine, runtime, approvals, approvalRepository, access };
  }

  let current = await boot();
  const drive = async () => {
    await current.engine.runUntilIdle();
  };
  return {
    emulator,
    okta,
    clock,
    notifications,
    get process() {
      return current;
    },
    get access() {
      return current.access;
    },
    get store() {
      return current.store;
    },
    async restart() {
      await current.engine.stop();
      await current.store.close();
      current = await boot();
    },
    drive,
    async advance(duration) {
      clock.advance(parseDuration(duration));
      await drive();
    },
    async close() {
      await current.engine.stop();
      await current.store.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
