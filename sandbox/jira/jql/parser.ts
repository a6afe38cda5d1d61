import { JqlError, tokenize, where, type Token } from './lexer';

/*
 * Recursive-descent parser for the JQL subset the emulator answers:
 *
 *   query    := [or] [ORDER BY sort ("," sort)*]
 *   or       := and (OR and)*
 *   and      := not (AND not)*
 *   not      := (NOT | "!") not | "(" or ")" | clause
 *   clause   := field operator operand
 *   field    := word | string | "issue.property" "[" key "]" path
 *   operator := = | != | > | >= | < | <= | ~ | !~ | IN | NOT IN | IS | IS NOT
 *   operand  := value | function | "(" operand ("," operand)* ")" | EMPTY | NULL
 *   function := word "(" [value ("," value)*] ")"
 *   sort     := field [ASC | DESC]
 *
 * History operators (WAS, CHANGED) are recognised so their error names them.
 */

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type FieldRef = { kind: 'field'; name: string; pos: number } | { kind: 'property'; key: string; path: string[]; pos: number };

export type Operand =
  | { kind: 'value'; value: string; quoted: boolean; pos: number }
  | { kind: 'function'; name: string; args: string[]; pos: number }
  | { kind: 'list'; items: Operand[]; pos: number }
  | { kind: 'empty'; pos: number };

export interface Clause {
  kind: 'clause';
  field: FieldRef;
  op: Operator;
  operand: Operand;
  pos: number;
}

export type Expr = Clause | { kind: 'and'; items: Expr[] } | { kind: 'or'; items: Expr[] } | { kind: 'not'; expr: Expr };

export interface SortSpec {
  field: FieldRef;
  direction: 'ASC' | 'DESC';
}

export interface Query {
  where: Expr | null;
  orderBy: SortSpec[];
}

const HISTORY_OPERATORS = new Set(['WAS', 'CHANGED']);
const VALID_OPERATORS = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'";

export function parseJql(query: string): Query {
  const tokens = tokenize(query);
  let i = 0;
  const peek = (): Token => tokens[i] ?? { kind: 'eof', text: '', pos: query.length };
  const next = (): Token => tokens[i++] ?? { kind: 'eof', text: '', pos: query.length };
  const isWord = (t: Token, w: string): boolean => t.kind === 'word' && t.text.toUpperCase() === w;
  const shown = (t: Token): string => (t.kind === 'eof' ? 'EOF' : t.kind === 'string' ? `"${t.text}"` : t.text);
  const error = (message: string, t: Token): never => {
    throw new JqlError([`Error in the JQL Query: ${message} ${where(query, t.pos)}`]);
  };

  const field = (): FieldRef => {
    const t = next();
    if (t.kind !== 'word' && t.kind !== 'string') error(`Expecting a field name but got '${shown(t)}'.`, t);
    if (t.kind === 'word' && t.text.toLowerCase() === 'issue.property') {
      if (next().kind !== 'lbracket') error(`Expecting '[' after 'issue.property'.`, tokens[i - 1]!);
      const key = next();
      if (key.kind !== 'word' && key.kind !== 'string') error(`Expecting a property key but got '${shown(key)}'.`, key);
      if (next().kind !== 'rbracket') error(`Expecting ']' after the property key.`, tokens[i - 1]!);
      const path = peek();
      if (path.kind !== 'word' || !path.text.startsWith('.')) error(`Expecting a property path such as '.severity' but got '${shown(path)}'.`, path);
      next();
      return { kind: 'property', key: key.text, path: path.text.slice(1).split('.').filter((p) => p.length > 0), pos: t.pos };
    }
    return { kind: 'field', name: t.text, pos: t.pos };
  };

  const value = (): Operand => {
    const t = next();
    if (t.kind === 'string') return { kind: 'value', value: t.text, quoted: true, pos: t.pos };
    if (t.kind === 'word') {
      if (isWord(t, 'EMPTY') || isWord(t, 'NULL')) return { kind: 'empty', pos: t.pos };
      if (peek().kind === 'lparen') {
        next();
        const args: string[] = [];
        if (peek().kind !== 'rparen') {
          for (;;) {
            const a = next();
            if (a.kind !== 'word' && a.kind !== 'string') error(`Expecting a function argument but got '${shown(a)}'.`, a);
            args.push(a.text);
            if (peek().kind === 'comma') next();
            else break;
          }
        }
        const close = next();
        if (close.kind !== 'rparen') error(`Expecting ')' to close the function '${t.text}' but got '${shown(close)}'.`, close);
        return { kind: 'function', name: t.text, args, pos: t.pos };
      }
      return { kind: 'value', value: t.text, quoted: false, pos: t.pos };
    }
    if (t.kind === 'lparen') {
      const items: Operand[] = [];
      for (;;) {
        const item = value();
        if (item.kind === 'list') error(`Lists can not be nested.`, t);
        items.push(item);
        const sep = next();
        if (sep.kind === 'rparen') break;
        if (sep.kind !== 'comma') error(`Expecting ',' or ')' but got '${shown(sep)}'.`, sep);
      }
      return { kind: 'list', items, pos: t.pos };
    }
    return error(`Expecting either a value, list or function but got '${shown(t)}'. You must surround '${shown(t)}' in quotation marks to use it as a value.`, t);
  };

  const operator = (): Operator => {
    const t = next();
    if (t.kind === 'op') return t.text as Operator;
    if (isWord(t, 'IN')) return 'in';
    if (t.kind === 'not' && isWord(peek(), 'IN')) return (next(), 'not in');
    if (isWord(t, 'IS')) {
      if (peek().kind === 'not') return (next(), 'is not');
      return 'is';
    }
    if (t.kind === 'word' && HISTORY_OPERATORS.has(t.text.toUpperCase())) {
      return error(`The operator '${t.text.toUpperCase()}' (issue history) is not supported by the Kaizen sandbox's JQL emulation.`, t);
    }
    return error(`Expecting operator but got '${shown(t)}'. The valid operators are ${VALID_OPERATORS}.`, t);
  };

  const clause = (): Clause => {
    const f = field();
    const opToken = peek();
    const op = operator();
    const operand = value();
    if ((op === 'in' || op === 'not in') && operand.kind !== 'list' && operand.kind !== 'function') {
      error(`Operator '${op.toUpperCase()}' needs a list of values such as ("a", "b").`, opToken);
    }
    if ((op === 'is' || op === 'is not') && operand.kind !== 'empty') error(`Operator '${op.toUpperCase()}' can only be followed by EMPTY or NULL.`, opToken);
    return { kind: 'clause', field: f, op, operand, pos: f.pos };
  };

  const notExpr = (): Expr => {
    const t = peek();
    if (t.kind === 'not') {
      next();
      return { kind: 'not', expr: notExpr() };
    }
    if (t.kind === 'lparen') {
      next();
      const inner = orExpr();
      const close = next();
      if (close.kind !== 'rparen') error(`Expecting ')' but got '${shown(close)}'.`, close);
      return inner;
    }
    return clause();
  };

  const andExpr = (): Expr => {
    const items = [notExpr()];
    while (peek().kind === 'and') {
      next();
      items.push(notExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };

  function orExpr(): Expr {
    const items = [andExpr()];
    while (peek().kind === 'or') {
      next();
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  const startsOrderBy = (): boolean => isWord(peek(), 'ORDER');
  const whereExpr = peek().kind === 'eof' || startsOrderBy() ? null : orExpr();

  const orderBy: SortSpec[] = [];
  if (startsOrderBy()) {
    next();
    const by = next();
    if (!isWord(by, 'BY')) error(`Expecting 'by' but got '${shown(by)}'.`, by);
    for (;;) {
      const f = field();
      let direction: 'ASC' | 'DESC' = 'ASC';
      if (isWord(peek(), 'ASC') || isWord(peek(), 'DESC')) direction = next().text.toUpperCase() as 'ASC' | 'DESC';
      orderBy.push({ field: f, direction });
      if (peek().kind === 'comma') next();
      else break;
    }
  }
  const rest = peek();
  if (rest.kind !== 'eof') {
    error(whereExpr && orderBy.length === 0 ? `Expecting either 'OR' or 'AND' but got '${shown(rest)}'.` : `Expecting end of query but got '${shown(rest)}'.`, rest);
  }
  return { where: whereExpr, orderBy };
}
