/** The engine's public surface: durable runs, a step journal, waits, timers and schedules. Knows no Okta. */
export * from './contract.ts';
export { createEngine, type Engine, type EngineOptions, type StartRunInput, type ScheduleInput, type ScheduleView } from './engine.ts';
export {
  NonRetriableError,
  RetryAfterError,
  WorkflowNondeterministicError,
  WorkflowNotFoundError,
  RunNotFoundError,
  StepFailedError,
  WorkflowOutputInvalidError,
  ScheduleInvalidError,
} from './errors.ts';
export type { EngineLogger } from './internal/logger.ts';
