import { GatehouseError } from '../common/errors.ts';

/** The database could not be opened or migrated. */
export class StoreOpenError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_OPEN_FAILED', message, options);
  }
}

/** A stored row did not have the shape the store wrote (a manual edit, or a newer schema). */
export class StoreDataInvalidError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_DATA_INVALID', message, options);
  }
}

/** An audit entry was refused: its action is not a dotted `noun.verb`, or its actor is empty. */
export class AuditEntryInvalidError extends GatehouseError {
  constructor(message: string) {
    super('AUDIT_ENTRY_INVALID', message);
  }
}

/** A fenced write was refused: the run is no longer leased by this worker (lease expired and taken over, or the run was cancelled). */
export class LeaseLostError extends GatehouseError {
  readonly runId: string;
  constructor(runId: string, owner: string) {
    super('RUN_LEASE_LOST', `Run ${runId} is no longer leased by worker ${owner}; the write was refused.`);
    this.runId = runId;
  }
}
