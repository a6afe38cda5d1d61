/**
 * Storage-format building blocks shared by the page renderers (https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html).
 * All return {@link XNode}s; untrusted strings only ever become text or attribute values of the serializer.
 */
import { el, text, type XChild, type XElement, type XNode } from './xhtml';
import { cleanText, safeHref } from './text';

/**
 * Instructional text (`ac:placeholder`): shown in grey in the editor and gone as soon as a person types there —
 * the "empty prompt" of a template section. Confluence keeps it out of the page's view and export.
 */
export function placeholder(prompt: string): XElement {
  return el('ac:placeholder', {}, prompt);
}

/** `label` as a link when `url` is http(s), else as plain text (a `javascript:` URL never becomes an `href`). */
export function anchor(label: string, url: string | undefined): XNode {
  const href = safeHref(url);
  return href === undefined ? text(label) : el('a', { href }, label);
}

/** Text with its line breaks kept as `<br/>`; never interpreted as markup. */
export function textLines(value: string): XChild[] {
  const out: XChild[] = [];
  cleanText(value)
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) out.push(el('br'));
      out.push(line);
    });
  return out;
}

/**
 * A cell whose content is wrapped in a paragraph, as the Confluence editor writes cells (`<td><p>…</p></td>`);
 * an empty cell is `<td><p/></td>`, a place for a person to type.
 */
export function cell(tag: 'td' | 'th', ...content: XChild[]): XElement {
  return el(tag, {}, el('p', {}, ...content));
}

/** A table with a header row. */
export function simpleTable(header: readonly string[], rows: readonly (readonly XChild[])[]): XElement {
  return el(
    'table',
    {},
    el('tbody', {}, el('tr', {}, header.map((h) => cell('th', h))), rows.map((row) => el('tr', {}, row.map((c) => cell('td', c))))),
  );
}

/** A built-in macro (`ac:structured-macro`) with plain parameters and an optional rich-text body. */
export function structuredMacro(
  name: string,
  options: { macroId?: string; params?: Readonly<Record<string, string>>; body?: readonly XChild[] } = {},
): XElement {
  const params = Object.entries(options.params ?? {}).map(([key, value]) => el('ac:parameter', { 'ac:name': key }, value));
  return el(
    'ac:structured-macro',
    { 'ac:name': name, 'ac:schema-version': '1', 'ac:macro-id': options.macroId },
    params,
    options.body && el('ac:rich-text-body', {}, ...options.body),
  );
}
