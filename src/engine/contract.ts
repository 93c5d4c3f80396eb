/**
 * The engine's public contract: what the workflows layer (src/workflows) and the server build on.
 * The engine knows nothing of Okta; a workflow here is just an id and a `run` function over
 * {@link StepTools}. Everything a run does that must survive a crash goes through the tools, and
 * each tool call has an explicit id that is its key in the run's journal (CONVENTIONS 10, 11).
 */

/** A JSON value: what steps return and what the journal stores. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Per-step retry settings. */
export interface StepOptions {
  /** Attempts in all, the first included (default 4). 1 means no retries. */
  maxAttempts?: number;
  /** First backoff delay in ms (default 1000); doubles each attempt, with jitter, capped at 5 min. */
  backoffMs?: number;
}

/** The durable tools a workflow's run gets. Ids must be unique within a run. */
export interface StepTools {
  readonly runId: string;
  readonly workflowId: string;
  /**
   * Runs `fn` once and journals its JSON result; on replay returns the journaled result without
   * calling `fn`. A thrown `NonRetriableError` fails the run; a `RetryAfterError` (or any error with a
   * numeric `retryAtMs`) retries at that time; anything else retries with backoff until
   * `maxAttempts`, then fails the run.
   */
  step<T extends Json | void>(id: string, fn: () => Promise<T> | T, options?: StepOptions): Promise<T>;
  /** Suspends the run for `ms` (a durable timer in the store). */
  sleep(id: string, ms: number): Promise<void>;
  /** Suspends the run until `at` (ms since epoch); returns at once when `at` has passed. */
  sleepUntil(id: string, at: number): Promise<void>;
  /**
   * Suspends the run until `engine.signal(key, payload)` is called, or until `timeoutMs` passes.
   * Returns the payload, or `null` on timeout (it does not throw).
   */
  waitForSignal<T extends Json>(id: string, options: { key: string; timeoutMs?: number }): Promise<T | null>;
  /** "Now" as the engine's clock has it, journaled so that replay sees the same value. */
  now(id: string): Promise<number>;
}

/** A workflow as the engine sees it. */
export interface EngineWorkflow {
  id: string;
  run(tools: StepTools, input: Json): Promise<Json | void>;
}

/** The states of a run. `queued`, `running`, `sleeping` and `waiting` are live; the rest are final. */
export const runStatuses = ['queued', 'running', 'sleeping', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A run as the engine reports it. */
export interface RunView {
  id: string;
  workflowId: string;
  status: RunStatus;
  input: Json;
  output: Json | null;
  error: { code: string; message: string } | null;
  /** When a sleeping run or a waiting run's timeout is due (ms since epoch). */
  wakeAt: number | null;
  /** The signal key a waiting run waits for. */
  waitKey: string | null;
  attempt: number;
  createdAt: number;
  updatedAt: number;
  /** Free-form labels given at start (who started it, from which surface, …). */
  meta: Record<string, Json>;
}

/** One journal entry. */
export interface StepView {
  runId: string;
  seq: number;
  stepId: string;
  kind: 'step' | 'sleep' | 'wait' | 'now';
  status: 'completed' | 'failed' | 'pending';
  output: Json | null;
  error: { code: string; message: string } | null;
  attempts: number;
  startedAt: number;
  endedAt: number | null;
}
