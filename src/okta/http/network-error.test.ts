// Failures that never reach an HTTP answer, as Node's fetch reports them (error → cause.code). DNS
// cannot be exercised without leaving 127.0.0.1, so these cases are built from the error shapes undici throws.
import { describe, expect, it } from 'vitest';
import { OktaNetworkError, OktaTimeoutError } from '../errors.ts';
import { translateFetchFailure } from './network-error.ts';

const url = new URL('https://acme.okta.com/api/v1/users');
const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('translateFetchFailure', () => {
  it.each([
    ['ENOTFOUND', 'acme.okta.com does not resolve (DNS): check the Instance ID'],
    ['EAI_AGAIN', 'DNS lookup for acme.okta.com failed temporarily'],
    ['ECONNREFUSED', 'acme.okta.com refused the connection'],
    ['ECONNRESET', 'acme.okta.com dropped the connection'],
    ['CERT_HAS_EXPIRED', 'TLS certificate of acme.okta.com has expired'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'NODE_EXTRA_CA_CERTS'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'does not match acme.okta.com'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'acme.okta.com does not speak TLS'],
  ])('%s names the host: %s', (code, message) => {
    const error = translateFetchFailure(failed(code), url, false);
    expect(error).toBeInstanceOf(OktaNetworkError);
    expect((error as OktaNetworkError).host).toBe('acme.okta.com');
    expect(error.message).toContain(message);
  });

  it('an unknown failure still names the host, and a timeout says so', () => {
    expect(translateFetchFailure(new TypeError('fetch failed'), url, false).message).toBe('Could not reach acme.okta.com: fetch failed.');
    const timeout = translateFetchFailure(new Error('aborted'), url, true);
    expect(timeout).toBeInstanceOf(OktaTimeoutError);
    expect(timeout.message).toContain('acme.okta.com did not answer /api/v1/users in time');
  });
});
