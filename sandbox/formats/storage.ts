import { decode } from 'html-entities';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Confluence storage format (https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html):
 * XHTML-based XML with `ac:` (macros, tasks, links) and `ri:` (resource identifiers) elements.
 *
 * The cloud parses storage with a strict, namespace-aware XML parser (its rejections read
 * `Error parsing xhtml: Unexpected character ... expecting a semi-colon after the reference for entity`),
 * with the `ac`/`ri` prefixes pre-declared and the XHTML 1.0 named entities (`&nbsp;`, `&mdash;`, …)
 * defined, as the XHTML DTD defines them. This module does the same with `saxes`, a conformant XML 1.0
 * parser: fast-xml-parser's validator was not strict enough (it accepts `&bogus;`, a raw `]]>` in
 * text, and `<` or a bare `&` inside attribute values, all of which the cloud rejects).
 */

export type StorageNode = StorageElement | StorageText;

export interface StorageElement {
  type: 'element';
  /** Qualified name as written, e.g. `p` or `ac:structured-macro`. */
  name: string;
  /** Attributes by qualified name, values with entities decoded, e.g. `{ 'ac:name': 'jira' }`. */
  attrs: Record<string, string>;
  children: StorageNode[];
}

export interface StorageText {
  type: 'text';
  /** Entities decoded (`&nbsp;` is U+00A0). */
  text: string;
  /** True for a `<![CDATA[...]]>` section (e.g. inside `ac:plain-text-body`). */
  cdata?: true;
}

export type StorageResult = { ok: true } | { ok: false; errors: string[] };

export class StorageParseError extends Error {
  constructor(readonly errors: string[]) {
    super(`Invalid storage format: ${errors.join('; ')}`);
    this.name = 'StorageParseError';
  }
}

/** Namespace URIs Confluence binds the storage prefixes to. */
const NAMESPACES = {
  ac: 'http://atlassian.com/content',
  ri: 'http://atlassian.com/resource/identifier',
};

const MAX_ERRORS = 10;

/**
 * Checks that `xhtml` is well-formed storage format, as if wrapped in a root element declaring the
 * `ac`/`ri` prefixes. Every error carries its line and column, e.g.
 * `line 1, column 12: undefined entity '&bogus;'`.
 */
export function validateStorage(xhtml: string): StorageResult {
  const { errors } = run(xhtml);
  return errors.length ? { ok: false, errors } : { ok: true };
}

/**
 * Parses storage format into a plain element/text tree (comments and processing instructions are
 * dropped). Throws {@link StorageParseError} when the input is not well-formed.
 */
export function parseStorage(xhtml: string): StorageNode[] {
  const { errors, nodes } = run(xhtml);
  if (errors.length) throw new StorageParseError(errors);
  return nodes;
}

/** Writes a tree from {@link parseStorage} back as storage format (`&`, `<`, `>` and `"` escaped). */
export function serializeStorage(nodes: readonly StorageNode[]): string {
  return nodes.map(serializeNode).join('');
}

function serializeNode(node: StorageNode): string {
  if (node.type === 'text') {
    return node.cdata ? `<![CDATA[${node.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>` : escapeText(node.text);
  }
  const attrs = Object.entries(node.attrs).map(([k, v]) => ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`).join('');
  return node.children.length ? `<${node.name}${attrs}>${serializeStorage(node.children)}</${node.name}>` : `<${node.name}${attrs} />`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function run(xhtml: string): { errors: string[]; nodes: StorageNode[] } {
  const parser = new SaxesParser({ xmlns: true, fragment: true, additionalNamespaces: NAMESPACES });
  let unknownEntity: string | undefined;
  // saxes looks named entities up in `ENTITIES`; answering from the XHTML 1.0 (= HTML 4) table makes
  // `&nbsp;` and friends work and leaves anything else an "undefined entity" error, as in Confluence.
  parser.ENTITIES = new Proxy<Record<string, string>>(Object.create(null) as Record<string, string>, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      const value = xhtmlEntity(name);
      if (value === undefined) unknownEntity = name;
      return value;
    },
  });

  const errors: string[] = [];
  const root: StorageElement = { type: 'element', name: '#root', attrs: {}, children: [] };
  const stack: StorageElement[] = [root];
  const top = (): StorageElement => stack[stack.length - 1] ?? root;

  parser.on('error', (error) => {
    if (errors.length < MAX_ERRORS) errors.push(describe(error.message, unknownEntity));
    unknownEntity = undefined;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) attrs[attr.name] = attr.value;
    const element: StorageElement = { type: 'element', name: tag.name, attrs, children: [] };
    top().children.push(element);
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (!tag.isSelfClosing && stack.length > 1) stack.pop();
  });
  parser.on('text', (text) => top().children.push({ type: 'text', text }));
  parser.on('cdata', (text) => top().children.push({ type: 'text', text, cdata: true }));

  for (const bad of bareAmpersands(xhtml)) if (errors.length < MAX_ERRORS) errors.push(bad);
  if (errors.length) return { errors, nodes: [] };
  try {
    parser.write(xhtml).close();
  } catch (error) {
    // saxes reports through the handler; a throw here would be a parser bug, still a rejection.
    if (errors.length === 0) errors.push(error instanceof Error ? error.message : String(error));
  }
  return { errors, nodes: root.children };
}

/**
 * saxes reads a reference up to the next `;`, so for `a & b</p>` it swallows the rest of the input and
 * reports a confusing "unclosed tag" at the end. A bare `&` is the most common storage mistake (URLs
 * with query strings in `href`), so it is found first and reported where it is.
 */
function bareAmpersands(xhtml: string): string[] {
  const errors: string[] = [];
  // Skip CDATA sections, comments and processing instructions, where `&` is literal.
  const scanner = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|&(?![A-Za-z_][\w.-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g;
  for (const match of xhtml.matchAll(scanner)) {
    if (match[0] !== '&') continue;
    const before = xhtml.slice(0, match.index);
    const line = before.split('\n').length;
    const column = match.index - before.lastIndexOf('\n');
    errors.push(`line ${line}, column ${column}: '&' must start an entity or character reference (write '&amp;' for a literal ampersand)`);
  }
  return errors;
}

/** saxes says `1:12: undefined entity.`; this says `line 1, column 12: undefined entity '&bogus;'`. */
function describe(message: string, unknownEntity: string | undefined): string {
  const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
  if (!m) return message;
  let text = (m[3] ?? '').replace(/\.$/, '');
  if (text === 'undefined entity' && unknownEntity) text = `undefined entity '&${unknownEntity};'`;
  return `line ${m[1]}, column ${m[2]}: ${text}`;
}

const XML_PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The expansion of an XML predefined or XHTML 1.0 named entity (`nbsp` → U+00A0); undefined for anything else. */
function xhtmlEntity(name: string): string | undefined {
  const predefined = XML_PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) return undefined;
  const reference = `&${name};`;
  // html-entities' `html4` level is exactly the XHTML 1.0 lat1/symbol/special set; `strict` requires the `;`.
  const decoded = decode(reference, { level: 'html4', scope: 'strict' });
  return decoded === reference ? undefined : decoded;
}
