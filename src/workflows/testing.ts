/**
 * Test support for workflows: a real emulator over HTTP, a real store (SQLite in memory), the real
 * engine and runtime, all on one fake clock. Catalog tests and e2e tests use it; nothing is mocked.
 * @example
 * const t = await createTestRuntime({ seed: 'demo', workflows: [offboarding] });
 * const run = await t.run('offboarding', { user: 'jane@acme.example', graceDays: 0 });
 * expect(run.status).toBe('completed');
 * await t.close();
 */
import { createFakeClock, type Clock, type FakeClock } from '../common/clock.ts';
import { parseDuration, type Duration } from '../common/duration.ts';
import type { EngineWorkflow, RunView, StepView } from '../engine/contract.ts';
import { createEngine } from '../engine/index.ts';
// Test support embeds the emulator, as the composition root does (.dependency-cruiser.cjs allows this file).
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { createOktaClient, type OktaClient } from '../okta/index.ts';
import { createStore, type Store } from '../store/index.ts';
import { createKvApprovalRepository } from './approval-repository.ts';
import { createApprovals, type Approvals } from './approvals.ts';
import type { DryRunPlan } from './dry-run.ts';
import { createOktaEventPoller } from './event-triggers.ts';
import { createRequestIdRecorder } from './internal/request-ids.ts';
import { createOutboxNotifier, type SentNotification } from './notifier.ts';
import { createWorkflowRuntime, type WorkflowRuntime } from './runtime.ts';
import type { AnyWorkflow } from './sdk.ts';

/** What {@link createTestRuntime} gives a test. */
export interface TestRuntime {
  emulator: RunningEmulator;
  okta: OktaClient;
  clock: FakeClock;
  store: Store;
  engine: ReturnType<typeof createEngine>;
  runtime: WorkflowRuntime;
  approvals: Approvals;
  notifications: SentNotification[];
  /** Starts a run and drives the engine until nothing is due; returns the run as it then is. */
  run(workflowId: string, input: unknown, options?: { startedBy?: string }): Promise<RunView>;
  /** Drives the engine until nothing is due now. */
  drive(): Promise<void>;
  /** Moves the shared clock forward and drives the engine. */
  advance(duration: Duration): Promise<void>;
  getRun(runId: string): Promise<RunView>;
  steps(runId: string): Promise<StepView[]>;
  dryRun(workflowId: string, input: unknown, options?: { startedBy?: string }): Promise<DryRunPlan>;
  /** The System Log poller of `source: 'okta'` event triggers (poll once, then drive). */
  eventPoller: ReturnType<typeof createOktaEventPoller>;
  close(): Promise<void>;
}

/** An Okta client with the emulator's ready service-app credential (every scope, SUPER_ADMIN). */
export function emulatorOktaClient(emulator: Pick<RunningEmulator, 'url' | 'credential'>, options: { clock: Clock; fetch?: typeof fetch }): OktaClient {
  const { clientId, privateKey, scopes } = emulator.credential;
  return createOktaClient({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    orgUrl: emulator.url,
    credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' },
    scopes,
    clock: options.clock,
    allowInsecureRequests: true,
  });
}

/** Starts an emulator, a store, the engine and the runtime for a test. */
export async function createTestRuntime(options: { seed?: 'demo' | 'empty'; users?: number; workflows: AnyWorkflow[] }): Promise<TestRuntime> {
  // The fake clock starts at the real time: the emulator's tokens and log timestamps look real.
  const clock = createFakeClock(Date.now());
  const emulator = await startEmulator({ port: 0, seed: options.seed ?? 'demo', clock, ...(options.users !== undefined ? { users: options.users } : {}) });
  const requestIds = createRequestIdRecorder();
  const okta = emulatorOktaClient(emulator, { clock, fetch: requestIds.fetch });
  const store = await createStore({ kind: 'sqlite', file: ':memory:', clock });
  const notifications: SentNotification[] = [];
  const notifier = createOutboxNotifier({ store, clock, listeners: [(n) => notifications.push(n)] });
  let resolve: (id: string) => EngineWorkflow | undefined = () => undefined;
  const engine = createEngine({ store, clock, workflows: (id) => resolve(id), workerId: 'test-worker' });
  const repository = createKvApprovalRepository(store);
  const approvals = createApprovals({ repository, signal: (key, payload) => engine.signal(key, payload), clock, audit: store });
  const runtime = createWorkflowRuntime({ engine, okta: () => okta, approvals: repository, notifier, clock, audit: store, requestIds });
  resolve = (id) => runtime.resolve(id);
  for (const workflow of options.workflows) {
    runtime.register(workflow);
    for (const schedule of runtime.schedulesOf(workflow)) await engine.upsertSchedule(schedule);
  }

  const eventPoller = createOktaEventPoller({ okta, runtime, store, clock });
  const drive = async () => {
    await engine.runUntilIdle();
  };
  const getRun = async (runId: string) => {
    const run = await engine.getRun(runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    return run;
  };
  return {
    emulator,
    okta,
    clock,
    store,
    engine,
    runtime,
    approvals,
    notifications,
    async run(workflowId, input, runOptions = {}) {
      const runId = await runtime.start(workflowId, input, { startedBy: runOptions.startedBy ?? 'admin@acme.example' });
      await drive();
      return getRun(runId);
    },
    drive,
    async advance(duration) {
      clock.advance(parseDuration(duration));
      await drive();
    },
    getRun,
    steps: (runId) => engine.getSteps(runId),
    eventPoller,
    dryRun: (workflowId, input, dryOptions = {}) => runtime.dryRun(workflowId, input, { startedBy: dryOptions.startedBy ?? 'admin@acme.example' }),
    async close() {
      await engine.stop();
      await store.close();
      await emulator.close();
    },
  };
}
