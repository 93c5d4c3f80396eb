import { OktaResponseError } from '../errors.ts';
import { nextLink } from '../http/link-header.ts';
import { paginate, withQuery } from '../http/paginate.ts';
import type { Requester } from '../http/request.ts';
import { logEventSchema, type LogEvent } from '../schemas/log.ts';

/** A System Log poller: each `poll()` returns the events appended since the last one, following Okta's `next` link. */
export interface LogPoller {
  poll(signal?: AbortSignal): Promise<LogEvent[]>;
  /** The URL the next poll will fetch; store it to resume after a restart. */
  cursor(): string;
}

/**
 * The System Log API: bounded queries and the polling loop Okta recommends.
 * @see https://developer.okta.com/docs/reference/system-log-query/
 */
export function createLogsResource(request: Requester) {
  return {
    /** Events between `since` and `until` (a bounded query, finite). */
    query: (params: { since: Date; until?: Date; filter?: string; q?: string; sortOrder?: 'ASCENDING' | 'DESCENDING'; limit?: number }, signal?: AbortSignal): AsyncGenerator<LogEvent> =>
      paginate(
        request,
        withQuery('/api/v1/logs', {
          since: params.since.toISOString(),
          until: (params.until ?? new Date()).toISOString(),
          filter: params.filter,
          q: params.q,
          sortOrder: params.sortOrder,
          limit: params.limit ?? 1000,
        }),
        logEventSchema,
        'GET /api/v1/logs',
        signal,
      ),
    /** A polling query from `since` (or from a stored cursor): never skips or repeats an event. */
    poller(start: { since: Date; filter?: string; limit?: number } | { cursor: string }): LogPoller {
      let next = 'cursor' in start ? start.cursor : withQuery('/api/v1/logs', { since: start.since.toISOString(), filter: start.filter, limit: start.limit ?? 1000 });
      return {
        async poll(signal) {
          const response = await request({ method: 'GET', path: next, ...(signal ? { signal } : {}) });
          if (!Array.isArray(response.body)) throw new OktaResponseError('The System Log answer is not a list.');
          const events = response.body.map((e) => logEventSchema.parse(e));
          const link = nextLink(response.headers.get('link'));
          if (link) next = new URL(link).pathname + new URL(link).search;
          return events;
        },
        cursor: () => next,
      };
    },
  };
}

export type LogsResource = ReturnType<typeof createLogsResource>;
