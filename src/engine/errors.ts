/** The engine's errors. Step authors throw the first two; the engine throws the rest. */
import { GatehouseError } from '../common/errors.ts';

/** Thrown by a step: retrying cannot help, so the step fails at once (and the run, unless the workflow catches it). */
export class NonRetriableError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKFLOW_NON_RETRIABLE', message, options);
  }
}

/**
 * Thrown by a step: retry at `retryAt` (ms since epoch, or a Date) instead of after the usual
 * backoff. Any error with a numeric `retryAtMs` property is treated the same way (that is how the
 * Okta client's rate-limit error reaches the engine without the engine knowing Okta).
 */
export class RetryAfterError extends GatehouseError {
  readonly retryAtMs: number;
  constructor(message: string, retryAt: number | Date, options?: { cause?: unknown }) {
    super('WORKFLOW_RETRY_AFTER', message, options);
    this.retryAtMs = typeof retryAt === 'number' ? retryAt : retryAt.getTime();
  }
}

/** A replay met step calls that do not match the run's journal. */
export class WorkflowNondeterministicError extends GatehouseError {
  constructor(message: string) {
    super('WORKFLOW_NONDETERMINISTIC', message);
  }
}

/** No workflow is registered under the id. */
export class WorkflowNotFoundError extends GatehouseError {
  readonly workflowId: string;
  constructor(workflowId: string) {
    super('WORKFLOW_NOT_FOUND', `No workflow is installed with id ${JSON.stringify(workflowId)}.`);
    this.workflowId = workflowId;
  }
}

/** No run has the id. */
export class RunNotFoundError extends GatehouseError {
  readonly runId: string;
  constructor(runId: string) {
    super('RUN_NOT_FOUND', `No run has id ${JSON.stringify(runId)}.`);
    this.runId = runId;
  }
}

/**
 * What a step tool throws into the workflow when the step failed for good (attempts used up, or
 * `NonRetriableError`). The same error is thrown on replay (built from the journal), so a workflow
 * that catches it behaves the same both times. `stepError` keeps the step error's own code.
 */
export class StepFailedError extends GatehouseError {
  readonly stepId: string;
  readonly stepError: { code: string; message: string };
  constructor(stepId: string, stepError: { code: string; message: string }, options?: { cause?: unknown }) {
    super('WORKFLOW_STEP_FAILED', `Step "${stepId}" failed: ${stepError.message}`, options);
    this.stepId = stepId;
    this.stepError = stepError;
  }
}

/** A step or workflow returned something that is not JSON. */
export class WorkflowOutputInvalidError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKFLOW_OUTPUT_INVALID', message, options);
  }
}

/** A schedule's cron expression or time zone is invalid. */
export class ScheduleInvalidError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SCHEDULE_INVALID', message, options);
  }
}
