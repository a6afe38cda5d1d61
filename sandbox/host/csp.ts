import { createHash } from 'node:crypto';
import type { AppConfig } from './app-config';

/**
 * The Content-Security-Policy of Custom UI resources, shaped like the one Forge's CDN sends (@forge/csp 6.3
 * `CSPInjectionService.getInjectableCSP` + `CSPProcessingService.getCspDetails`), with the Atlassian CDN and media
 * hosts left out (nothing here reaches them):
 * - scripts only from the resource itself, plus the SHA-256 of every inline script of the document (Forge hashes
 *   the inline scripts of `index.html`; the host's bootstrap is one of them), unless `permissions.content.scripts`
 *   has `unsafe-inline` (a hash would switch that off in the browser, so Forge then adds none);
 * - styles only from the resource, `'unsafe-inline'` only with `permissions.content.styles: [unsafe-inline]`;
 * - `connect-src 'self'`: no remote host unless `permissions.external.fetch.client` names it;
 * - `permissions.external.*` domains added to the matching directives, as Forge does.
 */

const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts';
const QUOTED_SCRIPT_KEYWORDS = ['unsafe-inline', 'unsafe-eval', 'unsafe-hashes'];
const HASH = /^sha(256|384|512)-[A-Za-z0-9+/=]+$/;
/** Forge's own filter for values from the manifest (`CSPProcessingService.isSafeCsp`). */
const SAFE = /^([a-zA-Z0-9='"+/ -]|blob:)*$/;

export function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/**
 * The text of every inline `<script>` (no `src`) of an HTML document, as the browser hashes it: the HTML parser
 * turns CR LF and lone CR into LF before the script text exists, so a checkout with CRLF endings hashes the same.
 */
export function inlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.replace(/\r\n?/g, '\n').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '')) continue;
    if (m[2]) out.push(m[2]);
  }
  return out;
}

function externalHosts(app: AppConfig, name: string): string[] {
  const raw = name === 'fetch' ? (app.external['fetch'] as Record<string, unknown> | undefined)?.['client'] : app.external[name];
  if (!Array.isArray(raw)) return [];
  return raw
    .map((e: unknown) => (typeof e === 'string' ? e : e && typeof e === 'object' ? (e as Record<string, unknown>)['address'] : undefined))
    .filter((e): e is string => typeof e === 'string' && /^[\w.*:/-]+$/.test(e));
}

/** The policy for a resource document whose inline scripts are `inline` (the bootstrap and the app's own). */
export function resourceCsp(app: AppConfig, inline: readonly string[]): string {
  const userScripts = app.contentScripts.filter((s) => SAFE.test(s) && (QUOTED_SCRIPT_KEYWORDS.includes(s) || s === 'blob:' || HASH.test(s)));
  const unsafeInline = userScripts.includes('unsafe-inline');
  const hashes = unsafeInline ? [] : [...new Set(inline.map(sha256))];
  const scriptSrc = [
    "'self'",
    ...userScripts.map((s) => (s === 'blob:' ? s : `'${s}'`)),
    ...hashes.map((h) => `'${h}'`),
    ...externalHosts(app, 'scripts'),
  ];
  const styleSrc = ["'self'", ...(app.contentStyles.includes('unsafe-inline') ? ["'unsafe-inline'"] : []), ...externalHosts(app, 'styles')];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['frame-ancestors', ["'self'"]],
    ['frame-src', ["'self'", ...externalHosts(app, 'frames')]],
    ['font-src', ["'self'", ...externalHosts(app, 'fonts')]],
    ['img-src', ["'self'", 'data:', 'blob:', ...externalHosts(app, 'images')]],
    ['media-src', ["'self'", 'data:', 'blob:', ...externalHosts(app, 'media')]],
    ['connect-src', ["'self'", ...externalHosts(app, 'fetch')]],
    ['script-src', [...new Set(scriptSrc)]],
    ['style-src', styleSrc],
    ['form-action', ["'self'"]],
    ['sandbox', [SANDBOX]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The host's own pages: no inline script or style at all, frames only from the sandbox. */
export const HOST_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
