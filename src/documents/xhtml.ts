/**
 * Confluence storage format (https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html) built as
 * a tree and written by a real XML serializer (`xmlbuilder2`), so every text and attribute is escaped by
 * construction: a `<script>`, `]]>` or `</ac:structured-macro>` in an alert can only ever come out as text.
 *
 * Storage is an XML fragment whose `ac:` and `ri:` prefixes Confluence pre-declares; it must contain no `xmlns`
 * declarations of its own and no XML declaration. The serializer needs the prefixes bound, so the tree is written
 * inside a wrapper element that declares them, and the wrapper's own start and end tags (fixed strings written by
 * this module) are cut off again. Everything between them is the serializer's output, unchanged.
 */
import { create } from 'xmlbuilder2';
import { cleanText } from './text';

/** The namespace URIs Confluence binds the storage prefixes to. */
export const STORAGE_NAMESPACES = {
  ac: 'http://atlassian.com/content',
  ri: 'http://atlassian.com/resource/identifier',
} as const;

export interface XElement {
  readonly kind: 'element';
  /** Qualified name as Confluence writes it: `p`, `ac:structured-macro`, `ri:page`. */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
}

export interface XText {
  readonly kind: 'text';
  readonly text: string;
}

export type XNode = XElement | XText;

/** What {@link el} accepts as children: nodes, strings (become text), nested arrays, and skipped `false`/nullish. */
export type XChild = XNode | string | false | null | undefined | readonly XChild[];

/**
 * An element. Attributes whose value is `undefined` are left out. Attribute values are single-line by nature here
 * (ids, names, URLs); line breaks in one are written as spaces, as XML attribute normalisation would read them.
 */
export function el(name: string, attrs: Readonly<Record<string, string | undefined>> = {}, ...children: XChild[]): XElement {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) kept[key] = value;
  return { kind: 'element', name, attrs: kept, children: flatten(children) };
}

/** A text node (escaped when written). */
export function text(value: string): XText {
  return { kind: 'text', text: value };
}

function flatten(children: readonly XChild[]): XNode[] {
  const out: XNode[] = [];
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (typeof child === 'string') {
      if (child !== '') out.push(text(child));
    } else if (Array.isArray(child)) out.push(...flatten(child as readonly XChild[]));
    else out.push(child as XNode);
  }
  return out;
}

const WRAPPER = 'kaizen-storage-fragment';
const OPEN = `<${WRAPPER} xmlns:ac="${STORAGE_NAMESPACES.ac}" xmlns:ri="${STORAGE_NAMESPACES.ri}">`;
const CLOSE = `</${WRAPPER}>`;
const EMPTY = `<${WRAPPER} xmlns:ac="${STORAGE_NAMESPACES.ac}" xmlns:ri="${STORAGE_NAMESPACES.ri}"/>`;

/**
 * Writes nodes as a storage-format fragment. `wellFormed` serialisation makes xmlbuilder2 refuse anything that would
 * not parse back (a bug here, never input: text is cleaned of XML-forbidden characters first).
 */
export function serializeStorage(nodes: readonly XNode[]): string {
  const root = create().ele(WRAPPER, { 'xmlns:ac': STORAGE_NAMESPACES.ac, 'xmlns:ri': STORAGE_NAMESPACES.ri });
  for (const node of nodes) append(root, node);
  const xml = root.end({ headless: true, wellFormed: true, prettyPrint: false });
  if (xml === EMPTY) return '';
  if (!xml.startsWith(OPEN) || !xml.endsWith(CLOSE)) throw new Error('xhtml: unexpected serializer output around the fragment');
  return xml.slice(OPEN.length, xml.length - CLOSE.length);
}

type Builder = ReturnType<typeof create>;

/**
 * xmlbuilder2 quirk: it escapes `<`, `>` (and `"` in attributes) but deliberately leaves an `&` that already looks
 * like a reference (`&name;`, `&#60;`) as is ("no double encoding"). For untrusted text that is wrong both ways:
 * `&amp;` would come out as `&`, and `&bogus;` as an undefined entity that makes Confluence reject the whole page.
 * Handing it every `&` as `&amp;` — which it then keeps — makes its output exactly the XML escaping of the text.
 */
function ampersandsEscaped(value: string): string {
  return value.replace(/&/g, '&amp;');
}

function append(parent: Builder, node: XNode): void {
  if (node.kind === 'text') {
    parent.txt(ampersandsEscaped(cleanText(node.text)));
    return;
  }
  const child = parent.ele(namespaceOf(node.name), node.name);
  for (const [name, value] of Object.entries(node.attrs)) {
    child.att(namespaceOf(name), name, ampersandsEscaped(cleanText(value).replace(/[\t\n\r]/g, ' ')));
  }
  for (const grandchild of node.children) append(child, grandchild);
}

/** `ac:`/`ri:` names are in Confluence's namespaces; plain XHTML names in none (storage has no default namespace). */
function namespaceOf(qualifiedName: string): string | null {
  const colon = qualifiedName.indexOf(':');
  if (colon < 0) return null;
  const prefix = qualifiedName.slice(0, colon);
  if (prefix === 'ac' || prefix === 'ri') return STORAGE_NAMESPACES[prefix];
  throw new Error(`xhtml: unknown prefix in '${qualifiedName}'`);
}
