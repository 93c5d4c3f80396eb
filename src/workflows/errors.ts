/**
 * Errors of the workflows layer, and the translation of Okta errors into the engine's retry
 * decisions (CONVENTIONS 6): a 429 becomes a retry at the reset time, a 4xx a non-retriable failure,
 * anything else (5xx, network, timeout) is left to the engine's backoff.
 */
import { GatehouseError } from '../common/errors.ts';
import { describeIssues, type Issue } from '../common/issues.ts';
import { NonRetriableError, RetryAfterError } from '../engine/index.ts';
import { OktaApiError, OktaAuthError, OktaRateLimitError } from '../okta/index.ts';

export { NonRetriableError, RetryAfterError };

/** A workflow's input does not match its schema; `issues` lists each field and what it expects. */
export class WorkflowInputError extends GatehouseError {
  readonly issues: Issue[];

  constructor(workflowId: string, issues: Issue[]) {
    super('WORKFLOW_INPUT_INVALID', `Input for workflow "${workflowId}" is invalid: ${describeIssues(issues)}.`);
    this.issues = issues;
  }
}

/** No workflow with this id is installed or in the catalog. */
export class WorkflowUnknownError extends GatehouseError {
  constructor(workflowId: string, known: string[]) {
    super('WORKFLOW_UNKNOWN', `There is no workflow "${workflowId}". Known workflows: ${known.join(', ') || 'none installed (gatehouse workflows install <id>)'}.`);
  }
}

/** An approval cannot be decided by this person or is no longer pending. */
export class ApprovalError extends GatehouseError {
  readonly reason: 'not_found' | 'not_an_approver' | 'already_decided' | 'self_approval';

  constructor(reason: ApprovalError['reason'], message: string) {
    super('APPROVAL_REFUSED', message);
    this.reason = reason;
  }
}

/** Translates an error thrown by an Okta call inside a step into the engine's retry decision. */
export function toStepError(error: unknown): unknown {
  if (error instanceof OktaRateLimitError) return new RetryAfterError(error.message, error.resetAt);
  if (error instanceof OktaAuthError) return new NonRetriableError(error.message, { cause: error });
  if (error instanceof OktaApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
    return new NonRetriableError(error.message, { cause: error });
  }
  return error;
}
