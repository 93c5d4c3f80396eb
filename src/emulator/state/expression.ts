/**
 * A small evaluator for the Okta Expression Language subset that group rules use:
 * `user.department == "Engineering"`, `user.title != 'Intern'`, `&&`, `||`, `!`, parentheses,
 * `String.stringContains(user.title, "Manager")`, `String.startsWith(...)`, `String.endsWith(...)`,
 * `isMemberOfAnyGroup("00g…", …)`, `isMemberOfGroup("00g…")`, string/number/boolean/null literals.
 * @see https://developer.okta.com/docs/reference/okta-expression-language/
 */

type Token =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'id'; v: string }
  | { t: 'op'; v: '==' | '!=' | '&&' | '||' | '!' | '(' | ')' | ',' | '>' | '<' | '>=' | '<=' };

type Node =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'attr'; path: string }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'not'; e: Node }
  | { k: 'bin'; op: '==' | '!=' | '&&' | '||' | '>' | '<' | '>=' | '<='; l: Node; r: Node };

/** What an expression can read: the user's profile and their group memberships. */
export interface ExpressionSubject {
  profile: Record<string, unknown>;
  groupIds: ReadonlySet<string>;
}

export class ExpressionError extends Error {}

const functions: Record<string, (args: unknown[], subject: ExpressionSubject) => unknown> = {
  'String.stringContains': ([a, b]) => typeof a === 'string' && typeof b === 'string' && a.includes(b),
  'String.startsWith': ([a, b]) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b),
  'String.endsWith': ([a, b]) => typeof a === 'string' && typeof b === 'string' && a.endsWith(b),
  'String.toLowerCase': ([a]) => (typeof a === 'string' ? a.toLowerCase() : null),
  'String.toUpperCase': ([a]) => (typeof a === 'string' ? a.toUpperCase() : null),
  isMemberOfAnyGroup: (args, s) => args.some((id) => typeof id === 'string' && s.groupIds.has(id)),
  isMemberOfGroup: ([id], s) => typeof id === 'string' && s.groupIds.has(id),
};

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        v += text[j];
        j++;
      }
      if (j >= text.length) throw new ExpressionError(`unterminated string at position ${i + 1}`);
      out.push({ t: 'str', v });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$.]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '&&' || two === '||' || two === '>=' || two === '<=') {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if (c === '!' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<') {
        out.push({ t: 'op', v: c });
        i++;
      } else {
        throw new ExpressionError(`unexpected character '${c}' at position ${i + 1}`);
      }
    }
  }
  return out;
}

class Parser {
  private i = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parse(): Node {
    const node = this.or();
    if (this.i < this.tokens.length) throw new ExpressionError('unexpected input after the expression');
    return node;
  }

  private peekOp(v: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  private or(): Node {
    let l = this.and();
    while (this.peekOp('||')) {
      this.i++;
      l = { k: 'bin', op: '||', l, r: this.and() };
    }
    return l;
  }

  private and(): Node {
    let l = this.cmp();
    while (this.peekOp('&&')) {
      this.i++;
      l = { k: 'bin', op: '&&', l, r: this.cmp() };
    }
    return l;
  }

  private cmp(): Node {
    const l = this.unary();
    for (const op of ['==', '!=', '>=', '<=', '>', '<'] as const) {
      if (this.peekOp(op)) {
        this.i++;
        return { k: 'bin', op, l, r: this.unary() };
      }
    }
    return l;
  }

  private unary(): Node {
    if (this.peekOp('!')) {
      this.i++;
      return { k: 'not', e: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new ExpressionError('the expression ends too early');
    if (t.t === 'str' || t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const e = this.or();
      if (!this.peekOp(')')) throw new ExpressionError("missing ')'");
      this.i++;
      return e;
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (this.peekOp('(')) {
        this.i++;
        if (!Object.hasOwn(functions, t.v)) throw new ExpressionError(`unknown function ${t.v}`);
        const args: Node[] = [];
        if (!this.peekOp(')')) {
          args.push(this.or());
          while (this.peekOp(',')) {
            this.i++;
            args.push(this.or());
          }
        }
        if (!this.peekOp(')')) throw new ExpressionError(`missing ')' after the arguments of ${t.v}`);
        this.i++;
        return { k: 'call', name: t.v, args };
      }
      if (t.v.startsWith('user.')) return { k: 'attr', path: t.v.slice(5) };
      throw new ExpressionError(`unknown identifier ${t.v}; attributes are written user.<attribute>`);
    }
    throw new ExpressionError(`unexpected '${t.v}'`);
  }
}

/** A compiled group-rule expression. */
export type CompiledExpression = (subject: ExpressionSubject) => boolean;

/** Parses an expression; throws {@link ExpressionError} with what is wrong. */
export function compileExpression(text: string): CompiledExpression {
  if (text.length > 1024) throw new ExpressionError('the expression is longer than 1024 characters');
  const ast = new Parser(tokenize(text)).parse();
  return (subject) => evaluate(ast, subject) === true;
}

function evaluate(node: Node, s: ExpressionSubject): unknown {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'attr': {
      // Own properties only: `user.constructor` or `user.__proto__` must not reach Object.prototype.
      const v = Object.hasOwn(s.profile, node.path) ? s.profile[node.path] : undefined;
      return v === undefined ? null : v;
    }
    case 'call':
      return (functions[node.name] as (args: unknown[], s: ExpressionSubject) => unknown)(
        node.args.map((a) => evaluate(a, s)),
        s,
      );
    case 'not':
      return evaluate(node.e, s) !== true;
    case 'bin': {
      if (node.op === '&&') return evaluate(node.l, s) === true && evaluate(node.r, s) === true;
      if (node.op === '||') return evaluate(node.l, s) === true || evaluate(node.r, s) === true;
      const l = evaluate(node.l, s);
      const r = evaluate(node.r, s);
      if (node.op === '==') return l === r;
      if (node.op === '!=') return l !== r;
      if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) return false;
      const a = l as number | string;
      const b = r as number | string;
      return node.op === '>' ? a > b : node.op === '<' ? a < b : node.op === '>=' ? a >= b : a <= b;
    }
  }
}
