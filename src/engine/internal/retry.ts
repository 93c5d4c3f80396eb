/** Retry decisions (CONVENTIONS 6): the error's class decides, the engine only computes when. */
import { GatehouseError } from '../../common/errors.ts';
import { NonRetriableError } from '../errors.ts';

export const defaultMaxAttempts = 4;
export const defaultBackoffMs = 1000;
export const maxBackoffMs = 5 * 60_000;

/** The retry time an error asks for: `RetryAfterError` or any error with a numeric `retryAtMs`. */
export function requestedRetryAt(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'retryAtMs' in error) {
    const at = (error as { retryAtMs: unknown }).retryAtMs;
    if (typeof at === 'number' && Number.isFinite(at)) return at;
  }
  return undefined;
}

export function isNonRetriable(error: unknown): boolean {
  return error instanceof NonRetriableError;
}

/**
 * Exponential backoff with "equal jitter": the delay for attempt n (1-based, the attempt that just
 * failed) is d/2 + random·d/2 with d = backoffMs·2^(n-1) capped at 5 minutes, so workers that
 * failed together do not retry together.
 */
export function backoffDelay(attempt: number, backoffMs: number, random: () => number): number {
  const d = Math.min(backoffMs * 2 ** Math.max(0, attempt - 1), maxBackoffMs);
  return Math.round(d / 2 + random() * (d / 2));
}

/** The code and message a failed step or run records. */
export function errorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof GatehouseError) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' && code !== '' ? code : 'WORKFLOW_STEP_FAILED', message: error.message };
  }
  return { code: 'WORKFLOW_STEP_FAILED', message: String(error) };
}
