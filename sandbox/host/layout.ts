import { SANDBOX_USERS } from '../core/product';
import { HOST_PAGE_CSP } from './csp';
import type { Frame } from './frames';
import { esc } from './html';
import { LOCALES, type Session } from './session';

/**
 * The chrome every host page shares: a product top bar (Jira / Confluence areas), the user and locale switchers
 * and the theme toggle, the flag area, and the iframe markup for app frames. The host's texts are English only:
 * they stand in for Atlassian's own UI, which the app does not translate.
 */

export type Area = 'home' | 'jira' | 'dashboards' | 'apps' | 'confluence';

export interface PageOptions {
  title: string;
  session: Session;
  /** The current path and query (where the switchers return to). */
  returnTo: string;
  area: Area;
  body: string;
  status?: number;
}

const NAV: Array<[Area, string, string]> = [
  ['home', '/', 'Home'],
  ['dashboards', '/jira/dashboards', 'Dashboards'],
  ['apps', '/jira/settings/apps', 'Apps'],
  ['confluence', '/wiki/spaces', 'Confluence'],
];

const THEME_ATTRS = 'dark:dark light:light spacing:spacing typography:typography shape:shape';

function switchers(session: Session, returnTo: string): string {
  const back = `<input type="hidden" name="return" value="${esc(returnTo)}">`;
  const users = SANDBOX_USERS.map(
    (u) => `<option value="${esc(u.accountId)}"${u.accountId === session.user.accountId ? ' selected' : ''}>${esc(u.displayName)}${u.canEdit ? '' : ' (viewer)'}</option>`,
  ).join('');
  const locales = LOCALES.map((l) => `<option value="${l}"${l === session.locale ? ' selected' : ''}>${l}</option>`).join('');
  const dark = session.colorMode === 'dark';
  return (
    `<form method="post" action="/__sandbox/host/session">${back}<label for="user-switcher">User</label>` +
    `<select id="user-switcher" name="user" data-testid="user-switcher" data-autosubmit>${users}</select><noscript><button>Switch</button></noscript></form>` +
    `<form method="post" action="/__sandbox/host/session">${back}<label for="locale-switcher">Language</label>` +
    `<select id="locale-switcher" name="locale" data-testid="locale-switcher" data-autosubmit>${locales}</select><noscript><button>Set</button></noscript></form>` +
    `<form method="post" action="/__sandbox/host/session">${back}<input type="hidden" name="theme" value="${dark ? 'light' : 'dark'}">` +
    `<button type="submit" data-testid="theme-toggle" aria-pressed="${dark}">${dark ? 'Light theme' : 'Dark theme'}</button></form>`
  );
}

/** A whole host page as a response, with the host's strict CSP (no inline script or style anywhere). */
export function renderPage(o: PageOptions): Response {
  const nav = NAV.map(([area, href, label]) => `<a href="${href}"${area === o.area ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  const html =
    `<!doctype html><html lang="en" data-color-mode="${o.session.colorMode}" data-theme="${THEME_ATTRS}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(o.title)} - Kaizen sandbox</title><link rel="icon" href="data:,">` +
    `<link rel="stylesheet" href="/__sandbox/host/tokens.css"><link rel="stylesheet" href="/__sandbox/host/host.css">` +
    `<script src="/__sandbox/host/host.js" defer></script></head><body data-account-id="${esc(o.session.user.accountId)}" data-locale="${o.session.locale}">` +
    `<header class="topnav"><a class="brand" href="/"><span class="logo"></span>Kaizen sandbox</a><nav aria-label="Products">${nav}</nav>` +
    `<div class="controls">${switchers(o.session, o.returnTo)}</div></header>` +
    `${o.body}<div class="flags" data-testid="flags" aria-live="polite"></div></body></html>`;
  return new Response(html, {
    status: o.status ?? 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': HOST_PAGE_CSP, 'Cache-Control': 'no-store' },
  });
}

/** The `sandbox` attribute of app iframes: the flags Forge's CSP `sandbox` directive grants. */
export const FRAME_SANDBOX = 'allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-same-origin allow-scripts';

/** The iframe of a registered frame; `data-testid="frame-<moduleKey>"` unless a test id is given. */
export function frameTag(frame: Frame, title: string, extra: Record<string, string> = {}): string {
  const attrs: Record<string, string> = {
    class: 'frame',
    src: `/__sandbox/frame/${frame.id}`,
    title,
    'data-frame-id': frame.id,
    'data-testid': `frame-${frame.module.key}`,
    'data-module-key': frame.module.key,
    'data-module-type': frame.module.type,
    'data-frame-state': 'loading',
    sandbox: FRAME_SANDBOX,
    ...extra,
  };
  return `<iframe ${Object.entries(attrs).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')}></iframe>`;
}

/** A "nothing here" page body (404s, missing permissions), shaped like the products' empty states. */
export function messageBody(title: string, detail: string, testId = 'host-message'): string {
  return `<main class="content narrow" data-testid="${esc(testId)}"><h1>${esc(title)}</h1><p class="subtle">${esc(detail)}</p><p><a href="/">Back to home</a></p></main>`;
}
