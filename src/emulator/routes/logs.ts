import { FilterRuleError, FilterSyntaxError, checkFilter, compileFilter, logFilterRules, parseFilter, type FilterExpr } from '../query/index.ts';
import { linkHeaders } from '../http/pagination.ts';
import { ok, type Answer, type Call, type OktaRoute } from '../http/route.ts';
import { OktaError, oktaErrors } from '../state/errors.ts';
import type { LogEventRecord } from '../state/types.ts';

// The System Log API (reference okta-api.md §2.5, §2.6, §3.2).
// Ref: https://developer.okta.com/docs/reference/system-log-query/

const DAY_MS = 86_400_000;
/** `since` defaults to this long before `until`. */
const DEFAULT_WINDOW_MS = 7 * DAY_MS;
/** A `since` further back than this is refused. */
const MAX_SINCE_AGE_MS = 180 * DAY_MS;
/** Events older than this are not returned (queries reaching further back still succeed). */
const RETENTION_MS = 90 * DAY_MS;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 40;

/** The properties of a LogEvent (SPEC); a filter's first path segment must be one of them. */
const eventProperties: ReadonlySet<string> = new Set([
  'uuid',
  'published',
  'eventType',
  'version',
  'severity',
  'legacyEventType',
  'displayMessage',
  'actor',
  'client',
  'device',
  'authenticationContext',
  'outcome',
  'securityContext',
  'debugContext',
  'transaction',
  'request',
  'target',
]);

/** Attributes Okta refuses `co` on (System Log query guide). */
const noContains: ReadonlySet<string> = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);

/** A place in the log: events compare by (published, seq), which is also their order in `org.logs`. */
interface Position {
  published: number;
  seq: number;
}

/** What an `after` cursor holds: the last event a page covered and, for DESCENDING pages, the query's lower bound. */
interface Cursor extends Position {
  since: number | undefined;
}

type SortOrder = 'ASCENDING' | 'DESCENDING';

// ---------------------------------------------------------------------------------------------
// Parameters

/** An RFC 3339 date-time (ISO 8601 with a zone designator); fractions beyond milliseconds are truncated. */
const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** The instant a date-time string denotes, or NaN. */
function parseInstant(text: string): number {
  const m = isoDateTime.exec(text);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((s) => Number(s ?? '0')) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear puts them back.
  date.setUTCFullYear(year);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return Number.NaN;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return Number.NaN;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return date.getTime() - offsetMinutes * 60_000;
}

/** Reads `since` and `until`; empty means absent. Bad values answer Okta's E0000001, one pair of causes per field. */
function readDates(query: Call['query']): { since: number | undefined; until: number | undefined } {
  const out: { since: number | undefined; until: number | undefined } = { since: undefined, until: undefined };
  const summaries: string[] = [];
  const causes: string[] = [];
  for (const name of ['since', 'until'] as const) {
    const raw = query[name];
    if (raw === undefined || raw === '') continue;
    const ms = parseInstant(raw);
    if (Number.isFinite(ms)) {
      out[name] = ms;
      continue;
    }
    const unrecognized = 'The date format in your query is not recognized. Please enter dates using ISO8601 string format.';
    const invalid = 'must be a valid date-time or empty.';
    summaries.push(`'${name}': ${unrecognized} '${name}': ${invalid}`);
    causes.push(`${name}: ${unrecognized}`, `${name}: ${invalid}`);
  }
  if (summaries.length > 0) throw new OktaError(400, 'E0000001', `Api validation failed: ${summaries.join(' ')}`, causes);
  return out;
}

/** `limit`: 0..1000, default 100; more than 1000 is clamped, as other lists do; anything but a non-negative integer is a 400. */
function readLogLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (!/^\d{1,9}$/.test(raw)) throw oktaErrors.validation('limit', [`limit: '${raw}' is not an integer from 0 to ${MAX_LIMIT}`]);
  return Math.min(Number(raw), MAX_LIMIT);
}

function readSortOrder(raw: string | undefined): SortOrder {
  if (raw === undefined || raw === '') return 'ASCENDING';
  const upper = raw.toUpperCase();
  if (upper === 'ASCENDING' || upper === 'DESCENDING') return upper;
  throw oktaErrors.validation('sortOrder', [`sortOrder: '${raw}' is not ASCENDING or DESCENDING`]);
}

/** `q`: up to 10 space-separated keywords of up to 40 characters each, lower-cased. */
function readKeywords(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const items = raw.split(/\s+/).filter((k) => k !== '');
  const advice = 'Please shorten the items in your search or use an advanced filter to query by specific fields.';
  if (items.some((k) => [...k].length > MAX_KEYWORD_LENGTH)) {
    const reason = `Freeform search cannot contain items longer than ${MAX_KEYWORD_LENGTH} characters.`;
    throw new OktaError(400, 'E0000001', `Api validation failed: 'q': ${reason} ${advice}`, [`q: ${reason}`]);
  }
  if (items.length > MAX_KEYWORDS) {
    const reason = `Freeform search cannot contain more than ${MAX_KEYWORDS} items.`;
    throw new OktaError(400, 'E0000001', `Api validation failed: 'q': ${reason} ${advice}`, [`q: ${reason}`]);
  }
  return [...new Set(items.map((k) => k.toLowerCase()))];
}

const CURSOR = /^(\d{1,16})_(\d{1,16})(?:_(\d{1,16}))?$/;

/** `<publishedMs>_<seq>` (as Okta's `1627500044869_1`), plus `_<sinceMs>` on DESCENDING pages. */
function encodeCursor(position: Position, since?: number): string {
  return `${position.published}_${position.seq}${since === undefined ? '' : `_${since}`}`;
}

function readCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const m = CURSOR.exec(raw);
  const numbers = m ? [m[1], m[2], m[3]].map((s) => (s === undefined ? undefined : Number(s))) : [];
  const [published, seq, since] = numbers;
  if (published === undefined || seq === undefined || !numbers.every((n) => n === undefined || Number.isSafeInteger(n))) {
    throw oktaErrors.logParameter('Invalid parameter: The after parameter is not valid; use the next link of a previous response.');
  }
  return { published, seq, since };
}

// ---------------------------------------------------------------------------------------------
// Matching

/**
 * Reads a dotted attribute path of an event. Arrays on the way are searched element by element, so
 * `target.id` yields every target's id (the comparison holds if any of them matches).
 */
function eventAttribute(record: LogEventRecord, attr: string): unknown {
  let values: unknown[] = [record.event];
  let many = false;
  for (const part of attr.split('.')) {
    const next: unknown[] = [];
    for (const value of values) {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) continue;
      const child = (value as Record<string, unknown>)[part];
      if (Array.isArray(child)) {
        many = true;
        next.push(...(child as unknown[]));
      } else {
        next.push(child);
      }
    }
    values = next;
  }
  return many ? values : values[0];
}

/** Okta's own checks on a log filter beyond the shared rules: known top-level properties, no `co` on URLs. */
function checkLogFilter(expr: FilterExpr): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      checkLogFilter(expr.left);
      checkLogFilter(expr.right);
      return;
    case 'not':
      checkLogFilter(expr.expr);
      return;
    case 'present':
    case 'compare': {
      const top = expr.attr.split('.')[0] ?? '';
      if (!eventProperties.has(top)) throw oktaErrors.logParameter(`field is not valid: ${expr.attr}`);
      if (expr.kind === 'compare' && expr.op === 'co' && noContains.has(expr.attr)) throw unsupportedCombination('co', expr.attr);
      return;
    }
  }
}

function unsupportedCombination(op: string, attr: string): OktaError {
  return new OktaError(400, 'E0000031', `The supplied combination of operator and field is not currently supported. Operator: ${op}, Field: ${attr}`);
}

/** Compiles `filter` (case-sensitive values); a bad one answers 400 E0000053 (E0000031 for an unsupported operator). */
function compileLogFilter(text: string | undefined): ((record: LogEventRecord) => boolean) | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const expr = parseFilter(text);
    checkFilter(expr, logFilterRules);
    checkLogFilter(expr);
    return compileFilter(expr, { get: eventAttribute, caseInsensitive: false });
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw oktaErrors.logParameter(error.message);
    if (error instanceof FilterRuleError) {
      // `published` is the one attribute the rules refuse: since/until/after own it.
      if (error.reason === 'attribute') throw oktaErrors.logParameter(`field is not valid: ${error.attr}`);
      if (error.reason === 'operator') throw unsupportedCombination(error.op ?? '', error.attr);
      throw oktaErrors.logParameter(`Invalid filter '${text}': ${error.message}`);
    }
    throw error;
  }
}

/** Every string, number and boolean in an event, lower-cased, one per line; built once per event. */
const searchText = new WeakMap<LogEventRecord, string>();

function textOf(record: LogEventRecord): string {
  let text = searchText.get(record);
  if (text === undefined) {
    const parts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') parts.push(value.toLowerCase());
      else if (typeof value === 'number' || typeof value === 'boolean') parts.push(String(value));
      else if (Array.isArray(value)) for (const v of value) walk(v);
      else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) walk(v);
    };
    walk(record.event);
    text = parts.join('\n');
    searchText.set(record, text);
  }
  return text;
}

const wordChar = /[\p{L}\p{N}]/u;
const isWord = (ch: string | undefined) => ch !== undefined && wordChar.test(ch);

/**
 * Whether a keyword occurs as a whole token of some value: "all supplied keywords must be matched exactly";
 * values split on spaces and punctuation, and a hyphenated value matches both as a whole and by its parts.
 */
function hasKeyword(text: string, keyword: string): boolean {
  const boundedStart = isWord(keyword[0]);
  const boundedEnd = isWord(keyword[keyword.length - 1]);
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) {
    if (boundedStart && isWord(text[at - 1])) continue;
    if (boundedEnd && isWord(text[at + keyword.length])) continue;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Positions in org.logs (ordered by seq, and — the clock never goes back — by published)

const compare = (record: LogEventRecord, position: Position) => record.published - position.published || record.seq - position.seq;

/** The first index whose record satisfies `pred`, for a predicate false then true along the array. */
function firstIndex(logs: readonly LogEventRecord[], pred: (record: LogEventRecord) => boolean): number {
  let lo = 0;
  let hi = logs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(logs[mid] as LogEventRecord)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const laterOf = (a: Position, b: Position): Position => (a.published - b.published || a.seq - b.seq) >= 0 ? a : b;

// ---------------------------------------------------------------------------------------------
// The route

function listLogs(call: Call): Answer {
  call.principal.auth.require('logs.read');
  const logs = call.ctx.org.logs;
  const now = call.ctx.clock.now();
  const { since, until } = readDates(call.query);
  const limit = readLogLimit(call.query.limit);
  const order = readSortOrder(call.query.sortOrder);
  const after = readCursor(call.query.after);
  if (after !== undefined && since !== undefined) throw oktaErrors.logParameter('Invalid parameter: The since and after parameters cannot be used together.');
  if (since !== undefined && since < now - MAX_SINCE_AGE_MS) throw oktaErrors.logParameter('Invalid parameter: The since parameter is over 180 days prior to the current day.');
  if (since !== undefined && until !== undefined && until < since) throw oktaErrors.logParameter('Invalid parameter: The until parameter must not be before the since parameter.');
  const keywords = readKeywords(call.query.q);
  const match = compileLogFilter(call.query.filter);
  const keep = (r: LogEventRecord): boolean => {
    if (match !== undefined && !match(r)) return false;
    if (keywords.length === 0) return true;
    const text = textOf(r);
    return keywords.every((k) => hasKeyword(text, k));
  };
  const retained: Position = { published: now - RETENTION_MS, seq: 0 };
  const [self] = linkHeaders(call.origin, call.path, call.query, undefined);
  const nextLink = (cursor: string) => linkHeaders(call.origin, call.path, { ...call.query, since: undefined }, cursor)[1] as string;

  if (until === undefined && order === 'ASCENDING') {
    // Polling query: persistence order, endless; the cursor is the last event looked at, so following
    // `next` later returns exactly the events appended since.
    let position = laterOf(after ?? { published: since ?? now - DEFAULT_WINDOW_MS, seq: 0 }, retained);
    const page: LogEventRecord[] = [];
    for (let i = firstIndex(logs, (r) => compare(r, position) > 0); i < logs.length && page.length < limit; i++) {
      const r = logs[i] as LogEventRecord;
      position = r;
      if (keep(r)) page.push(r);
    }
    return ok(
      page.map((r) => r.event),
      200,
      { link: [self as string, nextLink(encodeCursor(position))] },
    );
  }

  // Bounded query: ordered by published, finite; the last page has no `next`.
  const upperBound = until ?? now;
  const page: LogEventRecord[] = [];
  let more = false;
  let cursor: string | undefined;
  if (order === 'ASCENDING') {
    const lower = laterOf(after ?? { published: since ?? upperBound - DEFAULT_WINDOW_MS, seq: 0 }, retained);
    const end = firstIndex(logs, (r) => r.published > upperBound);
    let i = firstIndex(logs, (r) => compare(r, lower) > 0);
    for (; i < end && page.length < limit; i++) {
      const r = logs[i] as LogEventRecord;
      if (keep(r)) page.push(r);
    }
    for (; i < end && !more; i++) more = keep(logs[i] as LogEventRecord);
    const last = page[page.length - 1];
    cursor = encodeCursor(last ?? lower);
  } else {
    const floor = Math.max(after !== undefined ? after.since ?? 0 : since ?? upperBound - DEFAULT_WINDOW_MS, retained.published);
    const start = Math.min(
      firstIndex(logs, (r) => r.published > upperBound),
      after !== undefined ? firstIndex(logs, (r) => compare(r, after) >= 0) : logs.length,
    );
    let i = start - 1;
    for (; i >= 0 && page.length < limit; i--) {
      const r = logs[i] as LogEventRecord;
      if (r.published < floor) break;
      if (keep(r)) page.push(r);
    }
    for (; i >= 0 && !more; i--) {
      const r = logs[i] as LogEventRecord;
      if (r.published < floor) break;
      more = keep(r);
    }
    const last = page[page.length - 1];
    cursor = encodeCursor(last ?? after ?? { published: upperBound + 1, seq: 0 }, floor);
  }
  return ok(
    page.map((r) => r.event),
    200,
    { link: more ? [self as string, nextLink(cursor)] : [self as string] },
  );
}

/** `GET /api/v1/logs`. */
export const logRoutes: readonly OktaRoute[] = [{ method: 'GET', url: '/api/v1/logs', scope: 'okta.logs.read', handler: listLogs }];
