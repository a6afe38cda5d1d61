import { validateAdf } from '../formats/adf';
import type { AdfDoc } from './model';

/**
 * Jira v3 takes rich-text fields (description, environment, comment bodies) only as ADF documents; a string or an
 * invalid document gets this message on the field (the v2 API is the one that takes wiki markup).
 */
export const NOT_ADF = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

/** `null` when `value` is a valid ADF document, else the validator's reasons. */
export function adfProblems(value: unknown): string[] | null {
  const result = validateAdf(value);
  return result.ok ? null : result.errors;
}

type Node = { type?: unknown; text?: unknown; content?: unknown; attrs?: unknown; marks?: unknown };

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'listItem', 'tableCell', 'tableHeader', 'tableRow', 'panel', 'rule', 'mediaSingle', 'expand', 'decisionItem', 'taskItem']);

function children(node: Node): Node[] {
  return Array.isArray(node.content) ? (node.content as Node[]) : [];
}

function attr(node: Node, name: string): unknown {
  return node.attrs && typeof node.attrs === 'object' ? (node.attrs as Record<string, unknown>)[name] : undefined;
}

/** The document's text (blocks separated by newlines): what JQL text search and changelog strings see. */
export function adfToText(doc: AdfDoc | null): string {
  if (!doc) return '';
  const out: string[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'text' && typeof node.text === 'string') out.push(node.text);
    else if (node.type === 'hardBreak') out.push('\n');
    else if (node.type === 'mention') out.push(String(attr(node, 'text') ?? ''));
    else if (node.type === 'emoji') out.push(String(attr(node, 'text') ?? attr(node, 'shortName') ?? ''));
    else if (node.type === 'inlineCard' || node.type === 'blockCard') out.push(String(attr(node, 'url') ?? ''));
    else if (node.type === 'status' || node.type === 'date') out.push(String(attr(node, 'text') ?? attr(node, 'timestamp') ?? ''));
    for (const child of children(node)) walk(child);
    if (typeof node.type === 'string' && BLOCKS.has(node.type)) out.push('\n');
  };
  walk(doc as Node);
  return out.join('').replace(/\n{2,}/g, '\n').trim();
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const TAGS: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  table: 'table',
  tableRow: 'tr',
  tableCell: 'td',
  tableHeader: 'th',
};

/**
 * A small ADF → HTML rendering for `expand=renderedFields` / `renderedBody`. Jira's renderer is far richer; this
 * covers the common blocks and marks and escapes every text, which is what a UI showing it relies on.
 */
export function adfToHtml(doc: AdfDoc | null): string {
  if (!doc) return '';
  const render = (node: Node): string => {
    const inner = children(node).map(render).join('');
    switch (node.type) {
      case 'doc':
        return inner;
      case 'text': {
        let html = escapeHtml(typeof node.text === 'string' ? node.text : '');
        for (const mark of Array.isArray(node.marks) ? (node.marks as Node[]) : []) {
          if (mark.type === 'strong') html = `<b>${html}</b>`;
          else if (mark.type === 'em') html = `<em>${html}</em>`;
          else if (mark.type === 'code') html = `<tt>${html}</tt>`;
          else if (mark.type === 'strike') html = `<del>${html}</del>`;
          else if (mark.type === 'link') html = `<a href="${escapeHtml(String(attr(mark, 'href') ?? ''))}" class="external-link" rel="nofollow noreferrer">${html}</a>`;
        }
        return html;
      }
      case 'hardBreak':
        return '<br/>';
      case 'rule':
        return '<hr/>';
      case 'heading': {
        const level = Number(attr(node, 'level') ?? 1);
        const h = Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1;
        return `<h${h}>${inner}</h${h}>`;
      }
      case 'codeBlock':
        return `<div class="code panel"><pre>${inner}</pre></div>`;
      default: {
        const tag = typeof node.type === 'string' ? TAGS[node.type] : undefined;
        if (tag) return `<${tag}>${inner}</${tag}>`;
        const text = adfToText({ type: 'doc', version: 1, content: [node] });
        return inner || escapeHtml(text);
      }
    }
  };
  return render(doc as Node);
}
