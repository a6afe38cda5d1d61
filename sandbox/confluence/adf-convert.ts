import { escapeHtml, nodesText, parseStored } from './xhtml';

/**
 * Conversions between the two body representations the emulator stores. The cloud converts any body to any
 * representation; the sandbox converts:
 *
 * - ADF → storage (and so → view) for the common nodes, Forge extensions as `ac:adf-extension`;
 * - storage → ADF **lossily**: headings and paragraphs keep their text, everything else becomes a paragraph
 *   of its text. Read a page in the representation it was written in when fidelity matters.
 *
 * ADF: https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type?: unknown; attrs?: Record<string, unknown> }>;
  content?: unknown;
}

const asNode = (n: unknown): AdfNode => (n && typeof n === 'object' ? (n as AdfNode) : {});
const children = (n: AdfNode): AdfNode[] => (Array.isArray(n.content) ? n.content.map(asNode) : []);

const BLOCK_TAG: Record<string, string> = {
  paragraph: 'p', bulletList: 'ul', orderedList: 'ol', listItem: 'li', blockquote: 'blockquote', table: 'table',
  tableRow: 'tr', tableHeader: 'th', tableCell: 'td', rule: 'hr', hardBreak: 'br',
};

function renderText(n: AdfNode): string {
  let html = escapeHtml(typeof n.text === 'string' ? n.text : '');
  for (const mark of n.marks ?? []) {
    switch (mark.type) {
      case 'strong': html = `<strong>${html}</strong>`; break;
      case 'em': html = `<em>${html}</em>`; break;
      case 'code': html = `<code>${html}</code>`; break;
      case 'strike': html = `<s>${html}</s>`; break;
      case 'underline': html = `<u>${html}</u>`; break;
      case 'link': html = `<a href="${escapeHtml(String(mark.attrs?.['href'] ?? ''))}">${html}</a>`; break;
      default: break;
    }
  }
  return html;
}

function renderNode(n: AdfNode): string {
  const inner = (): string => children(n).map(renderNode).join('');
  const type = typeof n.type === 'string' ? n.type : '';
  if (type === 'text') return renderText(n);
  if (type === 'heading') {
    const level = Math.min(6, Math.max(1, Number(n.attrs?.['level'] ?? 1)));
    return `<h${level}>${inner()}</h${level}>`;
  }
  if (type === 'rule' || type === 'hardBreak') return `<${BLOCK_TAG[type]} />`;
  if (type === 'codeBlock') {
    const code = children(n).map((c) => (typeof c.text === 'string' ? c.text : '')).join('');
    return `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[${code.replace(/]]>/g, ']]]]><![CDATA[>')}]]></ac:plain-text-body></ac:structured-macro>`;
  }
  if (type === 'panel') return `<ac:structured-macro ac:name="info"><ac:rich-text-body>${inner()}</ac:rich-text-body></ac:structured-macro>`;
  if (type === 'taskList') return `<ac:task-list>${inner()}</ac:task-list>`;
  if (type === 'taskItem') {
    const status = n.attrs?.['state'] === 'DONE' ? 'complete' : 'incomplete';
    return `<ac:task><ac:task-status>${status}</ac:task-status><ac:task-body>${inner()}</ac:task-body></ac:task>`;
  }
  if (type === 'extension' || type === 'bodiedExtension' || type === 'inlineExtension') {
    const key = escapeHtml(String(n.attrs?.['extensionKey'] ?? ''));
    return `<ac:adf-extension ac:name="${key}">${inner()}</ac:adf-extension>`;
  }
  const tag = BLOCK_TAG[type];
  return tag ? `<${tag}>${inner()}</${tag}>` : inner();
}

/** ADF document (already parsed) → storage format. */
export function adfToStorage(doc: unknown): string {
  return children(asNode(doc)).map(renderNode).join('');
}

/** The text of an ADF document, blocks separated by newlines. */
export function adfToText(doc: unknown): string {
  const parts: string[] = [];
  const walk = (n: AdfNode): void => {
    if (typeof n.text === 'string') parts.push(n.text);
    const kids = children(n);
    kids.forEach(walk);
    if (kids.length > 0 && n.type !== 'text') parts.push('\n');
  };
  walk(asNode(doc));
  return parts.join('').replace(/\s*\n\s*/g, '\n').trim();
}

const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/** Storage → a valid ADF document (lossy; see the module comment). */
export function storageToAdf(xhtml: string): { version: 1; type: 'doc'; content: unknown[] } {
  const content: unknown[] = [];
  for (const node of parseStored(xhtml)) {
    const text = nodesText([node]).replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const inline = [{ type: 'text', text }];
    const level = node.type === 'element' ? HEADINGS[node.name] : undefined;
    content.push(level ? { type: 'heading', attrs: { level }, content: inline } : { type: 'paragraph', content: inline });
  }
  return { version: 1, type: 'doc', content };
}
