import { OktaNetworkError, OktaTimeoutError } from '../errors.ts';

const codeMessages: Record<string, (host: string) => string> = {
  ENOTFOUND: (h) => `The host ${h} does not resolve (DNS): check the Instance ID (e.g. mycompany.okta.com).`,
  EAI_AGAIN: (h) => `DNS lookup for ${h} failed temporarily: check the network or DNS server, then retry.`,
  ECONNREFUSED: (h) => `${h} refused the connection: is the address right and the service up?`,
  ECONNRESET: (h) => `${h} dropped the connection before answering.`,
  EPIPE: (h) => `${h} closed the connection while the request was being sent.`,
  ETIMEDOUT: (h) => `Connecting to ${h} timed out: check firewalls and proxies.`,
  UND_ERR_SOCKET: (h) => `${h} closed the connection before answering.`,
  UND_ERR_CONNECT_TIMEOUT: (h) => `Connecting to ${h} timed out: check firewalls and proxies.`,
  CERT_HAS_EXPIRED: (h) => `The TLS certificate of ${h} has expired.`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (h) => `${h} presented a self-signed TLS certificate; a proxy may be intercepting traffic.`,
  SELF_SIGNED_CERT_IN_CHAIN: (h) => `${h} presented a certificate signed by an unknown authority; set NODE_EXTRA_CA_CERTS if a corporate proxy intercepts TLS.`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (h) => `The TLS certificate of ${h} could not be verified; set NODE_EXTRA_CA_CERTS if a corporate proxy intercepts TLS.`,
  ERR_SSL_WRONG_VERSION_NUMBER: (h) => `${h} does not speak TLS (https) on this port: check the Instance ID, or whether a proxy answers in plain HTTP.`,
  EPROTO: (h) => `The TLS handshake with ${h} failed: check the Instance ID, and whether a proxy intercepts TLS (set NODE_EXTRA_CA_CERTS).`,
  ERR_SSL_PACKET_LENGTH_TOO_LONG: (h) => `${h} does not speak TLS (https) on this port: check the Instance ID, or whether a proxy answers in plain HTTP.`,
  ERR_TLS_CERT_ALTNAME_INVALID: (h) => `The TLS certificate does not match ${h}: check the Instance ID.`,
};

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in codeMessages) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a failed `fetch` into an error naming the host (DNS, TLS, refused, dropped, timeout). */
export function translateFetchFailure(error: unknown, url: URL, timedOut: boolean): Error {
  if (timedOut) return new OktaTimeoutError(`${url.host} did not answer ${url.pathname} in time.`);
  const code = causeCode(error);
  const message = code ? (codeMessages[code] as (h: string) => string)(url.host) : `Could not reach ${url.host}: ${(error as Error)?.message ?? 'network error'}.`;
  return new OktaNetworkError(url.host, message, { cause: error });
}
