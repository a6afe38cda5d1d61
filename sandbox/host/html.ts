/**
 * Escaping for everything the browser host writes into HTML. Every product value (issue summaries, page titles,
 * comment text, macro parameters) is untrusted: it only ever reaches a page through these functions.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value, escaped for HTML. `null`/`undefined` become the empty string. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A URL that may become an `href`: http(s), mailto, or a same-site path (`/browse/OPS-1`). Anything else
 * (`javascript:`, `data:`, protocol-relative `//evil`) gives undefined, and the caller renders plain text.
 */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const u = url.trim();
  if (u.startsWith('/') && !u.startsWith('//') && !u.startsWith('/\\')) return u;
  try {
    const parsed = new URL(u);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? u : undefined;
  } catch {
    return undefined;
  }
}

/** `label` as a link when `url` is safe, else as text. External links open in a new tab, as Atlassian's do. */
export function link(label: string, url: unknown, attrs = ''): string {
  const href = safeHref(url);
  if (href === undefined) return esc(label);
  const external = !href.startsWith('/');
  return `<a href="${esc(href)}"${external ? ' target="_blank" rel="noopener noreferrer nofollow"' : ''}${attrs ? ` ${attrs}` : ''}>${esc(label)}</a>`;
}

/**
 * A value as a JavaScript literal inside an inline `<script>`: JSON with `<`, `>`, `&` and the two JavaScript
 * line terminators escaped, so no value can close the script element or start a comment.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A same-site path to return to after a form post; anything else falls back to `/`. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** A date-time as Atlassian's UIs print it in English, e.g. `12 Jun 2025, 10:23`. */
export function displayTime(iso: unknown, timeZone = 'UTC'): string {
  if (typeof iso !== 'string' && typeof iso !== 'number') return '';
  const d = new Date(typeof iso === 'string' ? iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}
