import { esc, safeHref } from './html';

/**
 * Atlassian Document Format → HTML for the issue view (descriptions, comments), covering the nodes and marks
 * Jira's editor writes (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/). Every text
 * and attribute is escaped; links become `href`s only when http(s)/mailto/same-site; unknown nodes keep their text.
 */

type Node = { type?: unknown; text?: unknown; content?: unknown; attrs?: unknown; marks?: unknown };

const kids = (n: Node): Node[] => (Array.isArray(n.content) ? (n.content as Node[]).filter((c) => c && typeof c === 'object') : []);
const attrs = (n: Node): Record<string, unknown> => (n.attrs && typeof n.attrs === 'object' ? (n.attrs as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const PANEL_TYPES = new Set(['info', 'note', 'warning', 'success', 'error', 'tip', 'custom']);
const STATUS_COLOURS = new Set(['neutral', 'purple', 'blue', 'red', 'yellow', 'green']);
/** A CSS colour from the ADF palette (`#rrggbb`) — anything else is dropped. */
const colour = (v: unknown): string | undefined => (typeof v === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(v) ? v : undefined);

function mark(html: string, m: Node): string {
  const a = attrs(m);
  switch (m.type) {
    case 'strong':
      return `<strong>${html}</strong>`;
    case 'em':
      return `<em>${html}</em>`;
    case 'underline':
      return `<u>${html}</u>`;
    case 'strike':
      return `<s>${html}</s>`;
    case 'code':
      return `<code>${html}</code>`;
    case 'subsup':
      return a['type'] === 'sup' ? `<sup>${html}</sup>` : `<sub>${html}</sub>`;
    case 'textColor':
    case 'backgroundColor':
      // Colours are attribute data, not styles: the host's CSP forbids inline styles, and the text stays readable.
      return colour(a['color']) ? `<span data-${m.type === 'textColor' ? 'text' : 'background'}-color="${esc(a['color'])}">${html}</span>` : html;
    case 'link': {
      const href = safeHref(a['href']);
      return href ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer nofollow">${html}</a>` : html;
    }
    default:
      return html;
  }
}

function inner(n: Node): string {
  return kids(n).map(render).join('');
}

function render(n: Node): string {
  const a = attrs(n);
  switch (n.type) {
    case 'doc':
      return inner(n);
    case 'text': {
      let html = esc(str(n.text));
      for (const m of Array.isArray(n.marks) ? (n.marks as Node[]) : []) if (m && typeof m === 'object') html = mark(html, m);
      return html;
    }
    case 'paragraph':
      return `<p>${inner(n)}</p>`;
    case 'heading': {
      const level = Number(a['level']);
      const h = Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1;
      return `<h${h}>${inner(n)}</h${h}>`;
    }
    case 'bulletList':
      return `<ul>${inner(n)}</ul>`;
    case 'orderedList': {
      const order = Number(a['order']);
      return `<ol${Number.isInteger(order) && order > 1 ? ` start="${order}"` : ''}>${inner(n)}</ol>`;
    }
    case 'listItem':
      return `<li>${inner(n)}</li>`;
    case 'blockquote':
      return `<blockquote>${inner(n)}</blockquote>`;
    case 'codeBlock':
      return `<pre${str(a['language']) ? ` data-language="${esc(a['language'])}"` : ''}><code>${kids(n).map((c) => esc(str(c.text))).join('')}</code></pre>`;
    case 'rule':
      return '<hr>';
    case 'hardBreak':
      return '<br>';
    case 'panel': {
      const type = PANEL_TYPES.has(str(a['panelType'])) ? str(a['panelType']) : 'info';
      return `<div class="panel panel-${type}">${inner(n)}</div>`;
    }
    case 'table':
      return `<table><tbody>${inner(n)}</tbody></table>`;
    case 'tableRow':
      return `<tr>${inner(n)}</tr>`;
    case 'tableHeader':
    case 'tableCell': {
      const tag = n.type === 'tableHeader' ? 'th' : 'td';
      const span = (name: string): string => (Number.isInteger(a[name]) && (a[name] as number) > 1 ? ` ${name}="${a[name] as number}"` : '');
      return `<${tag}${span('colspan')}${span('rowspan')}>${inner(n)}</${tag}>`;
    }
    case 'mention':
      return `<span class="mention">${esc(str(a['text']) || `@${str(a['id'])}`)}</span>`;
    case 'emoji':
      return esc(str(a['text']) || str(a['shortName']));
    case 'status': {
      const c = STATUS_COLOURS.has(str(a['color'])) ? str(a['color']) : 'neutral';
      return `<span class="lozenge ${c === 'neutral' ? 'grey' : c}">${esc(str(a['text']))}</span>`;
    }
    case 'date': {
      const ms = Number(a['timestamp']);
      return `<time>${esc(Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : str(a['timestamp']))}</time>`;
    }
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard': {
      const url = str(a['url']);
      const href = safeHref(url);
      const body = href ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer nofollow">${esc(url)}</a>` : esc(url);
      return n.type === 'inlineCard' ? body : `<p>${body}</p>`;
    }
    case 'expand':
    case 'nestedExpand':
      return `<details class="expand"><summary>${esc(str(a['title']) || 'Expand')}</summary>${inner(n)}</details>`;
    case 'taskList':
      return `<ul class="task-list">${inner(n)}</ul>`;
    case 'taskItem':
      return `<li><input type="checkbox" disabled${a['state'] === 'DONE' ? ' checked' : ''}>${inner(n)}</li>`;
    case 'decisionList':
      return `<ul class="task-list">${inner(n)}</ul>`;
    case 'decisionItem':
      return `<li>&#10003; ${inner(n)}</li>`;
    case 'layoutSection':
      return `<div class="layout-section">${inner(n)}</div>`;
    case 'layoutColumn':
      return `<div class="layout-column">${inner(n)}</div>`;
    case 'mediaSingle':
    case 'mediaGroup':
    case 'mediaInline':
    case 'media':
      return '<span class="macro-placeholder">[attachment]</span>';
    case 'extension':
    case 'bodiedExtension':
    case 'inlineExtension':
      return `<span class="macro-placeholder">[${esc(str(a['extensionKey']) || 'extension')}]</span>`;
    case 'placeholder':
      return '';
    default:
      return inner(n);
  }
}

/** The document as HTML; anything that is not an ADF `doc` renders as nothing. */
export function adfToHtml(doc: unknown): string {
  if (!doc || typeof doc !== 'object' || (doc as Node).type !== 'doc') return '';
  return render(doc as Node);
}
