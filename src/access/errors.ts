/**
 * Errors of the access layer. A refusal by a rule names the rule (`rule`), in the same words the
 * API, the CLI and chat show.
 */
import { GatehouseError } from '../common/errors.ts';
import { describeIssues, type Issue } from '../common/issues.ts';

/** A resource, role, policy or profile definition is invalid; `issues` lists each field. */
export class AccessConfigError extends GatehouseError {
  readonly issues: Issue[];

  constructor(what: string, issues: Issue[]) {
    super('ACCESS_CONFIG_INVALID', `${what} is invalid: ${describeIssues(issues)}.`);
    this.issues = issues;
  }
}

/** A request, extension or decision refused by a rule (`rule` names it, e.g. `policy:standard.maxDuration`). */
export class AccessDeniedByPolicyError extends GatehouseError {
  readonly rule: string;

  constructor(rule: string, message: string) {
    super('ACCESS_DENIED_BY_POLICY', message);
    this.rule = rule;
  }
}

/** The request is not in a state that allows this. */
export class AccessRequestConflictError extends GatehouseError {
  constructor(message: string) {
    super('ACCESS_REQUEST_CONFLICT', message);
  }
}

/** A resource, policy, profile, request or person does not exist. */
export class AccessNotFoundError extends GatehouseError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
