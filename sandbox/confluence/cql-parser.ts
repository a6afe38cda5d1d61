import { CqlSyntaxError, tokenizeCql, type CqlToken } from './cql-lexer';

/**
 * Recursive-descent parser for the CQL subset:
 *
 *     query    := expr? (ORDER BY order (',' order)*)? EOF
 *     expr     := and (OR and)*
 *     and      := unary (AND unary)*
 *     unary    := NOT unary | '(' expr ')' | clause
 *     clause   := field op value | field [NOT] IN '(' value (',' value)* ')'
 *     value    := string | word | word '(' [value (',' value)*] ')'     -- the last is a function: now("-1d")
 *     order    := field [ASC | DESC]
 *
 * Keywords are case-insensitive, as in CQL. Precedence: NOT > AND > OR.
 * https://developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/
 */

export type CqlOp = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=' | 'in' | 'not in';

/** A right-hand side: a literal or a function call such as `now("-1d")` or `currentUser()`. */
export type CqlValue = { kind: 'literal'; text: string } | { kind: 'function'; name: string; args: string[] };

/** The syntax tree of a query's condition. */
export type CqlExpr =
  | { kind: 'and' | 'or'; left: CqlExpr; right: CqlExpr }
  | { kind: 'not'; expr: CqlExpr }
  | { kind: 'clause'; field: string; op: CqlOp; values: CqlValue[]; pos: number };

/** One `ORDER BY` key. */
export interface CqlOrder {
  field: string;
  descending: boolean;
}

/** A parsed query. */
export interface CqlQuery {
  /** null for a query of only `ORDER BY …`. */
  where: CqlExpr | null;
  orderBy: CqlOrder[];
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: CqlToken[]) {}

  private peek(): CqlToken {
    return this.tokens[this.i] ?? { kind: 'eof', text: '', pos: 0 };
  }
  private next(): CqlToken {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t !== undefined && t.kind === 'word' && t.text.toLowerCase() === word;
  }
  private fail(expected: string): never {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'the end of the query' : `'${t.text}'`;
    throw new CqlSyntaxError(`Expected ${expected} but found ${found} at position ${t.pos}`, t.pos);
  }
  private expect(kind: CqlToken['kind'], what: string): CqlToken {
    if (this.peek().kind !== kind) this.fail(what);
    return this.next();
  }

  query(): CqlQuery {
    const where = this.isKeyword('order') || this.peek().kind === 'eof' ? null : this.expr();
    const orderBy: CqlOrder[] = [];
    if (this.isKeyword('order')) {
      this.next();
      if (!this.isKeyword('by')) this.fail("BY after ORDER");
      this.next();
      do {
        const field = this.expect('word', 'a field to order by').text.toLowerCase();
        let descending = false;
        if (this.isKeyword('asc') || this.isKeyword('desc')) descending = this.next().text.toLowerCase() === 'desc';
        orderBy.push({ field, descending });
      } while (this.peek().kind === 'comma' && this.next());
    }
    if (this.peek().kind !== 'eof') this.fail('AND, OR, ORDER BY or the end of the query');
    return { where, orderBy };
  }

  private expr(): CqlExpr {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): CqlExpr {
    let left = this.unary();
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): CqlExpr {
    if (this.isKeyword('not')) {
      this.next();
      return { kind: 'not', expr: this.unary() };
    }
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.expr();
      this.expect('rparen', "')'");
      return inner;
    }
    return this.clause();
  }

  private clause(): CqlExpr {
    const fieldToken = this.peek();
    if (fieldToken.kind !== 'word' || ['and', 'or', 'order', 'in'].includes(fieldToken.text.toLowerCase())) this.fail('a field name');
    this.next();
    const field = fieldToken.text.toLowerCase();
    if (this.isKeyword('in') || (this.isKeyword('not') && this.isKeyword('in', 1))) {
      const op: CqlOp = this.isKeyword('not') ? 'not in' : 'in';
      this.next();
      if (op === 'not in') this.next();
      this.expect('lparen', "'(' after IN");
      const values = [this.value()];
      while (this.peek().kind === 'comma') {
        this.next();
        values.push(this.value());
      }
      this.expect('rparen', "')' closing the IN list");
      return { kind: 'clause', field, op, values, pos: fieldToken.pos };
    }
    const op = this.peek();
    if (op.kind !== 'op') this.fail(`an operator after '${fieldToken.text}'`);
    this.next();
    return { kind: 'clause', field, op: op.text as CqlOp, values: [this.value()], pos: fieldToken.pos };
  }

  private value(): CqlValue {
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return { kind: 'literal', text: t.text };
    }
    if (t.kind !== 'word' || ['and', 'or', 'not', 'order'].includes(t.text.toLowerCase())) this.fail('a value');
    this.next();
    if (this.peek().kind !== 'lparen') return { kind: 'literal', text: t.text };
    this.next();
    const args: string[] = [];
    while (this.peek().kind !== 'rparen') {
      const arg = this.value();
      if (arg.kind !== 'literal') this.fail('a literal function argument');
      args.push(arg.text);
      if (this.peek().kind === 'comma') this.next();
      else break;
    }
    this.expect('rparen', `')' closing ${t.text}(`);
    return { kind: 'function', name: t.text.toLowerCase(), args };
  }
}

/** Parses a CQL string; throws {@link CqlSyntaxError} with the position of the first problem. */
export function parseCql(input: string): CqlQuery {
  return new Parser(tokenizeCql(input)).query();
}
