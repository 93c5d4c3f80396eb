/**
 * Okta's SCIM-style filter/search expressions (`filter=` and `search=` query parameters):
 * `attr op value`, `attr pr`, `and`, `or`, `not`, parentheses.
 * A tokenizer and a recursive-descent parser produce a small AST; `formatFilter` prints it back.
 * @see https://developer.okta.com/docs/api/#filter
 */

/** A binary comparison operator. */
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'ew';

/** A literal on the right-hand side of a comparison. */
export type FilterValue = string | number | boolean | null;

/** A parsed filter expression. */
export type FilterExpr =
  | { kind: 'compare'; attr: string; op: CompareOp; value: FilterValue }
  | { kind: 'present'; attr: string }
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr };

/** The binary comparison operators, in the order Okta lists them. */
export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** Longest filter text accepted, in UTF-16 code units. */
export const MAX_FILTER_LENGTH = 4000;

/** Deepest nesting of parentheses and `not` accepted. */
export const MAX_FILTER_DEPTH = 50;

/** The operator list shown in "Unrecognized attribute operator" messages. */
const EXPECTED_OPERATORS = 'eq,ne,co,sw,ew,pr,gt,ge,lt,le';

/** Words that can never be attribute names. */
const RESERVED_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not']);

/** A malformed filter, with an Okta System Log style message and the 1-based position of the problem. */
export class FilterSyntaxError extends Error {
  /** 1-based position of the problem, in UTF-16 code units of `filter`. */
  readonly position: number;
  /** The filter text as received. */
  readonly filter: string;
  /** What is wrong, without the `Invalid filter '…':` prefix and position. */
  readonly detail: string;

  constructor(filter: string, detail: string, position: number, expected?: string) {
    const shown = filter.length > MAX_FILTER_LENGTH ? `${filter.slice(0, 50)}...` : filter;
    const suffix = expected === undefined ? '' : ` Expected: ${expected}`;
    super(`Invalid filter '${shown}': ${detail} at position ${position}.${suffix}`);
    this.name = 'FilterSyntaxError';
    this.position = position;
    this.filter = filter;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { kind: 'word' | 'lparen' | 'rparen' | 'end'; text: string; start: number }
  | { kind: 'string'; text: string; start: number; value: string }
  | { kind: 'number'; text: string; start: number; value: number };

const NUMBER_PATTERN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}

function isWordPart(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9') || c === '.';
}

function isHexDigit(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/** Shows a character in a message, escaping control and whitespace characters. */
function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
}

/** Reads tokens from filter text one at a time, so the left-most problem is the one reported. */
class Lexer {
  private readonly text: string;
  private index = 0;

  constructor(text: string) {
    this.text = text;
  }

  next(): Token {
    const { text } = this;
    while (this.index < text.length && isBlank(text[this.index] as string)) this.index++;
    const start = this.index;
    if (start >= text.length) return { kind: 'end', text: '', start };
    const c = text[start] as string;
    if (c === '(' || c === ')') {
      this.index++;
      return { kind: c === '(' ? 'lparen' : 'rparen', text: c, start };
    }
    if (c === '"') return this.readString(start);
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber(start);
    if (isWordStart(c)) return this.readWord(start);
    throw this.error(`Unexpected character '${describeChar(c)}'`, start);
  }

  error(detail: string, index: number, expected?: string): FilterSyntaxError {
    return new FilterSyntaxError(this.text, detail, index + 1, expected);
  }

  private readWord(start: number): Token {
    let end = start + 1;
    while (end < this.text.length && isWordPart(this.text[end] as string)) end++;
    this.index = end;
    return { kind: 'word', text: this.text.slice(start, end), start };
  }

  private readNumber(start: number): Token {
    NUMBER_PATTERN.lastIndex = start;
    const match = NUMBER_PATTERN.exec(this.text);
    let end = start + (match?.[0].length ?? 0);
    const glued = end < this.text.length && isWordPart(this.text[end] as string);
    if (match === null || glued) {
      end = Math.max(end, start + 1);
      while (end < this.text.length && (isWordPart(this.text[end] as string) || this.text[end] === '-')) end++;
      throw this.error(`Invalid number '${this.text.slice(start, end)}'`, start);
    }
    const text = match[0];
    const value = Number(text);
    if (!Number.isFinite(value)) throw this.error(`Number out of range '${text}'`, start);
    this.index = end;
    return { kind: 'number', text, start, value };
  }

  private readString(start: number): Token {
    const { text } = this;
    let value = '';
    let chunk = start + 1;
    let i = chunk;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        this.index = i + 1;
        return { kind: 'string', text: text.slice(start, i + 1), start, value: value + text.slice(chunk, i) };
      }
      if (c === '\\' && i + 1 < text.length) {
        value += text.slice(chunk, i) + this.readEscape(i);
        i += text[i + 1] === 'u' ? 6 : 2;
        chunk = i;
      } else {
        i++;
      }
    }
    throw this.error('Unterminated string literal', start);
  }

  /** Decodes the escape sequence whose backslash is at `at`. */
  private readEscape(at: number): string {
    const kind = this.text[at + 1] as string;
    if (kind === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (hex.length !== 4 || ![...hex].every(isHexDigit)) throw this.error(`Invalid escape sequence '\\u${hex}'`, at);
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const simple = Object.hasOwn(SIMPLE_ESCAPES, kind) ? SIMPLE_ESCAPES[kind] : undefined;
    if (simple === undefined) throw this.error(`Invalid escape sequence '\\${describeChar(kind)}'`, at);
    return simple;
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

/** True when `name` is a well-formed attribute name: dotted segments of letters, digits, `_`, `$`. */
export function isAttributeName(name: string): boolean {
  if (name === '' || !isWordStart(name[0] as string) || RESERVED_WORDS.has(name.toLowerCase())) return false;
  if (name.endsWith('.') || name.includes('..')) return false;
  return [...name].every(isWordPart);
}

function isKeyword(token: Token, keyword: 'and' | 'or' | 'not'): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === keyword;
}

function isCompareOp(word: string): word is CompareOp {
  return (COMPARE_OPS as readonly string[]).includes(word);
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of filter' : `token '${token.text}'`;
}

/** Recursive-descent parser: or → and → unary (not, parentheses, comparison). */
class Parser {
  private readonly lexer: Lexer;
  private token: Token;
  private depth = 0;

  constructor(text: string) {
    this.lexer = new Lexer(text);
    this.token = this.lexer.next();
  }

  parse(): FilterExpr {
    const expr = this.parseOr();
    this.expectEnd();
    return expr;
  }

  private advance(): Token {
    const current = this.token;
    this.token = this.lexer.next();
    return current;
  }

  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (isKeyword(this.token, 'or')) {
      this.advance();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (isKeyword(this.token, 'and')) {
      this.advance();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpr {
    const token = this.token;
    if (isKeyword(token, 'not')) {
      this.advance();
      return { kind: 'not', expr: this.nested(token, () => this.parseUnary()) };
    }
    if (token.kind === 'lparen') {
      this.advance();
      return this.nested(token, () => this.parseGroup(token));
    }
    if (token.kind === 'word' && !RESERVED_WORDS.has(token.text.toLowerCase())) return this.parseComparison();
    const detail = token.kind === 'end' ? 'Unexpected end of filter' : `Unexpected ${describeToken(token)}`;
    throw this.lexer.error(detail, token.start, 'attribute name,(,not');
  }

  /** Runs `parse` one nesting level deeper, refusing input nested deeper than MAX_FILTER_DEPTH. */
  private nested(opener: Token, parse: () => FilterExpr): FilterExpr {
    if (this.depth >= MAX_FILTER_DEPTH) throw this.lexer.error(`Filter is nested deeper than ${MAX_FILTER_DEPTH} levels`, opener.start);
    this.depth++;
    const expr = parse();
    this.depth--;
    return expr;
  }

  private parseGroup(open: Token): FilterExpr {
    const expr = this.parseOr();
    const token = this.token;
    if (token.kind === 'end') throw this.lexer.error(`Unbalanced parenthesis '('`, open.start);
    if (token.kind !== 'rparen') throw this.lexer.error(`Unexpected ${describeToken(token)}`, token.start, '),and,or');
    this.advance();
    return expr;
  }

  private parseComparison(): FilterExpr {
    const attrToken = this.advance();
    const attr = attrToken.text;
    if (!isAttributeName(attr)) throw this.lexer.error(`Invalid attribute name '${attr}'`, attrToken.start);
    const opToken = this.advance();
    const op = opToken.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', attr };
    if (isCompareOp(op)) return { kind: 'compare', attr, op, value: this.parseValue(op) };
    const detail = opToken.kind === 'end' ? 'Missing attribute operator' : `Unrecognized attribute operator '${opToken.text}'`;
    throw this.lexer.error(detail, opToken.start, EXPECTED_OPERATORS);
  }

  private parseValue(op: CompareOp): FilterValue {
    const token = this.advance();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    const word = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    const missing = token.kind === 'end' || token.kind === 'rparen' || RESERVED_WORDS.has(word);
    const detail = missing ? `Missing value for operator '${op}'` : `Invalid value '${token.text}'`;
    throw this.lexer.error(detail, token.start, 'string,number,true,false,null');
  }

  private expectEnd(): void {
    const token = this.token;
    if (token.kind === 'end') return;
    if (token.kind === 'rparen') throw this.lexer.error(`Unbalanced parenthesis ')'`, token.start);
    throw this.lexer.error(`Unexpected trailing input '${token.text}'`, token.start, 'and,or');
  }
}

/** Parses filter text into an AST; throws FilterSyntaxError when it is malformed. */
export function parseFilter(text: string): FilterExpr {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new FilterSyntaxError(text, `filter is too long (${text.length} characters, at most ${MAX_FILTER_LENGTH})`, MAX_FILTER_LENGTH + 1);
  }
  if ([...text].every(isBlank)) throw new FilterSyntaxError(text, 'Empty filter', 1);
  return new Parser(text).parse();
}

// ---------------------------------------------------------------------------------------------
// Printer

const PRECEDENCE: Readonly<Record<FilterExpr['kind'], number>> = { or: 1, and: 2, not: 3, compare: 4, present: 4 };

function formatAttr(attr: string): string {
  if (!isAttributeName(attr)) throw new RangeError(`Not a valid filter attribute name: ${JSON.stringify(attr)}`);
  return attr;
}

function formatValue(value: FilterValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite filter number: ${value}`);
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Prints `expr`, wrapped in parentheses when it binds looser than `minPrecedence`. */
function formatAt(expr: FilterExpr, minPrecedence: number): string {
  const text = formatNode(expr);
  return PRECEDENCE[expr.kind] < minPrecedence ? `(${text})` : text;
}

function formatNode(expr: FilterExpr): string {
  switch (expr.kind) {
    case 'compare':
      return `${formatAttr(expr.attr)} ${expr.op} ${formatValue(expr.value)}`;
    case 'present':
      return `${formatAttr(expr.attr)} pr`;
    case 'not':
      return `not ${formatAt(expr.expr, PRECEDENCE.not)}`;
    case 'and':
    case 'or': {
      const precedence = PRECEDENCE[expr.kind];
      return `${formatAt(expr.left, precedence)} ${expr.kind} ${formatAt(expr.right, precedence + 1)}`;
    }
  }
}

/** Prints an AST as canonical filter text that parseFilter reads back to the same AST. */
export function formatFilter(expr: FilterExpr): string {
  return formatAt(expr, 0);
}
