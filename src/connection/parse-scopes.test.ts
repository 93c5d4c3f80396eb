import { describe, expect, it } from 'vitest';
import { ConnectionFieldError } from './errors.ts';
import { parseScopes } from './parse-scopes.ts';

const full = ['okta.users.read', 'okta.groups.read', 'okta.logs.read'];

const accepted: Array<{ input: string; scopes: string[]; warnings?: RegExp[] }> = [
  { input: 'okta.users.read okta.groups.read okta.logs.read', scopes: full },
  { input: 'okta.users.read,okta.groups.read,okta.logs.read', scopes: full },
  { input: 'okta.users.read, okta.groups.read, okta.logs.read', scopes: full },
  { input: 'okta.users.read\nokta.groups.read\nokta.logs.read\n', scopes: full },
  { input: '  okta.users.read ,\t okta.groups.read ;okta.logs.read  ', scopes: full },
  { input: '["okta.users.read","okta.groups.read","okta.logs.read"]', scopes: full },
  { input: '"okta.users.read okta.groups.read okta.logs.read"', scopes: full },
  { input: 'okta.users.read okta.users.read okta.groups.read okta.logs.read okta.groups.read', scopes: full },
  { input: 'okta.logs.read okta.users.read', scopes: ['okta.logs.read', 'okta.users.read'] },
  {
    input: 'okta.users.read, okta.users.manage, okta.groups.read, okta.groups.manage, okta.apps.read, okta.apps.manage, okta.logs.read',
    scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.apps.read', 'okta.apps.manage', 'okta.logs.read'],
  },
  { input: 'okta.roles.read okta.appGrants.read okta.logs.read', scopes: ['okta.roles.read', 'okta.appGrants.read', 'okta.logs.read'] },
  { input: 'okta.clients.register okta.clients.read okta.logs.read', scopes: ['okta.clients.register', 'okta.clients.read', 'okta.logs.read'] },
  { input: 'okta.userTypes.read okta.schemas.read okta.factors.read okta.policies.read okta.orgs.read okta.logs.read', scopes: ['okta.userTypes.read', 'okta.schemas.read', 'okta.factors.read', 'okta.policies.read', 'okta.orgs.read', 'okta.logs.read'] },
  { input: 'okta.sessions.manage okta.sessions.read okta.logs.read', scopes: ['okta.sessions.manage', 'okta.sessions.read', 'okta.logs.read'] },
  {
    input: 'okta.groups.manage okta.logs.read',
    scopes: ['okta.groups.manage', 'okta.logs.read'],
    warnings: [/okta\.groups\.manage is listed without okta\.groups\.read/],
  },
  {
    input: 'okta.users.read okta.groups.read',
    scopes: ['okta.users.read', 'okta.groups.read'],
    warnings: [/okta\.logs\.read is not listed: event triggers and directory sync/],
  },
  {
    input: 'okta.users.manage okta.apps.manage',
    scopes: ['okta.users.manage', 'okta.apps.manage'],
    warnings: [/without okta\.users\.read/, /without okta\.apps\.read/, /okta\.logs\.read is not listed/],
  },
];

const refused: Array<{ input: string; message: string }> = [
  { input: '', message: 'Scopes is empty' },
  { input: ' , ,\n', message: 'holds no scope names' },
  { input: 'okta.group.manage', message: 'okta.group.manage is not an Okta API scope: did you mean okta.groups.manage?' },
  { input: 'okta.users.reed', message: 'did you mean okta.users.read?' },
  { input: 'okta.Users.Read', message: 'did you mean okta.users.read? Scope names are case-sensitive' },
  { input: 'okta.appgrants.read', message: 'did you mean okta.appGrants.read?' },
  { input: 'okta.groups.write', message: 'did you mean okta.groups.manage?' },
  { input: 'users.read', message: 'did you mean okta.users.read?' },
  { input: 'okta:users:read', message: 'did you mean okta.users.read?' },
  { input: 'okta.users.read.self', message: 'okta.users.read.self is a user-level (.self) scope' },
  { input: 'okta.users.manage.self', message: 'Use okta.users.manage instead' },
  { input: 'okta.myAccount.email.read', message: 'is a MyAccount scope' },
  { input: 'openid profile', message: 'openid is an OpenID Connect sign-in scope' },
  { input: 'okta.users.read offline_access', message: 'offline_access is an OpenID Connect sign-in scope' },
  { input: 'okta.frobnicate.read', message: "okta.frobnicate.read is not an Okta API scope Gatehouse knows; copy the exact name from the app's \"Okta API Scopes\" tab" },
  { input: 'api:read', message: 'did you mean okta.apps.read?' },
  { input: 'inventory_scope', message: 'inventory_scope is not an Okta API scope (they start with okta.)' },
  { input: 'okta.users.read mycompany.okta.com', message: 'A web address or domain is listed; it belongs in Instance ID' },
  { input: 'https://mycompany.okta.com', message: 'A web address or domain is listed; it belongs in Instance ID' },
  { input: '{"kty":"RSA"}', message: 'key JSON, which belongs in Client Secret' },
  { input: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----', message: 'key (PEM), which belongs in Client Secret' },
  { input: '0oa1b2C3d4E5f6G7h8I9', message: 'Client ID (0oa…), which belongs in Client ID' },
  { input: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f', message: 'client secret or key, which belongs in Client Secret' },
  { input: 'okta.users.read Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f', message: 'A value that is not a scope name is listed' },
  { input: 'jane@acme.com', message: 'e-mail address' },
  {
    input: 'okta.user.read okta.group.read okta.app.read okta.log.read okta.role.read okta.session.read',
    message: '(and 1 more)',
  },
];

describe('parseScopes', () => {
  it.each(accepted)('accepts $input', ({ input, scopes, warnings }) => {
    const parsed = parseScopes(input);
    expect(parsed.scopes).toEqual(scopes);
    expect(parsed.warnings).toHaveLength(warnings?.length ?? 0);
    for (const [i, pattern] of (warnings ?? []).entries()) expect(parsed.warnings[i]).toMatch(pattern);
  });

  it.each(refused)('refuses $input', ({ input, message }) => {
    let error: unknown;
    try {
      parseScopes(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionFieldError);
    expect((error as ConnectionFieldError).field).toBe('scopes');
    expect((error as Error).message).toContain(message);
  });

  it('reports every bad name at once', () => {
    expect(() => parseScopes('okta.users.read okta.group.manage openid okta.users.read.self')).toThrow(
      /okta\.group\.manage is not an Okta API scope: did you mean okta\.groups\.manage\?.*openid is an OpenID Connect.*okta\.users\.read\.self is a user-level/,
    );
  });
});
