/**
 * The one place that maps Gatehouse error codes to HTTP statuses and bodies (CONVENTIONS 5). Bodies
 * carry the code and the message (which never hold secrets), plus `issues` for invalid input.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { GatehouseError, type ErrorCode } from '../common/errors.ts';
import { describeIssues, issuesOf, type Issue } from '../common/issues.ts';

/** A request did not match the route's schema. */
export class RequestInvalidError extends GatehouseError {
  readonly issues: Issue[];

  constructor(where: 'body' | 'query' | 'params', error: z.ZodError) {
    const issues = issuesOf(error);
    super('REQUEST_INVALID', `The request ${where} is invalid: ${describeIssues(issues)}.`);
    this.issues = issues;
  }
}

/** The caller is not signed in, or not allowed to do this. */
export class AccessDeniedError extends GatehouseError {
  readonly status: 401 | 403;

  constructor(status: 401 | 403, message: string) {
    super(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message);
    this.status = status;
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends GatehouseError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  REQUEST_INVALID: 400,
  WORKFLOW_INPUT_INVALID: 400,
  CONNECTION_INVALID: 400,
  CONNECTION_FIELD_INVALID: 400,
  UNAUTHENTICATED: 401,
  WEBHOOK_REFUSED: 401,
  FORBIDDEN: 403,
  APPROVAL_REFUSED: 409,
  WORKFLOW_INSTALL_FAILED: 409,
  NOT_FOUND: 404,
  WORKFLOW_UNKNOWN: 404,
  CONNECTION_MISSING: 409,
  OKTA_AUTH_FAILED: 502,
  OKTA_API_ERROR: 502,
  OKTA_NETWORK_ERROR: 502,
  OKTA_TIMEOUT: 504,
  OKTA_RATE_LIMITED: 503,
  ACCESS_CONFIG_INVALID: 400,
  ACCESS_DENIED_BY_POLICY: 403,
  ACCESS_REQUEST_CONFLICT: 409,
  DIRECTORY_SYNC_FAILED: 502,
  DIRECTORY_READ_ONLY: 409,
  REVIEW_INVALID: 400,
  REVIEW_REFUSED: 409,
  SLACK_AUTH_FAILED: 502,
};

/** Parses a part of the request with its zod schema, or throws {@link RequestInvalidError}. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestInvalidError(where, result.error);
  return result.data;
}

/** fastify's error handler: typed errors by code, fastify's own (bad JSON, too large) by status, the rest 500. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof GatehouseError) {
    const status = error instanceof AccessDeniedError ? error.status : (statusOf[error.code] ?? 500);
    const issues = (error as { issues?: unknown }).issues ?? (error as { problems?: unknown }).problems;
    const reason = (error as { reason?: unknown }).reason;
    const rule = (error as { rule?: unknown }).rule;
    if (status >= 500) request.log.error({ code: error.code, message: error.message }, 'request failed');
    void reply.status(status).send({ error: { code: error.code, message: error.message, ...(Array.isArray(issues) ? { issues } : {}), ...(typeof reason === 'string' ? { reason } : {}), ...(typeof rule === 'string' ? { rule } : {}) } });
    return;
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    void reply.status(status).send({ error: { code: 'REQUEST_INVALID', message: error.message } });
    return;
  }
  request.log.error({ err: { name: error.name, message: error.message } }, 'unexpected error');
  void reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong inside Gatehouse; the server log has the details.' } });
}
