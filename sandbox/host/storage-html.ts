import { parseStorage, type StorageElement, type StorageNode } from '../formats/storage';
import { esc, safeHref } from './html';

/**
 * Confluence storage format → HTML for the page view (https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html).
 * The storage is parsed as XML (the sandbox's strict parser), then only an allow-list of XHTML elements and
 * attributes is written back, escaped; `ac:`/`ri:` elements become what Confluence shows for them. A Forge macro
 * (`ac:adf-extension`, see src/documents/forge-macro.ts) is handed to `ctx.forgeMacro`, which returns its iframe.
 */

export interface ForgeMacroRef {
  /** `<appId>/<environmentId>/static/<moduleKey>`. */
  extensionKey: string;
  appId: string;
  environmentId: string;
  moduleKey: string;
  /** The macro instance id (`local-id`). */
  localId: string | undefined;
  /** `guest-params` with camelCase keys: the app's `context.extension.config`. */
  config: Record<string, string | string[]>;
  title: string;
}

export interface StorageRenderContext {
  forgeMacro(ref: ForgeMacroRef): string;
  /** What the Jira issue macro shows for a key the person can see (undefined: just the key). */
  issue(key: string): { summary: string; status: string; category: string } | undefined;
  userName(accountId: string): string | undefined;
}

type El = StorageElement;
const isEl = (n: StorageNode): n is El => n.type === 'element';
const kids = (e: El, name: string): El[] => e.children.filter((c): c is El => isEl(c) && c.name === name);
const kid = (e: El, name: string): El | undefined => kids(e, name)[0];
export const textOf = (n: StorageNode): string => (n.type === 'text' ? n.text : n.children.map(textOf).join(''));

const SIMPLE = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'code', 'pre', 'blockquote', 'sub', 'sup', 'span', 'div', 'small', 'time']);
const RENAMED: Record<string, string> = { strike: 's', center: 'div', tt: 'code' };
const PANELS: Record<string, string> = { info: 'info', note: 'note', warning: 'warning', tip: 'tip', panel: 'custom', success: 'success', error: 'error' };
const STATUS_COLOURS: Record<string, string> = { green: 'green', yellow: 'yellow', red: 'red', blue: 'blue', grey: 'grey', purple: 'purple' };

const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function macroParams(e: El): Record<string, string> {
  return Object.fromEntries(kids(e, 'ac:parameter').map((p) => [p.attrs['ac:name'] ?? '', textOf(p)]));
}

/** Every issue key a Jira issue macro on the page names (to look them up before rendering). */
export function jiraKeysOf(nodes: readonly StorageNode[]): string[] {
  const keys = new Set<string>();
  const walk = (n: StorageNode): void => {
    if (!isEl(n)) return;
    if (n.name === 'ac:structured-macro' && n.attrs['ac:name'] === 'jira') {
      const key = macroParams(n)['key']?.trim();
      if (key) keys.add(key.toUpperCase());
    }
    n.children.forEach(walk);
  };
  nodes.forEach(walk);
  return [...keys];
}

/** The Forge macro an `ac:adf-extension` holds, or undefined when it is not one. */
export function forgeMacroOf(e: El): ForgeMacroRef | undefined {
  const node = kids(e, 'ac:adf-node').find((n) => (n.attrs['type'] ?? '').includes('extension'));
  if (!node) return undefined;
  const attribute = (key: string): El | undefined => kids(node, 'ac:adf-attribute').find((a) => a.attrs['key'] === key);
  const extensionKey = attribute('extension-key') ? textOf(attribute('extension-key')!).trim() : '';
  const m = /^([^/\s]+)\/([^/\s]+)\/static\/([^/\s]+)$/.exec(extensionKey);
  if (!m) return undefined;
  const params = attribute('parameters');
  const param = (parent: El | undefined, key: string): El | undefined => (parent ? kids(parent, 'ac:adf-parameter').find((p) => p.attrs['key'] === key) : undefined);
  const config: Record<string, string | string[]> = {};
  for (const p of param(params, 'guest-params') ? kids(param(params, 'guest-params')!, 'ac:adf-parameter') : []) {
    const values = kids(p, 'ac:adf-parameter-value');
    config[camel(p.attrs['key'] ?? '')] = values.length ? values.map(textOf) : textOf(p);
  }
  const localId = param(params, 'local-id') ?? attribute('local-id');
  const title = param(params, 'extension-title') ?? attribute('text');
  return {
    extensionKey,
    appId: m[1]!,
    environmentId: m[2]!,
    moduleKey: m[3]!,
    localId: localId ? textOf(localId).trim() : undefined,
    config,
    title: title ? textOf(title) : m[3]!,
  };
}

function attrsOf(e: El, tag: string): string {
  const out: string[] = [];
  if (tag === 'td' || tag === 'th') {
    for (const name of ['colspan', 'rowspan']) {
      const v = Number(e.attrs[name]);
      if (Number.isInteger(v) && v > 1 && v < 1000) out.push(` ${name}="${v}"`);
    }
  }
  if (tag === 'ol') {
    const v = Number(e.attrs['start']);
    if (Number.isInteger(v)) out.push(` start="${v}"`);
  }
  if (tag === 'time' && e.attrs['datetime']) out.push(` datetime="${esc(e.attrs['datetime'])}"`);
  return out.join('');
}

function macro(e: El, ctx: StorageRenderContext, render: (n: readonly StorageNode[]) => string): string {
  const name = (e.attrs['ac:name'] ?? '').toLowerCase();
  const params = macroParams(e);
  const rich = kid(e, 'ac:rich-text-body');
  const plain = kid(e, 'ac:plain-text-body');
  const body = rich ? render(rich.children) : '';
  if (name === 'jira') {
    const key = (params['key'] ?? '').trim().toUpperCase();
    if (!key) return `<span class="macro-placeholder">Jira issues${params['jqlQuery'] ? `: ${esc(params['jqlQuery'])}` : ''}</span>`;
    const issue = ctx.issue(key);
    const status = issue ? ` <span class="lozenge ${esc(issue.category)}">${esc(issue.status)}</span>` : '';
    return `<span class="jira-issue-macro" data-testid="jira-issue-macro"><a href="/browse/${esc(encodeURIComponent(key))}">${esc(key)}</a>${issue ? ` ${esc(issue.summary)}` : ''}${status}</span>`;
  }
  if (name === 'expand') return `<details class="expand"><summary>${esc(params['title'] || 'Click here to expand...')}</summary>${body}</details>`;
  if (PANELS[name]) {
    const title = params['title'] ? `<div class="panel-title">${esc(params['title'])}</div>` : '';
    return `<div class="panel panel-${PANELS[name]}">${title}${body}</div>`;
  }
  if (name === 'code' || name === 'noformat') return `<pre><code>${esc(plain ? textOf(plain) : rich ? textOf(rich) : '')}</code></pre>`;
  if (name === 'status') return `<span class="lozenge ${STATUS_COLOURS[(params['colour'] ?? params['color'] ?? 'grey').toLowerCase()] ?? 'grey'}">${esc(params['title'] ?? '')}</span>`;
  if (name === 'anchor') return '';
  // Page properties: Confluence shows the body as it is (its table is what a Page Properties Report lists)
  if (name === 'details') return `<div class="page-properties" data-macro="details">${body}</div>`;
  return `<div class="macro-placeholder" data-macro="${esc(name)}">${esc(name || 'macro')} macro${body ? `<div>${body}</div>` : ''}</div>`;
}

function link(e: El, ctx: StorageRenderContext, render: (n: readonly StorageNode[]) => string): string {
  const body = kid(e, 'ac:link-body');
  const plain = kid(e, 'ac:plain-text-link-body');
  const page = kid(e, 'ri:page');
  const user = kid(e, 'ri:user');
  const url = kid(e, 'ri:url');
  const label = body ? render(body.children) : plain ? esc(textOf(plain)) : '';
  if (user) {
    const id = user.attrs['ri:account-id'] ?? user.attrs['ri:userkey'] ?? '';
    return `<span class="mention">${label || esc(`@${ctx.userName(id) ?? id}`)}</span>`;
  }
  if (url) {
    const href = safeHref(url.attrs['ri:value']);
    const text = label || esc(url.attrs['ri:value'] ?? '');
    return href ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer nofollow">${text}</a>` : text;
  }
  if (page) return `<span class="page-link">${label || esc(page.attrs['ri:content-title'] ?? '')}</span>`;
  return label || esc(e.attrs['ac:anchor'] ?? '');
}

function renderNodes(nodes: readonly StorageNode[], ctx: StorageRenderContext): string {
  const render = (n: readonly StorageNode[]): string => renderNodes(n, ctx);
  return nodes
    .map((n): string => {
      if (n.type === 'text') return esc(n.text);
      const name = RENAMED[n.name] ?? n.name;
      // a Confluence date (`<time datetime="2027-01-15"/>`, no text of its own) shows as a date lozenge, as Confluence shows it
      if (name === 'time' && n.children.length === 0 && n.attrs['datetime']) return `<time class="date-lozenge"${attrsOf(n, name)}>${esc(n.attrs['datetime'])}</time>`;
      if (SIMPLE.has(name) || name === 'th' || name === 'td') return `<${name}${attrsOf(n, name)}>${render(n.children)}</${name}>`;
      switch (name) {
        case 'br':
          return '<br>';
        case 'hr':
          return '<hr>';
        case 'a': {
          const href = safeHref(n.attrs['href']);
          const external = href !== undefined && !href.startsWith('/');
          return href ? `<a href="${esc(href)}"${external ? ' target="_blank" rel="noopener noreferrer nofollow"' : ''}>${render(n.children)}</a>` : render(n.children);
        }
        case 'ac:structured-macro':
        case 'ac:macro':
          return macro(n, ctx, render);
        case 'ac:adf-extension': {
          const ref = forgeMacroOf(n);
          return ref ? ctx.forgeMacro(ref) : '<div class="macro-placeholder">This extension is not available.</div>';
        }
        case 'ac:task-list':
          return `<ul class="task-list">${render(n.children)}</ul>`;
        case 'ac:task': {
          const done = textOf(kid(n, 'ac:task-status') ?? { type: 'text', text: '' }).trim() === 'complete';
          const body = kid(n, 'ac:task-body');
          return `<li data-testid="task"><input type="checkbox" disabled${done ? ' checked' : ''}>${body ? render(body.children) : ''}</li>`;
        }
        case 'ac:link':
          return link(n, ctx, render);
        case 'ac:emoticon':
          return esc(n.attrs['ac:emoji-fallback'] ?? `:${n.attrs['ac:name'] ?? ''}:`);
        case 'ac:image':
          return '<span class="macro-placeholder">[image]</span>';
        case 'ac:layout':
        case 'ac:layout-section':
        case 'ac:layout-cell':
          return `<div class="${esc(name.slice(3))}">${render(n.children)}</div>`;
        case 'ac:placeholder':
        case 'ac:parameter':
        case 'ac:adf-fallback':
          return '';
        default:
          return name.startsWith('ri:') ? '' : render(n.children);
      }
    })
    .join('');
}

/** The page body as HTML, or, when the storage is not well-formed, an error and the escaped source. */
export function storageToHtml(xhtml: string, ctx: StorageRenderContext): string {
  let nodes: StorageNode[];
  try {
    nodes = parseStorage(xhtml);
  } catch (e) {
    return `<div class="banner error">This page's storage format cannot be parsed: ${esc((e as Error).message)}</div><pre>${esc(xhtml)}</pre>`;
  }
  return renderNodes(nodes, ctx);
}

export function parseStorageSafe(xhtml: string): StorageNode[] {
  try {
    return parseStorage(xhtml);
  } catch {
    return [];
  }
}
