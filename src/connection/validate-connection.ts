import { ConnectionFieldError, ConnectionInvalidError, connectionFields, type ConnectionField, type ConnectionProblem } from './errors.ts';
import { parseClientId } from './parse-client-id.ts';
import { parseInstanceId } from './parse-instance-id.ts';
import { parseClientSecret, type ParsedSecret } from './parse-key.ts';
import { parseScopes } from './parse-scopes.ts';

/** The four fields of the Connect Okta form, as typed or pasted. */
export interface ConnectionInput {
  instanceId: string;
  clientId: string;
  /** The private key JSON, a PEM private key, or a client secret. */
  clientSecret: string;
  /** Comma- or space-separated, or already a list (API callers). */
  scopes: string | readonly string[];
}

/** Options of {@link validateConnection}. */
export interface ValidateConnectionOptions {
  /** Accept an explicit http://127.0.0.1:PORT or http://localhost:PORT Instance ID (the emulator, tests). */
  allowInsecure?: boolean;
}

/** A connection whose four fields are valid. `secret` is a secret: seal it (vault.ts), never log it. */
export interface ValidatedConnection {
  /** `mycompany.okta.com` (or `127.0.0.1:8080` for an allowed local base URL). */
  host: string;
  /** `https://mycompany.okta.com`, what the Okta client calls. */
  orgUrl: string;
  /** True only for an allowed local http base URL; pass it to the Okta client as `allowInsecureRequests`. */
  allowInsecureRequests: boolean;
  clientId: string;
  secret: ParsedSecret;
  scopes: string[];
  /** Worth telling the admin, but not in the way of connecting. */
  warnings: string[];
}

const noKidWarning =
  'The key has no kid (a PEM key never has one). That works while the app has a single public key of this type; if it has several, paste the key JSON Okta showed, which names its kid.';
const clientSecretWarning =
  'Client Secret holds a client secret, not a private key. That works for apps installed from the Okta Integration Network; an API Services app you created yourself gets okta.* scopes only with a private key (generate one on its General tab).';

/**
 * Validates the Connect Okta form: parses all four fields and reports every problem at once.
 *
 * @throws {ConnectionInvalidError} with one `{ field, message }` per invalid field, in form order.
 * @example
 * const connection = await validateConnection({ instanceId: 'mycompany.okta.com', clientId: '0oa1b2c3d4e5f6g7h8i9', clientSecret: keyJson, scopes: 'okta.users.read okta.logs.read' });
 */
export async function validateConnection(input: ConnectionInput, options: ValidateConnectionOptions = {}): Promise<ValidatedConnection> {
  const problems: ConnectionProblem[] = [];
  const attempt = async <T>(field: ConnectionField, parse: (text: string) => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await parse(textOf(field, input[field]));
    } catch (error) {
      if (!(error instanceof ConnectionFieldError)) throw error;
      problems.push({ field: error.field, message: error.message });
      return undefined;
    }
  };
  const [instance, clientId, secret, scopes] = await Promise.all([
    attempt('instanceId', (text) => parseInstanceId(text, { allowInsecure: options.allowInsecure ?? false })),
    attempt('clientId', parseClientId),
    attempt('clientSecret', parseClientSecret),
    attempt('scopes', parseScopes),
  ]);
  if (instance === undefined || clientId === undefined || secret === undefined || scopes === undefined) {
    problems.sort((a, b) => connectionFields.indexOf(a.field) - connectionFields.indexOf(b.field));
    throw new ConnectionInvalidError(problems);
  }
  return {
    host: instance.host,
    orgUrl: instance.orgUrl,
    allowInsecureRequests: instance.orgUrl.startsWith('http:'),
    clientId,
    secret,
    scopes: scopes.scopes,
    warnings: [...scopes.warnings, ...secretWarnings(secret)],
  };
}

function secretWarnings(secret: ParsedSecret): string[] {
  if (secret.kind === 'client_secret') return [clientSecretWarning];
  return secret.kid === undefined ? [noKidWarning] : [];
}

/** The field's text; a list of scopes is joined; a missing field is empty; anything else is refused. */
function textOf(field: ConnectionField, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (field === 'scopes' && Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value.join(' ');
  throw new ConnectionFieldError(field, `Expected text${field === 'scopes' ? ' or a list of scope names' : ''}; received ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}.`);
}
