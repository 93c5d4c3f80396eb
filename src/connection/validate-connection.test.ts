import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionInvalidError } from './errors.ts';
import { generateTestKeys, oktaStyle, pemOf, type TestKeys } from './internal/testing/keys.ts';
import { validateConnection } from './validate-connection.ts';

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
});

const valid = () => ({
  instanceId: 'https://mycompany.okta.com/app/UserHome',
  clientId: '0oa1b2C3d4E5f6G7h8I9',
  clientSecret: JSON.stringify(oktaStyle(keys.rsa)),
  scopes: 'okta.users.read, okta.groups.manage, okta.logs.read',
});

async function problemsOf(input: Parameters<typeof validateConnection>[0], options?: Parameters<typeof validateConnection>[1]) {
  const error = await validateConnection(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionInvalidError);
  expect((error as ConnectionInvalidError).code).toBe('CONNECTION_INVALID');
  return error as ConnectionInvalidError;
}

describe('validateConnection', () => {
  it('returns the parsed connection with the warnings of every field', async () => {
    const connection = await validateConnection(valid());
    expect(connection).toMatchObject({
      host: 'mycompany.okta.com',
      orgUrl: 'https://mycompany.okta.com',
      allowInsecureRequests: false,
      clientId: '0oa1b2C3d4E5f6G7h8I9',
      scopes: ['okta.users.read', 'okta.groups.manage', 'okta.logs.read'],
      secret: { kind: 'private_key', alg: 'RS256', kid: 'Xa1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY3zA4b' },
    });
    expect(connection.warnings).toEqual([expect.stringContaining('okta.groups.manage is listed without okta.groups.read')]);
  });

  it('reports every invalid field at once, in form order', async () => {
    const error = await problemsOf({ instanceId: 'mycompany-admin.okta.com', clientId: 'abc', clientSecret: '', scopes: 'okta.group.read' });
    expect(error.problems.map((p) => p.field)).toEqual(['instanceId', 'clientId', 'clientSecret', 'scopes']);
    expect(error.problems[0]?.message).toContain('use mycompany.okta.com, without -admin');
    expect(error.problems[3]?.message).toContain('did you mean okta.groups.read?');
    expect(error.message).toContain('4 fields need fixing');
    expect(error.message).toContain('Instance ID: Instance ID must be');
  });

  it('names only the fields that are wrong', async () => {
    const error = await problemsOf({ ...valid(), clientSecret: JSON.stringify({ kty: 'RSA', n: keys.rsa.n, e: keys.rsa.e }) });
    expect(error.problems).toEqual([{ field: 'clientSecret', message: expect.stringContaining('This is the public key') }]);
    expect(error.message).toContain('One field needs fixing');
  });

  it('detects values pasted into the wrong fields', async () => {
    const v = valid();
    const error = await problemsOf({ instanceId: v.clientId, clientId: v.instanceId, clientSecret: v.scopes, scopes: v.clientSecret });
    expect(error.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('which belongs in Client ID'),
      expect.stringContaining('which belongs in Instance ID'),
      expect.stringContaining('which belong in Scopes'),
      expect.stringContaining('which belongs in Client Secret'),
    ]);
  });

  it('accepts the emulator only with allowInsecure, and says so', async () => {
    const local = { ...valid(), instanceId: 'http://127.0.0.1:8080' };
    const error = await problemsOf(local);
    expect(error.problems[0]?.message).toContain('allow insecure requests');
    await expect(validateConnection(local, { allowInsecure: true })).resolves.toMatchObject({ orgUrl: 'http://127.0.0.1:8080', allowInsecureRequests: true });
  });

  it('takes scopes as a list, and warns when a client secret is given instead of a key', async () => {
    const connection = await validateConnection({ ...valid(), clientSecret: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f', scopes: ['okta.users.read', 'okta.logs.read'] });
    expect(connection.secret).toEqual({ kind: 'client_secret', secret: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f' });
    expect(connection.scopes).toEqual(['okta.users.read', 'okta.logs.read']);
    expect(connection.warnings).toEqual([expect.stringContaining('Integration Network')]);
  });

  it('warns that a key without a kid (a PEM) only suits an app with a single key', async () => {
    const connection = await validateConnection({ ...valid(), clientSecret: pemOf(keys.ec256, 'sec1'), scopes: 'okta.users.read okta.logs.read' });
    expect(connection.secret).toMatchObject({ kind: 'private_key', alg: 'ES256', kid: undefined });
    expect(connection.warnings).toEqual([expect.stringContaining('The key has no kid')]);
  });

  it('reports missing or non-text fields from untyped callers (HTTP bodies) as field problems', async () => {
    const body = JSON.parse('{"instanceId":"mycompany.okta.com","clientId":20,"scopes":null}') as Parameters<typeof validateConnection>[0];
    const error = await problemsOf(body);
    expect(error.problems).toEqual([
      { field: 'clientId', message: 'Expected text; received a number.' },
      { field: 'clientSecret', message: expect.stringContaining('Client Secret is empty') },
      { field: 'scopes', message: expect.stringContaining('Scopes is empty') },
    ]);
  });
});
