/**
 * The one redaction every audit payload and log record passes through (CONVENTIONS 17): values under
 * secret-looking keys are replaced, recursively; strings that look like keys or tokens are masked.
 */

const secretKey = /pass(word)?|secret|token|private|credential|^d$|^p$|^q$|^dp$|^dq$|^qi$|assertion|authorization|cookie|api[-_]?key/i;
const secretValue = /^(eyJ[\w-]+\.[\w-]+\.[\w-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*|gh_[\w-]{20,})$/;

/** The text that replaces a secret. */
export const redacted = '[redacted]';

/**
 * Returns a copy of `value` with secrets replaced by `[redacted]`.
 * @example
 * redact({ user: 'jane', password: 'hunter2' }); // { user: 'jane', password: '[redacted]' }
 */
export function redact<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (depth > 20) return redacted;
  if (typeof value === 'string') return secretValue.test(value) ? redacted : value;
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = secretKey.test(k) && v !== null && v !== undefined && v !== '' ? redacted : walk(v, depth + 1);
    return out;
  }
  return value;
}
