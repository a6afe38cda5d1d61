import type { Hono } from 'hono';
import { SANDBOX_USERS, type SandboxUser } from '../core/product';
import { safeReturnPath } from './html';

/**
 * The browser host's session, in three cookies: who the person is (one of the seeded users), the locale the
 * frames get, and the colour mode. There is no login: switching user is a form post (or a GET, handy in tests):
 *   POST /__sandbox/host/session   user=<accountId>&locale=ja-JP&theme=dark&return=/browse/OPS-1
 *   GET  /__sandbox/host/session?user=557058:viewer-vic&return=/wiki/spaces/OPS
 * Switching user drops the locale override, so each person starts in their own profile language.
 */

export const LOCALES = ['en-US', 'ja-JP'] as const;
export type Locale = (typeof LOCALES)[number];
export type ColorMode = 'light' | 'dark';

export const COOKIE = { user: 'kaizen_sandbox_user', locale: 'kaizen_sandbox_locale', theme: 'kaizen_sandbox_theme' } as const;

export interface Session {
  user: SandboxUser;
  locale: Locale;
  colorMode: ColorMode;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

const userById = (id: string | undefined): SandboxUser | undefined => SANDBOX_USERS.find((u) => u.accountId === id);
const isLocale = (v: unknown): v is Locale => (LOCALES as readonly unknown[]).includes(v);

/** A profile locale (`ja_JP`) as Forge hands it to apps (`ja-JP`). */
export const profileLocale = (u: SandboxUser): Locale => (u.locale === 'ja_JP' ? 'ja-JP' : 'en-US');

export function readSession(cookieHeader: string | undefined): Session {
  const c = parseCookies(cookieHeader);
  const user = userById(c[COOKIE.user]) ?? SANDBOX_USERS[0]!;
  const locale = isLocale(c[COOKIE.locale]) ? c[COOKIE.locale] : profileLocale(user);
  return { user, locale: locale as Locale, colorMode: c[COOKIE.theme] === 'dark' ? 'dark' : 'light' };
}

/** The seeded user a browser session names, for REST calls the browser makes itself (`fetch('/rest/api/3/…')`). */
export function sessionAccountId(cookieHeader: string | undefined): string | undefined {
  return userById(parseCookies(cookieHeader)[COOKIE.user])?.accountId;
}

const cookie = (name: string, value: string | undefined): string =>
  value === undefined ? `${name}=; Path=/; Max-Age=0; SameSite=Lax` : `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax`;

/** The `Set-Cookie` headers for a switch; unknown values are ignored rather than stored. */
export function switchCookies(input: { user?: unknown; locale?: unknown; theme?: unknown }): string[] {
  const out: string[] = [];
  const user = typeof input.user === 'string' ? userById(input.user) : undefined;
  if (user) out.push(cookie(COOKIE.user, user.accountId));
  if (isLocale(input.locale)) out.push(cookie(COOKIE.locale, input.locale));
  else if (user) out.push(cookie(COOKIE.locale, undefined));
  if (input.theme === 'light' || input.theme === 'dark') out.push(cookie(COOKIE.theme, input.theme));
  return out;
}

export function sessionRoutes(app: Hono): void {
  const answer = (input: Record<string, unknown>): Response => {
    const headers = new Headers({ Location: safeReturnPath(input['return']) });
    for (const c of switchCookies(input)) headers.append('Set-Cookie', c);
    return new Response(null, { status: 303, headers });
  };
  app.post('/__sandbox/host/session', async (c) => answer(await c.req.parseBody()));
  app.get('/__sandbox/host/session', (c) => answer(c.req.query()));
}
