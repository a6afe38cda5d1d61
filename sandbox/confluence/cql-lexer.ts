/**
 * Tokenizer for the CQL subset the emulator understands.
 * CQL: https://developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/
 */

export type CqlTokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

/** One lexical token. */
export interface CqlToken {
  kind: CqlTokenKind;
  /** The token's text; for `string`, the unquoted, unescaped content. */
  text: string;
  /** Offset in the query, for error messages. */
  pos: number;
}

/** A query that is not CQL (answered 400 "Could not parse cql"). */
export class CqlSyntaxError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
    this.name = 'CqlSyntaxError';
  }
}

const OPERATORS = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'] as const;
/** Characters that end an unquoted word. */
const WORD_END = /[\s()=!~<>,"']/;

/** Splits a query into tokens; keywords stay `word`s, the parser reads them case-insensitively. */
export function tokenizeCql(input: string): CqlToken[] {
  const tokens: CqlToken[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, pos: i });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new CqlSyntaxError(`Unterminated string starting at position ${start}`, start);
        const ch = input[i] ?? '';
        if (ch === '\\') {
          // CQL escapes quotes and backslashes with a backslash: "say \"hi\""
          text += input[i + 1] ?? '';
          i += 2;
        } else if (ch === c) {
          i++;
          break;
        } else {
          text += ch;
          i++;
        }
      }
      tokens.push({ kind: 'string', text, pos: start });
      continue;
    }
    if (c === '!') throw new CqlSyntaxError(`Unexpected '!' at position ${i}`, i);
    const start = i;
    while (i < input.length && !WORD_END.test(input[i] ?? '')) i++;
    tokens.push({ kind: 'word', text: input.slice(start, i), pos: start });
  }
  tokens.push({ kind: 'eof', text: '', pos: input.length });
  return tokens;
}
