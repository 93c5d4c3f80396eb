import { describe, expect, it } from 'vitest';
import { ConnectionFieldError } from './errors.ts';
import { parseClientId } from './parse-client-id.ts';

const id = '0oa1b2C3d4E5f6G7h8I9';

const accepted: Array<{ input: string; clientId: string }> = [
  { input: id, clientId: id },
  { input: ` ${id}\n`, clientId: id },
  { input: `\t${id}\t`, clientId: id },
  { input: `"${id}"`, clientId: id },
  { input: `'${id}'`, clientId: id },
  { input: `\`${id}\``, clientId: id },
  { input: `\u201C${id}\u201D`, clientId: id },
  { input: `\u200B${id}`, clientId: id },
  { input: '0oaABCDEFGHIJKLMNOPQ', clientId: '0oaABCDEFGHIJKLMNOPQ' },
  { input: '0oa00000000000000000', clientId: '0oa00000000000000000' },
  { input: '0oazzzzzzzzzzzzzzzzz', clientId: '0oazzzzzzzzzzzzzzzzz' },
  { input: '0oa9x8w7v6u5t4s3r2q1', clientId: '0oa9x8w7v6u5t4s3r2q1' },
  { input: '```\n0oa1b2C3d4E5f6G7h8I9\n```', clientId: id },
  { input: '\u00A00oa1b2C3d4E5f6G7h8I9\u00A0', clientId: id },
  { input: '\r\n0oa1b2C3d4E5f6G7h8I9\r\n', clientId: id },
];

const refused: Array<{ input: string; message: string }> = [
  { input: '', message: 'Client ID is empty' },
  { input: '  ', message: 'Client ID is empty' },
  { input: '0oa1b2C3d4E5f6G7h8', message: 'has 18 characters instead of 20; it was probably cut off' },
  { input: `${id}Copy`, message: 'has 24 characters instead of 20; it was probably copied with extra text' },
  { input: '0OA1b2C3d4E5f6G7h8I9', message: 'starts with 0oa in lower case' },
  { input: 'Ooa1b2C3d4E5f6G7h8I9', message: 'the digit zero, then the letters o and a' },
  { input: 'ooa1b2C3d4E5f6G7h8I9', message: 'the digit zero' },
  { input: '0oa1b2C3d4E5f6G7h8I!', message: 'characters other than letters and digits' },
  { input: '{"kty":"RSA","kid":"x"}', message: 'key JSON, which belongs in Client Secret' },
  { input: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', message: 'key (PEM), which belongs in Client Secret' },
  { input: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f', message: 'client secret or a key ID' },
  { input: 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f_Gh2-Ij5kLm8nOp1qRs4tUv7wXy0z', message: 'client secret or a key ID' },
  { input: 'https://mycompany.okta.com', message: 'domain, which belongs in Instance ID' },
  { input: 'mycompany.okta.com', message: 'domain, which belongs in Instance ID' },
  { input: 'okta.users.read okta.groups.manage', message: 'scopes, which belong in Scopes' },
  { input: '00u1b2C3d4E5f6G7h8I9', message: 'This is a user ID' },
  { input: '00g1b2C3d4E5f6G7h8I9', message: 'This is a group ID' },
  { input: 'jane.doe@acme.com', message: 'e-mail address' },
  { input: 'Gatehouse API', message: 'cannot contain spaces' },
  { input: 'gatehouse', message: 'it has 9 characters and does not start with 0oa' },
];

describe('parseClientId', () => {
  it.each(accepted)('accepts $input', ({ input, clientId }) => {
    expect(parseClientId(input)).toBe(clientId);
  });

  it.each(refused)('refuses $input', ({ input, message }) => {
    let error: unknown;
    try {
      parseClientId(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionFieldError);
    expect((error as ConnectionFieldError).field).toBe('clientId');
    expect((error as Error).message).toContain(message);
    // Every message also says what a Client ID looks like.
    expect((error as Error).message).toContain('20 letters and digits starting with 0oa');
  });
});
