import type { z } from 'zod';
import { oktaErrors } from '../state/errors.ts';

/**
 * Parses a request body with a zod schema; a failure answers 400 E0000001 with one cause per problem,
 * named by field as Okta does. With `profileFields`, a property of the body's `profile` is named bare,
 * as Okta names user and group profile properties ("Api validation failed: login",
 * "login: Username must be in the form of an email address"), the same way as the duplicate-login cause.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, options: { profileFields?: boolean } = {}): z.infer<S> {
  if (body === undefined || body === null) throw oktaErrors.malformedBody();
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const name = (path: readonly PropertyKey[]) => {
    const parts = path.map(String);
    if (options.profileFields && parts[0] === 'profile' && parts.length > 1) parts.shift();
    return parts.join('.');
  };
  const causes = result.error.issues.map((issue) => {
    const path = name(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const firstIssue = result.error.issues[0];
  const first = (firstIssue ? name(firstIssue.path) : '') || 'body';
  throw oktaErrors.validation(first, causes);
}

/** A boolean query parameter (`true`/`false`, case-insensitive); anything else is a 400. */
export function boolParam(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  const v = raw.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw oktaErrors.validation(name, [`${name}: '${raw}' is not a boolean; use true or false`]);
}
