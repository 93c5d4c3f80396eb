/** The directory mirror's errors (CONVENTIONS 3); their codes are documented in docs/errors.md. */
import { GatehouseError } from '../../common/errors.ts';

/** A sync could not read Okta (or write the mirror); the mirror keeps what it had and the next sync starts again. */
export class DirectorySyncError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DIRECTORY_SYNC_FAILED', message, options);
  }
}

/** Gatehouse will not change a rule-based, BUILT_IN or APP_GROUP group. */
export class DirectoryReadOnlyError extends GatehouseError {
  readonly groupId: string;

  constructor(group: { id: string; name: string; type: string; ruleManaged: boolean }) {
    const why = group.ruleManaged ? 'a group rule manages its members' : group.type === 'BUILT_IN' ? 'it is BUILT_IN (Everyone)' : 'it is an APP_GROUP imported from an app';
    super('DIRECTORY_READ_ONLY', `Gatehouse will not change the group "${group.name}" (${group.id}): ${why}. Change the rule or the source app in Okta, or use an OKTA_GROUP instead.`);
    this.groupId = group.id;
  }
}
