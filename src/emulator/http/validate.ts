import type { z } from 'zod';
import { oktaErrors } from '../state/errors.ts';

/**
 * Parses a request body with a zod schema; a failure answers 400 E0000001 with one cause per problem,
 * named by field as Okta does ("profile.login: The field cannot be left blank").
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null) throw oktaErrors.malformedBody();
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const causes = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const first = result.error.issues[0]?.path.map(String).join('.') ?? 'body';
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
