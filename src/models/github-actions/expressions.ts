/**
 * GitHub Actions expressions (`${{ ... }}`): a tokeniser and a recursive-descent parser for the
 * documented grammar (literals, contexts with `.name`, `[index]` and `.*` access, the operators
 * `! == != < <= > >= && ||`, grouping and function calls), bounded in depth and length. Parsing
 * never evaluates anything; `contextReferences` lists what an expression reads.
 */

export type Expr =
  | { type: 'literal'; value: string | number | boolean | null; start: number; end: number }
  | { type: 'context'; name: string; start: number; end: number }
  | { type: 'property'; object: Expr; name: string; start: number; end: number }
  | { type: 'index'; object: Expr; index: Expr; start: number; end: number }
  /** `.*` or `[*]`: object filter. */
  | { type: 'star'; object: Expr; start: number; end: number }
  | { type: 'call'; name: string; args: Expr[]; start: number; end: number }
  | { type: 'unary'; op: '!'; operand: Expr; start: number; end: number }
  | {
      type: 'binary';
      op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
      left: Expr;
      right: Expr;
      start: number;
      end: number;
    };

export type ParseResult = { expr: Expr } | { error: string; offset: number };

/** Longest expression parsed; GitHub allows 21,000 characters per expression. */
export const MAX_EXPRESSION_LENGTH = 21_000;
export const MAX_EXPRESSION_DEPTH = 100;

type TokenType = 'num' | 'str' | 'ident' | 'op' | 'punct' | 'end';
interface Token {
  type: TokenType;
  text: string;
  value?: string | number;
  start: number;
  end: number;
}

class ExprError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const NUMBER = /^(?:0x[0-9a-fA-F]+|0o[0-7]+|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;

function tokenise(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExprError('unterminated string', start);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i];
        i++;
      }
      tokens.push({ type: 'str', text: source.slice(start, i), value, start, end: i });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      tokens.push({ type: 'op', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if ('<>!'.includes(c)) {
      tokens.push({ type: 'op', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    if ('()[].,*'.includes(c)) {
      // ".5" is a number, "a.b" a dereference
      const prev = tokens.at(-1);
      const afterValue = prev && (prev.type === 'ident' || prev.text === ')' || prev.text === ']');
      if (!(c === '.' && !afterValue && /\d/.test(source[i + 1] ?? ''))) {
        tokens.push({ type: 'punct', text: c, start, end: i + 1 });
        i++;
        continue;
      }
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < source.length && IDENT_PART.test(source[j]!)) j++;
      tokens.push({ type: 'ident', text: source.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    const num = NUMBER.exec(source.slice(i, i + 64));
    if (num && num[0] !== '+' && num[0] !== '-') {
      const text = num[0];
      const value = text.startsWith('0o') ? Number.parseInt(text.slice(2), 8) : Number(text);
      tokens.push({ type: 'num', text, value, start, end: i + text.length });
      i += text.length;
      continue;
    }
    throw new ExprError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ type: 'end', text: '', start: source.length, end: source.length });
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) throw new ExprError(`expected "${text}", found "${t.text || 'end'}"`, t.start);
    return t;
  }

  private enter(at: number) {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw new ExprError('expression nested too deeply', at);
  }

  parse(): Expr {
    const e = this.or();
    const t = this.peek();
    if (t.type !== 'end') throw new ExprError(`unexpected "${t.text}"`, t.start);
    return e;
  }

  private binary(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (this.peek().type === 'op' && ops.includes(this.peek().text)) {
      const op = this.next().text as Extract<Expr, { type: 'binary' }>['op'];
      const right = operand();
      left = { type: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private or = (): Expr => this.binary(['||'], this.and);
  private and = (): Expr => this.binary(['&&'], this.equality);
  private equality = (): Expr => this.binary(['==', '!='], this.comparison);
  private comparison = (): Expr => this.binary(['<', '<=', '>', '>='], this.unary);

  private unary = (): Expr => {
    const t = this.peek();
    if (t.type === 'op' && t.text === '!') {
      this.next();
      this.enter(t.start);
      const operand = this.unary();
      this.depth--;
      return { type: 'unary', op: '!', operand, start: t.start, end: operand.end };
    }
    return this.postfix();
  };

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.text === '.' && t.type === 'punct') {
        this.next();
        const name = this.next();
        if (name.text === '*') e = { type: 'star', object: e, start: e.start, end: name.end };
        else if (name.type === 'ident')
          e = { type: 'property', object: e, name: name.text, start: e.start, end: name.end };
        else throw new ExprError('expected a property name after "."', name.start);
      } else if (t.text === '[' && t.type === 'punct') {
        this.next();
        if (this.peek().text === '*') {
          this.next();
          const close = this.expect(']');
          e = { type: 'star', object: e, start: e.start, end: close.end };
        } else {
          this.enter(t.start);
          const index = this.or();
          this.depth--;
          const close = this.expect(']');
          e = { type: 'index', object: e, index, start: e.start, end: close.end };
        }
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.type) {
      case 'num':
        return { type: 'literal', value: t.value as number, start: t.start, end: t.end };
      case 'str':
        return { type: 'literal', value: t.value as string, start: t.start, end: t.end };
      case 'ident': {
        const lower = t.text.toLowerCase();
        if (lower === 'true' || lower === 'false')
          return { type: 'literal', value: lower === 'true', start: t.start, end: t.end };
        if (lower === 'null') return { type: 'literal', value: null, start: t.start, end: t.end };
        if (t.text === 'NaN') return { type: 'literal', value: Number.NaN, start: t.start, end: t.end };
        if (t.text === 'Infinity')
          return { type: 'literal', value: Number.POSITIVE_INFINITY, start: t.start, end: t.end };
        if (this.peek().text === '(') {
          this.next();
          this.enter(t.start);
          const args: Expr[] = [];
          if (this.peek().text !== ')') {
            for (;;) {
              args.push(this.or());
              if (this.peek().text === ',') {
                this.next();
                continue;
              }
              break;
            }
          }
          const close = this.expect(')');
          this.depth--;
          return { type: 'call', name: t.text, args, start: t.start, end: close.end };
        }
        return { type: 'context', name: t.text, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '(') {
          this.enter(t.start);
          const inner = this.or();
          this.depth--;
          this.expect(')');
          return inner;
        }
        break;
      default:
        break;
    }
    throw new ExprError(
      t.type === 'end' ? 'unexpected end of expression' : `unexpected "${t.text}"`,
      t.start,
    );
  }
}

/** Parses the text between `${{` and `}}` (or a bare `if:` condition). Errors are values. */
export function parseExpression(source: string): ParseResult {
  if (source.length > MAX_EXPRESSION_LENGTH)
    return { error: `expression longer than ${MAX_EXPRESSION_LENGTH} characters`, offset: 0 };
  try {
    const tokens = tokenise(source);
    if (tokens.length === 1) return { error: 'empty expression', offset: 0 };
    return { expr: new Parser(tokens).parse() };
  } catch (e) {
    if (e instanceof ExprError) return { error: e.message, offset: e.offset };
    throw e;
  }
}

/** One `${{ ... }}` in a string: offsets of the whole template and of its inner text. */
export interface Embedded {
  start: number;
  end: number;
  inner: string;
  innerStart: number;
  parsed: ParseResult;
}

/** Every `${{ ... }}` in `text`; a `}}` inside a quoted string does not close it. */
export function embeddedExpressions(text: string): Embedded[] {
  const out: Embedded[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('${{', from);
    if (open < 0) return out;
    let i = open + 3;
    let close = -1;
    while (i < text.length) {
      if (text[i] === "'") {
        const q = text.indexOf("'", i + 1);
        // '' is an escaped quote: the next search starts after it
        i = q < 0 ? text.length : q + 1;
        continue;
      }
      if (text[i] === '}' && text[i + 1] === '}') {
        close = i;
        break;
      }
      i++;
    }
    if (close < 0) return out;
    const inner = text.slice(open + 3, close);
    out.push({ start: open, end: close + 2, inner, innerStart: open + 3, parsed: parseExpression(inner) });
    from = close + 2;
  }
}

/** A context reference: `github.event.pull_request.title`, with `*` for filters and computed indexes. */
export interface ContextReference {
  path: string;
  start: number;
  end: number;
}

/** The dotted path of a context access, or undefined when the base is not a context. */
function accessPath(e: Expr): string | undefined {
  switch (e.type) {
    case 'context':
      return e.name;
    case 'property': {
      const base = accessPath(e.object);
      return base === undefined ? undefined : `${base}.${e.name}`;
    }
    case 'index': {
      const base = accessPath(e.object);
      if (base === undefined) return undefined;
      const i = e.index;
      return i.type === 'literal' && i.value !== null ? `${base}.${String(i.value)}` : `${base}.*`;
    }
    case 'star': {
      const base = accessPath(e.object);
      return base === undefined ? undefined : `${base}.*`;
    }
    default:
      return undefined;
  }
}

/** Every context an expression reads, outermost access only (`a.b.c`, not also `a.b` and `a`). */
export function contextReferences(expr: Expr): ContextReference[] {
  const out: ContextReference[] = [];
  const visit = (e: Expr) => {
    const path = accessPath(e);
    if (path !== undefined) {
      out.push({ path, start: e.start, end: e.end });
      // a computed index reads contexts too: github.event[inputs.name]
      for (let cur: Expr = e; cur.type !== 'context'; ) {
        if (cur.type === 'index') visit(cur.index);
        if (cur.type === 'property' || cur.type === 'index' || cur.type === 'star') cur = cur.object;
        else break;
      }
      return;
    }
    switch (e.type) {
      case 'property':
      case 'star':
        visit(e.object);
        break;
      case 'index':
        visit(e.object);
        visit(e.index);
        break;
      case 'call':
        for (const a of e.args) visit(a);
        break;
      case 'unary':
        visit(e.operand);
        break;
      case 'binary':
        visit(e.left);
        visit(e.right);
        break;
      default:
        break;
    }
  };
  visit(expr);
  return out;
}

/** Functions whose result is a boolean or a fixed-form value, whatever their arguments say. */
const CONDITION_FUNCTIONS = new Set([
  'contains',
  'startswith',
  'endswith',
  'success',
  'failure',
  'always',
  'cancelled',
  'hashfiles',
]);

/**
 * The operands whose value can become the expression's value: `a && b` yields b (a only decides),
 * `a || b` either, comparisons and `!` a boolean, condition functions their own result. Other
 * calls (format, toJSON, join, fromJSON) and accesses are returned whole.
 */
export function resultOperands(e: Expr, depth = 0): Expr[] {
  if (depth > MAX_EXPRESSION_DEPTH) return [e];
  switch (e.type) {
    case 'binary':
      if (e.op === '&&') return resultOperands(e.right, depth + 1);
      if (e.op === '||') return [...resultOperands(e.left, depth + 1), ...resultOperands(e.right, depth + 1)];
      return [];
    case 'unary':
      return [];
    case 'call':
      return CONDITION_FUNCTIONS.has(e.name.toLowerCase()) ? [] : [e];
    default:
      return [e];
  }
}
