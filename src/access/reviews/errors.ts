/**
 * Errors of access reviews (CONVENTIONS 3): an invalid campaign definition, a refused decision or
 * transition, an unknown campaign or item, and a revocation Gatehouse will not make (read-only group).
 */
import { GatehouseError } from '../../common/errors.ts';
import type { Issue } from '../../common/issues.ts';

/** A campaign definition (or a decision's input) is invalid; `issues` lists each field. */
export class ReviewInvalidError extends GatehouseError {
  readonly issues: Issue[];

  constructor(message: string, issues: Issue[] = []) {
    super('REVIEW_INVALID', message);
    this.issues = issues;
  }
}

/** Why a decision or a transition was refused. */
export type ReviewRefusalReason = 'not_a_reviewer' | 'self_review' | 'already_decided' | 'campaign_closed' | 'campaign_not_active' | 'invalid_transition' | 'invalid_reassignment';

/** A decision or transition was refused: not the item's reviewer, already decided, campaign closed, … */
export class ReviewRefusedError extends GatehouseError {
  readonly reason: ReviewRefusalReason;

  constructor(reason: ReviewRefusalReason, message: string) {
    super('REVIEW_REFUSED', message);
    this.reason = reason;
  }
}

/** No campaign or item has this id. */
export class ReviewNotFoundError extends GatehouseError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** Gatehouse will not change this group (rule-based, BUILT_IN or APP_GROUP); the change must be made in Okta. */
export class ReviewReadOnlyError extends GatehouseError {
  constructor(message: string) {
    super('DIRECTORY_READ_ONLY', message);
  }
}
