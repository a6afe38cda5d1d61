/**
 * What Forge SQL's front checks before a query reaches the database: how many statements it holds and what kind
 * each is. A small lexer, enough for the checks: strings ('…', "…", with backslash escapes and doubled quotes),
 * quoted identifiers (`…`), and comments (`-- `, `#`, `/* … *\/`) are skipped, so a `;` or a keyword inside them
 * never counts.
 */

export type StatementKind = 'read' | 'dml' | 'ddl' | 'policy' | 'other';

export interface StatementInfo {
  /** Non-empty statements in the text (a trailing `;` does not start another one). */
  statements: number;
  /** The first keyword of the (first) statement, upper-cased. */
  keyword: string;
  kind: StatementKind;
  /** The text with strings, quoted identifiers and comments blanked (keywords and structure kept). */
  code: string;
}

const READ = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'VALUES', 'TABLE']);
const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE']);
const DDL = new Set(['CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME']);
/** Statements the query policy (storage-reference/sql-query-policy) refuses outright, whatever follows. */
const POLICY = new Set(['USE', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'LOCK', 'UNLOCK', 'GRANT', 'REVOKE', 'LOAD', 'HANDLER', 'KILL', 'FLUSH', 'INSTALL', 'UNINSTALL', 'SHUTDOWN']);

/** Blanks strings, quoted identifiers and comments (each replaced by a space or `''`), and splits on top-level `;`. */
export function scan(sql: string): { code: string; parts: string[] } {
  let code = '';
  const parts: string[] = [];
  let current = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '\\' && c !== '`') j += 2;
        else if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j++;
      }
      const blank = c === '`' ? '`x`' : "''";
      code += blank;
      current += blank;
      i = j + 1;
      continue;
    }
    if ((c === '-' && next === '-' && (sql[i + 2] === undefined || /\s/.test(sql[i + 2]!))) || c === '#') {
      while (i < n && sql[i] !== '\n') i++;
      code += ' ';
      current += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      code += ' ';
      current += ' ';
      continue;
    }
    if (c === ';') {
      parts.push(current);
      current = '';
      code += ';';
      i++;
      continue;
    }
    code += c;
    current += c;
    i++;
  }
  parts.push(current);
  return { code, parts: parts.filter((p) => p.trim() !== '') };
}

export function analyse(sql: string): StatementInfo {
  const { code, parts } = scan(sql);
  const first = (parts[0] ?? '').replace(/^[\s(]+/, '');
  const keyword = (/^[A-Za-z_]+/.exec(first)?.[0] ?? '').toUpperCase();
  let kind: StatementKind = 'other';
  if (READ.has(keyword)) kind = 'read';
  else if (DML.has(keyword)) kind = 'dml';
  else if (DDL.has(keyword)) kind = /^ALTER\s+USER\b/i.test(first) ? 'policy' : 'ddl';
  else if (POLICY.has(keyword)) kind = 'policy';
  // SET: only user-variable assignments (`SET @v = …`) pass the query policy
  else if (keyword === 'SET') kind = /^SET\s+@(?!@)/i.test(first) ? 'other' : 'policy';
  return { statements: parts.length, keyword, kind, code };
}

/** A FOREIGN KEY constraint or a column's `REFERENCES t(…)`, outside strings and comments. */
export function declaresForeignKey(code: string): boolean {
  return /\bFOREIGN\s+KEY\b/i.test(code) || /\bREFERENCES\s+(`x`|\w+)(\s*\.\s*(`x`|\w+))?\s*\(/i.test(code);
}
