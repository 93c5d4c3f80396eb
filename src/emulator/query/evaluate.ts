/**
 * Compiles a parsed filter into a predicate over records. All per-literal work (case folding,
 * number and date parsing, operator dispatch) happens once at compile time, so the predicate
 * stays cheap when run over a whole collection.
 */
import type { CompareOp, FilterExpr, FilterValue } from './scim-filter.ts';

/** How compiled filters read records and compare strings. */
export interface CompileOptions<R> {
  /** Reads an attribute of a record. Returns undefined when absent. May return string, number, boolean, null, string[] (arrays: the comparison holds if any element matches), or a Date-like ISO string. */
  get(record: R, attr: string): unknown;
  /** When true, string comparisons ignore case (Okta `search`); when false they are case-sensitive (Okta `filter`). */
  caseInsensitive: boolean;
}

/** Tests one attribute value (one array element for multi-valued attributes). */
type Matcher = (value: unknown) => boolean;
type OrderOp = 'gt' | 'ge' | 'lt' | 'le';
type Fold = (text: string) => string;

/** Only strings shaped like ISO-8601 dates take part in date comparison (Date.parse alone accepts "1" or "May 5"). */
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

const lowerCase: Fold = (text) => text.toLowerCase();
const sameCase: Fold = (text) => text;
const never: Matcher = () => false;

/** The number a string literal spells, or NaN. */
function numericValue(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The instant an ISO-8601 date string denotes, or NaN. */
function isoInstant(text: string): number {
  return ISO_DATE_PREFIX.test(text) ? Date.parse(text) : Number.NaN;
}

/** -1, 0 or 1; NaN when the operands are not ordered (e.g. NaN). */
function compare<T extends number | string>(a: T, b: T): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return a === b ? 0 : Number.NaN;
}

/** Turns an ordering operator into a test on the result of `compare`. */
function orderTest(op: OrderOp): (sign: number) => boolean {
  switch (op) {
    case 'gt':
      return (sign) => sign > 0;
    case 'ge':
      return (sign) => sign >= 0;
    case 'lt':
      return (sign) => sign < 0;
    case 'le':
      return (sign) => sign <= 0;
  }
}

function equalsMatcher(value: FilterValue, fold: Fold): Matcher {
  if (value === null) return (v) => v === undefined || v === null;
  if (typeof value !== 'string') return (v) => v === value;
  const literal = fold(value);
  const number = numericValue(value);
  return (v) => (typeof v === 'string' ? fold(v) === literal : typeof v === 'number' && v === number);
}

function orderMatcher(op: OrderOp, value: FilterValue, fold: Fold): Matcher {
  const holds = orderTest(op);
  if (typeof value === 'number') return (v) => typeof v === 'number' && holds(compare(v, value));
  if (typeof value !== 'string') return never;
  const literal = fold(value);
  const number = numericValue(value);
  const instant = isoInstant(value);
  const compareText = Number.isNaN(instant)
    ? (v: string) => compare(fold(v), literal)
    : (v: string) => {
        const t = isoInstant(v);
        return Number.isNaN(t) ? compare(fold(v), literal) : compare(t, instant);
      };
  return (v) => {
    if (typeof v === 'string') return holds(compareText(v));
    return typeof v === 'number' && holds(compare(v, number));
  };
}

function substringMatcher(op: 'sw' | 'co' | 'ew', value: FilterValue, fold: Fold): Matcher {
  if (typeof value !== 'string') return never;
  const literal = fold(value);
  switch (op) {
    case 'sw':
      return (v) => typeof v === 'string' && fold(v).startsWith(literal);
    case 'co':
      return (v) => typeof v === 'string' && fold(v).includes(literal);
    case 'ew':
      return (v) => typeof v === 'string' && fold(v).endsWith(literal);
  }
}

/** The matcher for every operator but `ne`, which is compiled as the negation of `eq`. */
function scalarMatcher(op: Exclude<CompareOp, 'ne'>, value: FilterValue, fold: Fold): Matcher {
  switch (op) {
    case 'eq':
      return equalsMatcher(value, fold);
    case 'sw':
    case 'co':
    case 'ew':
      return substringMatcher(op, value, fold);
    default:
      return orderMatcher(op, value, fold);
  }
}

/** True when the value, or for an array any of its elements, matches. */
function matchesAny(value: unknown, matcher: Matcher): boolean {
  if (!Array.isArray(value)) return matcher(value);
  for (const element of value) if (matcher(element)) return true;
  return false;
}

/** The `pr` test: not undefined, not null, not an empty string, not an empty array. */
export function isPresentValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

/** Compiles a filter AST into a predicate over records. */
export function compileFilter<R>(expr: FilterExpr, options: CompileOptions<R>): (record: R) => boolean {
  const fold = options.caseInsensitive ? lowerCase : sameCase;
  const get = (record: R, attr: string): unknown => options.get(record, attr);
  return compileNode(expr, get, fold);
}

function compileNode<R>(expr: FilterExpr, get: (record: R, attr: string) => unknown, fold: Fold): (record: R) => boolean {
  switch (expr.kind) {
    case 'and': {
      const left = compileNode(expr.left, get, fold);
      const right = compileNode(expr.right, get, fold);
      return (record) => left(record) && right(record);
    }
    case 'or': {
      const left = compileNode(expr.left, get, fold);
      const right = compileNode(expr.right, get, fold);
      return (record) => left(record) || right(record);
    }
    case 'not': {
      const inner = compileNode(expr.expr, get, fold);
      return (record) => !inner(record);
    }
    case 'present': {
      const { attr } = expr;
      return (record) => isPresentValue(get(record, attr));
    }
    case 'compare': {
      const { attr, op, value } = expr;
      if (op === 'ne') {
        const equals = equalsMatcher(value, fold);
        return (record) => !matchesAny(get(record, attr), equals);
      }
      const matcher = scalarMatcher(op, value, fold);
      return (record) => matchesAny(get(record, attr), matcher);
    }
  }
}
