/**
 * JQL string literals. Anything that did not come from Kaizen's own code (a project key from settings, an id
 * derived from alert text) goes into JQL only through {@link jqlString}, never by concatenation.
 *
 * The escaping follows Jira's own encoder (`JqlStringSupportImpl.encodeAsQuotedString` and the JQL grammar's
 * escapes: `\"`, `\'`, `\\`, `\n`, `\r`, `\t`, `\uXXXX`): a backslash and a double quote are escaped, line breaks
 * and tabs are written as escapes, and the characters the grammar refuses even inside quotes (C0/C1 controls and
 * the non-characters U+FDD0–U+FDEF, U+FFFE, U+FFFF) as `\uXXXX`. Everything else — Japanese, emoji, single
 * quotes, JQL words and operators — is literal inside double quotes.
 *
 * https://support.atlassian.com/jira-software-cloud/docs/use-advanced-search-with-jira-query-language-jql/
 */

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function isJqlControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0xfdd0 && code <= 0xfdef) || code === 0xfffe || code === 0xffff;
}

/** `value` as a double-quoted JQL string literal, e.g. `say "hi"` → `"say \"hi\""`. */
export function jqlString(value: string): string {
  let out = '"';
  // By UTF-16 unit: surrogate pairs pass through unchanged (they are neither escapes nor controls).
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (isJqlControl(ch.charCodeAt(0))) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
