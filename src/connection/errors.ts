import { GatehouseError } from '../common/errors.ts';

/** The four fields of the Connect Okta form (console, `gatehouse connect okta`, API). */
export const connectionFields = ['instanceId', 'clientId', 'clientSecret', 'scopes'] as const;

/** One field of the Connect Okta form. */
export type ConnectionField = (typeof connectionFields)[number];

/** How each field is labelled in the console, used in messages that span fields. */
export const connectionFieldLabels: Readonly<Record<ConnectionField, string>> = {
  instanceId: 'Instance ID',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  scopes: 'Scopes',
};

/**
 * One field of the Connect Okta form is invalid. The message says what the field expects, what kind of
 * value it received and how to fix it; it never repeats the value (it may be a secret pasted into the
 * wrong field), and the error never carries a `cause` for the same reason.
 */
export class ConnectionFieldError extends GatehouseError {
  readonly field: ConnectionField;

  constructor(field: ConnectionField, message: string) {
    super('CONNECTION_FIELD_INVALID', message);
    this.field = field;
  }
}

/** One problem found by {@link validateConnection}. */
export interface ConnectionProblem {
  field: ConnectionField;
  message: string;
}

/** Connecting Okta was refused; `problems` lists every invalid field at once, in form order. */
export class ConnectionInvalidError extends GatehouseError {
  readonly problems: readonly ConnectionProblem[];

  constructor(problems: readonly ConnectionProblem[]) {
    const list = problems.map((p) => `${connectionFieldLabels[p.field]}: ${p.message}`).join(' ');
    const count = problems.length === 1 ? 'One field needs' : `${problems.length} fields need`;
    super('CONNECTION_INVALID', `Okta was not connected. ${count} fixing. ${list}`);
    this.problems = problems;
  }
}

/** A sealed secret could not be opened (wrong key, wrong record, or altered). Deliberately says no more. */
export class VaultError extends GatehouseError {
  constructor(message: string) {
    super('VAULT_DECRYPT_FAILED', message);
  }
}

/** The vault key (GATEHOUSE_SECRET_KEY or `<dataDir>/secret.key`) is unusable; the message says how to fix it. */
export class VaultKeyError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VAULT_KEY_INVALID', message, options);
  }
}
