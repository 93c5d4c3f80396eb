import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BareError, OAuthError, OktaError, oktaErrors } from '../state/errors.ts';
import { send } from './route.ts';

/** Okta's error object for an OktaError (reference §3.1). */
export function oktaErrorBody(error: OktaError, errorId: string): Record<string, unknown> {
  return {
    errorCode: error.errorCode,
    errorSummary: error.errorSummary,
    errorLink: error.errorCode,
    errorId,
    errorCauses: error.errorCauses.map((errorSummary) => ({ errorSummary })),
  };
}

function fromFastify(error: FastifyError): OktaError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return oktaErrors.unsupportedMediaType();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return oktaErrors.payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return oktaErrors.malformedBody();
    default:
      break;
  }
  if (error.statusCode === 400 && error.validation) return oktaErrors.validation(error.message);
  if (error.statusCode === 400) return oktaErrors.malformedBody();
  return undefined;
}

/** Turns anything thrown by a route into Okta's answer; unexpected errors become 500 E0000009 and are logged. */
export function handleError(error: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof BareError) return send(reply, { status: error.status, headers: error.headers, body: error.body });
  if (error instanceof OAuthError) {
    return send(reply.header('cache-control', 'no-cache, no-store').header('pragma', 'no-cache'), {
      status: error.status,
      headers: error.headers,
      body: { error: error.error, error_description: error.description },
    });
  }
  const okta = error instanceof OktaError ? error : fromFastify(error as FastifyError);
  if (okta) return send(reply, { status: okta.status, headers: okta.headers, body: oktaErrorBody(okta, errorIdFor(req)) });
  req.log.error({ err: error }, 'emulator route failed');
  const internal = oktaErrors.internal();
  return send(reply, { status: 500, body: oktaErrorBody(internal, errorIdFor(req)) });
}

/** Okta's errorId: `oae` + 22 characters, tied to the request. */
export function errorIdFor(req: FastifyRequest): string {
  return 'oae' + String(req.id).slice(3, 25);
}
