import { parseStorage, type StorageNode } from '../formats/storage';

/**
 * Reading stored storage-format bodies (XHTML with `ac:`/`ri:` elements) for CQL `text ~` and for the `view`
 * representation. Bodies reach here only after `validateStorage` accepted them, so `parseStorage` (the
 * sandbox's one storage parser, with Confluence's entities) cannot fail on them.
 *
 * Storage format: https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
 */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const BLOCK = new Set(['p', 'div', 'br', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'hr', 'table', 'ul', 'ol', 'ac:task']);
/** Elements whose content is configuration, not page text. */
const HIDDEN = new Set(['ac:parameter', 'ac:task-id', 'ac:task-status', 'ac:task-uuid']);
const VOID = new Set(['br', 'hr', 'img', 'col']);

/** Parses a stored (hence valid) storage body; an empty body is no nodes. */
export function parseStored(xhtml: string): StorageNode[] {
  return xhtml.trim() === '' ? [] : parseStorage(xhtml);
}

/** The readable text of nodes, block elements separated by newlines (what Confluence indexes for `text ~`). */
export function nodesText(nodes: readonly StorageNode[]): string {
  let text = '';
  const walk = (n: StorageNode): void => {
    if (n.type === 'text') {
      text += n.text;
      return;
    }
    if (HIDDEN.has(n.name)) return;
    const block = BLOCK.has(n.name);
    if (block) text += '\n';
    n.children.forEach(walk);
    if (block) text += '\n';
  };
  nodes.forEach(walk);
  return text.replace(/[ \t\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/** The readable text of a storage body. */
export function storageToText(xhtml: string): string {
  return nodesText(parseStored(xhtml));
}

function attrs(a: Record<string, string>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
}

function renderView(n: StorageNode): string {
  if (n.type === 'text') return escapeHtml(n.text);
  const inner = (): string => n.children.map(renderView).join('');
  if (HIDDEN.has(n.name)) return '';
  if (!n.name.includes(':')) {
    if (VOID.has(n.name) && n.children.length === 0) return `<${n.name}${attrs(n.attrs)} />`;
    return `<${n.name}${attrs(n.attrs)}>${inner()}</${n.name}>`;
  }
  switch (n.name) {
    case 'ac:structured-macro':
    case 'ac:macro':
    case 'ac:adf-extension':
      return `<div class="conf-macro output-block" data-macro-name="${escapeHtml(n.attrs['ac:name'] ?? 'extension')}">${inner()}</div>`;
    case 'ac:rich-text-body':
      return `<div class="conf-macro-body">${inner()}</div>`;
    case 'ac:plain-text-body':
      return `<pre>${inner()}</pre>`;
    case 'ac:task-list':
      return `<ul class="inline-task-list">${inner()}</ul>`;
    case 'ac:task':
      return `<li>${inner()}</li>`;
    case 'ac:link':
      return `<a class="confluence-link">${inner() || escapeHtml(linkTitle(n))}</a>`;
    case 'ri:url':
      return n.attrs['ri:value'] ? `<img src="${escapeHtml(n.attrs['ri:value'])}" />` : '';
    default:
      // Resource identifiers (ri:page, ri:user, …) name a target; they have no text of their own.
      return n.name.startsWith('ri:') ? '' : inner();
  }
}

function linkTitle(link: StorageNode): string {
  if (link.type !== 'element') return '';
  const target = link.children.find((c) => c.type === 'element' && c.name.startsWith('ri:'));
  return target?.type === 'element' ? (target.attrs['ri:content-title'] ?? target.attrs['ri:account-id'] ?? '') : '';
}

/**
 * Renders storage format to the `view` representation: plain HTML stays as it is, Confluence elements
 * become simple HTML (a macro becomes `<div class="conf-macro" data-macro-name>`, a task list a `<ul>`,
 * an `ac:link` an `<a>`), macro parameters are dropped. The cloud's renderer runs macros; this one doesn't.
 */
export function storageToView(xhtml: string): string {
  return parseStored(xhtml).map(renderView).join('');
}
