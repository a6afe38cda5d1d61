/**
 * JQL tokenizer. Follows the lexical rules of Jira's JQL grammar
 * (https://support.atlassian.com/jira-software-cloud/docs/jql-fields/ and "Use advanced search with JQL"):
 * unquoted words may contain letters, digits and `.-_@*:/+` (so `OPS-1`, `-7d`, `2026/11/21` need no quotes),
 * strings are quoted with `"` or `'` and take backslash escapes, `&&`, `||` and `!` are AND, OR and NOT.
 */

export type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'lbracket' | 'rbracket' | 'and' | 'or' | 'not' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The word, the unescaped string, or the operator. */
  text: string;
  /** Offset of the token's first character in the query. */
  pos: number;
}

/** A syntax error; the message already has Jira's "Error in the JQL Query:" prefix and position. */
export class JqlError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
    this.name = 'JqlError';
  }
}

/** Jira's position suffix: 1-based line and character. */
export function where(query: string, pos: number): string {
  const before = query.slice(0, pos);
  const line = before.split('\n').length;
  const character = pos - before.lastIndexOf('\n');
  return `(line ${line}, character ${character})`;
}

const WORD_CHAR = /[A-Za-z0-9_.\-@*:/+\u0080-\uffff]/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', ' ': ' ' };

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const syntax = (message: string, pos: number): never => {
    throw new JqlError([`Error in the JQL Query: ${message} ${where(query, pos)}`]);
  };
  while (i < query.length) {
    const c = query[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const two = query.slice(i, i + 2);
    if (c === '(') tokens.push({ kind: 'lparen', text: c, pos: i++ });
    else if (c === ')') tokens.push({ kind: 'rparen', text: c, pos: i++ });
    else if (c === ',') tokens.push({ kind: 'comma', text: c, pos: i++ });
    else if (c === '[') tokens.push({ kind: 'lbracket', text: c, pos: i++ });
    else if (c === ']') tokens.push({ kind: 'rbracket', text: c, pos: i++ });
    else if (two === '&&') (tokens.push({ kind: 'and', text: two, pos: i }), (i += 2));
    else if (two === '||') (tokens.push({ kind: 'or', text: two, pos: i }), (i += 2));
    else if (two === '!=' || two === '!~' || two === '>=' || two === '<=') (tokens.push({ kind: 'op', text: two, pos: i }), (i += 2));
    else if (c === '=' || c === '>' || c === '<' || c === '~') tokens.push({ kind: 'op', text: c, pos: i++ });
    else if (c === '!') tokens.push({ kind: 'not', text: c, pos: i++ });
    else if (c === '"' || c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= query.length) syntax(`The quoted string '${text}' has not been completed.`, start);
        const ch = query[i] ?? '';
        if (ch === c) {
          i++;
          break;
        }
        if (ch === '\\') {
          const next = query[i + 1] ?? '';
          if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(query.slice(i + 2, i + 6))) {
            text += String.fromCharCode(parseInt(query.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          const esc = ESCAPES[next];
          if (esc === undefined) syntax(`Illegal escape sequence '\\${next}' in the quoted string.`, i);
          text += esc;
          i += 2;
          continue;
        }
        text += ch;
        i++;
      }
      tokens.push({ kind: 'string', text, pos: start });
    } else if (WORD_CHAR.test(c)) {
      while (i < query.length && WORD_CHAR.test(query[i] ?? '')) i++;
      const text = query.slice(start, i);
      const upper = text.toUpperCase();
      tokens.push({ kind: upper === 'AND' ? 'and' : upper === 'OR' ? 'or' : upper === 'NOT' ? 'not' : 'word', text, pos: start });
    } else {
      syntax(`The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead.`, i);
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: query.length });
  return tokens;
}
