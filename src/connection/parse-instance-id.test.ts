import { describe, expect, it } from 'vitest';
import { ConnectionFieldError } from './errors.ts';
import { parseInstanceId } from './parse-instance-id.ts';

// What admins really paste into Instance ID, and what Gatehouse makes of it.
const accepted: Array<{ input: string; host: string; orgUrl?: string; allowInsecure?: boolean }> = [
  { input: 'mycompany.okta.com', host: 'mycompany.okta.com' },
  { input: '  mycompany.okta.com \n', host: 'mycompany.okta.com' },
  { input: 'https://mycompany.okta.com/', host: 'mycompany.okta.com' },
  { input: 'https://mycompany.okta.com/app/UserHome?x=1', host: 'mycompany.okta.com' },
  { input: 'https://mycompany.okta.com/app/UserHome#/home', host: 'mycompany.okta.com' },
  { input: 'https://mycompany.okta.com/oauth2/v1/token', host: 'mycompany.okta.com' },
  { input: 'MyCompany.OKTA.com', host: 'mycompany.okta.com' },
  { input: 'HTTPS://MyCompany.okta.com', host: 'mycompany.okta.com' },
  { input: 'mycompany.okta.com/admin/dashboard', host: 'mycompany.okta.com' },
  { input: 'mycompany.okta.com.', host: 'mycompany.okta.com' },
  { input: 'https://mycompany.okta.com:443/', host: 'mycompany.okta.com' },
  { input: '"https://mycompany.okta.com"', host: 'mycompany.okta.com' },
  { input: '<https://mycompany.okta.com>', host: 'mycompany.okta.com' },
  { input: '\u200Bmycompany.okta.com\u00A0', host: 'mycompany.okta.com' },
  { input: 'dev-12345678.okta.com', host: 'dev-12345678.okta.com' },
  { input: 'acme.oktapreview.com', host: 'acme.oktapreview.com' },
  { input: 'acme.okta-emea.com', host: 'acme.okta-emea.com' },
  { input: 'agency.okta-gov.com', host: 'agency.okta-gov.com' },
  { input: 'agency.okta.mil', host: 'agency.okta.mil' },
  { input: 'login.acme.com', host: 'login.acme.com' },
  { input: 'https://sso.acme.co.uk/oauth2/default', host: 'sso.acme.co.uk' },
  { input: 'http://127.0.0.1:8080', host: '127.0.0.1:8080', orgUrl: 'http://127.0.0.1:8080', allowInsecure: true },
  { input: 'http://localhost:3000/', host: 'localhost:3000', orgUrl: 'http://localhost:3000', allowInsecure: true },
  { input: 'http://[::1]:9000', host: '[::1]:9000', orgUrl: 'http://[::1]:9000', allowInsecure: true },
  { input: 'mycompany.okta.com', host: 'mycompany.okta.com', allowInsecure: true },
];

const refused: Array<{ input: string; message: string; allowInsecure?: boolean }> = [
  { input: 'mycompany-admin.okta.com', message: 'use mycompany.okta.com, without -admin' },
  { input: 'https://mycompany-admin.okta.com/admin/dashboard', message: 'use mycompany.okta.com, without -admin' },
  { input: 'dev-123456-admin.okta.com', message: 'use dev-123456.okta.com, without -admin' },
  { input: 'acme-admin.oktapreview.com', message: 'use acme.oktapreview.com, without -admin' },
  { input: 'acme-admin.okta-emea.com', message: 'use acme.okta-emea.com, without -admin' },
  { input: 'http://mycompany-admin.okta.com', message: 'use mycompany.okta.com, without -admin' },
  { input: '', message: 'Instance ID is empty' },
  { input: '   \n', message: 'Instance ID is empty' },
  { input: 'my company.okta.com', message: 'cannot contain spaces' },
  { input: 'https://mycompany.okta.com/app/UserHome copy', message: 'cannot contain spaces' },
  { input: 'jane.doe@acme.com', message: 'e-mail address' },
  { input: 'https://admin:hunter2@mycompany.okta.com', message: "cannot contain '@'" },
  { input: 'http://mycompany.okta.com', message: 'use https://mycompany.okta.com' },
  { input: 'http://mycompany.okta.com', message: 'only covers localhost', allowInsecure: true },
  { input: 'ftp://mycompany.okta.com', message: 'https:// address or just a domain' },
  { input: '10.0.0.5', message: 'IP address' },
  { input: 'https://[2001:db8::1]/', message: 'IP address' },
  { input: 'mycompany.okta.com:8443', message: "remove ':8443'" },
  { input: 'http://127.0.0.1:8080', message: '--allow-insecure' },
  { input: 'localhost:8080', message: 'allowInsecure: true' },
  { input: 'localhost:8080', message: 'full base URL with its scheme', allowInsecure: true },
  { input: 'mycompany', message: 'If your org is mycompany.okta.com, enter that' },
  { input: 'okta.com', message: "is Okta's own site" },
  { input: 'https://www.okta.com/', message: "is Okta's own site" },
  { input: 'developer.okta.com', message: "is Okta's own site" },
  { input: 'my_company.okta.com', message: 'not a valid domain' },
  { input: 'myc\u043Empany.okta.com', message: 'look-alike' },
  { input: '{"kty":"RSA","n":"x","e":"AQAB"}', message: 'key JSON, which belongs in Client Secret' },
  { input: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----', message: 'belongs in Client Secret' },
  { input: '0oa1b2c3d4e5f6g7h8i9', message: 'Client ID (0oa…), which belongs in Client ID' },
  { input: 'okta.users.read, okta.groups.read', message: 'scopes, which belong in Scopes' },
  { input: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f', message: 'client secret or key, which belongs in Client Secret' },
  { input: '00u1b2c3d4e5f6g7h8i9', message: 'Okta object ID' },
];

describe('parseInstanceId', () => {
  it.each(accepted)('accepts $input', ({ input, host, orgUrl, allowInsecure }) => {
    expect(parseInstanceId(input, { allowInsecure: allowInsecure ?? false })).toEqual({ host, orgUrl: orgUrl ?? `https://${host}` });
  });

  it.each(refused)('refuses $input', ({ input, message, allowInsecure }) => {
    let error: unknown;
    try {
      parseInstanceId(input, { allowInsecure: allowInsecure ?? false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionFieldError);
    expect((error as ConnectionFieldError).field).toBe('instanceId');
    expect((error as ConnectionFieldError).code).toBe('CONNECTION_FIELD_INVALID');
    expect((error as Error).message).toContain(message);
  });

  it('never repeats a pasted key or credentials', () => {
    for (const input of ['{"kty":"RSA","d":"c2VjcmV0LXNlY3JldC1zZWNyZXQ"}', 'https://admin:hunter2-hunter2@mycompany.okta.com']) {
      expect(() => parseInstanceId(input)).toThrow(ConnectionFieldError);
      try {
        parseInstanceId(input);
      } catch (e) {
        expect((e as Error).message).not.toContain('c2VjcmV0');
        expect((e as Error).message).not.toContain('hunter2');
      }
    }
  });
});
